#pragma once
/// @file long_csv_writer.hpp
/// @brief Writes a canonical table in the long layout of `leontief export --layout long`:
/// the cells of the wide CSV as `row,column,value` lines, zeros left out. This is the layout
/// for sparse (CSR) networks, whose wide CSV would hold n² cells: 2·10^5 nodes give 4·10^10
/// cells (about 80 GB) but only as many lines as links.

#include <string>

#include "io/store/table_store.hpp"

namespace leontief::io {

/// @brief Writes `table` to `path` (gzip-compressed when it ends in .gz): a header
/// `row,column,value`; per row REGION_SECTOR its nonzero intermediate flows (column
/// REGION_SECTOR), final demand (column REGION_CATEGORY) and its gross output (column GO);
/// then the value added of each column (row VA). A missing cell is 0. The file appears only
/// when complete.
/// @note Collective on the table's communicator; use a table opened on MPI_COMM_SELF to
///   export from one rank.
void write_long_csv(const TableFile& table, const std::string& path);

/// The likely size of write_long_csv()'s file (for the disk guard before it starts).
double estimate_long_csv_bytes(const TableFile& table, bool compressed);

}  // namespace leontief::io
