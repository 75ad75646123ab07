/// Linear shock models (`leontief shock`): every model on Miller & Blair's two-sector
/// textbook table with answers worked by hand; identities on WIOD 2011 (balanced import):
/// a zero tariff changes nothing, base prices are 1, a uniform tariff gives Corden's ERP τ,
/// a uniform change of value added moves Ghosh output in proportion, demand shocks are
/// linear; Woodbury extractions against explicit re-factorizations on random tables; the
/// scenario parser's errors. Rows of a scenario live on the rank that owns it: every check
/// gathers the rows first, so the suite runs at 1, 2 and 4 ranks.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "decomposition/shocks/shock_models.hpp"
#include "decomposition/term_table_output.hpp"
#include "io/config/scenario.hpp"
#include "io/results/result_file.hpp"
#include "io/runtime/error.hpp"
#include "io/store/hdf5.hpp"
#include "solver/leontief_operator.hpp"
#include "tests/support.hpp"

using namespace leontief;
using decomposition::TermTable;
using test::DenseTable;

namespace {

/// Every row of a table, on every rank, keyed by label text ("scenario", "region", "sector").
using Rows = std::map<std::vector<std::string>, std::vector<double>>;

struct Tables {
  std::map<std::string, Rows> rows;
  std::map<std::string, std::vector<std::string>> measures;

  double at(const std::string& table, const std::vector<std::string>& key,
            const std::string& measure) const {
    const auto t = rows.find(table);
    if (t == rows.end()) throw std::runtime_error("no table " + table);
    const auto r = t->second.find(key);
    if (r == t->second.end()) {
      std::string k;
      for (const auto& part : key) k += part + " ";
      throw std::runtime_error(table + " has no row " + k);
    }
    const auto& names = measures.at(table);
    const auto m = std::find(names.begin(), names.end(), measure);
    if (m == names.end()) throw std::runtime_error(table + " has no measure " + measure);
    return r->second[static_cast<std::size_t>(m - names.begin())];
  }
};

Rows gather_rows(const TermTable& t, const io::TableLabels& labels) {
  const int nk = static_cast<int>(t.keys.size()), nm = static_cast<int>(t.measures.size());
  const int local = static_cast<int>(t.local_rows());
  const int size = test::world_size();
  std::vector<int> counts(static_cast<std::size_t>(size)),
      offsets(static_cast<std::size_t>(size), 0);
  MPI_Allgather(&local, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int total = 0;
  for (int p = 0; p < size; ++p)
    offsets[static_cast<std::size_t>(p)] = total, total += counts[static_cast<std::size_t>(p)];
  std::vector<long> keys(static_cast<std::size_t>(total * nk));
  std::vector<double> values(static_cast<std::size_t>(total * nm));
  std::vector<int> kc(counts), ko(offsets), vc(counts), vo(offsets);
  for (std::size_t p = 0; p < counts.size(); ++p) {
    kc[p] *= nk, ko[p] *= nk, vc[p] *= nm, vo[p] *= nm;
  }
  MPI_Allgatherv(t.local_keys.data(), local * nk, MPI_LONG, keys.data(), kc.data(), ko.data(),
                 MPI_LONG, MPI_COMM_WORLD);
  MPI_Allgatherv(t.local_values.data(), local * nm, MPI_DOUBLE, values.data(), vc.data(), vo.data(),
                 MPI_DOUBLE, MPI_COMM_WORLD);
  Rows out;
  for (int r = 0; r < total; ++r) {
    std::vector<std::string> key;
    for (int k = 0; k < nk; ++k) {
      const long v = keys[static_cast<std::size_t>(r * nk + k)];
      const auto i = static_cast<std::size_t>(v);
      switch (t.keys[static_cast<std::size_t>(k)].kind) {
        case decomposition::KeyColumn::Kind::scenario:
          key.push_back(t.scenarios[i]);
          break;
        case decomposition::KeyColumn::Kind::region:
          key.push_back(labels.regions[i]);
          break;
        case decomposition::KeyColumn::Kind::sector:
          key.push_back(labels.sectors[i]);
          break;
      }
    }
    out[key] = {values.begin() + r * nm, values.begin() + (r + 1) * nm};
  }
  return out;
}

/// Writes `ini` (and the CSV files given as name -> text) into a per-rank scratch directory
/// and returns the parsed scenarios.
std::vector<io::Scenario> scenarios_from(const test::ScratchDirectory& dir, const std::string& ini,
                                         const io::TableLabels& labels,
                                         const std::map<std::string, std::string>& csv = {}) {
  for (const auto& [name, text] : csv) std::ofstream(dir.path() + "/" + name) << text;
  const std::string path = dir.path() + "/scenarios.ini";
  std::ofstream(path) << ini;
  return io::read_scenarios(path, labels);
}

/// Runs the scenarios on a distributed table and gathers every table.
Tables run(const solver::DistributedTable& table, const std::vector<io::Scenario>& scenarios,
           solver::MatrixStorage storage = solver::MatrixStorage::automatic) {
  solver::LeontiefOptions options;
  options.storage = storage;
  solver::LeontiefOperator op(table, options);
  decomposition::GvcContext context(table, op);
  Tables out;
  for (const auto& t : decomposition::run_shock_scenarios(context, scenarios, options)) {
    out.rows[t.name] = gather_rows(t, table.labels());
    out.measures[t.name] = t.measures;
  }
  return out;
}

/// Miller & Blair (2009, section 2.3) two-sector table, each sector its own economy so that
/// it has trade: Z = [150 500; 200 100], x = [1000 2000], final demand y = [350 1700]
/// split by destination as Y = [300 50; 100 1600], VA = [650 1400].
/// A = [0.15 0.25; 0.2 0.05], det(I − A) = 0.7575 = 303/400, v = [0.65 0.7],
/// B = (I − A)⁻¹ = (1/0.7575) [0.95 0.25; 0.2 0.85].
DenseTable textbook_table() {
  DenseTable t;
  t.labels.regions = {"R1", "R2"};
  t.labels.sectors = {"s"};
  t.labels.final_demand_categories = {"F"};
  t.z = {150, 500, 200, 100};
  t.y = {300, 50, 100, 1600};
  t.x = {1000, 2000};
  t.va = {650, 1400};
  return t;
}

/// Agreement to `relative` of max(1, |values|) (tests/agreement.hpp: NaN never agrees).
bool near(double got, double expected, double relative = 1e-12) {
  return test::agrees(got, expected, {relative, relative});
}

}  // namespace

TEST_CASE("shock: the two-sector textbook table, every model worked by hand", "[shock]") {
  const DenseTable dense = textbook_table();
  auto table = test::distribute(MPI_COMM_WORLD, dense);
  test::ScratchDirectory dir;
  const auto scenarios = scenarios_from(dir, R"(
[scenario.demand]
model = demand
final_demand_change = R1:s:R2:-100

[scenario.supply]
model = supply
value_added_change = R2:s:-140

[scenario.iim]
model = inoperability
perturbation = R1:s:0.1

[scenario.iim_supply]
model = inoperability
side = supply
perturbation = R2:s:0.07

[scenario.price]
model = price
units = percent
cost_change = R1:s:10

[scenario.tariff]
model = tariff
units = percent
tariff = R1:s:R2:10

[scenario.full]
model = extraction
extract = R1:s

[scenario.backward]
model = extraction
extraction = backward
extract = R1:s

[scenario.forward]
model = extraction
extraction = forward
extract = R1:s

[scenario.partial]
model = extraction
extraction = partial
extract = R1:s:0.5
)",
                                        dense.labels);
  const Tables r = run(table, scenarios);

