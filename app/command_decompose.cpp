/// @file command_decompose.cpp
/// @brief `leontief decompose --method M`: gross-export decompositions and GVC indicators
/// (decomposition/methods.hpp) for every exporter, sector and partner of a table.

#include <mpi.h>

#include <sstream>

#include "app/commands.hpp"
#include "decomposition/methods.hpp"
#include "decomposition/term_table_output.hpp"
#include "io/results/result_file.hpp"
#include "io/runtime/log.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

namespace {

std::string method_list() {
  std::string out;
  for (const auto& m : decomposition::methods()) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}

/// Parses "wwz", "kww,wwz" or "all" into registry entries.
std::vector<const decomposition::Method*> selected_methods(const std::string& text) {
  std::vector<const decomposition::Method*> out;
  std::stringstream in(text);
  std::string name;
  while (std::getline(in, name, ',')) {
    bool found = false;
    for (const auto& m : decomposition::methods()) {
      if (name == "all" || name == m.name) {
        out.push_back(&m);
        found = true;
      }
    }
    if (!found) {
      throw InputError("decompose: unknown --method '" + name + "' (known: " + method_list() +
                           ", all)",
                       true);
    }
  }
  return out;
}

}  // namespace

io::ParameterSet decompose_parameters() {
  io::ParameterSet set("decompose",
                       "Gross-export decompositions and GVC indicators for every exporter, "
                       "sector and partner of a table.");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table written by `leontief import`", true});
  set.add({"method", Parameter::Type::text, "", "",
           "comma-separated methods, or all: " + method_list(), true});
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"csv", Parameter::Type::path, "", "", "directory for tidy CSV files (<method>.csv)"});
  add_solver_parameters(set);
  add_common_parameters(set);
  return set;
}

int run_decompose(const io::ParameterSet& options) {
  const auto chosen = selected_methods(options.text("method"));
  const std::string table_path = options.text("table");
  solver::DistributedTable table = read_table(MPI_COMM_WORLD, table_path);
  solver::LeontiefOperator leontief(table, leontief_options(options));
  decomposition::GvcContext context(table, leontief);

  std::vector<decomposition::TermTable> results;
  for (const auto* method : chosen) {
    solver::Phase phase(std::string("decompose ") + method->name);
    auto tables = method->run(context);
    for (auto& t : tables) results.push_back(std::move(t));
  }

  solver::Phase phase("write");
  io::ResultFile result(MPI_COMM_WORLD, options.text("output"));
  auto metadata = result_metadata("decompose", options, table.metadata(), table_path);
  metadata["linear_solver"] = leontief.description();
  metadata["balanced"] = table.balanced() ? "true" : "false";
  result.write_metadata(metadata, table.labels());
  decomposition::write_term_tables(MPI_COMM_WORLD, result, options.has("csv") ? options.text("csv") : "",
                    table.labels(), results);
  log::info("wrote " + options.text("output") +
            (options.has("csv") ? " and CSV files in " + options.text("csv") : ""));
  return 0;
}

}  // namespace leontief::app
