#pragma once
/// @file phase.hpp
/// @brief A named phase of a run (read, partition, factor, solve, decompose, write): a PETSc
/// log stage (so -log_view breaks the time down by phase), a progress line on rank 0, and a
/// check point: a run asked to stop (SIGTERM, SIGINT, SIGHUP; io/runtime/interrupt.hpp)
/// stops when its next phase begins.

#include <petscsys.h>

#include <string>
#include <vector>

namespace leontief::solver {

/// @brief Registers the log stages of `names` in this order (if not yet registered). PETSc's
/// -log_view matches stages across ranks by registration order, so a run whose ranks take
/// different paths (e.g. the year groups of `leontief thinning`) registers its phases first.
/// @note Call on every rank with the same names.
void register_phases(const std::vector<std::string>& names);

/// @brief Sets the communicator of the phases begun without one while it lives (default
/// PETSC_COMM_WORLD): e.g. a year group of `leontief thinning` whose phases run on the group.
class PhaseCommunicator {
 public:
  explicit PhaseCommunicator(MPI_Comm comm);
  PhaseCommunicator(const PhaseCommunicator&) = delete;
  PhaseCommunicator& operator=(const PhaseCommunicator&) = delete;
  ~PhaseCommunicator();

 private:
  MPI_Comm saved_;
};

class Phase {
 public:
  /// @brief Begins a phase on the current phase communicator (see PhaseCommunicator).
  /// @throws Interrupted on every rank if any rank was asked to stop.
  /// @note Collective on that communicator.
  explicit Phase(const std::string& name);
  /// @brief Begins a phase whose work runs on `comm` (MPI_COMM_SELF for work of one rank).
  /// @note Collective on `comm`.
  Phase(const std::string& name, MPI_Comm comm);
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
