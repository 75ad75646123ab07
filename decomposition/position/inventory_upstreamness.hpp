#pragma once
/// @file inventory_upstreamness.hpp
/// @brief Upstreamness with the inventory correction of Antràs, Chor, Fally and Hillberry
/// (2012): output that goes into inventories is neither a final use nor an input, so the
/// share of i's output sold to j is taken over x_i − N_i instead of x_i,
///
///   Ũ = (I − Δ̃)⁻¹ 1,  Δ̃_ij = Z_ij / (x_i − N_i),
///
/// with N_i the sector's output added to inventories (the inventory categories of final
/// demand, all destinations). With w = x − N and Ã = Z ŵ⁻¹ (A with column j scaled by
/// x_j / w_j), Δ̃ = ŵ⁻¹ Ã ŵ, so Ũ_i = (B̃ w)_i / w_i with B̃ = (I − Ã)⁻¹: one factorization
/// of I − Ã (markups on A) and one solve. docs/methods/position.md, "Upstreamness".

#include <string>
#include <vector>

#include "decomposition/gvc_context.hpp"
#include "decomposition/position/position_options.hpp"

namespace leontief::decomposition {

/// @brief The final-demand categories (indices into labels.final_demand_categories) that
/// hold changes in inventories. `spec` "auto" takes the publishers' codes INVEN (WIOD),
/// INVNT and INV (OECD ICIO), P52 and P5M (FIGARO), F5 (ADB) and any label that names
/// inventories (EXIOBASE, Eora); otherwise it lists category labels, comma-separated.
/// @throws InputError (collective: every rank has the same labels) naming the table and the
/// available categories when a listed one is unknown or auto finds none.
std::vector<std::size_t> inventory_categories(const io::TableLabels& labels,
                                              const std::string& spec,
                                              const std::string& table_path);

/// @brief Ũ for every row, replicated. A sector with no output, or whose inventory
/// additions are at least its output (x_i − N_i <= 0), has NaN; its row of Δ̃ keeps the
/// plain shares Z_ij / x_i so that the other sectors stay defined.
/// @throws InputError if Ã is not productive.
/// @note Collective: factors I − Ã once.
std::vector<double> inventory_corrected_upstreamness(const GvcContext& context,
                                                     const PositionOptions& options);

}  // namespace leontief::decomposition
