#include "decomposition/dynamic/ario_network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "solver/phase.hpp"

namespace leontief::decomposition {

namespace {

int size_of(MPI_Comm comm) {
  int s = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &s));
  return s;
}

int rank_of(MPI_Comm comm) {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &r));
  return r;
}

/// Displacements of `counts` (exclusive prefix sums).
std::vector<int> displacements(const std::vector<int>& counts) {
  std::vector<int> d(counts.size(), 0);
  for (std::size_t k = 1; k < counts.size(); ++k) d[k] = d[k - 1] + counts[k - 1];
  return d;
}

}  // namespace

ArioNetwork::ArioNetwork(const solver::DistributedTable& table, double days_per_year)
    : table_(table), days_per_year_(days_per_year) {
  solver::Phase phase("set up ARIO");
  const MPI_Comm comm = table.comm();
  const int ranks = size_of(comm), rank = rank_of(comm);
  const auto& part = table.partition();
  const std::size_t N = table.labels().sector_count(), n = table.n();
  const std::size_t rb = part.row_begin(), local = part.local_rows();
  const auto& offsets = table.z_row_offsets();
  const auto& columns = table.z_columns();
  const auto& values = table.z_values();
  const std::size_t categories = table.labels().final_demand_columns();
  const auto& y = table.final_demand();

  // Daily baseline: row totals, so demand equals output on day 0 exactly.
  std::vector<double> x_local(local);
  y0_.assign(local, 0.0);
  std::size_t inactive = 0, differ = 0;
  double largest_gap = 0;
  for (std::size_t r = 0; r < local; ++r) {
    double z = 0, f = 0;
    for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) z += values[k];
    for (std::size_t c = 0; c < categories; ++c) f += y[r * categories + c];
    double total = (z + f) / days_per_year;
    y0_[r] = f / days_per_year;
    if (total < 0) {
      ++inactive;
      total = 0;
      y0_[r] = -z / days_per_year;
    }
    x_local[r] = total;
    const double xt = table.gross_output()[rb + r] / days_per_year;
    if (std::abs(xt - total) > 1e-6 * std::max(std::abs(xt), std::abs(total))) ++differ;
    if (xt > 0) largest_gap = std::max(largest_gap, std::abs(xt - total) / xt);
  }
  std::vector<int> counts(static_cast<std::size_t>(ranks));
  const int mine = static_cast<int>(local);
  LEONTIEF_CHECK_MPI(MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, comm));
  x0_.assign(n, 0.0);
  LEONTIEF_CHECK_MPI(MPI_Allgatherv(x_local.data(), mine, MPI_DOUBLE, x0_.data(), counts.data(),
                                    displacements(counts).data(), MPI_DOUBLE, comm));
  unsigned long long flags[2] = {inactive, differ}, total_flags[2] = {0, 0};
  LEONTIEF_CHECK_MPI(MPI_Allreduce(flags, total_flags, 2, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm));
  LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, &largest_gap, 1, MPI_DOUBLE, MPI_MAX, comm));
  if (total_flags[1] > 0) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "ARIO baseline: output = row totals Z·1 + Y·1; they differ from the table's "
                  "gross output by more than 1e-6 in %llu rows (at most %.3g relative)",
                  total_flags[1], largest_gap);
    log::info(text);
  }
  if (total_flags[0] > 0) {
    log::warn("ARIO baseline: " + std::to_string(total_flags[0]) +
              " rows have a negative row total (negative final demand): inactive, output 0");
  }

  // 1. The pairs (p, j) this rank's rows supply: key j·N + p, sorted, unique.
  std::vector<std::uint64_t> keys;
  keys.reserve(values.size());
  for (std::size_t r = 0; r < local; ++r) {
    const std::uint64_t p = (rb + r) % N;
    for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
      if (values[k] != 0) keys.push_back(static_cast<std::uint64_t>(columns[k]) * N + p);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  // 2. Each key goes to the owner of its buyer (keys are sorted by buyer, owners by rank).
  std::vector<int> send(static_cast<std::size_t>(ranks), 0), receive(send.size());
  for (const auto key : keys) {
    ++send[static_cast<std::size_t>(part.owner_of_region(static_cast<std::size_t>(key / N) / N))];
  }
  LEONTIEF_CHECK_MPI(MPI_Alltoall(send.data(), 1, MPI_INT, receive.data(), 1, MPI_INT, comm));
  const auto send_at = displacements(send), receive_at = displacements(receive);
  std::vector<std::uint64_t> requested(
      static_cast<std::size_t>(std::accumulate(receive.begin(), receive.end(), 0)));
  LEONTIEF_CHECK_MPI(MPI_Alltoallv(keys.data(), send.data(), send_at.data(), MPI_UINT64_T,
                                   requested.data(), receive.data(), receive_at.data(),
                                   MPI_UINT64_T, comm));
  std::vector<std::uint64_t> pairs = requested;
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  unsigned long long m_local = pairs.size(), first = 0, m_total = 0;
  LEONTIEF_CHECK_MPI(MPI_Exscan(&m_local, &first, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm));
  if (rank == 0) first = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&m_local, &m_total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm));
  global_pairs_ = m_total;

  // 3. The owner answers with the global column of every key it was sent.
  std::vector<std::uint64_t> answers(requested.size());
  for (std::size_t k = 0; k < requested.size(); ++k) {
    answers[k] = first + static_cast<std::uint64_t>(
                             std::lower_bound(pairs.begin(), pairs.end(), requested[k]) -
                             pairs.begin());
  }
  std::vector<std::uint64_t> column_of_key(keys.size());
  LEONTIEF_CHECK_MPI(MPI_Alltoallv(answers.data(), receive.data(), receive_at.data(),
                                   MPI_UINT64_T, column_of_key.data(), send.data(),
                                   send_at.data(), MPI_UINT64_T, comm));

  // 4. This rank's pairs, buyer by buyer.
  offsets_.assign(local + 1, 0);
  products_.resize(pairs.size());
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const std::size_t j = static_cast<std::size_t>(pairs[k] / N);
    products_[k] = static_cast<std::uint32_t>(pairs[k] % N);
    ++offsets_[j - rb + 1];
  }
  std::partial_sum(offsets_.begin(), offsets_.end(), offsets_.begin());

  // 5. Ẑ: one entry per nonzero of Z, in the column of (p(i), j).
  const std::uint64_t own_begin = first, own_end = first + m_local;
  std::vector<PetscInt> diagonal(local, 0), off(local, 0);
  std::vector<std::vector<PetscInt>> row_columns(local);
  for (std::size_t r = 0; r < local; ++r) {
    const std::uint64_t p = (rb + r) % N;
    for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
      if (values[k] == 0) continue;
      const std::uint64_t key = static_cast<std::uint64_t>(columns[k]) * N + p;
      const auto at = std::lower_bound(keys.begin(), keys.end(), key) - keys.begin();
      const std::uint64_t c = column_of_key[static_cast<std::size_t>(at)];
      (c >= own_begin && c < own_end ? diagonal : off)[r]++;
      row_columns[r].push_back(static_cast<PetscInt>(c));
    }
  }
  LEONTIEF_CHECK_PETSC(MatCreate(comm, flows_.out()));
  LEONTIEF_CHECK_PETSC(MatSetSizes(flows_.get(), static_cast<PetscInt>(local),
                                   static_cast<PetscInt>(m_local), static_cast<PetscInt>(n),
                                   static_cast<PetscInt>(m_total)));
  LEONTIEF_CHECK_PETSC(MatSetType(flows_.get(), MATAIJ));
  LEONTIEF_CHECK_PETSC(MatSeqAIJSetPreallocation(flows_.get(), 0, diagonal.data()));
  LEONTIEF_CHECK_PETSC(
      MatMPIAIJSetPreallocation(flows_.get(), 0, diagonal.data(), 0, off.data()));
  std::vector<PetscScalar> row_values;
  for (std::size_t r = 0; r < local; ++r) {
    row_values.clear();
    for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
      if (values[k] != 0) row_values.push_back(values[k] / days_per_year);
    }
    const auto row = static_cast<PetscInt>(rb + r);
    LEONTIEF_CHECK_PETSC(MatSetValues(flows_.get(), 1, &row,
                                      static_cast<PetscInt>(row_columns[r].size()),
                                      row_columns[r].data(), row_values.data(), INSERT_VALUES));
    std::vector<PetscInt>().swap(row_columns[r]);
  }
  LEONTIEF_CHECK_PETSC(MatAssemblyBegin(flows_.get(), MAT_FINAL_ASSEMBLY));
  LEONTIEF_CHECK_PETSC(MatAssemblyEnd(flows_.get(), MAT_FINAL_ASSEMBLY));

  // 6. a_pj = Z^S_pj / x₀_j with Z^S = Ẑ'·1.
  solver::Vector ones = row_vector(), purchases = pair_vector();
  LEONTIEF_CHECK_PETSC(VecSet(ones.get(), 1.0));
  LEONTIEF_CHECK_PETSC(MatMultTranspose(flows_.get(), ones.get(), purchases.get()));
  coefficients_.assign(pairs.size(), 0.0);
  {
    solver::VectorArray z(purchases.get());
    for (std::size_t r = 0; r < local; ++r) {
      const double x = x0_[rb + r];
      for (std::size_t k = offsets_[r]; k < offsets_[r + 1]; ++k) {
        coefficients_[k] = x > 0 ? z[static_cast<PetscInt>(k)] / x : 0.0;
      }
    }
  }
  log::info("ARIO network: n = " + std::to_string(n) + ", " + std::to_string(m_total) +
            " (input product, buyer) pairs");
}

solver::Vector ArioNetwork::row_vector() const {
  solver::Vector v;
  LEONTIEF_CHECK_PETSC(MatCreateVecs(flows_.get(), nullptr, v.out()));
  return v;
}

solver::Vector ArioNetwork::pair_vector() const {
  solver::Vector v;
  LEONTIEF_CHECK_PETSC(MatCreateVecs(flows_.get(), v.out(), nullptr));
  return v;
}

double ArioNetwork::final_demand_towards(std::size_t r,
                                         const std::vector<std::size_t>& partners) const {
  const std::size_t F = table_.labels().category_count();
  const std::size_t columns = table_.labels().final_demand_columns();
  const auto& y = table_.final_demand();
  double sum = 0;
  if (partners.empty()) {
    for (std::size_t c = 0; c < columns; ++c) sum += y[r * columns + c];
  } else {
    for (const std::size_t g : partners) {
      for (std::size_t f = 0; f < F; ++f) sum += y[r * columns + g * F + f];
    }
  }
  return sum / days_per_year_;
}

}  // namespace leontief::decomposition
