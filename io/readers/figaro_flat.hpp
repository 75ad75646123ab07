#pragma once
/// @file figaro_flat.hpp
/// @brief Eurostat FIGARO's flat (long) CSV: one line per (row, column) pair of the
/// inter-country table, e.g. `flatfile_eu-ic-io_ind-by-ind_23ed_2021.csv` with the header
/// `icioiRow,icioiCol,refArea,rowIi,counterpartArea,colIi,obsValue` (product by product:
/// `rowPi`, `colPi`). Read into the same table as the matrix CSV (labelled_matrix.hpp).

#include <functional>
#include <string>
#include <vector>

#include "io/readers/labelled_matrix.hpp"
#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"
#include "io/text/line_reader.hpp"

namespace leontief::io {

/// Whether a header row (its cells) is that of a flat file: it names refArea,
/// counterpartArea or obsValue.
bool is_figaro_flat_header(const std::vector<std::string>& header);

/// @brief Reads a flat file in two passes over `open()`: the first collects the row and
/// column labels (and how many cells each row has), the second streams the values. Regions
/// and sectors are ordered as the intermediate columns first appear (as in the matrix
/// header); a row is handed to `sink` as soon as it and every row before it are complete,
/// so a file listing each row's cells together (as Eurostat does) keeps one row in memory,
/// and rows in any other order still read, keeping the rows it has not finished.
/// x = Z·1 + Y·1; VA = the sum of the value-added rows (`layout.is_value_added_row` of
/// "refArea_rowItem"); their final-use cells are not part of Z, Y or VA.
/// @throws InputError naming the file, the line and the column of every problem; a header
/// without the flat file's columns is one line naming the layout and the line found.
void read_figaro_flat(const std::function<LineReader()>& open, const LabelledMatrixLayout& layout,
                      const TableMetadata& metadata, TableSink& sink);

}  // namespace leontief::io
