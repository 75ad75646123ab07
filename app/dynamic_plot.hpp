#pragma once
/// @file dynamic_plot.hpp
/// @brief `dynamic --plot`: the output path of the hit and most affected economies of one
/// scenario, relative to their output before the events, as a PNG drawn by
/// jobs/plot_dynamic.sh (gnuplot).

#include <string>

#include "decomposition/dynamic/ario_output.hpp"

namespace leontief::app {

/// @brief Rank 0 alone: writes the paths to a temporary CSV next to the PNG (the layout of
/// dynamic_series_economy.csv), runs the script and removes the file.
/// @throws InputError naming the PNG if the script fails (the results are already written).
void plot_dynamic(const decomposition::EconomyPaths& paths, const std::string& scenario,
                  const std::string& png);

}  // namespace leontief::app
