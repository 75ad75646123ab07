/// @file command_dynamic.cpp
/// @brief `leontief dynamic --scenario S.ini`: shocks over time in the ARIO model (Hallegatte
/// 2008, 2014; BoARIO): production capacity lost, inventories, rationing, orders, recovery
/// and reconstruction, day by day (decomposition/dynamic/). The scenarios of the file run
/// one after another on all ranks; the ensembles' draws run on groups of ranks and resume
/// after a stop. Everything is written under temporary names and renamed at the end.

#include <mpi.h>

#include <fstream>
#include <sstream>

#include "app/commands.hpp"
#include "app/dynamic_plot.hpp"
#include "decomposition/dynamic/ario_ensemble.hpp"
#include "decomposition/dynamic/ario_ensemble_output.hpp"
#include "decomposition/dynamic/ario_model.hpp"
#include "decomposition/dynamic/ario_output.hpp"
#include "io/config/dynamic_scenario.hpp"
#include "io/results/result_file.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "io/text/csv_fields.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet dynamic_parameters() {
  io::ParameterSet set(
      "dynamic",
      "Shocks over time in the ARIO model (Hallegatte 2008, 2014, as BoARIO implements it): "
      "capacity or capital lost, inventories, proportional rationing, orders, overproduction, "
      "recovery and reconstruction, one step per day; scenarios and random ensembles.");
  set.add(
      {"table", Parameter::Type::path, "", "", "HDF5 table written by `leontief import`", true});
  set.add({"scenario", Parameter::Type::path, "", "",
           "INI scenario file: [event.NAME], [scenario.NAME] and [ensemble.NAME] sections (see "
           "the user guide)",
           true});
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"csv", Parameter::Type::path, "", "",
           "directory for tidy CSV files (dynamic_*.csv)"});
  set.add({"plot", Parameter::Type::path, "", "",
           "PNG file: output of the hit and most affected economies in one scenario (gnuplot, "
           "through jobs/plot_dynamic.sh)"});
  set.add({"plot_scenario", Parameter::Type::text, "", "",
           "the scenario to plot (default: the first scenario of the file)"});
  set.add({"plot_regions", Parameter::Type::text, "", "",
           "comma-separated economies to plot (default: those hit, then the most affected)"});
  set.add({"dynamic.ranks_per_group", Parameter::Type::integer, "1", "ranks",
           "ensembles: MPI ranks that run one draw together; the ranks are split into groups "
           "of this size that run different draws at once (0: all ranks in one group)"},
          io::Range::between(0, 2147483647));
  set.add({"dynamic.resume", Parameter::Type::boolean, "true", "",
           "ensembles: reuse draws finished by an earlier run (in <output>.parts/); false "
           "computes every draw"});
  set.set_positional("table");
  decomposition::add_ario_parameters(set);
  add_common_parameters(set);
  return set;
}

