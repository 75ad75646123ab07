#include "decomposition/dynamic/ario_output.hpp"

#include <algorithm>
#include <limits>
#include <ostream>

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

std::vector<std::string> ario_measure_names() {
  return {kArioMeasures.begin(), kArioMeasures.end()};
}

void append_values(std::string& line, const double* values, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) {
    line += ',';
    io::append_number(line, values[k]);
  }
}

namespace {

std::vector<std::string> columns(std::vector<std::string> keys,
                                 const std::vector<std::string>& measures) {
  keys.insert(keys.end(), measures.begin(), measures.end());
  return keys;
}

const std::vector<std::string> kSeries = {"production", "unmet_final_demand", "inventories"};
const std::vector<std::string> kSeriesColumns = {"production", "production_ratio",
                                                 "unmet_final_demand", "inventories"};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int rank_of(MPI_Comm comm) {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &r));
  return r;
}

}  // namespace

ArioScenarioOutput::ArioScenarioOutput(MPI_Comm comm, io::ResultFile& result,
                                       const std::string& csv_dir, const io::TableLabels& labels,
                                       const solver::EconomyPartition& partition,
                                       SeriesLevel series)
    : comm_(comm), result_(result), labels_(labels), partition_(partition), series_(series) {
  result_.create_group("scenarios", {{"description",
                                      "one group per scenario of the scenario file: losses by "
                                      "economy-sector and economy, daily series"}});
  if (csv_dir.empty()) return;
  const auto measures = ario_measure_names();
  summary_ = std::make_unique<io::TidyCsvWriter>(comm, csv_dir + "/dynamic_summary.csv",
                                                 columns({"scenario"}, measures));
  economy_ = std::make_unique<io::TidyCsvWriter>(comm, csv_dir + "/dynamic_economy.csv",
                                                 columns({"scenario", "region"}, measures));
  sector_ = std::make_unique<io::TidyCsvWriter>(
      comm, csv_dir + "/dynamic_sector.csv", columns({"scenario", "region", "sector"}, measures));
  if (series != SeriesLevel::none) {
    series_economy_ = std::make_unique<io::TidyCsvWriter>(
        comm, csv_dir + "/dynamic_series_economy.csv",
        columns({"scenario", "region", "day"}, kSeriesColumns));
  }
  if (series == SeriesLevel::sector) {
    series_sector_ = std::make_unique<io::TidyCsvWriter>(
        comm, csv_dir + "/dynamic_series_sector.csv",
        columns({"scenario", "region", "sector", "day"}, kSeriesColumns));
  }
}

