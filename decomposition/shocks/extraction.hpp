#pragma once
/// @file extraction.hpp
/// @brief Hypothetical extraction of a set S of economy-sectors (`model = extraction`), with
/// fractions f_i ∈ (0, 1] (1: the whole sector; < 1: partial extraction), D = I − diag(f)
/// (f = 0 outside S):
///
/// - full / partial (Miller–Lahr, Dietzenbacher–Lahr): Ā = D A D (S neither buys nor sells
///   intermediates), x̄ = (I − Ā)⁻¹ y;
/// - backward (Dietzenbacher–van der Linden): Ā = A D (S buys no intermediates), x̄ = (I − Ā)⁻¹ y;
/// - forward (supply side, Ghosh): Ā = D A (S sells no intermediates), x̄' = w'(I − Δ̄)⁻¹
///   with Δ̄ = x̂⁻¹ Ā x̂, i.e. x̄ = x̂ (I − Ā)'⁻¹ v.
///
/// I − Ā = (I − A) + P Q' with P, Q of rank k = |S| (2k for full), so x̄ comes from the
/// factorization of I − A by a Woodbury update (LowRankUpdate): the r columns B P of all
/// extraction scenarios are one multi-right-hand-side solve, then one r x r LU per
/// scenario. Tables `extraction_sector`, `extraction_economy`, `extraction_summary`.

#include <memory>

#include "decomposition/shocks/shock_common.hpp"

namespace leontief::decomposition {

std::unique_ptr<ShockModelRun> extraction_model(const GvcContext& context,
                                                ModelScenarios scenarios);

}  // namespace leontief::decomposition
