#include "decomposition/dynamic/ario_ensemble.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <system_error>

#include "decomposition/dynamic/ario_model.hpp"
#include "decomposition/dynamic/ario_network.hpp"
#include "decomposition/dynamic/ario_output.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/rank_groups.hpp"
#include "io/text/csv_fields.hpp"
#include "solver/distributed_table.hpp"
#include "solver/phase.hpp"

namespace leontief::decomposition {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int rank_of(MPI_Comm comm) {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &r));
  return r;
}

/// One draw as kept in a part file and gathered by rank 0.
struct Draw {
  std::string events;
  std::vector<double> world, economy, production;  // M, G × M, G × T
};

std::string part_path(const EnsembleSettings& s, const std::string& ensemble, std::size_t draw) {
  return (fs::path(s.parts) / ensemble / ("draw_" + std::to_string(draw) + ".txt")).string();
}

std::string numbers(const double* v, std::size_t count) {
  std::string line;
  for (std::size_t k = 0; k < count; ++k) {
    if (k) line += ',';
    io::append_number(line, v[k]);
  }
  return line;
}

bool parse_numbers(const std::string& text, std::vector<double>& out, std::size_t count) {
  out.clear();
  for (const auto& item : io::csv::split_list(text)) {
    if (item == "NA") {
      out.push_back(kNaN);
      continue;
    }
    double v = 0;
    const auto r = std::from_chars(item.data(), item.data() + item.size(), v);
    if (r.ec != std::errc() || r.ptr != item.data() + item.size()) return false;
    out.push_back(v);
  }
  return out.size() == count;
}

/// The part file's header: what the draw belongs to.
std::string header(const EnsembleSettings& s, const std::string& ensemble, std::size_t draw,
                   std::size_t G, std::size_t T) {
  return "leontief dynamic draw 1\nfingerprint " + s.fingerprint + "\nensemble " + ensemble +
         "\ndraw " + std::to_string(draw) + "\nsize " + std::to_string(G) + " " +
         std::to_string(kArioMeasureCount) + " " + std::to_string(T) + "\n";
}

void write_part(const EnsembleSettings& s, const std::string& ensemble, std::size_t draw,
                std::size_t G, std::size_t T, const Draw& d) {
  const std::string path = part_path(s, ensemble, draw);
  const std::string temporary = path + ".partial-" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << header(s, ensemble, draw, G, T) << "events " << d.events << "\nworld "
        << numbers(d.world.data(), kArioMeasureCount) << '\n';
    for (std::size_t g = 0; g < G; ++g) {
      out << "economy " << numbers(&d.economy[g * kArioMeasureCount], kArioMeasureCount) << '\n';
    }
    for (std::size_t g = 0; g < G && T > 0; ++g) {
      out << "production " << numbers(&d.production[g * T], T) << '\n';
    }
    out << "end\n";
    out.close();
    if (!out) throw Error(temporary + ": cannot write the part file of draw " + std::to_string(draw));
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) throw Error(path + ": cannot rename the part file: " + ec.message());
}

/// A part file of this run, complete; false if missing, of another run or truncated.
bool read_part(const EnsembleSettings& s, const std::string& ensemble, std::size_t draw,
               std::size_t G, std::size_t T, Draw& d) {
  std::ifstream in(part_path(s, ensemble, draw));
  if (!in) return false;
  const std::string expected = header(s, ensemble, draw, G, T);
  std::string text(expected.size(), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size())) || text != expected) {
    return false;
  }
  std::string line;
  const auto field = [&](const char* key, std::string& value) {
    if (!std::getline(in, line)) return false;
    const std::string prefix = std::string(key) + " ";
    if (line.rfind(prefix, 0) != 0) return false;
    value = line.substr(prefix.size());
    return true;
  };
  std::string value;
  if (!field("events", d.events) || !field("world", value) ||
      !parse_numbers(value, d.world, kArioMeasureCount)) {
    return false;
  }
  d.economy.clear();
  std::vector<double> row;
  for (std::size_t g = 0; g < G; ++g) {
    if (!field("economy", value) || !parse_numbers(value, row, kArioMeasureCount)) return false;
    d.economy.insert(d.economy.end(), row.begin(), row.end());
  }
  d.production.clear();
  for (std::size_t g = 0; g < G && T > 0; ++g) {
    if (!field("production", value) || !parse_numbers(value, row, T)) return false;
    d.production.insert(d.production.end(), row.begin(), row.end());
  }
  return std::getline(in, line) && line == "end";
}

