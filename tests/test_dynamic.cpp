/// The ARIO model of `leontief dynamic` (decomposition/dynamic/): a two-sector example over
/// three days with every number worked by hand (docs/methods/dynamic.md); no event keeps
/// output at x₀ for a year; a permanent cut of final demand with unlimited inventories ends
/// at the static Leontief answer x₀ + B Δy (a serial dense inverse on random tables, the
/// factored solver on WIOD 2011); losses are non-negative and grow with depth and duration;
/// reconstruction rebuilds destroyed capital. Every check gathers the rows of all ranks
/// first, so the suite runs at 1, 2 and 4 ranks (also with ranks that own no economy).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "decomposition/dynamic/ario_model.hpp"
#include "decomposition/dynamic/ario_network.hpp"
#include "io/config/parameters.hpp"
#include "solver/leontief_operator.hpp"
#include "tests/support.hpp"

using namespace leontief;
using decomposition::ArioEvent;
using decomposition::ArioParameters;
using decomposition::ArioRun;
using decomposition::SeriesLevel;

namespace {

/// Rows of every rank, in rank (= row) order, on every rank.
std::vector<double> all_rows(const std::vector<double>& local) {
  const int size = test::world_size();
  const int mine = static_cast<int>(local.size());
  std::vector<int> counts(static_cast<std::size_t>(size)), at(counts.size(), 0);
  MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int total = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) at[k] = total, total += counts[k];
  std::vector<double> all(static_cast<std::size_t>(total));
  MPI_Allgatherv(local.data(), mine, MPI_DOUBLE, all.data(), counts.data(), at.data(), MPI_DOUBLE,
                 MPI_COMM_WORLD);
  return all;
}

/// The registry's defaults for a table with `sectors` sectors.
ArioParameters defaults(const io::TableLabels& labels) {
  io::ParameterSet set("test", "");
  decomposition::add_ario_parameters(set);
  set.parse({});
  return decomposition::ario_parameters(set, labels);
}

ArioEvent capacity_event(std::vector<std::size_t> rows, double share, std::size_t start,
                         std::size_t duration) {
  ArioEvent e;
  e.kind = io::DynamicEventKind::capacity;
  e.rows = std::move(rows);
  e.values.assign(e.rows.size(), share);
  e.start = start;
  e.duration = duration;
  return e;
}

/// Sector measure m of every economy-sector.
std::vector<double> sector_measure(const ArioRun& run, std::size_t m) {
  const auto all = all_rows(run.sector_losses);
  std::vector<double> out;
  for (std::size_t i = m; i < all.size(); i += decomposition::kArioMeasureCount) out.push_back(all[i]);
  return out;
}

/// The example of docs/methods/dynamic.md: one economy, sectors a and b; a day's flows
/// z_ab = 20 (a's output used by b), z_ba = 10, y = (80, 40), x = (100, 50).
test::DenseTable two_sector_example() {
  test::DenseTable t;
  t.labels.regions = {"R"};
  t.labels.sectors = {"a", "b"};
  t.labels.final_demand_categories = {"F"};
  const double days = 365;
  t.z = {0, 20 * days, 10 * days, 0};
  t.y = {80 * days, 40 * days};
  t.x = {100 * days, 50 * days};
  t.va = {t.x[0] - t.z[2], t.x[1] - t.z[1]};
  return t;
}

}  // namespace

