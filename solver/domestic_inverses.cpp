#include "solver/domestic_inverses.hpp"

#include <petscsys.h>
// petscblaslapack.h needs petscsys.h first
#include <petscblaslapack.h>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"

namespace leontief::solver {

DomesticInverses::DomesticInverses(const DistributedTable& table)
    : first_region_(table.partition().first_region()), sectors_(table.labels().sector_count()) {
  const auto& part = table.partition();
  const auto& x = table.gross_output();
  const std::size_t N = sectors_;
  const PetscBLASInt order = static_cast<PetscBLASInt>(N);
  // A singular block shows on its owning rank only: agree before the next collective call.
  run_collectively(table.comm(), [&] {
    for (std::size_t s = 0; s < part.region_count(); ++s) {
      const std::size_t offset = (first_region_ + s) * N;  // global index of the block
      // LAPACK is column-major; build (I − A_ss)ᵀ in column-major = I − A_ss in row-major.
      std::vector<double> m(N * N, 0.0);
      for (std::size_t i = 0; i < N; ++i) m[i * N + i] = 1.0;
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t r = s * N + i;
        table.for_each_flow(r, offset, offset + N, [&](std::size_t j, double z) {
          if (x[j] > 0.0) m[i * N + (j - offset)] -= z / x[j];
        });
      }
      // inv(Mᵀ) = inv(M)ᵀ, so inverting the column-major view gives row-major L_ss.
      std::vector<PetscBLASInt> pivots(N);
      PetscBLASInt info = 0;
      LAPACKgetrf_(&order, &order, m.data(), &order, pivots.data(), &info);
      if (info != 0) {
        throw InputError(table.path() + ": domestic block I - A_ss of " +
                         table.labels().regions[first_region_ + s] + " is singular");
      }
      PetscBLASInt work_size = static_cast<PetscBLASInt>(N * 64);
      std::vector<double> work(static_cast<std::size_t>(work_size));
      LAPACKgetri_(&order, m.data(), &order, pivots.data(), work.data(), &work_size, &info);
      if (info != 0) {
        throw_library_error("LAPACK getri failed with info " + std::to_string(info), __FILE__,
                            __LINE__);
      }
      blocks_.push_back(std::move(m));
    }
  });
}

const double* DomesticInverses::block(std::size_t region) const {
  if (region < first_region_ || region - first_region_ >= blocks_.size()) {
    throw_library_error(
        "domestic inverse of economy " + std::to_string(region) + " is not owned by this rank",
        __FILE__, __LINE__);
  }
  return blocks_[region - first_region_].data();
}

}  // namespace leontief::solver
