#pragma once
/// @file ario_rebuild.hpp
/// @brief Where the reconstruction demand of the ARIO model goes: supplier i of product p(i)
/// gets the share s_ig of economy g's reconstruction demand for p — its share of g's
/// purchases of p in Z; if g buys no p, its share of the world's purchases of p; if nobody
/// buys p, its share of p's output (docs/methods/dynamic.md, "Reconstruction").

#include <cstddef>
#include <vector>

#include "decomposition/dynamic/ario_network.hpp"

namespace leontief::decomposition {

class RebuildRouting {
 public:
  /// @brief The shares s_ig of this rank's suppliers of `products` (sector indices).
  /// @throws InputError if a rebuilding product has no output anywhere.
  /// @note Collective on the network's communicator.
  RebuildRouting(const ArioNetwork& network, const std::vector<std::size_t>& products);

  /// The number of rebuilding products.
  std::size_t count() const { return products_.size(); }
  /// Index of sector k among the rebuilding products, or −1.
  int index(std::size_t sector) const { return index_[sector]; }
  /// s_ig for local row `local_row` (of a rebuilding product) and economy g.
  double share(std::size_t local_row, std::size_t economy) const {
    return shares_[local_row * G_ + economy];
  }
  std::size_t economies() const { return G_; }

 private:
  std::vector<std::size_t> products_;
  std::size_t G_;
  std::vector<int> index_;
  std::vector<double> shares_;  // local rows × G
};

}  // namespace leontief::decomposition
