#include "app/dynamic_plot.hpp"

#include <fstream>

#include "app/plot_script.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::app {

void plot_dynamic(const decomposition::EconomyPaths& paths, const std::string& scenario,
                  const std::string& png) {
  const PlotData data(png);
  std::string regions;
  {
    std::ofstream out(data.path());
    out << "scenario,region,day,production_ratio\n";
    const std::size_t T = paths.days.size();
    for (std::size_t g = 0; g < paths.regions.size(); ++g) {
      regions += (regions.empty() ? "" : ",") + paths.regions[g];
      for (std::size_t t = 0; t < T; ++t) {
        std::string line = io::csv_field(scenario) + "," + io::csv_field(paths.regions[g]) + "," +
                           std::to_string(paths.days[t]) + ",";
        io::append_number(line, paths.ratio[g * T + t]);
        out << line << '\n';
      }
    }
    if (!out) throw InputError(data.path() + ": cannot write");
  }
  run_plot_script("plot_dynamic.sh", {data.path(), png, scenario, regions}, png,
                  "rerun jobs/plot_dynamic.sh on dynamic_series_economy.csv (docs/user-guide.md)");
  log::info("plotted the output of " + regions + " in scenario " + scenario + " in " + png);
}

}  // namespace leontief::app
