#include "app/dva_share_plot.hpp"

#include <algorithm>
#include <fstream>

#include "app/plot_script.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::app {

namespace {

/// The economies' EXGR_DVASH rows of the panel in the tidy CSV layout the script reads.
void write_economy_rows(const decomposition::ThinningPanel& p, const std::string& path) {
  std::ofstream out(path);
  out << "year,region,sector,measure,value\n";
  const std::size_t M = decomposition::thinning_measures().size();
  const std::string measure = decomposition::thinning_measures().front().name;
  std::string line;
  for (std::size_t r = 0; r < p.panel_keys.size() / 3; ++r) {
    if (p.panel_keys[3 * r + 2] != decomposition::kTotal) continue;
    line = std::to_string(p.panel_keys[3 * r]) + "," +
           io::csv_field(p.labels.regions[static_cast<std::size_t>(p.panel_keys[3 * r + 1])]) +
           ",TOTAL," + measure + ",";
    io::append_number(line, p.panel_values[r * M]);
    out << line << '\n';
  }
  if (!out) throw InputError(path + ": cannot write");
}

}  // namespace

void plot_dva_share(const decomposition::ThinningPanel& panel, const std::string& panel_csv,
                    const std::string& png, const std::vector<std::string>& regions) {
  for (const auto& r : regions) {
    if (std::find(panel.labels.regions.begin(), panel.labels.regions.end(), r) ==
        panel.labels.regions.end()) {
      throw InputError("plot_regions: unknown economy '" + r + "'");
    }
  }
  std::string regions_text;
  for (const auto& r : regions) regions_text += (regions_text.empty() ? "" : ",") + r;
  const std::string hint = "rerun jobs/plot_dva_share.sh on thinning_panel.csv (docs/user-guide.md)";
  if (!panel_csv.empty()) {
    run_plot_script("plot_dva_share.sh", {panel_csv, png, regions_text}, png, hint);
  } else {
    // No CSV directory: a temporary file with the economies' EXGR_DVASH only.
    const PlotData data(png);
    write_economy_rows(panel, data.path());
    run_plot_script("plot_dva_share.sh", {data.path(), png, regions_text}, png, hint);
  }
  log::info("plotted EXGR_DVASH of " + regions_text + " in " + png);
}

}  // namespace leontief::app
