#pragma once
/// @file blas_threads.hpp
/// @brief BLAS threads per rank chosen from the hardware: the CPUs a rank may run on (its
/// affinity mask, as mpiexec or Slurm bound it) shared among the ranks of the node whose
/// masks overlap it. One rank alone on a node gets every CPU (the dense LU, inverse and
/// matrix products then use them all); ranks bound to one core each get one thread (no
/// oversubscription); `srun --cpus-per-task=k` gives each rank k.

#include <mpi.h>

#include <string>

namespace leontief::solver {

struct BlasThreads {
  int threads = 0;      ///< set on this rank (0: the BLAS offers no thread control)
  int cpus = 0;         ///< CPUs in this rank's affinity mask
  int sharing = 1;      ///< ranks of this node whose affinity overlaps this rank's
  std::string reason;   ///< how it was chosen, for the log
};

/// @brief Sets the BLAS (OpenBLAS) thread count of every rank: `requested` > 0 forces it;
/// 0 chooses from the hardware unless OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) is set in
/// the environment, which is then kept. Logs the choice of rank 0.
/// @note Collective on `comm`.
BlasThreads set_blas_threads(MPI_Comm comm, int requested);

}  // namespace leontief::solver
