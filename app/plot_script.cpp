#include "app/plot_script.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "io/runtime/atomic_path.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/interrupt.hpp"
#include "io/runtime/log.hpp"

namespace leontief::app {

namespace fs = std::filesystem;

namespace {

std::string script_path(const std::string& script) {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share/leontief" / script;
    if (fs::exists(installed, ec)) return installed.string();
  }
  return std::string(LEONTIEF_SOURCE_DIR) + "/jobs/" + script;
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

PlotData::PlotData(const std::string& png)
    : path_(io::temporary_name(png + ".data.csv", io::host_name(), static_cast<long>(getpid()))),
      ticket_(io::register_temporary(path_)) {
  const fs::path file(png + ".data.csv");
  io::remove_stale_temporaries(file.parent_path().string(), file.filename().string());
}

PlotData::~PlotData() {
  std::error_code ec;
  fs::remove(path_, ec);
  io::forget_temporary(ticket_);
}

void run_plot_script(const std::string& script, const std::vector<std::string>& arguments,
                     const std::string& png, const std::string& rerun_hint) {
  const std::string path = script_path(script);
  std::string command = "bash " + shell_quote(path);
  for (const auto& argument : arguments) command += " " + shell_quote(argument);
  log::info("plot: " + command);
  const int status = std::system(command.c_str());
  if (status != 0) {
    throw InputError(png + ": plotting failed (" + path + " exit status " +
                     std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) +
                     "); the results are written: " + rerun_hint);
  }
}

}  // namespace leontief::app
