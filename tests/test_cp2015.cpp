/// Caliendo–Parro (2015) general equilibrium: a hand-checkable 2-economy x 2-sector economy
/// (no change, symmetry, terms-of-trade identities, first-order accuracy of the welfare
/// decomposition), the NAFTA experiment on the CP2015 data (the published welfare, terms of
/// trade, volume of trade and real wages, with zero and with observed deficits; identical on
/// every rank count), inputs aggregated from the WIOD 2011 table (no tariff change gives no
/// change), and the readers' errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <numeric>

#include "decomposition/equilibrium/cp2015_inputs.hpp"
#include "decomposition/equilibrium/cp2015_model.hpp"
#include "io/config/parameters.hpp"
#include "io/readers/cp2015_reader.hpp"
#include "io/runtime/error.hpp"
#include "solver/distributed_table.hpp"
#include "support.hpp"

using namespace leontief;
namespace cp = leontief::decomposition::cp2015;

namespace {

/// Two symmetric economies A and B; sector "goods" is traded with a 10% tariff both ways,
/// "services" are sold at home only.
cp::ModelInputs two_by_two() {
  cp::ModelInputs in;
  in.regions = {"A", "B"};
  in.sectors = {"goods", "services"};
  const std::size_t N = 2, J = 2;
  in.flows.assign(J * N * N, 0.0);
  in.flows[in.flow_index(0, 0, 0)] = 60;  // A's goods bought in A
  in.flows[in.flow_index(0, 0, 1)] = 20;  // A imports goods from B
  in.flows[in.flow_index(0, 1, 1)] = 60;
  in.flows[in.flow_index(0, 1, 0)] = 20;
  in.flows[in.flow_index(1, 0, 0)] = 50;
  in.flows[in.flow_index(1, 1, 1)] = 50;
  in.tariffs.assign(J * N * N, 0.0);
  in.tariffs[in.flow_index(0, 0, 1)] = 0.10;
  in.tariffs[in.flow_index(0, 1, 0)] = 0.10;
  in.counterfactual_tariffs = in.tariffs;
  in.value_added_share = {0.5, 0.6, 0.5, 0.6};
  // gamma[(n·J + k)·J + j]: goods use 70% goods, 30% services; services 40% / 60%.
  in.input_share = {0.7, 0.4, 0.3, 0.6, 0.7, 0.4, 0.3, 0.6};
  in.theta = {4.0, 8.22};
  return in;
}

cp::ModelOptions tight_options() {
  cp::ModelOptions o;
  o.solver.tolerance = 1e-13;
  return o;
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (std::size_t k = 0; k < a.size(); ++k) m = std::max(m, std::abs(a[k] - b[k]));
  return m;
}

double max_abs_deviation(const std::vector<double>& a, double value) {
  double m = 0;
  for (double v : a) m = std::max(m, std::abs(v - value));
  return m;
}

/// Income I'_n = Σ_j X'_n^j − Σ_k (1 − β_n^k) Y'_n^k: final spending is what is not spent on
/// intermediate inputs (input shares of every sector sum to 1).
std::vector<double> income_from_spending(const cp::ModelInputs& in, const cp::Equilibrium& e) {
  const std::size_t N = in.region_count(), J = in.sector_count();
  std::vector<double> sales(N * J, 0.0), income(N, 0.0);
  for (std::size_t j = 0; j < J; ++j) {
    for (std::size_t n = 0; n < N; ++n) {
      for (std::size_t i = 0; i < N; ++i) sales[i * J + j] += e.flows[in.flow_index(j, n, i)];
    }
  }
  for (std::size_t n = 0; n < N; ++n) {
    for (std::size_t j = 0; j < J; ++j) {
      income[n] +=
          e.expenditure[n * J + j] - (1 - in.value_added_share[n * J + j]) * sales[n * J + j];
    }
  }
  return income;
}

void check_equal_results(const cp::Counterfactual& a, const cp::Counterfactual& b, double tol) {
  CHECK(max_abs_diff(a.equilibrium.wage_hat, b.equilibrium.wage_hat) < tol);
  CHECK(max_abs_diff(a.equilibrium.price_hat, b.equilibrium.price_hat) < tol);
  CHECK(max_abs_diff(a.equilibrium.cost_hat, b.equilibrium.cost_hat) < tol);
  CHECK(max_abs_diff(a.equilibrium.shares, b.equilibrium.shares) < tol);
  CHECK(max_abs_diff(a.welfare.welfare, b.welfare.welfare) < tol);
  CHECK(max_abs_diff(a.welfare.real_wage, b.welfare.real_wage) < tol);
  CHECK(max_abs_diff(a.welfare.terms_of_trade, b.welfare.terms_of_trade) < tol);
  CHECK(max_abs_diff(a.welfare.volume_of_trade, b.welfare.volume_of_trade) < tol);
  CHECK(max_abs_diff(a.welfare.real_income, b.welfare.real_income) < tol);
}

cp::ModelInputs nafta_inputs(const std::string& dir) {
  io::Cp2015Files f;
  f.trade = dir + "/xbilat1993.txt";
  f.base_tariffs = dir + "/tariffs1993.txt";
  f.counterfactual_tariffs = dir + "/tariffs2005.txt";
  f.io_shares = dir + "/IO.txt";
  f.value_added_shares = dir + "/B.txt";
  f.gross_output = dir + "/GO.txt";
  f.elasticities = dir + "/T.txt";
  cp::ModelInputs in = cp::inputs_from_cp2015(io::read_cp2015(f), {});
  cp::restrict_tariff_change(in, {"MEX", "CAN", "USA"}, "test");
  in.validate(dir);
  return in;
}

std::size_t index_of(const cp::ModelInputs& in, const std::string& code) {
  return static_cast<std::size_t>(std::find(in.regions.begin(), in.regions.end(), code) -
                                  in.regions.begin());
}

/// A published percentage as printed: the value and half a unit of its last printed digit
/// ("1.31" → 1.31 ± 0.005, "-0.0638" → −0.0638 ± 0.00005), the rounding it was printed with.
struct Printed {
  double value, half_unit;
  explicit Printed(const char* text) : value(std::strtod(text, nullptr)), half_unit(0.5) {
    const char* dot = std::strchr(text, '.');
    for (const char* c = dot ? dot + 1 : text + std::strlen(text); *c != '\0'; ++c) {
      half_unit /= 10;
    }
  }
};

/// Welfare, terms of trade, volume of trade and real wage of one economy, in percent.
struct NaftaRow {
  const char* region;
  const char* welfare;
  const char* terms_of_trade;
  const char* volume_of_trade;
  const char* real_wage;
};

/// The NAFTA experiment (intra-NAFTA tariffs 1993 → 2005 on the 1993 data), zero deficits,
/// two decimals: Caliendo & Parro (2015), Review of Economic Studies 82(1), section 5.1,
/// "welfare effects from NAFTA's tariff reductions". The welfare totals are the paper's
/// (abstract: Mexico +1.31%, Canada −0.06%, US +0.08%); the terms-of-trade, volume-of-trade
/// and real-wage columns are those of the independent replication of section 5.1 (R
/// package cp2015 by P. Felipe, github.com/paulofelipe/cp2015, which asserts them in
/// tests/testthat/test-run_cp2015.R); the paper's table itself was not available to check.
constexpr NaftaRow kNaftaZeroDeficits[] = {{"MEX", "1.31", "-0.41", "1.72", "1.72"},
                                           {"CAN", "-0.06", "-0.11", "0.04", "0.32"},
                                           {"USA", "0.08", "0.04", "0.04", "0.11"}};
/// The same run to three significant digits, as the replication prints it (its README).
constexpr NaftaRow kNaftaZeroDeficits3[] = {{"MEX", "1.31", "-0.412", "1.72", "1.72"},
                                            {"CAN", "-0.0638", "-0.108", "0.0443", "0.323"},
                                            {"USA", "0.0848", "0.0435", "0.0412", "0.112"}};
/// With the observed 1993 deficits held fixed: the replication's "solution with deficits"
/// (same test file), two decimals.
constexpr NaftaRow kNaftaObservedDeficits[] = {{"MEX", "1.17", "-0.41", "1.59", "1.64"},
                                               {"CAN", "-0.04", "-0.08", "0.04", "0.33"},
                                               {"USA", "0.08", "0.05", "0.04", "0.12"}};

/// Every published number of `rows` within the rounding it was printed with (percent).
template <std::size_t R>
void check_published(const cp::ModelInputs& in, const cp::WelfareEffects& w,
                     const NaftaRow (&rows)[R]) {
  for (const NaftaRow& row : rows) {
    const std::size_t n = index_of(in, row.region);
    REQUIRE(n < in.region_count());
    const std::pair<const char*, double> measures[] = {{row.welfare, w.welfare[n]},
                                                       {row.terms_of_trade, w.terms_of_trade[n]},
                                                       {row.volume_of_trade, w.volume_of_trade[n]},
                                                       {row.real_wage, w.real_wage[n]}};
    const char* names[] = {"welfare", "terms of trade", "volume of trade", "real wage"};
    for (std::size_t m = 0; m < 4; ++m) {
      const Printed published(measures[m].first);
      const double percent = 100 * measures[m].second;
      INFO(row.region << " " << names[m] << ": " << percent << "%, published " << measures[m].first
                      << " ± " << published.half_unit);
      CHECK(test::agrees(percent, published.value, {0.0, published.half_unit}));
    }
  }
}

}  // namespace

