/// The iterative solve path (GMRES or Richardson with block-Jacobi over economies): the same
/// answers as the direct LU on random tables, both ways (B and B'), at every rank count; the
/// automatic choice; conflicting options and non-productive tables rejected clearly.

#include <catch2/catch.hpp>
#include <petscsys.h>

#include "decomposition/trade/value_added.hpp"
#include "io/runtime/error.hpp"
#include "solver/leontief_operator.hpp"
#include "tests/support.hpp"

using namespace leontief;

namespace {

solver::LeontiefOptions iterative_options(const std::string& prefix = "leontief_") {
  solver::LeontiefOptions o;
  o.prefix = prefix;
  o.path = solver::SolvePath::iterative;
  return o;
}

/// Two solutions (this rank's rows), entry by entry, merged over the ranks. @note Collective.
test::Agreement agreement(const std::vector<double>& got, const std::vector<double>& expected,
                          double tolerance) {
  test::Agreement a({tolerance, 0.0});
  for (std::size_t k = 0; k < got.size(); ++k) a.add(got[k], expected[k], k);
  return test::all_ranks(a);
}

}  // namespace

TEST_CASE("iterative solves agree with the direct LU", "[solver][iterative]") {
  const std::size_t regions = GENERATE(3, 5);
  const auto t = test::random_table(regions, 4, 2, 7u + static_cast<unsigned>(regions));
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::LeontiefOperator direct(table);
  // Richardson through the user's PETSc options: block-Jacobi iteration.
  const std::string prefix = GENERATE(std::string("gmres_test_"), std::string("richardson_test_"));
  if (prefix == "richardson_test_") {
    PetscOptionsSetValue(nullptr, "-richardson_test_ksp_type", "richardson");
  }
  solver::LeontiefOperator iterative(table, iterative_options(prefix));
  REQUIRE(iterative.iterative());
  CHECK_THAT(iterative.description(), Catch::Contains(prefix == "gmres_test_" ? "gmres/bjacobi"
                                                                              : "richardson/bjacobi"));
  const auto exact = decomposition::value_added_accounts(table, direct, false);
  const auto approx = decomposition::value_added_accounts(table, iterative, false);
  LEONTIEF_CHECK_AGREES(agreement(approx.by_destination, exact.by_destination, 1e-10));

  // Transposed solves: B'v = 1 on a balanced table (value-added multipliers).
  LEONTIEF_CHECK_AGREES(test::va_multipliers(table, iterative, 1e-10));
  PetscOptionsClearValue(nullptr, "-richardson_test_ksp_type");
}

TEST_CASE("the solve path is chosen by size unless requested", "[solver][iterative]") {
  const auto t = test::random_table(3, 4, 1, 5u);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::LeontiefOptions options;
  options.storage = solver::MatrixStorage::sparse;
  options.iterative_min_order = 12;  // n = 12
  CHECK(solver::LeontiefOperator(table, options).iterative());
  options.iterative_min_order = 13;
  CHECK_FALSE(solver::LeontiefOperator(table, options).iterative());
  options.iterative_min_order = 12;
  options.path = solver::SolvePath::direct;
  CHECK_FALSE(solver::LeontiefOperator(table, options).iterative());

  auto conflicting = iterative_options();
  conflicting.storage = solver::MatrixStorage::dense;
  CHECK_THROWS_WITH(solver::LeontiefOperator(table, conflicting),
                    Catch::Contains("solver.method = iterative needs sparse storage"));
  CHECK_THROWS_AS(solver::parse_solve_path("gmres"), InputError);
}

TEST_CASE("the iterative path rejects a non-productive table", "[solver][iterative][errors]") {
  // Two sectors selling each other 1.5 times their output: spectral radius 1.5.
  const auto t = test::two_sector_feedback(3.0);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  CHECK_THROWS_AS(solver::LeontiefOperator(table, iterative_options()), Error);
}
