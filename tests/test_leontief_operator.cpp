/// Distributed Leontief operator: solves against a serial dense inverse, accounting
/// identities on random tables, domestic inverses, zero-output sectors, and the
/// productivity check. Run at 1, 2 and 4 ranks: comparing with the serial reference at
/// every rank count makes the results rank-count independent.

#include <catch2/catch.hpp>
#include <cmath>

#include "decomposition/trade/value_added.hpp"
#include "io/runtime/error.hpp"
#include "solver/domestic_inverses.hpp"
#include "solver/leontief_operator.hpp"
#include "tests/support.hpp"

using namespace leontief;
using leontief::test::DenseTable;

namespace {

solver::LeontiefOptions storage(solver::MatrixStorage s) {
  solver::LeontiefOptions o;
  o.storage = s;
  return o;
}

/// Reference V̂BY (n x G, row-major) from the dense inverse.
std::vector<double> reference_vby(const DenseTable& t) {
  const std::size_t n = t.n(), G = t.labels.region_count(), F = t.labels.category_count();
  const auto b = test::dense_leontief_inverse(t);
  std::vector<double> out(n * G, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = t.x[i] > 0.0 ? t.va[i] / t.x[i] : 0.0;
    for (std::size_t g = 0; g < G; ++g) {
      double sum = 0.0;
      for (std::size_t k = 0; k < n; ++k) {
        double y = 0.0;
        for (std::size_t f = 0; f < F; ++f) y += t.y[k * G * F + g * F + f];
        sum += b[i * n + k] * y;
      }
      out[i * G + g] = v * sum;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("V̂BY matches the serial dense inverse on random tables", "[solver]") {
  const auto storage_kind =
      GENERATE(solver::MatrixStorage::sparse, solver::MatrixStorage::dense);
  // 3 regions at 4 ranks leaves one rank without rows.
  const std::size_t regions = GENERATE(3, 5);
  const DenseTable t = test::random_table(regions, 4, 2, 42u + static_cast<unsigned>(regions));
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::LeontiefOperator op(table, storage(storage_kind));
  const auto accounts = decomposition::value_added_accounts(table, op, false);
  const auto reference = reference_vby(t);
  const auto& part = table.partition();
  const std::size_t G = regions;
  test::Agreement vby({1e-12, 0.0});
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    for (std::size_t g = 0; g < G; ++g) {
      const std::size_t k = (part.row_begin() + r) * G + g;
      vby.add(accounts.by_destination[r * G + g], reference[k], k);
    }
  }
  LEONTIEF_CHECK_AGREES(test::all_ranks(vby));
}

TEST_CASE("accounting identities hold on random balanced tables", "[solver][identity]") {
  const auto storage_kind =
      GENERATE(solver::MatrixStorage::sparse, solver::MatrixStorage::dense);
  const unsigned seed = GENERATE(1u, 2u, 3u);
  const DenseTable t = test::random_table(4, 5, 3, seed);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::LeontiefOperator op(table, storage(storage_kind));
  const auto& part = table.partition();
  const std::size_t G = 4;

  SECTION("value added by destination sums to each sector's value added") {
    const auto accounts = decomposition::value_added_accounts(table, op, true);
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      double sum = 0.0;
      for (std::size_t g = 0; g < G; ++g) sum += accounts.by_destination[r * G + g];
      CHECK(test::relative_difference(sum, t.va[part.row_begin() + r]) < 1e-10);
    }
  }

  SECTION("column sums of VB are one: B'v = 1 by a transposed solve") {
    LEONTIEF_CHECK_AGREES(test::va_multipliers(table, op, 1e-12));
  }

  SECTION("gross exports exclude domestic sales and add up to Z and Y flows abroad") {
    const auto exports = decomposition::gross_exports(table);
    const std::size_t n = t.n(), fd = t.labels.final_demand_columns();
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      const std::size_t i = part.row_begin() + r, home = i / 5;
      double expected = 0.0, got = 0.0;
      for (std::size_t j = 0; j < n; ++j) expected += j / 5 == home ? 0.0 : t.z[i * n + j];
      for (std::size_t k = 0; k < fd; ++k) expected += k / 3 == home ? 0.0 : t.y[i * fd + k];
      for (std::size_t g = 0; g < G; ++g) got += exports[r * G + g];
      CHECK(exports[r * G + home] == 0.0);
      CHECK(test::relative_difference(got, expected) < 1e-13);
    }
  }
}

TEST_CASE("V̂BÊ column sums equal gross exports", "[solver][identity]") {
  const DenseTable t = test::random_table(3, 3, 1, 7u);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::LeontiefOperator op(table);
  const auto accounts = decomposition::value_added_accounts(table, op, true);
  const auto& part = table.partition();
  const std::size_t n = t.n(), G = 3;
  std::vector<double> local_sums(n, 0.0), sums(n, 0.0), local_e(n, 0.0), e(n, 0.0);
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    for (std::size_t j = 0; j < n; ++j) local_sums[j] += accounts.in_exports[r * n + j];
    for (std::size_t g = 0; g < G; ++g) local_e[part.row_begin() + r] += accounts.gross_exports[r * G + g];
  }
  MPI_Allreduce(local_sums.data(), sums.data(), static_cast<int>(n), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  MPI_Allreduce(local_e.data(), e.data(), static_cast<int>(n), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  for (std::size_t j = 0; j < n; ++j) CHECK(test::relative_difference(sums[j], e[j]) < 1e-12);
}

TEST_CASE("domestic inverses invert I - A_ss", "[solver]") {
  const DenseTable t = test::random_table(5, 6, 1, 11u);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::DomesticInverses inverses(table);
  const std::size_t N = 6, n = t.n();
  const auto& part = table.partition();
  for (std::size_t s = part.first_region(); s < part.first_region() + part.region_count(); ++s) {
    const double* l = inverses.block(s);
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = 0; j < N; ++j) {
        double product = 0.0;  // (L_ss (I − A_ss))_ij
        for (std::size_t k = 0; k < N; ++k) {
          const std::size_t gk = s * N + k, gj = s * N + j;
          const double m = (k == j ? 1.0 : 0.0) - t.z[gk * n + gj] / t.x[gj];
          product += l[i * N + k] * m;
        }
        CHECK(std::abs(product - (i == j ? 1.0 : 0.0)) < 1e-12);
      }
    }
  }
  if (part.region_count() == 0) CHECK_THROWS_AS(inverses.block(0), Error);
}

