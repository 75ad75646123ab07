/// @file position.cpp
/// @brief GVC participation, production length and position by economy x sector
/// (`position_sector`) and economy (`position_economy`). Formulas, sources and the output
/// column of each: docs/methods/position.md.
///
///  - Wang, Wei, Yu and Zhu (2017a, NBER WP 23222): V̂BY split by the four production
///    activities, summed by rows (forward: value added of sector i) and by columns
///    (backward: final goods of sector j):  V̂BŶ = V̂LŶ^D + V̂LŶ^F + V̂LA^F LŶ^D
///    + V̂LA^F(BŶ − LŶ^D)  →  V_D / V_RT / V_GVC_S / V_GVC_C and Y_D / ... / Y_GVC_C.
///  - Wang, Wei, Yu and Zhu (2017b, NBER WP 23261): production length = gross output induced
///    per unit of value added along each chain (V̂BBY / V̂BY), and the GVC position index
///    PLv_GVC / PLy_GVC.
///  - Antràs, Chor, Fally and Hillberry (2012) upstreamness (I − Δ)⁻¹1 = x̂⁻¹Bx, or with
///    their inventory correction (inventory_upstreamness.hpp); Miller and Temurshoev (2017)
///    downstreamness 1'B; Dietzenbacher, Romero and Bosma (2005) average propagation lengths
///    to and from foreign sectors.
///  - Koopman, Powers, Wang and Wei (2010) participation and position, ln(1 + IV/E) −
///    ln(1 + FV/E), with IV and FV both in the sector's own gross exports E; Los, Timmer and
///    de Vries (2015) foreign and domestic value-added shares of final output.
///
/// Every measure is a function of summable amounts (tiva_columns.hpp), so the economy row is
/// the same function of the economy's summed amounts.

#include <cmath>

#include "decomposition/methods.hpp"
#include "decomposition/position/inventory_upstreamness.hpp"
#include "decomposition/position/position_chains.hpp"
#include "decomposition/position/position_products.hpp"
#include "decomposition/trade/tiva_columns.hpp"

