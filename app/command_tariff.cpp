/// @file command_tariff.cpp
/// @brief `leontief tariff --scenario S.ini`: a Caliendo–Parro (2015) general-equilibrium
/// tariff counterfactual (decomposition/equilibrium/cp2015_model.hpp) on the authors' CP2015 data or on
/// inputs aggregated from an MRIO table of the store. Writes welfare, real wages and the
/// terms-of-trade / volume-of-trade decomposition by economy, sectoral costs and prices,
/// and bilateral trade shares (HDF5 + tidy CSV).

#include <mpi.h>

#include <filesystem>

#include "app/commands.hpp"
#include "decomposition/equilibrium/cp2015_inputs.hpp"
#include "decomposition/equilibrium/cp2015_model.hpp"
#include "decomposition/equilibrium/cp2015_output.hpp"
#include "io/config/scenario_paths.hpp"
#include "io/readers/cp2015_reader.hpp"
#include "io/results/result_file.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "io/text/csv_fields.hpp"
#include "solver/distributed_table.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;
namespace cp = decomposition::cp2015;

io::ParameterSet tariff_parameters() {
  io::ParameterSet set(
      "tariff",
      "General-equilibrium tariff counterfactual: the Caliendo-Parro (2015) multi-sector "
      "Ricardian model with input-output linkages, solved in relative changes. Welfare, real "
      "wages and the terms-of-trade / volume-of-trade decomposition by economy.");
  set.add_config_alias("scenario",
                       "scenario file (INI); relative paths in it are resolved "
                       "against its own directory");
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"csv", Parameter::Type::path, "", "",
           "directory for tidy CSV files (welfare.csv, regions.csv, sectors.csv, trade.csv, "
           "welfare_by_partner.csv)"});
  set.add({"data.source",
           Parameter::Type::text,
           "cp2015",
           "",
           "model inputs: the CP2015 text files in data.directory, or an MRIO table of the "
           "store (data.table) aggregated into bilateral trade by sector, input shares and "
           "value-added shares",
           false,
           {"cp2015", "table"}});
  set.add({"data.directory", Parameter::Type::path, "", "",
           "directory of the input files; relative file names of data.*, tariffs.* and "
           "elasticities.* are resolved against it (default: the scenario file's directory, "
           "or the working directory)"});
  set.add({"data.trade", Parameter::Type::path, "xbilat1993.txt", "",
           "cp2015: bilateral trade by sector ((Jt*N) x N, importer rows, exporter columns)"});
  set.add({"data.trade_scale", Parameter::Type::real, "1000", "",
           "cp2015: factor converting data.trade into the units of data.gross_output "
           "(thousands of USD to USD)"},
          io::Range::above(0));
  set.add(
      {"data.io_shares", Parameter::Type::path, "IO.txt", "", "cp2015: input shares ((N*J) x J)"});
  set.add({"data.value_added_shares", Parameter::Type::path, "B.txt", "",
           "cp2015: value-added shares of gross output (J x N)"});
  set.add(
      {"data.gross_output", Parameter::Type::path, "GO.txt", "", "cp2015: gross output (J x N)"});
  set.add({"data.table", Parameter::Type::path, "", "",
           "table: HDF5 table written by `leontief import`"});
  set.add({"data.keep_regions", Parameter::Type::text, "", "",
           "table: comma-separated economies kept as model economies; the others are merged "
           "into data.rest_of_world (default: keep all)"});
  set.add({"data.rest_of_world", Parameter::Type::text, "ROW", "",
           "table: name of the merged economy"});
  set.add({"tariffs.base", Parameter::Type::path, "", "",
           "base-year tariffs: cp2015: a (Jt*N) x N matrix in percent (tariffs1993.txt); "
           "table: CSV importer,exporter,sector,percent (* matches all; later rows win; "
           "default: no tariffs)"});
  set.add({"tariffs.counterfactual", Parameter::Type::path, "", "",
           "counterfactual tariffs: cp2015: matrix in percent (tariffs2005.txt); table: CSV "
           "rules applied on top of the base tariffs"});
  set.add({"tariffs.change_among", Parameter::Type::text, "", "",
           "comma-separated economies: only tariffs between two of them change (NAFTA: "
           "MEX,CAN,USA); default: every pair"});
  set.add({"elasticities.file", Parameter::Type::path, "", "",
           "trade elasticities theta: cp2015: one per tradable sector (T.txt); table: CSV "
           "sector,theta (optional)"});
  set.add({"elasticities.default", Parameter::Type::real, "8.22", "",
           "theta of sectors without one in elasticities.file (cp2015: the 20 non-tradable "
           "sectors, as in the authors' code)"},
          io::Range::above(0));
  set.add({"model.deficits",
           Parameter::Type::text,
           "zero",
           "",
           "trade deficits: zero (first solve the base year without deficits, as in the "
           "paper's main results) or observed (held fixed in nominal terms)",
           false,
           {"zero", "observed"}});
  set.add({"model.rebase", Parameter::Type::boolean, "true", "",
           "first solve the base-year equilibrium with unchanged tariffs, so that the base "
           "flows satisfy the model's equilibrium conditions (as the authors do)"});
  set.add({"solver.method",
           Parameter::Type::text,
           "newton",
           "",
           "outer solve for wages: newton (PETSc SNES, matrix-free Newton-Krylov; options "
           "-tariff_snes_*) or fixed_point (the authors' damped wage iteration)",
           false,
           {"newton", "fixed_point"}});
  set.add({"solver.tolerance", Parameter::Type::real, "1e-11", "relative",
           "largest trade-balance residual |exports - imports - surplus| / value added"},
          io::Range::above(0));
  set.add({"solver.max_iterations", Parameter::Type::integer, "10000", "",
           "outer iterations (Newton steps or damped wage steps)"},
          io::Range::between(1, 2147483647));
  set.add({"solver.damping", Parameter::Type::real, "0.2", "",
           "fixed_point: wage step = damping x trade-balance residual (authors: 0.2)"},
          io::Range::above(0));
  set.add({"solver.price_tolerance", Parameter::Type::real, "1e-14", "",
           "largest change in a price index ending the inner cost/price fixed point"},
          io::Range::above(0));
  set.add({"solver.expenditure_rtol", Parameter::Type::real, "1e-13", "relative",
           "relative residual of the expenditure system's GMRES solve (options "
           "-tariff_expenditure_ksp_*)"},
          io::Range::inside(0, 1));
  add_common_parameters(set);
  return set;
}

