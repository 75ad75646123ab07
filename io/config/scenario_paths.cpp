#include "io/config/scenario_paths.hpp"

namespace leontief::io {

namespace fs = std::filesystem;

ScenarioPaths::ScenarioPaths(const ParameterSet& options, const std::string& directory_option)
    : options_(options) {
  const fs::path scenario_dir =
      options.config_file().empty() ? fs::path() : fs::path(options.config_file()).parent_path();
  if (options.has(directory_option)) {
    fs::path dir(options.text(directory_option));
    if (dir.is_relative() && options.origin(directory_option).starts_with("config")) {
      dir = scenario_dir / dir;
    }
    directory_ = dir;
  } else {
    directory_ = scenario_dir;
  }
}

std::string ScenarioPaths::file(const std::string& name) const {
  const fs::path p(options_.text(name));
  if (p.is_absolute() || directory_.empty()) return p.string();
  return (directory_ / p).string();
}

}  // namespace leontief::io
