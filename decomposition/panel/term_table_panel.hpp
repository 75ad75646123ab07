#pragma once
/// @file term_table_panel.hpp
/// @brief Files of a panel of decomposition results (`leontief decompose --tables`): each
/// TermTable of every year stacked in one group /<name> whose first key column is the year,
/// and one record per finished year, the group /years/<year>, saying which table file the
/// year was computed from and where its rows are. A year's part file (written by its group
/// of ranks) and the panel's result have this same layout, so a rerun finds finished years
/// in either and does not recompute them.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "decomposition/term_table.hpp"
#include "io/results/result_file.hpp"
#include "io/store/table_panel.hpp"

namespace leontief::decomposition {

/// The record /years/<year> of a panel file.
struct PanelYearRecord {
  int year = 0;
  io::TableFingerprint table;
  std::string methods;  ///< the methods run, comma-separated (the run's --method, resolved)
  std::string version, linear_solver, ranks;
  std::size_t regions = 0, sectors = 0;
  std::vector<std::string> tables;      ///< the TermTables of the year, by name
  std::vector<std::size_t> row_begin;   ///< per table: the year's first row in /<name>
  std::vector<std::size_t> row_count;   ///< per table: the year's number of rows
  std::string path;  ///< the file the record was read from (set by read_panel_year)

  /// True when the record was computed from `current` by this program's version with the
  /// same methods and dimensions.
  bool reusable(const io::TableFingerprint& current, const std::string& run_methods,
                std::size_t G, std::size_t N) const;
};

/// @brief Writes the record as /years/<year> (the group /years must exist).
/// @note Collective on the file's communicator; every rank passes the same record.
void write_panel_year(io::ResultFile& file, const PanelYearRecord& record);

/// @brief Reads /years/<year> of `path` (serial HDF5, this rank only). Nothing when the file,
/// the record or one of its tables is missing or malformed (the year is then recomputed).
std::optional<PanelYearRecord> read_panel_year(const std::string& path, int year);

/// @brief The rows of table `index` of `record` (from record.path), as a TermTable whose
/// keys include the year (this rank only).
/// @throws Error naming the file if they cannot be read.
TermTable read_panel_rows(const PanelYearRecord& record, std::size_t index);

}  // namespace leontief::decomposition
