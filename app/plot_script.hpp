#pragma once
/// @file plot_script.hpp
/// @brief Running the gnuplot scripts of jobs/ (`--plot` of thinning and dynamic): where the
/// script is, the data file it reads, and one clear error when it fails.

#include <string>
#include <vector>

namespace leontief::app {

/// @brief A CSV for a plot script, next to the picture under the temporary name of outputs
/// (io/runtime/atomic_path.hpp), registered with the signal handler; one left by a killed run
/// is removed when the next run makes its own. Removed when destroyed.
class PlotData {
 public:
  explicit PlotData(const std::string& png);
  PlotData(const PlotData&) = delete;
  PlotData& operator=(const PlotData&) = delete;
  ~PlotData();

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int ticket_;
};

/// @brief Runs `bash jobs/SCRIPT ARGUMENTS...` (installed under share/leontief, or found in
/// the source tree) and waits for it.
/// @throws InputError naming `png` and the script's exit status if it fails; the message
///   says the results are written and how to rerun it (`rerun_hint`).
void run_plot_script(const std::string& script, const std::vector<std::string>& arguments,
                     const std::string& png, const std::string& rerun_hint);

}  // namespace leontief::app
