#pragma once
/// @file position_options.hpp
/// @brief Choices of the `position` method (docs/methods/position.md, "Upstreamness").

#include <string>
#include <vector>

#include "solver/leontief_operator.hpp"

namespace leontief::decomposition {

/// Which upstreamness the `position` tables report.
enum class Upstreamness {
  /// U = (I − Δ)⁻¹1 with Δ = x̂⁻¹Z, the closed-economy measure of Antràs, Chor, Fally and
  /// Hillberry (2012) (= Miller and Temurshoev 2017's output upstreamness): column
  /// `UPSTREAMNESS`. The default.
  plain,
  /// The same with their inventory correction, Δ̃_ij = Z_ij / (x_i − N_i) with N_i the
  /// sector's output put into inventories: column `UPSTREAMNESS_INVENTORY_CORRECTED`.
  inventory_corrected,
};

/// @brief "plain" or "inventory_corrected"; throws InputError otherwise.
Upstreamness parse_upstreamness(const std::string& text);

struct PositionOptions {
  Upstreamness upstreamness = Upstreamness::plain;
  /// Final-demand categories that hold changes in inventories: "auto" (the publishers'
  /// codes, see inventory_categories()) or a comma-separated list of category labels.
  std::string inventory_categories = "auto";
  /// Solver settings of the second operator I − Ã the inventory correction factors.
  solver::LeontiefOptions solver;
};

}  // namespace leontief::decomposition
