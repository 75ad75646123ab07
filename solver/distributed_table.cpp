#include "solver/distributed_table.hpp"

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/store/table_store.hpp"

namespace leontief::solver {

namespace {
EconomyPartition make_partition(MPI_Comm comm, const io::TableLabels& labels) {
  int size = 1, rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  return EconomyPartition(labels.region_count(), labels.sector_count(), size, rank);
}
}  // namespace

DistributedTable::DistributedTable(MPI_Comm comm, io::TableLabels labels,
                                   EconomyPartition partition)
    : comm_(comm), labels_(std::move(labels)), partition_(std::move(partition)) {}

DistributedTable DistributedTable::read(MPI_Comm comm, const std::string& path) {
  io::TableFile file(comm, path);
  DistributedTable table(comm, file.labels(), make_partition(comm, file.labels()));
  table.path_ = path;
  table.metadata_ = file.metadata();
  table.balanced_ = file.balanced();
  const auto& part = table.partition_;
  table.x_ = file.read_vector("x");
  table.va_ = file.read_vector("VA");
  if (file.sparse_intermediate()) {
    io::SparseRows z = file.read_intermediate_rows(part.row_begin(), part.local_rows());
    static_assert(std::is_same_v<std::size_t, std::uint64_t>, "CSR arrays are moved, not copied");
    table.set_sparse_flows(std::move(z.offsets), std::move(z.columns), std::move(z.values));
  } else {
    // Straight into the table's own storage: one copy of this rank's rows, no conversion.
    table.set_dense_flows(file.read_rows("Z", part.row_begin(), part.local_rows()));
  }
  table.y_ = file.read_rows("Y", part.row_begin(), part.local_rows());
  table.validate(path);
  return table;
}

DistributedTable DistributedTable::from_dense(MPI_Comm comm, io::TableLabels labels,
                                              const std::vector<double>& z,
                                              const std::vector<double>& y,
                                              std::vector<double> x, std::vector<double> va) {
  auto partition = make_partition(comm, labels);
  DistributedTable table(comm, std::move(labels), partition);
  const std::size_t n = table.n(), fd = table.labels_.final_demand_columns();
  const std::size_t b = partition.row_begin(), e = partition.row_end();
  table.set_dense_flows(std::vector<double>(z.begin() + static_cast<long>(b * n),
                                            z.begin() + static_cast<long>(e * n)));
  table.y_ = std::vector<double>(y.begin() + static_cast<long>(b * fd),
                                 y.begin() + static_cast<long>(e * fd));
  table.x_ = std::move(x);
  table.va_ = std::move(va);
  table.balanced_ = true;
  table.metadata_.source = "in-memory table";
  table.path_ = "<in-memory table>";
  table.validate("<in-memory table>");
  return table;
}

namespace {

/// Dense rows take 8 bytes per entry, CSR 16 per nonzero: dense from half the entries on.
bool dense_is_smaller(MPI_Comm comm, unsigned long long local_nonzeros, double local_entries) {
  unsigned long long nonzeros = 0;
  double entries = 0.0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&local_nonzeros, &nonzeros, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm));
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&local_entries, &entries, 1, MPI_DOUBLE, MPI_SUM, comm));
  return 2.0 * static_cast<double>(nonzeros) >= entries;
}

}  // namespace

void DistributedTable::set_dense_flows(std::vector<double> z_dense_rows) {
  const std::size_t n = this->n(), rows = partition_.local_rows();
  std::size_t nonzeros = 0;
  for (const double z : z_dense_rows) nonzeros += z != 0.0 ? 1 : 0;  // NaN counts, for validate
  local_nonzeros_ = nonzeros;
  if (dense_is_smaller(comm_, nonzeros, static_cast<double>(rows) * static_cast<double>(n))) {
    dense_z_ = true;
    z_dense_ = std::move(z_dense_rows);
    return;
  }
  dense_z_ = false;
  z_offsets_.assign(1, 0);
  z_columns_.clear();
  z_values_.clear();
  z_columns_.reserve(nonzeros);
  z_values_.reserve(nonzeros);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t j = 0; j < n; ++j) {
      const double z = z_dense_rows[r * n + j];
      if (z != 0.0) {
        z_columns_.push_back(j);
        z_values_.push_back(z);
      }
    }
    z_offsets_.push_back(z_columns_.size());
  }
}

