#include "app/dynamic_plot.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "io/results/tidy_csv.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::app {

namespace fs = std::filesystem;

namespace {

/// jobs/plot_dynamic.sh: installed under share/leontief, or found in the source tree.
std::string plot_script() {
  if (const char* env = std::getenv("LEONTIEF_DYNAMIC_PLOT_SCRIPT")) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share/leontief/plot_dynamic.sh";
    if (fs::exists(installed, ec)) return installed.string();
  }
  return std::string(LEONTIEF_SOURCE_DIR) + "/jobs/plot_dynamic.sh";
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

void plot_dynamic(const decomposition::EconomyPaths& paths, const std::string& scenario,
                  const std::string& png) {
  const std::string data = png + ".data-" + std::to_string(getpid()) + ".csv";
  std::error_code ec;
  std::string regions;
  try {
    {
      std::ofstream out(data);
      out << "scenario,region,day,production_ratio\n";
      const std::size_t T = paths.days.size();
      for (std::size_t g = 0; g < paths.regions.size(); ++g) {
        regions += (regions.empty() ? "" : ",") + paths.regions[g];
        for (std::size_t t = 0; t < T; ++t) {
          std::string line = io::csv_field(scenario) + "," + io::csv_field(paths.regions[g]) +
                             "," + std::to_string(paths.days[t]) + ",";
          io::append_number(line, paths.ratio[g * T + t]);
          out << line << '\n';
        }
      }
      if (!out) throw InputError(data + ": cannot write");
    }
    const std::string script = plot_script();
    const std::string command = "bash " + shell_quote(script) + " " + shell_quote(data) + " " +
                                shell_quote(png) + " " + shell_quote(scenario) + " " +
                                shell_quote(regions);
    log::info("plot: " + command);
    const int status = std::system(command.c_str());
    if (status != 0) {
      throw InputError(png + ": plotting failed (" + script + " exit status " +
                       std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) +
                       "); the results are written: rerun jobs/plot_dynamic.sh on "
                       "dynamic_series_economy.csv (docs/user-guide.md)");
    }
  } catch (...) {
    fs::remove(data, ec);
    throw;
  }
  fs::remove(data, ec);
  log::info("plotted the output of " + regions + " in scenario " + scenario + " in " + png);
}

}  // namespace leontief::app
