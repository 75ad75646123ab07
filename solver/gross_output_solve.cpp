#include "solver/gross_output_solve.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>

#include "io/runtime/error.hpp"
#include "solver/petsc_handles.hpp"

namespace leontief::solver {

SolvedGrossOutput solve_gross_output(const DistributedTable& coefficients,
                                     const LeontiefOptions& options) {
  const auto& part = coefficients.partition();
  const std::size_t local = part.local_rows();
  const std::size_t columns = coefficients.labels().final_demand_columns();
  const LeontiefOperator op(coefficients, options);
  Matrix rhs = op.create_dense(1);
  std::vector<double> demand(local, 0.0);  // Y·1 of the local rows
  {
    DenseArray a(rhs.get());
    for (std::size_t r = 0; r < local; ++r) {
      for (std::size_t k = 0; k < columns; ++k) {
        demand[r] += coefficients.final_demand()[r * columns + k];
      }
      a(static_cast<PetscInt>(r), 0) = demand[r];
    }
  }
  const Matrix solution = op.solve(rhs.get());
  std::vector<double> mine(local);
  {
    DenseArray a(solution.get());
    for (std::size_t r = 0; r < local; ++r) mine[r] = a(static_cast<PetscInt>(r), 0);
  }

  // Every rank gets all of x (the reader of the second pass, on rank 0, scales A's columns).
  const MPI_Comm comm = coefficients.comm();
  int size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  const int count = static_cast<int>(local);
  std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size), 0);
  LEONTIEF_CHECK_MPI(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm));
  for (std::size_t p = 1; p < counts.size(); ++p) offsets[p] = offsets[p - 1] + counts[p - 1];
  SolvedGrossOutput result;
  result.x.resize(coefficients.n());
  LEONTIEF_CHECK_MPI(MPI_Allgatherv(mine.data(), count, MPI_DOUBLE, result.x.data(), counts.data(),
                                    offsets.data(), MPI_DOUBLE, comm));
  result.solver = op.description();

  // The check is independent of the solver: x − A x − Y·1 row by row from A's nonzeros.
  double worst = 0.0, scale = 0.0;
  for (std::size_t r = 0; r < local; ++r) {
    double ax = 0.0;
    for (std::size_t k = coefficients.z_row_offsets()[r]; k < coefficients.z_row_offsets()[r + 1];
         ++k) {
      ax += coefficients.z_values()[k] * result.x[coefficients.z_columns()[k]];
    }
    worst = std::max(worst, std::abs(mine[r] - ax - demand[r]));
  }
  for (const double v : result.x) scale = std::max(scale, std::abs(v));
  LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, &worst, 1, MPI_DOUBLE, MPI_MAX, comm));
  result.relative_residual = scale > 0.0 ? worst / scale : worst;
  if (!(result.relative_residual <= kGrossOutputResidualLimit)) {
    throw InputError(input_location(coefficients.path(), "",
                                    "x = (I - A)^-1 Y·1 leaves a residual x - A x - Y·1 of " +
                                        std::to_string(result.relative_residual) +
                                        " (relative to max x); I - A is close to singular"),
                     true);
  }
  const auto negative = std::find_if(result.x.begin(), result.x.end(),
                                     [](double v) { return v < 0.0; });
  if (negative != result.x.end()) {
    const auto i = static_cast<std::size_t>(negative - result.x.begin());
    throw InputError(input_location(coefficients.path(), coefficients.labels().row_label(i),
                                    "x = (I - A)^-1 Y·1 is negative (" + std::to_string(*negative) +
                                        "): final demand of the row is negative beyond what "
                                        "its sales to other sectors cover"),
                     true);
  }
  return result;
}

}  // namespace leontief::solver
