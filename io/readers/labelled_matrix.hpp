#pragma once
/// @file labelled_matrix.hpp
/// @brief Engine shared by layouts published as one labelled matrix with REGION_ITEM
/// labels on both axes (OECD ICIO, Eurostat FIGARO): a header row of column labels, one
/// row per REGION_SECTOR in the order of the intermediate columns, then value-added rows
/// and an optional output row.

#include <functional>
#include <set>
#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::io {

struct LabelledMatrixLayout {
  std::string name;                       ///< e.g. "OECD ICIO", used in messages
  std::set<std::string> categories;       ///< final-demand codes after "REGION_"
  bool reversed_categories = false;       ///< also accept CODE_REGION (ICIO 2016)
  std::set<std::string> output_columns;   ///< labels of the gross-output column
  std::set<std::string> output_rows;      ///< labels of the gross-output row
  std::set<std::string> dropped_columns;  ///< region-less columns left out (ICIO DISC)
  /// Regions that may have no final-demand columns (their Y columns are zero).
  std::function<bool(const std::string&)> may_lack_final_demand;
  /// Rows after the intermediate rows that are summed into value added.
  std::function<bool(const std::string&)> is_value_added_row;
  /// Describes the value-added rows expected, for messages ("TLS and VA").
  std::string value_added_rows;
  /// Describes the layout (or layouts) the reader accepts, for the one-line message on a
  /// file of another layout; empty: the labelled matrix's header row.
  std::string expected;
};

/// @brief Streams a labelled matrix from `reader` (positioned before its header) into
/// `sink`. x is the output column when there is one, else Z·1 + Y·1 (+ dropped columns).
/// Published totals are checked (kTotalsTolerance): the output column against row sums,
/// the output row against the output column and against 1'Z + value added; with
/// options.balance a disagreement is a warning (TotalsCheck).
/// @throws InputError naming the file, line and column of every problem.
void read_labelled_matrix(csv::DelimitedReader& reader, const LabelledMatrixLayout& layout,
                          const ReaderOptions& options, const TableMetadata& metadata,
                          TableSink& sink);

}  // namespace leontief::io
