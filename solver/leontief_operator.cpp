#include "solver/leontief_operator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <sys/mman.h>

#include "io/runtime/collective.hpp"
#include "io/runtime/interrupt.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/progress.hpp"
#include "io/runtime/resources.hpp"
#include "solver/identity_minus_a.hpp"
#include "solver/phase.hpp"
#include "solver/productivity.hpp"
#include "solver/row_redistribution.hpp"

namespace leontief::solver {

namespace {

Matrix create_scalapack(MPI_Comm comm, PetscInt rows, PetscInt cols);
PetscInt scalapack_local_size(MPI_Comm comm, PetscInt global);
int communicator_size(MPI_Comm comm);

}  // namespace

HugePageBuffer::HugePageBuffer(std::size_t count)
    : bytes_(std::max<std::size_t>(count * sizeof(double), 1)) {
  // Anonymous mappings arrive zeroed, so nothing is touched before the matrix is filled.
  void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    throw Error("cannot allocate " + log::format_bytes(static_cast<double>(bytes_)) +
                " for the dense Leontief matrix");
  }
  // Huge pages cut the first-touch faults of a large dense matrix and the TLB misses of its
  // LU; a kernel without transparent huge pages simply ignores the advice.
  madvise(p, bytes_, MADV_HUGEPAGE);
  data_ = static_cast<double*>(p);
}

HugePageBuffer::~HugePageBuffer() { munmap(data_, bytes_); }

