#include "decomposition/shocks/low_rank_update.hpp"

#include <petscsys.h>
// petscblaslapack.h needs petscsys.h first
#include <petscblaslapack.h>

#include <string>
#include <type_traits>

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

static_assert(std::is_same_v<PetscBLASInt, int>, "pivots are stored as int");

LowRankUpdate::LowRankUpdate(DenseMatrix solved, DenseMatrix q)
    : solved_(std::move(solved)), q_(std::move(q)) {
  const std::size_t n = q_.rows(), r = q_.cols();
  if (solved_.rows() != n || solved_.cols() != r) {
    throw_library_error("LowRankUpdate: factors of different shapes", __FILE__, __LINE__);
  }
  lu_.assign(r * r, 0.0);
  pivots_.assign(r, 0);
  if (r == 0) return;
  // Row-major n x r arrays are column-major r x n arrays Qc = Qᵀ and Sc = Sᵀ (leading
  // dimension r). lu_ is column-major r x r and must hold K = I + Q'S.
  const PetscBLASInt rr = static_cast<PetscBLASInt>(r), nn = static_cast<PetscBLASInt>(n);
  const double one = 1.0, zero = 0.0;
  // lu_ = Qc Scᵀ: lu_(a, b) = Σ_i Q(i, a) S(i, b) = (Q'S)(a, b).
  BLASgemm_("N", "T", &rr, &rr, &nn, &one, q_.data().data(), &rr, solved_.data().data(), &rr, &zero,
            lu_.data(), &rr);
  for (std::size_t a = 0; a < r; ++a) lu_[a * r + a] += 1.0;
  PetscBLASInt info = 0;
  LAPACKgetrf_(&rr, &rr, lu_.data(), &rr, pivots_.data(), &info);
  if (info != 0) {
    throw_library_error(
        "low-rank update: the capacitance matrix I + Q'M^-1 P is singular "
        "(LAPACK getrf info " +
            std::to_string(info) + ")",
        __FILE__, __LINE__);
  }
}

std::vector<double> LowRankUpdate::correction(const std::vector<double>& u) const {
  const std::size_t n = q_.rows(), r = q_.cols();
  std::vector<double> w(r, 0.0), c(n, 0.0);
  if (r == 0) return c;
  for (std::size_t i = 0; i < n; ++i) {
    const double ui = u[i];
    if (ui == 0.0) continue;
    const double* qi = q_.row(i);
    for (std::size_t a = 0; a < r; ++a) w[a] += qi[a] * ui;
  }
  const PetscBLASInt rr = static_cast<PetscBLASInt>(r), nrhs = 1;
  PetscBLASInt info = 0;
  LAPACKgetrs_("N", &rr, &nrhs, lu_.data(), &rr, pivots_.data(), w.data(), &rr, &info);
  if (info != 0) {
    throw_library_error("LAPACK getrs failed with info " + std::to_string(info), __FILE__,
                        __LINE__);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double* si = solved_.row(i);
    double sum = 0.0;
    for (std::size_t a = 0; a < r; ++a) sum += si[a] * w[a];
    c[i] = sum;
  }
  return c;
}

}  // namespace leontief::decomposition
