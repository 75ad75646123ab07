#pragma once
/// @file cp2015_welfare.hpp
/// @brief Welfare effects of a Caliendo–Parro (2015) counterfactual: real wages, real
/// income, and the paper's decomposition of the welfare change into terms-of-trade and
/// volume-of-trade effects, by economy and by partner and sector.
///
/// For economy n with base income I_n = w_nL_n + R_n − S_n, base flows M_ni^j (imports of n
/// from i at producer prices; exports E_ni^j = M_in^j) and base tariffs τ_ni^j:
///   ToT_n = (1/I_n) Σ_j Σ_i [E_ni^j (ĉ_n^j − 1) − M_ni^j (ĉ_i^j − 1)]
///   VoT_n = (1/I_n) Σ_j Σ_i τ_ni^j M_ni^j [(M̂_ni^j − 1) − (ĉ_i^j − 1)]
///   welfare_n = ToT_n + VoT_n
/// the discrete form of the paper's first-order decomposition of d ln W_n, as the authors'
/// code evaluates it (changes measured from the base year; flows with M_ni^j = 0 add 0).
/// The exact change in real income, Î_n / P̂_n − 1, is reported alongside.

#include <vector>

#include "decomposition/equilibrium/cp2015_equilibrium.hpp"

namespace leontief::decomposition::cp2015 {

struct WelfareEffects {
  // By economy; relative changes (0.01 = 1%).
  std::vector<double> welfare;          ///< ToT + VoT
  std::vector<double> terms_of_trade;   ///< ToT_n
  std::vector<double> volume_of_trade;  ///< VoT_n
  std::vector<double> real_wage;        ///< ŵ_n / P̂_n − 1
  std::vector<double> real_income;      ///< Î_n / P̂_n − 1 (exact welfare change)
  std::vector<double> price_index_hat;  ///< P̂_n = Π_j (P̂_n^j)^{α_n^j}
  std::vector<double> income_hat;       ///< Î_n = I'_n / I_n
  std::vector<double> income;           ///< I'_n
  std::vector<double> tariff_revenue;   ///< R'_n
  /// Contributions by partner and sector, [(j·N + n)·N + i] for economy n and partner i,
  /// relative to I_n (they sum over i and j to ToT_n and VoT_n).
  std::vector<double> terms_of_trade_by_partner;
  std::vector<double> volume_of_trade_by_partner;
};

/// @brief Welfare effects of `eq`, measured from `base` (with surpluses `surplus`).
WelfareEffects welfare_effects(const ModelInputs& in, const std::vector<double>& final_shares,
                               const BaseState& base,
                               const std::vector<double>& counterfactual_tariffs,
                               const std::vector<double>& surplus, const Equilibrium& eq);

}  // namespace leontief::decomposition::cp2015