namespace {

/// I − A (or its transpose) in AIJ, dense (one rank, in `storage` if given) or ScaLAPACK
/// (dense, several ranks).
Matrix assemble_identity_minus_a(const DistributedTable& table, const CoefficientMarkup& markup,
                                 bool dense, bool parallel, bool transpose = false,
                                 double* storage = nullptr) {
  const auto& part = table.partition();
  const PetscInt local = static_cast<PetscInt>(part.local_rows());
  const PetscInt n = static_cast<PetscInt>(table.n());
  Matrix m;
  if (dense && !parallel) {
    // Written straight into LAPACK's column-major array: no per-entry insertion cost.
    LEONTIEF_CHECK_PETSC(MatCreateDense(table.comm(), local, local, n, n, storage, m.out()));
    {
      DenseArray a(m.get());
      for_each_row_of_identity_minus_a(table, markup, [&](PetscInt row, const std::vector<PetscInt>& cols,
                              const std::vector<PetscScalar>& vals) {
        for (std::size_t k = 0; k < cols.size(); ++k) {
          (transpose ? a(cols[k], row) : a(row, cols[k])) = vals[k];
        }
      });
    }
    LEONTIEF_CHECK_PETSC(MatAssemblyBegin(m.get(), MAT_FINAL_ASSEMBLY));
    LEONTIEF_CHECK_PETSC(MatAssemblyEnd(m.get(), MAT_FINAL_ASSEMBLY));
    return m;
  }
  if (dense && !transpose) {
    // Each rank writes its own rows into a dense matrix (no communication); one conversion
    // then moves the whole matrix into ScaLAPACK's block-cyclic layout (pdgemr2d when the
    // row blocks have ScaLAPACK's equal sizes), far cheaper than entry-wise MatSetValues.
    // Right-hand sides are redistributed in solve().
    Matrix rows;
    LEONTIEF_CHECK_PETSC(MatCreateDense(table.comm(), local, scalapack_local_size(table.comm(), n),
                                        n, n, nullptr, rows.out()));
    {
      DenseArray a(rows.get());
      const auto begin = static_cast<PetscInt>(part.row_begin());
      for_each_row_of_identity_minus_a(table, markup, [&](PetscInt row, const std::vector<PetscInt>& cols,
                                                          const std::vector<PetscScalar>& vals) {
        for (std::size_t k = 0; k < cols.size(); ++k) a(row - begin, cols[k]) = vals[k];
      });
    }
    LEONTIEF_CHECK_PETSC(MatAssemblyBegin(rows.get(), MAT_FINAL_ASSEMBLY));
    LEONTIEF_CHECK_PETSC(MatAssemblyEnd(rows.get(), MAT_FINAL_ASSEMBLY));
    LEONTIEF_CHECK_PETSC(MatConvert(rows.get(), MATSCALAPACK, MAT_INITIAL_MATRIX, m.out()));
    return m;
  }
  if (dense) {
    // The transpose: values reach their owners through MatSetValues.
    m = create_scalapack(table.comm(), n, n);
  } else {
    const std::size_t own_begin = part.row_begin(), own_end = part.row_end();
    std::vector<PetscInt> diagonal_nnz(part.local_rows(), 0), off_nnz(part.local_rows(), 0);
    for_each_row_of_identity_minus_a(table, markup, [&](PetscInt row, const std::vector<PetscInt>& cols,
                            const std::vector<PetscScalar>&) {
      for (PetscInt j : cols) {
        const auto col = static_cast<std::size_t>(j);
        (col >= own_begin && col < own_end ? diagonal_nnz : off_nnz)[row - static_cast<PetscInt>(own_begin)]++;
      }
    });
    LEONTIEF_CHECK_PETSC(MatCreate(table.comm(), m.out()));
    LEONTIEF_CHECK_PETSC(MatSetSizes(m.get(), local, local, n, n));
    LEONTIEF_CHECK_PETSC(MatSetType(m.get(), MATAIJ));
    LEONTIEF_CHECK_PETSC(MatSeqAIJSetPreallocation(m.get(), 0, diagonal_nnz.data()));
    LEONTIEF_CHECK_PETSC(
        MatMPIAIJSetPreallocation(m.get(), 0, diagonal_nnz.data(), 0, off_nnz.data()));
  }
  for_each_row_of_identity_minus_a(table, markup, [&](PetscInt row, const std::vector<PetscInt>& cols,
                          const std::vector<PetscScalar>& vals) {
    const PetscInt count = static_cast<PetscInt>(cols.size());
    if (transpose) {  // row `row` of I − A is column `row` of its transpose
      LEONTIEF_CHECK_PETSC(MatSetValues(m.get(), count, cols.data(), 1, &row, vals.data(), INSERT_VALUES));
    } else {
      LEONTIEF_CHECK_PETSC(MatSetValues(m.get(), 1, &row, count, cols.data(), vals.data(), INSERT_VALUES));
    }
  });
  LEONTIEF_CHECK_PETSC(MatAssemblyBegin(m.get(), MAT_FINAL_ASSEMBLY));
  LEONTIEF_CHECK_PETSC(MatAssemblyEnd(m.get(), MAT_FINAL_ASSEMBLY));
  return m;
}

/// Decides the storage of I − A (always sparse for iterative solves); logs the choice and
/// the reason.
bool use_dense(const DistributedTable& table, const LeontiefOptions& options, bool iterative) {
  const double n = static_cast<double>(table.n());
  unsigned long long local = table.z_values().size(), nnz = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&local, &nnz, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, table.comm()));
  const double density = static_cast<double>(nnz) / (n * n);
  char text[160];
  std::snprintf(text, sizeof text, "A has %llu nonzeros (density %.3g)", nnz, density);
  bool dense = false;
  std::string why;
  switch (options.storage) {
    case MatrixStorage::dense:
      dense = true, why = "requested";
      break;
    case MatrixStorage::sparse:
      dense = false, why = "requested";
      break;
    case MatrixStorage::automatic:
      dense = density >= options.dense_min_density && table.n() <= options.dense_max_order;
      why = dense ? "LU fill-in would make it dense anyway" : "A is sparse or too large";
      break;
  }
  if (iterative) dense = false, why = "iterative solves need only A's nonzeros";
  // Dense storage holds n² doubles (one rank; its LU in place), or n²/R per rank for
  // ScaLAPACK plus its assembly buffers: a matrix that cannot fit is refused before it is
  // allocated (requested), or stored sparse (auto).
  const int ranks_for_memory = communicator_size(table.comm());
  const double dense_bytes =
      ranks_for_memory == 1 ? 8.0 * n * n : 1.25 * 8.0 * n * n / ranks_for_memory;
  if (dense && options.storage == MatrixStorage::dense) {
    io::require_memory(table.comm(), dense_bytes,
                       "solver.matrix = dense: I - A of n = " + std::to_string(table.n()));
  } else if (dense && !io::fits_in_memory(table.comm(), dense_bytes)) {
    dense = false;
    why = "a dense I - A would not fit in the memory available";
  }
  // ScaLAPACK distributes 64 x 64 blocks: a matrix with fewer rows than one block per rank
  // gains nothing from it (and PETSc 3.18 rejects some of those layouts).
  const int ranks = communicator_size(table.comm());
  if (dense && ranks > 1 && table.n() < 64 * static_cast<std::size_t>(ranks)) {
    dense = false;
    why = "too small for ScaLAPACK on " + std::to_string(ranks) + " ranks";
  }
  log::info(std::string(text) + (dense ? "; dense storage (" : "; sparse storage (") + why + ")");
  return dense;
}

