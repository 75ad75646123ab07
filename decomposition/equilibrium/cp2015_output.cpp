#include "decomposition/equilibrium/cp2015_output.hpp"

#include <cstdio>
#include <filesystem>
#include <functional>
#include <sstream>

#include "io/runtime/error.hpp"
#include "solver/economy_partition.hpp"

namespace leontief::decomposition::cp2015 {

namespace {

/// Rows of one economy-indexed CSV, written by the ranks that own the economies.
std::unique_ptr<io::TidyCsvWriter> write_csv(
    MPI_Comm comm, const std::string& path, const std::vector<std::string>& header,
    const solver::EconomyPartition& part,
    const std::function<void(std::size_t, std::string&)>& rows) {
  auto csv = std::make_unique<io::TidyCsvWriter>(comm, path, header);
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

std::map<std::string, std::string> counterfactual_metadata(const Counterfactual& result) {
  std::map<std::string, std::string> metadata;
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
  return metadata;
}

std::vector<std::unique_ptr<io::TidyCsvWriter>> write_counterfactual(
    MPI_Comm comm, const ModelInputs& in, const Counterfactual& result, io::ResultFile& file,
    const std::map<std::string, std::string>& metadata, const std::string& csv_directory) {
  const std::size_t N = in.region_count(), J = in.sector_count();
  int size = 1, rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  const solver::EconomyPartition part(N, J, size, rank);
  const std::size_t n0 = part.first_region(), nl = part.region_count();
  const auto& w = result.welfare;
  const auto& e = result.equilibrium;
  const auto& base = result.base;
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
      by_region({&e.wage_hat, &w.price_index_hat, &w.income_hat, &real_income_pct, &result.surplus},
                1),
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
  file.write_matrix("flows_base", N * J, N, n0 * J, nl * J, shares(base.flows), importer, exporter,
                    "base-year flows at producer prices (before tariffs)");
  file.write_matrix("flows_counterfactual", N * J, N, n0 * J, nl * J, shares(e.flows), importer,
                    exporter, "counterfactual flows at producer prices");
  file.close();

  std::vector<std::unique_ptr<io::TidyCsvWriter>> csvs;
  if (!csv_directory.empty()) {
    const std::filesystem::path dir(csv_directory);
    const auto field = [](const std::string& s) { return io::csv_field(s); };
    csvs.push_back(write_csv(
        comm, (dir / "welfare.csv").string(),
        {"region", "welfare_decomposition_pct", "real_wage_pct", "terms_of_trade_pct",
         "volume_of_trade_pct", "real_income_exact_pct"},
        part, [&](std::size_t n, std::string& out) {
          out += field(in.regions[n]);
          add_numbers(out, {100 * w.welfare[n], 100 * w.real_wage[n], 100 * w.terms_of_trade[n],
                            100 * w.volume_of_trade[n], 100 * w.real_income[n]});
        }));
    csvs.push_back(write_csv(comm, (dir / "regions.csv").string(),
                             {"region", "wage_hat", "price_index_hat", "income_hat",
                              "real_income_exact_pct", "income_base", "income_counterfactual",
                              "tariff_revenue_base", "tariff_revenue_counterfactual", "surplus"},
                             part, [&](std::size_t n, std::string& out) {
                               const double income_base =
                                   base.value_added[n] + base.tariff_revenue[n] - result.surplus[n];
                               out += field(in.regions[n]);
                               add_numbers(out, {e.wage_hat[n], w.price_index_hat[n],
                                                 w.income_hat[n], 100 * w.real_income[n],
                                                 income_base, w.income[n], base.tariff_revenue[n],
                                                 w.tariff_revenue[n], result.surplus[n]});
                             }));
    std::vector<double> output_cf(N * J, 0.0);
    for (std::size_t j = 0; j < J; ++j) {
      for (std::size_t n = 0; n < N; ++n) {
        for (std::size_t i = 0; i < N; ++i) output_cf[i * J + j] += e.flows[in.flow_index(j, n, i)];
      }
    }
    csvs.push_back(write_csv(comm, (dir / "sectors.csv").string(),
                             {"region", "sector", "cost_hat", "price_hat", "expenditure_base",
                              "expenditure_counterfactual", "gross_output_base",
                              "gross_output_counterfactual", "final_share"},
                             part, [&](std::size_t n, std::string& out) {
                               for (std::size_t j = 0; j < J; ++j) {
                                 out += field(in.regions[n]) + "," + field(in.sectors[j]);
                                 add_numbers(out,
                                             {e.cost_hat[n * J + j], e.price_hat[n * J + j],
                                              base.expenditure[n * J + j], e.expenditure[n * J + j],
                                              base.gross_output[n * J + j], output_cf[n * J + j],
                                              result.final_shares[n * J + j]});
                               }
                             }));
    csvs.push_back(write_csv(
        comm, (dir / "trade.csv").string(),
        {"importer", "exporter", "sector", "share_base", "share_counterfactual", "flow_base",
         "flow_counterfactual", "tariff_base_pct", "tariff_counterfactual_pct"},
        part, [&](std::size_t n, std::string& out) {
          for (std::size_t j = 0; j < J; ++j) {
            for (std::size_t i = 0; i < N; ++i) {
              const std::size_t k = in.flow_index(j, n, i);
              if (base.flows[k] == 0 && e.flows[k] == 0) continue;
              out += field(in.regions[n]) + "," + field(in.regions[i]) + "," + field(in.sectors[j]);
              add_numbers(out, {base.shares[k], e.shares[k], base.flows[k], e.flows[k],
                                100 * base.tariffs[k], 100 * in.counterfactual_tariffs[k]});
            }
          }
        }));
    csvs.push_back(write_csv(
        comm, (dir / "welfare_by_partner.csv").string(),
        {"region", "partner", "sector", "terms_of_trade_pct", "volume_of_trade_pct"}, part,
        [&](std::size_t n, std::string& out) {
          for (std::size_t j = 0; j < J; ++j) {
            for (std::size_t i = 0; i < N; ++i) {
              const std::size_t k = in.flow_index(j, n, i);
              const double t = w.terms_of_trade_by_partner[k], v = w.volume_of_trade_by_partner[k];
              if (t == 0 && v == 0) continue;
              out += field(in.regions[n]) + "," + field(in.regions[i]) + "," + field(in.sectors[j]);
              add_numbers(out, {100 * t, 100 * v});
            }
          }
        }));
  }
  return csvs;
}

std::string welfare_summary(const ModelInputs& in, const WelfareEffects& w) {
  const std::size_t N = in.region_count();
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
  return lines;
}

}  // namespace leontief::decomposition::cp2015