void ArioScenarioOutput::write(const std::string& name, const std::string& description,
                               const std::vector<ArioEvent>& events, const ArioRun& run) {
  const std::size_t n = labels_.n(), G = labels_.region_count(), N = labels_.sector_count();
  const std::size_t M = kArioMeasureCount, T = run.recorded_days.size();
  const std::size_t rb = partition_.row_begin(), local = partition_.local_rows();
  const std::size_t gb = partition_.first_region(), economies = partition_.region_count();
  const bool root = rank_of(comm_) == 0;
  std::string event_lines;
  for (const auto& e : events) event_lines += (event_lines.empty() ? "" : "\n") + e.description;
  const std::string group = "scenarios/" + name;
  result_.create_group(group, {{"description", description},
                               {"events", event_lines},
                               {"first_event_day", std::to_string(run.first_event_day)},
                               {"days", std::to_string(run.days)}});
  const std::string measures = "measure (see /measures)";
  result_.write_matrix(group + "/sector_losses", n, M, rb, local, run.sector_losses,
                       "region x sector", measures, "losses of each economy-sector");
  result_.write_matrix(group + "/economy_losses", G, M, gb, economies, run.economy_losses,
                       "region", measures, "losses of each economy (sums of its sectors)");
  result_.write_matrix(group + "/world_losses", 1, M, 0, root ? 1 : 0, run.world_losses, "world",
                       measures, "losses of the world (days to recovery: of world output)");
  result_.write_matrix(group + "/baseline_output", n, 1, rb, local, run.sector_baseline,
                       "region x sector", "output", "a day's output before any event (x0)");
  result_.write_matrix(group + "/economy_baseline_output", G, 1, gb, economies,
                       run.economy_baseline, "region", "output",
                       "a day's output of each economy before any event");
  std::vector<long> days;
  if (root) days.assign(run.recorded_days.begin(), run.recorded_days.end());
  result_.write_index_matrix(group + "/days", T, 1, 0, root ? T : 0, days, "recorded day", "day",
                             "days of the series (0 = first simulated day)");
  if (series_ == SeriesLevel::sector) {
    const std::vector<const std::vector<double>*> data = {
        &run.sector_production, &run.sector_unmet_final_demand, &run.sector_inventories};
    for (std::size_t s = 0; s < kSeries.size(); ++s) {
      result_.write_matrix(group + "/" + kSeries[s], n, T, rb, local, *data[s], "region x sector",
                           "recorded day (see days)", "daily " + kSeries[s]);
    }
  }
  if (series_ != SeriesLevel::none) {
    const std::vector<const std::vector<double>*> data = {
        &run.economy_production, &run.economy_unmet_final_demand, &run.economy_inventories};
    for (std::size_t s = 0; s < kSeries.size(); ++s) {
      result_.write_matrix(group + "/economy_" + kSeries[s], G, T, gb, economies, *data[s],
                           "region", "recorded day (see days)", "daily " + kSeries[s] + " by economy");
    }
  }
  names_.push_back(name);
  world_.push_back(run.world_losses);

  if (!summary_) return;
  const std::string quoted = io::csv_field(name);
  summary_->write_rows([&](std::ostream& out) {
    if (!root) return;
    std::string line = quoted;
    append_values(line, run.world_losses.data(), M);
    out << line << '\n';
  });
  economy_->write_rows([&](std::ostream& out) {
    std::string line;
    for (std::size_t e = 0; e < economies; ++e) {
      line = quoted + ',' + io::csv_field(labels_.regions[gb + e]);
      append_values(line, &run.economy_losses[e * M], M);
      out << line << '\n';
    }
  });
  sector_->write_rows([&](std::ostream& out) {
    std::string line;
    for (std::size_t r = 0; r < local; ++r) {
      line = quoted + ',' + io::csv_field(labels_.regions[(rb + r) / N]) + ',' +
             io::csv_field(labels_.sectors[(rb + r) % N]);
      append_values(line, &run.sector_losses[r * M], M);
      out << line << '\n';
    }
  });
  const auto write_series = [&](io::TidyCsvWriter& csv, std::size_t rows, bool sectors,
                                const std::vector<double>& baseline, const std::vector<double>& a,
                                const std::vector<double>& b, const std::vector<double>& c) {
    csv.write_rows([&](std::ostream& out) {
      std::string line;
      for (std::size_t r = 0; r < rows; ++r) {
        const std::string key =
            quoted + ',' +
            (sectors ? io::csv_field(labels_.regions[(rb + r) / N]) + ',' +
                           io::csv_field(labels_.sectors[(rb + r) % N])
                     : io::csv_field(labels_.regions[gb + r]));
        for (std::size_t t = 0; t < T; ++t) {
          line = key + ',' + std::to_string(run.recorded_days[t]);
          const double ratio = baseline[r] > 0 ? a[r * T + t] / baseline[r] : kNaN;
          const double v[4] = {a[r * T + t], ratio, b[r * T + t], c[r * T + t]};
          append_values(line, v, 4);
          out << line << '\n';
        }
      }
    });
  };
  if (series_economy_) {
    write_series(*series_economy_, economies, false, run.economy_baseline, run.economy_production,
                 run.economy_unmet_final_demand, run.economy_inventories);
  }
  if (series_sector_) {
    write_series(*series_sector_, local, true, run.sector_baseline, run.sector_production,
                 run.sector_unmet_final_demand, run.sector_inventories);
  }
}

