#pragma once
/// @file error.hpp
/// @brief The project's single error policy: everything throws leontief::Error.
///
/// Library failures (PETSc, HDF5, MPI) are checked by the LEONTIEF_CHECK_* macros, which
/// throw with the calling file:line and the library's own message. Problems with a user's
/// input throw InputError, whose message names the file and the place (row/column/dataset)
/// and is printed to the user as-is.

#include <stdexcept>
#include <string>

namespace leontief {

/// Any failure; `what()` is the one line shown to the user.
class Error : public std::runtime_error {
 public:
  /// `collective`: every rank of the run throws this same error (see run_collectively), so
  /// rank 0 can report it and all ranks can exit cleanly.
  explicit Error(const std::string& what, bool collective = false)
      : std::runtime_error(what), collective_(collective) {}
  bool collective() const { return collective_; }

 private:
  bool collective_;
};

/// Bad input: malformed files, inconsistent labels, values that make no economic sense.
class InputError : public Error {
 public:
  using Error::Error;
};

/// The run was asked to stop (SIGTERM from Slurm at a time limit, SIGINT from Ctrl-C, SIGHUP);
/// thrown at the next check point (io/runtime/interrupt.hpp) so the run unwinds, removing
/// its temporary files.
class Interrupted : public Error {
 public:
  Interrupted(int signal, bool collective = false);
  int signal() const { return signal_; }

 private:
  int signal_;
};

/// Throws Error("<what> (at <file>:<line>)"); used by the checking macros.
[[noreturn]] void throw_library_error(const std::string& what, const char* file, int line);

/// Builds "<path>: <place>: <message>" for an InputError.
std::string input_location(const std::string& path, const std::string& place,
                           const std::string& message);

}  // namespace leontief

/// Checks an MPI return code; throws with MPI's error string.
#define LEONTIEF_CHECK_MPI(call)                                                   \
  do {                                                                             \
    const int leontief_mpi_rc_ = (call);                                           \
    if (leontief_mpi_rc_ != 0) ::leontief::detail::throw_mpi_error(leontief_mpi_rc_, \
                                                                 #call, __FILE__, __LINE__); \
  } while (0)

namespace leontief::detail {
[[noreturn]] void throw_mpi_error(int code, const char* call, const char* file, int line);
}
