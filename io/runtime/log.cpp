#include "io/runtime/log.hpp"

#include <mpi.h>

#include <cstdio>
#include <iostream>

#include "io/runtime/error.hpp"

namespace leontief::log {
namespace {
Level g_level = Level::info;
const auto g_start = std::chrono::steady_clock::now();

bool is_rank0() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) return true;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank == 0;
}
}  // namespace

Level parse_level(const std::string& name) {
  if (name == "error") return Level::error;
  if (name == "warn") return Level::warn;
  if (name == "info") return Level::info;
  if (name == "debug") return Level::debug;
  throw InputError("log.level: expected one of error, warn, info, debug; got '" + name + "'");
}

void set_level(Level level) { g_level = level; }
Level level() { return g_level; }

double elapsed_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - g_start).count();
}

void write(Level at, const std::string& message) {
  if (!is_rank0()) return;
  write_from_this_rank(at, message);
}

void write_from_this_rank(Level at, const std::string& message) {
  if (at > g_level) return;
  static const char* names[] = {"error", "warn ", "info ", "debug"};
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "[%8.2fs] ", elapsed_seconds());
  std::clog << stamp << names[static_cast<int>(at)] << ' ' << message << '\n' << std::flush;
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 4) {
    bytes /= 1024.0;
    ++u;
  }
  char out[32];
  std::snprintf(out, sizeof out, "%.1f %s", bytes, units[u]);
  return out;
}

}  // namespace leontief::log
