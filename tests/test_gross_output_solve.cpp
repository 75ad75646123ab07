// x = (I − A)⁻¹ Y·1 for tables published as coefficients only (EXIOBASE 3.4), against the
// known answer x = Z·1 + Y·1 of a table whose A was formed from Z and x.

#include <mpi.h>

#include <catch2/catch.hpp>
#include <vector>

#include "io/runtime/error.hpp"
#include "solver/distributed_table.hpp"
#include "solver/gross_output_solve.hpp"

namespace {

using leontief::solver::DistributedTable;

/// Two economies x two sectors, one final-demand category (Z and Y of tests/data/formats).
struct Known {
  std::vector<double> z = {10, 2, 3, 1, 4, 20, 1, 5, 2, 1, 30, 6, 3, 4, 2, 40};
  std::vector<double> y = {9, 4, 9, 8, 12, 13, 15, 16};  // 4 rows x 2 economies
  std::vector<double> x = std::vector<double>(4, 0.0);
  Known() {
    for (std::size_t i = 0; i < 4; ++i) {
      for (std::size_t j = 0; j < 4; ++j) x[i] += z[i * 4 + j];
      x[i] += y[i * 2] + y[i * 2 + 1];
    }
  }
};

leontief::io::TableLabels labels() {
  leontief::io::TableLabels l;
  l.regions = {"AT", "BE"};
  l.sectors = {"a", "b"};
  l.final_demand_categories = {"hh"};
  return l;
}

}  // namespace

TEST_CASE("Gross output from A and Y: x = (I - A)^-1 Y·1, checked", "[solver][exiobase3]") {
  const Known known;
  // The table the import builds from A.txt: Z := A, x := 1, VA := 1 - 1'A.
  std::vector<double> a(16), ones(4, 1.0), va(4, 1.0);
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      a[i * 4 + j] = known.z[i * 4 + j] / known.x[j];
      va[j] -= a[i * 4 + j];
    }
  }
  const auto table = DistributedTable::from_dense(MPI_COMM_WORLD, labels(), a, known.y, ones, va);
  const auto solved = leontief::solver::solve_gross_output(table);
  REQUIRE(solved.x.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) CHECK(solved.x[i] == Approx(known.x[i]).epsilon(1e-12));
  CHECK(solved.relative_residual < 1e-13);
  CHECK_FALSE(solved.solver.empty());
}

TEST_CASE("Gross output from A and Y: a non-productive A is refused", "[solver][exiobase3]") {
  // Column sums of A above 1 in every column: (I - A)^-1 has negative entries.
  const std::vector<double> a = {0.6, 0.5, 0, 0, 0.5, 0.6, 0, 0, 0, 0, 0.6, 0.5, 0, 0, 0.5, 0.6};
  const std::vector<double> y = {1, 1, 1, 1, 1, 1, 1, 1};
  const auto table = DistributedTable::from_dense(MPI_COMM_WORLD, labels(), a, y,
                                                  std::vector<double>(4, 1.0),
                                                  std::vector<double>(4, -0.1));
  CHECK_THROWS_AS(leontief::solver::solve_gross_output(table), leontief::InputError);
}
