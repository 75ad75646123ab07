/// @file tiva.cpp
/// @brief OECD Trade in Value Added (TiVA) core indicators, the Johnson–Noguera (2012) VAX
/// ratio and the Hummels–Ishii–Yi (2001) vertical specialisation measures VS and VS1, by
/// economy (`tiva_economy`), economy x sector (`tiva_sector`) and pair of economies
/// (`tiva_bilateral`). Formulas and sources: docs/methods/tiva.md.
///
/// Export-content measures (EXGR_*, VS) are by exporting sector j of economy s, e_j being
/// its total gross exports:
///   EXGR_DVA  (V_s B_ss)_j e_j                 EXGR_FVA = VS  Σ_{t≠s} (V_t B_ts)_j e_j
///   EXGR_DDC  v_j (L_ss)_jj e_j                EXGR_IDC      Σ_{i∈s, i≠j} v_i (L_ss)_ij e_j
///   EXGR_RIM  (V_s (B_ss − L_ss))_j e_j
/// Final-demand measures (FFD_DVA, DXD_DVA, DFD_FVA) and VS1 are by sector of origin i:
///   FFD_DVA   v_i Σ_{r≠s} (B Y_r)_i            DXD_DVA  v_i (B Y_s)_i
///   DFD_FVA   Σ_{t≠s} v_{t,i} (B Y_s)_{t,i}   VS1      v_i Σ_{r≠s} (B_sr e_r)_i
/// Two thin solves: B'·V_G (G columns: value-added multipliers by source economy) and
/// B·[Y | Ê_G] (2G columns).

#include "decomposition/methods.hpp"
#include "decomposition/position/position_products.hpp"
#include "decomposition/trade/tiva_columns.hpp"

