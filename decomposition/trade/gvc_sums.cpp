#include "decomposition/trade/gvc_sums.hpp"

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

namespace {
std::vector<double> column_sums_by_row(const DenseMatrix& m) {
  std::vector<double> out(m.rows(), 0.0);
  for (std::size_t k = 0; k < m.rows(); ++k) {
    for (std::size_t c = 0; c < m.cols(); ++c) out[k] += m(k, c);
  }
  return out;
}
}  // namespace

GvcSums::GvcSums(const GvcContext& context) : context_(context), sectors_(context.sectors()) {
  const std::size_t G = context.regions(), N = sectors_, n = context.n();
  if (N == 0 || G == 0) throw_library_error("empty table", __FILE__, __LINE__);
  const auto& v = context.va_coefficients();
  const auto& y = context.final_demand();
  const auto& e = context.exports();
  const auto& table = context.table();
  const auto& part = table.partition();


  // Domestic re-export weights: column s holds c_k = Σ_{i∈s} (V_s L_ss)_i A_ik for k ∉ s;
  // B'·C restricted to s's sectors is V_s L_ss Σ_{t≠s} A_st B_ts.
  DenseMatrix c_partial(n, G), c_full(n, G);
  const auto& x = context.gross_output();
  for (std::size_t s = context.first_exporter(); s < context.first_exporter() + context.exporter_count(); ++s) {
    const auto vls = va_times_domestic(s);
    for (std::size_t i = 0; i < N; ++i) {
      const std::size_t r = (s - part.first_region()) * N + i;
      for (std::size_t k = table.z_row_offsets()[r]; k < table.z_row_offsets()[r + 1]; ++k) {
        const std::size_t col = table.z_columns()[k];
        if (col / N == s || x[col] <= 0.0) continue;
        c_partial(col, s) += vls[i] * table.z_values()[k] / x[col];
      }
    }
  }
  LEONTIEF_CHECK_MPI(MPI_Allreduce(c_partial.data().data(), c_full.data().data(),
                                   static_cast<int>(n * G), MPI_DOUBLE, MPI_SUM, table.comm()));

  // B'·M products from this rank's rows of B (each row k adds B_kj·M(k, ·) to row j),
  // summed over ranks: no transposed factorization is needed.
  //   value-added multipliers VB(j, t) = Σ_{i∈t} v_i B_ij;
  //   re-export weights (B'C)(j, s) = Σ_k B_kj C(k, s).
  const DenseMatrix& b = context.leontief_rows();
  {
    DenseMatrix vb_partial(n, G), re_partial(n, G);
    for (std::size_t row = 0; row < part.local_rows(); ++row) {
      const std::size_t k = part.row_begin() + row;
      const double* bk = b.row(row);
      const double* ck = c_full.row(k);
      for (std::size_t j = 0; j < n; ++j) {
        const double bkj = bk[j];
        if (bkj == 0.0) continue;
        vb_partial(j, k / N) += v[k] * bkj;
        double* out = re_partial.row(j);
        for (std::size_t s = 0; s < G; ++s) out[s] += bkj * ck[s];
      }
    }
    vb_ = DenseMatrix(n, G);
    reexport_ = DenseMatrix(n, G);
    LEONTIEF_CHECK_MPI(MPI_Allreduce(vb_partial.data().data(), vb_.data().data(),
                                     static_cast<int>(n * G), MPI_DOUBLE, MPI_SUM, table.comm()));
    LEONTIEF_CHECK_MPI(MPI_Allreduce(re_partial.data().data(), reexport_.data().data(),
                                     static_cast<int>(n * G), MPI_DOUBLE, MPI_SUM, table.comm()));
  }
  vb_total_ = column_sums_by_row(vb_);

  // Products of blocks of B with final demand, from this rank's rows of B.
  std::vector<double> yexp(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t u = 0; u < G; ++u) yexp[j] += u == j / N ? 0.0 : y(j, u);
  }
  const std::size_t local = part.local_rows();
  DenseMatrix l_brs_yss(local, G), l_brr_yru(local, G), l_brs_yexps(local, G), l_by(local, G);
  for (std::size_t row = 0; row < local; ++row) {
    const std::size_t k = part.row_begin() + row, r = k / N;
    const double* bk = b.row(row);
    for (std::size_t t = 0; t < G; ++t) {
      double ytt = 0.0, yex = 0.0;
      for (std::size_t j = t * N; j < (t + 1) * N; ++j) {
        const double bkj = bk[j];
        if (bkj == 0.0) continue;
        ytt += bkj * y(j, t);
        yex += bkj * yexp[j];
        const double* yj = y.row(j);
        double* out = l_by.row(row);
        for (std::size_t u = 0; u < G; ++u) out[u] += bkj * yj[u];
        if (t == r) {
          double* own = l_brr_yru.row(row);
          for (std::size_t u = 0; u < G; ++u) own[u] += bkj * yj[u];
        }
      }
      l_brs_yss(row, t) = ytt;
      l_brs_yexps(row, t) = yex;
    }
  }
  brs_yss_ = context.gather_rows(l_brs_yss);
  brr_yru_ = context.gather_rows(l_brr_yru);
  brs_yexps_ = context.gather_rows(l_brs_yexps);
  by_ = context.gather_rows(l_by);
  b_ydiag_total_ = column_sums_by_row(brs_yss_);
  b_yexp_total_ = column_sums_by_row(brs_yexps_);
  brr_yr_total_ = column_sums_by_row(brr_yru_);

  // L_rr Y_rr and L_rr E_r*.
  DenseMatrix m(n, 2);
  for (std::size_t k = 0; k < n; ++k) {
    m(k, 0) = y(k, k / N);
    for (std::size_t u = 0; u < G; ++u) m(k, 1) += e(k, u);
  }
  domestic_ = context.domestic(m);
}

std::vector<double> GvcSums::va_times_domestic(std::size_t s) const {
  const std::size_t N = sectors_;
  const double* l = context_.domestic_inverse(s);
  const auto& v = context_.va_coefficients();
  std::vector<double> out(N, 0.0);
  for (std::size_t k = 0; k < N; ++k) {
    for (std::size_t j = 0; j < N; ++j) out[j] += v[s * N + k] * l[k * N + j];
  }
  return out;
}

std::vector<double> GvcSums::domestic_reexport_weight(std::size_t s) const {
  std::vector<double> out(sectors_);
  for (std::size_t i = 0; i < sectors_; ++i) out[i] = reexport_(s * sectors_ + i, s);
  return out;
}

}  // namespace leontief::decomposition