/// Decides between direct and iterative solves; logs the choice and the reason.
bool use_iterative(const DistributedTable& table, const LeontiefOptions& options) {
  const std::string n = std::to_string(table.n());
  switch (options.path) {
    case SolvePath::direct:
      return false;
    case SolvePath::iterative:
      if (options.storage == MatrixStorage::dense) {
        throw InputError("solver.method = iterative needs sparse storage of I - A; "
                         "use solver.matrix = auto or sparse", true);
      }
      log::info("iterative solves (requested)");
      return true;
    case SolvePath::automatic:
      break;
  }
  if (options.storage == MatrixStorage::dense || table.n() < options.iterative_min_order) {
    return false;
  }
  log::info("iterative solves: n = " + n + " >= " + std::to_string(options.iterative_min_order) +
            " (solver.iterative_min_order), where a sparse LU of a network fills in; "
            "solver.method = direct forces an LU");
  return true;
}

/// Local size in the layout MATSCALAPACK requires (PetscSplitOwnershipEqual), which
/// differs from PETSc's default split.
PetscInt scalapack_local_size(MPI_Comm comm, PetscInt global) {
  PetscInt local = PETSC_DECIDE;
  LEONTIEF_CHECK_PETSC(PetscSplitOwnershipEqual(comm, &local, &global));
  return local;
}

/// An empty rows x cols ScaLAPACK matrix.
Matrix create_scalapack(MPI_Comm comm, PetscInt rows, PetscInt cols) {
  Matrix m;
  LEONTIEF_CHECK_PETSC(MatCreate(comm, m.out()));
  LEONTIEF_CHECK_PETSC(MatSetSizes(m.get(), scalapack_local_size(comm, rows),
                                   scalapack_local_size(comm, cols), rows, cols));
  LEONTIEF_CHECK_PETSC(MatSetType(m.get(), MATSCALAPACK));
  LEONTIEF_CHECK_PETSC(MatSetUp(m.get()));
  return m;
}

int communicator_size(MPI_Comm comm) {
  int size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  return size;
}

}  // namespace

SolvePath parse_solve_path(const std::string& text) {
  if (text == "auto") return SolvePath::automatic;
  if (text == "direct") return SolvePath::direct;
  if (text == "iterative") return SolvePath::iterative;
  throw InputError("solver.method: expected auto, direct or iterative; got '" + text + "'");
}

MatrixStorage parse_matrix_storage(const std::string& text) {
  if (text == "auto") return MatrixStorage::automatic;
  if (text == "sparse") return MatrixStorage::sparse;
  if (text == "dense") return MatrixStorage::dense;
  throw InputError("solver.matrix: expected auto, sparse or dense; got '" + text + "'");
}

LeontiefOperator::LeontiefOperator(const DistributedTable& table, const LeontiefOptions& options)
    : LeontiefOperator(table, options, CoefficientMarkup()) {}

