#include "solver/dense_leontief.hpp"

#include <petscsys.h>
// petscblaslapack.h needs petscsys.h first
#include <petscblaslapack.h>

#include <algorithm>
#include <string>

#include "io/runtime/error.hpp"
#include "solver/economy_partition.hpp"
#include "solver/huge_page_buffer.hpp"
#include "solver/petsc_error.hpp"

namespace leontief::solver {

namespace {

PetscBLASInt blas_int(std::size_t value) {
  PetscBLASInt out = 0;
  LEONTIEF_CHECK_PETSC(PetscBLASIntCast(static_cast<PetscInt>(value), &out));
  return out;
}

int rank_of(MPI_Comm comm) {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &r));
  return r;
}

/// C (m x k, ldc) = op(A) B with op(A) = Aᵀ when `transpose_a`; A m x p or p x m (lda),
/// B p x k (ldb); column-major BLAS.
void gemm(bool transpose_a, std::size_t m, std::size_t k, std::size_t p, const double* a,
          std::size_t lda, const double* b, std::size_t ldb, double* c, std::size_t ldc) {
  if (m == 0 || k == 0) return;
  const PetscBLASInt M = blas_int(m), K = blas_int(k), P = blas_int(p);
  const PetscBLASInt LDA = blas_int(std::max<std::size_t>(lda, 1));
  const PetscBLASInt LDB = blas_int(std::max<std::size_t>(ldb, 1));
  const PetscBLASInt LDC = blas_int(std::max<std::size_t>(ldc, 1));
  const double one = 1.0, zero = 0.0;  // with p = 0, gemm sets C to 0
  BLASgemm_(transpose_a ? "T" : "N", "N", &M, &K, &P, &one, a, &LDA, b, &LDB, &zero, c, &LDC);
}

}  // namespace

DenseLeontief::DenseLeontief(const DistributedTable& table, const CoefficientMarkup& markup)
    : table_(table), markup_(markup), n_(table.n()) {
  LEONTIEF_CHECK_MPI(MPI_Comm_size(table.comm(), &ranks_));
  if (ranks_ == 1) {
    // Row i of I − A is column i of M: written straight into LAPACK's column-major array.
    storage_ = std::make_unique<HugePageBuffer>(n_ * n_);
    for (std::size_t i = 0; i < n_; ++i) identity_minus_a_row(i, storage_->data() + i * n_);
    return;
  }
  grid_ = std::make_unique<scalapack::ProcessGrid>(table.comm());
  layout_ = std::make_unique<scalapack::BlockCyclic>(*grid_, n_, n_, kBlock);
  storage_ = std::make_unique<HugePageBuffer>(layout_->local_size());
  redistribute(Direction::to_tiles, nullptr);
}

DenseLeontief::~DenseLeontief() = default;

std::string DenseLeontief::grid() const {
  if (!grid_) return "1 x 1";
  return std::to_string(grid_->rows()) + " x " + std::to_string(grid_->columns());
}

void DenseLeontief::identity_minus_a_row(std::size_t local_row, double* out) const {
  // `out` arrives zeroed; zero-output columns stay 0 (A's documented rule).
  const auto& x = table_.gross_output();
  const std::size_t i = table_.partition().row_begin() + local_row;
  if (markup_) {
    table_.for_each_flow(local_row, [&](std::size_t j, double z) {
      if (x[j] > 0.0) out[j] = -(z / x[j]) * markup_(i, j);
    });
  } else {
    table_.for_each_flow(local_row, [&](std::size_t j, double z) {
      if (x[j] > 0.0) out[j] = -(z / x[j]);
    });
  }
  out[i] += 1.0;
}

