#pragma once
/// @file log.hpp
/// @brief The one logger: rank 0 writes levelled lines to stderr (never std::cout), each
/// prefixed with the wall time since start, so a batch log reads as a timeline.

#include <chrono>
#include <sstream>
#include <string>

namespace leontief::log {

enum class Level { error = 0, warn = 1, info = 2, debug = 3 };

/// Parses "error" | "warn" | "info" | "debug"; throws InputError otherwise.
Level parse_level(const std::string& name);
void set_level(Level level);
Level level();

/// Seconds since the logger was first used (program start, in practice).
double elapsed_seconds();

/// Writes one line on rank 0 if `at` is enabled. Non-collective; other ranks ignore it.
void write(Level at, const std::string& message);

/// Writes one line from the calling rank, whatever its rank, if `at` is enabled: for the
/// leader of a sub-communicator (e.g. a year group of `leontief thinning`) whose progress
/// rank 0 cannot see. Non-collective.
void write_from_this_rank(Level at, const std::string& message);

inline void error(const std::string& m) { write(Level::error, m); }
inline void warn(const std::string& m) { write(Level::warn, m); }
inline void info(const std::string& m) { write(Level::info, m); }
inline void debug(const std::string& m) { write(Level::debug, m); }

/// Formats a byte count as "12.3 MiB".
std::string format_bytes(double bytes);

}  // namespace leontief::log
