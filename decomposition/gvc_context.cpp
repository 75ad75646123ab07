#include "decomposition/gvc_context.hpp"

#include <petscsys.h>
// petscblaslapack.h needs petscsys.h first
#include <petscblaslapack.h>

#include "decomposition/trade/value_added.hpp"
#include "io/runtime/error.hpp"
#include "solver/phase.hpp"

#include <algorithm>

namespace leontief::decomposition {

namespace {

PetscBLASInt blas_int(std::size_t value) {
  PetscBLASInt out = 0;
  LEONTIEF_CHECK_PETSC(PetscBLASIntCast(static_cast<PetscInt>(value), &out));
  return out;
}

}  // namespace

GvcContext::GvcContext(const solver::DistributedTable& table,
                       const solver::LeontiefOperator& leontief)
    : table_(table),
      leontief_(leontief),
      domestic_(table),
      G_(table.labels().region_count()),
      N_(table.labels().sector_count()),
      n_(table.n()),
      v_(table.value_added_coefficients()) {
  const auto& part = table.partition();
  const std::size_t local = part.local_rows();
  DenseMatrix y(local, G_), e(local, G_), z(local, G_);
  y.data() = table.final_demand_by_destination();
  e.data() = gross_exports(table);
  for (std::size_t r = 0; r < local; ++r) {
    const std::size_t home = region_of(part.row_begin() + r);
    table.for_each_flow(r, [&](std::size_t j, double flow) { z(r, region_of(j)) += flow; });
    z(r, home) = 0.0;
  }
  y_ = gather_rows(y);
  e_ = gather_rows(e);
  z_exports_ = gather_rows(z);
}

DenseMatrix GvcContext::a_block(std::size_t s, std::size_t r) const {
  const auto& part = table_.partition();
  if (s < part.first_region() || s >= part.first_region() + part.region_count()) {
    throw_library_error("A block of an economy not owned by this rank", __FILE__, __LINE__);
  }
  const auto& x = table_.gross_output();
  DenseMatrix block(N_, N_);
  const std::size_t first_row = (s - part.first_region()) * N_, col0 = r * N_;
  for (std::size_t i = 0; i < N_; ++i) {
    const std::size_t row = first_row + i;
    table_.for_each_flow(row, col0, col0 + N_, [&](std::size_t j, double z) {
      if (x[j] > 0.0) block(i, j - col0) = z / x[j];
    });
  }
  return block;
}

DenseMatrix GvcContext::gather_rows(const DenseMatrix& local_rows) const {
  const MPI_Comm comm = table_.comm();
  int size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  const int mine = static_cast<int>(local_rows.data().size());
  std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size), 0);
  LEONTIEF_CHECK_MPI(MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, comm));
  for (std::size_t p = 1; p < counts.size(); ++p) offsets[p] = offsets[p - 1] + counts[p - 1];
  DenseMatrix full(n_, local_rows.cols());
  LEONTIEF_CHECK_MPI(MPI_Allgatherv(local_rows.data().data(), mine, MPI_DOUBLE, full.data().data(),
                                    counts.data(), offsets.data(), MPI_DOUBLE, comm));
  return full;
}

DenseMatrix GvcContext::solve(const DenseMatrix& m, bool transpose) const {
  return solve(leontief_, m, transpose);
}

DenseMatrix GvcContext::solve_with(const solver::LeontiefOperator& op, const DenseMatrix& m) const {
  return solve(op, m, false);
}

DenseMatrix GvcContext::solve(const solver::LeontiefOperator& op, const DenseMatrix& m,
                              bool transpose) const {
  const auto& part = table_.partition();
  const std::size_t cols = m.cols();
  solver::Matrix rhs = op.create_dense(cols);
  {
    solver::DenseArray a(rhs.get());
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        a(static_cast<PetscInt>(r), static_cast<PetscInt>(c)) = m(part.row_begin() + r, c);
      }
    }
  }
  solver::Matrix x = transpose ? op.solve_transpose(rhs.get()) : op.solve(rhs.get());
  DenseMatrix local(part.local_rows(), cols);
  {
    solver::DenseArray a(x.get());
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        local(r, c) = a(static_cast<PetscInt>(r), static_cast<PetscInt>(c));
      }
    }
  }
  return gather_rows(local);
}

