#include "decomposition/equilibrium/cp2015_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/line_reader.hpp"
#include "solver/distributed_table.hpp"

namespace leontief::decomposition::cp2015 {

void ModelInputs::validate(const std::string& source) const {
  const std::size_t N = regions.size(), J = sectors.size();
  const auto fail = [&](const std::string& message) { throw InputError(source + ": " + message); };
  if (N < 2) fail("the model needs at least 2 economies");
  if (J < 1) fail("the model needs at least 1 sector");
  if (flows.size() != J * N * N || tariffs.size() != J * N * N ||
      counterfactual_tariffs.size() != J * N * N || value_added_share.size() != N * J ||
      input_share.size() != N * J * J || theta.size() != J) {
    fail("inconsistent model input sizes");
  }
  const auto where = [&](std::size_t j, std::size_t n, std::size_t i) {
    return "sector " + sectors[j] + ", importer " + regions[n] + ", exporter " + regions[i];
  };
  for (std::size_t j = 0; j < J; ++j) {
    if (!(theta[j] > 0) || !std::isfinite(theta[j])) {
      fail("sector " + sectors[j] + ": trade elasticity theta must be a positive number");
    }
    for (std::size_t n = 0; n < N; ++n) {
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t k = flow_index(j, n, i);
        if (!(flows[k] >= 0) || !std::isfinite(flows[k]))
          fail(where(j, n, i) + ": negative or non-finite trade flow");
        for (const auto* t : {&tariffs, &counterfactual_tariffs}) {
          if (!((*t)[k] > -1) || !std::isfinite((*t)[k])) {
            fail(where(j, n, i) + ": tariff rate must be > -100%");
          }
          if (i == n && (*t)[k] != 0) fail(where(j, n, i) + ": tariff on domestic sales");
        }
      }
    }
  }
  for (std::size_t n = 0; n < N; ++n) {
    double value_added = 0;
    for (std::size_t j = 0; j < J; ++j) {
      const double b = value_added_share[n * J + j];
      if (!(b >= 0 && b <= 1)) {
        fail("economy " + regions[n] + ", sector " + sectors[j] +
             ": value-added share outside [0, 1]");
      }
      double output = 0;
      for (std::size_t m = 0; m < N; ++m) output += flows[flow_index(j, m, n)];
      value_added += b * output;
    }
    if (!(value_added > 0)) {
      fail("economy " + regions[n] + " has no value added (no sales at all)");
    }
  }
}

ModelInputs inputs_from_cp2015(const io::Cp2015Data& d, const Cp2015InputOptions& options) {
  const std::size_t N = d.regions, J = d.sectors, Jt = d.tradable_sectors;
  ModelInputs in;
  in.regions = io::cp2015_regions();
  in.sectors = io::cp2015_sectors();
  in.flows.assign(J * N * N, 0.0);
  in.tariffs.assign(J * N * N, 0.0);
  in.counterfactual_tariffs.assign(J * N * N, 0.0);

  for (std::size_t j = 0; j < J; ++j) {
    for (std::size_t i = 0; i < N; ++i) {
      const double gross_output = d.gross_output[j * N + i];
      double exports = 0;
      if (j < Jt) {
        for (std::size_t n = 0; n < N; ++n) {
          if (n == i) continue;
          const double v = d.trade[(j * N + n) * N + i] * options.trade_scale;
          in.flows[in.flow_index(j, n, i)] = v;
          exports += v;
          const double base = d.base_tariffs[(j * N + n) * N + i] / 100;
          const double cf = d.counterfactual_tariffs[(j * N + n) * N + i] / 100;
          in.tariffs[in.flow_index(j, n, i)] = base;
          in.counterfactual_tariffs[in.flow_index(j, n, i)] = cf;
        }
      }
      // Gross output is at least the exports (as in the authors' code); the rest is sold
      // at home.
      in.flows[in.flow_index(j, i, i)] = std::max(gross_output, exports) - exports;
    }
  }
  in.value_added_share.resize(N * J);
  for (std::size_t n = 0; n < N; ++n) {
    for (std::size_t j = 0; j < J; ++j)
      in.value_added_share[n * J + j] = d.value_added_shares[j * N + n];
  }
  in.input_share = d.io_shares;
  in.theta.assign(J, options.nontradable_theta);
  for (std::size_t j = 0; j < Jt; ++j) in.theta[j] = d.elasticities[j];
  return in;
}

void restrict_tariff_change(ModelInputs& in, const std::vector<std::string>& economies,
                            const std::string& option) {
  if (economies.empty()) return;
  const std::size_t N = in.region_count(), J = in.sector_count();
  std::vector<bool> member(N, false);
  for (const auto& code : economies) {
    auto it = std::find(in.regions.begin(), in.regions.end(), code);
    if (it == in.regions.end()) {
      std::string known;
      for (const auto& r : in.regions) known += (known.empty() ? "" : " ") + r;
      throw InputError(option + ": '" + code + "' is not an economy of the model (" + known + ")");
    }
    member[static_cast<std::size_t>(it - in.regions.begin())] = true;
  }
  for (std::size_t j = 0; j < J; ++j) {
    for (std::size_t n = 0; n < N; ++n) {
      for (std::size_t i = 0; i < N; ++i) {
        if (member[n] && member[i]) continue;
        const std::size_t k = in.flow_index(j, n, i);
        in.counterfactual_tariffs[k] = in.tariffs[k];
      }
    }
  }
}