TEST_CASE("cp2015: no tariff change leaves every hat at 1", "[cp2015]") {
  const cp::ModelInputs in = two_by_two();
  in.validate("two_by_two");
  for (auto deficits : {cp::ModelOptions::Deficits::zero, cp::ModelOptions::Deficits::observed}) {
    cp::ModelOptions o = tight_options();
    o.deficits = deficits;
    const cp::Counterfactual r = cp::run_counterfactual(MPI_COMM_WORLD, in, o);
    CHECK(max_abs_deviation(r.equilibrium.wage_hat, 1.0) < 1e-12);
    CHECK(max_abs_deviation(r.equilibrium.cost_hat, 1.0) < 1e-12);
    CHECK(max_abs_deviation(r.equilibrium.price_hat, 1.0) < 1e-12);
    CHECK(max_abs_diff(r.equilibrium.shares, r.base.shares) < 1e-12);
    CHECK(max_abs_deviation(r.welfare.welfare, 0.0) < 1e-12);
    CHECK(max_abs_deviation(r.welfare.real_wage, 0.0) < 1e-12);
    CHECK(max_abs_deviation(r.welfare.real_income, 0.0) < 1e-12);
    // The rebased base year is an equilibrium: balanced trade, consistent income.
    CHECK(max_abs_deviation(r.base.surplus, 0.0) < 1e-9);
  }
}

