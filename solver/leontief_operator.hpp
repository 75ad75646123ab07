#pragma once
/// @file leontief_operator.hpp
/// @brief The Leontief operator I − A (A = Z x̂⁻¹), distributed by economy row blocks and
/// factored once; products with B = (I − A)⁻¹ are solves with the factors, or, once a method
/// has asked for whole rows of B of a dense I − A, matrix products with B formed in place.
///
/// Dense storage is LAPACK (one rank) or ScaLAPACK (several ranks) in place
/// (solver/dense_leontief.hpp). Sparse storage is a PETSc KSP with options prefix
/// `leontief_`; the default is a direct LU (KSPPREONLY + PCLU) with MUMPS, and any PETSc
/// solver can be chosen from the command line, e.g.
/// `-leontief_pc_factor_mat_solver_type superlu_dist` or
/// `-leontief_ksp_type gmres -leontief_pc_type bjacobi`.

#include <functional>
#include <memory>
#include <string>

#include "solver/dense_leontief.hpp"
#include "solver/distributed_table.hpp"
#include "solver/huge_page_buffer.hpp"
#include "solver/identity_minus_a.hpp"
#include "solver/petsc_handles.hpp"

namespace leontief::solver {

/// How I − A is stored: sparse (AIJ, factored by MUMPS by default), dense (LAPACK on one
/// rank, ScaLAPACK on several; solver/dense_leontief.hpp), or auto (dense when A is dense
/// enough that a sparse LU fills in anyway and n is small enough that n² doubles fit
/// comfortably).
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

class LeontiefOperator {
 public:
  /// @brief Assembles I − A and factors it (log stages "assemble I-A" and "factor"). The
  /// table must outlive the operator.
  /// @throws InputError if A is not productive (spectral radius >= 1) or I − A is singular.
  /// @note Collective on the table's communicator.
  explicit LeontiefOperator(const DistributedTable& table, const LeontiefOptions& options = {});

  /// @brief Assembles and factors I − A∘M for the markups M (same storage, solvers and
  /// options as I − A). `markup` is called for every nonzero a_ij this rank owns.
  /// @throws InputError if A∘M is not productive or I − A∘M is singular.
  /// @note Collective on the table's communicator.
  LeontiefOperator(const DistributedTable& table, const LeontiefOptions& options,
                   CoefficientMarkup markup);
  ~LeontiefOperator();

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

  /// @brief B = (I − A)⁻¹ in full by solves with the n columns of the identity, in the
  /// operator's row layout (sparse and iterative storage; dense storage forms B in place,
  /// see inverse_rows()).
  /// @note Collective.
  Matrix inverse() const;

  /// True when I − A is stored dense (LAPACK on one rank, ScaLAPACK on several): rows of B
  /// then come from inverse_rows() at the cost of one inversion in place.
  bool dense() const { return dense_ != nullptr; }
  /// @brief This rank's rows of B (row-major, local rows x n) for dense storage: the factors
  /// are replaced by B in place (getri / pdgetri) on first call, and every later solve is a
  /// product with B (same cost as a solve with the factors).
  /// @note Collective on first call.
  const double* inverse_rows() const;

  /// The solver in use, e.g. "LAPACK getrf (dense, 1 rank)", for logs and metadata.
  const std::string& description() const { return description_; }
  /// True if solves are iterative (no factorization).
  bool iterative() const { return iterative_; }

 private:
  void check_productive(const DistributedTable& table) const;
  void configure_iterative(KSP ksp, const LeontiefOptions& options) const;
  void factor_sparse(const LeontiefOptions& options);
  /// Column-by-column solves with B or B' for every KSP; iterative ones are checked and their
  /// iteration counts logged.
  Matrix solve_columns(Mat rhs, bool transpose) const;
  Matrix solve_dense(Mat rhs, bool transpose) const;

  const DistributedTable& table_;
  CoefficientMarkup markup_;  // empty: plain I − A
  std::unique_ptr<DenseLeontief> dense_;  // dense storage: LAPACK / ScaLAPACK in place
  Matrix matrix_;                         // sparse storage: AIJ I − A
  LinearSolver ksp_;
  PetscInt local_rows_ = 0;  // rows of this rank in the table's (economy-block) layout
  std::string description_;
  bool iterative_ = false;
};

}  // namespace leontief::solver
