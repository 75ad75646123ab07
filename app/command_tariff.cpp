/// @file command_tariff.cpp
/// @brief `leontief tariff --scenario S.ini`: a Caliendo–Parro (2015) general-equilibrium
/// tariff counterfactual (decomposition/equilibrium/cp2015_model.hpp) on the authors' CP2015 data or on
/// inputs aggregated from an MRIO table of the store. Writes welfare, real wages and the
/// terms-of-trade / volume-of-trade decomposition by economy, sectoral costs and prices,
/// and bilateral trade shares (HDF5 + tidy CSV).

#include <mpi.h>

#include <filesystem>
#include <memory>
#include <sstream>

#include "app/commands.hpp"
#include "decomposition/equilibrium/cp2015_inputs.hpp"
#include "decomposition/equilibrium/cp2015_model.hpp"
#include "io/readers/cp2015_reader.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "solver/distributed_table.hpp"
#include "solver/economy_partition.hpp"
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

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

/// Resolves file paths of the scenario: the data directory against the scenario file's
/// directory (when it comes from the file), files against the data directory.
class ScenarioPaths {
 public:
  explicit ScenarioPaths(const io::ParameterSet& options) : options_(options) {
    namespace fs = std::filesystem;
    const fs::path scenario_dir =
        options.config_file().empty() ? fs::path() : fs::path(options.config_file()).parent_path();
    if (options.has("data.directory")) {
      fs::path dir(options.text("data.directory"));
      if (dir.is_relative() && options.origin("data.directory").starts_with("config")) {
        dir = scenario_dir / dir;
      }
      directory_ = dir;
    } else {
      directory_ = scenario_dir;
    }
  }
  /// The file named by option `name`, resolved against the data directory.
  std::string file(const std::string& name) const {
    const std::filesystem::path p(options_.text(name));
    if (p.is_absolute() || directory_.empty()) return p.string();
    return (directory_ / p).string();
  }
  std::string directory() const { return directory_.empty() ? "." : directory_.string(); }

 private:
  const io::ParameterSet& options_;
  std::filesystem::path directory_;
};

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