TEST_CASE("dynamic: the two-sector example worked by hand, three days", "[dynamic]") {
  const auto dense = two_sector_example();
  const auto table = test::distribute(MPI_COMM_WORLD, dense);
  ArioParameters p = defaults(dense.labels);
  p.days = 3;
  p.inventory_days = {2, 2};
  p.psi = 0.8;
  p.inventory_restoration_days = 5;
  p.alpha_max = 1;  // no overproduction: round numbers
  const decomposition::ArioNetwork network(table, p.days_per_year);
  // Sector b loses half its capacity on days 0 and 1.
  const ArioRun run = decomposition::simulate_ario(network, p, {capacity_event({1}, 0.5, 0, 2)},
                                                   SeriesLevel::sector);
  REQUIRE(run.recorded_days == std::vector<std::size_t>{0, 1, 2});
  const auto x = all_rows(run.sector_production);       // a: days 0..2, then b
  const auto unmet = all_rows(run.sector_unmet_final_demand);
  const auto stock = all_rows(run.sector_inventories);
  REQUIRE(x.size() == 6);
  // Worked by hand in docs/methods/dynamic.md ("A worked example").
  const double expected_x[6] = {100, 90, 14525.0 / 204, 25, 25, 50};
  const double expected_unmet[6] = {0, 0, 80 * 3835.0 / 18360, 20, 40 - 1000.0 / 51,
                                    40 * 82.0 / 12832};
  const double expected_stock[6] = {15, 581.0 / 51, 581.0 / 51 + 8225.0 / 802 - 14525.0 / 2040,
                                    50, 50, 30 + 145250.0 / 18360};
  for (std::size_t k = 0; k < 6; ++k) {
    INFO("sector " << (k < 3 ? "a" : "b") << ", day " << k % 3);
    CHECK(test::close(x[k], expected_x[k], 1e-13));
    CHECK(test::close(unmet[k], expected_unmet[k], 1e-13));
    CHECK(test::close(stock[k], expected_stock[k], 1e-13));
  }
  // Losses: b's own capacity forbids 25 on days 0 and 1 (direct); a loses 10 on day 1
  // (orders of b cut) and 100 − 71.2 on day 2 (inputs of b missing): indirect.
  const auto direct = sector_measure(run, 0), indirect = sector_measure(run, 1);
  CHECK(test::close(direct[0], 0, 1e-13));
  CHECK(test::close(direct[1], 50, 1e-13));
  CHECK(test::close(indirect[0], 10 + 100 - 14525.0 / 204, 1e-13));
  CHECK(test::close(indirect[1], 0, 1e-13));
}

TEST_CASE("dynamic: without an event output stays at x0 every day for a year", "[dynamic]") {
  for (const long zero_sector : {-1L, 5L}) {
    const auto dense = test::random_table(3, 4, 2, 17, zero_sector);
    const auto table = test::distribute(MPI_COMM_WORLD, dense);
    const ArioParameters p = defaults(dense.labels);
    const decomposition::ArioNetwork network(table, p.days_per_year);
    const ArioRun run = decomposition::simulate_ario(network, p, {}, SeriesLevel::sector);
    REQUIRE(run.recorded_days.size() == 365);
    const auto x = all_rows(run.sector_production), unmet = all_rows(run.sector_unmet_final_demand);
    REQUIRE(x.size() == dense.n() * 365);
    double worst = 0;
    for (std::size_t i = 0; i < dense.n(); ++i) {
      const double x0 = dense.x[i] / 365;
      for (std::size_t t = 0; t < 365; ++t) {
        REQUIRE(std::isfinite(x[i * 365 + t]));
        worst = std::max(worst, std::abs(x[i * 365 + t] - x0) / std::max(x0, 1e-300));
        CHECK(unmet[i * 365 + t] <= 1e-12 * dense.x[i]);
      }
    }
    INFO("largest relative deviation from x0: " << worst);
    CHECK(worst < 1e-12);
    const auto total = all_rows(run.world_losses);
    CHECK(std::abs(total[2]) < 1e-9 * dense.x[0]);
    CHECK(total[decomposition::kDaysToRecovery] == 0);
  }
}

TEST_CASE("dynamic: a permanent demand cut with unlimited inventories ends at x0 + B dy",
          "[dynamic]") {
  const auto dense = test::random_table(3, 4, 2, 23);
  const auto table = test::distribute(MPI_COMM_WORLD, dense);
  ArioParameters p = defaults(dense.labels);
  p.inventory_days.assign(4, std::numeric_limits<double>::infinity());
  p.days = 200;
  // Final demand for every product of economy R1, from every destination, falls by 20%.
  ArioEvent cut;
  cut.kind = io::DynamicEventKind::final_demand;
  for (std::size_t k = 0; k < 4; ++k) cut.rows.push_back(4 + k);
  cut.values.assign(4, -0.2);
  cut.start = 3;
  cut.duration = 100000;
  // And economy R2's final demand for R0's product s0 halves (one destination only).
  ArioEvent partner;
  partner.kind = io::DynamicEventKind::final_demand;
  partner.rows = {0};
  partner.values = {-0.5};
  partner.partners = {2};
  partner.duration = 100000;
  const decomposition::ArioNetwork network(table, p.days_per_year);
  const ArioRun run = decomposition::simulate_ario(network, p, {cut, partner}, SeriesLevel::sector);
  const auto x = all_rows(run.sector_production), unmet = all_rows(run.sector_unmet_final_demand);
  const std::size_t n = dense.n(), T = run.recorded_days.size(), fd = dense.labels.final_demand_columns();
  const auto B = test::dense_leontief_inverse(dense);
  std::vector<double> dy(n, 0.0);
  for (std::size_t i = 4; i < 8; ++i) {
    for (std::size_t k = 0; k < fd; ++k) dy[i] -= 0.2 * dense.y[i * fd + k];
  }
  const std::size_t F = dense.labels.category_count();
  for (std::size_t f = 0; f < F; ++f) dy[0] -= 0.5 * dense.y[0 * fd + 2 * F + f];
  for (std::size_t i = 0; i < n; ++i) {
    double expected = dense.x[i];
    for (std::size_t j = 0; j < n; ++j) expected += B[i * n + j] * dy[j];
    INFO("row " << i);
    CHECK(test::close(x[i * T + T - 1] * 365, expected, 1e-11));
    // No rationing (rounding aside: demand may exceed x0 by an ulp before the cut).
    for (std::size_t t = 0; t < T; ++t) CHECK(unmet[i * T + t] <= 1e-12 * dense.x[i]);
  }
}

