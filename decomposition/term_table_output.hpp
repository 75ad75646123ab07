#pragma once
/// @file term_table_output.hpp
/// @brief Writes a decomposition's TermTable into the HDF5 result (group /<name>: `values`,
/// `keys`, with the column names as attributes) and as tidy CSV <dir>/<name>.csv.

#include <memory>
#include <string>
#include <vector>

#include "decomposition/term_table.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/store/table_labels.hpp"

namespace leontief::decomposition {

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
