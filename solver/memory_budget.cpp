#include "solver/memory_budget.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/resources.hpp"
#include "solver/dense_leontief.hpp"

namespace leontief::solver {

namespace {

constexpr double kMegabyte = 1e6;

/// Rows (or columns) of an n-row block-cyclic layout on `procs` process rows: the largest.
double block_cyclic_extent(double n, double procs) {
  const double block = static_cast<double>(DenseLeontief::kBlock);
  return std::ceil(std::ceil(n / block) / procs) * block;
}

}  // namespace

void MemoryBudget::add(const std::string& what, double bytes) {
  if (bytes > 0.0) parts_.emplace_back(what, bytes);
}

double MemoryBudget::total() const {
  double sum = 0.0;
  for (const auto& [what, bytes] : parts_) sum += bytes;
  return sum;
}

std::string MemoryBudget::breakdown() const {
  const double sum = total();
  std::string out;
  for (const auto& [what, bytes] : parts_) {
    if (bytes < 0.01 * sum) continue;
    out += (out.empty() ? "" : " + ") + what + " " + log::format_bytes(bytes);
  }
  return out;
}

MemoryBudget dense_run_budget(const DenseRunShape& s, int ranks) {
  const double G = static_cast<double>(s.regions), N = static_cast<double>(s.sectors);
  const double n = G * N, P = std::max(1, ranks);
  const double local = std::ceil(G / P) * N;  // rows of the rank with the most economies
  MemoryBudget b;
  b.add("program and libraries", 60 * kMegabyte);
  const double z_dense = local * n * 8.0;
  const double z_sparse = s.z_nonzeros * (local / std::max(n, 1.0)) * 16.0;
  b.add("Z (this rank's rows)", s.z_dense_in_file ? z_dense : std::min(z_dense, z_sparse));
  b.add("Y", local * G * static_cast<double>(std::max<std::size_t>(s.categories, 1)) * 8.0);
  if (P == 1) {
    b.add("I - A, factored and inverted in place", n * n * 8.0);
  } else {
    // ScaLAPACK's near-square grid: rows x columns with rows the largest divisor <= √P.
    int rows = 1;
    for (int r = 1; r * r <= ranks; ++r) {
      if (ranks % r == 0) rows = r;
    }
    const double tiles = block_cyclic_extent(n, rows) * block_cyclic_extent(n, P / rows) * 8.0;
    b.add("I - A tiles (ScaLAPACK)", tiles);
    if (s.inverse_rows) b.add("rows of B", local * n * 8.0);
    b.add("redistribution buffers", 2 * 32 * kMegabyte + n * 8.0);
  }
  b.add("LAPACK and BLAS work space", n * 64.0 * 8.0 + 32 * kMegabyte);
  b.add("replicated n x k products", n * s.replicated_columns * 8.0);
  b.add("results before writing", s.output_bytes * local / std::max(n, 1.0));
  return b;
}

void require_memory(MPI_Comm comm, const MemoryBudget& budget, const std::string& what) {
  MPI_Comm node = MPI_COMM_NULL;
  LEONTIEF_CHECK_MPI(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  int node_ranks = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(node, &node_ranks));
  double offered = io::available_memory(), least = 0.0;
  if (std::isnan(offered)) offered = 1e300;  // unknown: no check
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&offered, &least, 1, MPI_DOUBLE, MPI_MIN, node));
  LEONTIEF_CHECK_MPI(MPI_Comm_free(&node));
  const double per_rank = budget.total(), needed = per_rank * node_ranks;
  // The worst node decides for every rank.
  const double shortfall = needed - least;
  double worst = 0.0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&shortfall, &worst, 1, MPI_DOUBLE, MPI_MAX, comm));
  std::ostringstream estimate;
  estimate << what << ": memory needed about " << log::format_bytes(per_rank) << " per rank ("
           << budget.breakdown() << ")";
  if (least < 1e299) {
    estimate << "; " << log::format_bytes(needed) << " for the " << node_ranks
             << " rank(s) on this node, " << log::format_bytes(least) << " available";
  }
  log::info(estimate.str());
  if (worst > 0.0 && io::size_checks_enabled()) {
    throw InputError(estimate.str() + ": not enough memory on a node; give the run more nodes "
                                      "(the n x n matrices are spread over all ranks), fewer "
                                      "ranks per node, a larger --mem, or "
                                      "--size_check false to try anyway",
                     true);
  }
}

}  // namespace leontief::solver
