#pragma once
/// @file spreadsheet_matrix.hpp
/// @brief Engine shared by tables published as spreadsheets (WIOD 2016 release, ADB MRIO)
/// and read from their CSV export: title rows, a header block of several rows (codes,
/// names, countries), label columns before the values, one row per country-sector, and
/// bottom rows (total intermediate inputs, value-added components, output).

#include <set>
#include <string>
#include <vector>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::io {

struct SpreadsheetLayout {
  std::string name;                      ///< e.g. "WIOD 2016", for messages
  std::size_t label_columns = 4;         ///< columns before the first value column
  std::size_t header_rows = 4;           ///< rows of the header block above the data
  std::size_t region_header_row = 3;     ///< row of the block holding country codes
  std::size_t item_header_row = 1;       ///< row of the block holding sector/category codes
  std::size_t row_region_column = 3;     ///< column of a data row's country code
  std::size_t row_item_column = 1;       ///< column of a data row's sector code
  std::set<std::string> categories;      ///< final-demand codes (item header row)
  std::set<std::string> output_columns;  ///< header text marking the output column
  std::vector<std::size_t> bottom_label_columns;  ///< where a bottom row's label is
  std::set<std::string> intermediate_total_rows;  ///< e.g. II_fob, r60
  std::set<std::string> output_rows;              ///< e.g. GO, ToT
  std::string value_added_rows;                   ///< description for messages
  /// The layout in a few words, for the one-line message on a file of another layout.
  std::string expected;
};

/// @brief Streams the table from `reader` (positioned at the start of the file).
/// x = the output column; value added = the sum of the rows strictly between the
/// intermediate-total row and the output row. Totals are checked (kTotalsTolerance).
/// Empty cells read as 0, as spreadsheets leave zeros blank. A file whose header block
/// does not fit the layout fails with one line naming the layout and the line that differs.
void read_spreadsheet_matrix(csv::DelimitedReader& reader, const SpreadsheetLayout& layout,
                             const ReaderOptions& options, const TableMetadata& metadata,
                             TableSink& sink);

}  // namespace leontief::io
