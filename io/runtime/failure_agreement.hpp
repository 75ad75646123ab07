#pragma once
/// @file failure_agreement.hpp
/// @brief The last line of the collective error policy (collective.hpp): a failure that was
/// not made collective where it happened. When every rank failed (a solver that did not
/// converge, an HDF5 call that fails alike everywhere), the ranks agree on one message and
/// exit cleanly; when some rank did not fail, it may wait in a collective call forever, and
/// only MPI_Abort can stop the run.

#include <mpi.h>

#include <chrono>
#include <optional>
#include <string>

namespace leontief {

class FailureAgreement {
 public:
  /// @brief Duplicates `comm`: the agreement's messages can never match a collective call
  /// that other ranks are blocked in. @note Collective on `comm`.
  explicit FailureAgreement(MPI_Comm comm);
  FailureAgreement(const FailureAgreement&) = delete;
  FailureAgreement& operator=(const FailureAgreement&) = delete;
  /// Frees the duplicate (before MPI_Finalize: destroy it before the PETSc session).
  ~FailureAgreement();

  /// @brief Called by a rank that failed with `message`. If every rank calls it within
  /// `patience`, returns the lowest rank's message on every rank; otherwise nothing (some
  /// rank is still working or waiting: the caller must abort).
  std::optional<std::string> agree(const std::string& message,
                                   std::chrono::milliseconds patience) const;

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
};

}  // namespace leontief
