/// The dense global Leontief inverse of `leontief inverse`: B (I − A) = I, rows against the
/// serial reference of tests/support, zero-output sectors, the Ghosh inverse, and the errors
/// for non-productive tables. Run at 1, 2 and 4 ranks: one rank takes the in-place LAPACK
/// path, several ranks ScaLAPACK (n >= 64 rows per rank) or a sparse LU (smaller tables);
/// every rank count is compared with the same serial reference, so results do not depend on
/// the number of ranks.

#include <catch2/catch.hpp>
#include <cmath>

#include "io/runtime/error.hpp"
#include "solver/dense_inverse.hpp"
#include "tests/support.hpp"

using namespace leontief;
using leontief::test::DenseTable;

namespace {

/// (M (I − C))_ij against δ_ij, to an absolute tolerance, over every rank's rows of M.
/// @note Collective.
test::Agreement identity_residual(const solver::DenseLeontiefInverse& m,
                                  const std::vector<double>& c, double tolerance) {
  const std::size_t n = m.n;
  test::Agreement identity({0.0, tolerance});
  std::vector<double> product(n);
  for (std::size_t r = 0; r < m.local_rows; ++r) {
    for (std::size_t j = 0; j < n; ++j) product[j] = m(r, j);
    for (std::size_t k = 0; k < n; ++k) {
      const double mk = m(r, k);
      for (std::size_t j = 0; j < n; ++j) product[j] -= mk * c[k * n + j];
    }
    const std::size_t i = m.row_begin + r;
    for (std::size_t j = 0; j < n; ++j) identity.add(product[j], i == j ? 1.0 : 0.0, i * n + j);
  }
  return test::all_ranks(identity);
}

}  // namespace

TEST_CASE("the dense Leontief inverse inverts I - A and matches the serial reference",
          "[dense_inverse]") {
  // 3 regions at 4 ranks leaves one rank without rows; 8 x 40 = 320 rows is large enough for
  // ScaLAPACK at 4 ranks (64 rows per rank), the smaller tables take the sparse LU there.
  const auto shape =
      GENERATE(std::pair<std::size_t, std::size_t>{3, 4}, std::pair<std::size_t, std::size_t>{5, 6},
               std::pair<std::size_t, std::size_t>{8, 40});
  const unsigned seed = GENERATE(1u, 2u);
  const DenseTable t = test::random_table(shape.first, shape.second, 2, seed);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  const solver::DenseLeontiefInverse b = solver::dense_leontief_inverse(table);
  const auto& part = table.partition();
  const std::size_t n = t.n();
  REQUIRE(b.n == n);
  REQUIRE(b.row_begin == part.row_begin());
  REQUIRE(b.local_rows == part.local_rows());

  if (test::world_size() == 1) {
    CHECK_THAT(b.method, Catch::Contains("LAPACK getrf + getri"));
  } else if (n >= 64 * static_cast<std::size_t>(test::world_size())) {
    CHECK_THAT(b.method, Catch::Contains("scalapack"));
  }

  LEONTIEF_CHECK_AGREES(identity_residual(b, test::technical_coefficients(t), 1e-10));
  const auto reference = test::dense_leontief_inverse(t);
  // Entries of B are O(1) (the diagonal is at least 1): an absolute tolerance.
  test::Agreement entries({0.0, 1e-10});
  for (std::size_t r = 0; r < b.local_rows; ++r) {
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t k = (b.row_begin + r) * n + j;
      entries.add(b(r, j), reference[k], k);
    }
  }
  LEONTIEF_CHECK_AGREES(test::all_ranks(entries));
}

TEST_CASE("the Ghosh inverse inverts I - x^-1 Z", "[dense_inverse]") {
  const std::size_t regions = GENERATE(3, 8);
  const DenseTable t = test::random_table(regions, regions == 8 ? 40 : 4, 1, 17u);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::DenseLeontiefInverse g = solver::dense_leontief_inverse(table);
  solver::to_ghosh_inverse(g, table.gross_output());
  const std::size_t n = t.n();
  std::vector<double> allocation(n * n);  // Δ = x̂⁻¹ Z
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) allocation[i * n + j] = t.z[i * n + j] / t.x[i];
  }
  LEONTIEF_CHECK_AGREES(identity_residual(g, allocation, 1e-10));
}

TEST_CASE("zero-output sectors: identity row and column of B, zero in the Ghosh inverse",
          "[dense_inverse]") {
  const DenseTable t = test::random_table(3, 4, 2, 5u, /*zero_output_sector=*/6);
  REQUIRE(t.x[6] == 0.0);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::DenseLeontiefInverse b = solver::dense_leontief_inverse(table);
  const std::size_t n = t.n();
  const auto reference = test::dense_leontief_inverse(t);
  test::Agreement entries({0.0, 1e-10});
  for (std::size_t r = 0; r < b.local_rows; ++r) {
    const std::size_t i = b.row_begin + r;
    for (std::size_t j = 0; j < n; ++j) {
      entries.add(b(r, j), reference[i * n + j], i * n + j);
      if (i == 6 || j == 6) CHECK(b(r, j) == (i == j ? 1.0 : 0.0));
    }
  }
  LEONTIEF_CHECK_AGREES(test::all_ranks(entries));
  solver::to_ghosh_inverse(b, table.gross_output());
  test::Agreement ghosh({1e-10, 0.0});
  for (std::size_t r = 0; r < b.local_rows; ++r) {
    const std::size_t i = b.row_begin + r;
    for (std::size_t j = 0; j < n; ++j) {
      if (i == 6 || j == 6) {
        CHECK(b(r, j) == 0.0);
      } else {
        ghosh.add(b(r, j), reference[i * n + j] * t.x[j] / t.x[i], i * n + j);
      }
    }
  }
  LEONTIEF_CHECK_AGREES(test::all_ranks(ghosh));
}

TEST_CASE("a non-productive table has no Leontief inverse", "[dense_inverse][errors]") {
  SECTION("spectral radius 1.5: I - A is invertible but B has negative row sums") {
    auto table = test::distribute(MPI_COMM_WORLD, test::two_sector_feedback(3.0));
    CHECK_THROWS_AS(solver::dense_leontief_inverse(table), InputError);
    CHECK_THROWS_WITH(solver::dense_leontief_inverse(table),
                      Catch::Contains("not productive") && Catch::Contains(" at A_s1"));
  }
  SECTION("spectral radius 1: I - A is singular") {
    auto table = test::distribute(MPI_COMM_WORLD, test::two_sector_feedback(2.0));
    CHECK_THROWS_AS(solver::dense_leontief_inverse(table), InputError);
    CHECK_THROWS_WITH(solver::dense_leontief_inverse(table),
                      Catch::Contains("I - A is singular") && Catch::Contains("not productive"));
  }
}