LeontiefOperator::LeontiefOperator(const DistributedTable& table, const LeontiefOptions& options,
                                   CoefficientMarkup markup)
    : table_(table), markup_(std::move(markup)) {
  iterative_ = use_iterative(table, options);
  const bool dense = use_dense(table, options, iterative_);
  const bool parallel = communicator_size(table.comm()) > 1;
  {
    Phase phase("assemble I-A");
    if (dense && !parallel) dense_storage_ = std::make_unique<HugePageBuffer>(table.n() * table.n());
    matrix_ = assemble_identity_minus_a(table, markup_, dense, parallel, false,
                                        dense_storage_ ? dense_storage_->data() : nullptr);
    local_rows_ = static_cast<PetscInt>(table.partition().local_rows());
    if (dense && parallel) {
      PetscInt op_local = 0;
      LEONTIEF_CHECK_PETSC(MatGetLocalSize(matrix_.get(), &op_local, nullptr));
      redistribution_ = std::make_unique<RowRedistribution>(
          table.comm(), local_rows_, op_local, static_cast<PetscInt>(table.n()));
    }
  }
  Mat op = matrix_.get();
  Phase phase("factor");
  LEONTIEF_CHECK_PETSC(KSPCreate(table.comm(), ksp_.out()));
  LEONTIEF_CHECK_PETSC(KSPSetOptionsPrefix(ksp_.get(), options.prefix.c_str()));
  LEONTIEF_CHECK_PETSC(KSPSetOperators(ksp_.get(), op, op));
  // Defaults that the user's -leontief_* options override through KSPSetFromOptions.
  LEONTIEF_CHECK_PETSC(KSPSetType(ksp_.get(), KSPPREONLY));
  PC pc = nullptr;
  LEONTIEF_CHECK_PETSC(KSPGetPC(ksp_.get(), &pc));
  LEONTIEF_CHECK_PETSC(PCSetType(pc, PCLU));
  LEONTIEF_CHECK_PETSC(PCFactorSetMatSolverType(
      pc, !dense ? MATSOLVERMUMPS : (parallel ? MATSOLVERSCALAPACK : MATSOLVERPETSC)));
  // A dense I − A is needed only as its LU factors: factoring in place saves one n x n copy
  // and its time (the LAPACK floor itself). matrix() then holds the factors.
  if (dense) LEONTIEF_CHECK_PETSC(PCFactorSetUseInPlace(pc, PETSC_TRUE));
  LEONTIEF_CHECK_PETSC(KSPSetTolerances(ksp_.get(), 1e-13, 1e-50, PETSC_DEFAULT, 10000));
  LEONTIEF_CHECK_PETSC(KSPSetErrorIfNotConverged(ksp_.get(), PETSC_TRUE));
  if (iterative_) configure_iterative(ksp_.get(), options);
  LEONTIEF_CHECK_PETSC(KSPSetFromOptions(ksp_.get()));
  if (iterative_) {
    // Richardson (block-Jacobi iteration, a preconditioned Neumann series) takes the
    // preconditioner on the left only; its stopping test then uses the true residual too.
    PetscBool richardson = PETSC_FALSE, side_given = PETSC_FALSE;
    LEONTIEF_CHECK_PETSC(
        PetscObjectTypeCompare(reinterpret_cast<PetscObject>(ksp_.get()), KSPRICHARDSON, &richardson));
    LEONTIEF_CHECK_PETSC(PetscOptionsHasName(nullptr, options.prefix.c_str(), "-ksp_pc_side", &side_given));
    if (richardson && !side_given) {
      LEONTIEF_CHECK_PETSC(KSPSetPCSide(ksp_.get(), PC_LEFT));
      LEONTIEF_CHECK_PETSC(KSPSetNormType(ksp_.get(), KSP_NORM_UNPRECONDITIONED));
    }
  }

  KSPType ksp_type = nullptr;
  PCType pc_type = nullptr;
  MatSolverType solver_type = nullptr;
  LEONTIEF_CHECK_PETSC(KSPGetType(ksp_.get(), &ksp_type));
  LEONTIEF_CHECK_PETSC(PCGetType(pc, &pc_type));
  description_ = std::string(ksp_type) + "/" + pc_type;
  PetscBool factored = PETSC_FALSE;
  LEONTIEF_CHECK_PETSC(PetscObjectTypeCompareAny(reinterpret_cast<PetscObject>(pc), &factored,
                                                 PCLU, PCCHOLESKY, PCILU, ""));
  if (factored) {
    LEONTIEF_CHECK_PETSC(PCFactorGetMatSolverType(pc, &solver_type));
    if (solver_type) description_ += std::string(" (") + solver_type + ")";
  }
  if (iterative_) {
    char text[96];
    std::snprintf(text, sizeof text, " (iterative, relative residual %.0e)", options.tolerance);
    description_ += text;
  }
  log::info("linear solver: " + description_ + " on " + std::to_string(table.n()) +
            " x " + std::to_string(table.n()) + " I-A");

  const PetscErrorCode rc = KSPSetUp(ksp_.get());
  PCFailedReason reason = PC_NOERROR;
  if (rc == 0) LEONTIEF_CHECK_PETSC(PCGetFailedReason(pc, &reason));
  // A zero pivot may show on the ranks that own it only: agree, then all ranks throw.
  leontief::detail::agree_on_failure(table.comm(), rc != 0 || reason != PC_NOERROR, true,
                           table.path() + (markup_ ? ": the matrix I - A*M (coefficients with "
                                                     "markups) is singular (factorization "
                                                     "failed): the marked-up coefficients are "
                                                     "not productive"
                                                   : ": the Leontief matrix I - A is singular "
                                                     "(factorization failed): the technical "
                                                     "coefficients are not productive"));
  check_productive(table);
}

