#pragma once
/// @file memory_budget.hpp
/// @brief What a dense run will hold at its peak, estimated from the table's dimensions
/// before anything large is read, and a refusal with the estimate when the ranks of a node
/// would need more memory than the node has: a GLORIA-size table (n ≈ 20,000) is 3.2 GB per
/// n x n matrix, and finding that out after an hour of LU is too late.

#include <mpi.h>

#include <string>
#include <vector>

namespace leontief::solver {

/// Bytes per rank of each part of a run, largest rank.
class MemoryBudget {
 public:
  void add(const std::string& what, double bytes);
  double total() const;
  /// "Z 3.2 GB + I - A 3.2 GB + ..." (parts of at least 1% of the total).
  std::string breakdown() const;

 private:
  std::vector<std::pair<std::string, double>> parts_;
};

/// What the command will do with I − A (for the estimate).
struct DenseRunShape {
  std::size_t regions = 0, sectors = 0, categories = 0;
  bool z_dense_in_file = true;  ///< Z stored dense (else CSR with `z_nonzeros`)
  double z_nonzeros = 0.0;
  bool inverse_rows = false;     ///< a method needs whole rows of B (KWW, WWZ, BM, inverse)
  double replicated_columns = 0.0;  ///< n x k matrices every rank holds (k, in all)
  double output_bytes = 0.0;        ///< results held before writing, all ranks together
};

/// @brief The peak of a run with dense storage of I − A on `ranks` ranks (one rank: LAPACK
/// in place; several: ScaLAPACK tiles, plus the rows of B gathered by economy).
MemoryBudget dense_run_budget(const DenseRunShape& shape, int ranks);

/// @brief Logs the estimate and throws InputError (on every rank) before the run starts
/// when the ranks of some node together need more than that node offers
/// (io::available_memory(): MemAvailable, or the job's cgroup limit; not with --size_check
/// false). The message
/// names the parts of the estimate and what to do.
/// @note Collective on `comm`.
void require_memory(MPI_Comm comm, const MemoryBudget& budget, const std::string& what);

}  // namespace leontief::solver
