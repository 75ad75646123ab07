/// @file command_decompose.cpp
/// @brief `leontief decompose --method M`: gross-export decompositions and GVC indicators
/// (decomposition/methods.hpp) for every exporter, sector and partner of a table.

#include <mpi.h>

#include <optional>

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

/// The --method value is checked when the options are parsed, before any work.
io::Validator method_validator() {
  return {"comma-separated method names, or all; each runs once",
          [](const std::string& value) -> std::optional<std::string> {
            try {
              decomposition::select_methods(value);
            } catch (const InputError& e) {
              return e.what();
            }
            return std::nullopt;
          }};
}

}  // namespace

io::ParameterSet decompose_parameters() {
  io::ParameterSet set("decompose",
                       "Gross-export decompositions and GVC indicators for every exporter, "
                       "sector and partner of a table.");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table written by `leontief import`", true});
  set.set_positional("table");
  set.add({"method", Parameter::Type::text, "", "", "the methods to run: " + method_list(), true},
          method_validator());
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"csv", Parameter::Type::path, "", "", "directory for tidy CSV files (<method>.csv)"});
  set.add({"position.upstreamness",
           Parameter::Type::text,
           "plain",
           "",
           "position: plain U = (I - x^-1 Z)^-1 1 (column UPSTREAMNESS), or inventory_corrected: "
           "with the inventory correction of Antras, Chor, Fally and Hillberry (2012), x_i "
           "less the output put into inventories (column UPSTREAMNESS_INVENTORY_CORRECTED)",
           false,
           {"plain", "inventory_corrected"}});
  set.add({"position.inventory_categories", Parameter::Type::text, "auto", "",
           "position: final-demand categories holding changes in inventories, for "
           "inventory_corrected: auto (INVEN, INVNT, INV, P52, P5M, F5 or a label naming "
           "inventories) or comma-separated category labels"});
  add_solver_parameters(set);
  add_common_parameters(set);
  return set;
}

int run_decompose(const io::ParameterSet& options) {
  const auto chosen = decomposition::select_methods(options.text("method"));  // validated
  decomposition::MethodOptions method_options;
  method_options.position.upstreamness =
      decomposition::parse_upstreamness(options.text("position.upstreamness"));
  method_options.position.inventory_categories = options.text("position.inventory_categories");
  method_options.position.solver = leontief_options(options);
  const std::string table_path = options.text("table");
  solver::DistributedTable table = read_table(MPI_COMM_WORLD, table_path);
  decomposition::require_economies(chosen, table.labels(), table_path);
  solver::LeontiefOperator leontief(table, method_options.position.solver);
  decomposition::GvcContext context(table, leontief);

  std::vector<decomposition::TermTable> results;
  for (const auto* method : chosen) {
    solver::Phase phase(std::string("decompose ") + method->name);
    auto tables = method->run(context, method_options);
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