void ArioScenarioOutput::finish() {
  const bool root = rank_of(comm_) == 0;
  const std::size_t M = kArioMeasureCount, S = names_.size();
  std::vector<double> summary;
  if (root) {
    for (const auto& w : world_) summary.insert(summary.end(), w.begin(), w.end());
  }
  result_.write_labels("scenario_names", names_);
  result_.write_matrix("summary", S, M, 0, root ? S : 0, summary, "scenario (see scenario_names)",
                       "measure (see /measures)", "world losses of each scenario");
}

namespace {

/// `local` (rows of this rank's economies, in rank order) gathered on rank 0.
std::vector<double> gather_rows(MPI_Comm comm, const std::vector<double>& local) {
  int size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  const int mine = static_cast<int>(local.size());
  std::vector<int> counts(static_cast<std::size_t>(size)), at(counts.size(), 0);
  LEONTIEF_CHECK_MPI(MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm));
  int total = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) at[k] = total, total += counts[k];
  std::vector<double> all(rank_of(comm) == 0 ? static_cast<std::size_t>(total) : 0);
  LEONTIEF_CHECK_MPI(MPI_Gatherv(local.data(), mine, MPI_DOUBLE, all.data(), counts.data(),
                                 at.data(), MPI_DOUBLE, 0, comm));
  return all;
}

}  // namespace

EconomyPaths economy_paths(MPI_Comm comm, const io::TableLabels& labels,
                           const std::vector<ArioEvent>& events, const ArioRun& run,
                           const std::vector<std::string>& chosen) {
  const auto losses = gather_rows(comm, run.economy_losses);
  const auto production = gather_rows(comm, run.economy_production);
  const auto baseline = gather_rows(comm, run.economy_baseline);
  EconomyPaths paths;
  if (rank_of(comm) != 0) return paths;
  const std::size_t G = labels.region_count(), T = run.recorded_days.size();
  std::vector<std::size_t> picked;
  if (!chosen.empty()) {
    for (const auto& name : chosen) {
      const auto it = std::find(labels.regions.begin(), labels.regions.end(), name);
      if (it != labels.regions.end()) picked.push_back(static_cast<std::size_t>(it - labels.regions.begin()));
    }
  } else {
    for (const auto& e : events) {
      for (const std::size_t row : e.rows) {
        const std::size_t g = labels.region_of_row(row);
        if (picked.size() < 4 && std::find(picked.begin(), picked.end(), g) == picked.end()) {
          picked.push_back(g);
        }
      }
    }
    std::vector<std::pair<double, std::size_t>> affected;
    for (std::size_t g = 0; g < G; ++g) {
      const double scale = baseline[g] * static_cast<double>(run.days);
      if (scale > 0) affected.emplace_back(-losses[g * kArioMeasureCount + 2] / scale, g);
    }
    std::sort(affected.begin(), affected.end());
    for (const auto& [share, g] : affected) {
      if (picked.size() >= 8) break;
      if (std::find(picked.begin(), picked.end(), g) == picked.end()) picked.push_back(g);
    }
  }
  paths.days = run.recorded_days;
  for (const std::size_t g : picked) {
    paths.regions.push_back(labels.regions[g]);
    for (std::size_t t = 0; t < T; ++t) {
      paths.ratio.push_back(baseline[g] > 0 ? production[g * T + t] / baseline[g] : kNaN);
    }
  }
  return paths;
}

std::vector<io::TidyCsvWriter*> ArioScenarioOutput::csv_files() {
  std::vector<io::TidyCsvWriter*> out;
  for (auto* w : {summary_.get(), economy_.get(), sector_.get(), series_economy_.get(),
                  series_sector_.get()}) {
    if (w) out.push_back(w);
  }
  return out;
}

}  // namespace leontief::decomposition
