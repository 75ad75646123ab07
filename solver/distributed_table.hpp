#pragma once
/// @file distributed_table.hpp
/// @brief An MRIO table distributed by economy row blocks: each rank holds its rows of Z
/// (sparse, CSR) and Y (dense), and the full gross-output and value-added vectors (n each,
/// needed to form A's columns). Read collectively from the canonical HDF5 store.

#include <mpi.h>

#include <string>
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

  /// Local rows of Z in CSR form (only nonzeros; columns global).
  const std::vector<std::size_t>& z_row_offsets() const { return z_offsets_; }
  const std::vector<std::size_t>& z_columns() const { return z_columns_; }
  const std::vector<double>& z_values() const { return z_values_; }
  /// Local rows of Y, row-major (local_rows x G·F).
  const std::vector<double>& final_demand() const { return y_; }
  /// Local rows of Y summed over categories: local_rows x G (destination economies).
  std::vector<double> final_demand_by_destination() const;

 private:
  DistributedTable(MPI_Comm comm, io::TableLabels labels, EconomyPartition partition);
  void set_local_rows(const std::vector<double>& z_dense_rows, std::vector<double> y_rows);
  void validate(const std::string& path) const;

  MPI_Comm comm_;
  std::string path_;
  io::TableLabels labels_;
  io::TableMetadata metadata_;
  bool balanced_ = false;
  EconomyPartition partition_;
  std::vector<double> x_, va_;
  std::vector<std::size_t> z_offsets_, z_columns_;
  std::vector<double> z_values_;
  std::vector<double> y_;
};

}  // namespace leontief::solver
