#include "decomposition/dynamic/ario_rebuild.hpp"

#include <mpi.h>

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

RebuildRouting::RebuildRouting(const ArioNetwork& network,
                               const std::vector<std::size_t>& products)
    : products_(products), G_(network.table().labels().region_count()) {
  const auto& table = network.table();
  const std::size_t N = table.labels().sector_count(), P = products.size();
  const std::size_t local = network.local_industries(), rb = network.row_begin();
  index_.assign(N, -1);
  for (std::size_t q = 0; q < P; ++q) index_[products[q]] = static_cast<int>(q);
  shares_.assign(local * G_, 0.0);
  // Purchases by economy (s_ig numerators), by the world, and output, of each product.
  std::vector<double> by_economy(P * G_, 0.0), world(P, 0.0), output(P, 0.0), own(local, 0.0);
  const auto& offsets = table.z_row_offsets();
  for (std::size_t r = 0; r < local; ++r) {
    const int q = index_[(rb + r) % N];
    if (q < 0) continue;
    for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
      const std::size_t g = table.z_columns()[k] / N;
      shares_[r * G_ + g] += table.z_values()[k];
      own[r] += table.z_values()[k];
    }
    for (std::size_t g = 0; g < G_; ++g) {
      by_economy[static_cast<std::size_t>(q) * G_ + g] += shares_[r * G_ + g];
    }
    world[static_cast<std::size_t>(q)] += own[r];
    output[static_cast<std::size_t>(q)] += network.baseline_output()[rb + r];
  }
  const MPI_Comm comm = network.comm();
  LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, by_economy.data(),
                                   static_cast<int>(by_economy.size()), MPI_DOUBLE, MPI_SUM, comm));
  LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, world.data(), static_cast<int>(P), MPI_DOUBLE,
                                   MPI_SUM, comm));
  LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, output.data(), static_cast<int>(P), MPI_DOUBLE,
                                   MPI_SUM, comm));
  for (std::size_t q = 0; q < P; ++q) {
    if (!(output[q] > 0)) {
      throw InputError("rebuilding sector '" + table.labels().sectors[products[q]] +
                       "' produces nothing in the table: it cannot rebuild capital");
    }
  }
  for (std::size_t r = 0; r < local; ++r) {
    const int q = index_[(rb + r) % N];
    if (q < 0) continue;
    const auto uq = static_cast<std::size_t>(q);
    for (std::size_t g = 0; g < G_; ++g) {
      double& s = shares_[r * G_ + g];
      if (by_economy[uq * G_ + g] > 0) {
        s /= by_economy[uq * G_ + g];
      } else if (world[uq] > 0) {
        s = own[r] / world[uq];
      } else {
        s = network.baseline_output()[rb + r] / output[uq];
      }
    }
  }
}

}  // namespace leontief::decomposition
