#pragma once
/// @file productivity.hpp
/// @brief The one verdict on productivity shared by every path that has B·1 in hand: A ≥ 0
/// is productive iff B = I + A + A² + … exists, and then every output multiplier (B·1)_i is
/// at least 1. If the spectral radius exceeds 1, the left Perron vector w ≥ 0 gives
/// w'B1 = w'1/(1 − ρ) < 0, so some entry of B·1 falls below 1.

#include <cstddef>

#include "solver/distributed_table.hpp"

namespace leontief::solver {

/// @brief Throws the InputError of a non-productive A (naming the table and the row) unless
/// the smallest entry of B·1 over all ranks is at least 1 (to 1e-8). `local_smallest` is
/// this rank's smallest entry (NaN counts as −∞; +∞ on a rank without rows), at global row
/// `where`; `marked_up` says the coefficients are A∘M.
/// @note Collective on the table's communicator.
void require_unit_output_multipliers(const DistributedTable& table, double local_smallest,
                                     std::size_t where, bool marked_up);

}  // namespace leontief::solver