void DenseLeontief::redistribute(Direction direction, double* rows) const {
  const MPI_Comm comm = table_.comm();
  const auto& layout = *layout_;
  const auto& grid = *grid_;
  const std::size_t n = n_, lld = layout.leading_dimension();
  const auto& labels = table_.labels();
  // Every rank's economy rows [begin, end).
  std::vector<std::size_t> row_begin(static_cast<std::size_t>(ranks_) + 1, 0);
  for (int p = 0; p < ranks_; ++p) {
    const EconomyPartition part(labels.region_count(), labels.sector_count(), ranks_, p);
    row_begin[static_cast<std::size_t>(p)] = part.row_begin();
    row_begin[static_cast<std::size_t>(p) + 1] = part.row_end();
  }
  const auto& part = table_.partition();
  const int me = rank_of(comm);
  // Round r moves rows [begin + r·chunk, begin + (r + 1)·chunk) of every rank at once, about
  // 32 MB per rank and round.
  const std::size_t chunk = std::max<std::size_t>(1, (std::size_t{1} << 22) / std::max<std::size_t>(n, 1));
  std::size_t most_rows = 0;
  for (int p = 0; p < ranks_; ++p) {
    most_rows = std::max(most_rows, row_begin[static_cast<std::size_t>(p) + 1] - row_begin[static_cast<std::size_t>(p)]);
  }
  const std::size_t rounds = (most_rows + chunk - 1) / chunk;
  const auto rows_in_round = [&](int p, std::size_t round) {
    const std::size_t b = row_begin[static_cast<std::size_t>(p)], e = row_begin[static_cast<std::size_t>(p) + 1];
    const std::size_t first = std::min(e, b + round * chunk);
    return std::pair<std::size_t, std::size_t>(first, std::min(e, first + chunk));
  };
  const int P = ranks_;
  std::vector<int> send_counts(static_cast<std::size_t>(P)), recv_counts(static_cast<std::size_t>(P));
  std::vector<int> send_offsets(static_cast<std::size_t>(P)), recv_offsets(static_cast<std::size_t>(P));
  std::vector<double> send, receive, row(n);
  double* tiles = storage_->data();
  // The economy-row side of the exchange is "rows" (this rank's rows of I − A or of B); the
  // tile side holds M(j, i) = (I − A)(i, j), or M⁻¹(j, i) = B(i, j), for j in this process
  // row's rows and i in this process column's columns. Both sides walk i ascending, then j
  // ascending, so no indices travel.
  for (std::size_t round = 0; round < rounds; ++round) {
    // Counts: rows side to each process (pr, pc): rows i here with column owner pc, times
    // the rows of pr; tile side from each rank p: p's rows i with column owner = my column.
    const auto [mine_first, mine_last] = rows_in_round(me, round);
    for (int q = 0; q < P; ++q) {
      const int q_row = q / grid.columns(), q_col = q % grid.columns();
      std::size_t from_rows = 0;
      for (std::size_t i = mine_first; i < mine_last; ++i) from_rows += layout.column_owner(i) == q_col ? 1 : 0;
      const auto [q_first, q_last] = rows_in_round(q, round);
      std::size_t to_tiles = 0;
      for (std::size_t i = q_first; i < q_last; ++i) to_tiles += layout.column_owner(i) == grid.my_column() ? 1 : 0;
      const std::size_t rows_side = from_rows * layout.rows_of(q_row);
      const std::size_t tiles_side = to_tiles * layout.rows_of(grid.my_row());
      // to_tiles: rows side sends; to_rows: tile side sends (the mirror exchange).
      const std::size_t out = direction == Direction::to_tiles ? rows_side : tiles_side;
      const std::size_t in = direction == Direction::to_tiles ? tiles_side : rows_side;
      send_counts[static_cast<std::size_t>(q)] = static_cast<int>(out);
      recv_counts[static_cast<std::size_t>(q)] = static_cast<int>(in);
    }
    int total_out = 0, total_in = 0;
    for (int q = 0; q < P; ++q) {
      send_offsets[static_cast<std::size_t>(q)] = total_out;
      recv_offsets[static_cast<std::size_t>(q)] = total_in;
      total_out += send_counts[static_cast<std::size_t>(q)];
      total_in += recv_counts[static_cast<std::size_t>(q)];
    }
    send.assign(static_cast<std::size_t>(total_out), 0.0);
    receive.assign(static_cast<std::size_t>(total_in), 0.0);

    // Pack.
    if (direction == Direction::to_tiles) {
      std::vector<std::size_t> cursor(send_offsets.begin(), send_offsets.end());
      for (std::size_t i = mine_first; i < mine_last; ++i) {
        std::fill(row.begin(), row.end(), 0.0);
        identity_minus_a_row(i - part.row_begin(), row.data());
        const int pc = layout.column_owner(i);
        for (int pr = 0; pr < grid.rows(); ++pr) {
          std::size_t& c = cursor[static_cast<std::size_t>(grid.rank_at(pr, pc))];
          for (std::size_t l = 0; l < layout.rows_of(pr); ++l) send[c++] = row[layout.global_row(l, pr)];
        }
      }
    } else {
      for (int q = 0; q < P; ++q) {
        const auto [q_first, q_last] = rows_in_round(q, round);
        std::size_t c = static_cast<std::size_t>(send_offsets[static_cast<std::size_t>(q)]);
        const std::size_t local_rows = layout.rows_of(grid.my_row());
        for (std::size_t i = q_first; i < q_last; ++i) {
          if (layout.column_owner(i) != grid.my_column()) continue;
          const double* column = tiles + layout.local_column(i) * lld;
          for (std::size_t l = 0; l < local_rows; ++l) send[c++] = column[l];
        }
      }
    }
    LEONTIEF_CHECK_MPI(MPI_Alltoallv(send.data(), send_counts.data(), send_offsets.data(),
                                     MPI_DOUBLE, receive.data(), recv_counts.data(),
                                     recv_offsets.data(), MPI_DOUBLE, comm));
    // Unpack.
    if (direction == Direction::to_tiles) {
      for (int p = 0; p < P; ++p) {
        const auto [p_first, p_last] = rows_in_round(p, round);
        std::size_t c = static_cast<std::size_t>(recv_offsets[static_cast<std::size_t>(p)]);
        const std::size_t local_rows = layout.rows_of(grid.my_row());
        for (std::size_t i = p_first; i < p_last; ++i) {
          if (layout.column_owner(i) != grid.my_column()) continue;
          double* column = tiles + layout.local_column(i) * lld;
          for (std::size_t l = 0; l < local_rows; ++l) column[l] = receive[c++];
        }
      }
    } else {
      for (int q = 0; q < P; ++q) {
        const int q_row = q / grid.columns(), q_col = q % grid.columns();
        std::size_t c = static_cast<std::size_t>(recv_offsets[static_cast<std::size_t>(q)]);
        for (std::size_t i = mine_first; i < mine_last; ++i) {
          if (layout.column_owner(i) != q_col) continue;
          double* out = rows + (i - part.row_begin()) * n;
          for (std::size_t l = 0; l < layout.rows_of(q_row); ++l) out[layout.global_row(l, q_row)] = receive[c++];
        }
      }
    }
  }
}

