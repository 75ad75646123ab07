/// @file command_inverse.cpp
/// @brief `leontief inverse`: the whole global Leontief inverse B = (I − A)⁻¹ (dense n x n)
/// and optionally the Ghosh inverse G = x̂⁻¹ B x̂, written to an HDF5 result (no CSV: n²
/// rows).

#include <mpi.h>

#include "app/commands.hpp"
#include "io/results/result_file.hpp"
#include "io/runtime/log.hpp"
#include "solver/dense_inverse.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet inverse_parameters() {
  io::ParameterSet set("inverse",
                       "The whole global Leontief inverse B = (I - A)^-1 as a dense n x n "
                       "matrix (LAPACK on one rank, ScaLAPACK on several), written to HDF5.");
  set.add(
      {"table", Parameter::Type::path, "", "", "HDF5 table written by `leontief import`", true});
  set.set_positional("table");
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"inverse.ghosh", Parameter::Type::boolean, "false", "",
           "also write the Ghosh inverse G = x^-1 B x = (I - x^-1 Z)^-1 (rows and columns of "
           "zero-output sectors are 0)"});
  add_dense_parameters(set);
  add_common_parameters(set);
  return set;
}

int run_inverse(const io::ParameterSet& options) {
  const std::string table_path = options.text("table");
  const bool ghosh = options.boolean("inverse.ghosh");
  int ranks = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(MPI_COMM_WORLD, &ranks));
  check_memory(MPI_COMM_WORLD, options, table_path, "inverse", ranks,
               [](solver::DenseRunShape& shape) {
                 shape.inverse_rows = true;  // B itself, by economy rows
                 shape.replicated_columns = 2.0;
               });
  solver::DistributedTable table = read_table(MPI_COMM_WORLD, table_path);
  const auto& labels = table.labels();
  const std::size_t n = table.n();

  solver::DenseLeontiefInverse inverse = solver::dense_leontief_inverse(table);

  {
    solver::Phase phase("write");
    io::ResultFile result(MPI_COMM_WORLD, options.text("output"));
    auto metadata = result_metadata("inverse", options, table.metadata(), table_path);
    metadata["linear_solver"] = inverse.method;
    result.write_metadata(metadata, labels);
    const std::string origin = "origin region x sector (labels/regions x labels/sectors)";
    const std::string column = "region x sector (labels/regions x labels/sectors)";
    result.write_matrix("leontief_inverse", n, n, inverse.row_begin, inverse.local_rows,
                        inverse.rows(), origin, column,
                        "global Leontief inverse B = (I - A)^-1: output of the origin "
                        "economy-sector needed, directly and indirectly, per unit of final "
                        "demand for the column economy-sector's product");
    if (ghosh) {
      // B is written: turn it into G in place (no second n x n matrix).
      solver::to_ghosh_inverse(inverse, table.gross_output());
      result.write_matrix("ghosh_inverse", n, n, inverse.row_begin, inverse.local_rows,
                          inverse.rows(), origin, column,
                          "Ghosh inverse G = x^-1 B x = (I - x^-1 Z)^-1: output of the column "
                          "economy-sector per unit of primary input in the origin economy-"
                          "sector; 0 in the rows and columns of zero-output sectors");
    }
    // Everything is complete: only now replace an older result.
    result.commit();
  }
  log::info("wrote " + options.text("output"));
  return 0;
}

}  // namespace leontief::app
