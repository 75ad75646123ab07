#pragma once
/// @file progress.hpp
/// @brief Progress of a long loop (a solve with many right-hand sides, an export): quiet for
/// the first seconds, then a line on rank 0 at most every few seconds with the share done and
/// the time left, e.g. "solve: 42% done, about 1 min 10 s left". The environment variable
/// LEONTIEF_PROGRESS_SECONDS=S sets both waits to S seconds (tests show progress on small
/// tables with it).

#include <string>

namespace leontief::io {

class Progress {
 public:
  /// @param what     what is being done ("solve", "export")
  /// @param total    the amount of work (columns, rows, bytes)
  /// @param quiet    seconds without a line (a short loop prints nothing)
  /// @param every    seconds between lines
  Progress(std::string what, double total, double quiet = 3.0, double every = 5.0);

  /// @brief Reports that `done` of `total` is finished (prints if a line is due). Local and
  /// cheap: call it as often as convenient; only rank 0 prints.
  void update(double done);

 private:
  std::string what_;
  double total_, quiet_, every_;
  double start_, last_;
};

/// "45 s", "3 min 20 s", "2 h 05 min".
std::string format_duration(double seconds);

}  // namespace leontief::io
