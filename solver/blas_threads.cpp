#include "solver/blas_threads.hpp"

#include <dlfcn.h>
#include <sched.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::solver {

namespace {

using SetThreads = void (*)(int);
using GetThreads = int (*)();

/// OpenBLAS's controls when the loaded BLAS is OpenBLAS (looked up at run time: the program
/// links the generic libblas, whichever implementation the system provides).
SetThreads openblas_setter() {
  return reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
}
GetThreads openblas_getter() {
  return reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
}

bool environment_sets_threads() {
  for (const char* name : {"OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"}) {
    const char* value = std::getenv(name);
    if (value && *value) return true;
  }
  return false;
}

}  // namespace

BlasThreads set_blas_threads(MPI_Comm comm, int requested) {
  BlasThreads out;
  cpu_set_t mine;
  CPU_ZERO(&mine);
  if (sched_getaffinity(0, sizeof mine, &mine) != 0) CPU_SET(0, &mine);
  out.cpus = std::max(1, CPU_COUNT(&mine));
  // The ranks on this node, and which of them may run on the same CPUs as this one.
  MPI_Comm node = MPI_COMM_NULL;
  LEONTIEF_CHECK_MPI(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  int node_ranks = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(node, &node_ranks));
  std::vector<cpu_set_t> all(static_cast<std::size_t>(node_ranks));
  LEONTIEF_CHECK_MPI(MPI_Allgather(&mine, sizeof mine, MPI_BYTE, all.data(), sizeof mine, MPI_BYTE, node));
  MPI_Comm_free(&node);
  out.sharing = 0;
  for (auto& other : all) {
    cpu_set_t both;
    CPU_AND(&both, &mine, &other);
    out.sharing += CPU_COUNT(&both) > 0 ? 1 : 0;
  }
  out.sharing = std::max(out.sharing, 1);

  const SetThreads set = openblas_setter();
  const GetThreads get = openblas_getter();
  int threads = 0;
  if (requested > 0) {
    threads = requested;
    out.reason = "solver.threads";
  } else if (environment_sets_threads()) {
    out.reason = "from the environment (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS)";
  } else {
    threads = std::max(1, out.cpus / out.sharing);
    out.reason = "from the hardware: " + std::to_string(out.cpus) + " CPU(s) for " +
                 std::to_string(out.sharing) + " rank(s) on them";
  }
  if (set && threads > 0) set(threads);
  out.threads = get ? get() : 0;
  if (!get) out.reason = "the BLAS in use has no thread control";
  log::info("BLAS: " + (out.threads > 0 ? std::to_string(out.threads) : std::string("?")) +
            " thread(s) per rank (" + out.reason + ")");
  return out;
}

}  // namespace leontief::solver
