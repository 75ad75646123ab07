#include "io/readers/wiod2016_reader.hpp"

#include "io/readers/spreadsheet_matrix.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

void read_wiod2016(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  InputFiles files(path);
  const auto is_csv = [](std::string_view name) {
    return name.ends_with(".csv") || name.ends_with(".csv.gz") || name.ends_with(".CSV");
  };
  const std::string entry =
      files.is_archive() || files.is_folder()
          ? select_entry(files.find(is_csv), options.year, path, "WIOD 2016 CSV file")
          : files.entries().front();
  SpreadsheetLayout layout;
  layout.name = "WIOD 2016";
  layout.label_columns = 4;  // industry code, description, country, row number
  layout.header_rows = 4;    // industry codes, descriptions, countries, column numbers
  layout.item_header_row = 1;
  layout.region_header_row = 3;
  layout.row_item_column = 1;
  layout.row_region_column = 3;
  layout.categories = {"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"};
  layout.output_columns = {"GO", "TOT"};
  layout.bottom_label_columns = {1, 4};
  layout.intermediate_total_rows = {"II_fob"};
  layout.output_rows = {"GO"};
  layout.value_added_rows = "TXSP, EXP_adj, PURR, PURNR, VA, IntTTM";
  layout.expected =
      "the WIOT sheet saved as CSV: title rows, a header block of 4 rows (industry codes, "
      "descriptions, country codes, column numbers) over 4 label columns, then one row per "
      "country-industry";
  TableMetadata metadata;
  metadata.source = "WIOD 2016 release (" + std::string(base_name(entry)) + ")";
  metadata.units = "millions of US dollars";
  metadata.input_file = files.display_name(entry);
  csv::DelimitedReader reader(files.open(entry), ',');
  read_spreadsheet_matrix(reader, layout, options, metadata, sink);
}

}  // namespace leontief::io
