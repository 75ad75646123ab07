/// @file command_decompose.cpp
/// @brief `leontief decompose --method M`: gross-export decompositions and GVC indicators
/// (decomposition/methods.hpp) for every exporter, sector and partner of a table, or, with
/// `--tables`, of every year of a panel of tables in one job (decomposition/panel/).

#include <mpi.h>

#include <optional>

#include "app/commands.hpp"
#include "decomposition/methods.hpp"
#include "decomposition/panel/decompose_panel.hpp"
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

/// Before reading: refuses a dense run the nodes cannot hold (app/common.hpp).
void check_decompose_memory(const io::ParameterSet& options, const std::string& table,
                            const std::vector<const decomposition::Method*>& chosen,
                            int run_ranks) {
  check_memory(MPI_COMM_WORLD, options, table, "decompose", run_ranks,
               [&](solver::DenseRunShape& shape) {
                 const double n = static_cast<double>(shape.regions * shape.sectors);
                 // GvcContext and the methods' replicated n x G products.
                 shape.replicated_columns = 45.0 * static_cast<double>(shape.regions);
                 for (const auto* m : chosen) {
                   shape.inverse_rows = shape.inverse_rows || m->leontief_rows;
                   shape.output_bytes += n * 8.0 * m->result_values_per_row(shape.regions);
                 }
               });
}

/// The methods' options (position's upstreamness variant) and the solver's.
decomposition::MethodOptions decompose_method_options(const io::ParameterSet& options) {
  decomposition::MethodOptions method_options;
  method_options.position.upstreamness =
      decomposition::parse_upstreamness(options.text("position.upstreamness"));
  method_options.position.inventory_categories = options.text("position.inventory_categories");
  method_options.position.solver = leontief_options(options);
  return method_options;
}

}  // namespace

io::ParameterSet decompose_parameters() {
  io::ParameterSet set("decompose",
                       "Gross-export decompositions and GVC indicators for every exporter, "
                       "sector and partner of a table, or of every year of a panel of tables "
                       "(--tables: years run in parallel on groups of ranks; a rerun resumes).");
  set.add({"table", Parameter::Type::path, "", "",
           "HDF5 table written by `leontief import` (or give --tables)"});
  set.set_positional("table");
  set.add({"tables", Parameter::Type::text, "", "",
           "a panel instead of one table: a directory (every leontief table *.h5 in it) or a "
           "comma-separated list of tables, one per year; the results of every year are stacked "
           "with a first key column `year`"});
  set.add({"method", Parameter::Type::text, "", "", "the methods to run: " + method_list(), true},
          method_validator());
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"csv", Parameter::Type::path, "", "", "directory for tidy CSV files (<method>.csv)"});
  set.add({"decompose.ranks_per_group", Parameter::Type::integer, "1", "ranks",
           "--tables: MPI ranks that solve one year together; the ranks are split into groups "
           "of this size that work on different years at once (0: all ranks in one group)"},
          io::Range::at_least(0));
  set.add({"decompose.resume", Parameter::Type::boolean, "true", "",
           "--tables: reuse years finished by an earlier run (in <output>.parts/ or in the "
           "output); false recomputes every year"});
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

/// `--tables`: every year of the panel, stacked into one result.
int run_decompose_panel(const io::ParameterSet& options,
                        const std::vector<const decomposition::Method*>& chosen,
                        const decomposition::MethodOptions& method_options) {
  decomposition::DecomposePanel panel(
      MPI_COMM_WORLD,
      {options.text("tables"), options.text("output"), options.has("csv") ? options.text("csv") : "",
       chosen, method_options, options.boolean("decompose.resume"),
       options.integer("decompose.ranks_per_group")});
  check_decompose_memory(options, panel.tables().years.front().path, chosen,
                         panel.groups().ranks_per_group());
  panel.compute();
  const io::TablePanel& tables = panel.tables();
  auto metadata = result_metadata("decompose", options, tables.first_metadata, tables.path_list());
  metadata["year"] = std::to_string(tables.first_year()) + "-" + std::to_string(tables.last_year());
  metadata["years"] = tables.year_list();
  metadata["methods"] = panel.method_list();
  metadata["year_groups"] = std::to_string(panel.groups().count()) + " of " +
                            std::to_string(panel.groups().ranks_per_group()) + " rank(s)";
  panel.write(metadata);
  return 0;
}

int run_decompose(const io::ParameterSet& options) {
  const auto chosen = decomposition::select_methods(options.text("method"));  // validated
  if (options.has("table") == options.has("tables")) {
    throw InputError("decompose: give either --table (one table) or --tables (a panel)", true);
  }
  const decomposition::MethodOptions method_options = decompose_method_options(options);
  if (options.has("tables")) return run_decompose_panel(options, chosen, method_options);
  const std::string table_path = options.text("table");
  int ranks = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(MPI_COMM_WORLD, &ranks));
  check_decompose_memory(options, table_path, chosen, ranks);
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