  SECTION("demand: dx = B dy, value added and the share abroad") {
    // dy = [-100, 0] (R2's final demand for R1's product):
    // dx = B dy = -100/0.7575 [0.95, 0.2] = [-38000/303, -8000/303];
    // dva = v dx = [-24700/303, -5600/303], summing to dy = -100 (v'B = 1').
    CHECK(near(r.at("demand_sector", {"demand", "R1", "s"}, "dx"), -38000.0 / 303));
    CHECK(near(r.at("demand_sector", {"demand", "R2", "s"}, "dx"), -8000.0 / 303));
    CHECK(near(r.at("demand_sector", {"demand", "R1", "s"}, "dva"), -24700.0 / 303));
    CHECK(near(r.at("demand_sector", {"demand", "R2", "s"}, "dva"), -5600.0 / 303));
    CHECK(near(r.at("demand_sector", {"demand", "R1", "s"}, "dx_pct"), -3800.0 / 303));
    CHECK(near(r.at("demand_summary", {"demand"}, "dva"), -100.0));
    // Home is the economy whose demand fell (R2): R1 bears 24700/30300 = 247/303 of the loss.
    CHECK(near(r.at("demand_summary", {"demand"}, "share_abroad"), 247.0 / 303));
    CHECK(near(r.at("demand_summary", {"demand"}, "dva_home"), -5600.0 / 303));
    CHECK(near(r.at("demand_economy", {"demand", "R1"}, "dva_share"), 247.0 / 303));
  }
  SECTION("supply (Ghosh): dx = x B' x^-1 dw") {
    // x^-1 dw = [0, -0.07]; B'[0, -0.07] = -0.07/0.7575 [0.2, 0.85];
    // dx = [1000, 2000] * that = [-5600/303, -47600/303].
    CHECK(near(r.at("supply_sector", {"supply", "R1", "s"}, "dx"), -5600.0 / 303));
    CHECK(near(r.at("supply_sector", {"supply", "R2", "s"}, "dx"), -47600.0 / 303));
    CHECK(near(r.at("supply_summary", {"supply"}, "share_abroad"), 5600.0 / 53200));
  }
  SECTION("inoperability: q = x^-1 B x c*") {
    // x c* = [100, 0]; B [100, 0] = [38000/303, 8000/303] (the economic loss);
    // q = [38/303, 4/303].
    CHECK(near(r.at("inoperability_sector", {"iim", "R1", "s"}, "inoperability"), 38.0 / 303));
    CHECK(near(r.at("inoperability_sector", {"iim", "R2", "s"}, "inoperability"), 4.0 / 303));
    CHECK(near(r.at("inoperability_sector", {"iim", "R2", "s"}, "economic_loss"), 8000.0 / 303));
    CHECK(near(r.at("inoperability_summary", {"iim"}, "share_abroad"), 8000.0 / 46000));
    // Supply side: q = B'c* = 0.07/0.7575 [0.2, 0.85] = [28/1515, 119/1515]; the loss x q is
    // the Ghosh output change of the supply scenario (c* = 140/2000 of R2's output).
    CHECK(near(r.at("inoperability_sector", {"iim_supply", "R1", "s"}, "inoperability"),
               28.0 / 1515));
    CHECK(near(r.at("inoperability_sector", {"iim_supply", "R2", "s"}, "inoperability"),
               119.0 / 1515));
    CHECK(near(r.at("inoperability_sector", {"iim_supply", "R2", "s"}, "economic_loss"),
               47600.0 / 303));
  }
  SECTION("price: (I - A)'p = v + dv, consumer prices") {
    // p_base = B'v = [0.7575, 0.7575]/0.7575 = [1, 1]. dv = [0.065, 0];
    // dp = B'dv = 0.065/0.7575 [0.95, 0.25] = [247/3030, 65/3030].
    CHECK(near(r.at("price_sector", {"price", "R1", "s"}, "p_base"), 1.0));
    CHECK(near(r.at("price_sector", {"price", "R2", "s"}, "p_base"), 1.0));
    CHECK(near(r.at("price_sector", {"price", "R1", "s"}, "dp"), 247.0 / 3030));
    CHECK(near(r.at("price_sector", {"price", "R2", "s"}, "p"), 1.0 + 65.0 / 3030));
    // Consumers of R2 buy Y_.2 = [50, 1600]: (50·247 + 1600·65)/3030/1650 = 116350/4999500.
    CHECK(near(r.at("price_economy", {"price", "R2"}, "consumer_price_pct"),
               100.0 * 116350 / 4999500));
    CHECK(near(r.at("price_economy", {"price", "R1"}, "output_price_pct"), 100.0 * 247 / 3030));
  }
  SECTION("tariff: 10% on R1's product into R2") {
    const std::vector<std::string> r1 = {"tariff", "R1", "s"}, r2 = {"tariff", "R2", "s"};
    // Only a_12 = 0.25 is taxed: (A∘T)'1 = [0, 0.025]; c = B'[0, 0.025] = 0.025/0.7575 [0.2, 0.85]
    // = [2/303, 17/606] (first-order, Rouzet-Miroudot).
    CHECK(near(r.at("tariff_sector", r2, "input_tariff_direct"), 0.025));
    CHECK(near(r.at("tariff_sector", r1, "incidence_first_order"), 2.0 / 303));
    CHECK(near(r.at("tariff_sector", r2, "incidence_first_order"), 17.0 / 606));
    // Compounding: Ã = [0.15 0.275; 0.2 0.05], det(I − Ã) = 0.7525;
    // p = [0.7575, 0.77375]/0.7525 = [303/301, 619/602]; incidence p − 1 = [2/301, 17/602].
    CHECK(near(r.at("tariff_sector", r1, "incidence_compounding"), 2.0 / 301));
    CHECK(near(r.at("tariff_sector", r2, "incidence_compounding"), 17.0 / 602));
    // R2 protects its product at t = 0.1; Corden: (0.1 − (0.25 + 0.05)·0.1)/0.7 = 0.1;
    // GVC: (0.1 − 17/606)/0.7. R1 imposes nothing: Corden 0, GVC −(2/303)/0.65.
    CHECK(near(r.at("tariff_sector", r2, "nominal_tariff"), 0.1));
    CHECK(near(r.at("tariff_sector", r1, "nominal_tariff"), 0.0));
    CHECK(near(r.at("tariff_sector", r2, "erp_corden"), 0.1));
    CHECK(near(r.at("tariff_sector", r1, "erp_corden"), 0.0));
    CHECK(near(r.at("tariff_sector", r2, "erp_gvc"), (0.1 - 17.0 / 606) / 0.7));
    CHECK(near(r.at("tariff_sector", r1, "erp_gvc"), -(2.0 / 303) / 0.65));
    // Consumers of R2 (Y_.2 = [50, 1600]; the 50 imported pay the tariff):
    // first-order (50(2/303 + 0.1) + 1600·17/606)/1650 = 15215/(303·1650);
    // compounding (50(1.1·303/301 − 1) + 1600·17/602)/1650 = 15215/(301·1650).
    CHECK(near(r.at("tariff_economy", {"tariff", "R2"}, "consumer_price_first_order"),
               15215.0 / (303 * 1650)));
    CHECK(near(r.at("tariff_economy", {"tariff", "R2"}, "consumer_price_compounding"),
               15215.0 / (301 * 1650)));
    // Consumers of R1 (Y_.1 = [300, 100], no tariff of their own): 1450/(303·400), 1450/(301·400).
    CHECK(near(r.at("tariff_economy", {"tariff", "R1"}, "consumer_price_first_order"),
               1450.0 / (303 * 400)));
    CHECK(near(r.at("tariff_economy", {"tariff", "R1"}, "consumer_price_compounding"),
               1450.0 / (301 * 400)));
  }
  SECTION("extraction: full, backward, forward, partial") {
    // Full: Ā = DAD = [0 0; 0 0.05]: x̄ = [350, 1700/0.95] = [350, 34000/19].
    CHECK(near(r.at("extraction_sector", {"full", "R1", "s"}, "dx"), -650.0));
    CHECK(near(r.at("extraction_sector", {"full", "R2", "s"}, "dx"), 34000.0 / 19 - 2000));
    CHECK(near(r.at("extraction_summary", {"full"}, "total_linkage"), 650.0 + 4000.0 / 19));
    CHECK(near(r.at("extraction_summary", {"full"}, "linkage_abroad"), 4000.0 / 19));
    // Backward: Ā = AD = [0 0.25; 0 0.05]: x̄2 = 34000/19, x̄1 = 350 + 0.25 x̄2 = 15150/19.
    CHECK(near(r.at("extraction_sector", {"backward", "R1", "s"}, "dx"), 15150.0 / 19 - 1000));
    CHECK(near(r.at("extraction_sector", {"backward", "R2", "s"}, "dx"), 34000.0 / 19 - 2000));
    // Forward (Ghosh): Δ̄ = allocation coefficients with R1's row zero:
    // x̄2 = 1400/0.95 = 28000/19, x̄1 = 650 + 0.1 x̄2 = 15150/19.
    CHECK(near(r.at("extraction_sector", {"forward", "R1", "s"}, "dx"), 15150.0 / 19 - 1000));
    CHECK(near(r.at("extraction_sector", {"forward", "R2", "s"}, "dx"), 28000.0 / 19 - 2000));
    CHECK(std::isnan(r.at("extraction_sector", {"forward", "R2", "s"}, "dva")));
    // Partial, half of R1: Ā = DAD, D = diag(0.5, 1) = [0.0375 0.125; 0.1 0.05],
    // det(I − Ā) = 0.901875: x̄ = [545, 1671.25]/0.901875.
    CHECK(near(r.at("extraction_sector", {"partial", "R1", "s"}, "dx"), 545 / 0.901875 - 1000));
    CHECK(near(r.at("extraction_sector", {"partial", "R2", "s"}, "dx"), 1671.25 / 0.901875 - 2000));
    CHECK(near(r.at("extraction_summary", {"partial"}, "extracted_output"), 500.0));
  }
}

