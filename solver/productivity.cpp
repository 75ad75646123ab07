#include "solver/productivity.hpp"

#include <cmath>
#include <string>

#include "io/runtime/error.hpp"

namespace leontief::solver {

void require_unit_output_multipliers(const DistributedTable& table, double local_smallest,
                                     std::size_t where, bool marked_up) {
  struct {
    double value;
    int index;
  } mine{std::isnan(local_smallest) ? -INFINITY : local_smallest, static_cast<int>(where)},
      worst{};
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&mine, &worst, 1, MPI_DOUBLE_INT, MPI_MINLOC, table.comm()));
  if (worst.value >= 1.0 - 1e-8) return;
  throw InputError(table.path() +
                       (marked_up ? ": the coefficients with markups A*M are not productive "
                                    "(spectral radius >= 1): (I-A*M)^-1 * 1 is "
                                  : ": the technical coefficients A are not productive (spectral "
                                    "radius >= 1): (I-A)^-1 * 1 is ") +
                       std::to_string(worst.value) + " < 1 at " +
                       table.labels().row_label(static_cast<std::size_t>(worst.index)) +
                       (marked_up ? "" : "; check for sectors whose intermediate inputs exceed "
                                         "gross output"),
                   true);  // every rank has the same reduced result
}

}  // namespace leontief::solver
