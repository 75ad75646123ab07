#include "decomposition/thinning/thinning_panel.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "decomposition/thinning/thinning_sda.hpp"
#include "io/runtime/error.hpp"

namespace leontief::decomposition {

namespace fs = std::filesystem;

namespace {

/// Rows of the panel: per year, per economy: the economy (TOTAL), then its sectors.
void panel_rows(ThinningPanel& p, const std::vector<const YearRecord*>& records) {
  const std::size_t M = thinning_measures().size();
  const std::size_t G = p.labels.region_count(), N = p.labels.sector_count();
  for (std::size_t y = 0; y < p.years.size(); ++y) {
    const YearRecord& r = *records[y];
    for (std::size_t s = 0; s < G; ++s) {
      p.panel_keys.insert(p.panel_keys.end(), {p.years[y], static_cast<long>(s), kTotal});
      p.panel_values.insert(p.panel_values.end(),
                            r.economy.begin() + static_cast<std::ptrdiff_t>(s * M),
                            r.economy.begin() + static_cast<std::ptrdiff_t>((s + 1) * M));
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t row = s * N + i;
        p.panel_keys.insert(p.panel_keys.end(),
                            {p.years[y], static_cast<long>(s), static_cast<long>(i)});
        p.panel_values.insert(p.panel_values.end(),
                              r.sector.begin() + static_cast<std::ptrdiff_t>(row * M),
                              r.sector.begin() + static_cast<std::ptrdiff_t>((row + 1) * M));
      }
    }
  }
}

std::vector<std::string> sda_columns() {
  std::vector<std::string> c = {"YEAR_FROM", "YEAR_TO", "EXGR_DVASH_FROM", "EXGR_DVASH_TO",
                                "EXGR_DVASH_CHANGE"};
  for (const char* f : sda_factor_names()) c.emplace_back(f);
  return c;
}

/// SDA rows per economy: the economy (TOTAL, sums over sectors), then its sectors'
/// contributions. Sets the largest |Σ parts − change| (a check, logged by the caller).
void sda_rows(ThinningPanel& p, const YearRecord& from, const YearRecord& to) {
  const std::size_t G = p.labels.region_count(), N = p.labels.sector_count();
  double worst = 0.0;
  for (std::size_t s = 0; s < G; ++s) {
    const auto sda = dva_share_sda(from.sda.economy(s), to.sda.economy(s));
    const auto row = [&](long sector, double level_from, double level_to,
                         const std::array<double, kSdaFactors>& parts) {
      p.sda_keys.insert(p.sda_keys.end(), {static_cast<long>(s), sector});
      p.sda_values.insert(p.sda_values.end(),
                          {static_cast<double>(from.year), static_cast<double>(to.year),
                           level_from, level_to, level_to - level_from});
      p.sda_values.insert(p.sda_values.end(), parts.begin(), parts.end());
      double sum = 0.0;
      for (double part : parts) sum += part;
      const double gap = std::abs(sum - (level_to - level_from));
      if (std::isfinite(gap)) worst = std::max(worst, gap);
    };
    double total_from = 0.0, total_to = 0.0;
    std::array<double, kSdaFactors> total{};
    for (std::size_t i = 0; i < N; ++i) {
      total_from += sda.from[i];
      total_to += sda.to[i];
      for (std::size_t f = 0; f < kSdaFactors; ++f) total[f] += sda.parts[f][i];
    }
    row(kTotal, total_from, total_to, total);
    for (std::size_t i = 0; i < N; ++i) {
      std::array<double, kSdaFactors> parts{};
      for (std::size_t f = 0; f < kSdaFactors; ++f) parts[f] = sda.parts[f][i];
      row(static_cast<long>(i), sda.from[i], sda.to[i], parts);
    }
  }
  p.sda_gap = worst;
}

std::vector<std::string> trend_columns() {
  return {"FIRST_YEAR",      "LAST_YEAR", "YEARS",         "EXGR_DVASH_FIRST",
          "EXGR_DVASH_LAST", "SLOPE",     "FITTED_CHANGE", "TREND"};
}

std::vector<double> trend_row(const DvaShareTrend& t) {
  return {static_cast<double>(t.first_year),
          static_cast<double>(t.last_year),
          static_cast<double>(t.years),
          t.first,
          t.last,
          t.slope,
          t.fitted_change,
          static_cast<double>(t.code)};
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ",") + part;
  return out;
}

