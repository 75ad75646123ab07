#include "io/readers/adb_reader.hpp"

#include "io/readers/spreadsheet_matrix.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

void read_adb(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  InputFiles files(path);
  const std::string entry =
      files.is_archive() || files.is_folder()
          ? select_entry(files.find(is_csv_or_xlsx_name), options.year, path,
                         "ADB MRIO workbook (.xlsx) or CSV file")
          : files.entries().front();
  SpreadsheetLayout layout;
  layout.name = "ADB MRIO";
  layout.label_columns = 4;  // (blank), sector name, country code, sector code
  layout.header_rows = 2;    // country codes; sector / final-demand codes
  layout.region_header_row = 1;
  layout.item_header_row = 2;
  layout.row_region_column = 3;
  layout.row_item_column = 4;
  // F1 household, F2 NPISH, F3 government final consumption, F4 gross fixed capital
  // formation, F5 changes in inventories and valuables.
  layout.categories = {"F1", "F2", "F3", "F4", "F5"};
  layout.output_columns = {"ToT"};
  layout.bottom_label_columns = {3, 4};  // "ToT" in the country column of the last row
  layout.intermediate_total_rows = {"r60"};
  layout.output_rows = {"ToT", "r69"};
  layout.value_added_rows = "r61 .. r68";
  layout.expected =
      "the MRIO sheet: title rows, a header block of 2 rows (country codes; c1..c35, F1..F5, "
      "ToT) over 4 label columns, then one row per country-sector";
  TableMetadata metadata;
  metadata.source = "ADB MRIO (" + std::string(base_name(entry)) + ")";
  metadata.units = "millions of US dollars";
  metadata.input_file = files.display_name(entry);
  metadata.derivation = "x = the ToT column; VA = the rows r61..r68 (between r60 and ToT)";
  // The workbook's first sheet is read directly; a CSV export of it reads the same.
  csv::DelimitedReader reader(open_table_entry(files, entry), ',');
  read_spreadsheet_matrix(reader, layout, options, metadata, sink);
}

}  // namespace leontief::io
