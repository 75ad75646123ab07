#pragma once
/// @file petsc_handles.hpp
/// @brief One RAII owner per PETSc object type (design convention 1): copy deleted, move
/// noexcept, explicit adoption of raw handles, get() for the raw handle, destroy in the
/// destructor (never throwing). Get/restore pairs go through scoped guards.

#include <petscis.h>
#include <petscksp.h>
#include <petscmat.h>
#include <petscvec.h>
#include <petscviewer.h>

#include <utility>

#include "solver/petsc_error.hpp"

namespace leontief::solver {

template <class Raw, PetscErrorCode (*Destroy)(Raw*)>
class PetscHandle {
 public:
  PetscHandle() = default;
  /// Takes ownership of `raw` (which must not be destroyed elsewhere).
  explicit PetscHandle(Raw raw) : raw_(raw) {}
  PetscHandle(const PetscHandle&) = delete;
  PetscHandle& operator=(const PetscHandle&) = delete;
  PetscHandle(PetscHandle&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  PetscHandle& operator=(PetscHandle&& other) noexcept {
    if (this != &other) {
      reset();
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  ~PetscHandle() { reset(); }

  Raw get() const { return raw_; }
  /// For PETSc "create" calls that fill a Raw*: the previous object is destroyed first.
  Raw* out() {
    reset();
    return &raw_;
  }
  explicit operator bool() const { return raw_ != nullptr; }
  void reset() noexcept {
    if (raw_) Destroy(&raw_);  // errors on destroy cannot be reported from a destructor
    raw_ = nullptr;
  }

 private:
  Raw raw_ = nullptr;
};

using Vector = PetscHandle<Vec, VecDestroy>;
using Matrix = PetscHandle<Mat, MatDestroy>;
using LinearSolver = PetscHandle<KSP, KSPDestroy>;
using IndexSet = PetscHandle<IS, ISDestroy>;
using Viewer = PetscHandle<PetscViewer, PetscViewerDestroy>;

/// Scoped MatDenseGetArray/MatDenseRestoreArray (column-major, leading dimension lda()).
class DenseArray {
 public:
  explicit DenseArray(Mat m) : m_(m) {
    LEONTIEF_CHECK_PETSC(MatDenseGetArray(m_, &data_));
    LEONTIEF_CHECK_PETSC(MatDenseGetLDA(m_, &lda_));
  }
  DenseArray(const DenseArray&) = delete;
  DenseArray& operator=(const DenseArray&) = delete;
  ~DenseArray() { MatDenseRestoreArray(m_, &data_); }
  PetscScalar* data() const { return data_; }
  PetscInt lda() const { return lda_; }
  PetscScalar& operator()(PetscInt local_row, PetscInt col) const {
    return data_[local_row + col * lda_];
  }

 private:
  Mat m_;
  PetscScalar* data_ = nullptr;
  PetscInt lda_ = 0;
};

/// Scoped VecGetArray/VecRestoreArray.
class VectorArray {
 public:
  explicit VectorArray(Vec v) : v_(v) { LEONTIEF_CHECK_PETSC(VecGetArray(v_, &data_)); }
  VectorArray(const VectorArray&) = delete;
  VectorArray& operator=(const VectorArray&) = delete;
  ~VectorArray() { VecRestoreArray(v_, &data_); }
  PetscScalar* data() const { return data_; }
  PetscScalar& operator[](PetscInt i) const { return data_[i]; }

 private:
  Vec v_;
  PetscScalar* data_ = nullptr;
};

}  // namespace leontief::solver
