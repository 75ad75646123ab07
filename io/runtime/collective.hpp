#pragma once
/// @file collective.hpp
/// @brief Makes failures that happen on some ranks only collective (design convention 3).

#include <mpi.h>

#include <string>
#include <utility>
#include <vector>

namespace leontief {

/// @brief Runs `work` on every rank; if it throws on any rank, every rank throws the error
/// of the lowest failing rank (same type: InputError stays InputError), so no rank hangs in
/// a later collective call.
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
/// Agrees on failure across `comm` and rethrows the lowest failing rank's message.
void agree_on_failure(MPI_Comm comm, bool failed, bool input_error, const std::string& message);
}  // namespace detail

}  // namespace leontief

#include "io/runtime/error.hpp"

template <class Work>
void leontief::run_collectively(MPI_Comm comm, Work&& work) {
  bool failed = false;
  bool input_error = false;
  std::string message;
  try {
    std::forward<Work>(work)();
  } catch (const InputError& e) {
    failed = input_error = true;
    message = e.what();
  } catch (const std::exception& e) {
    failed = true;
    message = e.what();
  }
  detail::agree_on_failure(comm, failed, input_error, message);
}
