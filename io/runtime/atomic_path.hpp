#pragma once
/// @file atomic_path.hpp
/// @brief Outputs are written under a temporary name in the destination directory and
/// renamed into place only when complete, so a failed run never leaves a partial result.
///
/// The temporary of DIR/NAME is DIR/.NAME.partial-HOST-PID, named after the host and process
/// of the rank that renames it. It is removed when the run fails or is interrupted (also by
/// the signal handler, io/runtime/interrupt.hpp); one left by a killed run (SIGKILL, a node
/// failure) is removed by the next run that writes the same output on the same host, once
/// its process is gone. Temporaries of live runs and of other hosts are never touched.

#include <mpi.h>

#include <string>

namespace leontief::io {

class AtomicPath {
 public:
  /// @brief Chooses a temporary name next to `final_path` (agreed across `comm`), creates
  /// the destination directory if needed and removes stale temporaries of the same output.
  /// @throws InputError (on every rank) if `final_path` is an input of the run
  ///   (io/runtime/output_guard.hpp) or its directory cannot be created.
  /// @note Collective on `comm`.
  AtomicPath(MPI_Comm comm, std::string final_path);
  AtomicPath(const AtomicPath&) = delete;
  AtomicPath& operator=(const AtomicPath&) = delete;
  /// Removes the temporary file unless committed (rank 0 only; never throws).
  ~AtomicPath();

  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }

  /// @brief Renames the temporary file to the final name (replacing an older result).
  /// @throws Interrupted (on every rank, before renaming) if the run was asked to stop.
  /// @note Collective; the caller must have closed the file on every rank.
  void commit();

 private:
  MPI_Comm comm_;
  std::string final_path_;
  std::string temp_path_;
  int ticket_ = -1;  // the signal handler's registration (rank 0)
  bool committed_ = false;
};

/// This process's host name as used in temporary names ("localhost" if unknown).
std::string host_name();

/// The temporary name of `final_path` for the process `pid` on `host`.
std::string temporary_name(const std::string& final_path, const std::string& host, long pid);

/// @brief Removes the temporaries in `directory` (of the file `name` only, if not empty)
/// left by processes of this host that no longer run, also those of older versions
/// (.NAME.partial-PID). Temporaries of other hosts are reported (warning), never removed.
/// Returns the number removed. Not collective; never throws.
std::size_t remove_stale_temporaries(const std::string& directory, const std::string& name = "");

}  // namespace leontief::io