/// The test hook: "after:K".
std::size_t abort_after() {
  const char* value = std::getenv("LEONTIEF_DYNAMIC_TEST_ABORT");
  if (!value || std::string(value).rfind("after:", 0) != 0) return 0;
  return static_cast<std::size_t>(std::strtoul(value + 6, nullptr, 10));
}

/// Gathers `local` (rows × width, rows of this rank's economies, in rank order) on the
/// group's rank 0.
std::vector<double> gather(MPI_Comm group, const std::vector<double>& local) {
  int size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(group, &size));
  const int mine = static_cast<int>(local.size());
  std::vector<int> counts(static_cast<std::size_t>(size)), at(counts.size(), 0);
  LEONTIEF_CHECK_MPI(MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, group));
  int total = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) at[k] = total, total += counts[k];
  std::vector<double> all(rank_of(group) == 0 ? static_cast<std::size_t>(total) : 0);
  LEONTIEF_CHECK_MPI(MPI_Gatherv(local.data(), mine, MPI_DOUBLE, all.data(), counts.data(),
                                 at.data(), MPI_DOUBLE, 0, group));
  return all;
}

}  // namespace

std::string ensemble_fingerprint(const io::ParameterSet& options, const std::string& table_path,
                                 const std::string& scenario_text) {
  std::string what = table_path + "\n" + scenario_text + "\n";
  std::error_code ec;
  what += std::to_string(fs::file_size(table_path, ec)) + "\n";
  for (const char* key :
       {"dynamic.days", "dynamic.days_per_year", "dynamic.inventory_days",
        "dynamic.inventory_days_by_sector", "dynamic.psi", "dynamic.inventory_restoration_days",
        "dynamic.alpha_max", "dynamic.alpha_days", "dynamic.rebuild_days",
        "dynamic.capital_to_value_added", "dynamic.order_rule", "dynamic.input_threshold",
        "dynamic.recovery_tolerance", "dynamic.ensemble_series", "dynamic.series_every"}) {
    what += std::string(key) + "=" + options.text(key) + "\n";
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(what));
  return hex;
}

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

