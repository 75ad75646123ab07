#include "solver/dense_inverse.hpp"

#include <petscsys.h>
// petscblaslapack.h needs petscsys.h first
#include <petscblaslapack.h>

#include <algorithm>
#include <cmath>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/resources.hpp"
#include "solver/identity_minus_a.hpp"
#include "solver/phase.hpp"
#include "solver/productivity.hpp"

namespace leontief::solver {

namespace {

int communicator_size(MPI_Comm comm) {
  int size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  return size;
}

/// With B in hand, its row sums B·1 decide productivity (solver/productivity.hpp).
void check_row_sums(const DistributedTable& table, const DenseLeontiefInverse& b) {
  double local_min = INFINITY;
  std::size_t where = 0;
  for (std::size_t r = 0; r < b.local_rows; ++r) {
    const double* row = b.data() + r * b.n;
    double sum = 0.0;
    for (std::size_t j = 0; j < b.n; ++j) sum += row[j];
    if (!(sum >= local_min)) {
      local_min = sum;
      where = b.row_begin + r;
    }
  }
  require_unit_output_multipliers(table, local_min, where, false);
}

/// One rank: I − A into LAPACK's array, getrf + getri in place.
DenseLeontiefInverse invert_in_place(const DistributedTable& table) {
  const std::size_t n = table.n();
  DenseLeontiefInverse b;
  b.n = n;
  b.row_begin = 0;
  b.local_rows = n;
  b.method = "LAPACK getrf + getri in place (1 rank)";
  log::info("Leontief inverse: " + b.method + " of the " + std::to_string(n) + " x " +
            std::to_string(n) + " I-A");
  {
    Phase phase("assemble I-A");
    b.storage = std::make_unique<HugePageBuffer>(n * n);  // zeroed
    double* m = b.data();
    // Row-major I − A is (I − A)ᵀ in LAPACK's column-major view; inverting that view in
    // place leaves inv((I − A)ᵀ) = Bᵀ column-major, i.e. B row-major.
    for_each_row_of_identity_minus_a(
        table, CoefficientMarkup(),
        [&](PetscInt row, const std::vector<PetscInt>& cols, const std::vector<PetscScalar>& vals) {
          double* out = m + static_cast<std::size_t>(row) * n;
          for (std::size_t k = 0; k < cols.size(); ++k) out[cols[k]] = vals[k];
        });
  }
  Phase phase("invert");
  PetscBLASInt order = 0;
  LEONTIEF_CHECK_PETSC(PetscBLASIntCast(static_cast<PetscInt>(n), &order));
  std::vector<PetscBLASInt> pivots(n);
  PetscBLASInt info = 0;
  LAPACKgetrf_(&order, &order, b.data(), &order, pivots.data(), &info);
  if (info > 0) {  // an exactly zero pivot: ρ(A) = 1 (or a worse, non-productive A)
    throw InputError(table.path() +
                         ": the Leontief matrix I - A is singular (zero pivot in its LU "
                         "factorization): the technical coefficients are not productive",
                     true);  // one rank
  }
  if (info < 0) {
    throw_library_error("LAPACK getrf failed with info " + std::to_string(info), __FILE__,
                        __LINE__);
  }
  PetscBLASInt lwork = -1;
  double query = 0.0;
  LAPACKgetri_(&order, b.data(), &order, pivots.data(), &query, &lwork, &info);
  lwork = std::max<PetscBLASInt>(static_cast<PetscBLASInt>(query), 1);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  LAPACKgetri_(&order, b.data(), &order, pivots.data(), work.data(), &lwork, &info);
  if (info != 0) {
    throw_library_error("LAPACK getri failed with info " + std::to_string(info), __FILE__,
                        __LINE__);
  }
  check_row_sums(table, b);
  return b;
}

/// Several ranks: factor I − A once (LeontiefOperator checks singularity and productivity),
/// then B by a solve with the identity; this rank's rows transposed to row-major.
DenseLeontiefInverse invert_distributed(const DistributedTable& table) {
  const std::size_t n = table.n();
  LeontiefOptions options;
  options.storage = MatrixStorage::dense;  // falls back to sparse below ScaLAPACK's size
  const LeontiefOperator op(table, options);
  DenseLeontiefInverse b;
  b.n = n;
  b.row_begin = table.partition().row_begin();
  b.local_rows = table.partition().local_rows();
  b.method = "LU of I-A by " + op.description() + ", solve with the identity (" +
             std::to_string(communicator_size(table.comm())) + " ranks)";
  log::info("Leontief inverse: " + b.method);
  Phase phase("invert");
  const Matrix inverse = op.inverse();
  // An allocation failure on one rank must stop every rank (the write is collective).
  run_collectively(table.comm(),
                   [&] { b.storage = std::make_unique<HugePageBuffer>(b.local_rows * n); });
  const DenseArray in(inverse.get());
  const auto lda = static_cast<std::size_t>(in.lda());
  double* out = b.data();
  // Column-major (PETSc's local block) to row-major, in tiles that stay in cache.
  constexpr std::size_t tile = 64;
  for (std::size_t c0 = 0; c0 < n; c0 += tile) {
    const std::size_t c1 = std::min(n, c0 + tile);
    for (std::size_t r0 = 0; r0 < b.local_rows; r0 += tile) {
      const std::size_t r1 = std::min(b.local_rows, r0 + tile);
      for (std::size_t r = r0; r < r1; ++r) {
        for (std::size_t c = c0; c < c1; ++c) out[r * n + c] = in.data()[r + c * lda];
      }
    }
  }
  return b;
}

}  // namespace

DenseLeontiefInverse dense_leontief_inverse(const DistributedTable& table) {
  const int ranks = communicator_size(table.comm());
  const double n = static_cast<double>(table.n());
  // One rank: B in place plus LAPACK's workspace. Several: this rank's share of I - A, its
  // factors, the identity, the solution and its row-major copy (about four n²/R blocks at
  // the peak).
  const double bytes = ranks == 1 ? 8.0 * n * n + 8.0 * 64.0 * n : 4.0 * 8.0 * n * n / ranks;
  io::require_memory(table.comm(), bytes,
                     "the dense Leontief inverse of n = " + std::to_string(table.n()) +
                         " (n x n = " + log::format_bytes(8.0 * n * n) + ")");
  return ranks == 1 ? invert_in_place(table) : invert_distributed(table);
}

void to_ghosh_inverse(DenseLeontiefInverse& inverse, const std::vector<double>& gross_output) {
  const std::size_t n = inverse.n;
  for (std::size_t r = 0; r < inverse.local_rows; ++r) {
    double* row = inverse.data() + r * n;
    const double xi = gross_output[inverse.row_begin + r];
    if (!(xi > 0.0)) {
      std::fill(row, row + n, 0.0);
      continue;
    }
    const double scale = 1.0 / xi;
    for (std::size_t j = 0; j < n; ++j) {
      row[j] = gross_output[j] > 0.0 ? row[j] * gross_output[j] * scale : 0.0;
    }
  }
}

}  // namespace leontief::solver
