/// @file wwz.cpp
/// @brief Wang, Wei and Zhu (2013), "Quantifying international production sharing at the
/// bilateral and sector levels" (NBER WP 19677), equation (37): gross exports E_sr of each
/// exporting sector of s to importer r split into 16 terms. Names and order as in decompr.
///
/// Notation (docs/methods.md): B global inverse, L_ss domestic inverse, V_t the value-added
/// coefficients of economy t, Y_tu final demand of u for t's products, E_r* total gross
/// exports of r, X_r gross output of r, "#" the elementwise product of N-vectors. The
/// importer-side products (B_rt·, L_rr·) are formed by the importer's rank from its rows of
/// B and gathered; each exporter's rank then forms A_sr·w and the elementwise products.

#include <array>

#include "decomposition/methods.hpp"
#include "decomposition/trade/gvc_sums.hpp"

namespace leontief::decomposition {

namespace {

/// The 16 terms as decompr orders them, and where each comes from in WWZ (37).
constexpr std::array<const char*, 16> kTerms = {
    "DVA_FIN",      // (V_s B_ss)' # Y_sr
    "DVA_INT",      // (V_s L_ss)' # (A_sr B_rr Y_rr)
    "DVA_INTrexI1", // (V_s L_ss)' # (A_sr Σ_{t≠s,r} B_rt Y_tt)
    "DVA_INTrexF",  // (V_s L_ss)' # (A_sr B_rr Σ_{t≠s,r} Y_rt)
    "DVA_INTrexI2", // (V_s L_ss)' # (A_sr Σ_{t≠s,r} B_rt Σ_{u≠s,t} Y_tu)
    "RDV_INT",      // (V_s L_ss)' # (A_sr B_rs Y_ss)
    "RDV_FIN",      // (V_s L_ss)' # (A_sr B_rr Y_rs)
    "RDV_FIN2",     // (V_s L_ss)' # (A_sr Σ_{t≠s,r} B_rt Y_ts)
    "OVA_FIN",      // (Σ_{t≠s,r} V_t B_ts)' # Y_sr
    "MVA_FIN",      // (V_r B_rs)' # Y_sr
    "OVA_INT",      // (Σ_{t≠s,r} V_t B_ts)' # (A_sr L_rr Y_rr)
    "MVA_INT",      // (V_r B_rs)' # (A_sr L_rr Y_rr)
    "DDC_FIN",      // (V_s L_ss)' # (A_sr B_rs Σ_{t≠s} Y_st)
    "DDC_INT",      // (V_s L_ss Σ_{t≠s} A_st B_ts)' # (A_sr X_r)
    "ODC",          // (Σ_{t≠s,r} V_t B_ts)' # (A_sr L_rr E_r*)
    "MDC",          // (V_r B_rs)' # (A_sr L_rr E_r*)
};

}  // namespace

std::vector<TermTable> wwz(const GvcContext& c) {
  const std::size_t G = c.regions(), N = c.sectors();
  const GvcSums sums(c);
  TermTable table;
  table.name = "wwz";
  table.description = "Wang-Wei-Zhu (2013) decomposition of gross exports, exporter x sector x importer";
  table.keys = {{"exporter", KeyColumn::Kind::region},
                {"sector", KeyColumn::Kind::sector},
                {"importer", KeyColumn::Kind::region}};
  table.measures.assign(kTerms.begin(), kTerms.end());
  for (const char* extra : {"texp", "texpint", "texpfd", "texpdiff"}) table.measures.push_back(extra);
  table.reserve(c.exporter_count() * (G > 0 ? G - 1 : 0) * N);

  const auto& y = c.final_demand();
  const auto& x = c.gross_output();
  std::vector<double> w(N), aw(N);
  for (std::size_t s = c.first_exporter(); s < c.first_exporter() + c.exporter_count(); ++s) {
    const std::vector<double> vls = sums.va_times_domestic(s);  // V_s L_ss
    const std::vector<double> ddc_weight = sums.domestic_reexport_weight(s);
    for (std::size_t r = 0; r < G; ++r) {
      if (r == s) continue;
      const DenseMatrix a = c.a_block(s, r);
      // A_sr times an importer-side N-vector given element by element.
      const auto a_times = [&](auto&& importer_vector) {
        for (std::size_t k = 0; k < N; ++k) w[k] = importer_vector(r * N + k);
        for (std::size_t i = 0; i < N; ++i) {
          double sum = 0.0;
          for (std::size_t k = 0; k < N; ++k) sum += a(i, k) * w[k];
          aw[i] = sum;
        }
        return aw;
      };
      std::array<std::vector<double>, 16> t;
      for (auto& v : t) v.assign(N, 0.0);
      const auto set = [&](std::size_t term, const std::vector<double>& weight,
                           const std::vector<double>& v) {
        for (std::size_t i = 0; i < N; ++i) t[term][i] = weight[i] * v[i];
      };
      std::vector<double> ysr(N), vb_own(N), vb_r(N), vb_other(N);
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t j = s * N + i;
        ysr[i] = y(j, r);
        vb_own[i] = sums.va_multiplier(s, j);                 // V_s B_ss
        vb_r[i] = sums.va_multiplier(r, j);                   // V_r B_rs
        vb_other[i] = sums.va_multiplier_total(j) - vb_own[i] - vb_r[i];  // Σ_{t≠s,r} V_t B_ts
      }
      set(0, vb_own, ysr);
      set(1, vls, a_times([&](std::size_t k) { return sums.brr_yrr(k); }));
      set(2, vls, a_times([&](std::size_t k) {
            return sums.b_ydiag_total(k) - sums.brr_yrr(k) - sums.brs_yss(k, s);
          }));
      set(3, vls, a_times([&](std::size_t k) {
            return sums.brr_yr_total(k) - sums.brr_yru(k, r) - sums.brr_yru(k, s);
          }));
      set(4, vls, a_times([&](std::size_t k) {
            return sums.b_yexp_total(k) - sums.brr_yexp(k) - sums.brs_yexps(k, s) -
                   sums.by(k, s) + sums.brr_yru(k, s) + sums.brs_yss(k, s);
          }));
      set(5, vls, a_times([&](std::size_t k) { return sums.brs_yss(k, s); }));
      set(6, vls, a_times([&](std::size_t k) { return sums.brr_yru(k, s); }));
      set(7, vls, a_times([&](std::size_t k) {
            return sums.by(k, s) - sums.brr_yru(k, s) - sums.brs_yss(k, s);
          }));
      set(8, vb_other, ysr);
      set(9, vb_r, ysr);
      const std::vector<double> a_lyrr = a_times([&](std::size_t k) { return sums.lrr_yrr(k); });
      set(10, vb_other, a_lyrr);
      set(11, vb_r, a_lyrr);
      set(12, vls, a_times([&](std::size_t k) { return sums.brs_yexps(k, s); }));
      set(13, ddc_weight, a_times([&](std::size_t k) { return x[k]; }));
      const std::vector<double> a_lrer = a_times([&](std::size_t k) { return sums.lrr_er(k); });
      set(14, vb_other, a_lrer);
      set(15, vb_r, a_lrer);

      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t j = s * N + i;
        std::vector<double> row(table.measures.size());
        double total = 0.0;
        for (std::size_t k = 0; k < 16; ++k) total += row[k] = t[k][i];
        const double intermediate = c.intermediate_exports()(j, r);
        row[16] = c.exports()(j, r);
        row[17] = intermediate;
        row[18] = y(j, r);
        row[19] = row[16] - total;  // residual: 0 up to rounding on a balanced table
        table.add_row({static_cast<long>(s), static_cast<long>(i), static_cast<long>(r)}, row);
      }
    }
  }
  return {table};
}

}  // namespace leontief::decomposition
