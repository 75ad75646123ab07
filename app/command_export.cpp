/// @file command_export.cpp
/// @brief `leontief export`: a canonical HDF5 table -> the wide CSV layout (the exchange
/// format `import --format wide-csv` reads back to the same table). Written by rank 0.

#include <mpi.h>

#include "app/commands.hpp"
#include "io/results/wide_csv_writer.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "io/store/table_store.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet export_parameters() {
  io::ParameterSet set("export",
                       "Write a table to the wide CSV layout (gzip-compressed when the output "
                       "ends in .gz): Z, Y and x by row, then the VA and GO rows.");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table to read", true});
  set.set_positional("table");
  set.add({"output", Parameter::Type::path, "", "", "CSV file to write (.csv or .csv.gz)", true});
  add_common_parameters(set);
  return set;
}

int run_export(const io::ParameterSet& options) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  solver::Phase phase("export");
  run_collectively(MPI_COMM_WORLD, [&] {
    if (rank != 0) return;
    io::TableFile table(MPI_COMM_SELF, options.text("table"));
    io::write_wide_csv(table, options.text("output"));
  });
  log::info("wrote " + options.text("output"));
  return 0;
}

}  // namespace leontief::app