TEST_CASE("cp2015: symmetric economies, symmetric tariff cut", "[cp2015]") {
  cp::ModelInputs in = two_by_two();
  in.counterfactual_tariffs[in.flow_index(0, 0, 1)] = 0.0;
  in.counterfactual_tariffs[in.flow_index(0, 1, 0)] = 0.0;
  const cp::Counterfactual r = cp::run_counterfactual(MPI_COMM_WORLD, in, tight_options());
  const auto& e = r.equilibrium;
  const auto& w = r.welfare;
  CHECK(std::abs(e.wage_hat[0] - e.wage_hat[1]) < 1e-12);
  CHECK(std::abs(e.wage_hat[0] - 1) < 1e-12);  // numeraire: world value added unchanged
  CHECK(std::abs(e.price_hat[0] - e.price_hat[2]) < 1e-12);
  CHECK(std::abs(e.price_hat[1] - e.price_hat[3]) < 1e-12);
  CHECK(std::abs(w.welfare[0] - w.welfare[1]) < 1e-12);
  CHECK(std::abs(w.real_wage[0] - w.real_wage[1]) < 1e-12);
  // Symmetric: no terms-of-trade effect; trade grows, so both gain through its volume.
  CHECK(std::abs(w.terms_of_trade[0]) < 1e-12);
  CHECK(w.volume_of_trade[0] > 1e-3);
  CHECK(w.welfare[0] == Approx(w.terms_of_trade[0] + w.volume_of_trade[0]).margin(1e-15));
  // Cheaper imports: the import share of goods rises.
  CHECK(e.shares[in.flow_index(0, 0, 1)] > r.base.shares[in.flow_index(0, 0, 1)]);
  CHECK(w.real_wage[0] > 0);
}