namespace {

void require(const io::ParameterSet& options, const std::string& name, const std::string& why) {
  if (!options.has(name) || options.text(name).empty()) {
    throw InputError("tariff: missing option " + name + " (" + why + ")", true);
  }
}

struct LoadedInputs {
  cp::ModelInputs inputs;
  io::TableMetadata metadata;
  std::string source_path;
};

LoadedInputs load_cp2015(const io::ParameterSet& options, const io::ScenarioPaths& paths) {
  require(options, "tariffs.base", "the CP2015 base-year tariffs, e.g. tariffs1993.txt");
  require(options, "tariffs.counterfactual", "the counterfactual tariffs, e.g. tariffs2005.txt");
  require(options, "elasticities.file", "the trade elasticities of the tradable sectors, T.txt");
  io::Cp2015Files files;
  files.trade = paths.file("data.trade");
  files.base_tariffs = paths.file("tariffs.base");
  files.counterfactual_tariffs = paths.file("tariffs.counterfactual");
  files.io_shares = paths.file("data.io_shares");
  files.value_added_shares = paths.file("data.value_added_shares");
  files.gross_output = paths.file("data.gross_output");
  files.elasticities = paths.file("elasticities.file");
  LoadedInputs out;
  run_collectively(MPI_COMM_WORLD, [&] {
    const io::Cp2015Data data = io::read_cp2015(files);
    cp::Cp2015InputOptions o;
    o.trade_scale = options.real("data.trade_scale");
    o.nontradable_theta = options.real("elasticities.default");
    if (!(o.trade_scale > 0)) throw InputError("data.trade_scale must be > 0");
    out.inputs = cp::inputs_from_cp2015(data, o);
  });
  out.metadata.source = "Caliendo & Parro (2015) replication data";
  out.metadata.year = 1993;
  out.metadata.units = "US dollars";
  out.metadata.input_file = paths.directory();
  out.source_path = paths.directory();
  return out;
}

LoadedInputs load_table(const io::ParameterSet& options, const io::ScenarioPaths& paths) {
  require(options, "data.table", "the HDF5 table to aggregate into model inputs");
  const std::string table_path = paths.file("data.table");
  solver::DistributedTable table = solver::DistributedTable::read(MPI_COMM_WORLD, table_path);
  cp::TableInputOptions o;
  o.keep_regions = io::csv::split_list(options.text("data.keep_regions"));
  o.rest_of_world = options.text("data.rest_of_world");
  o.default_theta = options.real("elasticities.default");
  run_collectively(MPI_COMM_WORLD, [&] {
    if (!options.text("tariffs.base").empty()) {
      o.base_tariffs = cp::read_tariff_rules(paths.file("tariffs.base"));
    }
    if (!options.text("tariffs.counterfactual").empty()) {
      o.counterfactual_tariffs = cp::read_tariff_rules(paths.file("tariffs.counterfactual"));
    }
    if (!options.text("elasticities.file").empty()) {
      o.theta = cp::read_elasticities(paths.file("elasticities.file"));
    }
    if (!(o.default_theta > 0)) throw InputError("elasticities.default must be > 0");
  });
  LoadedInputs out;
  // Aggregation is collective (sums over the ranks' row blocks); the checks of the rules
  // that follow it fail on every rank alike.
  run_collectively(MPI_COMM_WORLD, [&] { out.inputs = cp::inputs_from_table(table, o); });
  out.metadata = table.metadata();
  out.source_path = table_path;
  return out;
}

}  // namespace

