#include "solver/economy_partition.hpp"

#include <algorithm>

namespace leontief::solver {

EconomyPartition::EconomyPartition(std::size_t regions, std::size_t sectors, int ranks, int rank)
    : sectors_(sectors), rank_(rank), region_begin_(static_cast<std::size_t>(ranks) + 1, 0) {
  const std::size_t p = static_cast<std::size_t>(ranks);
  for (std::size_t r = 0; r < p; ++r) {
    // The first (regions % p) ranks get one extra economy.
    region_begin_[r + 1] = region_begin_[r] + regions / p + (r < regions % p ? 1 : 0);
  }
}

int EconomyPartition::owner_of_region(std::size_t region) const {
  auto it = std::upper_bound(region_begin_.begin(), region_begin_.end(), region);
  return static_cast<int>(it - region_begin_.begin()) - 1;
}

}  // namespace leontief::solver