TEST_CASE("cp2015: unilateral tariff cut; terms of trade and income identities", "[cp2015]") {
  cp::ModelInputs in = two_by_two();
  in.counterfactual_tariffs[in.flow_index(0, 0, 1)] = 0.0;  // A drops its tariff on B
  const cp::Counterfactual r = cp::run_counterfactual(MPI_COMM_WORLD, in, tight_options());
  const auto& w = r.welfare;
  const std::size_t N = 2;
  // B's goods sell for more relative to A's: B's terms of trade improve, A's worsen.
  CHECK(r.equilibrium.wage_hat[1] > r.equilibrium.wage_hat[0]);
  CHECK(w.terms_of_trade[1] > 0);
  CHECK(w.terms_of_trade[0] < 0);
  CHECK(w.welfare[1] > 0);
  // Terms-of-trade effects are transfers: Σ_n I_n ToT_n = 0.
  double transfers = 0, scale = 0;
  for (std::size_t n = 0; n < N; ++n) {
    const double income = r.base.value_added[n] + r.base.tariff_revenue[n] - r.surplus[n];
    transfers += income * w.terms_of_trade[n];
    scale += std::abs(income * w.terms_of_trade[n]);
  }
  CHECK(std::abs(transfers) < 1e-12 * scale);
  // Partner and sector contributions add up to the totals.
  for (std::size_t n = 0; n < N; ++n) {
    double tot = 0, vot = 0;
    for (std::size_t j = 0; j < 2; ++j) {
      for (std::size_t i = 0; i < N; ++i) {
        tot += w.terms_of_trade_by_partner[in.flow_index(j, n, i)];
        vot += w.volume_of_trade_by_partner[in.flow_index(j, n, i)];
      }
    }
    CHECK(tot == Approx(w.terms_of_trade[n]).epsilon(1e-12));
    CHECK(vot == Approx(w.volume_of_trade[n]).margin(1e-15));
    CHECK(w.welfare[n] == Approx(w.terms_of_trade[n] + w.volume_of_trade[n]).margin(1e-15));
  }
  // Income is value added + tariff revenue − surplus, and also final spending.
  const auto spent = income_from_spending(in, r.equilibrium);
  for (std::size_t n = 0; n < N; ++n) CHECK(spent[n] == Approx(w.income[n]).epsilon(1e-10));
}

TEST_CASE("cp2015: the welfare decomposition is the first-order change in real income",
          "[cp2015]") {
  // For a small tariff change, ToT + VoT (the paper's decomposition) and the exact change
  // in real income agree up to second-order terms.
  for (double step : {1e-3, 1e-4}) {
    cp::ModelInputs in = two_by_two();
    in.counterfactual_tariffs[in.flow_index(0, 0, 1)] = 0.10 - step;
    in.counterfactual_tariffs[in.flow_index(0, 1, 0)] = 0.10 + 0.5 * step;
    const cp::Counterfactual r = cp::run_counterfactual(MPI_COMM_WORLD, in, tight_options());
    for (std::size_t n = 0; n < 2; ++n) {
      const double linear = r.welfare.welfare[n], exact = r.welfare.real_income[n];
      INFO("step " << step << " economy " << n << ": ToT + VoT " << linear << ", exact " << exact);
      CHECK(std::abs(exact) > 10 * step * step);           // a first-order effect...
      CHECK(std::abs(linear - exact) < 20 * step * step);  // ...matched to second order
    }
  }
}