const LeontiefRows& GvcContext::leontief_rows() const {
  if (have_b_rows_) return b_rows_;
  solver::Phase phase("leontief inverse rows");
  const auto& part = table_.partition();
  const std::size_t local = part.local_rows();
  if (leontief_.dense()) {
    b_rows_ = LeontiefRows(leontief_.inverse_rows(), local, n_);
    have_b_rows_ = true;
    return b_rows_;
  }
  b_rows_storage_ = DenseMatrix(local, n_);
  // Chunks of identity columns bound the dense right-hand side to n x chunk doubles (at most
  // 32 Mi, 256 MiB across ranks), and few chunks keep the per-solve overhead low.
  const std::size_t chunk = std::clamp<std::size_t>((std::size_t{1} << 25) / std::max<std::size_t>(n_, 1), 64, n_);
  for (std::size_t first = 0; first < n_; first += chunk) {
    const std::size_t cols = std::min(chunk, n_ - first);
    solver::Matrix rhs = leontief_.create_dense(cols);
    {
      solver::DenseArray a(rhs.get());
      for (std::size_t r = 0; r < local; ++r) {
        const std::size_t i = part.row_begin() + r;
        if (i >= first && i < first + cols) {
          a(static_cast<PetscInt>(r), static_cast<PetscInt>(i - first)) = 1.0;
        }
      }
    }
    solver::Matrix x = leontief_.solve(rhs.get());
    solver::DenseArray a(x.get());
    for (std::size_t r = 0; r < local; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        b_rows_storage_(r, first + c) = a(static_cast<PetscInt>(r), static_cast<PetscInt>(c));
      }
    }
  }
  b_rows_ = LeontiefRows(b_rows_storage_.data().data(), local, n_);
  have_b_rows_ = true;
  return b_rows_;
}

const double* GvcContext::leontief_row(std::size_t i) const {
  const auto& part = table_.partition();
  if (!part.owns_row(i)) {
    throw_library_error("row of B not owned by this rank", __FILE__, __LINE__);
  }
  return leontief_rows().row(i - part.row_begin());
}

DenseMatrix GvcContext::leontief_rows_times(const DenseMatrix& m) const {
  const LeontiefRows& b = leontief_rows();
  const std::size_t local = b.rows(), k = m.cols();
  DenseMatrix out(local, k);
  if (local == 0 || k == 0) return out;
  // Row-major C = B_rows M is, to column-major BLAS, Cᵀ = Mᵀ B_rowsᵀ.
  const PetscBLASInt K = blas_int(k), L = blas_int(local), N = blas_int(n_);
  const double one = 1.0, zero = 0.0;
  BLASgemm_("N", "N", &K, &L, &N, &one, m.data().data(), &K, b.row(0), &N, &zero,
            out.data().data(), &K);
  return out;
}

DenseMatrix GvcContext::leontief_rows_transpose_times(const DenseMatrix& local_w) const {
  const LeontiefRows& b = leontief_rows();
  const std::size_t local = b.rows(), k = local_w.cols();
  DenseMatrix partial(n_, k), full(n_, k);
  if (local > 0 && k > 0) {
    // Row-major D = B_rowsᵀ W is, to column-major BLAS, Dᵀ = Wᵀ B_rows.
    const PetscBLASInt K = blas_int(k), L = blas_int(local), N = blas_int(n_);
    const double one = 1.0, zero = 0.0;
    BLASgemm_("N", "T", &K, &N, &L, &one, local_w.data().data(), &K, b.row(0), &N, &zero,
              partial.data().data(), &K);
  }
  LEONTIEF_CHECK_MPI(MPI_Allreduce(partial.data().data(), full.data().data(),
                                   static_cast<int>(n_ * k), MPI_DOUBLE, MPI_SUM, table_.comm()));
  return full;
}

DenseMatrix GvcContext::leontief(const DenseMatrix& m) const { return solve(m, false); }
DenseMatrix GvcContext::leontief_transpose(const DenseMatrix& m) const { return solve(m, true); }

DenseMatrix GvcContext::domestic_product(const DenseMatrix& m, bool transpose) const {
  const auto& part = table_.partition();
  const std::size_t cols = m.cols();
  DenseMatrix local(part.local_rows(), cols);
  for (std::size_t s = 0; s < part.region_count(); ++s) {
    const std::size_t region = part.first_region() + s;
    const double* l = domestic_.block(region);
    for (std::size_t i = 0; i < N_; ++i) {
      double* out = local.row(s * N_ + i);
      for (std::size_t k = 0; k < N_; ++k) {
        const double lik = transpose ? l[k * N_ + i] : l[i * N_ + k];
        const double* in = m.row(region * N_ + k);
        for (std::size_t c = 0; c < cols; ++c) out[c] += lik * in[c];
      }
    }
  }
  return gather_rows(local);
}

DenseMatrix GvcContext::domestic(const DenseMatrix& m) const { return domestic_product(m, false); }
DenseMatrix GvcContext::domestic_transpose(const DenseMatrix& m) const {
  return domestic_product(m, true);
}