Matrix LeontiefOperator::create_dense(std::size_t cols) const {
  PetscInt global = 0;
  LEONTIEF_CHECK_PETSC(MatGetSize(matrix_.get(), &global, nullptr));
  Matrix m;
  LEONTIEF_CHECK_PETSC(MatCreateDense(PetscObjectComm(reinterpret_cast<PetscObject>(matrix_.get())),
                                      local_rows_, PETSC_DECIDE, global,
                                      static_cast<PetscInt>(cols), nullptr, m.out()));
  LEONTIEF_CHECK_PETSC(MatZeroEntries(m.get()));
  LEONTIEF_CHECK_PETSC(MatAssemblyBegin(m.get(), MAT_FINAL_ASSEMBLY));
  LEONTIEF_CHECK_PETSC(MatAssemblyEnd(m.get(), MAT_FINAL_ASSEMBLY));
  return m;
}

Matrix LeontiefOperator::solve(Mat rhs) const {
  if (redistribution_) return solve_scalapack(ksp_.get(), rhs);
  if (iterative_) return solve_columns(rhs, false);
  Matrix x;
  LEONTIEF_CHECK_PETSC(MatDuplicate(rhs, MAT_DO_NOT_COPY_VALUES, x.out()));
  PetscInt cols = 0;
  LEONTIEF_CHECK_PETSC(MatGetSize(rhs, nullptr, &cols));
  // Many right-hand sides (n for B or V̂BÊ) are solved in blocks of at least 256 columns
  // (each still a multiple-RHS solve): between blocks the run reports progress and stops if
  // asked to.
  const PetscInt block = cols <= 512 ? cols : std::max<PetscInt>(256, (cols + 19) / 20);
  const MPI_Comm comm = PetscObjectComm(reinterpret_cast<PetscObject>(rhs));
  io::Progress progress("solve", static_cast<double>(cols));
  for (PetscInt begin = 0; begin < cols; begin += block) {
    const PetscInt end = std::min(cols, begin + block);
    if (begin > 0) io::check_interrupt(comm);
    progress.update(static_cast<double>(begin));
    if (begin == 0 && end == cols) {
      LEONTIEF_CHECK_PETSC(KSPMatSolve(ksp_.get(), rhs, x.get()));
      break;
    }
    Mat b = nullptr, y = nullptr;
    LEONTIEF_CHECK_PETSC(MatDenseGetSubMatrix(rhs, PETSC_DECIDE, PETSC_DECIDE, begin, end, &b));
    LEONTIEF_CHECK_PETSC(MatDenseGetSubMatrix(x.get(), PETSC_DECIDE, PETSC_DECIDE, begin, end, &y));
    const PetscErrorCode rc = KSPMatSolve(ksp_.get(), b, y);
    MatDenseRestoreSubMatrix(x.get(), &y);
    MatDenseRestoreSubMatrix(rhs, &b);
    LEONTIEF_CHECK_PETSC(rc);
  }
  return x;
}

