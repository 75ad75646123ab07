#pragma once
/// @file phase.hpp
/// @brief A named phase of a run (read, partition, factor, solve, decompose, write): a PETSc
/// log stage (so -log_view breaks the time down by phase) and a progress line on rank 0.

#include <petscsys.h>

#include <string>

namespace leontief::solver {

class Phase {
 public:
  /// @note Collective on PETSC_COMM_WORLD (log stages must be pushed on every rank).
  explicit Phase(const std::string& name);
  Phase(const Phase&) = delete;
  Phase& operator=(const Phase&) = delete;
  ~Phase();
  /// Seconds since the phase started.
  double elapsed() const;

 private:
  std::string name_;
  double start_;
  int unwinding_;
};

}  // namespace leontief::solver
