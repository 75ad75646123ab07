#pragma once
/// @file gross_output_solve.hpp
/// @brief Gross output of a table published as coefficients only (EXIOBASE 3.4: A and Y,
/// no Z, no x): x = (I − A)⁻¹ Y·1, solved with the distributed Leontief operator.

#include <string>
#include <vector>

#include "solver/distributed_table.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::solver {

struct SolvedGrossOutput {
  std::vector<double> x;            ///< all n entries, on every rank
  double relative_residual = 0.0;   ///< max_i |x − A x − Y·1|_i / max_i |x_i|
  std::string solver;               ///< e.g. "preonly/lu (mumps)"
};

/// Largest relative residual accepted: a direct solve leaves ~1e-15; more means a
/// near-singular I − A or an iterative solve stopped early.
inline constexpr double kGrossOutputResidualLimit = 1e-8;

/// @brief Solves (I − A) x = Y·1 for a table whose Z holds A and whose x is 1 (so the
/// operator's A = Z x̂⁻¹ is A itself), then checks x − A x − Y·1 ≈ 0.
/// @throws InputError naming `table.path()` if A is not productive, I − A is singular, x
/// has a negative entry, or the residual exceeds kGrossOutputResidualLimit.
/// @note Collective on the table's communicator.
SolvedGrossOutput solve_gross_output(const DistributedTable& coefficients,
                                     const LeontiefOptions& options = {});

}  // namespace leontief::solver