bool DenseLeontief::factor() {
  int info = 0;
  if (ranks_ == 1) {
    const PetscBLASInt order = blas_int(n_);
    pivots_.assign(n_, 0);
    PetscBLASInt lapack_info = 0;
    static_assert(sizeof(PetscBLASInt) == sizeof(int), "pivots are int");
    LAPACKgetrf_(&order, &order, storage_->data(), &order, pivots_.data(), &lapack_info);
    info = lapack_info;
  } else {
    pivots_.assign(layout_->local_rows() + kBlock, 0);
    info = scalapack::factor(*layout_, storage_->data(), pivots_.data());
  }
  if (info < 0) {
    throw_library_error("LU factorization (getrf) failed with info " + std::to_string(info),
                        __FILE__, __LINE__);
  }
  int singular = info > 0 ? 1 : 0, any = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&singular, &any, 1, MPI_INT, MPI_MAX, table_.comm()));
  return any == 0;
}

void DenseLeontief::invert() {
  if (inverted_) return;
  int info = 0;
  if (ranks_ == 1) {
    const PetscBLASInt order = blas_int(n_);
    PetscBLASInt lwork = -1, lapack_info = 0;
    double query = 0.0;
    LAPACKgetri_(&order, storage_->data(), &order, pivots_.data(), &query, &lwork, &lapack_info);
    lwork = std::max<PetscBLASInt>(static_cast<PetscBLASInt>(query), 1);
    std::vector<double> work(static_cast<std::size_t>(lwork));
    LAPACKgetri_(&order, storage_->data(), &order, pivots_.data(), work.data(), &lwork,
                 &lapack_info);
    info = lapack_info;
  } else {
    info = scalapack::invert(*layout_, storage_->data(), pivots_.data());
  }
  if (info != 0) {
    throw_library_error("matrix inversion (getri) failed with info " + std::to_string(info),
                        __FILE__, __LINE__);
  }
  inverted_ = true;
}

const double* DenseLeontief::inverse_rows() const {
  if (!inverted_) throw_library_error("rows of B before the inverse", __FILE__, __LINE__);
  // One rank: M⁻¹ = Bᵀ column-major is B row-major, in place.
  if (ranks_ == 1) return storage_->data();
  if (!rows_) {
    rows_ = std::make_unique<HugePageBuffer>(table_.partition().local_rows() * n_);
    redistribute(Direction::to_rows, rows_->data());
  }
  return rows_->data();
}

std::unique_ptr<HugePageBuffer> DenseLeontief::release_inverse_rows() {
  inverse_rows();
  if (ranks_ == 1) return std::move(storage_);
  storage_.reset();  // the tiles of M⁻¹
  return std::move(rows_);
}

std::vector<double> DenseLeontief::gather(const double* local, std::size_t ld, std::size_t k) const {
  const auto& part = table_.partition();
  const std::size_t rows = part.local_rows();
  std::vector<double> mine(rows * k), full(n_ * k);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < k; ++c) mine[r * k + c] = local[r + c * ld];
  }
  std::vector<int> counts(static_cast<std::size_t>(ranks_)), offsets(static_cast<std::size_t>(ranks_), 0);
  const int count = static_cast<int>(rows * k);
  LEONTIEF_CHECK_MPI(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, table_.comm()));
  for (std::size_t p = 1; p < counts.size(); ++p) offsets[p] = offsets[p - 1] + counts[p - 1];
  LEONTIEF_CHECK_MPI(MPI_Allgatherv(mine.data(), count, MPI_DOUBLE, full.data(), counts.data(),
                                    offsets.data(), MPI_DOUBLE, table_.comm()));
  return full;
}

