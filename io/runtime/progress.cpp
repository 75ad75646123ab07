#include "io/runtime/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "io/runtime/log.hpp"

namespace leontief::io {

Progress::Progress(std::string what, double total, double quiet, double every)
    : what_(std::move(what)),
      total_(total),
      quiet_(quiet),
      every_(every),
      start_(log::elapsed_seconds()),
      last_(start_) {
  // LEONTIEF_PROGRESS_SECONDS=S: quiet for S seconds, then a line every S seconds (tests).
  if (const char* seconds = std::getenv("LEONTIEF_PROGRESS_SECONDS")) {
    quiet_ = every_ = std::max(0.0, std::atof(seconds));
  }
}

void Progress::update(double done) {
  const double now = log::elapsed_seconds();
  const double elapsed = now - start_;
  if (elapsed < quiet_ || now - last_ < every_ || total_ <= 0.0 || done <= 0.0) return;
  last_ = now;
  const double share = std::min(done / total_, 1.0);
  const double left = elapsed * (1.0 - share) / share;
  char text[64];
  std::snprintf(text, sizeof text, ": %.0f%% done, about ", 100.0 * share);
  log::info(what_ + text + format_duration(left) + " left");
}

std::string format_duration(double seconds) {
  char text[48];
  const long s = std::lround(std::max(seconds, 0.0));
  if (s < 60) {
    std::snprintf(text, sizeof text, "%ld s", s);
  } else if (s < 3600) {
    std::snprintf(text, sizeof text, "%ld min %ld s", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld h %02ld min", s / 3600, (s % 3600) / 60);
  }
  return text;
}

}  // namespace leontief::io