TEST_CASE("shock: Woodbury extractions equal explicit re-factorizations on random tables",
          "[shock][extraction]") {
  const auto storage = GENERATE(solver::MatrixStorage::sparse, solver::MatrixStorage::dense);
  const DenseTable dense = test::random_table(3, 4, 2, 17u);
  auto table = test::distribute(MPI_COMM_WORLD, dense);
  test::ScratchDirectory dir;
  // Sets spanning economies, with partial fractions, a repeated entry (the later wins).
  const std::string sets =
      "extract = R0:s1:0.7\nextract = R1:s0\nextract = R2:s3:0.25\n"
      "extract = R2:s3:0.4\n";
  const auto scenarios =
      scenarios_from(dir,
                     "[scenario.full]\nmodel = extraction\nextraction = full\n" + sets +
                         "[scenario.backward]\nmodel = extraction\nextraction = backward\n" + sets +
                         "[scenario.forward]\nmodel = extraction\nextraction = forward\n" + sets +
                         "[scenario.whole_economy]\nmodel = extraction\nextract = R1:*\n",
                     dense.labels);
  const Tables r = run(table, scenarios, storage);
  const std::size_t n = dense.n(), N = dense.labels.sector_count();
  // f per row (R0_s1 = 0.7, R1_s0 = 1, R2_s3 = 0.4; whole economy R1).
  std::vector<double> f(n, 0.0), f_economy(n, 0.0);
  f[0 * N + 1] = 0.7, f[1 * N + 0] = 1.0, f[2 * N + 3] = 0.4;
  for (std::size_t k = 0; k < N; ++k) f_economy[N + k] = 1.0;
  const auto reference = [&](const std::vector<double>& frac, const std::string& kind) {
    // Z̄ = D Z D (full), Z D (backward), D Z (forward) with the same x: Ā = Z̄ x̂⁻¹.
    DenseTable t = dense;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        const double di = 1.0 - frac[i], dj = 1.0 - frac[j];
        t.z[i * n + j] *= kind == "full" ? di * dj : kind == "backward" ? dj : di;
      }
    }
    auto modified = test::distribute(MPI_COMM_WORLD, t);
    solver::LeontiefOperator op(modified);
    decomposition::GvcContext context(modified, op);
    decomposition::DenseMatrix rhs(n, 1);
    for (std::size_t i = 0; i < n; ++i) {
      if (kind == "forward") {
        rhs(i, 0) = dense.va[i] / dense.x[i];
      } else {
        for (std::size_t c = 0; c < dense.labels.final_demand_columns(); ++c) {
          rhs(i, 0) += dense.y[i * dense.labels.final_demand_columns() + c];
        }
      }
    }
    const auto x = kind == "forward" ? context.leontief_transpose(rhs) : context.leontief(rhs);
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = kind == "forward" ? dense.x[i] * x(i, 0) : x(i, 0);
    return out;
  };
  for (const std::string kind : {"full", "backward", "forward", "whole_economy"}) {
    const auto expected =
        kind == "whole_economy" ? reference(f_economy, "full") : reference(f, kind);
    for (std::size_t i = 0; i < n; ++i) {
      const std::vector<std::string> key = {kind, dense.labels.regions[i / N],
                                            dense.labels.sectors[i % N]};
      const double got =
          r.at("extraction_sector", key, "x_base") + r.at("extraction_sector", key, "dx");
      INFO(kind << " row " << i << ": " << got << " vs " << expected[i]);
      CHECK(std::abs(got - expected[i]) <= 1e-12 * dense.x[i]);
    }
  }
}