TEST_CASE("cp2015: Newton and the damped fixed point find the same equilibrium", "[cp2015]") {
  cp::ModelInputs in = two_by_two();
  in.counterfactual_tariffs[in.flow_index(0, 0, 1)] = 0.0;
  in.counterfactual_tariffs[in.flow_index(0, 1, 0)] = 0.3;
  cp::ModelOptions newton = tight_options(), fixed = tight_options();
  fixed.solver.method = cp::SolverOptions::Method::fixed_point;
  const auto a = cp::run_counterfactual(MPI_COMM_WORLD, in, newton);
  const auto b = cp::run_counterfactual(MPI_COMM_WORLD, in, fixed);
  check_equal_results(a, b, 1e-10);
  CHECK(a.equilibrium.method == "newton");
  CHECK(b.equilibrium.method == "fixed_point");
}

TEST_CASE("cp2015: results do not depend on the number of ranks (2 x 2)", "[cp2015]") {
  cp::ModelInputs in = two_by_two();
  in.counterfactual_tariffs[in.flow_index(0, 0, 1)] = 0.02;
  const auto world = cp::run_counterfactual(MPI_COMM_WORLD, in, tight_options());
  const auto alone = cp::run_counterfactual(MPI_COMM_SELF, in, tight_options());
  check_equal_results(world, alone, 1e-12);
}

TEST_CASE("cp2015: NAFTA on the CP2015 data", "[cp2015][nafta]") {
  const cp::ModelInputs in = nafta_inputs(std::string(LEONTIEF_TEST_DATA_DIR) + "/cp2015");
  REQUIRE(in.region_count() == 31);
  REQUIRE(in.sector_count() == 40);
  const std::size_t mex = index_of(in, "MEX"), can = index_of(in, "CAN"), usa = index_of(in, "USA");
  REQUIRE(mex == 19);
  REQUIRE(can == 4);
  REQUIRE(usa == 29);
  // Only tariffs among the three change.
  const std::size_t deu = index_of(in, "DEU");
  CHECK(in.counterfactual_tariffs[in.flow_index(0, mex, deu)] ==
        in.tariffs[in.flow_index(0, mex, deu)]);

  const cp::Counterfactual world = cp::run_counterfactual(MPI_COMM_WORLD, in, {});
  const auto& w = world.welfare;
  // The published table, to the rounding it was printed with.
  check_published(in, w, kNaftaZeroDeficits);
  check_published(in, w, kNaftaZeroDeficits3);
  // Mexico gains the most, in percent.
  for (std::size_t n = 0; n < in.region_count(); ++n) {
    if (n != mex) CHECK(w.welfare[n] < w.welfare[mex]);
  }
  // Mexico's imports from the US grow.
  double before = 0, after = 0;
  for (std::size_t j = 0; j < 20; ++j) {
    before += world.base.flows[in.flow_index(j, mex, usa)];
    after += world.equilibrium.flows[in.flow_index(j, mex, usa)];
  }
  CHECK(after > before);
  // The base year has no deficits.
  for (std::size_t n = 0; n < in.region_count(); ++n) {
    CHECK(std::abs(world.base.surplus[n]) < 1e-9 * world.base.value_added[n]);
  }
  // Every rank count gives the same numbers: this run (all ranks) against a run of each
  // rank alone.
  const cp::Counterfactual alone = cp::run_counterfactual(MPI_COMM_SELF, in, {});
  check_equal_results(world, alone, 1e-10);
}

