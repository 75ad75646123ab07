#pragma once
/// @file position_chains.hpp
/// @brief The replicated vectors behind the position measures: the Wang–Wei–Yu–Zhu (2017a,b)
/// production chains split by the domestic inverse L = blockdiag(L_ss) and the imported-input
/// coefficients A^F, and the thin products for upstreamness, downstreamness, average
/// propagation lengths, the KPWW index and the Los–Timmer–de Vries shares.
///
/// Every quantity is an n-vector or n x G matrix; B is applied by four multi-column solves
/// (two with B, two with B'), L and A^F by local block products. The identity that splits
/// every chain is B = L + L A^F B (and B' = L' + B' A^F' L').

#include <vector>

#include "decomposition/gvc_context.hpp"

namespace leontief::decomposition {

struct ProductionChains {
  // Final demand by producing row: y = Y·1, y^D (own economy's demand), y^F = y − y^D.
  std::vector<double> y, yd, yf;

  // Forward chains (column vectors; value added of row i is v_i times these).
  std::vector<double> l_yd, l_yf;    ///< L y^D, L y^F
  std::vector<double> ll_yd, ll_yf;  ///< L L y^D, L L y^F
  std::vector<double> b_y, bb_y;     ///< B y, B B y
  std::vector<double> l_af_l_yd;     ///< L A^F L y^D   (simple GVC)
  std::vector<double> l_af_b_y;      ///< L A^F B y     (all GVC)
  std::vector<double> ll_af_b_y;     ///< L L A^F B y   (GVC, domestic stages)
  std::vector<double> l_af_bb_y;     ///< L A^F B B y   (GVC, stages abroad)

  // Backward chains (row vectors stored as n-vectors; final goods of j weigh them by y_j).
  std::vector<double> v_l, v_ll;  ///< v'L, v'L L
  std::vector<double> v_b, v_bb;  ///< v'B, v'B B
  std::vector<double> v_l_af_l;   ///< v'L A^F L
  std::vector<double> v_l_af_b;   ///< v'L A^F B
  std::vector<double> v_ll_af_b;  ///< v'L L A^F B
  std::vector<double> v_l_af_bb;  ///< v'L A^F B B

  // n x G products whose columns are economies (split_by_economy).
  DenseMatrix b_x;     ///< B·X_G: (i, r) = Σ_{j∈r} B_ij x_j
  DenseMatrix bb_x;    ///< B·B·X_G
  DenseMatrix bt_1;    ///< B'·1_G: (j, r) = Σ_{i∈r} B_ij
  DenseMatrix btbt_1;  ///< B'·B'·1_G: (j, r) = Σ_{i∈r} (B²)_ij
  DenseMatrix vb;      ///< B'·V_G: (j, t) = Σ_{i∈t} v_i B_ij
  DenseMatrix b_iv;    ///< B·W: (i, s) = (Σ_{r≠s} B_sr Σ_{t≠s,r} Y_rt)_i for i ∈ s
  /// A^F·B·W: (j, s) for j ∈ s = the part of j's exports (A_su B_ur) that the importers'
  /// chains turn into final goods of r ≠ s consumed in t ≠ s, r (KPWW's IV by exporting sector)
  DenseMatrix af_b_iv;

  std::vector<double> exports;  ///< e_j = Σ_r E_jr
};

/// @brief Forms all chains. @note Collective: four multi-column solves.
ProductionChains production_chains(const GvcContext& context);

}  // namespace leontief::decomposition
