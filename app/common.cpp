#include <mpi.h>

#include <ctime>

#include "app/commands.hpp"
#include "io/runtime/log.hpp"
#include "solver/petsc_session.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"import", "read a table (wide CSV, ICIO, WIOD 2016, EXIOBASE 3, Eora26, ADB, FIGARO) into "
       "the canonical HDF5 store", import_parameters, run_import},
      {"export", "write a table to the wide CSV layout", export_parameters, run_export},
      {"generate", "write a synthetic table of chosen size and density with a known answer",
       generate_parameters, run_generate},
      {"aggregate", "aggregate regions/sectors with concordances (and merge ICIO CN/MX splits)",
       aggregate_parameters, run_aggregate},
      {"info", "print a table's dimensions, totals and balance checks", info_parameters,
       run_info},
      {"va", "value added by origin and destination (V̂BY) and gross exports", va_parameters,
       run_va},
      {"inverse", "the whole global Leontief inverse B = (I - A)^-1 (dense n x n; optionally "
       "the Ghosh inverse)", inverse_parameters, run_inverse},
      {"decompose", "gross-export decompositions and GVC indicators (kww, wwz, ...)",
       decompose_parameters, run_decompose},
      {"shock", "linear shock models of a scenario file (demand, supply, price, tariff, "
       "extraction)", shock_parameters, run_shock},
      {"thinning", "domestic content of exports over a panel of years: measures, SDA, trend",
       thinning_parameters, run_thinning},
      {"tariff", "general-equilibrium tariff counterfactual (Caliendo-Parro 2015): welfare, "
       "real wages, terms of trade, volume of trade", tariff_parameters, run_tariff},
  };
  return all;
}

void add_common_parameters(io::ParameterSet& set) {
  set.add({"log.level", Parameter::Type::text, "info", "",
           "progress messages on stderr: error, warn, info or debug", false,
           {"error", "warn", "info", "debug"}});
  set.add({"solver.petsc_options", Parameter::Type::text, "", "",
           "PETSc options for the Leontief solver, e.g. "
           "\"-leontief_pc_factor_mat_solver_type superlu_dist\" (command-line PETSc options "
           "take precedence)"});
}

solver::DistributedTable read_table(MPI_Comm comm, const std::string& path) {
  solver::Phase phase("read");
  return solver::DistributedTable::read(comm, path);
}

void add_solver_parameters(io::ParameterSet& set) {
  set.add({"solver.matrix", Parameter::Type::text, "auto", "",
           "storage of I - A: auto, sparse (MUMPS LU by default) or dense (LAPACK on one "
           "rank, ScaLAPACK on several); auto picks dense when A has at least 1% nonzeros "
           "and n <= 30000",
           false, {"auto", "sparse", "dense"}});
  set.add({"solver.method", Parameter::Type::text, "auto", "",
           "direct (LU factors) or iterative (GMRES, block-Jacobi over economies; stores only "
           "A's nonzeros); auto picks iterative when I - A is sparse and n >= "
           "solver.iterative_min_order",
           false, {"auto", "direct", "iterative"}});
  set.add({"solver.iterative_min_order", Parameter::Type::integer, "100000", "",
           "auto: smallest n solved iteratively (a sparse LU of a large network fills in)"},
          io::Range::at_least(0));
  set.add({"solver.tolerance", Parameter::Type::real, "1e-12", "",
           "iterative solves stop at this relative residual ||b - (I - A)x|| / ||b||"},
          io::Range::inside(0, 1));
}

solver::LeontiefOptions leontief_options(const io::ParameterSet& options) {
  solver::LeontiefOptions o;
  o.storage = solver::parse_matrix_storage(options.text("solver.matrix"));
  o.path = solver::parse_solve_path(options.text("solver.method"));
  // Ranges are checked by the registry when the options are parsed.
  o.iterative_min_order = static_cast<std::size_t>(options.integer("solver.iterative_min_order"));
  o.tolerance = options.real("solver.tolerance");
  return o;
}

void apply_common_parameters(const io::ParameterSet& options) {
  log::set_level(log::parse_level(options.text("log.level")));
  const std::string petsc = options.text("solver.petsc_options");
  if (!petsc.empty()) {
    // Insert under the command line's options: PetscOptionsInsertString would override them.
    solver::insert_petsc_options_default(petsc);
  }
}

std::map<std::string, std::string> result_metadata(const std::string& command,
                                                   const io::ParameterSet& options,
                                                   const io::TableMetadata& table,
                                                   const std::string& table_path) {
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  char created[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return {{"command", "leontief " + command},
          {"leontief_version", LEONTIEF_VERSION},
          {"table", table_path},
          {"source", table.source},
          {"year", std::to_string(table.year)},
          {"units", table.units},
          {"configuration", options.effective_ini()},
          {"mpi_ranks", std::to_string(ranks)},
          {"created", created}};
}

}  // namespace leontief::app
