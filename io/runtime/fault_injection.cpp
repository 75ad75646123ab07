#include "io/runtime/fault_injection.hpp"

#include <mpi.h>

#include <csignal>
#include <cstdlib>

namespace leontief::io {

void fault_point(const std::string& point) {
  const char* value = std::getenv("LEONTIEF_FAULT");
  if (value == nullptr) return;
  const std::string spec(value);
  const auto colon = spec.find(':');
  if (colon == std::string::npos || spec.substr(0, colon) != point) return;
  std::string signal = spec.substr(colon + 1);
  int rank = 0;
  if (const auto second = signal.find(':'); second != std::string::npos) {
    rank = std::atoi(signal.c_str() + second + 1);
    signal.resize(second);
  }
  int initialized = 0, mine = 0;
  MPI_Initialized(&initialized);
  if (initialized) MPI_Comm_rank(MPI_COMM_WORLD, &mine);
  if (mine != rank) return;
  const int number = signal == "TERM" ? SIGTERM
                     : signal == "INT" ? SIGINT
                     : signal == "HUP" ? SIGHUP
                     : signal == "KILL" ? SIGKILL
                                        : 0;
  if (number != 0) std::raise(number);
}

}  // namespace leontief::io
