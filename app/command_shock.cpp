/// @file command_shock.cpp
/// @brief `leontief shock --scenario S.ini`: the linear models of a scenario file (demand,
/// supply, inoperability, price, tariff incidence, hypothetical extraction) on one
/// factorization of I − A (decomposition/shocks/shock_models.hpp).

#include <mpi.h>

#include <fstream>
#include <sstream>

#include "app/commands.hpp"
#include "decomposition/shocks/shock_models.hpp"
#include "decomposition/term_table_output.hpp"
#include "io/config/scenario.hpp"
#include "io/results/result_file.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet shock_parameters() {
  io::ParameterSet set("shock",
                       "Linear models of a scenario file on the full MRIO table: demand "
                       "(Leontief), supply (Ghosh), inoperability, cost-push prices, tariff "
                       "incidence and effective protection, hypothetical extraction.");
  set.add(
      {"table", Parameter::Type::path, "", "", "HDF5 table written by `leontief import`", true});
  set.set_positional("table");
  set.add({"scenario", Parameter::Type::path, "", "",
           "INI scenario file: one [scenario.NAME] section per scenario (see the user guide)",
           true});
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"csv", Parameter::Type::path, "", "", "directory for tidy CSV files (<table>.csv)"});
  add_solver_parameters(set);
  add_common_parameters(set);
  return set;
}

int run_shock(const io::ParameterSet& options) {
  const std::string table_path = options.text("table");
  const std::string scenario_path = options.text("scenario");
  solver::DistributedTable table = read_table(MPI_COMM_WORLD, table_path);
  std::vector<io::Scenario> scenarios;
  std::string scenario_text;
  {
    solver::Phase phase("read scenarios");
    // Every rank reads the (small) files; a bad line stops every rank with the same message.
    run_collectively(MPI_COMM_WORLD, [&] {
      scenarios = io::read_scenarios(scenario_path, table.labels());
      std::ifstream in(scenario_path);
      std::ostringstream text;
      text << in.rdbuf();
      scenario_text = text.str();
    });
    log::info(std::to_string(scenarios.size()) + " scenario" + (scenarios.size() == 1 ? "" : "s") +
              " in " + scenario_path);
  }
  const solver::LeontiefOptions solver_options = leontief_options(options);
  solver::LeontiefOperator leontief(table, solver_options);
  decomposition::GvcContext context(table, leontief);
  std::vector<decomposition::TermTable> results =
      decomposition::run_shock_scenarios(context, scenarios, solver_options);

  solver::Phase phase("write");
  io::ResultFile result(MPI_COMM_WORLD, options.text("output"));
  auto metadata = result_metadata("shock", options, table.metadata(), table_path);
  metadata["linear_solver"] = leontief.description();
  metadata["balanced"] = table.balanced() ? "true" : "false";
  metadata["scenario_file"] = scenario_path;
  result.write_metadata(metadata, table.labels());
  // The scenario file itself (a dataset: sweeps outgrow HDF5's 64 KiB attribute limit).
  result.write_labels("scenario_file", {scenario_text});
  decomposition::write_term_tables(MPI_COMM_WORLD, result, options.has("csv") ? options.text("csv") : "",
                    table.labels(), results);
  log::info("wrote " + options.text("output") +
            (options.has("csv") ? " and CSV files in " + options.text("csv") : ""));
  return 0;
}

}  // namespace leontief::app
