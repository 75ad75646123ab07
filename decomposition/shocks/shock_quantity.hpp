#pragma once
/// @file shock_quantity.hpp
/// @brief Quantity models of `leontief shock` on the full MRIO table:
///
/// - demand (Leontief): Δx = B Δy, Δva = v̂ Δx; tables `demand_sector`, `demand_economy`,
///   `demand_summary` (with the share of the value-added change borne abroad);
/// - supply (Ghosh): Δx' = Δw' G with G = (I − x̂⁻¹Z)⁻¹ = x̂⁻¹ B x̂, i.e. Δx = x̂ B' x̂⁻¹ Δw
///   (a transposed solve); tables `supply_sector`, `supply_economy`, `supply_summary`;
/// - inoperability (IIM): demand side (Santos–Haimes) q = (I − A*)⁻¹ c* with A* = x̂⁻¹ A x̂,
///   i.e. q = x̂⁻¹ B x̂ c*; supply side (Leung–Haimes–Santos) q = (I − A')⁻¹ c* = B'c*;
///   tables `inoperability_sector`, `inoperability_economy`, `inoperability_summary`.
///
/// Formulas, units and caveats: docs/methods/shock.md.

#include <memory>

#include "decomposition/shocks/shock_common.hpp"

namespace leontief::decomposition {

std::unique_ptr<ShockModelRun> demand_model(const GvcContext& context, ModelScenarios scenarios);
std::unique_ptr<ShockModelRun> supply_model(const GvcContext& context, ModelScenarios scenarios);
std::unique_ptr<ShockModelRun> inoperability_model(const GvcContext& context,
                                                   ModelScenarios scenarios);

}  // namespace leontief::decomposition