void write_group(io::ResultFile& file, const std::string& name, const std::string& description,
                 const std::vector<std::string>& key_columns,
                 const std::vector<std::string>& measures, const std::vector<double>& values,
                 const std::vector<long>& keys, std::map<std::string, std::string> extra = {}) {
  extra["description"] = description;
  extra["key_columns"] = join(key_columns);
  extra["measures"] = join(measures);
  file.create_group(name, extra);
  const std::size_t rows = measures.empty() ? 0 : values.size() / measures.size();
  file.write_matrix(name + "/values", rows, measures.size(), 0, rows, values,
                    "one row per key (see keys)", join(measures), description);
  file.write_index_matrix(name + "/keys", rows, key_columns.size(), 0, rows, keys,
                          "one row per key",
                          join(key_columns) +
                              " (year: calendar year; region, sector: indices into /labels, "
                              "-1: TOTAL)",
                          "row keys of values");
}

std::string region_text(const io::TableLabels& labels, long s) {
  return io::csv_field(labels.regions[static_cast<std::size_t>(s)]);
}

std::string sector_text(const io::TableLabels& labels, long i) {
  return i == kTotal ? "TOTAL" : io::csv_field(labels.sectors[static_cast<std::size_t>(i)]);
}

std::vector<std::string> measure_names() {
  std::vector<std::string> names;
  for (const auto& m : thinning_measures()) names.emplace_back(m.name);
  return names;
}

}  // namespace

ThinningPanel assemble_thinning_panel(const std::vector<int>& years,
                                      const std::map<int, YearRecord>& records,
                                      const io::TableLabels& labels, int from, int to,
                                      double flat_band) {
  ThinningPanel p;
  p.years = years;
  p.labels = labels;
  p.sda_from = from;
  p.sda_to = to;
  std::vector<const YearRecord*> by_year;
  by_year.reserve(years.size());
  for (const int y : years) by_year.push_back(&records.at(y));
  panel_rows(p, by_year);
  sda_rows(p, records.at(from), records.at(to));
  const std::size_t M = thinning_measures().size();
  for (std::size_t s = 0; s < labels.region_count(); ++s) {
    std::vector<double> shares;
    shares.reserve(by_year.size());
    for (const YearRecord* r : by_year) shares.push_back(r->economy[s * M + 0]);  // EXGR_DVASH
    p.trends.push_back(dva_share_trend(years, shares, flat_band));
    const auto row = trend_row(p.trends.back());
    p.trend_values.insert(p.trend_values.end(), row.begin(), row.end());
  }
  return p;
}

