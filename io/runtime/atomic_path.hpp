#pragma once
/// @file atomic_path.hpp
/// @brief Outputs are written under a temporary name in the destination directory and
/// renamed into place only when complete, so a failed run never leaves a partial result.

#include <mpi.h>

#include <string>

namespace leontief::io {

class AtomicPath {
 public:
  /// @brief Chooses a temporary name next to `final_path` (agreed across `comm`) and creates
  /// the destination directory if needed.
  /// @note Collective on `comm`.
  AtomicPath(MPI_Comm comm, std::string final_path);
  AtomicPath(const AtomicPath&) = delete;
  AtomicPath& operator=(const AtomicPath&) = delete;
  /// Removes the temporary file unless committed (rank 0 only; never throws).
  ~AtomicPath();

  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }

  /// @brief Renames the temporary file to the final name (replacing an older result).
  /// @note Collective; the caller must have closed the file on every rank.
  void commit();

 private:
  MPI_Comm comm_;
  std::string final_path_;
  std::string temp_path_;
  bool committed_ = false;
};

}  // namespace leontief::io
