#pragma once
/// @file term_table_output.hpp
/// @brief Writes a decomposition's TermTable into the HDF5 result (group /<name>: `values`,
/// `keys`, with the column names and key kinds as attributes) and as tidy CSV <dir>/<name>.csv.

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "decomposition/term_table.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/store/table_labels.hpp"

namespace leontief::decomposition {

/// The key column names, e.g. {"exporter", "sector", "importer"}.
std::vector<std::string> key_names(const TermTable& table);
/// What the key columns of `<name>/keys` hold (its `columns` attribute).
std::string key_meaning(const TermTable& table);
/// This rank's rows as tidy CSV lines (keys by label, then the measures), no header.
void write_csv_rows(std::ostream& out, const io::TableLabels& labels, const TermTable& table);

/// The name of a key column kind as stored in the `key_kinds` attribute ("region", ...).
std::string kind_name(KeyColumn::Kind kind);

/// @brief Creates the group /<name> (attributes description, key_columns, key_kinds,
/// measures) and its datasets `values` (rows x measures) and `keys` (rows x keys), to be
/// filled by write_term_table_rows.
/// @note Collective.
void create_term_table(io::ResultFile& result, const TermTable& table, std::size_t rows);

/// @brief Writes this rank's rows of `table` at rows [begin, begin + local rows) of the
/// datasets made by create_term_table.
/// @note Collective.
void write_term_table_rows(io::ResultFile& result, const TermTable& table, std::size_t begin);

/// @brief Writes the table; returns its CSV writer (nullptr without a CSV directory), still
/// under a temporary name, for the caller to commit together with the other outputs.
/// @note Collective; rows are written in rank order (exporters in table order).
std::unique_ptr<io::TidyCsvWriter> write_term_table(MPI_Comm comm, io::ResultFile& result,
                                                    const std::string& csv_directory,
                                                    const io::TableLabels& labels,
                                                    const TermTable& table);

/// @brief Writes every table into `result` (and `csv_directory` if not empty), then commits
/// the HDF5 file and all CSV files together, so a failure leaves older results intact.
/// @note Collective.
void write_term_tables(MPI_Comm comm, io::ResultFile& result, const std::string& csv_directory,
                       const io::TableLabels& labels,
                       const std::vector<TermTable>& tables);

}  // namespace leontief::decomposition
