#include "app/dva_share_plot.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "io/results/tidy_csv.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::app {

namespace fs = std::filesystem;

namespace {

/// jobs/plot_dva_share.sh: installed under share/leontief, or found in the source tree.
std::string plot_script() {
  if (const char* env = std::getenv("LEONTIEF_PLOT_SCRIPT")) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share/leontief/plot_dva_share.sh";
    if (fs::exists(installed, ec)) return installed.string();
  }
  return std::string(LEONTIEF_SOURCE_DIR) + "/jobs/plot_dva_share.sh";
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void run_script(const std::string& data, const std::string& png, const std::string& regions) {
  const std::string script = plot_script();
  const std::string command = "bash " + shell_quote(script) + " " + shell_quote(data) + " " +
                              shell_quote(png) + " " + shell_quote(regions);
  log::info("plot: " + command);
  const int status = std::system(command.c_str());
  if (status != 0) {
    throw InputError(png + ": plotting failed (" + script + " exit status " +
                     std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) +
                     "); the results are written: rerun the script by hand (docs/user-guide.md)");
  }
}

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
  if (!panel_csv.empty()) {
    run_script(panel_csv, png, regions_text);
  } else {
    // No CSV directory: a temporary file with the economies' EXGR_DVASH only.
    const std::string temporary = png + ".data-" + std::to_string(getpid()) + ".csv";
    std::error_code ec;
    try {
      write_economy_rows(panel, temporary);
      run_script(temporary, png, regions_text);
    } catch (...) {
      fs::remove(temporary, ec);
      throw;
    }
    fs::remove(temporary, ec);
  }
  log::info("plotted EXGR_DVASH of " + regions_text + " in " + png);
}

}  // namespace leontief::app
