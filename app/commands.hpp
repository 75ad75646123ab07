#pragma once
/// @file commands.hpp
/// @brief The `leontief` commands. Each parses its own options (from the registry), runs
/// collectively on MPI_COMM_WORLD and returns the process exit code.

#include <map>
#include <string>
#include <vector>

#include "io/config/parameters.hpp"
#include "io/runtime/output_guard.hpp"
#include "io/store/table_labels.hpp"
#include "solver/distributed_table.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::app {

struct Command {
  const char* name;
  const char* summary;
  io::ParameterSet (*parameters)();
  int (*run)(const io::ParameterSet& options);
  /// The files the command reads, when they are not simply its path options (relative to
  /// the working directory) and --config: see command_inputs().
  std::vector<io::InputFile> (*inputs)(const io::ParameterSet& options) = nullptr;
};

/// All commands, in the order `leontief --help` lists them.
const std::vector<Command>& commands();

/// @brief The files a command reads: --config, every path option that is not an output
/// (output, csv, plot) with the files below it if it is a directory, and the tables of
/// --tables (a list, or a directory's leontief tables).
std::vector<io::InputFile> command_inputs(const io::ParameterSet& options);

/// @brief Before any work: refuses an output (--output, --plot, --csv and the previous run's
/// files in it) that is one of the command's inputs, and removes stale temporaries of the
/// outputs left by killed runs; the inputs stay protected for the whole run (AtomicPath).
/// @throws InputError on every rank. @note Collective on MPI_COMM_WORLD.
void check_outputs(const Command& command, const io::ParameterSet& options);

/// Options shared by every command (log level, PETSc options, size checks).
void add_common_parameters(io::ParameterSet& set);
/// @brief Reads a table as the "read" phase of a command (a phase on `comm`).
/// @note Collective on `comm`.
solver::DistributedTable read_table(MPI_Comm comm, const std::string& path);

/// Options of commands that solve with I − A (storage of the matrix).
void add_solver_parameters(io::ParameterSet& set);
solver::LeontiefOptions leontief_options(const io::ParameterSet& options);
/// Applies the shared options (sets the log level, inserts PETSc options).
void apply_common_parameters(const io::ParameterSet& options);

io::ParameterSet import_parameters();
int run_import(const io::ParameterSet& options);
io::ParameterSet info_parameters();
int run_info(const io::ParameterSet& options);
io::ParameterSet va_parameters();
int run_va(const io::ParameterSet& options);
io::ParameterSet inverse_parameters();
int run_inverse(const io::ParameterSet& options);
io::ParameterSet generate_parameters();
int run_generate(const io::ParameterSet& options);
io::ParameterSet export_parameters();
int run_export(const io::ParameterSet& options);
io::ParameterSet aggregate_parameters();
int run_aggregate(const io::ParameterSet& options);
io::ParameterSet decompose_parameters();
int run_decompose(const io::ParameterSet& options);
io::ParameterSet shock_parameters();
int run_shock(const io::ParameterSet& options);
io::ParameterSet thinning_parameters();
int run_thinning(const io::ParameterSet& options);
io::ParameterSet tariff_parameters();
int run_tariff(const io::ParameterSet& options);
std::vector<io::InputFile> tariff_inputs(const io::ParameterSet& options);
io::ParameterSet dynamic_parameters();
int run_dynamic(const io::ParameterSet& options);

/// Root attributes of a result file: command, version, source table and year, the
/// effective configuration (INI text), number of ranks, creation time.
std::map<std::string, std::string> result_metadata(const std::string& command,
                                                   const io::ParameterSet& options,
                                                   const io::TableMetadata& table,
                                                   const std::string& table_path);

}  // namespace leontief::app