TEST_CASE("zero-output sectors get zero coefficients, never NaN", "[solver]") {
  const auto storage_kind =
      GENERATE(solver::MatrixStorage::sparse, solver::MatrixStorage::dense);
  const DenseTable t = test::random_table(3, 4, 2, 5u, /*zero_output_sector=*/6);
  REQUIRE(t.x[6] == 0.0);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::LeontiefOperator op(table, storage(storage_kind));
  const auto accounts = decomposition::value_added_accounts(table, op, true);
  const auto reference = reference_vby(t);
  const auto& part = table.partition();
  test::Agreement vby({1e-12, 0.0});
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    for (std::size_t g = 0; g < 3; ++g) {
      const double got = accounts.by_destination[r * 3 + g];
      const std::size_t k = (part.row_begin() + r) * 3 + g;
      vby.add(got, reference[k], k);
      if (part.row_begin() + r == 6) CHECK(got == 0.0);
    }
  }
  LEONTIEF_CHECK_AGREES(test::all_ranks(vby));
}


TEST_CASE("a non-productive table is rejected with a clear error", "[solver][errors]") {
  const auto storage_kind =
      GENERATE(solver::MatrixStorage::sparse, solver::MatrixStorage::dense);
  SECTION("spectral radius 1.5: I - A is invertible but B has negative entries") {
    auto table = test::distribute(MPI_COMM_WORLD, test::two_sector_feedback(3.0));
    CHECK_THROWS_WITH(solver::LeontiefOperator(table, storage(storage_kind)),
                      Catch::Contains("not productive"));
  }
  SECTION("spectral radius 1: I - A is singular") {
    auto table = test::distribute(MPI_COMM_WORLD, test::two_sector_feedback(2.0));
    CHECK_THROWS_AS(solver::LeontiefOperator(table, storage(storage_kind)), InputError);
  }
}

TEST_CASE("economy partition deals whole economies out evenly", "[solver]") {
  solver::EconomyPartition p0(5, 3, 4, 0), p3(5, 3, 4, 3), q(2, 3, 4, 3);
  CHECK(p0.region_count() == 2);
  CHECK(p0.row_begin() == 0);
  CHECK(p0.row_end() == 6);
  CHECK(p3.first_region() == 4);
  CHECK(p3.local_rows() == 3);
  CHECK(p3.owner_of_region(4) == 3);
  CHECK(p0.owner_of_region(1) == 0);
  CHECK(q.local_rows() == 0);
  CHECK(q.owner_of_region(1) == 1);
}

TEST_CASE("dense storage on several ranks (ScaLAPACK) solves both ways", "[solver][scalapack]") {
  // 320 rows: large enough for ScaLAPACK at 4 ranks (one 64-row block per rank).
  const DenseTable t = test::random_table(8, 40, 1, 99u);
  auto table = test::distribute(MPI_COMM_WORLD, t);
  solver::LeontiefOperator op(table, storage(solver::MatrixStorage::dense));
  const auto accounts = decomposition::value_added_accounts(table, op, false);
  const auto reference = reference_vby(t);
  const auto& part = table.partition();
  test::Agreement vby({1e-11, 0.0});
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    for (std::size_t g = 0; g < 8; ++g) {
      const std::size_t k = (part.row_begin() + r) * 8 + g;
      vby.add(accounts.by_destination[r * 8 + g], reference[k], k);
    }
  }
  LEONTIEF_CHECK_AGREES(test::all_ranks(vby));
  LEONTIEF_CHECK_AGREES(test::va_multipliers(table, op, 1e-12));
}
