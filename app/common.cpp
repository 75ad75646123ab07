#include <mpi.h>

#include <ctime>
#include <filesystem>
#include <sstream>

#include "app/commands.hpp"
#include "io/results/csv_manifest.hpp"
#include "io/runtime/atomic_path.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/resources.hpp"
#include "io/store/hdf5.hpp"
#include "io/store/table_layout.hpp"
#include "io/store/table_store.hpp"
#include "solver/blas_threads.hpp"
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
       "real wages, terms of trade, volume of trade", tariff_parameters, run_tariff, tariff_inputs},
      {"dynamic", "shocks over time (ARIO): disruption, inventories, rationing and recovery, "
       "day by day; scenarios and random ensembles", dynamic_parameters, run_dynamic},
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
  set.add({"size_check", Parameter::Type::boolean, "true", "",
           "estimate memory and disk before large allocations and writes and refuse a run "
           "that cannot fit, with the estimate (false: try anyway)"});
}

solver::DistributedTable read_table(MPI_Comm comm, const std::string& path) {
  solver::Phase phase("read", comm);
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
  add_dense_parameters(set);
}

void add_dense_parameters(io::ParameterSet& set) {
  set.add({"solver.threads", Parameter::Type::integer, "0", "threads",
           "BLAS threads per MPI rank (dense LU, inverse, products); 0: OPENBLAS_NUM_THREADS "
           "if set, else from the hardware: the CPUs a rank may run on, shared among the ranks "
           "of its node bound to the same CPUs (one rank alone uses every core; run it "
           "without mpiexec, or with `mpiexec --bind-to none`)"},
          io::Range::at_least(0));
}

void check_memory(MPI_Comm comm, const io::ParameterSet& options, const std::string& table_path,
                  const std::string& command, int run_ranks,
                  const std::function<void(solver::DenseRunShape&)>& fill) {
  if (!io::size_checks_enabled()) return;  // --size_check false
  solver::LeontiefOptions solver_options;
  // Commands without a storage option (inverse) are dense whatever the table.
  solver_options.storage = solver::MatrixStorage::dense;
  if (options.takes_value("solver.matrix")) solver_options = leontief_options(options);
  if (solver_options.storage == solver::MatrixStorage::sparse) return;
  solver::DenseRunShape shape;
  {
    const io::TableFile file(comm, table_path);  // labels and the layout of Z only
    shape.regions = file.labels().region_count();
    shape.sectors = file.labels().sector_count();
    shape.categories = file.labels().category_count();
    shape.z_dense_in_file = !file.sparse_intermediate();
    shape.z_nonzeros = static_cast<double>(file.intermediate_nonzeros());
  }
  const double n = static_cast<double>(shape.regions * shape.sectors);
  if (solver_options.storage == solver::MatrixStorage::automatic &&
      (n > static_cast<double>(solver_options.dense_max_order) ||
       (!shape.z_dense_in_file && shape.z_nonzeros < solver_options.dense_min_density * n * n))) {
    return;  // sparse storage
  }
  fill(shape);
  solver::require_memory(comm, solver::dense_run_budget(shape, run_ranks), command);
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
  io::set_size_checks(options.boolean("size_check"));
  if (options.takes_value("solver.threads")) {  // commands that solve with I - A
    const long long threads = options.integer("solver.threads");
    if (threads < 0 || threads > 4096) {
      throw InputError("solver.threads must be between 0 and 4096 (got " +
                           options.text("solver.threads") + ")",
                       true);
    }
    solver::set_blas_threads(MPI_COMM_WORLD, static_cast<int>(threads));
  }
  const std::string petsc = options.text("solver.petsc_options");
  if (!petsc.empty()) {
    // Insert under the command line's options: PetscOptionsInsertString would override them.
    solver::insert_petsc_options_default(petsc);
  }
}

namespace {

namespace fs = std::filesystem;

/// Options that name what a command writes; every other path option is read.
bool is_output_option(const std::string& name) {
  return name == "output" || name == "csv" || name == "plot";
}

/// True if `options` has a value for `name` (false also for options the command lacks).
bool given(const io::ParameterSet& options, const std::string& name) {
  for (const auto& p : options.parameters()) {
    if (p.name == name) return options.has(name) && !options.text(name).empty();
  }
  return false;
}

/// A table directory of `thinning` holds tables and perhaps results: only its tables (and
/// .h5 files HDF5 cannot read, which might be) are inputs.
bool may_be_table(const fs::path& path) {
  if (H5Fis_hdf5(path.c_str()) <= 0) return true;
  io::h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  std::string format;
  if (!file.valid()) return true;
  const bool table = io::h5::read_string_attribute(file.get(), "format", format) &&
                     format == io::kTableFormat;
  H5Eclear2(H5E_DEFAULT);
  return table;
}

/// `path`, or the regular files below it if it is a directory (a folder of a publisher's
/// files: the reader takes its files from it).
void add_input(std::vector<io::InputFile>& inputs, const std::string& option,
               const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    inputs.push_back({option, path});
    return;
  }
  std::size_t count = 0;
  for (auto it = fs::recursive_directory_iterator(
           path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator() && count < 100000; it.increment(ec)) {
    if (it->is_regular_file(ec)) {
      inputs.push_back({option, it->path().string()});
      ++count;
    }
  }
}

}  // namespace

std::vector<io::InputFile> command_inputs(const io::ParameterSet& options) {
  std::vector<io::InputFile> inputs;
  if (!options.config_file().empty()) inputs.push_back({"--config", options.config_file()});
  for (const auto& p : options.parameters()) {
    if (p.type != Parameter::Type::path || is_output_option(p.name) || !options.has(p.name)) {
      continue;
    }
    const std::string value = options.text(p.name);
    if (!value.empty()) add_input(inputs, "--" + p.name, value);
  }
  if (given(options, "tables")) {
    const std::string tables = options.text("tables");
    std::error_code ec;
    if (fs::is_directory(tables, ec)) {
      for (const auto& entry : fs::directory_iterator(tables, ec)) {
        if (entry.path().extension() == ".h5" && may_be_table(entry.path())) {
          inputs.push_back({"--tables", entry.path().string()});
        }
      }
    } else {
      std::stringstream list(tables);
      std::string item;
      while (std::getline(list, item, ',')) {
        const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        if (first != std::string::npos) {
          inputs.push_back({"--tables", item.substr(first, last - first + 1)});
        }
      }
    }
  }
  return inputs;
}

void check_outputs(const Command& command, const io::ParameterSet& options) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  std::vector<io::InputFile> inputs;
  run_collectively(MPI_COMM_WORLD, [&] {
    if (rank == 0) inputs = command.inputs ? command.inputs(options) : command_inputs(options);
  });
  io::protect_inputs(MPI_COMM_WORLD, inputs);
  run_collectively(MPI_COMM_WORLD, [&] {
    if (rank != 0) return;
    for (const char* name : {"output", "plot"}) {
      if (!given(options, name)) continue;
      const fs::path file(options.text(name));
      io::refuse_overwriting_input(file.string(), std::string("--") + name);
      io::remove_stale_temporaries(file.parent_path().string(), file.filename().string());
    }
    if (given(options, "csv")) {
      const std::string directory = options.text("csv");
      io::refuse_overwriting_input(directory, "--csv");
      // The previous run's files there are replaced or removed when this run completes.
      for (const auto& entry : io::read_csv_manifest(directory)) {
        if (entry.command != command.name) continue;
        io::refuse_overwriting_input((fs::path(directory) / entry.name).string(),
                                     "--csv (a file of the previous run in it)");
      }
      io::remove_stale_temporaries(directory);
    }
  });
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
