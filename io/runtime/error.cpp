#include "io/runtime/error.hpp"

#include <mpi.h>

namespace leontief {

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
