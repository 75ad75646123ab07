#pragma once
/// @file identity_minus_a.hpp
/// @brief The rows of I − A (A = Z x̂⁻¹, optionally A∘M) built from a rank's CSR rows of Z:
/// the one place that turns flows into technical coefficients for every matrix storage.

#include <petscsys.h>

#include <functional>
#include <vector>

#include "solver/distributed_table.hpp"

namespace leontief::solver {

/// Multiplier m_ij of technical coefficient a_ij (row i, column j; global indices): the
/// operator is then I − A∘M, e.g. M = 11' + T for tariff-inclusive input costs.
using CoefficientMarkup = std::function<double(std::size_t row, std::size_t col)>;

/// @brief Calls `row_entries(row, cols, vals)` with each local row of I − A: A_ij = Z_ij / x_j,
/// column j zero when x_j = 0 (the diagonal entry first); A_ij times markup(i, j) if given.
template <class RowEntries>
void for_each_row_of_identity_minus_a(const DistributedTable& table,
                                      const CoefficientMarkup& markup, RowEntries&& row_entries) {
  const auto& part = table.partition();
  const auto& x = table.gross_output();
  std::vector<PetscInt> cols;
  std::vector<PetscScalar> vals;
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const PetscInt row = static_cast<PetscInt>(part.row_begin() + r);
    cols.assign(1, row);
    vals.assign(1, 1.0);
    table.for_each_flow(r, [&](std::size_t j, double z) {
      if (x[j] <= 0.0) return;
      double a = z / x[j];
      if (markup) a *= markup(static_cast<std::size_t>(row), j);
      if (static_cast<PetscInt>(j) == row) {
        vals[0] -= a;
      } else {
        cols.push_back(static_cast<PetscInt>(j));
        vals.push_back(-a);
      }
    });
    row_entries(row, cols, vals);
  }
}

}  // namespace leontief::solver
