// Fuzz target of a reader that reads one file: the input is the file, read by
// `import --format LEONTIEF_FUZZ_FORMAT` under the name LEONTIEF_FUZZ_FILE (its extension
// decides how it is opened: .csv, .csv.gz, .zip, .xlsx). See tests/fuzz/README.md.

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = leontief::fuzz::scratch_dir() + "/" LEONTIEF_FUZZ_FILE;
  leontief::fuzz::write_file(path, data, size);
  leontief::fuzz::read_table_checked(LEONTIEF_FUZZ_FORMAT, path);
  return 0;
}
