#pragma once
/// @file fuzz_support.hpp
/// @brief What the fuzz targets of tests/fuzz share: a scratch folder per process, fixture
/// folders staged there, and the contract every reader must keep on any input.
///
/// The contract: a reader either reads a table that passes the sink's checks (the TableSink
/// protocol, every number finite) or throws leontief::InputError with one non-empty line.
/// Anything else (a crash, another exception, a sanitizer report, a hang, a leak) is a
/// finding: the target aborts and libFuzzer saves the input.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/readers/reader_support.hpp"

namespace leontief::fuzz {

/// A folder of this process's own under the system's temporary folder, removed at exit.
const std::string& scratch_dir();

/// Writes `size` bytes to `path` (replacing the file).
void write_file(const std::string& path, const std::uint8_t* data, std::size_t size);
void write_file(const std::string& path, const std::string& bytes);

/// Runs `read`; an InputError must be one non-empty line; any other exception aborts.
void expect_input_errors_only(const std::function<void()>& read);

/// read_table(format, path) into a sink that checks the protocol and that every number is
/// finite, with `--balance` off and then on.
void read_table_checked(const std::string& format, const std::string& path,
                        io::ReaderOptions options = {});

/// A fixture folder copied into the scratch folder, one of whose files a fuzz input
/// replaces (and which is restored after each input).
class StagedFixture {
 public:
  /// Copies `source` (a folder under tests/data) to scratch_dir()/`name`.
  StagedFixture(const std::string& source, const std::string& name);
  const std::string& path() const { return path_; }
  /// The files of the fixture (relative paths), sorted.
  const std::vector<std::string>& files() const { return files_; }
  /// Writes `data` over file `index % files().size()`, runs `read`, restores the file.
  void with_replaced(std::size_t index, const std::uint8_t* data, std::size_t size,
                     const std::function<void()>& read);

 private:
  std::string path_;
  std::vector<std::string> files_;
  std::vector<std::string> originals_;
};

}  // namespace leontief::fuzz
