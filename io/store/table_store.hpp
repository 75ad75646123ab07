#pragma once
/// @file table_store.hpp
/// @brief The canonical HDF5 table every command reads (format "leontief-table").
///
/// Layout (n = G·N; all values float64):
///   /Z            n x n      intermediate flows, row = supplying economy-sector (version 1
///                            and 2), or, in version 2, a group /Z (attribute layout="csr")
///                            holding Z in CSR form: row_offsets (n+1, uint64),
///                            columns (nnz, uint64, increasing within a row), values (nnz)
///   /Y            n x (G·F)  final demand, columns by destination economy then category
///   /x            n          gross output used by every computation
///   /VA           n          value added (x - 1'Z when the table is balanced)
///   /x_published  n          gross output as published (GO)
///   /VA_published n          value added as published
///   /labels/{regions,sectors,final_demand_categories}
///   root attributes: format, format_version, source, year, units, input_file, balanced,
///   created_by.
/// Z and Y are chunked by whole economies (N rows), so a rank reads only its row block.
/// `leontief import` writes dense version-1 tables; sparse networks (`leontief generate`,
/// or any program writing the layout above) use CSR, which never holds an n x n array.

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "io/runtime/atomic_path.hpp"
#include "io/store/hdf5.hpp"
#include "io/store/sparse_rows.hpp"
#include "io/store/table_layout.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Writes the canonical table from a streaming reader.
///
/// With `balance`, gross output is re-derived as x = Z·1 + Y·1 and value added as the
/// residual x - 1'Z, so every accounting identity holds exactly; otherwise x is the
/// published gross output. The file appears under `path` only after commit().
/// @note Not collective: used by one rank (rank 0) with comm MPI_COMM_SELF.
class TableStoreWriter final : public TableSink {
 public:
  TableStoreWriter(std::string path, bool balance, int compression_level = 4);
  ~TableStoreWriter() override;

  void begin(const TableLabels& labels, const TableMetadata& metadata) override;
  void row(std::size_t i, std::span<const double> intermediate,
           std::span<const double> final_demand, double gross_output) override;
  void finish(std::span<const double> value_added) override;

  /// Closes the file and renames it into place.
  void commit();

 private:
  void create(const TableLabels& labels, const TableMetadata& metadata);
  void store_row(std::size_t i, std::span<const double> intermediate,
                 std::span<const double> final_demand, double gross_output);
  void store_totals(std::span<const double> value_added);
  void flush_block();
  void book_unsold_output(std::vector<double>& x, std::vector<double>& va);

  std::string path_;
  bool balance_;
  int compression_level_;
  AtomicPath atomic_;
  TableLabels labels_;
  TableMetadata metadata_;
  h5::File file_;
  h5::Dataset z_, y_;
  std::vector<double> z_block_, y_block_;  // one economy's rows, row-major
  std::size_t block_begin_ = 0, block_rows_ = 0;
  std::vector<double> row_total_;     // Z·1 + Y·1
  std::vector<double> input_total_;   // 1'Z
  std::vector<double> gross_output_;  // published x
};

/// @brief An opened canonical table, read collectively with MPI-IO.
class TableFile {
 public:
  /// @brief Opens and validates the file (format, shapes, labels).
  /// @throws InputError naming the file when it is missing, truncated, not HDF5 or not a
  ///   leontief table.
  /// @note Collective on `comm`.
  TableFile(MPI_Comm comm, std::string path);

  const std::string& path() const { return path_; }
  const TableLabels& labels() const { return labels_; }
  const TableMetadata& metadata() const { return metadata_; }
  bool balanced() const { return balanced_; }
  /// True if Z is stored in CSR form (group /Z).
  bool sparse_intermediate() const { return sparse_z_; }
  /// Stored entries of a CSR Z (0 for a dense Z).
  std::uint64_t intermediate_nonzeros() const { return z_nonzeros_; }

  /// @brief Rows [begin, begin+count) of Z in CSR form, from either layout (a dense Z is
  /// read one economy block at a time, so only the nonzeros are kept). Each rank passes its
  /// own block; count may be 0.
  /// @throws InputError naming the file and row if CSR offsets or columns are invalid.
  /// @note Collective on the file's communicator.
  SparseRows read_intermediate_rows(std::size_t begin, std::size_t count) const;

  /// @brief Reads rows [begin, begin+count) of the 2-D dataset `name` ("Z" or "Y"),
  /// row-major (a CSR Z is expanded). Every rank passes its own block; count may be 0.
  /// @note Collective on the file's communicator.
  std::vector<double> read_rows(const std::string& name, std::size_t begin,
                                std::size_t count) const;
  /// @brief Reads a whole 1-D dataset ("x", "VA", ...) on every rank.
  /// @note Collective.
  std::vector<double> read_vector(const std::string& name) const;

 private:
  void open();
  void validate();
  [[noreturn]] void fail(const std::string& what) const;
  /// Collective: throws on every rank if the read failed on any.
  void report_read(herr_t rc, const std::string& name) const;
  std::vector<hsize_t> shape(const std::string& name) const;
  void open_sparse_intermediate();
  SparseRows read_csr_rows(std::size_t begin, std::size_t count) const;
  SparseRows read_dense_rows_as_csr(std::size_t begin, std::size_t count) const;
  /// Reads [begin, begin+count) of the 1-D dataset `name` as `type` (collective).
  void read_slice(const std::string& name, hid_t type, std::size_t begin, std::size_t count,
                  void* out) const;

  MPI_Comm comm_;
  std::string path_;
  h5::File file_;
  TableLabels labels_;
  TableMetadata metadata_;
  bool balanced_ = false;
  bool sparse_z_ = false;
  std::uint64_t z_nonzeros_ = 0;  // CSR only
};

}  // namespace leontief::io