namespace leontief::decomposition {

namespace {

/// Summable amounts behind every position column.
enum PositionAmount : std::size_t {
  // Forward: value added of the row's sector, by the activity that absorbs it.
  kVa,
  kVD,
  kVRT,
  kVGvcS,
  kVGvcC,
  // ... and the gross output it induces on the way (production length numerators).
  kXv,
  kXvD,
  kXvRT,
  kXvGvcD,
  kXvGvcF,
  // Backward: final goods of the row's sector, by the activity their value added comes from.
  kY,
  kYD,
  kYRT,
  kYGvcS,
  kYGvcC,
  kXy,
  kXyD,
  kXyRT,
  kXyGvcD,
  kXyGvcF,
  // Upstreamness x_i·U_i and downstreamness x_j·D_j, over gross output; the inventory-
  // corrected x_i·Ũ_i over the output of the sectors where it is defined.
  kUpstream,
  kDownstream,
  kOutput,
  kUpstreamCorrected,
  kOutputCorrected,
  // Average propagation lengths: Σ APL_ij w_ij and Σ w_ij over foreign partners.
  kAplForwardNum,
  kAplForwardDen,
  kAplBackwardNum,
  kAplBackwardDen,
  // Koopman et al. (2010): IV, FV and gross exports E.
  kIv,
  kFv,
  kExports,
  // Los et al. (2015): foreign, domestic and total value added in the final output of the
  // sector (the economy's weights), and per unit of it (the sector's own share, defined even
  // when its final output nets to zero).
  kFinalForeign,
  kFinalDomestic,
  kFinalTotal,
  kUnitForeign,
  kUnitDomestic,
  kUnitTotal,
  kPositionAmounts
};

/// Forward (origin-sector) amounts of row j: value added v_j times the column chains.
void forward_amounts(const ProductionChains& p, double v, std::size_t j, Amounts& a) {
  a[kVa] = v * p.b_y[j];
  a[kVD] = v * p.l_yd[j];
  a[kVRT] = v * p.l_yf[j];
  a[kVGvcS] = v * p.l_af_l_yd[j];
  a[kVGvcC] = v * (p.l_af_b_y[j] - p.l_af_l_yd[j]);
  a[kXv] = v * p.bb_y[j];
  a[kXvD] = v * p.ll_yd[j];
  a[kXvRT] = v * p.ll_yf[j];
  a[kXvGvcD] = v * p.ll_af_b_y[j];
  a[kXvGvcF] = v * p.l_af_bb_y[j];
}

/// Backward (final-goods) amounts of row j: the row chains times its final output.
void backward_amounts(const ProductionChains& p, std::size_t j, Amounts& a) {
  const double y = p.y[j], yd = p.yd[j], yf = p.yf[j];
  a[kY] = p.v_b[j] * y;
  a[kYD] = p.v_l[j] * yd;
  a[kYRT] = p.v_l[j] * yf;
  a[kYGvcS] = p.v_l_af_l[j] * yd;
  a[kYGvcC] = p.v_l_af_b[j] * y - p.v_l_af_l[j] * yd;
  a[kXy] = p.v_bb[j] * y;
  a[kXyD] = p.v_ll[j] * yd;
  a[kXyRT] = p.v_ll[j] * yf;
  a[kXyGvcD] = p.v_ll_af_b[j] * y;
  a[kXyGvcF] = p.v_l_af_bb[j] * y;
}

/// Amounts of sector i of an owned economy s; `corrected` is the inventory-corrected
/// upstreamness of every row (empty when not asked for).
Amounts sector_amounts(const GvcContext& c, const ProductionChains& p,
                       const std::vector<double>& corrected, std::size_t s, std::size_t i) {
  const std::size_t j = s * c.sectors() + i;
  const double v = c.va_coefficients()[j], x = c.gross_output()[j];
  Amounts a(kPositionAmounts, 0.0);
  forward_amounts(p, v, j, a);
  backward_amounts(p, j, a);

  // x_i U_i = (Bx)_i and x_j D_j = x_j (1'B)_j; a sector without output has neither.
  a[kOutput] = x;
  a[kUpstream] = x > 0.0 ? row_total(p.b_x, j) : 0.0;
  a[kDownstream] = x > 0.0 ? x * row_total(p.bt_1, j) : 0.0;
  if (!corrected.empty() && std::isfinite(corrected[j])) {
    a[kUpstreamCorrected] = x * corrected[j];
    a[kOutputCorrected] = x;
  }

  // APL_ij = (B² − B)_ij / B_ij for i ≠ j, weighted by w_ij = B_ij x_j over partners in other
  // economies: sector j's sales chains to foreign sectors (forward) and its purchase chains
  // from foreign sectors (backward, the same weights scaled by its own output x_j).
  a[kAplForwardDen] = foreign_columns_sum(c, p.b_x, j);
  a[kAplForwardNum] = foreign_columns_sum(c, p.bb_x, j) - a[kAplForwardDen];
  a[kAplBackwardDen] = x * foreign_columns_sum(c, p.bt_1, j);
  a[kAplBackwardNum] = x * foreign_columns_sum(c, p.btbt_1, j) - a[kAplBackwardDen];

  // IV and FV in the sector's own gross exports e_j, the paper's denominator: the domestic
  // value added (v'L)_j of j's exports that the importers re-export to third economies
  // (KWW's DVA_INTrex chain, by exporting sector), and the foreign value added in them (VS).
  // Both are parts of e_j, so IV/E + FV/E <= 1; summed over an economy's sectors IV is the
  // same as by sector of origin.
  const double foreign_vb = row_total(p.vb, j) - p.vb(j, s);
  a[kIv] = p.v_l[j] * p.af_b_iv(j, s);
  a[kFv] = foreign_vb * p.exports[j];
  a[kExports] = p.exports[j];

  a[kFinalForeign] = foreign_vb * p.y[j];
  a[kFinalDomestic] = p.vb(j, s) * p.y[j];
  a[kFinalTotal] = row_total(p.vb, j) * p.y[j];
  a[kUnitForeign] = foreign_vb;
  a[kUnitDomestic] = p.vb(j, s);
  a[kUnitTotal] = x > 0.0 ? row_total(p.vb, j) : 0.0;
  return a;
}

/// A quotient of two amounts (a share, a length or an index).
MeasureColumn quotient(std::string name, std::size_t num, std::size_t den) {
  return {std::move(name), [num, den](const Amounts& a) { return ratio(a[num], a[den]); }};
}

/// Per unit of value added (forward) or final goods (backward) that took part in GVCs.
MeasureColumn per_gvc_unit(std::string name, std::size_t num, std::size_t part_s,
                           std::size_t part_c) {
  return {std::move(name), [=](const Amounts& a) { return ratio(a[num], a[part_s] + a[part_c]); }};
}

double gvc_length_forward(const Amounts& a) {
  return ratio(a[kXvGvcD] + a[kXvGvcF], a[kVGvcS] + a[kVGvcC]);
}
double gvc_length_backward(const Amounts& a) {
  return ratio(a[kXyGvcD] + a[kXyGvcF], a[kYGvcS] + a[kYGvcC]);
}

/// The columns of the sector table (`sector_rows`) or of the economy table: they differ only
/// in the weights of the Los et al. shares, per unit of the sector's final output for a
/// sector and weighted by final output for an economy.
std::vector<MeasureColumn> position_columns(const PositionOptions& options, bool sector_rows) {
  const bool corrected = options.upstreamness == Upstreamness::inventory_corrected;
  return {
      // Wang et al. (2017a): forward decomposition of value added and participation.
      amount_column("V_D", kVD),
      amount_column("V_RT", kVRT),
      amount_column("V_GVC_S", kVGvcS),
      amount_column("V_GVC_C", kVGvcC),
      amount_column("VA", kVa),
      {"GVCPT_F", [](const Amounts& a) { return ratio(a[kVGvcS] + a[kVGvcC], a[kVa]); }},
      quotient("GVCPT_F_S", kVGvcS, kVa),
      quotient("GVCPT_F_C", kVGvcC, kVa),
      // ... backward decomposition of final goods production and participation.
      amount_column("Y_D", kYD),
      amount_column("Y_RT", kYRT),
      amount_column("Y_GVC_S", kYGvcS),
      amount_column("Y_GVC_C", kYGvcC),
      amount_column("Y", kY),
      {"GVCPT_B", [](const Amounts& a) { return ratio(a[kYGvcS] + a[kYGvcC], a[kY]); }},
      quotient("GVCPT_B_S", kYGvcS, kY),
      quotient("GVCPT_B_C", kYGvcC, kY),
      // Wang et al. (2017b): production lengths and the GVC position index.
      quotient("PLV", kXv, kVa),
      quotient("PLV_D", kXvD, kVD),
      quotient("PLV_RT", kXvRT, kVRT),
      {"PLV_GVC", gvc_length_forward},
      per_gvc_unit("PLV_GVC_D", kXvGvcD, kVGvcS, kVGvcC),
      per_gvc_unit("PLV_GVC_F", kXvGvcF, kVGvcS, kVGvcC),
      quotient("PLY", kXy, kY),
      quotient("PLY_D", kXyD, kYD),
      quotient("PLY_RT", kXyRT, kYRT),
      {"PLY_GVC", gvc_length_backward},
      per_gvc_unit("PLY_GVC_D", kXyGvcD, kYGvcS, kYGvcC),
      per_gvc_unit("PLY_GVC_F", kXyGvcF, kYGvcS, kYGvcC),
      {"GVC_POSITION",
       [](const Amounts& a) { return ratio(gvc_length_forward(a), gvc_length_backward(a)); }},
      // Antràs et al. (2012), Miller and Temurshoev (2017), Dietzenbacher et al. (2005).
      corrected ? quotient("UPSTREAMNESS_INVENTORY_CORRECTED", kUpstreamCorrected, kOutputCorrected)
                : quotient("UPSTREAMNESS", kUpstream, kOutput),
      quotient("DOWNSTREAMNESS", kDownstream, kOutput),
      quotient("APL_FORWARD", kAplForwardNum, kAplForwardDen),
      quotient("APL_BACKWARD", kAplBackwardNum, kAplBackwardDen),
      // Koopman et al. (2010).
      amount_column("KPWW_IV", kIv),
      amount_column("KPWW_FV", kFv),
      amount_column("KPWW_E", kExports),
      {"KPWW_PARTICIPATION", [](const Amounts& a) { return ratio(a[kIv] + a[kFv], a[kExports]); }},
      {"KPWW_POSITION",
       [](const Amounts& a) {
         return std::log1p(ratio(a[kIv], a[kExports])) - std::log1p(ratio(a[kFv], a[kExports]));
       }},
      // Los et al. (2015).
      sector_rows ? quotient("LTV_FVA_SHARE", kUnitForeign, kUnitTotal)
                  : quotient("LTV_FVA_SHARE", kFinalForeign, kFinalTotal),
      sector_rows ? quotient("LTV_DVA_SHARE", kUnitDomestic, kUnitTotal)
                  : quotient("LTV_DVA_SHARE", kFinalDomestic, kFinalTotal),
  };
}

}  // namespace

std::vector<TermTable> position(const GvcContext& c, const PositionOptions& options) {
  const ProductionChains p = production_chains(c);
  const std::vector<double> corrected = options.upstreamness == Upstreamness::inventory_corrected
                                            ? inventory_corrected_upstreamness(c, options)
                                            : std::vector<double>();
  const auto economy_columns = position_columns(options, false);
  const auto sector_columns = position_columns(options, true);
  const KeyColumn economy_key{"exporter", KeyColumn::Kind::region};
  TermTable economy = make_measure_table(
      "position_economy",
      "GVC participation, production length, upstreamness and position by economy", {economy_key},
      economy_columns);
  TermTable sector = make_measure_table(
      "position_sector",
      "GVC participation, production length, upstreamness and position by economy x sector",
      {economy_key, {"sector", KeyColumn::Kind::sector}}, sector_columns);
  for (std::size_t s = c.first_exporter(); s < c.first_exporter() + c.exporter_count(); ++s) {
    Amounts total(kPositionAmounts, 0.0);
    for (std::size_t i = 0; i < c.sectors(); ++i) {
      const Amounts a = sector_amounts(c, p, corrected, s, i);
      add_measure_row(sector, sector_columns, {static_cast<long>(s), static_cast<long>(i)}, a);
      accumulate(total, a);
    }
    add_measure_row(economy, economy_columns, {static_cast<long>(s)}, total);
  }
  return {economy, sector};
}

}  // namespace leontief::decomposition
