#pragma once
/// @file dva_share_plot.hpp
/// @brief `thinning --plot`: the domestic value-added share of exports over time as a PNG,
/// drawn by jobs/plot_dva_share.sh (gnuplot) from the panel's tidy CSV.

#include <string>
#include <vector>

#include "decomposition/thinning/thinning_panel.hpp"

namespace leontief::app {

/// @brief Rank 0 alone: plots EXGR_DVASH of `regions` (every one must be an economy of the
/// panel) into `png`. Reads `panel_csv` when given; otherwise writes the economies' rows to
/// a temporary file next to the PNG and removes it afterwards.
/// @throws InputError naming the PNG if the script fails (the results are already written).
void plot_dva_share(const decomposition::ThinningPanel& panel, const std::string& panel_csv,
                    const std::string& png, const std::vector<std::string>& regions);

}  // namespace leontief::app
