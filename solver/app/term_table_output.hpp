#pragma once
/// @file term_table_output.hpp
/// @brief Writes a decomposition's TermTable into the HDF5 result (group /<name>: `values`,
/// `keys`, with the column names as attributes) and as tidy CSV <dir>/<name>.csv.

#include <string>

#include "decomposition/term_table.hpp"
#include "io/result_file.hpp"
#include "io/table_labels.hpp"

namespace leontief::app {

/// @note Collective; rows are written in rank order (exporters in table order).
void write_term_table(MPI_Comm comm, io::ResultFile& result, const std::string& csv_directory,
                      const io::TableLabels& labels, const decomposition::TermTable& table);

}  // namespace leontief::app
