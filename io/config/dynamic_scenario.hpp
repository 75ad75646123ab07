#pragma once
/// @file dynamic_scenario.hpp
/// @brief Scenario files of `leontief dynamic` (the ARIO model): events, scenarios made of
/// events, and random ensembles of scenarios. Labels are resolved against the table when
/// the file is read; every error names the file and the line.
///
/// ```ini
/// [event.jpn_transport]               # an event, named for use in scenarios
/// kind = capacity                     # capacity | capital | final_demand
/// regions = JPN                       # economies hit (comma list, * = all)
/// sectors = c15                       # sectors hit (comma list, * = all)
/// loss = 40                           # percent of production capacity (capital: of capital)
/// start = 10                          # first day (day 0 is the first simulated day)
/// duration = 30                       # days at full depth
/// recovery = linear                   # none | linear | exponential (capital also: rebuild)
/// recovery_days = 60
///
/// [scenario.japan]                    # a scenario: one or more events
/// events = jpn_transport
///
/// [ensemble.manufacturing]            # K draws of random scenarios
/// draws = 1000
/// seed = 2011
/// kind = capacity                     # the event keys may also be written in the section
/// regions = *
/// pick_region = one                   # all (default) | one economy drawn per draw
/// sectors = c3,c4,c5
/// pick_sector = largest               # all | one | largest (by gross output, per economy)
/// loss = uniform(10, 50)              # fixed | uniform(a,b) | triangular(a,mode,b) | choice(a,b,..)
/// duration = 30
/// ```
///
/// The meaning of every key: docs/user-guide.md and docs/methods/dynamic.md.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "io/store/table_labels.hpp"

namespace leontief::io {

/// A number of a scenario file: fixed, or drawn anew for each draw of an ensemble.
struct Distribution {
  enum class Kind { fixed, uniform, triangular, choice };
  Kind kind = Kind::fixed;
  /// fixed: {v}; uniform: {a, b}; triangular: {a, mode, b}; choice: the values.
  std::vector<double> values;
  std::string text;  ///< as written (for descriptions of draws)

  bool random() const { return kind != Kind::fixed; }
  static Distribution constant(double v) { return {Kind::fixed, {v}, ""}; }
};

enum class DynamicEventKind { capacity, capital, final_demand };
/// What happens after the event's duration: capacity, final demand and capital without
/// reconstruction return to normal at once (none), along a straight line or a decaying
/// exponential over recovery_days; capital may be rebuilt through reconstruction demand.
enum class RecoveryRule { none, linear, exponential, rebuild };
/// Which of the listed economies (sectors) an event hits: all of them, one drawn at random
/// per draw (ensembles), or, for sectors, the largest by gross output in each economy hit.
enum class Pick { all, one, largest };

const char* event_kind_name(DynamicEventKind kind);
const char* recovery_name(RecoveryRule rule);

struct DynamicEventSpec {
  std::string name;    ///< NAME of [event.NAME], or of the scenario for an inline event
  std::string origin;  ///< "S.ini: line 4" (the section header)
  DynamicEventKind kind = DynamicEventKind::capacity;
  std::vector<std::size_t> regions;   ///< economies (indices), in file order
  std::vector<std::size_t> sectors;   ///< sectors (indices), in file order
  std::vector<std::size_t> partners;  ///< final_demand: destination economies (all if empty)
  Pick region_pick = Pick::all;
  Pick sector_pick = Pick::all;
  /// Draw the value once per event (false) or once per economy hit (true).
  bool draw_per_economy = false;
  /// capacity, capital: loss in percent; final_demand: change in percent; capital with
  /// `damage`: an amount in the table's units, split over the sectors hit by value added.
  Distribution value;
  bool damage_amount = false;
  Distribution start = Distribution::constant(0);
  Distribution duration = Distribution::constant(0);
  RecoveryRule recovery = RecoveryRule::none;
  Distribution recovery_days = Distribution::constant(0);
  /// capital with recovery = rebuild: the products that rebuild it and their shares (sum 1).
  std::vector<std::pair<std::size_t, double>> rebuilding;

  bool random() const;
};

struct DynamicScenarioSpec {
  std::string name;         ///< NAME of [scenario.NAME] or [ensemble.NAME]
  std::string description;  ///< optional free text
  std::string origin;       ///< "S.ini: line 12"
  bool ensemble = false;
  std::size_t draws = 1;    ///< ensembles: K
  std::uint64_t seed = 1;   ///< ensembles: the draws are a function of (seed, draw number)
  std::vector<DynamicEventSpec> events;
};

/// @brief Reads every scenario and ensemble of a dynamic scenario file, in file order, with
/// labels resolved against the table's.
/// @throws InputError "<file>: line L: <what>" for syntax errors, unknown or misplaced keys,
///   unknown labels or events, bad values, duplicate names, random values outside ensembles.
std::vector<DynamicScenarioSpec> read_dynamic_scenarios(const std::string& path,
                                                        const TableLabels& labels);

}  // namespace leontief::io