void DistributedTable::set_sparse_flows(std::vector<std::size_t> offsets,
                                        std::vector<std::size_t> columns,
                                        std::vector<double> values) {
  const std::size_t n = this->n(), rows = partition_.local_rows();
  local_nonzeros_ = values.size();
  if (!dense_is_smaller(comm_, values.size(), static_cast<double>(rows) * static_cast<double>(n))) {
    dense_z_ = false;
    z_offsets_ = std::move(offsets);
    z_columns_ = std::move(columns);
    z_values_ = std::move(values);
    return;
  }
  dense_z_ = true;
  z_dense_.assign(rows * n, 0.0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) z_dense_[r * n + columns[k]] = values[k];
  }
}

void DistributedTable::validate(const std::string& path) const {
  const std::size_t n = this->n(), fd = labels_.final_demand_columns();
  std::vector<double> local_inputs(n, 0.0), inputs(n, 0.0);
  run_collectively(comm_, [&] {
    const auto fail = [&](const std::string& dataset, const std::string& where,
                          const std::string& what) {
      throw InputError(path + ": " + dataset + " " + where + ": " + what);
    };
    for (std::size_t j = 0; j < n; ++j) {
      if (!std::isfinite(x_[j])) fail("/x", labels_.row_label(j), "gross output is not finite");
      if (x_[j] < 0.0) fail("/x", labels_.row_label(j), "negative gross output " + std::to_string(x_[j]));
      if (!std::isfinite(va_[j])) fail("/VA", labels_.row_label(j), "value added is not finite");
    }
    for (std::size_t r = 0; r < partition_.local_rows(); ++r) {
      const std::size_t i = partition_.row_begin() + r;
      for_each_flow(r, [&](std::size_t j, double z) {
        if (!(std::isfinite(z) && z >= 0.0)) {
          const std::string where = "row " + labels_.row_label(i) + ", column " + labels_.row_label(j);
          if (!std::isfinite(z)) fail("/Z", where, "value is not finite");
          fail("/Z", where, "negative intermediate flow " + std::to_string(z));
        }
        local_inputs[j] += z;
      });
      for (std::size_t c = 0; c < fd; ++c) {
        if (!std::isfinite(y_[r * fd + c])) {
          fail("/Y", "row " + labels_.row_label(i) + ", column " + labels_.final_demand_label(c),
               "value is not finite");
        }
      }
    }
  });
  LEONTIEF_CHECK_MPI(MPI_Allreduce(local_inputs.data(), inputs.data(), static_cast<int>(n),
                                   MPI_DOUBLE, MPI_SUM, comm_));
  std::size_t zero_output = 0;
  run_collectively(comm_, [&] {
    for (std::size_t j = 0; j < n; ++j) {
      if (x_[j] != 0.0) continue;
      ++zero_output;
      if (inputs[j] != 0.0) {
        throw InputError(path + ": /Z column " + labels_.row_label(j) +
                         ": zero gross output but nonzero intermediate inputs");
      }
    }
  });
  if (zero_output > 0) {
    log::info(std::to_string(zero_output) +
              " sectors have zero gross output: their coefficients are 0 (see docs/methods.md)");
  }
}

std::vector<double> DistributedTable::value_added_coefficients() const {
  std::vector<double> v(n(), 0.0);
  for (std::size_t j = 0; j < n(); ++j) v[j] = x_[j] > 0.0 ? va_[j] / x_[j] : 0.0;
  return v;
}

std::vector<double> DistributedTable::final_demand_by_destination() const {
  const std::size_t G = labels_.region_count(), F = labels_.category_count();
  std::vector<double> out(partition_.local_rows() * G, 0.0);
  for (std::size_t r = 0; r < partition_.local_rows(); ++r) {
    for (std::size_t g = 0; g < G; ++g) {
      double sum = 0.0;
      for (std::size_t f = 0; f < F; ++f) sum += y_[r * G * F + g * F + f];
      out[r * G + g] = sum;
    }
  }
  return out;
}

}  // namespace leontief::solver
