#pragma once
/// @file term_table.hpp
/// @brief The result of a decomposition method: rows keyed by economies and sectors (each
/// rank holds the rows of the exporters it owns), one column per term or indicator. Written
/// as tidy CSV (key columns by label, then one column per measure) and as an HDF5 group.

#include <string>
#include <vector>

namespace leontief::decomposition {

struct KeyColumn {
  /// region and sector values index the table's labels; scenario values index
  /// TermTable::scenarios (results of `leontief shock`); year values are calendar years
  /// (the panel of `leontief decompose --tables`).
  enum class Kind { region, sector, scenario, year };
  std::string name;  ///< CSV header, e.g. "exporter"
  Kind kind;
};

/// Key value meaning "all sectors / all partners" (written as TOTAL).
inline constexpr long kTotal = -1;

struct TermTable {
  std::string name;                   ///< e.g. "wwz"; the CSV is <name>.csv
  std::string description;            ///< one line, stored in the HDF5 group
  std::vector<KeyColumn> keys;
  std::vector<std::string> measures;  ///< column names, e.g. DVA_FIN
  std::vector<long> local_keys;       ///< local rows x keys.size() label indices (or kTotal)
  std::vector<double> local_values;   ///< local rows x measures.size()
  std::vector<std::string> scenarios; ///< labels of Kind::scenario keys (same on every rank)

  std::size_t local_rows() const { return measures.empty() ? 0 : local_values.size() / measures.size(); }
  /// Room for `rows` local rows (a large table then never holds twice its size while growing).
  void reserve(std::size_t rows) {
    local_keys.reserve(rows * keys.size());
    local_values.reserve(rows * measures.size());
  }
  /// Appends one row; `keys` and `values` must match the column counts.
  void add_row(const std::vector<long>& row_keys, const std::vector<double>& row_values);
  /// Makes `year` the first key column of every row (a year of a panel).
  void prepend_year(int year);
};

}  // namespace leontief::decomposition
