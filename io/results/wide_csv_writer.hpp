#pragma once
/// @file wide_csv_writer.hpp
/// @brief Writes a canonical table back to the wide CSV layout read by wide_csv_reader
/// (the exchange format: `leontief export`). Numbers are written in their shortest exact
/// form, so export followed by import gives back the same doubles.

#include <string>

#include "io/store/table_store.hpp"

namespace leontief::io {

/// @brief Writes `table` to `path` (gzip-compressed when it ends in .gz): header, one row
/// per REGION_SECTOR (Z, Y, x), a VA row and a GO row (x). x and VA are the table's /x and
/// /VA. The file appears only when complete.
/// @note Collective on the table's communicator; use a table opened on MPI_COMM_SELF to
///   export from one rank.
void write_wide_csv(const TableFile& table, const std::string& path);

/// @brief The likely size of write_wide_csv()'s file (n + 2 lines of n + G·F + 1 cells),
/// for the disk guard before it starts.
double estimate_wide_csv_bytes(const TableFile& table, bool compressed);

/// A label as a CSV field: quoted when it holds a comma, a quote or outer blanks.
std::string csv_label(const std::string& text);

}  // namespace leontief::io
