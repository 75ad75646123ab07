/// @file command_generate.cpp
/// @brief `leontief generate`: a synthetic table of chosen size and density with a known
/// answer (V̂BY), in the canonical format with Z in CSR form (or dense). Written by rank 0.

#include <mpi.h>

#include <algorithm>

#include "app/commands.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/resources.hpp"
#include "io/store/synthetic_table.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet generate_parameters() {
  io::ParameterSet set(
      "generate",
      "Write a synthetic table with a known answer: random sparse A (row and column sums at "
      "most generate.input_share), chosen outputs x_r by destination, Y_r = (I - A) x_r, so "
      "that B Y_r = x_r; the x_r are stored in /synthetic/output_by_destination.");
  set.add({"output", Parameter::Type::path, "", "", "HDF5 table to write", true});
  const io::Range count = io::Range::between(1, 2147483647);
  set.add({"generate.regions", Parameter::Type::integer, "50", "", "number of regions G"}, count);
  set.add({"generate.sectors", Parameter::Type::integer, "20000", "",
           "sectors (or firms) per region N; n = G x N"},
          count);
  set.add({"generate.links_per_row", Parameter::Type::real, "10", "",
           "average nonzeros per row of Z (the supplier's customers), at most n; n gives a "
           "dense table"},
          io::Range::at_least(0));
  set.add({"generate.domestic_share", Parameter::Type::real, "0.7", "",
           "share of each row's links inside its own region"},
          io::Range::between(0, 1));
  set.add({"generate.input_share", Parameter::Type::real, "0.45", "",
           "bound on every row and column sum of A (below 0.5 so that final demand stays "
           "positive)"},
          io::Range::inside(0, 0.5));
  set.add({"generate.categories", Parameter::Type::integer, "1", "",
           "final-demand categories per region"},
          count);
  set.add({"generate.seed", Parameter::Type::integer, "1", "", "random seed"},
          io::Range::at_least(0));
  set.add({"generate.layout", Parameter::Type::text, "auto", "",
           "how Z is stored: csr (its nonzeros), dense (n x n, as `import` writes tables), or "
           "auto: dense when generate.links_per_row >= n/2 (dense takes less space then)",
           false, {"auto", "csr", "dense"}});
  set.add({"compression", Parameter::Type::integer, "0", "",
           "deflate level of a dense Z in the HDF5 file (0: none), as for `import`"},
          io::Range::between(0, 9));
  add_common_parameters(set);
  return set;
}

namespace {
/// A count option (at least 1 by its registered range).
std::size_t count_option(const io::ParameterSet& options, const std::string& name) {
  return static_cast<std::size_t>(options.integer(name));
}
}  // namespace

int run_generate(const io::ParameterSet& options) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  io::SyntheticTableSpec spec;
  spec.regions = count_option(options, "generate.regions");
  spec.sectors = count_option(options, "generate.sectors");
  spec.categories = count_option(options, "generate.categories");
  spec.links_per_row = options.real("generate.links_per_row");
  spec.domestic_share = options.real("generate.domestic_share");
  spec.input_share = options.real("generate.input_share");
  spec.seed = static_cast<std::uint64_t>(options.integer("generate.seed"));
  const std::string path = options.text("output");
  const std::string layout = options.text("generate.layout");
  const double n = static_cast<double>(spec.regions * spec.sectors);
  const bool dense_z = layout == "dense" || (layout == "auto" && 2.0 * spec.links_per_row >= n);
  const long long level = options.integer("compression");
  if (level < 0 || level > 9) throw InputError("generate: --compression must be 0..9", true);
  solver::register_phases({"generate", "write"});  // on every rank, for -log_view
  run_collectively(MPI_COMM_WORLD, [&] {
    if (rank != 0) return;
    // Before anything is allocated: a table that cannot fit is refused with the estimate.
    io::SyntheticTableSize size = io::estimate_synthetic_table(spec);
    // A dense Z takes n² values on disk whatever the links (uncompressed, the default).
    if (dense_z) size.disk_bytes = std::max(size.disk_bytes, 8.0 * n * n);
    const std::string what =
        "generate: a table of n = " + std::to_string(spec.regions) + " x " +
        std::to_string(spec.sectors) + " with " + options.text("generate.links_per_row") +
        " links per row";
    io::require_memory(size.memory_bytes, what);
    io::require_disk(path, size.disk_bytes, what);
    io::SyntheticTable synthetic;
    {
      solver::Phase phase("generate", MPI_COMM_SELF);
      synthetic = io::make_synthetic_table(spec);
    }
    solver::Phase phase("write", MPI_COMM_SELF);
    io::write_synthetic_table(path, spec, synthetic, dense_z, static_cast<int>(level));
    log::info("wrote " + path + ": " + std::to_string(synthetic.table.labels.n()) + " x " +
              std::to_string(synthetic.table.labels.n()) + ", " +
              std::to_string(synthetic.table.z.values.size()) + " nonzeros in Z (" +
              (dense_z ? "dense" : "CSR") + ")");
  });
  return 0;
}

}  // namespace leontief::app
