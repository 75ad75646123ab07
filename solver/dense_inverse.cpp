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
#include "solver/dense_leontief.hpp"
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

[[noreturn]] void singular(const DistributedTable& table) {
  throw InputError(table.path() +
                       ": the Leontief matrix I - A is singular (zero pivot in its LU "
                       "factorization): the technical coefficients are not productive",
                   true);
}

/// Dense storage: I − A assembled as M = (I − A)ᵀ, LU and inverse in place (LAPACK getrf +
/// getri on one rank, ScaLAPACK pdgetrf + pdgetri on several); M⁻¹ = Bᵀ column-major is B
/// row-major, gathered by economy rows on several ranks.
DenseLeontiefInverse invert_dense(const DistributedTable& table) {
  const int ranks = communicator_size(table.comm());
  DenseLeontiefInverse b;
  b.n = table.n();
  b.row_begin = table.partition().row_begin();
  b.local_rows = table.partition().local_rows();
  std::unique_ptr<DenseLeontief> dense;
  {
    Phase phase("assemble I-A");
    dense = std::make_unique<DenseLeontief>(table, CoefficientMarkup());
  }
  b.method = ranks == 1 ? std::string("LAPACK getrf + getri in place (1 rank)")
                        : "ScaLAPACK pdgetrf + pdgetri in place (" + dense->grid() +
                              " process grid), rows gathered by economy";
  log::info("Leontief inverse: " + b.method + " of the " + std::to_string(b.n) + " x " +
            std::to_string(b.n) + " I-A");
  Phase phase("invert");
  if (!dense->factor()) singular(table);
  dense->invert();
  b.storage = dense->release_inverse_rows();
  check_row_sums(table, b);
  return b;
}

/// Tables too small for ScaLAPACK on this many ranks: a sparse LU (LeontiefOperator checks
/// singularity and productivity), then B by a solve with the identity.
DenseLeontiefInverse invert_by_solves(const DistributedTable& table) {
  const std::size_t n = table.n();
  LeontiefOptions options;
  options.storage = MatrixStorage::sparse;
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
  for (std::size_t r = 0; r < b.local_rows; ++r) {
    for (std::size_t c = 0; c < n; ++c) out[r * n + c] = in.data()[r + c * lda];
  }
  return b;
}

}  // namespace

DenseLeontiefInverse dense_leontief_inverse(const DistributedTable& table) {
  const auto ranks = static_cast<std::size_t>(communicator_size(table.comm()));
  const double n = static_cast<double>(table.n()), R = static_cast<double>(ranks);
  // One rank: B in place plus LAPACK's workspace. Several: this rank's ScaLAPACK tiles of
  // I - A (then B) and its economy rows of B, plus the exchange buffers (solver/
  // memory_budget.hpp estimates a whole run; this guards library callers).
  const double bytes =
      ranks == 1 ? 8.0 * n * n + 8.0 * 64.0 * n : 2.0 * 8.0 * n * n / R + 64.0 * 1024 * 1024;
  io::require_memory(table.comm(), bytes,
                     "the dense Leontief inverse of n = " + std::to_string(table.n()) +
                         " (n x n = " + log::format_bytes(8.0 * n * n) + ")");
  // ScaLAPACK distributes 64 x 64 blocks: a table with fewer rows than one block per rank
  // gains nothing from it (as LeontiefOperator decides).
  return ranks == 1 || table.n() >= DenseLeontief::kBlock * ranks ? invert_dense(table)
                                                                  : invert_by_solves(table);
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
