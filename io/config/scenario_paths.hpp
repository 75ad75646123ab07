#pragma once
/// @file scenario_paths.hpp
/// @brief File options of a scenario resolved as users expect: a relative data directory
/// given in the scenario file is relative to that file's folder (so a scenario and its data
/// move together), one given on the command line to the working directory; file names are
/// relative to the data directory.

#include <filesystem>
#include <string>

#include "io/config/parameters.hpp"

namespace leontief::io {

class ScenarioPaths {
 public:
  /// @param directory_option the option naming the data directory (e.g. "data.directory").
  ScenarioPaths(const ParameterSet& options, const std::string& directory_option);

  /// The file named by option `name`, resolved against the data directory.
  std::string file(const std::string& name) const;
  /// The data directory ("." when none).
  std::string directory() const { return directory_.empty() ? "." : directory_.string(); }

 private:
  const ParameterSet& options_;
  std::filesystem::path directory_;
};

}  // namespace leontief::io