TEST_CASE("dynamic: WIOD 2011, a demand cut ends at the Leontief solution of the solver",
          "[dynamic][wiod]") {
  test::SharedScratchDirectory shared;
  const std::string h5 = test::import_wide_csv(
      shared, std::string(LEONTIEF_TEST_DATA_DIR) + "/wiod2013/wiot_2011.csv.gz", "wiod2011.h5",
      true);
  const auto table = solver::DistributedTable::read(MPI_COMM_WORLD, h5);
  ArioParameters p = defaults(table.labels());
  p.inventory_days.assign(table.labels().sector_count(), std::numeric_limits<double>::infinity());
  p.days = 150;
  p.series = SeriesLevel::sector;
  // Final demand for Chinese transport equipment (c15) and electrical equipment (c14): −30%.
  const std::size_t N = table.labels().sector_count();
  const auto china = static_cast<std::size_t>(
      std::find(table.labels().regions.begin(), table.labels().regions.end(), "CHN") -
      table.labels().regions.begin());
  ArioEvent cut;
  cut.kind = io::DynamicEventKind::final_demand;
  cut.rows = {china * N + 13, china * N + 14};
  cut.values = {-0.3, -0.3};
  cut.duration = 100000;
  const decomposition::ArioNetwork network(table, p.days_per_year);
  const ArioRun run = decomposition::simulate_ario(network, p, {cut}, SeriesLevel::sector);

  // The same change with B from the factored solver: dx = B dy.
  solver::LeontiefOperator op(table);
  solver::Matrix rhs = op.create_dense(1);
  const auto& part = table.partition();
  {
    solver::DenseArray a(rhs.get());
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      const std::size_t i = part.row_begin() + r;
      if (i == cut.rows[0] || i == cut.rows[1]) {
        a(static_cast<PetscInt>(r), 0) = -0.3 * network.final_demand_towards(r, {});
      }
    }
  }
  solver::Matrix dx = op.solve(rhs.get());
  std::vector<double> expected(part.local_rows());
  {
    solver::DenseArray a(dx.get());
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      expected[r] = network.baseline_output()[part.row_begin() + r] + a(static_cast<PetscInt>(r), 0);
    }
  }
  const auto want = all_rows(expected);
  const auto x = all_rows(run.sector_production);
  const std::size_t T = run.recorded_days.size();
  double worst = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!(want[i] > 0)) continue;
    REQUIRE(std::isfinite(x[i * T + T - 1]));
    worst = std::max(worst, std::abs(x[i * T + T - 1] - want[i]) / want[i]);
  }
  INFO("largest relative difference to x0 + B dy: " << worst);
  CHECK(worst < 1e-9);
}

