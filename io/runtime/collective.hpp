#pragma once
/// @file collective.hpp
/// @brief Makes failures that happen on some ranks only collective (design convention 3).
/// Every agreement is also a check point for a pending SIGTERM, SIGINT or SIGHUP
/// (io/runtime/interrupt.hpp): if any rank received one, every rank throws Interrupted.

#include <mpi.h>

#include <string>
#include <utility>
#include <vector>

namespace leontief {

/// @brief Runs `work` on every rank; if it throws on any rank, every rank throws the error
/// of the lowest failing rank (same type: InputError stays InputError, Interrupted stays
/// Interrupted), so no rank hangs in a later collective call.
/// @note Collective on `comm`. `work` must not itself call collectives that other ranks
/// could skip after a failure.
template <class Work>
void run_collectively(MPI_Comm comm, Work&& work);

/// @brief Rank `root`'s text on every rank. @note Collective on `comm`.
void broadcast(MPI_Comm comm, std::string& text, int root = 0);

/// @brief Rank `root`'s list of strings (any bytes, e.g. labels) on every rank.
/// @note Collective on `comm`.
void broadcast(MPI_Comm comm, std::vector<std::string>& list, int root = 0);

namespace detail {

/// What one rank knows about a failure, to be agreed on.
struct Failure {
  enum class Kind { none = 0, error = 1, input = 2, interrupted = 3 };
  Kind kind = Kind::none;
  int signal = 0;
  std::string message;
};

/// The Failure describing `e` (its type and message).
Failure failure_of(const std::exception& e);

/// @brief Agrees on failure across `comm` and rethrows the lowest failing rank's error on
/// every rank (collective). With `check_interrupt`, a signal received by any rank counts as
/// a failure (Interrupted) when no rank failed otherwise.
void agree_on_failure(MPI_Comm comm, const Failure& failure, bool check_interrupt = true);

/// Agrees on failure across `comm` and rethrows the lowest failing rank's message.
void agree_on_failure(MPI_Comm comm, bool failed, bool input_error, const std::string& message);

}  // namespace detail

}  // namespace leontief

#include "io/runtime/error.hpp"

template <class Work>
void leontief::run_collectively(MPI_Comm comm, Work&& work) {
  detail::Failure failure;
  try {
    std::forward<Work>(work)();
  } catch (const std::exception& e) {
    failure = detail::failure_of(e);
  }
  detail::agree_on_failure(comm, failure);
}
