#include "decomposition/trade/value_added.hpp"

#include "solver/phase.hpp"

namespace leontief::decomposition {

using solver::DenseArray;
using solver::Matrix;

namespace {

/// Copies the local rows of a distributed dense matrix into row-major storage, scaling row
/// i by v_i (the value-added coefficient turns output into value added).
std::vector<double> scaled_local_rows(Mat m, const std::vector<double>& v, std::size_t row_begin,
                                      std::size_t local_rows, std::size_t cols) {
  std::vector<double> out(local_rows * cols);
  DenseArray a(m);
  for (std::size_t r = 0; r < local_rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      out[r * cols + c] = v[row_begin + r] * a(static_cast<PetscInt>(r), static_cast<PetscInt>(c));
    }
  }
  return out;
}

}  // namespace

std::vector<double> gross_exports(const solver::DistributedTable& table) {
  const auto& labels = table.labels();
  const auto& part = table.partition();
  const std::size_t G = labels.region_count();
  const std::vector<double> final_by_destination = table.final_demand_by_destination();
  std::vector<double> exports(part.local_rows() * G, 0.0);
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t i = part.row_begin() + r;
    double* row = &exports[r * G];
    table.for_each_flow(r, [&](std::size_t j, double z) { row[labels.region_of_row(j)] += z; });
    for (std::size_t g = 0; g < G; ++g) row[g] += final_by_destination[r * G + g];
    row[labels.region_of_row(i)] = 0.0;  // domestic sales are not exports
  }
  return exports;
}

ValueAddedAccounts value_added_accounts(const solver::DistributedTable& table,
                                        const solver::LeontiefOperator& leontief,
                                        bool with_source_in_exports) {
  const auto& part = table.partition();
  const std::size_t G = table.labels().region_count(), n = table.n();
  const std::size_t local = part.local_rows(), begin = part.row_begin();
  const std::vector<double> v = table.value_added_coefficients();
  ValueAddedAccounts accounts;
  accounts.gross_exports = gross_exports(table);

  {
    solver::Phase phase("solve V̂BY");
    Matrix rhs = leontief.create_dense(G);
    {
      DenseArray a(rhs.get());
      const std::vector<double> y = table.final_demand_by_destination();
      for (std::size_t r = 0; r < local; ++r) {
        for (std::size_t g = 0; g < G; ++g) a(static_cast<PetscInt>(r), static_cast<PetscInt>(g)) = y[r * G + g];
      }
    }
    Matrix by = leontief.solve(rhs.get());
    accounts.by_destination = scaled_local_rows(by.get(), v, begin, local, G);
  }
  if (with_source_in_exports) {
    solver::Phase phase("solve V̂BÊ");
    Matrix rhs = leontief.create_dense(n);
    {
      DenseArray a(rhs.get());
      for (std::size_t r = 0; r < local; ++r) {
        double e = 0.0;
        for (std::size_t g = 0; g < G; ++g) e += accounts.gross_exports[r * G + g];
        a(static_cast<PetscInt>(r), static_cast<PetscInt>(begin + r)) = e;
      }
    }
    Matrix be = leontief.solve(rhs.get());
    accounts.in_exports = scaled_local_rows(be.get(), v, begin, local, n);
  }
  return accounts;
}

}  // namespace leontief::decomposition