Matrix LeontiefOperator::solve_scalapack(KSP ksp, Mat rhs) const {
  // ScaLAPACK solves need both sides as ScaLAPACK matrices in its own layout: our rows go
  // in through MatSetValues (routed to their owners), the solution comes back by scatter.
  PetscInt n = 0, cols = 0;
  LEONTIEF_CHECK_PETSC(MatGetSize(rhs, &n, &cols));
  const MPI_Comm comm = PetscObjectComm(reinterpret_cast<PetscObject>(rhs));
  // PETSc 3.18's ScaLAPACK layout check wants equal column blocks on all ranks but the
  // last; the equal split of 5 columns over 4 ranks (2,1,1,1) fails it. Pad with zero
  // columns to a multiple of the number of ranks.
  const PetscInt ranks = communicator_size(comm);
  const PetscInt padded = std::max<PetscInt>(1, (cols + ranks - 1) / ranks) * ranks;
  Matrix b, x, solution;
  b = create_scalapack(comm, n, padded);
  {
    DenseArray a(rhs);
    PetscInt begin = 0;
    LEONTIEF_CHECK_PETSC(MatGetOwnershipRange(rhs, &begin, nullptr));
    std::vector<PetscInt> all(static_cast<std::size_t>(cols));
    for (PetscInt c = 0; c < cols; ++c) all[static_cast<std::size_t>(c)] = c;
    std::vector<PetscScalar> row(static_cast<std::size_t>(cols));
    for (PetscInt r = 0; r < local_rows_; ++r) {
      for (PetscInt c = 0; c < cols; ++c) row[static_cast<std::size_t>(c)] = a(r, c);
      const PetscInt global = begin + r;
      LEONTIEF_CHECK_PETSC(MatSetValues(b.get(), 1, &global, cols, all.data(), row.data(), INSERT_VALUES));
    }
  }
  LEONTIEF_CHECK_PETSC(MatAssemblyBegin(b.get(), MAT_FINAL_ASSEMBLY));
  LEONTIEF_CHECK_PETSC(MatAssemblyEnd(b.get(), MAT_FINAL_ASSEMBLY));
  LEONTIEF_CHECK_PETSC(MatDuplicate(b.get(), MAT_DO_NOT_COPY_VALUES, x.out()));
  PC pc = nullptr;
  Mat factor = nullptr;
  LEONTIEF_CHECK_PETSC(KSPGetPC(ksp, &pc));
  LEONTIEF_CHECK_PETSC(PCFactorGetMatrix(pc, &factor));
  LEONTIEF_CHECK_PETSC(MatMatSolve(factor, b.get(), x.get()));
  LEONTIEF_CHECK_PETSC(MatConvert(x.get(), MATDENSE, MAT_INITIAL_MATRIX, solution.out()));
  return redistribution_->move(solution.get(), false, cols);
}

Matrix LeontiefOperator::solve_transpose(Mat rhs) const {
  if (redistribution_) {
    // PETSc 3.18's ScaLAPACK transposed solve returns the untransposed solution, so the
    // transpose gets its own factorization, made on first use.
    if (!transpose_ksp_) {
      Phase phase("factor (I-A)'");
      // matrix_ holds LU factors (in-place factorization): assemble (I - A)' afresh.
      transpose_matrix_ = assemble_identity_minus_a(table_, markup_, true, true, true);
      transpose_ksp_ = factor_dense_parallel(transpose_matrix_.get());
    }
    return solve_scalapack(transpose_ksp_.get(), rhs);
  }
  return solve_columns(rhs, true);
}

Matrix LeontiefOperator::solve_columns(Mat rhs, bool transpose) const {
  Matrix x;
  LEONTIEF_CHECK_PETSC(MatDuplicate(rhs, MAT_DO_NOT_COPY_VALUES, x.out()));
  PetscInt cols = 0;
  LEONTIEF_CHECK_PETSC(MatGetSize(rhs, nullptr, &cols));
  PetscInt fewest = PETSC_MAX_INT, most = 0;
  const MPI_Comm comm = PetscObjectComm(reinterpret_cast<PetscObject>(rhs));
  io::Progress progress(transpose ? "transposed solves" : "solves", static_cast<double>(cols));
  // Column by column: works for every KSP, and each solve reuses the factorization or
  // preconditioner.
  for (PetscInt c = 0; c < cols; ++c) {
    if (c > 0) io::check_interrupt(comm);
    progress.update(static_cast<double>(c));
    Vec b = nullptr, y = nullptr;
    LEONTIEF_CHECK_PETSC(MatDenseGetColumnVecRead(rhs, c, &b));
    LEONTIEF_CHECK_PETSC(MatDenseGetColumnVecWrite(x.get(), c, &y));
    const PetscErrorCode rc = transpose ? KSPSolveTranspose(ksp_.get(), b, y) : KSPSolve(ksp_.get(), b, y);
    MatDenseRestoreColumnVecWrite(x.get(), c, &y);
    MatDenseRestoreColumnVecRead(rhs, c, &b);
    LEONTIEF_CHECK_PETSC(rc);
    if (!iterative_) continue;
    KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
    PetscInt iterations = 0;
    LEONTIEF_CHECK_PETSC(KSPGetConvergedReason(ksp_.get(), &reason));
    LEONTIEF_CHECK_PETSC(KSPGetIterationNumber(ksp_.get(), &iterations));
    if (reason < 0) {  // the same on every rank: a KSP's outcome is collective
      throw Error(table_.path() + ": the iterative solve did not converge (" +
                      KSPConvergedReasons[reason] + " after " + std::to_string(iterations) +
                      " iterations); A may be close to non-productive: use solver.method = "
                      "direct, or raise -leontief_ksp_max_it / -leontief_ksp_gmres_restart",
                  true);
    }
    fewest = std::min(fewest, iterations);
    most = std::max(most, iterations);
  }
  if (iterative_ && cols > 0) {
    log::info(std::to_string(cols) + (transpose ? " transposed" : "") + " iterative solves: " +
              std::to_string(fewest) + " to " + std::to_string(most) + " iterations each");
  }
  return x;
}

