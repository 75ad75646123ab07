#pragma once
/// @file ario_events.hpp
/// @brief The events of one run of the ARIO model (a scenario, or one draw of an ensemble):
/// the economy-sectors hit, the size of the hit, when it starts and how it recovers. They
/// are made from the scenario file's specifications (io/config/dynamic_scenario.hpp); for an
/// ensemble, draw k's random values come from a generator seeded with (seed, k) alone, so
/// every draw is the same whichever group of ranks computes it.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "io/config/dynamic_scenario.hpp"
#include "io/store/table_labels.hpp"

namespace leontief::decomposition {

struct ArioEvent {
  io::DynamicEventKind kind = io::DynamicEventKind::capacity;
  std::vector<std::size_t> rows;  ///< economy-sectors hit (global rows), ascending
  /// Per row: capacity: share of capacity lost (0..1]; capital: capital destroyed (an
  /// amount in the table's units); final_demand: relative change (−0.1 = −10%).
  std::vector<double> values;
  std::vector<std::size_t> partners;  ///< final_demand: destinations (empty: all)
  std::size_t start = 0;              ///< first day hit
  std::size_t duration = 0;           ///< days at full depth (capital: before recovery starts)
  io::RecoveryRule recovery = io::RecoveryRule::none;
  std::size_t recovery_days = 0;
  /// capital, recovery = rebuild: the products (sectors) that rebuild it, shares summing to 1.
  std::vector<std::pair<std::size_t, double>> rebuilding;
  std::string description;  ///< one line, e.g. "capacity JPN:c15 40% days 10-39, linear 60 d"

  /// @brief Depth on `day` relative to full depth: 0 before the start, 1 for `duration` days,
  /// then 1 − k/R (linear) or (1 − 1/R)^k (exponential) on the k-th day of recovery
  /// (k = 1, 2, ..., R = recovery_days), or 0 at once (none).
  double profile(std::size_t day) const;
  /// True once recovery has begun on `day` (the day after the duration).
  bool recovering(std::size_t day) const { return day >= start + duration; }
};

/// What realizing events needs from the table (replicated vectors, annual flows).
struct EventContext {
  const io::TableLabels& labels;
  const std::vector<double>& gross_output;  ///< x, n (for pick_sector = largest)
  const std::vector<double>& value_added;   ///< VA, n (capital = κ VA; damage split by VA)
  double capital_to_value_added = 4;        ///< κ
};

/// @brief The events of `spec`: draw `draw` of an ensemble (random values drawn from the
/// generator of (spec.seed, draw)), or the fixed events of a scenario (draw ignored).
/// @throws InputError naming the event's place in the scenario file when an event hits
///   nothing (e.g. a damage on sectors with no value added).
std::vector<ArioEvent> realize_events(const io::DynamicScenarioSpec& spec, std::size_t draw,
                                      const EventContext& context);

/// The first day any of `events` starts (0 if none).
std::size_t first_event_day(const std::vector<ArioEvent>& events);

/// @brief A uniform [0, 1) generator for draw `draw` of an ensemble with seed `seed`:
/// SplitMix64 of (seed, draw) seeds std::mt19937_64 (both fixed by their definitions), and a
/// uniform is the top 53 bits of an output, so draws are reproducible on any platform.
class DrawGenerator {
 public:
  DrawGenerator(std::uint64_t seed, std::uint64_t draw);
  double uniform();
  /// A value of `d`: fixed, uniform(a, b), triangular(a, mode, b) (inverse CDF), choice.
  double value(const io::Distribution& d);

 private:
  std::mt19937_64 engine_;
};

}  // namespace leontief::decomposition
