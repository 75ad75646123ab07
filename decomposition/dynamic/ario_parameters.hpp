#pragma once
/// @file ario_parameters.hpp
/// @brief The parameters of the ARIO model (Hallegatte 2008, 2014, as BoARIO implements it)
/// and of `leontief dynamic`'s outputs, with their literature defaults: one registry entry
/// each (INI section [dynamic], flag --dynamic.KEY). Sources: docs/methods/dynamic.md.

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "io/config/parameters.hpp"
#include "io/store/table_labels.hpp"

namespace leontief::decomposition {

/// How an industry's order for a product is split over the industries that supply it.
enum class OrderRule {
  initial,   ///< the initial purchase shares (Hallegatte 2013; BoARIO "noalt")
  capacity,  ///< initial shares weighted by each supplier's current capacity (Guan et al.
             ///< 2020; BoARIO "alt", its default)
};

/// What the daily series hold: every economy-sector, sums by economy, or nothing.
enum class SeriesLevel { sector, economy, none };

struct ArioParameters {
  std::size_t days = 365;                 ///< days simulated (steps)
  /// Target inventory of each input product, in days of use (∞: never constrains).
  std::vector<double> inventory_days;     ///< by product (sector), size N
  double psi = 0.8;                       ///< share of the target below which output falls
  double inventory_restoration_days = 60; ///< τ_inv: inventory gaps are ordered over this time
  double alpha_max = 1.25;                ///< maximum overproduction (capacity multiple)
  double alpha_days = 365;                ///< τ_α: time scale of overproduction
  double rebuild_days = 60;               ///< τ_R: reconstruction demand = remaining damage / τ_R
  double capital_to_value_added = 4;      ///< κ: capital stock = κ × annual value added
  OrderRule order_rule = OrderRule::capacity;
  double input_threshold = 1e-5;          ///< inputs with a_pj below this never constrain
  double recovery_tolerance = 1e-3;       ///< |x − x₀| ≤ this × x₀ counts as recovered
  double days_per_year = 365;             ///< the table's flows are annual: daily = annual / this
  SeriesLevel series = SeriesLevel::economy;
  SeriesLevel ensemble_series = SeriesLevel::none;
  std::size_t series_every = 1;           ///< record every k-th day (and the last)
  std::vector<double> quantiles = {0.05, 0.5, 0.95};
};

/// Adds every --dynamic.* option (model parameters, series, quantiles) to `set`.
void add_ario_parameters(io::ParameterSet& set);

/// @brief The parameters from parsed options; sector labels resolve per-sector inventory days.
/// @throws InputError naming the option for values out of range or unknown sectors.
ArioParameters ario_parameters(const io::ParameterSet& options, const io::TableLabels& labels);

/// "sector" | "economy" | "none".
const char* series_level_name(SeriesLevel level);

}  // namespace leontief::decomposition