std::vector<EnsembleResult> run_ensembles(MPI_Comm comm, const std::string& table_path,
                                          const std::vector<const io::DynamicScenarioSpec*>& ensembles,
                                          const ArioParameters& parameters,
                                          const EnsembleSettings& settings) {
  const bool root = rank_of(comm) == 0;
  struct Item {
    std::size_t ensemble, draw;
  };
  std::vector<Item> items;
  for (std::size_t e = 0; e < ensembles.size(); ++e) {
    for (std::size_t k = 0; k < ensembles[e]->draws; ++k) items.push_back({e, k});
  }
  const io::RankGroups groups(comm, settings.ranks_per_group);
  const std::size_t T =
      parameters.ensemble_series == SeriesLevel::economy
          ? (parameters.days - 1) / parameters.series_every + 1 +
                ((parameters.days - 1) % parameters.series_every ? 1 : 0)
          : 0;

  // Each group holds the whole table on its own communicator.
  const MPI_Comm group = groups.group();
  const solver::DistributedTable table = solver::DistributedTable::read(group, table_path);
  const std::size_t G = table.labels().region_count();
  const EventContext context{table.labels(), table.gross_output(), table.value_added(),
                             parameters.capital_to_value_added};

  // 1. Rank 0: which draws are finished (in the parts)?
  std::vector<std::string> pending_text;
  {
    run_collectively(comm, [&] {
      if (!root) return;
      std::error_code ec;
      if (!settings.resume) fs::remove_all(settings.parts, ec);
      for (const auto* spec : ensembles) {
        const fs::path dir = fs::path(settings.parts) / spec->name;
        fs::create_directories(dir, ec);
        if (ec) throw InputError(dir.string() + ": cannot create directory: " + ec.message());
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
          if (entry.path().filename().string().find(".partial-") != std::string::npos) {
            fs::remove(entry.path(), ec);
          }
        }
      }
      // Every draw's events must be possible (a bad event stops the run before any work).
      Draw d;
      for (std::size_t k = 0; k < items.size(); ++k) {
        const auto* spec = ensembles[items[k].ensemble];
        if (settings.resume && read_part(settings, spec->name, items[k].draw, G, T, d)) continue;
        realize_events(*spec, items[k].draw, context);
        pending_text.push_back(std::to_string(k));
      }
    });
  }
  broadcast(comm, pending_text);
  std::vector<std::size_t> pending;
  for (const auto& p : pending_text) pending.push_back(std::stoul(p));
  log::info("ensembles: " + std::to_string(items.size()) + " draws in " +
            std::to_string(ensembles.size()) + " ensemble(s), " + std::to_string(pending.size()) +
            " to compute (" + std::to_string(items.size() - pending.size()) +
            " finished before); " + std::to_string(groups.count()) + " group(s) of " +
            std::to_string(groups.ranks_per_group()) + " rank(s)");

  // 2. Draws in parallel: group g takes the pending draws g, g + groups, ...
  bool failed = false, input_error = false;
  std::string failure;
  if (!pending.empty()) {
    solver::Phase phase("ensemble draws");
    const std::size_t stop_after = abort_after();
    try {
      const ArioNetwork network(table, parameters.days_per_year);
      const auto mine = groups.share(pending.size());
      std::size_t done = 0;
      for (const std::size_t s : mine) {
        const Item item = items[pending[s]];
        const auto* spec = ensembles[item.ensemble];
        const double start = log::elapsed_seconds();
        const auto events = realize_events(*spec, item.draw, context);
        const ArioRun run = simulate_ario(network, parameters, events, parameters.ensemble_series);
        Draw d;
        d.world = run.world_losses;
        d.economy = gather(group, run.economy_losses);
        if (T > 0) d.production = gather(group, run.economy_production);
        for (const auto& e : events) d.events += (d.events.empty() ? "" : " | ") + e.description;
        std::replace(d.events.begin(), d.events.end(), '\n', ' ');
        ++done;
        if (groups.leader()) {
          write_part(settings, spec->name, item.draw, G, T, d);
          char line[200];
          std::snprintf(line, sizeof line, "%s draw %zu done (%.2f s; group %d of %d, %zu of %zu)",
                        spec->name.c_str(), item.draw, log::elapsed_seconds() - start,
                        groups.index() + 1, groups.count(), done, mine.size());
          log::write_from_this_rank(
              done == mine.size() || mine.size() <= 20 || done % (mine.size() / 10) == 0
                  ? log::Level::info
                  : log::Level::debug,
              line);
          if (stop_after > 0 && done == stop_after) {
            log::write_from_this_rank(log::Level::warn, "LEONTIEF_DYNAMIC_TEST_ABORT: aborting");
            MPI_Abort(MPI_COMM_WORLD, 86);
          }
        }
      }
    } catch (const Error& e) {
      failed = true;
      input_error = dynamic_cast<const InputError*>(&e) != nullptr;
      failure = e.what();
    }
  }
  detail::agree_on_failure(comm, failed, input_error, failure);

  // 3. Rank 0 gathers every draw from the parts.
  std::vector<EnsembleResult> results;
  run_collectively(comm, [&] {
    if (!root) return;
    for (const auto* spec : ensembles) {
      EnsembleResult r;
      r.spec = spec;
      r.draws = spec->draws;
      for (std::size_t t = 0; t < parameters.days && T > 0; ++t) {
        if (t % parameters.series_every == 0 || t + 1 == parameters.days) r.recorded_days.push_back(t);
      }
      Draw d;
      for (std::size_t k = 0; k < spec->draws; ++k) {
        if (!read_part(settings, spec->name, k, G, T, d)) {
          throw Error(part_path(settings, spec->name, k) + ": the part file of draw " +
                      std::to_string(k) + " is missing or incomplete");
        }
        r.events.push_back(d.events);
        r.world.insert(r.world.end(), d.world.begin(), d.world.end());
        r.economy.insert(r.economy.end(), d.economy.begin(), d.economy.end());
        r.production.insert(r.production.end(), d.production.begin(), d.production.end());
      }
      results.push_back(std::move(r));
    }
  });
  return results;
}

std::vector<std::unique_ptr<io::TidyCsvWriter>> write_ensembles(
    MPI_Comm comm, io::ResultFile& result, const std::string& csv_dir,
    const io::TableLabels& labels, const std::vector<EnsembleResult>& ensembles,
    const ArioParameters& parameters) {
  const bool root = rank_of(comm) == 0;
  const std::size_t G = labels.region_count(), M = kArioMeasureCount;
  const auto& q = parameters.quantiles;
  std::vector<std::string> quantile_names;
  for (const double v : q) quantile_names.push_back("q" + io::csv::format_number(v));
  std::vector<std::string> quantile_columns = quantile_names;
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

void remove_ensemble_parts(const EnsembleSettings& settings) {
  std::error_code ec;
  fs::remove_all(settings.parts, ec);
}

}  // namespace leontief::decomposition
