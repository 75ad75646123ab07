#pragma once
/// @file tidy_csv.hpp
/// @brief Long-format ("tidy") CSV: one row per key, one column per measure, readable by
/// pandas and R as-is. Ranks append their rows in rank order; the file is renamed into
/// place when complete and recorded in its directory's manifest (csv_manifest.hpp).

#include <mpi.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "io/runtime/atomic_path.hpp"

namespace leontief::io {

class TidyCsvWriter {
 public:
  /// @note Collective on `comm`.
  TidyCsvWriter(MPI_Comm comm, std::string path, const std::vector<std::string>& columns);

  /// @brief Each rank's `emit` writes its rows (no header) to the stream; ranks take turns
  /// in rank order so the file is ordered like the distributed data.
  /// @note Collective.
  void write_rows(const std::function<void(std::ostream&)>& emit);

  /// @note Collective.
  void commit();

 private:
  MPI_Comm comm_;
  std::string path_;
  AtomicPath atomic_;
};

/// Appends the shortest decimal text that reads back as exactly `value` ("NA" for NaN,
/// which pandas and R both read as missing).
void append_number(std::string& out, double value);

/// Quotes a CSV field when it contains a comma, quote or newline.
std::string csv_field(const std::string& text);

}  // namespace leontief::io