TEST_CASE("dynamic: losses are non-negative and grow with depth and duration", "[dynamic]") {
  const auto dense = test::random_table(4, 5, 2, 31);
  const auto table = test::distribute(MPI_COMM_WORLD, dense);
  ArioParameters p = defaults(dense.labels);
  p.days = 120;
  p.inventory_days.assign(5, 5.0);  // short inventories: shortages propagate within the run
  const decomposition::ArioNetwork network(table, p.days_per_year);
  double previous = 0;
  for (const double depth : {0.1, 0.2, 0.4, 0.8}) {
    const ArioRun run = decomposition::simulate_ario(
        network, p, {capacity_event({6, 7}, depth, 5, 20)}, SeriesLevel::none);
    const auto indirect = sector_measure(run, 1), direct = sector_measure(run, 0);
    for (std::size_t i = 0; i < indirect.size(); ++i) {
      CHECK(indirect[i] >= 0);
      CHECK(direct[i] >= 0);
    }
    const auto& world = run.world_losses;
    INFO("depth " << depth << ": output loss " << world[2] << ", indirect " << world[1]);
    CHECK(world[1] > 0);  // the shortage reaches other sectors
    CHECK(world[2] > previous);
    previous = world[2];
  }
  previous = 0;
  for (const std::size_t duration : {5u, 10u, 20u, 40u}) {
    const ArioRun run = decomposition::simulate_ario(
        network, p, {capacity_event({6}, 0.5, 5, duration)}, SeriesLevel::none);
    const auto& world = run.world_losses;
    INFO("duration " << duration << ": output loss " << world[2]);
    CHECK(world[1] >= 0);
    CHECK(world[2] > previous);
    previous = world[2];
  }
}

TEST_CASE("dynamic: destroyed capital is rebuilt through reconstruction demand", "[dynamic]") {
  const auto dense = test::random_table(3, 4, 2, 41);
  const auto table = test::distribute(MPI_COMM_WORLD, dense);
  ArioParameters p = defaults(dense.labels);
  p.days = 365;
  p.rebuild_days = 30;
  const decomposition::ArioNetwork network(table, p.days_per_year);
  // 5% of the capital of R0's sectors 0 and 1, rebuilt by sectors 2 (70%) and 3 (30%).
  ArioEvent quake;
  quake.kind = io::DynamicEventKind::capital;
  quake.rows = {0, 1};
  for (const std::size_t r : quake.rows) quake.values.push_back(0.05 * 4 * dense.va[r]);
  quake.start = 2;
  quake.duration = 5;
  quake.recovery = io::RecoveryRule::rebuild;
  quake.rebuilding = {{2, 0.7}, {3, 0.3}};
  const ArioRun run = decomposition::simulate_ario(network, p, {quake}, SeriesLevel::sector);
  const auto x = all_rows(run.sector_production);
  const std::size_t T = run.recorded_days.size();
  // Capacity of the hit sectors is 95% at first, then back within the tolerance.
  const auto direct = sector_measure(run, 0);
  CHECK(direct[0] > 0.04 * dense.x[0] / 365 * 5);  // at least the days before reconstruction
  const auto days = sector_measure(run, decomposition::kDaysToRecovery);
  for (const std::size_t i : {0u, 1u}) {
    INFO("row " << i << " recovered after " << days[i] << " days");
    CHECK(std::isfinite(days[i]));
    CHECK(days[i] > 5);
    CHECK(test::close(x[i * T + T - 1], dense.x[i] / 365, 1e-3));
  }
  // The rebuilding sectors produce more than before while they rebuild.
  const auto change = sector_measure(run, 3);
  double rebuilders = 0;
  for (std::size_t g = 0; g < 3; ++g) rebuilders += change[g * 4 + 2] + change[g * 4 + 3];
  CHECK(rebuilders > 0);
}

TEST_CASE("dynamic: capital that recovers without reconstruction follows its profile",
          "[dynamic]") {
  const auto dense = test::random_table(2, 3, 1, 53);
  const auto table = test::distribute(MPI_COMM_WORLD, dense);
  ArioParameters p = defaults(dense.labels);
  p.days = 20;
  p.alpha_max = 1;  // capacity exactly (1 − Δ) x0
  const decomposition::ArioNetwork network(table, p.days_per_year);
  // 40% of the capital of R1's sector 2 (row 5), 3 days, then back linearly over 4 days.
  ArioEvent e;
  e.kind = io::DynamicEventKind::capital;
  e.rows = {5};
  e.values = {0.4 * p.capital_to_value_added * dense.va[5]};
  e.start = 2;
  e.duration = 3;
  e.recovery = io::RecoveryRule::linear;
  e.recovery_days = 4;
  const ArioRun run = decomposition::simulate_ario(network, p, {e}, SeriesLevel::none);
  // Capacity lost: 40% on days 2-4, then 30%, 20%, 10%, 0 (days 5-8).
  const auto direct = sector_measure(run, 0);
  const double x0 = dense.x[5] / 365;
  CHECK(test::close(direct[5], 0.4 * x0 * (3 + 0.75 + 0.5 + 0.25), 1e-12));
  for (std::size_t i = 0; i < direct.size(); ++i) {
    if (i != 5) CHECK(direct[i] == 0);
  }
}