Matrix LeontiefOperator::inverse() const {
  PetscInt n = 0;
  LEONTIEF_CHECK_PETSC(MatGetSize(matrix_.get(), &n, nullptr));
  if (!redistribution_) {
    Matrix identity = create_dense(static_cast<std::size_t>(n));
    {
      DenseArray a(identity.get());
      PetscInt begin = 0;
      LEONTIEF_CHECK_PETSC(MatGetOwnershipRange(identity.get(), &begin, nullptr));
      for (PetscInt r = 0; r < local_rows_; ++r) a(r, begin + r) = 1.0;
    }
    return solve(identity.get());
  }
  // ScaLAPACK: n entries set in its layout, one MatMatSolve on the factor, one
  // redistribution of the result; each n x n intermediate is freed as soon as it is used.
  const MPI_Comm comm = PetscObjectComm(reinterpret_cast<PetscObject>(matrix_.get()));
  Matrix solution;
  {
    Matrix x;
    {
      Matrix identity = create_scalapack(comm, n, n);
      PetscInt begin = 0, end = 0;
      LEONTIEF_CHECK_PETSC(MatGetOwnershipRange(identity.get(), &begin, &end));
      for (PetscInt i = begin; i < end; ++i) {
        LEONTIEF_CHECK_PETSC(MatSetValue(identity.get(), i, i, 1.0, INSERT_VALUES));
      }
      LEONTIEF_CHECK_PETSC(MatAssemblyBegin(identity.get(), MAT_FINAL_ASSEMBLY));
      LEONTIEF_CHECK_PETSC(MatAssemblyEnd(identity.get(), MAT_FINAL_ASSEMBLY));
      LEONTIEF_CHECK_PETSC(MatDuplicate(identity.get(), MAT_DO_NOT_COPY_VALUES, x.out()));
      PC pc = nullptr;
      Mat factor = nullptr;
      LEONTIEF_CHECK_PETSC(KSPGetPC(ksp_.get(), &pc));
      LEONTIEF_CHECK_PETSC(PCFactorGetMatrix(pc, &factor));
      LEONTIEF_CHECK_PETSC(MatMatSolve(factor, identity.get(), x.get()));
    }
    LEONTIEF_CHECK_PETSC(MatConvert(x.get(), MATDENSE, MAT_INITIAL_MATRIX, solution.out()));
  }
  return redistribution_->move(solution.get(), false, n);
}

LinearSolver LeontiefOperator::factor_dense_parallel(Mat op) const {
  LinearSolver ksp;
  LEONTIEF_CHECK_PETSC(KSPCreate(PetscObjectComm(reinterpret_cast<PetscObject>(op)), ksp.out()));
  LEONTIEF_CHECK_PETSC(KSPSetOperators(ksp.get(), op, op));
  LEONTIEF_CHECK_PETSC(KSPSetType(ksp.get(), KSPPREONLY));
  PC pc = nullptr;
  LEONTIEF_CHECK_PETSC(KSPGetPC(ksp.get(), &pc));
  LEONTIEF_CHECK_PETSC(PCSetType(pc, PCLU));
  LEONTIEF_CHECK_PETSC(PCFactorSetMatSolverType(pc, MATSOLVERSCALAPACK));
  LEONTIEF_CHECK_PETSC(KSPSetUp(ksp.get()));
  return ksp;
}