TEST_CASE("shock: a zero-output sector gives NA shares, never Inf, and cannot be Ghosh-shocked",
          "[shock]") {
  const DenseTable dense = test::random_table(3, 3, 2, 5u, 4);
  auto table = test::distribute(MPI_COMM_WORLD, dense);
  test::ScratchDirectory dir;
  const auto ok = scenarios_from(dir, R"(
[scenario.all_demand]
model = demand
units = percent
final_demand_change = *:*:*:-5
[scenario.all_va]
model = supply
units = percent
value_added_change = *:*:-5
)",
                                 dense.labels);
  const Tables r = run(table, ok);
  // Row 4 is R1_s1.
  CHECK(std::isnan(r.at("demand_sector", {"all_demand", "R1", "s1"}, "dx_pct")));
  CHECK(std::isnan(r.at("supply_sector", {"all_va", "R1", "s1"}, "dx_pct")));
  CHECK(near(r.at("supply_sector", {"all_va", "R0", "s0"}, "dx_pct"), -5.0, 1e-10));
  for (const auto& [key, values] : r.rows.at("demand_economy")) {
    for (double v : values) CHECK(std::isfinite(v));
  }
  const auto bad = scenarios_from(
      dir, "[scenario.bad]\nmodel = supply\nvalue_added_change = R1:s1:10\n", dense.labels);
  try {
    run(table, bad);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("scenarios.ini: line 3") && Catch::Contains("R1_s1") &&
                             Catch::Contains("zero gross output"));
  }
}