// ------------------------------------------------------------------ MRIO tables

namespace {

/// Index of `code` among `names`, or npos.
std::size_t find_name(const std::vector<std::string>& names, const std::string& code) {
  auto it = std::find(names.begin(), names.end(), code);
  return it == names.end() ? std::string::npos : static_cast<std::size_t>(it - names.begin());
}

void apply_rules(const std::vector<TariffRule>& rules, ModelInputs& in, std::vector<double>& out) {
  const std::size_t N = in.region_count(), J = in.sector_count();
  for (const auto& rule : rules) {
    const auto resolve = [&](const std::string& code, const std::vector<std::string>& names,
                             const char* what, std::size_t column) -> std::size_t {
      if (code == "*") return std::string::npos;
      const std::size_t k = find_name(names, code);
      if (k == std::string::npos) {
        throw InputError(input_location(
            rule.file, "line " + std::to_string(rule.line) + ", column " + std::to_string(column),
            std::string("unknown ") + what + " '" + code + "' (not one of the model's " + what +
                "s)"));
      }
      return k;
    };
    const std::size_t importer = resolve(rule.importer, in.regions, "economy", 1);
    const std::size_t exporter = resolve(rule.exporter, in.regions, "economy", 2);
    const std::size_t sector = resolve(rule.sector, in.sectors, "sector", 3);
    if (!(rule.percent > -100)) {
      throw InputError(input_location(rule.file, "line " + std::to_string(rule.line) + ", column 4",
                                      "tariff must be > -100 percent"));
    }
    for (std::size_t j = 0; j < J; ++j) {
      if (sector != std::string::npos && j != sector) continue;
      for (std::size_t n = 0; n < N; ++n) {
        if (importer != std::string::npos && n != importer) continue;
        for (std::size_t i = 0; i < N; ++i) {
          if (exporter != std::string::npos && i != exporter) continue;
          if (i == n) continue;  // no tariff on domestic sales
          out[in.flow_index(j, n, i)] = rule.percent / 100;
        }
      }
    }
  }
}

}  // namespace