TEST_CASE("cp2015: NAFTA with the observed 1993 deficits", "[cp2015][nafta]") {
  const cp::ModelInputs in = nafta_inputs(std::string(LEONTIEF_TEST_DATA_DIR) + "/cp2015");
  cp::ModelOptions observed;
  observed.deficits = cp::ModelOptions::Deficits::observed;
  const cp::Counterfactual r = cp::run_counterfactual(MPI_COMM_WORLD, in, observed);
  check_published(in, r.welfare, kNaftaObservedDeficits);
  // The deficits are those of the (rebased) base year, fixed in the counterfactual.
  double largest = 0;
  for (std::size_t n = 0; n < in.region_count(); ++n) {
    largest = std::max(largest, std::abs(r.surplus[n]) / r.base.value_added[n]);
  }
  CHECK(largest > 1e-3);
}

TEST_CASE("cp2015: inputs aggregated from the WIOD 2011 table", "[cp2015]") {
  test::SharedScratchDirectory dir;
  const std::string h5 =
      test::import_wide_csv(dir, std::string(LEONTIEF_TEST_DATA_DIR) + "/wiod2013/wiot_2011.csv.gz",
                            "wiod2011.h5", false);
  const auto table = solver::DistributedTable::read(MPI_COMM_WORLD, h5);

  cp::TableInputOptions o;
  cp::ModelInputs in = cp::inputs_from_table(table, o);
  in.validate(h5);
  REQUIRE(in.region_count() == 41);
  REQUIRE(in.sector_count() == 35);
  // Input shares: every column sums to 1 or 0; value-added shares in [0, 1].
  const std::size_t N = 41, J = 35;
  for (std::size_t n = 0; n < N; ++n) {
    for (std::size_t j = 0; j < J; ++j) {
      double sum = 0;
      for (std::size_t k = 0; k < J; ++k) sum += in.input_share[(n * J + k) * J + j];
      CHECK((std::abs(sum - 1) < 1e-12 || sum == 0));
    }
  }

  SECTION("no tariff change: every hat is 1, no welfare change") {
    const cp::Counterfactual r = cp::run_counterfactual(MPI_COMM_WORLD, in, {});
    CHECK(max_abs_deviation(r.equilibrium.wage_hat, 1.0) < 1e-10);
    CHECK(max_abs_deviation(r.equilibrium.price_hat, 1.0) < 1e-10);
    CHECK(max_abs_deviation(r.equilibrium.cost_hat, 1.0) < 1e-10);
    CHECK(max_abs_deviation(r.welfare.welfare, 0.0) < 1e-10);
    CHECK(max_abs_deviation(r.welfare.real_income, 0.0) < 1e-10);
  }
  SECTION("tariff rules and merged economies") {
    cp::TableInputOptions m;
    m.keep_regions = {"USA", "CHN", "MEX"};
    m.counterfactual_tariffs = {{"USA", "CHN", "*", 25, 2, "rules.csv"},
                                {"*", "MEX", "c1", 5, 3, "rules.csv"}};
    m.theta = {{"c1", 9.0}};
    m.default_theta = 5;
    cp::ModelInputs merged = cp::inputs_from_table(table, m);
    merged.validate(h5);
    REQUIRE(merged.regions == std::vector<std::string>{"CHN", "MEX", "USA", "ROW"});
    CHECK(merged.theta[0] == 9.0);
    CHECK(merged.theta[1] == 5.0);
    CHECK(merged.counterfactual_tariffs[merged.flow_index(3, 2, 0)] == Approx(0.25));
    CHECK(merged.counterfactual_tariffs[merged.flow_index(0, 0, 1)] == Approx(0.05));
    CHECK(merged.counterfactual_tariffs[merged.flow_index(0, 1, 1)] == 0);  // domestic
    CHECK(merged.tariffs[merged.flow_index(3, 2, 0)] == 0);
    // Total flows are preserved by merging.
    const double all = std::accumulate(in.flows.begin(), in.flows.end(), 0.0);
    const double kept = std::accumulate(merged.flows.begin(), merged.flows.end(), 0.0);
    CHECK(kept == Approx(all).epsilon(1e-12));
    const cp::Counterfactual r = cp::run_counterfactual(MPI_COMM_WORLD, merged, {});
    CHECK(r.welfare.terms_of_trade[0] < 0);  // China's exports to the US are taxed
    CHECK(r.equilibrium.shares[merged.flow_index(3, 2, 0)] <
          r.base.shares[merged.flow_index(3, 2, 0)]);

    cp::TableInputOptions bad = m;
    bad.counterfactual_tariffs[1].exporter = "XXX";
    CHECK_THROWS_WITH(cp::inputs_from_table(table, bad), Catch::Contains("rules.csv") &&
                                                             Catch::Contains("line 3") &&
                                                             Catch::Contains("XXX"));
  }
}