LoadedInputs load_cp2015(const io::ParameterSet& options, const ScenarioPaths& paths) {
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

LoadedInputs load_table(const io::ParameterSet& options, const ScenarioPaths& paths) {
  require(options, "data.table", "the HDF5 table to aggregate into model inputs");
  const std::string table_path = paths.file("data.table");
  solver::DistributedTable table = solver::DistributedTable::read(MPI_COMM_WORLD, table_path);
  cp::TableInputOptions o;
  o.keep_regions = split_list(options.text("data.keep_regions"));
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

/// Rows of one economy-indexed CSV, written by the ranks that own the economies.
std::unique_ptr<io::TidyCsvWriter> write_csv(
    const std::string& path, const std::vector<std::string>& header,
    const solver::EconomyPartition& part,
    const std::function<void(std::size_t, std::string&)>& rows) {
  auto csv = std::make_unique<io::TidyCsvWriter>(MPI_COMM_WORLD, path, header);
  csv->write_rows([&](std::ostream& out) {
    std::string text;
    for (std::size_t n = part.first_region(); n < part.first_region() + part.region_count(); ++n) {
      text.clear();
      rows(n, text);
      out << text;
    }
  });
  return csv;
}

void add_numbers(std::string& line, std::initializer_list<double> values) {
  for (double v : values) {
    line += ',';
    io::append_number(line, v);
  }
  line += '\n';
}

}  // namespace

int run_tariff(const io::ParameterSet& options) {
  const ScenarioPaths paths(options);
  LoadedInputs loaded = [&] {
    solver::Phase phase("read");
    LoadedInputs l = options.text("data.source") == "cp2015" ? load_cp2015(options, paths)
                                                             : load_table(options, paths);
    run_collectively(MPI_COMM_WORLD, [&] {
      cp::restrict_tariff_change(l.inputs, split_list(options.text("tariffs.change_among")),
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
  const auto& w = result.welfare;
  const auto& e = result.equilibrium;
  const auto& base = result.base;

  int size = 1, rank = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const solver::EconomyPartition part(N, J, size, rank);
  const std::size_t n0 = part.first_region(), nl = part.region_count();

  {
    solver::Phase phase("write");
    io::ResultFile file(MPI_COMM_WORLD, options.text("output"));
    auto metadata = result_metadata("tariff", options, loaded.metadata, loaded.source_path);
    metadata["model"] =
        "Caliendo-Parro (2015) multi-sector Ricardian model with input-output "
        "linkages, exact hat algebra";
    for (const auto& [step, s] : result.solves) {
      std::ostringstream text;
      text << "method=" << s.method << " iterations=" << s.iterations
           << " residual_evaluations=" << s.function_evaluations
           << " krylov_iterations=" << s.linear_iterations
           << " expenditure_gmres_iterations=" << s.expenditure_iterations
           << " price_iterations=" << s.price_iterations << " trade_balance_residual=" << s.residual
           << " seconds=" << s.seconds;
      metadata["solve_" + step] = text.str();
    }
    io::TableLabels labels;
    labels.regions = in.regions;
    labels.sectors = in.sectors;
    file.write_metadata(metadata, labels);

    const auto by_region = [&](std::initializer_list<const std::vector<double>*> columns,
                               double scale) {
      std::vector<double> local;
      for (std::size_t n = n0; n < n0 + nl; ++n) {
        for (const auto* c : columns) local.push_back(scale * (*c)[n]);
      }
      return local;
    };
    std::vector<double> real_income_pct(N);
    for (std::size_t n = 0; n < N; ++n) real_income_pct[n] = 100 * w.real_income[n];
    file.write_matrix(
        "welfare", N, 5, n0, nl,
        by_region({&w.welfare, &w.real_wage, &w.terms_of_trade, &w.volume_of_trade, &w.real_income},
                  100),
        "region (labels/regions)",
        "welfare_decomposition_pct, real_wage_pct, terms_of_trade_pct, volume_of_trade_pct, "
        "real_income_exact_pct",
        "percent changes: welfare_decomposition = terms of trade + volume of trade, the "
        "paper's first-order decomposition with base-year weights (what Caliendo and Parro "
        "report as welfare); real wage = w_hat / P_hat - 1; real_income_exact = I_hat / P_hat "
        "- 1, the exact welfare change of the model's household");
    file.write_matrix(
        "regions", N, 5, n0, nl,
        by_region(
            {&e.wage_hat, &w.price_index_hat, &w.income_hat, &real_income_pct, &result.surplus}, 1),
        "region (labels/regions)",
        "wage_hat, price_index_hat, income_hat, real_income_exact_pct, surplus",
        "changes by economy: wage, consumer price index prod_j P_hat^alpha, "
        "income (value added + tariff revenue - surplus), exact real income "
        "I_hat / P_hat - 1 in percent; surplus (exports - imports) held fixed");
    const auto by_sector = [&](const std::vector<double>& v) {
      return std::vector<double>(v.begin() + static_cast<long>(n0 * J),
                                 v.begin() + static_cast<long>((n0 + nl) * J));
    };
    const std::string rs = "region (labels/regions)", cs = "sector (labels/sectors)";
    file.write_matrix("cost_hat", N, J, n0, nl, by_sector(e.cost_hat), rs, cs,
                      "change in the cost of the input bundle c_hat");
    file.write_matrix("price_hat", N, J, n0, nl, by_sector(e.price_hat), rs, cs,
                      "change in the sectoral price index P_hat");
    file.write_matrix("final_shares", N, J, n0, nl, by_sector(result.final_shares), rs, cs,
                      "calibrated final-demand shares alpha");
    file.write_matrix("expenditure_base", N, J, n0, nl, by_sector(base.expenditure), rs, cs,
                      "base-year expenditure X (tariffs included)");
    file.write_matrix("expenditure_counterfactual", N, J, n0, nl, by_sector(e.expenditure), rs, cs,
                      "counterfactual expenditure X' (tariffs included)");
    const auto shares = [&](const std::vector<double>& v) {
      std::vector<double> local;
      for (std::size_t n = n0; n < n0 + nl; ++n) {
        for (std::size_t j = 0; j < J; ++j) {
          for (std::size_t i = 0; i < N; ++i) local.push_back(v[in.flow_index(j, n, i)]);
        }
      }
      return local;
    };
    const std::string importer = "importer region x sector (labels/regions x labels/sectors)",
                      exporter = "exporter region (labels/regions)";
    file.write_matrix("trade_share_base", N * J, N, n0 * J, nl * J, shares(base.shares), importer,
                      exporter, "base-year trade shares pi");
    file.write_matrix("trade_share_counterfactual", N * J, N, n0 * J, nl * J, shares(e.shares),
                      importer, exporter, "counterfactual trade shares pi'");
    file.write_matrix("flows_base", N * J, N, n0 * J, nl * J, shares(base.flows), importer,
                      exporter, "base-year flows at producer prices (before tariffs)");
    file.write_matrix("flows_counterfactual", N * J, N, n0 * J, nl * J, shares(e.flows), importer,
                      exporter, "counterfactual flows at producer prices");
    file.close();

    std::vector<std::unique_ptr<io::TidyCsvWriter>> csvs;
    if (options.has("csv")) {
      const std::filesystem::path dir(options.text("csv"));
      const auto field = [](const std::string& s) { return io::csv_field(s); };
      csvs.push_back(write_csv(
          (dir / "welfare.csv").string(),
          {"region", "welfare_decomposition_pct", "real_wage_pct", "terms_of_trade_pct",
           "volume_of_trade_pct", "real_income_exact_pct"},
          part, [&](std::size_t n, std::string& out) {
            out += field(in.regions[n]);
            add_numbers(out, {100 * w.welfare[n], 100 * w.real_wage[n], 100 * w.terms_of_trade[n],
                              100 * w.volume_of_trade[n], 100 * w.real_income[n]});
          }));
      csvs.push_back(write_csv(
          (dir / "regions.csv").string(),
          {"region", "wage_hat", "price_index_hat", "income_hat", "real_income_exact_pct",
           "income_base", "income_counterfactual", "tariff_revenue_base",
           "tariff_revenue_counterfactual", "surplus"},
          part, [&](std::size_t n, std::string& out) {
            const double income_base =
                base.value_added[n] + base.tariff_revenue[n] - result.surplus[n];
            out += field(in.regions[n]);
            add_numbers(out, {e.wage_hat[n], w.price_index_hat[n], w.income_hat[n],
                              100 * w.real_income[n], income_base, w.income[n],
                              base.tariff_revenue[n], w.tariff_revenue[n], result.surplus[n]});
          }));
      std::vector<double> output_cf(N * J, 0.0);
      for (std::size_t j = 0; j < J; ++j) {
        for (std::size_t n = 0; n < N; ++n) {
          for (std::size_t i = 0; i < N; ++i)
            output_cf[i * J + j] += e.flows[in.flow_index(j, n, i)];
        }
      }
      csvs.push_back(write_csv((dir / "sectors.csv").string(),
                               {"region", "sector", "cost_hat", "price_hat", "expenditure_base",
                                "expenditure_counterfactual", "gross_output_base",
                                "gross_output_counterfactual", "final_share"},
                               part, [&](std::size_t n, std::string& out) {
                                 for (std::size_t j = 0; j < J; ++j) {
                                   out += field(in.regions[n]) + "," + field(in.sectors[j]);
                                   add_numbers(
                                       out, {e.cost_hat[n * J + j], e.price_hat[n * J + j],
                                             base.expenditure[n * J + j], e.expenditure[n * J + j],
                                             base.gross_output[n * J + j], output_cf[n * J + j],
                                             result.final_shares[n * J + j]});
                                 }
                               }));
      csvs.push_back(write_csv(
          (dir / "trade.csv").string(),
          {"importer", "exporter", "sector", "share_base", "share_counterfactual", "flow_base",
           "flow_counterfactual", "tariff_base_pct", "tariff_counterfactual_pct"},
          part, [&](std::size_t n, std::string& out) {
            for (std::size_t j = 0; j < J; ++j) {
              for (std::size_t i = 0; i < N; ++i) {
                const std::size_t k = in.flow_index(j, n, i);
                if (base.flows[k] == 0 && e.flows[k] == 0) continue;
                out +=
                    field(in.regions[n]) + "," + field(in.regions[i]) + "," + field(in.sectors[j]);
                add_numbers(out, {base.shares[k], e.shares[k], base.flows[k], e.flows[k],
                                  100 * base.tariffs[k], 100 * in.counterfactual_tariffs[k]});
              }
            }
          }));
      csvs.push_back(write_csv(
          (dir / "welfare_by_partner.csv").string(),
          {"region", "partner", "sector", "terms_of_trade_pct", "volume_of_trade_pct"}, part,
          [&](std::size_t n, std::string& out) {
            for (std::size_t j = 0; j < J; ++j) {
              for (std::size_t i = 0; i < N; ++i) {
                const std::size_t k = in.flow_index(j, n, i);
                const double t = w.terms_of_trade_by_partner[k],
                             v = w.volume_of_trade_by_partner[k];
                if (t == 0 && v == 0) continue;
                out +=
                    field(in.regions[n]) + "," + field(in.regions[i]) + "," + field(in.sectors[j]);
                add_numbers(out, {100 * t, 100 * v});
              }
            }
          }));
    }
    file.commit();
    for (auto& csv : csvs) csv->commit();
  }
  if (log::level() >= log::Level::info) {
    std::string lines =
        "welfare (percent): region, welfare decomposition (terms of trade + volume of trade), "
        "real wage, terms of trade, volume of trade, exact real income";
    for (std::size_t n = 0; n < N; ++n) {
      char line[192];
      std::snprintf(line, sizeof line, "\n  %-6s %9.4f %9.4f %9.4f %9.4f %9.4f",
                    in.regions[n].c_str(), 100 * w.welfare[n], 100 * w.real_wage[n],
                    100 * w.terms_of_trade[n], 100 * w.volume_of_trade[n], 100 * w.real_income[n]);
      lines += line;
    }
    log::info(lines);
  }
  log::info("wrote " + options.text("output") +
            (options.has("csv") ? " and CSV files in " + options.text("csv") : ""));
  return 0;
}

}  // namespace leontief::app