namespace {

/// C (rows x k) = Z_rows (rows x n) · W (n x k), all row-major: to column-major BLAS,
/// Cᵀ = Wᵀ Z_rowsᵀ.
void rows_times(const double* z_rows, std::size_t rows, std::size_t n, const DenseMatrix& w,
                double* c) {
  if (rows == 0 || w.cols() == 0) return;
  const PetscBLASInt K = blas_int(w.cols()), R = blas_int(rows), N = blas_int(n);
  const double one = 1.0, zero = 0.0;
  BLASgemm_("N", "N", &K, &R, &N, &one, w.data().data(), &K, z_rows, &N, &zero, c, &K);
}

/// D (n x k) = Z_rowsᵀ (n x rows) · M_rows (rows x k), row-major: Dᵀ = M_rowsᵀ Z_rows.
void rows_transpose_times(const double* z_rows, std::size_t rows, std::size_t n,
                          const double* m_rows, std::size_t k, double* d) {
  if (rows == 0 || k == 0) return;
  const PetscBLASInt K = blas_int(k), R = blas_int(rows), N = blas_int(n);
  const double one = 1.0, zero = 0.0;
  BLASgemm_("N", "T", &K, &N, &R, &one, m_rows, &K, z_rows, &N, &zero, d, &K);
}

}  // namespace

DenseMatrix GvcContext::technical(const DenseMatrix& m, bool foreign_only) const {
  const auto& part = table_.partition();
  const auto& x = table_.gross_output();
  const std::size_t cols = m.cols();
  DenseMatrix local(part.local_rows(), cols);
  if (table_.dense_flows()) {
    // A·M = Z·(x̂⁻¹M) by economy blocks of rows; leaving out the domestic block of economy s
    // zeroes the rows of s in x̂⁻¹M for the rows of s (exact zeros: no cancellation).
    DenseMatrix w(n_, cols);
    for (std::size_t j = 0; j < n_; ++j) {
      if (!(x[j] > 0.0)) continue;
      for (std::size_t c = 0; c < cols; ++c) w(j, c) = m(j, c) / x[j];
    }
    if (!foreign_only) {
      rows_times(table_.dense_flow_row(0), part.local_rows(), n_, w, local.data().data());
    } else {
      std::vector<double> saved(N_ * cols);
      for (std::size_t k = 0; k < part.region_count(); ++k) {
        double* own = w.row((part.first_region() + k) * N_);
        std::copy(own, own + N_ * cols, saved.begin());
        std::fill(own, own + N_ * cols, 0.0);
        rows_times(table_.dense_flow_row(k * N_), N_, n_, w, local.row(k * N_));
        std::copy(saved.begin(), saved.end(), own);
      }
    }
    return gather_rows(local);
  }
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t home = region_of(part.row_begin() + r);
    double* out = local.row(r);
    table_.for_each_flow(r, [&](std::size_t j, double z) {
      if (x[j] <= 0.0 || (foreign_only && region_of(j) == home)) return;
      const double a = z / x[j];
      const double* in = m.row(j);
      for (std::size_t c = 0; c < cols; ++c) out[c] += a * in[c];
    });
  }
  return gather_rows(local);
}

DenseMatrix GvcContext::technical_transpose(const DenseMatrix& m, bool foreign_only) const {
  // (A'M)_j = Σ_i A_ij M_i: each rank adds its rows' contributions, then a sum reduction.
  const auto& part = table_.partition();
  const auto& x = table_.gross_output();
  const std::size_t cols = m.cols();
  DenseMatrix partial(n_, cols), full(n_, cols);
  if (table_.dense_flows()) {
    // Z'·M by economy blocks of rows (without the block's own rows of the result when only
    // foreign inputs count), then x̂⁻¹ once summed.
    DenseMatrix block(n_, cols);
    for (std::size_t k = 0; k < part.region_count(); ++k) {
      const std::size_t s = part.first_region() + k;
      rows_transpose_times(table_.dense_flow_row(k * N_), N_, n_, m.row(s * N_), cols,
                           block.data().data());
      for (std::size_t j = 0; j < n_; ++j) {
        if (foreign_only && region_of(j) == s) continue;
        double* out = partial.row(j);
        const double* add = block.row(j);
        for (std::size_t c = 0; c < cols; ++c) out[c] += add[c];
      }
    }
  } else {
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      const std::size_t i = part.row_begin() + r;
      const double* in = m.row(i);
      table_.for_each_flow(r, [&](std::size_t j, double z) {
        if (x[j] <= 0.0 || (foreign_only && region_of(j) == region_of(i))) return;
        const double a = z / x[j];
        double* out = partial.row(j);
        for (std::size_t c = 0; c < cols; ++c) out[c] += a * in[c];
      });
    }
  }
  LEONTIEF_CHECK_MPI(MPI_Allreduce(partial.data().data(), full.data().data(),
                                   static_cast<int>(n_ * cols), MPI_DOUBLE, MPI_SUM,
                                   table_.comm()));
  if (table_.dense_flows()) {
    for (std::size_t j = 0; j < n_; ++j) {
      const double scale = x[j] > 0.0 ? 1.0 / x[j] : 0.0;
      for (std::size_t c = 0; c < cols; ++c) full(j, c) *= scale;
    }
  }
  return full;
}

}  // namespace leontief::decomposition
