#pragma once
/// @file phase.hpp
/// @brief A named phase of a run (read, partition, factor, solve, decompose, write): a PETSc
/// log stage (so -log_view breaks the time down by phase) and a progress line on rank 0.

#include <petscsys.h>

#include <string>
#include <vector>

namespace leontief::solver {

/// @brief Registers the log stages of `names` in this order (if not yet registered). PETSc's
/// -log_view matches stages across ranks by registration order, so a run whose ranks take
/// different paths (e.g. the year groups of `leontief thinning`) registers its phases first.
/// @note Call on every rank with the same names.
void register_phases(const std::vector<std::string>& names);

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
