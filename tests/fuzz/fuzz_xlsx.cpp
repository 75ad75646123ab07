// Fuzz target of the .xlsx streamer (io/text/xlsx_workbook): the input is a workbook; every
// sheet is read line by line as CSV, then the workbook is read as an ADB MRIO table.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/text/csv_fields.hpp"
#include "io/text/xlsx_workbook.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = leontief::fuzz::scratch_dir() + "/ADB-MRIO-2019.xlsx";
  leontief::fuzz::write_file(path, data, size);
  leontief::fuzz::expect_input_errors_only([&] {
    // In memory, as inside an archive, and from the file.
    const leontief::io::XlsxWorkbook in_memory(
        std::vector<char>(reinterpret_cast<const char*>(data),
                          reinterpret_cast<const char*>(data) + size),
        "in-memory.xlsx");
    const leontief::io::XlsxWorkbook workbook(path);
    for (const auto& sheet : workbook.sheet_names()) {
      leontief::io::csv::DelimitedReader reader(workbook.open_sheet(sheet), ',');
      while (reader.next()) {
        for (std::size_t c = 1; c <= reader.size(); ++c) (void)reader.text(c);
      }
    }
    for (const auto& sheet : in_memory.sheet_names()) {
      leontief::io::LineReader reader = in_memory.open_sheet(sheet);
      std::string_view line;
      while (reader.next(line)) {
      }
    }
  });
  leontief::fuzz::read_table_checked("adb", path);
  return 0;
}
