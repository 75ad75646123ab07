/// @file command_aggregate.cpp
/// @brief `leontief aggregate`: a canonical table -> a coarser one, with region and sector
/// concordances (`code,group` CSV files) and/or the ICIO CN/MX split merge. Streams the
/// source's economies on rank 0; every accounting identity of the source carries over.

#include <mpi.h>

#include "app/commands.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "io/store/aggregation.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet aggregate_parameters() {
  io::ParameterSet set(
      "aggregate",
      "Aggregate a table's regions and/or sectors with concordance files (CSV, code,group) "
      "and write a new canonical table; output groups are ordered by first appearance in the "
      "table's own order.");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table to read", true});
  set.set_positional("table");
  set.add({"output", Parameter::Type::path, "", "", "HDF5 table to write", true});
  set.add({"regions", Parameter::Type::path, "", "",
           "region concordance: CSV lines code,group (e.g. DEU,EU27)"});
  set.add({"sectors", Parameter::Type::path, "", "",
           "sector concordance: CSV lines code,group (e.g. c3,Manufacturing)"});
  set.add({"merge_splits", Parameter::Type::boolean, "false", "",
           "map the OECD ICIO production splits CN1, CN2, ... to CHN and MX1, MX2, ... to MEX "
           "(before the region concordance)"});
  set.add({"keep_unmapped", Parameter::Type::boolean, "false", "",
           "codes a concordance leaves out stay as their own group (default: an error)"});
  set.add({"compression", Parameter::Type::integer, "0", "",
           "deflate level for Z and Y in the HDF5 file (0: none, the default: full-precision "
           "flows barely compress, and reading them uncompressed costs only the disk's time)"},
          io::Range::between(0, 9));
  add_common_parameters(set);
  return set;
}

int run_aggregate(const io::ParameterSet& options) {
  const long long level = options.integer("compression");
  if (level < 0 || level > 9) throw InputError("aggregate: --compression must be 0..9", true);
  io::AggregationOptions aggregation;
  if (options.has("regions")) aggregation.regions = options.text("regions");
  if (options.has("sectors")) aggregation.sectors = options.text("sectors");
  aggregation.merge_splits = options.boolean("merge_splits");
  aggregation.keep_unmapped = options.boolean("keep_unmapped");
  if (aggregation.regions.empty() && aggregation.sectors.empty() && !aggregation.merge_splits) {
    throw InputError("aggregate: give --regions, --sectors and/or --merge_splits true", true);
  }
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  solver::Phase phase("aggregate");
  run_collectively(MPI_COMM_WORLD, [&] {
    if (rank != 0) return;
    io::aggregate_table_file(options.text("table"), options.text("output"), aggregation,
                             static_cast<int>(level));
  });
  log::info("wrote " + options.text("output"));
  return 0;
}

}  // namespace leontief::app
