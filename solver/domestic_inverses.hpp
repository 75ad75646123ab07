#pragma once
/// @file domestic_inverses.hpp
/// @brief The G domestic Leontief inverses L_ss = (I − A_ss)⁻¹. Rows are partitioned by
/// whole economies, so each A_ss is local and its inverse is an independent N x N LAPACK
/// problem on the owning rank: G·N³ work instead of (G·N)³.

#include <vector>

#include "solver/distributed_table.hpp"

namespace leontief::solver {

class DomesticInverses {
 public:
  /// @brief Computes L_ss for the economies this rank owns (no communication).
  /// @throws InputError if some I − A_ss is singular.
  explicit DomesticInverses(const DistributedTable& table);

  /// Row-major N x N block L_ss for a locally owned economy `region`.
  const double* block(std::size_t region) const;
  std::size_t sectors() const { return sectors_; }

 private:
  std::size_t first_region_, sectors_;
  std::vector<std::vector<double>> blocks_;
};

}  // namespace leontief::solver
