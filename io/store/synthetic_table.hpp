#pragma once
/// @file synthetic_table.hpp
/// @brief Synthetic MRIO tables of chosen size and density with a known answer, for tests
/// and benchmarks at sizes no published table reaches (firm-level networks, n ~ 10^6).
///
/// Construction: a random sparse A ≥ 0 whose every row and column sum is at most s < 1/2,
/// with a chosen share of each row's links inside its own region; per-destination outputs
/// x_r > 0 chosen at random; final demand Y_r = (I − A) x_r ≥ 0, x = Σ_r x_r, Z = A x̂ and
/// VA = x − 1'Z. Then B Y_r = x_r exactly, so V̂BY = v̂ [x_1 … x_G] is known without a solve.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/store/sparse_table_writer.hpp"

namespace leontief::io {

struct SyntheticTableSpec {
  std::size_t regions = 50;
  std::size_t sectors = 20000;     ///< per region: n = regions · sectors
  double links_per_row = 10.0;     ///< average nonzeros per row of Z (n = all: dense)
  double domestic_share = 0.7;     ///< share of a row's links inside its own region
  double input_share = 0.45;       ///< bound s on every row and column sum of A, 0 < s < 1/2
  std::size_t categories = 1;      ///< final-demand categories per region
  std::uint64_t seed = 1;
};

struct SyntheticTable {
  SparseTable table;
  /// The known answer, n x G row-major: column r is x_r = B Y_r.
  std::vector<double> output_by_destination;
};

/// Where write_synthetic_table() stores the known answer.
inline constexpr const char* kKnownOutputDataset = "synthetic/output_by_destination";

/// What make_synthetic_table() and write_synthetic_table() need.
struct SyntheticTableSize {
  double memory_bytes = 0;  ///< peak memory of the generating rank
  double disk_bytes = 0;    ///< size of the written file
};

/// @brief Estimates memory and disk of the table of `spec` (no allocation; safe for any
/// size, e.g. n = 10^10).
SyntheticTableSize estimate_synthetic_table(const SyntheticTableSpec& spec);

/// @brief Builds the table of `spec` (deterministic for a seed).
/// @throws InputError if a parameter is out of range (naming the option).
SyntheticTable make_synthetic_table(const SyntheticTableSpec& spec);

/// @brief Writes the table (Z in CSR form) plus the known answer under /synthetic, whose
/// attributes record the spec. @note Not collective (one rank writes).
void write_synthetic_table(const std::string& path, const SyntheticTableSpec& spec,
                           const SyntheticTable& synthetic);

}  // namespace leontief::io
