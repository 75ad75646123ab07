#pragma once
/// @file sparse_table_writer.hpp
/// @brief Writes a canonical table whose intermediate flows Z are stored in CSR form
/// (format version 2): the layout for networks far too large for a dense n x n Z.

#include <hdf5.h>

#include <functional>
#include <string>
#include <vector>

#include "io/store/sparse_rows.hpp"
#include "io/store/table_layout.hpp"
#include "io/store/table_labels.hpp"

namespace leontief::io {

/// A whole table held in memory with Z in CSR form.
struct SparseTable {
  TableLabels labels;
  TableMetadata metadata;
  bool balanced = true;    ///< x = Z·1 + Y·1 and VA = x − 1'Z hold exactly
  SparseRows z;            ///< all n rows
  std::vector<double> y;   ///< n x (G·F), row-major
  std::vector<double> x;   ///< gross output (also written as x_published)
  std::vector<double> va;  ///< value added (also written as VA_published)
};

/// @brief Writes `table` to `path` atomically: the file appears only once complete.
/// `extra(file)` may add datasets of its own (e.g. a known answer) before the commit.
/// With `dense_z`, Z is written as a dense n x n dataset (format version 1, as `import`
/// writes tables): smaller than CSR when most entries are nonzero; deflated when
/// `compression_level` > 0.
/// @throws InputError if the file cannot be created.
/// @note Not collective: one rank writes a serial HDF5 file.
void write_sparse_table(const std::string& path, const SparseTable& table,
                        const std::function<void(hid_t file)>& extra = {},
                        bool dense_z = false, int compression_level = kDefaultCompressionLevel);

}  // namespace leontief::io
