#pragma once
/// @file ario_model.hpp
/// @brief One run of the ARIO model (Hallegatte 2008, 2014, as BoARIO documents it): the
/// daily steps from the undisturbed economy through the events to the last day, with the
/// losses, the days to recovery and the daily series it produces. Equations, defaults and
/// the discretisation: docs/methods/dynamic.md.

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "decomposition/dynamic/ario_events.hpp"
#include "decomposition/dynamic/ario_network.hpp"
#include "decomposition/dynamic/ario_parameters.hpp"

namespace leontief::decomposition {

/// The loss measures of an economy-sector or an economy over a run, in the table's units
/// (a day's flow is an annual flow / days_per_year; sums over days):
///   direct_loss        Σ_t max(0, x₀ − x_cap(t)): output its own lost capacity forbids
///   indirect_loss      Σ_t [max(0, x₀ − x(t)) − max(0, x₀ − x_cap(t))] ≥ 0: output lost
///                      through the supply chain (missing inputs, lost orders)
///   output_loss        direct + indirect = Σ_t max(0, x₀ − x(t))
///   output_change      Σ_t (x(t) − x₀) (overproduction and reconstruction count positive)
///   value_added_loss   v × output_loss (v = VA / x of the table)
///   unmet_final_demand Σ_t final demand not delivered (rationing)
///   days_to_recovery   days from the first event until output stays within
///                      recovery_tolerance of x₀ to the last day (NaN: not within the run)
inline constexpr std::array<const char*, 7> kArioMeasures = {
    "direct_loss",      "indirect_loss",      "output_loss",     "output_change",
    "value_added_loss", "unmet_final_demand", "days_to_recovery"};
inline constexpr std::size_t kArioMeasureCount = kArioMeasures.size();
inline constexpr std::size_t kDaysToRecovery = 6;

/// What one run leaves behind on this rank (rows of its own economies).
struct ArioRun {
  std::size_t days = 0;
  std::size_t first_event_day = 0;
  /// Local economy-sectors × kArioMeasureCount, and local economies × kArioMeasureCount.
  std::vector<double> sector_losses, economy_losses;
  /// The world: kArioMeasureCount values, the same on every rank.
  std::vector<double> world_losses;
  /// A day's output before any event (x₀) of the local economy-sectors and economies.
  std::vector<double> sector_baseline, economy_baseline;
  /// Days of the series (every series_every-th day and the last), the same on every rank.
  std::vector<std::size_t> recorded_days;
  /// Series, row-major rows × recorded days: by local economy-sector (empty unless the
  /// level is sector) and by local economy (empty for level none).
  std::vector<double> sector_production, sector_unmet_final_demand, sector_inventories;
  std::vector<double> economy_production, economy_unmet_final_demand, economy_inventories;
};

/// @brief Simulates `parameters.days` days with `events` and returns this rank's part of
/// the results; `series` chooses which daily series are kept.
/// @note Collective on the network's communicator.
ArioRun simulate_ario(const ArioNetwork& network, const ArioParameters& parameters,
                      const std::vector<ArioEvent>& events, SeriesLevel series);

}  // namespace leontief::decomposition