std::vector<io::InputFile> tariff_inputs(const io::ParameterSet& options) {
  // Data files resolve against the data directory, not the working directory.
  const io::ScenarioPaths paths(options, "data.directory");
  std::vector<io::InputFile> inputs;
  if (!options.config_file().empty()) inputs.push_back({"--scenario", options.config_file()});
  for (const char* name : {"data.trade", "data.io_shares", "data.value_added_shares",
                           "data.gross_output", "data.table", "tariffs.base",
                           "tariffs.counterfactual", "elasticities.file"}) {
    if (options.has(name) && !options.text(name).empty()) {
      inputs.push_back({std::string("--") + name, paths.file(name)});
    }
  }
  return inputs;
}

int run_tariff(const io::ParameterSet& options) {
  const io::ScenarioPaths paths(options, "data.directory");
  LoadedInputs loaded = [&] {
    solver::Phase phase("read");
    LoadedInputs l = options.text("data.source") == "cp2015" ? load_cp2015(options, paths)
                                                             : load_table(options, paths);
    run_collectively(MPI_COMM_WORLD, [&] {
      cp::restrict_tariff_change(l.inputs, io::csv::split_list(options.text("tariffs.change_among")),
                                 "tariffs.change_among");
      l.inputs.validate(l.source_path);
    });
    return l;
  }();
  const cp::ModelInputs& in = loaded.inputs;
  const std::size_t N = in.region_count(), J = in.sector_count();
  log::info("model: " + std::to_string(N) + " economies x " + std::to_string(J) + " sectors from " +
            loaded.source_path);

  cp::ModelOptions model;
  model.deficits = options.text("model.deficits") == "zero" ? cp::ModelOptions::Deficits::zero
                                                            : cp::ModelOptions::Deficits::observed;
  model.rebase = options.boolean("model.rebase");
  model.solver.method = options.text("solver.method") == "newton"
                            ? cp::SolverOptions::Method::newton
                            : cp::SolverOptions::Method::fixed_point;
  model.solver.tolerance = options.real("solver.tolerance");
  model.solver.max_iterations = static_cast<int>(options.integer("solver.max_iterations"));
  model.solver.damping = options.real("solver.damping");
  model.solver.price_tolerance = options.real("solver.price_tolerance");
  model.solver.expenditure_rtol = options.real("solver.expenditure_rtol");
  if (!(model.solver.tolerance > 0) || !(model.solver.price_tolerance > 0) ||
      !(model.solver.expenditure_rtol > 0) || !(model.solver.damping > 0) ||
      model.solver.max_iterations < 1) {
    throw InputError("tariff: solver tolerances, damping and max_iterations must be positive",
                     true);
  }

  cp::Counterfactual result = [&] {
    solver::Phase phase("solve");
    return cp::run_counterfactual(MPI_COMM_WORLD, in, model);
  }();
  {
    solver::Phase phase("write");
    io::ResultFile file(MPI_COMM_WORLD, options.text("output"));
    auto metadata = result_metadata("tariff", options, loaded.metadata, loaded.source_path);
    metadata.merge(cp::counterfactual_metadata(result));
    auto csvs = cp::write_counterfactual(MPI_COMM_WORLD, in, result, file, metadata,
                                         options.has("csv") ? options.text("csv") : "");
    file.commit();
    for (auto& csv : csvs) csv->commit();
  }
  log::info(cp::welfare_summary(in, result.welfare));
  log::info("wrote " + options.text("output") +
            (options.has("csv") ? " and CSV files in " + options.text("csv") : ""));
  return 0;
}

}  // namespace leontief::app