void LeontiefOperator::configure_iterative(KSP ksp, const LeontiefOptions& options) const {
  // GMRES with the preconditioner on the right: the stopping test sees the true residual
  // ||b - (I - A)x|| / ||b||. Block-Jacobi blocks are whole economies (each lies on one rank
  // by the partition), so domestic linkages, the bulk of A, are inside the preconditioner.
  LEONTIEF_CHECK_PETSC(KSPSetType(ksp, KSPGMRES));
  LEONTIEF_CHECK_PETSC(KSPSetPCSide(ksp, PC_RIGHT));
  LEONTIEF_CHECK_PETSC(KSPSetTolerances(ksp, options.tolerance, 1e-50, PETSC_DEFAULT, 10000));
  LEONTIEF_CHECK_PETSC(KSPSetErrorIfNotConverged(ksp, PETSC_FALSE));  // checked per solve
  PC pc = nullptr;
  LEONTIEF_CHECK_PETSC(KSPGetPC(ksp, &pc));
  LEONTIEF_CHECK_PETSC(PCSetType(pc, PCBJACOBI));
  // Each rank names its own blocks: with fewer economies than ranks, a total count would
  // make PETSc span blocks over ranks with an inner Krylov solve, which has no transpose and
  // is not a fixed linear preconditioner. A rank without economies gets one empty block (zero
  // blocks reads as "unset" and the ranks would disagree).
  std::vector<PetscInt> sizes(table_.partition().region_count(),
                              static_cast<PetscInt>(table_.labels().sector_count()));
  if (sizes.empty()) sizes.push_back(0);
  LEONTIEF_CHECK_PETSC(
      PCBJacobiSetLocalBlocks(pc, static_cast<PetscInt>(sizes.size()), sizes.data()));
}

void LeontiefOperator::check_productive(const DistributedTable& table) const {
  // A >= 0 with every column sum below 1 has spectral radius below 1 (the 1-norm bounds
  // it): productive without a solve.
  const auto& x = table.gross_output();
  std::vector<double> local(table.n(), 0.0), column_sums(table.n(), 0.0);
  for_each_row_of_identity_minus_a(table, markup_, [&](PetscInt row, const std::vector<PetscInt>& cols,
                                                       const std::vector<PetscScalar>& vals) {
    local[static_cast<std::size_t>(row)] += 1.0 - vals[0];  // the diagonal entry a_ii
    for (std::size_t k = 1; k < cols.size(); ++k) local[static_cast<std::size_t>(cols[k])] -= vals[k];
  });
  LEONTIEF_CHECK_MPI(MPI_Allreduce(local.data(), column_sums.data(), static_cast<int>(table.n()),
                                   MPI_DOUBLE, MPI_SUM, table.comm()));
  double largest = 0.0;
  for (std::size_t j = 0; j < table.n(); ++j) {
    if (x[j] > 0.0) largest = std::max(largest, column_sums[j]);
  }
  if (largest < 1.0) {
    char text[96];
    std::snprintf(text, sizeof text, "productive: largest column sum of A is %.4g < 1", largest);
    log::debug(text);
    return;
  }
  // Otherwise one solve decides: B·1 >= 1 (solver/productivity.hpp).
  Matrix ones = create_dense(1);
  {
    DenseArray a(ones.get());
    for (std::size_t r = 0; r < table.partition().local_rows(); ++r) a(static_cast<PetscInt>(r), 0) = 1.0;
  }
  Matrix u = solve(ones.get());
  double local_min = INFINITY;
  std::size_t where = 0;
  {
    DenseArray a(u.get());
    for (std::size_t r = 0; r < table.partition().local_rows(); ++r) {
      const double value = a(static_cast<PetscInt>(r), 0);
      if (!(value >= local_min)) {
        local_min = value;
        where = table.partition().row_begin() + r;
      }
    }
  }
  require_unit_output_multipliers(table, local_min, where, static_cast<bool>(markup_));
}

}  // namespace leontief::solver