ModelInputs inputs_from_table(const solver::DistributedTable& table,
                              const TableInputOptions& options) {
  const auto& labels = table.labels();
  const std::size_t G = labels.region_count(), S = labels.sector_count(),
                    F = labels.category_count();
  ModelInputs in;
  in.sectors = labels.sectors;

  // Economies of the model: the kept ones in table order, then the rest of the world.
  std::vector<std::size_t> model_of(G, 0);
  if (options.keep_regions.empty()) {
    in.regions = labels.regions;
    for (std::size_t g = 0; g < G; ++g) model_of[g] = g;
  } else {
    std::set<std::string> keep;
    for (const auto& code : options.keep_regions) {
      if (find_name(labels.regions, code) == std::string::npos) {
        throw InputError("data.keep_regions: '" + code + "' is not an economy of " + table.path());
      }
      if (code == options.rest_of_world) {
        throw InputError("data.keep_regions: '" + code +
                         "' is also the name of the rest of the world (data.rest_of_world)");
      }
      keep.insert(code);
    }
    bool merged = false;
    for (std::size_t g = 0; g < G; ++g) {
      if (keep.count(labels.regions[g])) {
        model_of[g] = in.regions.size();
        in.regions.push_back(labels.regions[g]);
      } else {
        merged = true;
      }
    }
    if (merged) {
      for (std::size_t g = 0; g < G; ++g) {
        if (!keep.count(labels.regions[g])) model_of[g] = in.regions.size();
      }
      in.regions.push_back(options.rest_of_world);
    }
  }
  const std::size_t N = in.regions.size(), J = S;

  // Local contributions (this rank's origin rows), summed over ranks below.
  std::vector<double> flows(J * N * N, 0.0);
  std::vector<double> inputs(N * J * J, 0.0);  // [(m·J + k)·J + j]: input k into (m, j)
  const auto& part = table.partition();
  const auto& y = table.final_demand();
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t row = part.row_begin() + r;
    const std::size_t origin = model_of[labels.region_of_row(row)];
    const std::size_t j = labels.sector_of_row(row);
    table.for_each_flow(r, [&](std::size_t c, double v) {
      const std::size_t user = model_of[labels.region_of_row(c)], k = labels.sector_of_row(c);
      if (v > 0) flows[in.flow_index(j, user, origin)] += v;
      inputs[(user * J + j) * J + k] += v;
    });
    for (std::size_t g = 0; g < G; ++g) {
      for (std::size_t f = 0; f < F; ++f) {
        const double v = y[(r * G + g) * F + f];
        if (v > 0) flows[in.flow_index(j, model_of[g], origin)] += v;
      }
    }
  }
  in.flows.assign(flows.size(), 0.0);
  LEONTIEF_CHECK_MPI(MPI_Allreduce(flows.data(), in.flows.data(), static_cast<int>(flows.size()),
                                   MPI_DOUBLE, MPI_SUM, table.comm()));
  std::vector<double> all_inputs(inputs.size(), 0.0);
  LEONTIEF_CHECK_MPI(MPI_Allreduce(inputs.data(), all_inputs.data(),
                                   static_cast<int>(inputs.size()), MPI_DOUBLE, MPI_SUM,
                                   table.comm()));

  std::vector<double> output(N * J, 0.0);
  const auto& x = table.gross_output();
  for (std::size_t g = 0; g < G; ++g) {
    for (std::size_t j = 0; j < J; ++j) output[model_of[g] * J + j] += x[g * S + j];
  }
  in.value_added_share.assign(N * J, 1.0);
  in.input_share.assign(N * J * J, 0.0);
  for (std::size_t m = 0; m < N; ++m) {
    for (std::size_t j = 0; j < J; ++j) {
      double total = 0;
      for (std::size_t k = 0; k < J; ++k) total += all_inputs[(m * J + k) * J + j];
      if (output[m * J + j] > 0) {
        in.value_added_share[m * J + j] = std::clamp(1 - total / output[m * J + j], 0.0, 1.0);
      }
      if (total > 0) {
        for (std::size_t k = 0; k < J; ++k) {
          in.input_share[(m * J + k) * J + j] = all_inputs[(m * J + k) * J + j] / total;
        }
      } else {
        in.value_added_share[m * J + j] = 1.0;  // no intermediate inputs at all
      }
    }
  }

  in.theta.assign(J, options.default_theta);
  for (const auto& [sector, theta] : options.theta) {
    const std::size_t j = find_name(in.sectors, sector);
    if (j == std::string::npos) {
      throw InputError("elasticities: unknown sector '" + sector + "' (not a sector of " +
                       table.path() + ")");
    }
    in.theta[j] = theta;
  }
  in.tariffs.assign(J * N * N, 0.0);
  apply_rules(options.base_tariffs, in, in.tariffs);
  in.counterfactual_tariffs = in.tariffs;
  apply_rules(options.counterfactual_tariffs, in, in.counterfactual_tariffs);
  return in;
}

// ------------------------------------------------------------------ CSV files

namespace {

/// Opens a CSV file and checks its header against `expected` (case-sensitive).
io::csv::DelimitedReader open_csv(const std::string& path,
                                  const std::vector<std::string>& expected) {
  io::csv::DelimitedReader reader(io::LineReader(path), ',');
  if (!reader.next()) reader.fail_at_end("empty file; expected the header line");
  for (std::size_t c = 0; c < expected.size(); ++c) {
    if (reader.text(c + 1) != expected[c]) {
      std::string header;
      for (const auto& e : expected) header += (header.empty() ? "" : ",") + e;
      reader.fail(c + 1, "expected the header " + header);
    }
  }
  if (reader.size() != expected.size()) {
    reader.fail(expected.size() + 1,
                "unexpected column; expected " + std::to_string(expected.size()) + " columns");
  }
  reader.set_column_names(expected);
  return reader;
}

}  // namespace

std::vector<TariffRule> read_tariff_rules(const std::string& path) {
  auto reader = open_csv(path, {"importer", "exporter", "sector", "percent"});
  std::vector<TariffRule> rules;
  while (reader.next()) {
    if (reader.blank()) continue;
    if (reader.size() != 4) reader.fail(0, std::to_string(reader.size()) + " cells, expected 4");
    TariffRule rule;
    rule.importer = reader.text(1);
    rule.exporter = reader.text(2);
    rule.sector = reader.text(3);
    for (std::size_t c = 1; c <= 3; ++c) {
      if (reader.text(c).empty()) reader.fail(c, "empty cell (use * to match every one)");
    }
    rule.percent = reader.number(4);
    if (!(rule.percent > -100)) reader.fail(4, "tariff must be > -100 percent");
    rule.line = reader.line_number();
    rule.file = path;
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::vector<std::pair<std::string, double>> read_elasticities(const std::string& path) {
  auto reader = open_csv(path, {"sector", "theta"});
  std::vector<std::pair<std::string, double>> out;
  while (reader.next()) {
    if (reader.blank()) continue;
    if (reader.size() != 2) reader.fail(0, std::to_string(reader.size()) + " cells, expected 2");
    const std::string sector = reader.text(1);
    if (sector.empty()) reader.fail(1, "empty sector name");
    const double theta = reader.number(2);
    if (!(theta > 0)) reader.fail(2, "trade elasticity theta must be > 0");
    out.emplace_back(sector, theta);
  }
  return out;
}

}  // namespace leontief::decomposition::cp2015
