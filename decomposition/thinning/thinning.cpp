/// @file thinning.cpp
/// @brief The panel measures of `leontief thinning` (columns of the tiva and position tables)
/// and the trend rule. docs/methods/thinning.md.

#include "decomposition/thinning/thinning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "decomposition/methods.hpp"
#include "io/runtime/error.hpp"

namespace leontief::decomposition {

const std::vector<ThinningMeasure>& thinning_measures() {
  static const std::vector<ThinningMeasure> all = {
      {"EXGR_DVASH", "tiva", "domestic value-added share of gross exports, percent"},
      {"VS_SHARE", "tiva", "import content of exports (vertical specialisation), fraction"},
      {"LTV_DVA_SHARE", "position",
       "domestic value-added share of final goods produced (Los-Timmer-de Vries), fraction"},
      {"GVCPT_F", "position", "forward GVC participation (Wang-Wei-Yu-Zhu), fraction"},
      {"GVCPT_B", "position", "backward GVC participation (Wang-Wei-Yu-Zhu), fraction"},
  };
  return all;
}

namespace {

const TermTable& find_table(const std::vector<TermTable>& tables, const std::string& name) {
  for (const auto& t : tables) {
    if (t.name == name) return t;
  }
  throw_library_error("method output has no table " + name, __FILE__, __LINE__);
}

std::size_t measure_index(const TermTable& t, const std::string& name) {
  const auto it = std::find(t.measures.begin(), t.measures.end(), name);
  if (it == t.measures.end()) {
    throw_library_error("table " + t.name + " has no measure " + name, __FILE__, __LINE__);
  }
  return static_cast<std::size_t>(it - t.measures.begin());
}

/// Copies the panel columns out of the tiva and position tables of the same rows
/// ("economy" or "sector"): both methods list the owned economies (and sectors) in order.
TermTable pick_columns(const std::vector<TermTable>& tiva_tables,
                       const std::vector<TermTable>& position_tables, const std::string& level,
                       const std::string& name, const std::string& description) {
  const TermTable& tiva = find_table(tiva_tables, "tiva_" + level);
  const TermTable& position = find_table(position_tables, "position_" + level);
  if (tiva.local_keys != position.local_keys) {
    throw_library_error("tiva and position rows differ", __FILE__, __LINE__);
  }
  TermTable out;
  out.name = name;
  out.description = description;
  out.keys = tiva.keys;
  std::vector<std::pair<const TermTable*, std::size_t>> sources;
  for (const auto& m : thinning_measures()) {
    const TermTable* from = std::string(m.method) == "tiva" ? &tiva : &position;
    sources.emplace_back(from, measure_index(*from, m.name));
    out.measures.emplace_back(m.name);
  }
  const std::size_t nk = tiva.keys.size();
  std::vector<long> keys(nk);
  std::vector<double> values(sources.size());
  for (std::size_t r = 0; r < tiva.local_rows(); ++r) {
    for (std::size_t k = 0; k < nk; ++k) keys[k] = tiva.local_keys[r * nk + k];
    for (std::size_t c = 0; c < sources.size(); ++c) {
      const auto& [table, column] = sources[c];
      values[c] = table->local_values[r * table->measures.size() + column];
    }
    out.add_row(keys, values);
  }
  return out;
}

}  // namespace

ThinningTables thinning_tables(const GvcContext& context) {
  const std::vector<TermTable> t = tiva(context);
  const std::vector<TermTable> p = position(context);
  return {pick_columns(t, p, "economy", "thinning_economy",
                       "domestic content measures by economy (from tiva and position)"),
          pick_columns(t, p, "sector", "thinning_sector",
                       "domestic content measures by economy x sector (from tiva and position)")};
}

DvaShareTrend dva_share_trend(const std::vector<int>& years, const std::vector<double>& shares,
                              double band) {
  DvaShareTrend out;
  double mean_year = 0.0, mean_share = 0.0;
  int& first_year = out.first_year;
  int& last_year = out.last_year;
  for (std::size_t k = 0; k < years.size() && k < shares.size(); ++k) {
    if (!std::isfinite(shares[k])) continue;
    if (out.years == 0) {
      out.first = shares[k];
      first_year = years[k];
    }
    out.last = shares[k];
    last_year = years[k];
    mean_year += years[k];
    mean_share += shares[k];
    ++out.years;
  }
  if (out.years < 2) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.slope = out.fitted_change = nan;
    if (out.years == 0) out.first = out.last = nan;
    return out;
  }
  mean_year /= out.years;
  mean_share /= out.years;
  double sxy = 0.0, sxx = 0.0;
  for (std::size_t k = 0; k < years.size() && k < shares.size(); ++k) {
    if (!std::isfinite(shares[k])) continue;
    const double dx = years[k] - mean_year;
    sxy += dx * (shares[k] - mean_share);
    sxx += dx * dx;
  }
  out.slope = sxx > 0.0 ? sxy / sxx : 0.0;
  out.fitted_change = out.slope * (last_year - first_year);
  out.code = out.fitted_change < -band ? -1 : (out.fitted_change > band ? 1 : 0);
  return out;
}

std::string trend_name(const DvaShareTrend& trend) {
  if (trend.years < 2) return "NA";
  return trend.code < 0 ? "thinning" : (trend.code > 0 ? "thickening" : "flat");
}

}  // namespace leontief::decomposition
