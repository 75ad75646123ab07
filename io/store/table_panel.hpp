#pragma once
/// @file table_panel.hpp
/// @brief A panel of tables, one per year (`--tables DIR_OR_LIST` of `thinning` and other
/// panel commands): which files, which years, and that they share one classification.

#include <mpi.h>

#include <string>
#include <vector>

#include "io/store/table_labels.hpp"

namespace leontief::io {

/// Identifies the table file a result was computed from, so a rerun can tell whether a
/// finished record still belongs to the same file.
struct TableFingerprint {
  std::string path;        ///< absolute, normalised
  long long size = 0;      ///< bytes
  long long modified = 0;  ///< modification time (file clock ticks)
  bool operator==(const TableFingerprint&) const = default;
};

/// @throws InputError naming the file if it cannot be inspected.
TableFingerprint fingerprint(const std::string& path);

/// One year of a panel.
struct PanelTable {
  int year = 0;
  std::string path;  ///< as the user gave it
  TableFingerprint table;
};

/// The tables of a panel, by increasing year, with the labels and metadata of the first.
struct TablePanel {
  std::vector<PanelTable> years;
  TableLabels labels;
  TableMetadata first_metadata;
  int first_year() const { return years.front().year; }
  int last_year() const { return years.back().year; }
  bool has_year(int year) const;
  /// The table paths, comma-separated (for result metadata).
  std::string path_list() const;
  /// The years, comma-separated.
  std::string year_list() const;
};

/// @brief Rank 0 reads every table's labels and metadata and checks that each has a year,
/// that the years differ and that the classifications agree; every rank receives the panel.
/// @param tables a directory (every leontief table *.h5 in it; other HDF5 files such as
///   results are skipped) or a comma-separated list of tables.
/// @throws InputError (collective) naming the file at fault.
/// @note Collective on `comm`.
TablePanel read_table_panel(MPI_Comm comm, const std::string& tables);

}  // namespace leontief::io
