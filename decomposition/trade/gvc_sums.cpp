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
      table.for_each_flow(r, [&](std::size_t col, double z) {
        if (col / N == s || x[col] <= 0.0) return;
        c_partial(col, s) += vls[i] * z / x[col];
      });
    }
  }
  LEONTIEF_CHECK_MPI(MPI_Allreduce(c_partial.data().data(), c_full.data().data(),
                                   static_cast<int>(n * G), MPI_DOUBLE, MPI_SUM, table.comm()));

  // B'·M products from this rank's rows of B (matrix products, summed over ranks): no
  // transposed factorization is needed.
  //   value-added multipliers VB(j, t) = Σ_{i∈t} v_i B_ij;
  //   re-export weights (B'C)(j, s) = Σ_k B_kj C(k, s).
  const std::size_t local = part.local_rows();
  {
    DenseMatrix w(local, 2 * G);
    for (std::size_t row = 0; row < local; ++row) {
      const std::size_t k = part.row_begin() + row;
      w(row, k / N) = v[k];
      for (std::size_t s = 0; s < G; ++s) w(row, G + s) = c_full(k, s);
    }
    const DenseMatrix both = context.leontief_rows_transpose_times(w);
    vb_ = DenseMatrix(n, G);
    reexport_ = DenseMatrix(n, G);
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t s = 0; s < G; ++s) {
        vb_(j, s) = both(j, s);
        reexport_(j, s) = both(j, G + s);
      }
    }
  }
  vb_total_ = column_sums_by_row(vb_);

  // Products of blocks of B with final demand, from this rank's rows of B: B·[Y | Ydiag |
  // Yexpdiag] with Ydiag(j, t) = Y_jt and Yexpdiag(j, t) = Σ_{u≠t} Y_ju for j in t (else 0),
  // and each own block B_rr times Y_r*.
  DenseMatrix m(n, 3 * G);
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t t = j / N;
    double yexp = 0.0;
    for (std::size_t u = 0; u < G; ++u) {
      m(j, u) = y(j, u);
      yexp += u == t ? 0.0 : y(j, u);
    }
    m(j, G + t) = y(j, t);
    m(j, 2 * G + t) = yexp;
  }
  const DenseMatrix products = context.leontief_rows_times(m);
  DenseMatrix l_brs_yss(local, G), l_brr_yru(local, G), l_brs_yexps(local, G), l_by(local, G);
  for (std::size_t row = 0; row < local; ++row) {
    for (std::size_t u = 0; u < G; ++u) {
      l_by(row, u) = products(row, u);
      l_brs_yss(row, u) = products(row, G + u);
      l_brs_yexps(row, u) = products(row, 2 * G + u);
    }
  }
  const LeontiefRows& b = context.leontief_rows();
  for (std::size_t row = 0; row < local; ++row) {
    const std::size_t r = (part.row_begin() + row) / N;
    const double* bk = b.row(row) + r * N;
    double* own = l_brr_yru.row(row);
    for (std::size_t j = 0; j < N; ++j) {
      const double* yj = y.row(r * N + j);
      for (std::size_t u = 0; u < G; ++u) own[u] += bk[j] * yj[u];
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
  DenseMatrix own(n, 2);
  for (std::size_t k = 0; k < n; ++k) {
    own(k, 0) = y(k, k / N);
    for (std::size_t u = 0; u < G; ++u) own(k, 1) += e(k, u);
  }
  domestic_ = context.domestic(own);
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