namespace leontief::decomposition {

namespace {

/// Summable amounts behind every TiVA column.
enum TivaAmount : std::size_t {
  kProd,     // gross output
  kValu,     // value added
  kExgr,     // gross exports
  kExgrInt,  // intermediate exports
  kExgrFnl,  // final-goods exports
  kImgr,     // gross imports (of the sector's product, by the economy)
  kDva,      // domestic value added content of gross exports
  kDdc,      // ... from the exporting industry itself
  kIdc,      // ... from other domestic industries
  kRim,      // ... re-imported
  kFva,      // foreign value added content of gross exports
  kFfdDva,   // domestic value added absorbed by foreign final demand
  kDxdDva,   // domestic value added absorbed by domestic final demand
  kDfdFva,   // foreign value added absorbed by domestic final demand
  kVs1,      // domestic value added in other economies' gross exports
  kTivaAmounts
};

/// The replicated n x G products every TiVA measure is read from.
struct TivaProducts {
  /// vb(j, t) = Σ_{i∈t} v_i B_ij: value added of economy t per unit of final output of j.
  DenseMatrix vb;
  /// by(i, r) = (B Y_r)_i: output of i needed for the final demand of economy r.
  DenseMatrix by;
  /// be(i, r) = (B_·r e_r)_i: output of i needed for economy r's gross exports.
  DenseMatrix be;
  /// e_j = Σ_r E_jr: total gross exports of each row.
  std::vector<double> exports;
};

std::vector<double> total_exports(const GvcContext& c) {
  std::vector<double> e(c.n(), 0.0);
  for (std::size_t i = 0; i < c.n(); ++i) {
    for (std::size_t r = 0; r < c.regions(); ++r) e[i] += c.exports()(i, r);
  }
  return e;
}

/// @note Collective: one transposed solve (G columns) and one solve (2G columns).
TivaProducts tiva_products(const GvcContext& c) {
  TivaProducts p;
  p.exports = total_exports(c);
  p.vb = c.leontief_transpose(split_by_economy(c, c.va_coefficients()));
  const DenseMatrix exports_by_economy = split_by_economy(c, p.exports);
  const DenseMatrix both = c.leontief(join_columns({&c.final_demand(), &exports_by_economy}));
  p.by = column_block(both, 0, c.regions());
  p.be = column_block(both, c.regions(), c.regions());
  return p;
}

/// (V_s L_ss)_j for the N sectors j of an owned economy s.
std::vector<double> va_times_domestic_inverse(const GvcContext& c, std::size_t s) {
  const std::size_t N = c.sectors();
  const double* l = c.domestic_inverse(s);
  const auto& v = c.va_coefficients();
  std::vector<double> out(N, 0.0);
  for (std::size_t m = 0; m < N; ++m) {
    for (std::size_t j = 0; j < N; ++j) out[j] += v[s * N + m] * l[m * N + j];
  }
  return out;
}

/// The amounts of sector i of an owned economy s.
Amounts sector_amounts(const GvcContext& c, const TivaProducts& p, std::size_t s, std::size_t i,
                       const std::vector<double>& vls) {
  const std::size_t G = c.regions(), N = c.sectors(), j = s * N + i;
  const auto& v = c.va_coefficients();
  const auto& y = c.final_demand();
  Amounts a(kTivaAmounts, 0.0);
  const double e = p.exports[j];
  a[kProd] = c.gross_output()[j];
  a[kValu] = c.table().value_added()[j];
  a[kExgr] = e;
  a[kExgrInt] = row_total(c.intermediate_exports(), j);
  a[kExgrFnl] = row_total(y, j) - y(j, s);
  for (std::size_t t = 0; t < G; ++t) {
    if (t != s) a[kImgr] += c.exports()(t * N + i, s);
  }
  // Exporting-sector perspective: value added of every origin in one unit of j's exports.
  const double own_direct = v[j] * c.domestic_inverse(s)[i * N + i];
  a[kDva] = p.vb(j, s) * e;
  a[kDdc] = own_direct * e;
  a[kIdc] = (vls[i] - own_direct) * e;
  a[kRim] = (p.vb(j, s) - vls[i]) * e;
  a[kFva] = (row_total(p.vb, j) - p.vb(j, s)) * e;
  // Origin-sector perspective: where sector j's own value added is absorbed or exported.
  a[kFfdDva] = v[j] * foreign_columns_sum(c, p.by, j);
  a[kDxdDva] = v[j] * p.by(j, s);
  a[kVs1] = v[j] * foreign_columns_sum(c, p.be, j);
  for (std::size_t t = 0; t < G; ++t) {
    if (t != s) a[kDfdFva] += v[t * N + i] * p.by(t * N + i, s);
  }
  return a;
}

/// The amounts of the pair (exporter s, partner r ≠ s), summed over sectors.
Amounts bilateral_amounts(const GvcContext& c, const TivaProducts& p, std::size_t s,
                          std::size_t r) {
  const std::size_t N = c.sectors();
  const auto& v = c.va_coefficients();
  const auto& e = c.exports();
  Amounts a(kTivaAmounts, 0.0);
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t j = s * N + i, k = r * N + i;
    a[kExgr] += e(j, r);
    a[kExgrInt] += c.intermediate_exports()(j, r);
    a[kExgrFnl] += c.final_demand()(j, r);
    a[kImgr] += e(k, s);
    a[kDva] += p.vb(j, s) * e(j, r);
    a[kFva] += (row_total(p.vb, j) - p.vb(j, s)) * e(j, r);
    a[kFfdDva] += v[j] * p.by(j, r);
    a[kDfdFva] += v[k] * p.by(k, s);
  }
  return a;
}

double percent(double num, double den) { return 100.0 * ratio(num, den); }

std::vector<MeasureColumn> economy_and_sector_columns() {
  return {
      amount_column("PROD", kProd),
      amount_column("VALU", kValu),
      amount_column("EXGR", kExgr),
      amount_column("EXGR_INT", kExgrInt),
      amount_column("EXGR_FNL", kExgrFnl),
      amount_column("IMGR", kImgr),
      {"BALGR", [](const Amounts& a) { return a[kExgr] - a[kImgr]; }},
      amount_column("EXGR_DVA", kDva),
      amount_column("EXGR_DDC", kDdc),
      amount_column("EXGR_IDC", kIdc),
      amount_column("EXGR_RIM", kRim),
      amount_column("EXGR_FVA", kFva),
      {"EXGR_DVASH", [](const Amounts& a) { return percent(a[kDva], a[kExgr]); }},
      {"EXGR_FVASH", [](const Amounts& a) { return percent(a[kFva], a[kExgr]); }},
      amount_column("FFD_DVA", kFfdDva),
      amount_column("DXD_DVA", kDxdDva),
      amount_column("DFD_FVA", kDfdFva),
      {"BALVAFD", [](const Amounts& a) { return a[kFfdDva] - a[kDfdFva]; }},
      {"VAX_RATIO", [](const Amounts& a) { return ratio(a[kFfdDva], a[kExgr]); }},
      amount_column("VS", kFva),
      {"VS_SHARE", [](const Amounts& a) { return ratio(a[kFva], a[kExgr]); }},
      amount_column("VS1", kVs1),
      {"VS1_SHARE", [](const Amounts& a) { return ratio(a[kVs1], a[kExgr]); }},
  };
}

std::vector<MeasureColumn> bilateral_columns() {
  return {
      amount_column("EXGR", kExgr),
      amount_column("EXGR_INT", kExgrInt),
      amount_column("EXGR_FNL", kExgrFnl),
      amount_column("IMGR", kImgr),
      {"BALGR", [](const Amounts& a) { return a[kExgr] - a[kImgr]; }},
      amount_column("EXGR_DVA", kDva),
      amount_column("EXGR_FVA", kFva),
      {"EXGR_DVASH", [](const Amounts& a) { return percent(a[kDva], a[kExgr]); }},
      amount_column("FFD_DVA", kFfdDva),
      amount_column("DFD_FVA", kDfdFva),
      {"BALVAFD", [](const Amounts& a) { return a[kFfdDva] - a[kDfdFva]; }},
      {"VAX_RATIO", [](const Amounts& a) { return ratio(a[kFfdDva], a[kExgr]); }},
  };
}

}  // namespace

