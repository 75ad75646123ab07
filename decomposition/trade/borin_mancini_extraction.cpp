#include "decomposition/trade/borin_mancini_extraction.hpp"

#include <petscsys.h>
// petscblaslapack.h needs petscsys.h first
#include <petscblaslapack.h>

#include <string>
#include <type_traits>

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

static_assert(std::is_same_v<PetscBLASInt, int>, "pivots are stored as int");

ExportExtraction::ExportExtraction(const GvcContext& context, std::size_t exporter)
    : s_(exporter), N_(context.sectors()), i_minus_ass_(context.a_block(exporter, exporter)) {
  const std::size_t N = N_, first = s_ * N;
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < N; ++j) {
      i_minus_ass_(i, j) = (i == j ? 1.0 : 0.0) - i_minus_ass_(i, j);
    }
  }
  // K_s = (I − A_ss) B_ss, B_ss from the rows of s this rank owns.
  DenseMatrix k(N, N);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t m = 0; m < N; ++m) {
      const double a = i_minus_ass_(i, m);
      if (a == 0.0) continue;
      const double* b = context.leontief_row(first + m) + first;
      for (std::size_t j = 0; j < N; ++j) k(i, j) += a * b[j];
    }
  }
  // The row-major buffer is K_sᵀ to column-major LAPACK; solve_columns transposes back.
  lu_ = k.data();
  pivots_.assign(N, 0);
  const PetscBLASInt order = static_cast<PetscBLASInt>(N);
  PetscBLASInt info = 0;
  LAPACKgetrf_(&order, &order, lu_.data(), &order, pivots_.data(), &info);
  if (info != 0) {
    throw_library_error("Borin-Mancini: capacitance matrix K_s of economy " + std::to_string(s_) +
                            " is singular (LAPACK getrf info " + std::to_string(info) + ")",
                        __FILE__, __LINE__);
  }
}

std::vector<double> ExportExtraction::solve_columns(std::vector<double> columns,
                                                    std::size_t count, bool transpose) const {
  if (count == 0 || N_ == 0) return columns;
  const PetscBLASInt order = static_cast<PetscBLASInt>(N_), nrhs = static_cast<PetscBLASInt>(count);
  PetscBLASInt info = 0;
  // lu_ factors K_sᵀ: K_s w = b is the transposed solve, K_sᵀ y = u the plain one.
  const char* trans = transpose ? "N" : "T";
  LAPACKgetrs_(trans, &order, &nrhs, lu_.data(), &order, pivots_.data(), columns.data(), &order,
               &info);
  if (info != 0) {
    throw_library_error("LAPACK getrs failed with info " + std::to_string(info), __FILE__,
                        __LINE__);
  }
  return columns;
}

DenseMatrix ExportExtraction::solve(DenseMatrix b) const {
  const std::size_t N = N_, k = b.cols();
  std::vector<double> columns(N * k);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t c = 0; c < k; ++c) columns[c * N + i] = b(i, c);
  }
  columns = solve_columns(std::move(columns), k, false);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t c = 0; c < k; ++c) b(i, c) = columns[c * N + i];
  }
  return b;
}

DenseMatrix ExportExtraction::weights(const DenseMatrix& bm_s, const DenseMatrix* m_s) const {
  const std::size_t N = N_, k = bm_s.cols();
  DenseMatrix rhs(N, k);
  for (std::size_t i = 0; i < N; ++i) {
    double* out = rhs.row(i);
    for (std::size_t m = 0; m < N; ++m) {
      const double a = i_minus_ass_(i, m);
      if (a == 0.0) continue;
      const double* in = bm_s.row(m);
      for (std::size_t c = 0; c < k; ++c) out[c] += a * in[c];
    }
    if (m_s != nullptr) {
      for (std::size_t c = 0; c < k; ++c) out[c] -= (*m_s)(i, c);
    }
  }
  return solve(std::move(rhs));
}

