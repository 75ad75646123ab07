#include "solver/row_redistribution.hpp"

#include <algorithm>

namespace leontief::solver {

RowRedistribution::RowRedistribution(MPI_Comm comm, PetscInt from_local_rows,
                                     PetscInt to_local_rows, PetscInt global_rows)
    : comm_(comm), from_local_(from_local_rows), to_local_(to_local_rows), global_(global_rows) {
  LEONTIEF_CHECK_PETSC(VecCreateMPI(comm_, from_local_, global_, from_.out()));
  LEONTIEF_CHECK_PETSC(VecCreateMPI(comm_, to_local_, global_, to_.out()));
  // Global row i goes to global row i: each rank names the rows it receives.
  PetscInt to_begin = 0;
  LEONTIEF_CHECK_PETSC(VecGetOwnershipRange(to_.get(), &to_begin, nullptr));
  IndexSet rows;
  LEONTIEF_CHECK_PETSC(ISCreateStride(comm_, to_local_, to_begin, 1, rows.out()));
  LEONTIEF_CHECK_PETSC(VecScatterCreate(from_.get(), rows.get(), to_.get(), rows.get(), &scatter_));
}

RowRedistribution::~RowRedistribution() { VecScatterDestroy(&scatter_); }

Matrix RowRedistribution::move(Mat source, bool forward, PetscInt columns) const {
  PetscInt cols = 0;
  LEONTIEF_CHECK_PETSC(MatGetSize(source, nullptr, &cols));
  if (columns >= 0) cols = std::min(cols, columns);
  Matrix target;
  LEONTIEF_CHECK_PETSC(MatCreateDense(comm_, forward ? to_local_ : from_local_, PETSC_DECIDE,
                                      global_, cols, nullptr, target.out()));
  for (PetscInt c = 0; c < cols; ++c) {
    Vec in = nullptr, out = nullptr;
    LEONTIEF_CHECK_PETSC(MatDenseGetColumnVecRead(source, c, &in));
    LEONTIEF_CHECK_PETSC(MatDenseGetColumnVecWrite(target.get(), c, &out));
    const ScatterMode mode = forward ? SCATTER_FORWARD : SCATTER_REVERSE;
    PetscErrorCode rc = VecScatterBegin(scatter_, in, out, INSERT_VALUES, mode);
    if (rc == 0) rc = VecScatterEnd(scatter_, in, out, INSERT_VALUES, mode);
    MatDenseRestoreColumnVecWrite(target.get(), c, &out);
    MatDenseRestoreColumnVecRead(source, c, &in);
    LEONTIEF_CHECK_PETSC(rc);
  }
  LEONTIEF_CHECK_PETSC(MatAssemblyBegin(target.get(), MAT_FINAL_ASSEMBLY));
  LEONTIEF_CHECK_PETSC(MatAssemblyEnd(target.get(), MAT_FINAL_ASSEMBLY));
  return target;
}

}  // namespace leontief::solver
