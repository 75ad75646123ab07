/// Scenario files, events and ensemble draws of `leontief dynamic`: every key of the file
/// format read as written; errors name the file and the line; event profiles (linear,
/// exponential recovery) against hand values; draws are reproducible, within their
/// distributions, and pick the largest sector by gross output; quantiles (R type 7) against
/// hand values; the model's options reject values out of range. Serial logic: the same on
/// every rank.

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "decomposition/dynamic/ario_ensemble.hpp"
#include "decomposition/dynamic/ario_ensemble_output.hpp"
#include "decomposition/dynamic/ario_events.hpp"
#include "decomposition/dynamic/ario_parameters.hpp"
#include "io/config/dynamic_scenario.hpp"
#include "io/runtime/error.hpp"
#include "tests/support.hpp"

using namespace leontief;

namespace {

io::TableLabels labels() {
  io::TableLabels l;
  l.regions = {"AAA", "BBB", "CCC"};
  l.sectors = {"s1", "s2", "s3"};
  l.final_demand_categories = {"F"};
  return l;
}

std::vector<io::DynamicScenarioSpec> read(const test::ScratchDirectory& dir,
                                          const std::string& text) {
  const std::string path = dir.path() + "/scenarios.ini";
  std::ofstream(path) << text;
  return io::read_dynamic_scenarios(path, labels());
}

std::string error_of(const test::ScratchDirectory& dir, const std::string& text) {
  try {
    read(dir, text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("dynamic scenarios: every key as written", "[dynamic][scenario]") {
  test::ScratchDirectory dir;
  const auto specs = read(dir,
                          "# comment\n"
                          "[event.quake]\n"
                          "kind = capital\n"
                          "regions = BBB\n"
                          "sectors = s1, s3\n"
                          "loss = 12.5\n"
                          "start = 3\n"
                          "duration = 7\n"
                          "rebuilding_sectors = s2:0.75, s3:0.25\n"
                          "[event.demand]\n"
                          "kind = final_demand\n"
                          "regions = *\n"
                          "sectors = s2\n"
                          "partners = AAA,CCC\n"
                          "change = -20  ; inline comment\n"
                          "duration = 30\n"
                          "recovery = linear\n"
                          "recovery_days = 10\n"
                          "[scenario.both]\n"
                          "description = two events\n"
                          "events = quake, demand\n"
                          "[ensemble.random]\n"
                          "draws = 50\n"
                          "seed = 7\n"
                          "kind = capacity\n"
                          "regions = *\n"
                          "pick_region = one\n"
                          "sectors = s1,s2,s3\n"
                          "pick_sector = largest\n"
                          "draw = per_economy\n"
                          "loss = uniform(10, 50)\n"
                          "duration = triangular(10, 20, 40)\n"
                          "recovery = exponential\n"
                          "recovery_days = choice(5, 15)\n");
  REQUIRE(specs.size() == 2);
  const auto& both = specs[0];
  CHECK(both.name == "both");
  CHECK(!both.ensemble);
  CHECK(both.description == "two events");
  REQUIRE(both.events.size() == 2);
  const auto& quake = both.events[0];
  CHECK(quake.kind == io::DynamicEventKind::capital);
  CHECK(quake.regions == std::vector<std::size_t>{1});
  CHECK(quake.sectors == std::vector<std::size_t>{0, 2});
  CHECK(quake.value.values == std::vector<double>{12.5});
  CHECK(quake.start.values == std::vector<double>{3});
  CHECK(quake.duration.values == std::vector<double>{7});
  CHECK(quake.recovery == io::RecoveryRule::rebuild);
  REQUIRE(quake.rebuilding.size() == 2);
  CHECK(quake.rebuilding[0] == std::pair<std::size_t, double>{1, 0.75});
  const auto& demand = both.events[1];
  CHECK(demand.kind == io::DynamicEventKind::final_demand);
  CHECK(demand.regions == std::vector<std::size_t>{0, 1, 2});
  CHECK(demand.partners == std::vector<std::size_t>{0, 2});
  CHECK(demand.value.values == std::vector<double>{-20});
  CHECK(demand.recovery == io::RecoveryRule::linear);
  CHECK(demand.recovery_days.values == std::vector<double>{10});

  const auto& random = specs[1];
  CHECK(random.ensemble);
  CHECK(random.draws == 50);
  CHECK(random.seed == 7);
  REQUIRE(random.events.size() == 1);
  const auto& e = random.events[0];
  CHECK(e.region_pick == io::Pick::one);
  CHECK(e.sector_pick == io::Pick::largest);
  CHECK(e.draw_per_economy);
  CHECK(e.value.kind == io::Distribution::Kind::uniform);
  CHECK(e.duration.kind == io::Distribution::Kind::triangular);
  CHECK(e.recovery_days.kind == io::Distribution::Kind::choice);
  CHECK(e.recovery == io::RecoveryRule::exponential);
}

TEST_CASE("dynamic scenarios: errors name the file and the line", "[dynamic][scenario][errors]") {
  test::ScratchDirectory dir;
  const std::string ok_event = "kind = capacity\nregions = AAA\nsectors = s1\nloss = 10\nduration = 5\n";
  CHECK_THAT(error_of(dir, "[scenario.a]\nkind = capacity\nregions = XYZ\nsectors = s1\n"),
             Catch::Contains("scenarios.ini: line 3: unknown region 'XYZ'"));
  CHECK_THAT(error_of(dir, "[scenario.a]\n" + ok_event + "sectros = s1\n"),
             Catch::Contains("line 7: key 'sectros' is not"));
  CHECK_THAT(error_of(dir, "[scenario.a]\nkind = flood\n"),
             Catch::Contains("line 2: kind: expected capacity, capital or final_demand"));
  CHECK_THAT(error_of(dir, "[scenario.a]\nkind = capacity\nregions = AAA\nsectors = s1\nloss = 10\n"),
             Catch::Contains("line 1: [scenario.a] has no 'duration'"));
  CHECK_THAT(error_of(dir, "[scenario.a]\nkind = capacity\nregions = AAA\nsectors = s1\n"
                           "loss = 110\nduration = 5\n"),
             Catch::Contains("line 5: loss: 110 is outside [0, 100]"));
  CHECK_THAT(error_of(dir, "[scenario.a]\nkind = capacity\nregions = AAA\nsectors = s1\n"
                           "loss = uniform(10, 50)\nduration = 5\n"),
             Catch::Contains("random events belong in an [ensemble.NAME] section"));
  CHECK_THAT(error_of(dir, "[ensemble.a]\n" + ok_event),
             Catch::Contains("line 1: [ensemble.a] has no 'draws' key"));
  CHECK_THAT(error_of(dir, "[ensemble.a]\ndraws = 0\n" + ok_event),
             Catch::Contains("line 2: draws: expected a whole number of at least 1"));
  CHECK_THAT(error_of(dir, "[scenario.a]\nkind = capital\nregions = AAA\nsectors = s1\nloss = 5\n"
                           "rebuilding_sectors = s2:0.5,s3:0.4\n"),
             Catch::Contains("line 6: rebuilding_sectors: shares sum to 0.9"));
  CHECK_THAT(error_of(dir, "[scenario.a]\nkind = capital\nregions = AAA\nsectors = s1\nloss = 5\n"),
             Catch::Contains("has no 'rebuilding_sectors'"));
  CHECK_THAT(error_of(dir, "[scenario.a]\n" + ok_event + "recovery = linear\n"),
             Catch::Contains("recovery = linear but no 'recovery_days'"));
  CHECK_THAT(error_of(dir, "[scenario.a]\nevents = missing\n"),
             Catch::Contains("line 2: unknown event 'missing'"));
  CHECK_THAT(error_of(dir, "[scenario.a]\n" + ok_event + "[scenario.a]\n" + ok_event),
             Catch::Contains("line 7: duplicate scenario or ensemble name 'a'"));
  CHECK_THAT(error_of(dir, "[event.e]\n" + ok_event),
             Catch::Contains("no [scenario.NAME] or [ensemble.NAME] section"));
  CHECK_THAT(error_of(dir, "[scenario.a]\n" + ok_event + "start = 2.5\n"),
             Catch::Contains("line 7: start: expected a whole number of days, got '2.5'"));
  CHECK_THAT(error_of(dir, "[scenario.a]\n" + ok_event + "loss = 20\n"),
             Catch::Contains("line 7: key 'loss' given twice"));
  CHECK_THAT(error_of(dir, "[region.a]\n"), Catch::Contains("line 1: unknown section [region.a]"));
  CHECK_THAT(error_of(dir, "[scenario.a]\nkind = capacity\nregions = AAA\nsectors = s1\n"
                           "change = -5\nduration = 5\n"),
             Catch::Contains("line 5: 'change' is for final_demand events"));
  CHECK_THAT(error_of(dir, "[ensemble.a]\ndraws = 3\nkind = capacity\nregions = AAA\n"
                           "sectors = s1\nloss = normal(1, 2)\nduration = 5\n"),
             Catch::Contains("line 6: loss: unknown distribution 'normal'"));
}

TEST_CASE("dynamic events: recovery profiles", "[dynamic][scenario]") {
  decomposition::ArioEvent e;
  e.start = 10;
  e.duration = 5;
  e.recovery = io::RecoveryRule::linear;
  e.recovery_days = 4;
  const double linear[] = {0, 1, 1, 0.75, 0.5, 0.25, 0, 0};  // days 9, 10, 14, 15, ..., 20
  const std::size_t days[] = {9, 10, 14, 15, 16, 17, 18, 30};
  for (std::size_t k = 0; k < 8; ++k) CHECK(e.profile(days[k]) == linear[k]);
  e.recovery = io::RecoveryRule::exponential;
  CHECK(e.profile(15) == 0.75);
  CHECK(std::abs(e.profile(17) - 0.75 * 0.75 * 0.75) < 1e-15);
  e.recovery = io::RecoveryRule::none;
  CHECK(e.profile(14) == 1);
  CHECK(e.profile(15) == 0);
  CHECK(!e.recovering(14));
  CHECK(e.recovering(15));
}

TEST_CASE("dynamic ensembles: draws are reproducible and follow their distributions",
          "[dynamic][scenario]") {
  test::ScratchDirectory dir;
  const auto specs = read(dir,
                          "[ensemble.r]\ndraws = 400\nseed = 11\nkind = capacity\nregions = *\n"
                          "pick_region = one\nsectors = s1,s2,s3\npick_sector = largest\n"
                          "loss = uniform(10, 50)\nduration = choice(5, 15)\n"
                          "start = triangular(0, 0, 10)\n");
  const auto L = labels();
  // Gross output: the largest of s1..s3 is s2 in AAA, s3 in BBB, s1 in CCC.
  const std::vector<double> x = {1, 5, 2, 1, 2, 9, 7, 1, 1};
  const std::vector<double> va(9, 1.0);
  const decomposition::EventContext context{L, x, va, 4};
  std::vector<int> regions(3, 0);
  double mean = 0;
  for (std::size_t k = 0; k < 400; ++k) {
    const auto events = decomposition::realize_events(specs[0], k, context);
    const auto again = decomposition::realize_events(specs[0], k, context);
    REQUIRE(events.size() == 1);
    const auto& e = events[0];
    REQUIRE(e.rows.size() == 1);
    CHECK(e.rows == again[0].rows);
    CHECK(e.values == again[0].values);
    CHECK(e.start == again[0].start);
    const std::size_t g = L.region_of_row(e.rows[0]);
    ++regions[g];
    const std::size_t largest[] = {1, 2, 0};
    CHECK(L.sector_of_row(e.rows[0]) == largest[g]);
    CHECK(e.values[0] >= 0.1);
    CHECK(e.values[0] < 0.5);
    CHECK((e.duration == 5 || e.duration == 15));
    CHECK(e.start <= 10);
    mean += e.values[0] / 400;
  }
  // Each economy is drawn about a third of the time; the mean loss is about 30%.
  for (int count : regions) CHECK((count > 100 && count < 170));
  CHECK(std::abs(mean - 0.3) < 0.02);
  // Another seed gives other draws.
  auto other = specs[0];
  other.seed = 12;
  int same = 0;
  for (std::size_t k = 0; k < 50; ++k) {
    same += decomposition::realize_events(other, k, context)[0].values ==
            decomposition::realize_events(specs[0], k, context)[0].values;
  }
  CHECK(same == 0);
}

TEST_CASE("dynamic ensembles: quantiles are R's type 7", "[dynamic][scenario]") {
  const std::vector<double> v = {4, 1, 3, 2};
  CHECK(decomposition::ensemble_quantile(v, 0.5) == 2.5);
  CHECK(std::abs(decomposition::ensemble_quantile(v, 0.05) - 1.15) < 1e-15);
  CHECK(decomposition::ensemble_quantile(v, 1) == 4);
  CHECK(decomposition::ensemble_quantile(v, 0) == 1);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Not recovered (NaN) sorts last: low quantiles stay numbers, the top one is NaN.
  const std::vector<double> w = {10, nan, 20, 30};
  CHECK(decomposition::ensemble_quantile(w, 0.5) == 25);
  CHECK(std::isnan(decomposition::ensemble_quantile(w, 0.95)));
}

TEST_CASE("dynamic parameters: defaults and values out of range", "[dynamic][scenario]") {
  const auto L = labels();
  const auto parse = [&](std::vector<std::string> arguments) {
    io::ParameterSet set("test", "");
    decomposition::add_ario_parameters(set);
    set.parse(arguments);
    return decomposition::ario_parameters(set, L);
  };
  const auto p = parse({});
  CHECK(p.days == 365);
  CHECK(p.inventory_days == std::vector<double>(3, 90.0));
  CHECK(p.psi == 0.8);
  CHECK(p.alpha_max == 1.25);
  CHECK(p.rebuild_days == 60);
  CHECK(p.order_rule == decomposition::OrderRule::capacity);
  const auto q = parse({"--dynamic.inventory_days_by_sector", "s2:3,s3:inf"});
  CHECK(q.inventory_days[0] == 90);
  CHECK(q.inventory_days[1] == 3);
  CHECK(std::isinf(q.inventory_days[2]));
  const auto message = [&](std::vector<std::string> arguments) {
    try {
      parse(std::move(arguments));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // Ranges are the registry's (io/config/parameter_checks.hpp), checked when read.
  CHECK_THAT(message({"--dynamic.psi", "1.5"}),
             Catch::Contains("dynamic.psi") && Catch::Contains("expected 0 < x <= 1, got '1.5'"));
  CHECK_THAT(message({"--dynamic.input_threshold", "1"}),
             Catch::Contains("expected 0 <= x < 1, got '1'"));
  CHECK_THAT(message({"--dynamic.series_every", "0"}), Catch::Contains("expected x >= 1"));
  CHECK_THAT(message({"--dynamic.inventory_days", "1"}),
             Catch::Contains("an inventory target must exceed one day"));
  CHECK_THAT(message({"--dynamic.inventory_days_by_sector", "s9:3"}),
             Catch::Contains("unknown sector 's9'"));
  CHECK_THAT(message({"--dynamic.alpha_max", "0.9"}), Catch::Contains("dynamic.alpha_max"));
  CHECK_THAT(message({"--dynamic.quantiles", "0.5,1.2"}),
             Catch::Contains("'1.2' is not a number in [0, 1]"));
  CHECK_THAT(message({"--dynamic.days", "0"}), Catch::Contains("dynamic.days"));
}

TEST_CASE("dynamic events: a damage is split over the sectors hit by value added",
          "[dynamic][scenario]") {
  test::ScratchDirectory dir;
  const auto specs = read(dir,
                          "[scenario.q]\nkind = capital\nregions = BBB\nsectors = s1,s3\n"
                          "damage = 100\nrebuilding_sectors = s2\n"
                          "[scenario.r]\nkind = capital\nregions = AAA,CCC\nsectors = s2\n"
                          "loss = 10\nrecovery = none\n");
  const auto L = labels();
  const std::vector<double> x(9, 10.0);
  const std::vector<double> va = {1, 2, 3, 1, 5, 3, 7, 8, 9};
  const decomposition::EventContext context{L, x, va, 4};
  const auto q = decomposition::realize_events(specs[0], 0, context);
  REQUIRE(q.size() == 1);
  CHECK(q[0].rows == std::vector<std::size_t>{3, 5});
  CHECK(q[0].values == std::vector<double>{25, 75});  // value added 1 and 3
  CHECK(q[0].rebuilding == std::vector<std::pair<std::size_t, double>>{{1, 1.0}});
  // loss: a share of each sector's capital, κ VA.
  const auto r = decomposition::realize_events(specs[1], 0, context);
  CHECK(r[0].rows == std::vector<std::size_t>{1, 7});
  CHECK(r[0].values == std::vector<double>{0.1 * 4 * 2, 0.1 * 4 * 8});
  CHECK(r[0].recovery == io::RecoveryRule::none);
}
