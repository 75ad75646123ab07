#include "decomposition/dynamic/ario_ensemble_output.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>

#include "decomposition/dynamic/ario_model.hpp"
#include "decomposition/dynamic/ario_output.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::decomposition {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int rank_of(MPI_Comm comm) {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &r));
  return r;
}

}  // namespace

double ensemble_quantile(std::vector<double> values, double q) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
    return a < b;
  });
  const double h = static_cast<double>(values.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  const double a = values[lo], b = values[hi], f = h - static_cast<double>(lo);
  if (std::isnan(a) || (f > 0 && std::isnan(b))) return kNaN;
  return f > 0 ? a + f * (b - a) : a;
}

std::vector<std::unique_ptr<io::TidyCsvWriter>> write_ensembles(
    MPI_Comm comm, io::ResultFile& result, const std::string& csv_dir,
    const io::TableLabels& labels, const std::vector<EnsembleResult>& ensembles,
    const ArioParameters& parameters) {
  const bool root = rank_of(comm) == 0;
  const std::size_t G = labels.region_count(), M = kArioMeasureCount;
  const auto& q = parameters.quantiles;
  std::vector<std::string> quantile_columns;
  quantile_columns.reserve(q.size() + 1);
  for (const double v : q) quantile_columns.push_back("q" + io::csv::format_number(v));
  quantile_columns.push_back("mean");

  std::vector<std::unique_ptr<io::TidyCsvWriter>> csv;
  io::TidyCsvWriter *draws_csv = nullptr, *world_csv = nullptr, *quantile_csv = nullptr,
                    *series_csv = nullptr;
  if (!csv_dir.empty()) {
    std::vector<std::string> measures = ario_measure_names();
    std::vector<std::string> c = {"ensemble", "draw", "region"};
    c.insert(c.end(), measures.begin(), measures.end());
    csv.push_back(std::make_unique<io::TidyCsvWriter>(comm, csv_dir + "/dynamic_ensemble_draws.csv", c));
    draws_csv = csv.back().get();
    c = {"ensemble", "draw", "events"};
    c.insert(c.end(), measures.begin(), measures.end());
    csv.push_back(std::make_unique<io::TidyCsvWriter>(comm, csv_dir + "/dynamic_ensemble_world.csv", c));
    world_csv = csv.back().get();
    c = {"ensemble", "region", "measure"};
    c.insert(c.end(), quantile_columns.begin(), quantile_columns.end());
    csv.push_back(
        std::make_unique<io::TidyCsvWriter>(comm, csv_dir + "/dynamic_ensemble_quantiles.csv", c));
    quantile_csv = csv.back().get();
    if (parameters.ensemble_series == SeriesLevel::economy) {
      csv.push_back(std::make_unique<io::TidyCsvWriter>(
          comm, csv_dir + "/dynamic_ensemble_series.csv",
          std::vector<std::string>{"ensemble", "draw", "region", "day", "production"}));
      series_csv = csv.back().get();
    }
  }
  result.create_group("ensembles", {{"description",
                                     "one group per ensemble: losses of every draw by economy, "
                                     "their quantiles, the events drawn"}});
  // The number of ensembles and their sizes are known on every rank only through rank 0.
  std::vector<std::string> names, sizes;
  if (root) {
    for (const auto& e : ensembles) {
      names.push_back(e.spec->name);
      sizes.push_back(std::to_string(e.draws));
    }
  }
  broadcast(comm, names);
  broadcast(comm, sizes);
  for (std::size_t x = 0; x < names.size(); ++x) {
    const std::size_t K = std::stoul(sizes[x]);
    const EnsembleResult* e = root ? &ensembles[x] : nullptr;
    const std::string group = "ensembles/" + names[x];
    std::vector<std::string> attributes(3);
    if (root) {
      attributes = {e->spec->description, std::to_string(e->spec->seed), e->spec->origin};
    }
    broadcast(comm, attributes);
    result.create_group(group, {{"description", attributes[0]},
                                {"draws", sizes[x]},
                                {"seed", attributes[1]},
                                {"scenario_file_section", attributes[2]}});
    const std::size_t rows = root ? K : 0;
    for (std::size_t m = 0; m < M; ++m) {
      std::vector<double> values;
      if (root) {
        values.resize(K * G);
        for (std::size_t k = 0; k < K; ++k) {
          for (std::size_t g = 0; g < G; ++g) values[k * G + g] = e->economy[(k * G + g) * M + m];
        }
      }
      result.write_matrix(group + "/" + kArioMeasures[m], K, G, 0, rows, values, "draw", "region",
                          std::string(kArioMeasures[m]) + " of each economy in each draw");
    }
    result.write_matrix(group + "/world", K, M, 0, rows, root ? e->world : std::vector<double>{},
                        "draw", "measure (see /measures)", "world losses of each draw");
    // Every rank passes the same strings: the dataset's type is their longest length.
    std::vector<std::string> events = root ? e->events : std::vector<std::string>{};
    broadcast(comm, events);
    result.write_labels(group + "/draw_events", events);
    result.create_group(group + "/quantiles",
                        {{"columns", io::csv::format_number(q.front()) + "..." +
                                         io::csv::format_number(q.back()) + " quantiles, then mean"}});
    std::vector<std::vector<double>> quantiles(M);  // measure: G × (Q + 1)
    if (root) {
      for (std::size_t m = 0; m < M; ++m) {
        for (std::size_t g = 0; g < G; ++g) {
          std::vector<double> v(K);
          double sum = 0;
          for (std::size_t k = 0; k < K; ++k) sum += v[k] = e->economy[(k * G + g) * M + m];
          for (const double p : q) quantiles[m].push_back(ensemble_quantile(v, p));
          quantiles[m].push_back(sum / static_cast<double>(K));
        }
      }
    }
    for (std::size_t m = 0; m < M; ++m) {
      result.write_matrix(group + "/quantiles/" + kArioMeasures[m], G, q.size() + 1, 0,
                          root ? G : 0, quantiles[m], "region", "quantile (see the group's columns)",
                          std::string("quantiles and mean over the draws of ") + kArioMeasures[m]);
    }
    if (parameters.ensemble_series == SeriesLevel::economy) {
      std::size_t T = root ? e->recorded_days.size() : 0;
      LEONTIEF_CHECK_MPI(MPI_Bcast(&T, sizeof T, MPI_BYTE, 0, comm));
      result.write_matrix(group + "/economy_production", K * G, T, 0, root ? K * G : 0,
                          root ? e->production : std::vector<double>{}, "draw x region",
                          "recorded day", "daily output of each economy in each draw");
    }
    if (!draws_csv) continue;
    const std::string quoted = root ? io::csv_field(e->spec->name) : "";
    draws_csv->write_rows([&](std::ostream& out) {
      if (!root) return;
      std::string line;
      for (std::size_t k = 0; k < K; ++k) {
        for (std::size_t g = 0; g < G; ++g) {
          line = quoted + ',' + std::to_string(k) + ',' + io::csv_field(labels.regions[g]);
          append_values(line, &e->economy[(k * G + g) * M], M);
          out << line << '\n';
        }
      }
    });
    world_csv->write_rows([&](std::ostream& out) {
      if (!root) return;
      std::string line;
      for (std::size_t k = 0; k < K; ++k) {
        line = quoted + ',' + std::to_string(k) + ',' + io::csv_field(e->events[k]);
        append_values(line, &e->world[k * M], M);
        out << line << '\n';
      }
    });
    quantile_csv->write_rows([&](std::ostream& out) {
      if (!root) return;
      std::string line;
      for (std::size_t g = 0; g < G; ++g) {
        for (std::size_t m = 0; m < M; ++m) {
          line = quoted + ',' + io::csv_field(labels.regions[g]) + ',' + kArioMeasures[m];
          append_values(line, &quantiles[m][g * (q.size() + 1)], q.size() + 1);
          out << line << '\n';
        }
      }
    });
    if (series_csv) {
      series_csv->write_rows([&](std::ostream& out) {
        if (!root) return;
        const std::size_t T = e->recorded_days.size();
        std::string line;
        for (std::size_t k = 0; k < K; ++k) {
          for (std::size_t g = 0; g < G; ++g) {
            for (std::size_t t = 0; t < T; ++t) {
              line = quoted + ',' + std::to_string(k) + ',' + io::csv_field(labels.regions[g]) +
                     ',' + std::to_string(e->recorded_days[t]) + ',';
              io::append_number(line, e->production[(k * G + g) * T + t]);
              out << line << '\n';
            }
          }
        }
      });
    }
  }
  return csv;
}

}  // namespace leontief::decomposition
