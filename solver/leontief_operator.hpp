#pragma once
/// @file leontief_operator.hpp
/// @brief The Leontief operator I − A (A = Z x̂⁻¹), distributed by economy row blocks and
/// factored once; every product with B = (I − A)⁻¹ is a solve, never an explicit inverse.
///
/// The linear solver is a PETSc KSP with options prefix `leontief_`; the default is a direct
/// LU (KSPPREONLY + PCLU) with MUMPS, and any PETSc solver can be chosen from the command
/// line, e.g. `-leontief_pc_factor_mat_solver_type superlu_dist` or
/// `-leontief_ksp_type gmres -leontief_pc_type bjacobi`.

#include <functional>
#include <memory>
#include <string>

#include "solver/distributed_table.hpp"
#include "solver/identity_minus_a.hpp"
#include "solver/petsc_handles.hpp"
#include "solver/row_redistribution.hpp"

namespace leontief::solver {

/// How I − A is stored: sparse (AIJ, factored by MUMPS by default), dense (LAPACK on one
/// rank, ScaLAPACK on several), or auto (dense when A is dense enough that a sparse LU
/// fills in anyway and n is small enough that n² doubles fit comfortably).
enum class MatrixStorage { automatic, sparse, dense };

/// Parses "auto" | "sparse" | "dense"; throws InputError otherwise.
MatrixStorage parse_matrix_storage(const std::string& text);

/// How solves are done: direct (LU factors, exact to rounding) or iterative (GMRES with
/// block-Jacobi over economies: only A's nonzeros are stored, for huge sparse networks).
enum class SolvePath { automatic, direct, iterative };

/// Parses "auto" | "direct" | "iterative"; throws InputError otherwise.
SolvePath parse_solve_path(const std::string& text);

struct LeontiefOptions {
  std::string prefix = "leontief_";  ///< PETSc options prefix of the KSP
  MatrixStorage storage = MatrixStorage::automatic;
  double dense_min_density = 0.01;   ///< auto: dense if nnz(A)/n² is at least this
  std::size_t dense_max_order = 30000;  ///< auto: and n is at most this
  SolvePath path = SolvePath::automatic;
  std::size_t iterative_min_order = 100000;  ///< auto: iterative if sparse and n is at least this
  double tolerance = 1e-12;  ///< iterative: relative residual at which a solve stops
};

/// Zeroed storage for a large dense matrix, on transparent huge pages where available.
class HugePageBuffer {
 public:
  explicit HugePageBuffer(std::size_t count);
  HugePageBuffer(const HugePageBuffer&) = delete;
  HugePageBuffer& operator=(const HugePageBuffer&) = delete;
  ~HugePageBuffer();
  double* data() const { return data_; }

 private:
  std::size_t bytes_;
  double* data_ = nullptr;
};

class LeontiefOperator {
 public:
  /// @brief Assembles I − A and factors it (log stages "assemble I-A" and "factor"). The
  /// table must outlive the operator.
  /// @throws InputError if A is not productive (spectral radius >= 1) or I − A is singular.
  /// @note Collective on the table's communicator.
  explicit LeontiefOperator(const DistributedTable& table, const LeontiefOptions& options = {});

  /// @brief Assembles and factors I − A∘M for the markups M (same storage, solvers and
  /// options as I − A). `markup` is called for every nonzero a_ij this rank owns, also again
  /// for a ScaLAPACK transposed factorization, so it must stay valid for the operator's life.
  /// @throws InputError if A∘M is not productive or I − A∘M is singular.
  /// @note Collective on the table's communicator.
  LeontiefOperator(const DistributedTable& table, const LeontiefOptions& options,
                   CoefficientMarkup markup);


  /// @brief A zeroed dense n x `cols` matrix with the operator's row layout: the shape of
  /// right-hand sides and solutions.
  /// @note Collective.
  Matrix create_dense(std::size_t cols) const;

  /// @brief X = (I − A)⁻¹ R = B R for a dense R from create_dense().
  /// @note Collective.
  Matrix solve(Mat rhs) const;

  /// @brief X = (I − A)⁻ᵀ R = B' R (price, Ghosh and forward measures).
  /// @note Collective.
  Matrix solve_transpose(Mat rhs) const;

  /// @brief B = (I − A)⁻¹ in full: a dense n x n matrix in the operator's row layout. With
  /// ScaLAPACK the identity is built in ScaLAPACK's own layout (no n x n right-hand side in
  /// ours); otherwise solve() with n identity columns.
  /// @note Collective.
  Matrix inverse() const;

  /// The solver in use, e.g. "preonly/lu (mumps)", for logs and metadata.
  const std::string& description() const { return description_; }
  /// True if solves are iterative (no factorization).
  bool iterative() const { return iterative_; }

 private:
  void check_productive(const DistributedTable& table) const;
  void configure_iterative(KSP ksp, const LeontiefOptions& options) const;
  /// Column-by-column solves with B or B' for every KSP; iterative ones are checked and their
  /// iteration counts logged.
  Matrix solve_columns(Mat rhs, bool transpose) const;
  Matrix solve_scalapack(KSP ksp, Mat rhs) const;
  LinearSolver factor_dense_parallel(Mat op) const;

  const DistributedTable& table_;
  CoefficientMarkup markup_;  // empty: plain I − A
  std::unique_ptr<HugePageBuffer> dense_storage_;  // must outlive matrix_ (declared before it)
  // I − A: AIJ, dense (one rank) or ScaLAPACK (dense on several ranks); dense storage is
  // factored in place, so it then holds the LU factors.
  Matrix matrix_;
  LinearSolver ksp_;
  PetscInt local_rows_ = 0;  // rows of this rank in the table's (economy-block) layout
  std::unique_ptr<RowRedistribution> redistribution_;  // only for ScaLAPACK
  mutable Matrix transpose_matrix_;    // (I − A)' for ScaLAPACK transposed solves
  mutable LinearSolver transpose_ksp_;
  std::string description_;
  bool iterative_ = false;
};

}  // namespace leontief::solver
