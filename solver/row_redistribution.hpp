#pragma once
/// @file row_redistribution.hpp
/// @brief Moves the rows of dense matrices between two row layouts of the same global size
/// (our economy-block layout and the equal-block layout ScaLAPACK requires), one column at
/// a time through a single reusable VecScatter.

#include "solver/petsc_handles.hpp"

namespace leontief::solver {

class RowRedistribution {
 public:
  /// @brief Prepares the scatter from layout `from` (local row counts as in `from_rows`) to
  /// the layout of `to_rows` (both n global rows).
  /// @note Collective.
  RowRedistribution(MPI_Comm comm, PetscInt from_local_rows, PetscInt to_local_rows,
                    PetscInt global_rows);
  RowRedistribution(const RowRedistribution&) = delete;
  RowRedistribution& operator=(const RowRedistribution&) = delete;
  ~RowRedistribution();

  /// @brief Returns a dense matrix in the target layout holding the rows of `source`
  /// (`forward`) or, with `forward` false, in the source layout from a target-layout matrix.
  /// Only the first `columns` columns are moved (all if negative).
  /// @note Collective.
  Matrix move(Mat source, bool forward, PetscInt columns = -1) const;

 private:
  MPI_Comm comm_;
  PetscInt from_local_, to_local_, global_;
  Vector from_, to_;
  VecScatter scatter_ = nullptr;
};

}  // namespace leontief::solver