std::vector<double> ExportExtraction::solve_transpose(std::vector<double> u) const {
  return solve_columns(std::move(u), 1, true);
}

namespace {

/// This rank's rows of the Woodbury weights (local rows x (2 + G)) of the exporters it owns:
/// column 0 q_s = K_s⁻¹ E_s*, column 1 the weights of Y_{*s}, column 2 + r those of
/// Y^{(s)}_{*r} (r ≠ s), all in the rows of s.
DenseMatrix local_weights(const GvcContext& c, const DenseMatrix& by,
                          const std::vector<ExportExtraction>& extractions) {
  const std::size_t G = c.regions(), N = c.sectors();
  const auto& part = c.table().partition();
  const auto& y = c.final_demand();
  const auto& e = c.exports();
  DenseMatrix out(part.local_rows(), 2 + G);
  for (const auto& x : extractions) {
    const std::size_t s = x.exporter();
    DenseMatrix total_exports(N, 1), bm(N, 1 + G), m(N, 1 + G);
    for (std::size_t i = 0; i < N; ++i) {
      const std::size_t k = s * N + i;
      for (std::size_t r = 0; r < G; ++r) total_exports(i, 0) += e(k, r);
      bm(i, 0) = by(k, s);
      m(i, 0) = y(k, s);
      // Y^{(s)}_{*r} has no rows of s (s's final exports removed), so (B Y^{(s)})_s =
      // (BY)_sr − B_ss Y_sr; the B_ss Y_sr parts cancel in the weights, leaving
      // K_s⁻¹ (I − A_ss)(BY)_sr.
      for (std::size_t r = 0; r < G; ++r) bm(i, 1 + r) = r == s ? 0.0 : by(k, r);
    }
    const DenseMatrix q = x.solve(total_exports);
    const DenseMatrix w = x.weights(bm, &m);
    for (std::size_t i = 0; i < N; ++i) {
      double* row = out.row(s * N + i - part.row_begin());
      row[0] = q(i, 0);
      for (std::size_t col = 0; col < 1 + G; ++col) row[1 + col] = w(i, col);
    }
  }
  return out;
}

}  // namespace

ExtractionOutputs extraction_outputs(const GvcContext& c, const DenseMatrix& by,
                                     const std::vector<ExportExtraction>& extractions) {
  const std::size_t G = c.regions(), N = c.sectors();
  const auto& part = c.table().partition();
  const DenseMatrix w = c.gather_rows(local_weights(c, by, extractions));

  // Row i of B_{*s} w_s for every s: this rank's rows of B against the replicated weights.
  DenseMatrix local(part.local_rows(), 3 * G);
  for (std::size_t row = 0; row < part.local_rows(); ++row) {
    const std::size_t i = part.row_begin() + row, r = i / N;
    const double* b = c.leontief_row(i);
    double* out = local.row(row);
    for (std::size_t s = 0; s < G; ++s) {
      double exports = 0.0, home = 0.0, importer = 0.0;
      for (std::size_t k = s * N; k < (s + 1) * N; ++k) {
        const double* wk = w.row(k);
        exports += b[k] * wk[0];
        home += b[k] * wk[1];
        importer += b[k] * wk[2 + r];
      }
      out[s] = exports;
      out[G + s] = by(i, s) - home;
      out[2 * G + s] = s == r ? 0.0 : by(i, r) - importer;
    }
  }
  const DenseMatrix all = c.gather_rows(local);
  ExtractionOutputs result{DenseMatrix(c.n(), G), DenseMatrix(c.n(), G), DenseMatrix(c.n(), G)};
  for (std::size_t i = 0; i < c.n(); ++i) {
    for (std::size_t s = 0; s < G; ++s) {
      result.exports_output(i, s) = all(i, s);
      result.home_demand_output(i, s) = all(i, G + s);
      result.importer_demand_output(i, s) = all(i, 2 * G + s);
    }
  }
  return result;
}

}  // namespace leontief::decomposition
