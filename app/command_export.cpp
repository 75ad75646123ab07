/// @file command_export.cpp
/// @brief `leontief export`: a canonical HDF5 table -> the wide CSV layout (the exchange
/// format `import --format wide-csv` reads back to the same table). Written by rank 0.

#include <mpi.h>

#include "app/commands.hpp"
#include "io/results/long_csv_writer.hpp"
#include "io/results/wide_csv_writer.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/resources.hpp"
#include "io/store/table_store.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet export_parameters() {
  io::ParameterSet set("export",
                       "Write a table to CSV (gzip-compressed when the output ends in .gz): the "
                       "wide layout (Z, Y and x by row, then the VA and GO rows) or, for sparse "
                       "networks, the long layout (row,column,value for every nonzero cell).");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table to read", true});
  set.set_positional("table");
  set.add({"output", Parameter::Type::path, "", "", "CSV file to write (.csv or .csv.gz)", true});
  set.add({"layout", Parameter::Type::text, "auto", "",
           "wide (n x n cells; what `import` reads), long (row,column,value, nonzeros only) or "
           "auto: long for tables whose Z is stored sparse (CSR), wide otherwise",
           false, {"auto", "wide", "long"}});
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
    const std::string output = options.text("output");
    const std::string layout = options.text("layout");
    const bool wide = layout == "wide" || (layout == "auto" && !table.sparse_intermediate());
    const bool compressed = output.ends_with(".gz");
    const double bytes = wide ? io::estimate_wide_csv_bytes(table, compressed)
                              : io::estimate_long_csv_bytes(table, compressed);
    const std::string n = std::to_string(table.labels().n());
    log::info(std::string("export: ") + (wide ? "wide" : "long") + " layout, about " +
              log::format_bytes(bytes) +
              (wide && table.sparse_intermediate() ? " (" + n + " x " + n + " cells)" : ""));
    io::require_disk(output, bytes,
                     std::string("export: the ") + (wide ? "wide" : "long") + " CSV of " +
                         table.path() + " (n = " + n + ")");
    if (wide) {
      io::write_wide_csv(table, output);
    } else {
      io::write_long_csv(table, output);
    }
  });
  log::info("wrote " + options.text("output"));
  return 0;
}

}  // namespace leontief::app
