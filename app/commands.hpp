#pragma once
/// @file commands.hpp
/// @brief The `leontief` commands. Each parses its own options (from the registry), runs
/// collectively on MPI_COMM_WORLD and returns the process exit code.

#include <map>
#include <string>
#include <vector>

#include "io/config/parameters.hpp"
#include "io/store/table_labels.hpp"
#include "solver/distributed_table.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::app {

struct Command {
  const char* name;
  const char* summary;
  io::ParameterSet (*parameters)();
  int (*run)(const io::ParameterSet& options);
};

/// All commands, in the order `leontief --help` lists them.
const std::vector<Command>& commands();

/// Options shared by every command (log level, PETSc options).
void add_common_parameters(io::ParameterSet& set);
/// @brief Reads a table as the "read" phase of a command. @note Collective on `comm`.
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
io::ParameterSet dynamic_parameters();
int run_dynamic(const io::ParameterSet& options);

/// Root attributes of a result file: command, version, source table and year, the
/// effective configuration (INI text), number of ranks, creation time.
std::map<std::string, std::string> result_metadata(const std::string& command,
                                                   const io::ParameterSet& options,
                                                   const io::TableMetadata& table,
                                                   const std::string& table_path);

}  // namespace leontief::app