TEST_CASE("cp2015: reader errors name the file, line and column", "[cp2015]") {
  test::ScratchDirectory dir;
  const std::string path = dir.path() + "/m.txt";
  {
    std::ofstream f(path);
    f << "1 2 3\n4 x 6\n";
  }
  CHECK_THROWS_WITH(io::read_number_matrix(path, 2, 3), Catch::Contains("m.txt") &&
                                                            Catch::Contains("line 2, column 2") &&
                                                            Catch::Contains("'x'"));
  {
    std::ofstream f(path);
    f << "1 2 3\n4 5\n";
  }
  CHECK_THROWS_WITH(io::read_number_matrix(path, 2, 3),
                    Catch::Contains("line 2") && Catch::Contains("2 numbers, expected 3"));
  {
    std::ofstream f(path);
    f << "1 2 3\n\n";
  }
  CHECK_THROWS_WITH(io::read_number_matrix(path, 2, 3), Catch::Contains("1 rows, expected 2"));
  {
    std::ofstream f(path);
    f << "1 2 3\n4 5 6\n";
  }
  CHECK(io::read_number_matrix(path, 2, 3) == std::vector<double>{1, 2, 3, 4, 5, 6});

  const std::string csv = dir.path() + "/tariffs.csv";
  {
    std::ofstream f(csv);
    f << "importer,exporter,sector,percent\nUSA,CHN,*,25\nUSA,MEX,c1,abc\n";
  }
  CHECK_THROWS_WITH(cp::read_tariff_rules(csv),
                    Catch::Contains("tariffs.csv") && Catch::Contains("line 3, column 4"));
  {
    std::ofstream f(csv);
    f << "importer,exporter,percent\n";
  }
  CHECK_THROWS_WITH(
      cp::read_tariff_rules(csv),
      Catch::Contains("line 1, column 3") && Catch::Contains("importer,exporter,sector,percent"));
}

TEST_CASE("cp2015: --scenario is the config file of `leontief tariff`", "[cp2015][params]") {
  test::ScratchDirectory dir;
  const std::string ini = dir.path() + "/s.ini";
  {
    std::ofstream f(ini);
    f << "[data]\ndirectory = data\n";
  }
  io::ParameterSet set("tariff", "test");
  set.add_config_alias("scenario", "scenario file");
  set.add({"data.directory", io::Parameter::Type::path, "", "", "dir"});
  set.add({"data.trade", io::Parameter::Type::path, "x.txt", "", "file"});
  set.parse({"--scenario", ini});
  CHECK(set.text("data.directory") == "data");
  CHECK(set.config_file() == ini);
  CHECK(set.origin("data.directory") == "config " + ini);
  CHECK(set.origin("data.trade") == "default");
  io::ParameterSet twice("tariff", "test");
  twice.add_config_alias("scenario", "scenario file");
  CHECK_THROWS_WITH(twice.parse({"--scenario", ini, "--config", ini}),
                    Catch::Contains("either --config or --scenario"));
}