std::vector<std::unique_ptr<io::TidyCsvWriter>> write_thinning_panel(
    const ThinningPanel& p, const std::map<int, YearRecord>& records, double flat_band,
    io::ResultFile& result, const std::string& csv_directory) {
  const auto& measures = thinning_measures();
  const auto names = measure_names();
  const std::size_t G = p.labels.region_count(), N = p.labels.sector_count();
  std::string meanings;
  for (const auto& m : measures) meanings += std::string(m.name) + ": " + m.meaning + "\n";
  write_group(result, "thinning_panel",
              "panel measures by year, economy (sector -1 = TOTAL) and economy x sector",
              {"year", "region", "sector"}, names, p.panel_values, p.panel_keys,
              {{"measure_definitions", meanings}});
  write_group(result, "thinning_sda",
              "structural decomposition of the change in EXGR_DVASH (percentage points; "
              "average of the two polar decompositions, factor order D, F, V, W); sector rows "
              "are contributions to the economy's change and sum to the economy row",
              {"region", "sector"}, sda_columns(), p.sda_values, p.sda_keys,
              {{"year_from", std::to_string(p.sda_from)}, {"year_to", std::to_string(p.sda_to)}});
  std::vector<long> trend_keys;
  for (std::size_t s = 0; s < G; ++s) trend_keys.push_back(static_cast<long>(s));
  char band[32];
  std::snprintf(band, sizeof band, "%g", flat_band);
  write_group(result, "thinning_trend",
              "least-squares trend of EXGR_DVASH per economy; TREND -1 thinning, 0 flat, "
              "+1 thickening",
              {"region"}, trend_columns(), p.trend_values, trend_keys, {{"flat_band", band}});
  result.create_group("years",
                      {{"description", "finished years of leontief thinning (a rerun reuses them)"}});
  for (const int y : p.years) {
    const YearRecord& r = records.at(y);
    write_year_record(result, r, G, N, 0, G, r.economy, r.sector, r.has_sda ? &r.sda : nullptr);
  }
  result.close();

  std::vector<std::unique_ptr<io::TidyCsvWriter>> csvs;
  if (csv_directory.empty()) return csvs;
  const auto csv_path = [&](const char* name) { return (fs::path(csv_directory) / name).string(); };
  const std::size_t M = measures.size();
  auto panel_csv = std::make_unique<io::TidyCsvWriter>(
      MPI_COMM_SELF, csv_path("thinning_panel.csv"),
      std::vector<std::string>{"year", "region", "sector", "measure", "value"});
  panel_csv->write_rows([&](std::ostream& out) {
    std::string line;
    for (std::size_t r = 0; r < p.panel_keys.size() / 3; ++r) {
      const std::string key = std::to_string(p.panel_keys[3 * r]) + "," +
                              region_text(p.labels, p.panel_keys[3 * r + 1]) + "," +
                              sector_text(p.labels, p.panel_keys[3 * r + 2]) + ",";
      for (std::size_t m = 0; m < M; ++m) {
        line = key + names[m] + ",";
        io::append_number(line, p.panel_values[r * M + m]);
        out << line << '\n';
      }
    }
  });
  csvs.push_back(std::move(panel_csv));

  const auto columns = sda_columns();
  std::vector<std::string> header = {"region", "sector", "year_from", "year_to"};
  header.insert(header.end(), columns.begin() + 2, columns.end());
  auto sda_csv =
      std::make_unique<io::TidyCsvWriter>(MPI_COMM_SELF, csv_path("thinning_sda.csv"), header);
  sda_csv->write_rows([&](std::ostream& out) {
    std::string line;
    const std::size_t C = columns.size();
    for (std::size_t r = 0; r < p.sda_keys.size() / 2; ++r) {
      line = region_text(p.labels, p.sda_keys[2 * r]) + "," +
             sector_text(p.labels, p.sda_keys[2 * r + 1]) + "," + std::to_string(p.sda_from) +
             "," + std::to_string(p.sda_to);
      for (std::size_t c = 2; c < C; ++c) {
        line += ',';
        io::append_number(line, p.sda_values[r * C + c]);
      }
      out << line << '\n';
    }
  });
  csvs.push_back(std::move(sda_csv));

  auto trend_csv = std::make_unique<io::TidyCsvWriter>(
      MPI_COMM_SELF, csv_path("thinning_trend.csv"),
      std::vector<std::string>{"region", "trend", "first_year", "last_year", "years",
                               "EXGR_DVASH_FIRST", "EXGR_DVASH_LAST", "SLOPE", "FITTED_CHANGE"});
  trend_csv->write_rows([&](std::ostream& out) {
    std::string line;
    for (std::size_t s = 0; s < G; ++s) {
      const auto& t = p.trends[s];
      line = region_text(p.labels, static_cast<long>(s)) + "," + trend_name(t) + "," +
             std::to_string(t.first_year) + "," + std::to_string(t.last_year) + "," +
             std::to_string(t.years);
      for (double v : {t.first, t.last, t.slope, t.fitted_change}) {
        line += ',';
        io::append_number(line, v);
      }
      out << line << '\n';
    }
  });
  csvs.push_back(std::move(trend_csv));
  return csvs;
}

TrendCounts count_trends(const std::vector<DvaShareTrend>& trends) {
  TrendCounts c;
  for (const auto& t : trends) {
    (t.years < 2 ? c.flat : t.code < 0 ? c.thinning : t.code > 0 ? c.thickening : c.flat) += 1;
  }
  return c;
}

std::vector<std::string> steepest_decline(const ThinningPanel& p, std::size_t count) {
  const auto decline = [&](std::size_t s) {
    const double f = p.trends[s].fitted_change;
    return std::isnan(f) ? std::numeric_limits<double>::infinity() : f;
  };
  std::vector<std::size_t> order(p.trends.size());
  for (std::size_t s = 0; s < order.size(); ++s) order[s] = s;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return decline(x) < decline(y); });
  std::vector<std::string> out;
  for (std::size_t k = 0; k < std::min(count, order.size()); ++k) {
    out.push_back(p.labels.regions[order[k]]);
  }
  return out;
}

}  // namespace leontief::decomposition
