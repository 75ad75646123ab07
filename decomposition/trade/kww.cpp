/// @file kww.cpp
/// @brief Koopman, Wang and Wei (2014), "Tracing value-added and double counting in gross
/// exports", AER 104(2), equation (36): total gross exports E_s* of economy s split into
/// nine terms (names as in decompr's `kww`).
///
///   DVA_FIN    V_s B_ss Σ_{r≠s} Y_sr
///   DVA_INT    V_s Σ_{r≠s} B_sr Y_rr
///   DVA_INTrex V_s Σ_{r≠s} B_sr Σ_{t≠s,r} Y_rt
///   RDV_FIN    V_s Σ_{r≠s} B_sr Y_rs
///   RDV_INT    V_s Σ_{r≠s} B_sr A_rs L_ss Y_ss
///   DDC        V_s Σ_{r≠s} B_sr A_rs L_ss E_s*
///   FVA_FIN    Σ_{t≠s} V_t B_ts Σ_{r≠s} Y_sr
///   FVA_INT    Σ_{t≠s} V_t B_ts Σ_{r≠s} A_sr L_rr Y_rr
///   FDC        Σ_{t≠s} V_t B_ts Σ_{r≠s} A_sr L_rr E_r*

#include "decomposition/methods.hpp"
#include "decomposition/trade/gvc_sums.hpp"

namespace leontief::decomposition {

std::vector<TermTable> kww(const GvcContext& c) {
  const std::size_t G = c.regions(), N = c.sectors(), n = c.n();
  const GvcSums sums(c);
  const auto& v = c.va_coefficients();
  const auto& y = c.final_demand();
  const auto& e = c.exports();
  const auto& table = c.table();
  const auto& part = table.partition();
  const auto& x = c.gross_output();

  // A_rs L_ss Y_ss and A_rs L_ss E_s* for every row k of r ≠ s, column s.
  DenseMatrix spread(n, 2 * G);
  for (std::size_t k = 0; k < n; ++k) {
    spread(k, k / N) = sums.lrr_yrr(k);
    spread(k, G + k / N) = sums.lrr_er(k);
  }
  const DenseMatrix a_spread = c.technical(spread);

  TermTable out;
  out.name = "kww";
  out.description = "Koopman-Wang-Wei (2014) decomposition of gross exports by exporting economy";
  out.keys = {{"exporter", KeyColumn::Kind::region}};
  out.measures = {"DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC",
                  "FVA_FIN", "FVA_INT", "FDC",     "texp",    "texpdiff"};
  c.leontief_rows();
  for (std::size_t s = c.first_exporter(); s < c.first_exporter() + c.exporter_count(); ++s) {
    std::vector<double> t(out.measures.size(), 0.0);
    for (std::size_t i = 0; i < N; ++i) {
      const std::size_t k = s * N + i;
      double yexp = 0.0, texp = 0.0;
      for (std::size_t u = 0; u < G; ++u) {
        yexp += u == s ? 0.0 : y(k, u);
        texp += e(k, u);
      }
      const double foreign_vb = sums.va_multiplier_total(k) - sums.va_multiplier(s, k);
      t[0] += sums.va_multiplier(s, k) * yexp;
      t[1] += v[k] * (sums.b_ydiag_total(k) - sums.brs_yss(k, s));
      const double returned_final = sums.by(k, s) - sums.brr_yru(k, s);
      t[2] += v[k] * (sums.b_yexp_total(k) - sums.brs_yexps(k, s) - returned_final);
      t[3] += v[k] * returned_final;
      // V_s Σ_{r≠s} B_sr (A_rs L_ss ·): row k of B against the spread products abroad.
      const double* bk = c.leontief_row(k);
      double rdv_int = 0.0, ddc = 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j / N == s) continue;
        rdv_int += bk[j] * a_spread(j, s);
        ddc += bk[j] * a_spread(j, G + s);
      }
      t[4] += v[k] * rdv_int;
      t[5] += v[k] * ddc;
      t[6] += foreign_vb * yexp;
      // Σ_{r≠s} A_sr L_rr Y_rr and A_sr L_rr E_r* for row k of s.
      double a_ly = 0.0, a_le = 0.0;
      const std::size_t row = k - part.row_begin();
      table.for_each_flow(row, [&](std::size_t j, double z) {
        if (j / N == s || x[j] <= 0.0) return;
        const double a = z / x[j];
        a_ly += a * sums.lrr_yrr(j);
        a_le += a * sums.lrr_er(j);
      });
      t[7] += foreign_vb * a_ly;
      t[8] += foreign_vb * a_le;
      t[9] += texp;
    }
    double total = 0.0;
    for (std::size_t m = 0; m < 9; ++m) total += t[m];
    t[10] = t[9] - total;
    out.add_row({static_cast<long>(s)}, t);
  }
  return {out};
}

}  // namespace leontief::decomposition
