#pragma once
/// @file distributed_table.hpp
/// @brief An MRIO table distributed by economy row blocks: each rank holds its rows of Z
/// (dense, or CSR when Z is sparse) and Y (dense), and the full gross-output and value-added
/// vectors (n each, needed to form A's columns). Read collectively from the canonical HDF5
/// store.

#include <mpi.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "io/store/table_labels.hpp"
#include "solver/economy_partition.hpp"

namespace leontief::solver {

class DistributedTable {
 public:
  /// @brief Reads this rank's row block and validates the data (finite values, Z >= 0,
  /// x >= 0, no inputs into zero-output sectors).
  /// @throws InputError naming the file, dataset and the row/column label.
  /// @note Collective on `comm`.
  static DistributedTable read(MPI_Comm comm, const std::string& path);

  /// @brief Builds a table from full, replicated arrays (tests, small tables): Z n x n and
  /// Y n x (G·F) row-major; x and VA of length n.
  /// @note Collective on `comm`.
  static DistributedTable from_dense(MPI_Comm comm, io::TableLabels labels,
                                     const std::vector<double>& z, const std::vector<double>& y,
                                     std::vector<double> x, std::vector<double> va);

  MPI_Comm comm() const { return comm_; }
  /// The file the table was read from (named in error messages).
  const std::string& path() const { return path_; }
  const io::TableLabels& labels() const { return labels_; }
  const io::TableMetadata& metadata() const { return metadata_; }
  bool balanced() const { return balanced_; }
  const EconomyPartition& partition() const { return partition_; }
  std::size_t n() const { return labels_.n(); }

  /// Gross output x (all n entries, on every rank).
  const std::vector<double>& gross_output() const { return x_; }
  /// Value added (all n entries, on every rank).
  const std::vector<double>& value_added() const { return va_; }
  /// Value-added coefficients v = VA / x; 0 for zero-output sectors (documented rule).
  std::vector<double> value_added_coefficients() const;

  /// True when this rank holds its rows of Z densely (every entry; Z has at least half of
  /// its entries nonzero, where dense rows take less memory than CSR's 16 bytes per
  /// nonzero); otherwise only the nonzeros are kept (CSR).
  bool dense_flows() const { return dense_z_; }
  /// Nonzeros of this rank's rows of Z.
  std::size_t local_nonzeros() const { return local_nonzeros_; }
  /// Local row r of Z, all n entries (only when dense_flows()).
  const double* dense_flow_row(std::size_t r) const { return z_dense_.data() + r * n(); }

  /// @brief Calls f(j, z) for every nonzero z = Z_ij of local row r (global row
  /// row_begin + r), by increasing column j: the one way every computation reads Z.
  template <class F>
  void for_each_flow(std::size_t r, F&& f) const {
    for_each_flow(r, 0, n(), std::forward<F>(f));
  }
  /// @brief The same for the columns j in [begin, end) only (e.g. one economy's block).
  template <class F>
  void for_each_flow(std::size_t r, std::size_t begin, std::size_t end, F&& f) const {
    if (dense_z_) {
      const double* row = dense_flow_row(r);
      for (std::size_t j = begin; j < end; ++j) {
        if (row[j] != 0.0) f(j, row[j]);
      }
      return;
    }
    const std::size_t* first = z_columns_.data() + z_offsets_[r];
    const std::size_t* last = z_columns_.data() + z_offsets_[r + 1];
    if (begin > 0) first = std::lower_bound(first, last, begin);
    for (const std::size_t* k = first; k != last && *k < end; ++k) {
      f(*k, z_values_[static_cast<std::size_t>(k - z_columns_.data())]);
    }
  }

  /// Local rows of Y, row-major (local_rows x G·F).
  const std::vector<double>& final_demand() const { return y_; }
  /// Local rows of Y summed over categories: local_rows x G (destination economies).
  std::vector<double> final_demand_by_destination() const;

 private:
  DistributedTable(MPI_Comm comm, io::TableLabels labels, EconomyPartition partition);
  /// Keeps the dense local rows of Z, or only their nonzeros when Z is sparse (decided on
  /// the density over all ranks, so every rank stores Z alike).
  void set_dense_flows(std::vector<double> z_dense_rows);
  void set_sparse_flows(std::vector<std::size_t> offsets, std::vector<std::size_t> columns,
                        std::vector<double> values);
  void validate(const std::string& path) const;

  MPI_Comm comm_;
  std::string path_;
  io::TableLabels labels_;
  io::TableMetadata metadata_;
  bool balanced_ = false;
  EconomyPartition partition_;
  std::vector<double> x_, va_;
  bool dense_z_ = false;
  std::size_t local_nonzeros_ = 0;
  std::vector<double> z_dense_;  // local_rows x n, row-major (dense_z_)
  std::vector<std::size_t> z_offsets_, z_columns_;  // CSR (!dense_z_)
  std::vector<double> z_values_;
  std::vector<double> y_;
};

}  // namespace leontief::solver
