#pragma once
/// @file low_rank_update.hpp
/// @brief Solves with a low-rank change M + P Q' of a factored matrix M (Woodbury):
///
///   (M + P Q')⁻¹ b = M⁻¹b − (M⁻¹P) K⁻¹ Q'(M⁻¹b),   K = I_r + Q' M⁻¹ P  (r x r),
///
/// so a change of rank r costs r solves with the existing factorization of M (shared by
/// every change, as columns of one multi-right-hand-side solve) and one r x r LU, instead
/// of a fresh factorization. K is nonsingular exactly when M + PQ' is (det K =
/// det(M + PQ') / det M). With M' for M, the same class serves transposed systems:
/// (M + PQ')' = M' + Q P'.

#include <vector>

#include "decomposition/dense_matrix.hpp"

namespace leontief::decomposition {

class LowRankUpdate {
 public:
  /// @brief Forms and factors K from `solved` = M⁻¹P and `q` = Q (both n x r, replicated).
  /// @throws Error if K is singular (M + PQ' is singular).
  LowRankUpdate(DenseMatrix solved, DenseMatrix q);

  std::size_t rank() const { return q_.cols(); }

  /// @brief The correction c = (M⁻¹P) K⁻¹ Q' u for u = M⁻¹b, so (M + PQ')⁻¹b = u − c.
  std::vector<double> correction(const std::vector<double>& u) const;

 private:
  DenseMatrix solved_, q_;
  std::vector<double> lu_;  // LAPACK getrf of K (column-major)
  std::vector<int> pivots_;
};

}  // namespace leontief::decomposition