void DenseLeontief::solve(bool transpose, const double* r, std::size_t ldr, std::size_t k,
                          double* x, std::size_t ldx) const {
  const auto& part = table_.partition();
  const std::size_t local = part.local_rows(), n = n_;
  if (k == 0) return;
  if (ranks_ == 1) {
    if (inverted_) {
      // storage = Bᵀ column-major: B r = (Bᵀ)ᵀ r, B' r = Bᵀ r.
      gemm(!transpose, n, k, n, storage_->data(), n, r, ldr, x, ldx);
      return;
    }
    for (std::size_t c = 0; c < k; ++c) std::copy(r + c * ldr, r + c * ldr + n, x + c * ldx);
    // M = (I − A)ᵀ: B r solves Mᵀ x = r, B' r solves M x = r.
    const PetscBLASInt order = blas_int(n), nrhs = blas_int(k), ld = blas_int(ldx);
    PetscBLASInt info = 0;
    LAPACKgetrs_(transpose ? "N" : "T", &order, &nrhs, storage_->data(), &order, pivots_.data(),
                 x, &ld, &info);
    if (info != 0) throw_library_error("getrs failed with info " + std::to_string(info), __FILE__, __LINE__);
    return;
  }
  if (rows_) {
    // This rank's rows of B (row-major local x n = column-major n x local, ld n).
    if (!transpose) {
      const std::vector<double> full = gather(r, ldr, k);  // n x k row-major
      std::vector<double> full_cm(n * k);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < k; ++c) full_cm[i + c * n] = full[i * k + c];
      }
      gemm(true, local, k, n, rows_->data(), n, full_cm.data(), n, x, ldx);
      return;
    }
    // B' r = Σ over ranks of (rows of B)ᵀ (rows of r).
    std::vector<double> partial(n * k, 0.0), total(n * k, 0.0);
    gemm(false, n, k, local, rows_->data(), n, r, ldr, partial.data(), n);
    LEONTIEF_CHECK_MPI(MPI_Allreduce(partial.data(), total.data(), static_cast<int>(n * k),
                                     MPI_DOUBLE, MPI_SUM, table_.comm()));
    for (std::size_t c = 0; c < k; ++c) {
      for (std::size_t l = 0; l < local; ++l) x[l + c * ldx] = total[part.row_begin() + l + c * n];
    }
    return;
  }
  // Block-cyclic right-hand side from the replicated one; the solution back the same way.
  const std::vector<double> full = gather(r, ldr, k);  // n x k row-major
  const scalapack::BlockCyclic rhs(*grid_, n, k, kBlock);
  const std::size_t rhs_ld = rhs.leading_dimension();
  std::vector<double> b(std::max<std::size_t>(rhs.local_size(), 1)), out;
  for (std::size_t lc = 0; lc < rhs.local_cols(); ++lc) {
    const std::size_t c = rhs.global_column(lc, grid_->my_column());
    for (std::size_t lr = 0; lr < rhs.local_rows(); ++lr) {
      b[lr + lc * rhs_ld] = full[rhs.global_row(lr, grid_->my_row()) * k + c];
    }
  }
  if (inverted_) {
    out.assign(b.size(), 0.0);
    scalapack::multiply(!transpose, *layout_, storage_->data(), rhs, b.data(), rhs, out.data());
  } else {
    const int info = scalapack::solve(*layout_, storage_->data(), pivots_.data(), !transpose, rhs, b.data());
    if (info != 0) throw_library_error("pdgetrs failed with info " + std::to_string(info), __FILE__, __LINE__);
    out = std::move(b);
  }
  std::vector<double> partial(n * k, 0.0), total(n * k, 0.0);
  for (std::size_t lc = 0; lc < rhs.local_cols(); ++lc) {
    const std::size_t c = rhs.global_column(lc, grid_->my_column());
    for (std::size_t lr = 0; lr < rhs.local_rows(); ++lr) {
      partial[rhs.global_row(lr, grid_->my_row()) * k + c] = out[lr + lc * rhs_ld];
    }
  }
  LEONTIEF_CHECK_MPI(MPI_Allreduce(partial.data(), total.data(), static_cast<int>(n * k),
                                   MPI_DOUBLE, MPI_SUM, table_.comm()));
  for (std::size_t l = 0; l < local; ++l) {
    for (std::size_t c = 0; c < k; ++c) x[l + c * ldx] = total[(part.row_begin() + l) * k + c];
  }
}

}  // namespace leontief::solver