TEST_CASE("shock: WIOD 2011 identities to 1e-12", "[shock][wiod]") {
  test::SharedScratchDirectory shared;
  const std::string h5 = test::import_wide_csv(
      shared, std::string(LEONTIEF_TEST_DATA_DIR) + "/wiod2013/wiot_2011.csv.gz", "wiod2011.h5",
      true);
  const auto table = solver::DistributedTable::read(MPI_COMM_WORLD, h5);
  const auto& labels = table.labels();
  test::ScratchDirectory dir;
  const auto scenarios = scenarios_from(
      dir, R"(
[scenario.a]
model = demand
units = percent
final_demand_change = CHN:*:USA:-10
[scenario.b]
model = demand
shocks = b.csv
[scenario.combined]
model = demand
units = percent
final_demand_change = CHN:*:USA:-20     # 2a
[scenario.minus3b]
model = demand
final_demand_change = DEU:c15:DEU:3000  # -3b
final_demand_change = JPN:c14:CHN:-750
[scenario.va_up]
model = supply
units = percent
value_added_change = *:*:3
[scenario.prices]
model = price
cost_change = DEU:c17:0.01
[scenario.zero_tariff]
model = tariff
tariff = *:*:*:0
[scenario.uniform_tariff]
model = tariff
units = percent
tariff = *:*:*:5
[scenario.iim]
model = inoperability
final_demand_change = DEU:c15:FRA:-500
[scenario.iim_demand]
model = demand
final_demand_change = DEU:c15:FRA:-500
)",
      labels, {{"b.csv", "region,sector,partner,value\nDEU,c15,DEU,-1000\nJPN,c14,CHN,250\n"}});
  // One run for every check below (plain blocks, not SECTIONs, which would repeat it).
  const Tables r = run(table, scenarios);
  const std::size_t n = table.n(), N = labels.sector_count();
  const auto key = [&](const std::string& s, std::size_t i) {
    return std::vector<std::string>{s, labels.regions[i / N], labels.sectors[i % N]};
  };
  {  // demand shocks are linear: dx(2a) + dx(-3b) = 2 dx(a) - 3 dx(b)
    // Scenario b adds 250 in a cell and removes 1000 in another; minus3b is -3 times b.
    const auto parts = [&](std::size_t i) {
      return 2 * r.at("demand_sector", key("a", i), "dx") -
             3 * r.at("demand_sector", key("b", i), "dx");
    };
    double scale = 0.0;
    for (std::size_t i = 0; i < n; ++i) scale = std::max(scale, std::abs(parts(i)));
    test::Agreement linear({0.0, 1e-12 * scale});
    for (std::size_t i = 0; i < n; ++i) {
      linear.add(r.at("demand_sector", key("combined", i), "dx") +
                     r.at("demand_sector", key("minus3b", i), "dx"),
                 parts(i), i);
    }
    LEONTIEF_CHECK_AGREES(linear);
    // v'B = 1' on a balanced table: world value added changes by exactly the demand change.
    for (const char* s : {"a", "b", "combined", "minus3b"}) {
      CHECK(near(r.at("demand_summary", {s}, "dva"), r.at("demand_summary", {s}, "dy")));
    }
  }
  {  // price model at base: p = 1
    test::Agreement unit_costs({0.0, 1e-12});
    for (std::size_t i = 0; i < n; ++i) {
      const double p = r.at("price_sector", key("prices", i), "p_base");
      if (table.gross_output()[i] > 0.0) {
        unit_costs.add(p, 1.0, i);
      } else {
        CHECK(std::isnan(p));  // no output, no unit cost (documented NA)
      }
    }
    LEONTIEF_CHECK_AGREES(unit_costs);
  }
  {  // a uniform zero tariff changes nothing
    for (const char* m : {"nominal_tariff", "input_tariff_direct", "incidence_first_order",
                          "incidence_compounding", "erp_corden", "erp_gvc"}) {
      // ERPs divide by v_j: NA (documented) where value added is zero (zero-output sectors,
      // and sectors whose inputs equal their output); everything else is 0.
      const bool erp = std::string(m).rfind("erp_", 0) == 0;
      test::Agreement zero({0.0, 1e-12}, test::NanRule::documented);
      for (std::size_t i = 0; i < n; ++i) {
        const double v = r.at("tariff_sector", key("zero_tariff", i), m);
        const bool no_value_added =
            !(table.gross_output()[i] > 0.0) || table.value_added()[i] == 0.0;
        zero.add(v, erp && no_value_added ? std::nan("") : 0.0, i);
      }
      INFO(m);
      LEONTIEF_CHECK_AGREES(zero);
    }
    for (const auto& [k, values] : r.rows.at("tariff_economy")) {
      if (k[0] != "zero_tariff") continue;
      for (double v : values) CHECK(std::abs(v) <= 1e-12);
    }
  }
  {  // a uniform tariff: Corden's ERP equals it; compounding exceeds first order
    for (std::size_t i = 0; i < n; ++i) {
      if (!(table.gross_output()[i] > 0.0)) continue;
      const double va = table.value_added()[i] / table.gross_output()[i];
      if (va < 1e-3) continue;  // ERP divides by it
      INFO(labels.row_label(i));
      CHECK(std::abs(r.at("tariff_sector", key("uniform_tariff", i), "erp_corden") - 0.05) <=
            1e-12 / va);
      const double first = r.at("tariff_sector", key("uniform_tariff", i), "incidence_first_order");
      const double comp = r.at("tariff_sector", key("uniform_tariff", i), "incidence_compounding");
      CHECK(first >= 0.0);
      CHECK(comp >= first - 1e-15);
      CHECK(comp - first <= 0.1 * first + 1e-15);  // second order in a 5% tariff
    }
  }
  {  // Ghosh: a uniform 3% change of primary inputs moves every output by 3%
    test::Agreement uniform({0.0, 1e-10});  // percent: 1e-12 relative
    for (std::size_t i = 0; i < n; ++i) {
      if (!(table.gross_output()[i] > 0.0)) continue;
      uniform.add(r.at("supply_sector", key("va_up", i), "dx_pct"), 3.0, i);
    }
    LEONTIEF_CHECK_AGREES(uniform);
  }
  {  // inoperability losses equal the demand model's output losses
    double scale = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      scale = std::max(scale, std::abs(r.at("demand_sector", key("iim_demand", i), "dx")));
    }
    test::Agreement losses({0.0, 1e-12 * scale});
    for (std::size_t i = 0; i < n; ++i) {
      losses.add(r.at("inoperability_sector", key("iim", i), "economic_loss"),
                 -r.at("demand_sector", key("iim_demand", i), "dx"), i);
    }
    LEONTIEF_CHECK_AGREES(losses);
  }
}

