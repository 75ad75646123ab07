#pragma once
/// @file economy_partition.hpp
/// @brief Rows of Z (and of every n-row result) are split across ranks by whole economies,
/// so each domestic block A_ss lives on one rank. Economies are dealt out as evenly as
/// possible; with more ranks than economies some ranks own no rows.

#include <cstddef>
#include <vector>

namespace leontief::solver {

class EconomyPartition {
 public:
  EconomyPartition(std::size_t regions, std::size_t sectors, int ranks, int rank);

  std::size_t first_region() const { return region_begin_[rank_]; }
  std::size_t region_count() const { return region_begin_[rank_ + 1] - region_begin_[rank_]; }
  std::size_t row_begin() const { return first_region() * sectors_; }
  std::size_t row_end() const { return row_begin() + local_rows(); }
  std::size_t local_rows() const { return region_count() * sectors_; }
  bool owns_row(std::size_t i) const { return i >= row_begin() && i < row_end(); }
  /// The rank that owns economy `region`.
  int owner_of_region(std::size_t region) const;

 private:
  std::size_t sectors_;
  int rank_;
  std::vector<std::size_t> region_begin_;  // size ranks+1
};

}  // namespace leontief::solver
