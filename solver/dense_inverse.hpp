#pragma once
/// @file dense_inverse.hpp
/// @brief The whole global Leontief inverse B = (I − A)⁻¹ as a dense n x n matrix, for users
/// who need every entry (`leontief inverse`). Methods that need only B times a thin block
/// solve with LeontiefOperator instead and never form B.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "solver/distributed_table.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::solver {

/// This rank's rows of a dense n x n matrix (B, or G after to_ghosh_inverse): global rows
/// [row_begin, row_begin + local_rows), the table's economy-block layout, row-major.
struct DenseLeontiefInverse {
  std::size_t n = 0;
  std::size_t row_begin = 0;
  std::size_t local_rows = 0;
  std::unique_ptr<HugePageBuffer> storage;  ///< local_rows x n doubles, row-major
  std::string method;  ///< how it was computed (for the log and the result's metadata)

  double* data() const { return storage->data(); }
  /// The local rows as one row-major block (what ResultFile::write_matrix takes).
  std::span<const double> rows() const { return {storage->data(), local_rows * n}; }
  /// Entry (row_begin + local_row, col).
  double operator()(std::size_t local_row, std::size_t col) const {
    return storage->data()[local_row * n + col];
  }
};

/// @brief B = (I − A)⁻¹ of the table (A = Z x̂⁻¹; the columns of zero-output sectors are 0),
/// this rank's rows.
///
/// I − A is assembled straight into LAPACK's array (one rank) or ScaLAPACK's block-cyclic
/// tiles (several ranks) and inverted in place by getrf + getri / pdgetrf + pdgetri
/// (solver/dense_leontief.hpp; no other n x n copy on one rank; on several the rows of B
/// are then gathered by economy). Tables too small for ScaLAPACK on the ranks given: a
/// sparse LU and solves with the identity. Log stages "assemble I-A" and "invert" (and
/// "factor" for the sparse LU); the path taken is logged and returned in `method`.
/// @throws InputError naming the table if I − A is singular or A is not productive (a row
/// sum of B below 1, named by its row label).
/// @note Collective on the table's communicator.
DenseLeontiefInverse dense_leontief_inverse(const DistributedTable& table);

/// @brief Turns B into the Ghosh inverse G = x̂⁻¹ B x̂ = (I − x̂⁻¹Z)⁻¹ in place:
/// g_ij = b_ij x_j / x_i. Rows and columns of zero-output sectors become 0 (x̂⁻¹ is taken
/// as 0 there, the project's rule for zero-output sectors).
/// Local: no communication. `gross_output` holds all n entries of x.
void to_ghosh_inverse(DenseLeontiefInverse& inverse, const std::vector<double>& gross_output);

}  // namespace leontief::solver
