#include "io/runtime/error.hpp"

#include <mpi.h>

#include <csignal>

namespace leontief {

namespace {
std::string interruption_message(int signal) {
  const char* name = signal == SIGTERM  ? "SIGTERM"
                     : signal == SIGINT ? "SIGINT"
                     : signal == SIGHUP ? "SIGHUP"
                                        : nullptr;
  return std::string("interrupted by ") +
         (name ? name : "signal " + std::to_string(signal)) +
         "; the run stopped and removed its temporary files (older results are unchanged)";
}
}  // namespace

Interrupted::Interrupted(int signal, bool collective)
    : Error(interruption_message(signal), collective), signal_(signal) {}

void throw_library_error(const std::string& what, const char* file, int line) {
  throw Error(what + " (at " + file + ":" + std::to_string(line) + ")");
}

std::string input_location(const std::string& path, const std::string& place,
                           const std::string& message) {
  std::string out = path;
  if (!place.empty()) out += ": " + place;
  return out + ": " + message;
}

namespace detail {
void throw_mpi_error(int code, const char* call, const char* file, int line) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw_library_error(std::string("MPI error in ") + call + ": " + std::string(text, length), file,
                      line);
}
}  // namespace detail

}  // namespace leontief
