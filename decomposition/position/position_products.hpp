#pragma once
/// @file position_products.hpp
/// @brief Thin building blocks that the TiVA and position methods combine: products with the
/// imported-input coefficients A^F = A − blockdiag(A_ss), replicated n x k matrices built
/// per economy, and the ratio rule for measures whose denominator can be zero.
///
/// Everything here is n x k with k = 1, G or a few G: no method built on it forms a block of
/// B, so memory stays O(n·G) per rank however large the table.

#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <vector>

#include "decomposition/gvc_context.hpp"

namespace leontief::decomposition {

/// @brief num / den, or NaN (written NA) when the denominator is zero: a share of nothing is
/// undefined, not 0 and not Inf (docs/methods/tiva.md, "Zero denominators").
inline double ratio(double num, double den) {
  return den == 0.0 ? std::numeric_limits<double>::quiet_NaN() : num / den;
}

/// @brief A^F·M: imported intermediate inputs only (A without its diagonal blocks A_ss),
/// times a replicated n x k matrix; rows by the owning ranks, then replicated.
/// @note Collective.
DenseMatrix foreign_technical(const GvcContext& context, const DenseMatrix& m);

/// @brief (A^F)'·M: each rank adds the contributions of its own rows, then a sum reduction.
/// @note Collective.
DenseMatrix foreign_technical_transpose(const GvcContext& context, const DenseMatrix& m);

/// @brief A vector as an n x 1 matrix.
DenseMatrix column(const std::vector<double>& values);

/// @brief Column `c` of a matrix as a vector.
std::vector<double> column_of(const DenseMatrix& m, std::size_t c);

/// @brief Matrices with the same rows side by side ([M1 | M2 | ...]), so one multi-column
/// solve serves several measures.
DenseMatrix join_columns(std::initializer_list<const DenseMatrix*> blocks);

/// @brief Columns [first, first + count) of a matrix.
DenseMatrix column_block(const DenseMatrix& m, std::size_t first, std::size_t count);

/// @brief The n x G matrix with `values[i]` in the column of row i's own economy and zeros
/// elsewhere: column r holds the r-block of the vector. B times it gives B_sr·values_r for
/// every pair (s, r) at once.
DenseMatrix split_by_economy(const GvcContext& context, const std::vector<double>& values);

/// @brief Σ_c M(i, c): the row total of an n x G matrix over all economies.
double row_total(const DenseMatrix& m, std::size_t i);

/// @brief Σ over the columns of economies other than row i's own: Σ_{r≠s(i)} M(i, r) for an
/// n x G matrix M whose columns are economies.
double foreign_columns_sum(const GvcContext& context, const DenseMatrix& m, std::size_t i);

}  // namespace leontief::decomposition
