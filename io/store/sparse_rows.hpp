#pragma once
/// @file sparse_rows.hpp
/// @brief A block of matrix rows in compressed sparse row (CSR) form, the layout of the
/// intermediate flows Z in sparse tables (format version 2).

#include <cstdint>
#include <vector>

namespace leontief::io {

struct SparseRows {
  /// offsets[r] .. offsets[r+1] index row r's entries; offsets[0] = 0.
  std::vector<std::uint64_t> offsets{0};
  /// Global column of each entry, increasing within a row.
  std::vector<std::uint64_t> columns;
  std::vector<double> values;

  std::size_t rows() const { return offsets.size() - 1; }
};

}  // namespace leontief::io
