#pragma once
/// @file gvc_sums.hpp
/// @brief Products of blocks of B with final demand that the export decompositions (WWZ,
/// KWW) combine, formed once per run. Importer-side quantities are indexed by a row k of
/// economy r (k = r·N + i) and, where they depend on a second economy, by that economy.
/// Each is formed by the rank owning the rows of r and replicated on all ranks.

#include <vector>

#include "decomposition/gvc_context.hpp"

namespace leontief::decomposition {

class GvcSums {
 public:
  /// @note Collective: forms this rank's rows of B if not yet done, a transposed solve for
  /// the value-added multipliers and one for the domestic re-export weights.
  explicit GvcSums(const GvcContext& context);

  /// VB_tj = Σ_{i∈t} v_i B_ij: value added of economy t per unit of final output of j.
  double va_multiplier(std::size_t t, std::size_t j) const { return vb_(j, t); }
  /// Σ_t VB_tj (= 1 when VA = x − 1'Z).
  double va_multiplier_total(std::size_t j) const { return vb_total_[j]; }
  /// V_s L_ss (N values) for an economy s owned by this rank.
  std::vector<double> va_times_domestic(std::size_t s) const;
  /// V_s L_ss Σ_{t≠s} A_st B_ts (N values, sectors of s) for an owned economy s.
  std::vector<double> domestic_reexport_weight(std::size_t s) const;

  double brr_yrr(std::size_t k) const { return brs_yss_(k, region(k)); }         ///< B_rr Y_rr
  double brs_yss(std::size_t k, std::size_t s) const { return brs_yss_(k, s); }  ///< B_rs Y_ss
  double b_ydiag_total(std::size_t k) const { return b_ydiag_total_[k]; }        ///< Σ_t B_rt Y_tt
  double brr_yru(std::size_t k, std::size_t u) const { return brr_yru_(k, u); }  ///< B_rr Y_ru
  double brr_yr_total(std::size_t k) const { return brr_yr_total_[k]; }          ///< B_rr Σ_u Y_ru
  double brr_yexp(std::size_t k) const { return brr_yr_total_[k] - brr_yru_(k, region(k)); }
  double b_yexp_total(std::size_t k) const { return b_yexp_total_[k]; }  ///< Σ_t B_rt Yexp_t
  double brs_yexps(std::size_t k, std::size_t s) const { return brs_yexps_(k, s); }  ///< B_rs Yexp_s
  double by(std::size_t k, std::size_t u) const { return by_(k, u); }            ///< Σ_t B_rt Y_tu
  double lrr_yrr(std::size_t k) const { return domestic_(k, 0); }                ///< L_rr Y_rr
  double lrr_er(std::size_t k) const { return domestic_(k, 1); }                 ///< L_rr E_r*

 private:
  std::size_t region(std::size_t k) const { return k / sectors_; }

  const GvcContext& context_;
  std::size_t sectors_;
  DenseMatrix vb_, reexport_, brs_yss_, brr_yru_, brs_yexps_, by_, domestic_;
  std::vector<double> vb_total_, b_ydiag_total_, brr_yr_total_, b_yexp_total_;
};

}  // namespace leontief::decomposition
