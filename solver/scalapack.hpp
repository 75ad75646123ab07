#pragma once
/// @file scalapack.hpp
/// @brief ScaLAPACK without a wrapper library: a BLACS process grid on an MPI communicator,
/// the 2-D block-cyclic layout of a matrix on it (which rank holds which entries, and where),
/// and the few routines the dense Leontief operator calls (pdgetrf, pdgetrs, pdgetri,
/// pdgemm). Called directly rather than through PETSc's MATSCALAPACK, which has no pdgetri
/// and whose transposed solve is wrong in PETSc 3.18.

#include <mpi.h>

#include <array>
#include <cstddef>

namespace leontief::solver::scalapack {

/// A BLACS process grid of rows x columns over the ranks of an MPI communicator (row-major
/// order of the ranks), near square; freed on scope exit.
class ProcessGrid {
 public:
  /// @note Collective on `comm`.
  explicit ProcessGrid(MPI_Comm comm);
  ProcessGrid(const ProcessGrid&) = delete;
  ProcessGrid& operator=(const ProcessGrid&) = delete;
  ~ProcessGrid();

  int context() const { return context_; }
  int rows() const { return rows_; }
  int columns() const { return columns_; }
  int my_row() const { return my_row_; }
  int my_column() const { return my_column_; }
  /// The rank (in the communicator) at grid position (row, column).
  int rank_at(int row, int column) const { return row * columns_ + column; }

 private:
  int system_handle_ = -1;
  int context_ = -1;
  int rows_ = 1, columns_ = 1, my_row_ = 0, my_column_ = 0;
};

/// The block-cyclic layout of a rows x cols matrix on a grid with square blocks of `block`:
/// global row i lies on process row (i / block) % grid rows, at local row
/// (i / (block · grid rows)) · block + i % block; columns alike. Local storage is
/// column-major with leading dimension local_rows() (at least 1).
class BlockCyclic {
 public:
  BlockCyclic(const ProcessGrid& grid, std::size_t rows, std::size_t cols, std::size_t block);

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t local_rows() const { return local_rows_; }
  std::size_t local_cols() const { return local_cols_; }
  std::size_t leading_dimension() const { return local_rows_ > 0 ? local_rows_ : 1; }
  /// Local entries (local_rows x local_cols).
  std::size_t local_size() const { return local_rows_ * local_cols_; }
  /// The ScaLAPACK array descriptor.
  const std::array<int, 9>& descriptor() const { return descriptor_; }

  /// The process row / column holding global row / column i.
  int row_owner(std::size_t i) const { return static_cast<int>((i / block_) % grid_rows_); }
  int column_owner(std::size_t j) const { return static_cast<int>((j / block_) % grid_columns_); }
  /// The local index of global row / column i on its owner.
  std::size_t local_row(std::size_t i) const { return local_index(i, grid_rows_); }
  std::size_t local_column(std::size_t j) const { return local_index(j, grid_columns_); }
  /// The global index of local row / column l of process row / column p.
  std::size_t global_row(std::size_t l, int p) const { return global_index(l, p, grid_rows_); }
  std::size_t global_column(std::size_t l, int p) const {
    return global_index(l, p, grid_columns_);
  }
  /// Rows / columns held by process row / column p.
  std::size_t rows_of(int p) const;
  std::size_t columns_of(int p) const;

 private:
  std::size_t local_index(std::size_t i, std::size_t procs) const {
    return (i / (block_ * procs)) * block_ + i % block_;
  }
  std::size_t global_index(std::size_t l, int p, std::size_t procs) const {
    return ((l / block_) * procs + static_cast<std::size_t>(p)) * block_ + l % block_;
  }

  std::size_t rows_, cols_, block_, grid_rows_, grid_columns_;
  std::size_t local_rows_, local_cols_;
  std::array<int, 9> descriptor_{};
};

/// In-place LU with partial pivoting of the square distributed matrix `a` (pdgetrf); `pivots`
/// needs local_rows + block entries. Returns ScaLAPACK's info (> 0: exactly singular).
int factor(const BlockCyclic& layout, double* a, int* pivots);
/// Solves op(A) X = B in place in `b` (pdgetrs) with the factors of `factor`; op is the
/// transpose when `transpose`.
int solve(const BlockCyclic& a_layout, const double* a, const int* pivots, bool transpose,
          const BlockCyclic& b_layout, double* b);
/// Replaces the factors by the inverse (pdgetri). Returns info.
int invert(const BlockCyclic& layout, double* a, const int* pivots);
/// C = op(A) B (pdgemm), op(A) = Aᵀ when `transpose`.
void multiply(bool transpose, const BlockCyclic& a_layout, const double* a,
              const BlockCyclic& b_layout, const double* b, const BlockCyclic& c_layout, double* c);

}  // namespace leontief::solver::scalapack