TEST_CASE("shock: tariffs that make A*(11'+T) non-productive name the scenario",
          "[shock][errors]") {
  // det(I − Ã) = 0.8075 − 0.05 (1 + τ) on the textbook table: no solution from τ = 1515%.
  const DenseTable dense = textbook_table();
  auto table = test::distribute(MPI_COMM_WORLD, dense);
  test::ScratchDirectory dir;
  const auto scenarios = scenarios_from(
      dir,
      "[scenario.fine]\nmodel = tariff\ntariff = R1:s:R2:15\n"
      "[scenario.prohibitive]\nmodel = tariff\nunits = percent\ntariff = R1:s:R2:2000\n",
      dense.labels);
  try {
    run(table, scenarios);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("scenarios.ini: line 4: scenario 'prohibitive'") &&
                             Catch::Contains("not productive"));
  }
}

TEST_CASE("shock: scenario files give errors naming the file and line", "[shock][errors]") {
  const DenseTable dense = textbook_table();
  test::ScratchDirectory dir;
  const auto error_of = [&](const std::string& ini,
                            const std::map<std::string, std::string>& csv = {}) {
    try {
      scenarios_from(dir, ini, dense.labels, csv);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nfinal_demand_change = R9:s:R2:1\n"),
             Catch::Contains("scenarios.ini: line 3: unknown region 'R9'"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nfinal_demand_chnage = R1:s:R2:1\n"),
             Catch::Contains("line 3: key 'final_demand_chnage' is not used by model demand"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = price\ntariff = R1:s:R2:1\n"),
             Catch::Contains("line 3: key 'tariff' is not used by model price"));
  CHECK_THAT(error_of("[scenario.a]\nfinal_demand_change = R1:s:R2:1\n"),
             Catch::Contains("line 1: [scenario.a] has no 'model' key"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = leontief\n"),
             Catch::Contains("line 2: unknown model 'leontief'"));
  CHECK_THAT(error_of("model = demand\n"),
             Catch::Contains("line 1: key outside a [scenario.NAME]"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nfinal_demand_change = R1:s:R2:abc\n"),
             Catch::Contains("line 3: final_demand_change: expected a number, got 'abc'"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nfinal_demand_change = R1:s:-1\n"),
             Catch::Contains("line 3: final_demand_change: expected REGION:SECTOR:PARTNER:VALUE"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = tariff\ntariff = R1:s:R1:0.1\n"),
             Catch::Contains("line 3: a tariff applies to imports"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = tariff\ntariff = R1:s:R2:-1.5\n"),
             Catch::Contains("line 3: tariff rate must be above -100%"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = extraction\nextraction = partial\nextract = R1:s\n"),
             Catch::Contains("line 4: a partial extraction needs a fraction"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = extraction\nextract = R1:s:1.5\n"),
             Catch::Contains("line 3: extraction fraction must be in (0, 1]"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nfinal_demand_change = R1:s:R2:1\n"
                      "[scenario.a]\nmodel = demand\nfinal_demand_change = R1:s:R2:1\n"),
             Catch::Contains("line 4: duplicate scenario 'a'"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\n"),
             Catch::Contains("line 1: [scenario.a] has no shocks"));
  CHECK_THAT(
      error_of("[scenario.a]\nmodel = demand\nmodel = price\nfinal_demand_change = R1:s:R2:1\n"),
      Catch::Contains("line 3: key 'model' given twice"));
  CHECK_THAT(
      error_of(
          "[scenario.a]\nmodel = inoperability\nside = supply\nfinal_demand_change = R1:s:R2:1\n"),
      Catch::Contains("line 4: final_demand_change does not apply to the supply-side"));
  CHECK_THAT(error_of("[other]\n"), Catch::Contains("line 1: unknown section [other]"));
  CHECK_THAT(
      error_of("[scenario.a]\nmodel = demand\nunits = percents\nfinal_demand_change = R1:s:R2:1\n"),
      Catch::Contains("line 3: units: expected absolute or percent"));
  // CSV shocks: the CSV file and its line.
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nshocks = s.csv\n",
                      {{"s.csv", "region,sector,partner,value\nR1,s,R2,1\nR1,t,R2,1\n"}}),
             Catch::Contains("s.csv: line 3: unknown sector 't'"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nshocks = s.csv\n",
                      {{"s.csv", "region,sector,value\nR1,s,1\n"}}),
             Catch::Contains("s.csv: line 2: final_demand_change: the partner economy is missing"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = supply\nshocks = s.csv\n",
                      {{"s.csv", "region,sector,partner,value\nR1,s,R2,1\n"}}),
             Catch::Contains("s.csv: line 2: value_added_change has no partner economy"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nshocks = s.csv\n", {{"s.csv", "a,b,c\n"}}),
             Catch::Contains("s.csv: line 1: expected the header region,sector,partner,value"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nshocks = s.csv\n",
                      {{"s.csv", "region,sector,partner,value\nR1,s,R2\n"}}),
             Catch::Contains("s.csv: line 2: expected 4 fields, got 3"));
  CHECK_THAT(error_of("[scenario.a]\nmodel = demand\nshocks = missing.csv\n"),
             Catch::Contains("missing.csv: cannot open"));
  // Wildcards, comments, quoted CSV labels and later-wins tariffs parse.
  const auto ok =
      scenarios_from(dir, R"(
# a comment
[scenario.t]   # trailing comment
model = tariff
units = percent
tariff = *:*:*:10
shocks = t.csv
)",
                     dense.labels, {{"t.csv", "region,sector,partner,value\n\"R1\",s,R2,20\n"}});
  REQUIRE(ok.size() == 1);
  CHECK(ok[0].tariffs.size() == 3);  // R1->R2 and R2->R1 from *, then R1->R2 again
  CHECK(ok[0].tariffs.back().value == 20.0);
  // Tariff files of `leontief tariff` (importer,exporter,sector,percent) read as they are.
  const auto ge =
      scenarios_from(dir, "[scenario.t]\nmodel = tariff\nshocks = ge.csv\n", dense.labels,
                     {{"ge.csv", "importer,exporter,sector,percent\nR2,R1,s,10\n"}});
  REQUIRE(ge[0].tariffs.size() == 1);
  CHECK(ge[0].tariffs[0].row == 0);                             // R1_s, the exporter's product
  CHECK(ge[0].tariffs[0].partner == 1);                         // imported by R2
  CHECK(ge[0].tariffs[0].value == Approx(0.1).epsilon(1e-15));  // absolute units: a fraction
}

TEST_CASE("shock: scenario-keyed tables in HDF5 and tidy CSV", "[shock][io]") {
  const DenseTable dense = textbook_table();
  auto table = test::distribute(MPI_COMM_WORLD, dense);
  test::ScratchDirectory scratch;
  const auto scenarios = scenarios_from(scratch, R"(
[scenario.first]
model = demand
final_demand_change = R1:s:R2:-100
[scenario.second]
model = demand
final_demand_change = R2:s:R2:50
)",
                                        dense.labels);
  solver::LeontiefOperator op(table);
  decomposition::GvcContext context(table, op);
  const auto tables = decomposition::run_shock_scenarios(context, scenarios, {});
  const auto summary = std::find_if(tables.begin(), tables.end(),
                                    [](const TermTable& t) { return t.name == "demand_summary"; });
  REQUIRE(summary != tables.end());
  test::SharedScratchDirectory dir;
  const std::string h5 = dir.path() + "/shock.h5", csv = dir.path() + "/csv";
  {
    io::ResultFile result(MPI_COMM_WORLD, h5);
    result.write_metadata({{"command", "test"}}, dense.labels);
    auto writer = decomposition::write_term_table(MPI_COMM_WORLD, result, csv, dense.labels, *summary);
    result.commit();
    writer->commit();
  }
  // CSV: scenario names as keys, in file order.
  const auto rows = test::read_csv(csv + "/demand_summary.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0][0] == "scenario");
  CHECK(rows[1][0] == "first");
  CHECK(rows[2][0] == "second");
  // HDF5: keys index <group>/scenarios.
  hid_t file = H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  CHECK(io::h5::read_string_dataset(file, "demand_summary/scenarios") ==
        std::vector<std::string>{"first", "second"});
  hid_t keys = H5Dopen2(file, "demand_summary/keys", H5P_DEFAULT);
  REQUIRE(keys >= 0);
  std::vector<long> values(2, -7);
  CHECK(H5Dread(keys, H5T_NATIVE_LONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  CHECK(values == std::vector<long>{0, 1});
  H5Dclose(keys);
  H5Fclose(file);
}