int run_dynamic(const io::ParameterSet& options) {
  const MPI_Comm world = MPI_COMM_WORLD;
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(world, &rank));
  solver::register_phases({"read", "read scenarios", "set up ARIO", "scenarios", "ensemble draws",
                           "write"});
  const std::string table_path = options.text("table");
  const std::string scenario_path = options.text("scenario");
  const std::string output = options.text("output");
  const std::string csv = options.has("csv") ? options.text("csv") : "";
  const solver::DistributedTable table = read_table(world, table_path);
  const io::TableLabels& labels = table.labels();

  std::vector<io::DynamicScenarioSpec> specs;
  std::string scenario_text;
  {
    solver::Phase phase("read scenarios");
    run_collectively(world, [&] {
      specs = io::read_dynamic_scenarios(scenario_path, labels);
      std::ifstream in(scenario_path);
      std::ostringstream text;
      text << in.rdbuf();
      scenario_text = text.str();
    });
  }
  const decomposition::ArioParameters parameters = decomposition::ario_parameters(options, labels);
  std::vector<const io::DynamicScenarioSpec*> scenarios, ensembles;
  for (const auto& s : specs) (s.ensemble ? ensembles : scenarios).push_back(&s);
  log::info(std::to_string(scenarios.size()) + " scenario(s) and " +
            std::to_string(ensembles.size()) + " ensemble(s) in " + scenario_path + "; " +
            std::to_string(parameters.days) + " days");

  // The plot: a scenario of the file, economies of the table, economy series kept.
  const bool plot = options.has("plot");
  std::string plot_scenario = options.has("plot_scenario") ? options.text("plot_scenario") : "";
  const auto plot_regions = io::csv::split_list(options.text("plot_regions"));
  if (plot) {
    if (scenarios.empty()) throw InputError("plot: the scenario file has no [scenario.NAME] to plot");
    if (plot_scenario.empty()) plot_scenario = scenarios.front()->name;
    bool found = false;
    for (const auto* s : scenarios) found = found || s->name == plot_scenario;
    if (!found) throw InputError("plot_scenario: no scenario '" + plot_scenario + "' in " + scenario_path);
    for (const auto& r : plot_regions) {
      if (std::find(labels.regions.begin(), labels.regions.end(), r) == labels.regions.end()) {
        throw InputError("plot_regions: unknown economy '" + r + "'");
      }
    }
    if (parameters.series == decomposition::SeriesLevel::none) {
      throw InputError("plot: needs daily series (dynamic.series = economy or sector)");
    }
  }
  const decomposition::EnsembleSettings settings{
      output + ".parts", options.boolean("dynamic.resume"),
      options.integer("dynamic.ranks_per_group"),
      decomposition::ensemble_fingerprint(options, table_path, scenario_text)};
  if (settings.ranks_per_group < 0) {
    throw InputError("dynamic.ranks_per_group: must be 0 or more");
  }

  io::ResultFile result(world, output);
  auto metadata = result_metadata("dynamic", options, table.metadata(), table_path);
  metadata["scenario_file"] = scenario_path;
  metadata["model"] = "ARIO (Hallegatte 2008, 2014; BoARIO), one step per day";
  result.write_metadata(metadata, labels);
  result.write_labels("scenario_file", {scenario_text});
  result.write_labels("measures", decomposition::ario_measure_names());
  std::vector<io::TidyCsvWriter*> csv_files;

  // Scenarios, one after another on all ranks.
  decomposition::EconomyPaths paths;
  std::unique_ptr<decomposition::ArioScenarioOutput> scenario_output;
  if (!scenarios.empty()) {
    const decomposition::ArioNetwork network(table, parameters.days_per_year);
    const decomposition::EventContext context{labels, table.gross_output(), table.value_added(),
                                              parameters.capital_to_value_added};
    scenario_output = std::make_unique<decomposition::ArioScenarioOutput>(
        world, result, csv, labels, table.partition(), parameters.series);
    solver::Phase phase("scenarios");
    for (const auto* spec : scenarios) {
      std::vector<decomposition::ArioEvent> events;
      run_collectively(world, [&] { events = decomposition::realize_events(*spec, 0, context); });
      const double start = log::elapsed_seconds();
      const auto run = decomposition::simulate_ario(network, parameters, events, parameters.series);
      const double seconds = log::elapsed_seconds() - start;
      scenario_output->write(spec->name, spec->description, events, run);
      if (plot && spec->name == plot_scenario) {
        paths = decomposition::economy_paths(world, labels, events, run, plot_regions);
      }
      char line[240];
      const auto& w = run.world_losses;
      std::snprintf(line, sizeof line,
                    "scenario %s: output loss %.6g (direct %.6g, indirect %.6g), unmet final "
                    "demand %.6g, world output back after %.0f days (%.2f s, %.3g ms per day)",
                    spec->name.c_str(), w[2], w[0], w[1], w[5], w[decomposition::kDaysToRecovery],
                    seconds, 1e3 * seconds / static_cast<double>(parameters.days));
      log::info(line);
    }
    scenario_output->finish();
    for (auto* f : scenario_output->csv_files()) csv_files.push_back(f);
  }

  // Ensembles, their draws on groups of ranks.
  std::vector<std::unique_ptr<io::TidyCsvWriter>> ensemble_csv;
  if (!ensembles.empty()) {
    const auto draws = decomposition::run_ensembles(world, table_path, ensembles, parameters, settings);
    solver::Phase phase("write");
    ensemble_csv = decomposition::write_ensembles(world, result, csv, labels, draws, parameters);
    for (auto& f : ensemble_csv) csv_files.push_back(f.get());
  }

  // Everything is complete: only now replace older results.
  result.commit();
  for (auto* f : csv_files) f->commit();
  if (!ensembles.empty() && rank == 0) decomposition::remove_ensemble_parts(settings);
  log::info("wrote " + output + (csv.empty() ? "" : " and CSV files in " + csv));
  if (plot) {
    run_collectively(world, [&] {
      if (rank == 0) plot_dynamic(paths, plot_scenario, options.text("plot"));
    });
  }
  return 0;
}

}  // namespace leontief::app