std::vector<TermTable> tiva(const GvcContext& c) {
  const TivaProducts p = tiva_products(c);
  const auto columns = economy_and_sector_columns();
  const auto pair_columns = bilateral_columns();
  const KeyColumn exporter{"exporter", KeyColumn::Kind::region};
  TermTable economy = make_measure_table(
      "tiva_economy", "OECD TiVA core indicators, VAX ratio, VS and VS1 by economy", {exporter},
      columns);
  TermTable sector = make_measure_table(
      "tiva_sector",
      "OECD TiVA core indicators by economy x sector (exports: exporting sector; final demand "
      "and VS1: sector of origin)",
      {exporter, {"sector", KeyColumn::Kind::sector}}, columns);
  TermTable bilateral = make_measure_table(
      "tiva_bilateral", "Gross and value-added trade by exporter and partner economy",
      {exporter, {"importer", KeyColumn::Kind::region}}, pair_columns);
  for (std::size_t s = c.first_exporter(); s < c.first_exporter() + c.exporter_count(); ++s) {
    const std::vector<double> vls = va_times_domestic_inverse(c, s);
    Amounts total(kTivaAmounts, 0.0);
    for (std::size_t i = 0; i < c.sectors(); ++i) {
      const Amounts a = sector_amounts(c, p, s, i, vls);
      add_measure_row(sector, columns, {static_cast<long>(s), static_cast<long>(i)}, a);
      accumulate(total, a);
    }
    add_measure_row(economy, columns, {static_cast<long>(s)}, total);
    for (std::size_t r = 0; r < c.regions(); ++r) {
      if (r == s) continue;
      add_measure_row(bilateral, pair_columns, {static_cast<long>(s), static_cast<long>(r)},
                      bilateral_amounts(c, p, s, r));
    }
  }
  return {economy, sector, bilateral};
}

}  // namespace leontief::decomposition
