#pragma once
/// @file price_models.hpp
/// @brief Price models of `leontief shock`:
///
/// - price (cost push): (I − A)'p = v + Δv, so p = p₀ + B'Δv with base prices p₀ = B'v
///   (1 on a balanced table); consumer prices of each destination's final demand; tables
///   `price_sector`, `price_economy`;
/// - tariff (tariffs along value chains): a tariff matrix T (T_ij = rate of i's product from
///   economy s into economy r ≠ s, for every user j in r), cumulative tariff incidence
///   first-order (Rouzet–Miroudot: (I − A)'c = (A∘T)'1) and compounding
///   ((I − A∘(11' + T))'p = v, one factorization of its own per scenario), consumer price
///   effects on final demand, and Corden's effective rate of protection and its GVC
///   version; tables `tariff_sector`, `tariff_economy`.
///
/// Formulas and references: docs/methods/shock.md.

#include <memory>

#include "decomposition/shocks/shock_common.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::decomposition {

std::unique_ptr<ShockModelRun> price_model(const GvcContext& context, ModelScenarios scenarios);

/// `options` configure the factorizations of I − A∘(11' + T) (same storage as I − A).
std::unique_ptr<ShockModelRun> tariff_model(const GvcContext& context, ModelScenarios scenarios,
                                            const solver::LeontiefOptions& options);

/// @brief Tariff rates τ of a scenario as G·G·N values, index (s·G + r)·N + k: rate of
/// importer r on product k from exporter s (0 for s = r); later entries replace earlier ones.
std::vector<double> tariff_rates(const io::Scenario& scenario, std::size_t regions,
                                 std::size_t sectors);

}  // namespace leontief::decomposition
