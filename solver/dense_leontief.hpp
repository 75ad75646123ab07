#pragma once
/// @file dense_leontief.hpp
/// @brief I − A stored dense and factored in place, on one rank (LAPACK) or several
/// (ScaLAPACK, 2-D block-cyclic), with B = (I − A)⁻¹ formed in place on request.
///
/// What is stored is M = (I − A)ᵀ in column-major order: on one rank that is I − A row-major,
/// written straight from the table's rows; on several ranks each rank's rows of I − A go to
/// the owners of M's block-cyclic tiles in one all-to-all per bounded round (no PETSc
/// conversion, no n x n staging copy). getrf/pdgetrf factor M in place; B·R solves
/// Mᵀ X = R and B'·R solves M X = R. When a method needs whole rows of B, getri/pdgetri
/// replace the factors by M⁻¹ = Bᵀ (one rank: that is B row-major, in place, no copy; several
/// ranks: its tiles are moved to the ranks owning each economy's rows), and every later
/// product with B or B' is a matrix product (gemm) with the same cost as a solve.

#include <mpi.h>

#include <cstddef>
#include <memory>
#include <vector>

#include "solver/distributed_table.hpp"
#include "solver/identity_minus_a.hpp"
#include "solver/scalapack.hpp"

namespace leontief::solver {

class HugePageBuffer;

class DenseLeontief {
 public:
  /// ScaLAPACK's block size (rows and columns of a tile).
  static constexpr std::size_t kBlock = 64;

  /// @brief Assembles M = (I − A∘markup)ᵀ from the table's rows. The table must outlive it.
  /// @note Collective on the table's communicator.
  DenseLeontief(const DistributedTable& table, const CoefficientMarkup& markup);
  ~DenseLeontief();
  DenseLeontief(const DenseLeontief&) = delete;
  DenseLeontief& operator=(const DenseLeontief&) = delete;

  /// @brief LU of M in place. Returns false (on every rank) if a pivot is exactly zero.
  /// @note Collective.
  bool factor();

  /// @brief x = B r (or B' r with `transpose`) for k right-hand sides. `r` and `x` hold
  /// this rank's rows (the table's economy layout), column-major with leading dimensions
  /// `ldr` and `ldx`.
  /// @note Collective.
  void solve(bool transpose, const double* r, std::size_t ldr, std::size_t k, double* x,
             std::size_t ldx) const;

  /// @brief Replaces the factors by B (getri / pdgetri). Idempotent.
  /// @note Collective.
  void invert();
  bool inverted() const { return inverted_; }

  /// @brief This rank's rows of B, row-major (local rows x n): on one rank the storage
  /// itself; on several ranks gathered from the tiles on first call, after which the tiles
  /// are freed and products use these rows.
  /// @pre invert() has been called.
  /// @note Collective on first call.
  const double* inverse_rows() const;

  /// @brief Hands over the storage of this rank's rows of B (see inverse_rows()); the object
  /// is of no further use.
  /// @note Collective.
  std::unique_ptr<HugePageBuffer> release_inverse_rows();

  /// Processes of the grid (1 on one rank), e.g. "2 x 2", for the log.
  std::string grid() const;

 private:
  enum class Direction { to_tiles, to_rows };
  /// Moves n x n data between this rank's economy rows (`rows`, row-major) and M's tiles:
  /// to_tiles sends rows of I − A (built by `row_values`) into the tiles; to_rows fills
  /// `rows` with rows of B from the tiles of M⁻¹. Bounded rounds of MPI_Alltoallv.
  void redistribute(Direction direction, double* rows) const;
  /// Row i of I − A∘markup, dense (n values).
  void identity_minus_a_row(std::size_t local_row, double* out) const;
  /// Replicated n x k (row-major) from this rank's rows (column-major, leading dimension ld).
  std::vector<double> gather(const double* local, std::size_t ld, std::size_t k) const;

  const DistributedTable& table_;
  CoefficientMarkup markup_;
  std::size_t n_;
  int ranks_ = 1;
  std::unique_ptr<scalapack::ProcessGrid> grid_;    // several ranks only
  std::unique_ptr<scalapack::BlockCyclic> layout_;  // of M (several ranks)
  std::unique_ptr<HugePageBuffer> storage_;         // M: local tiles, or n x n on one rank
  std::vector<int> pivots_;
  bool inverted_ = false;
  mutable std::unique_ptr<HugePageBuffer> rows_;    // rows of B (several ranks)
};

}  // namespace leontief::solver
