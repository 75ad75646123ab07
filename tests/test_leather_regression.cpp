/// Regression against decompr on the leather table (tests/data/leather): V̂BÊ equals
/// decompr's "leontief" output, gross exports equal its `texp`, and each origin's value
/// added by destination sums to its value added. Read through the real path:
/// wide CSV -> canonical HDF5 -> distributed table.

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "decomposition/trade/value_added.hpp"
#include "io/readers/wide_csv_reader.hpp"
#include "io/store/table_store.hpp"
#include "solver/leontief_operator.hpp"
#include "tests/support.hpp"

using namespace leontief;

namespace {

const std::string kLeather = std::string(LEONTIEF_TEST_DATA_DIR) + "/leather";

/// Imports leather.csv once per test into a directory shared by all ranks.
solver::DistributedTable import_leather(const test::SharedScratchDirectory& dir,
                                        solver::MatrixStorage) {
  return solver::DistributedTable::read(
      MPI_COMM_WORLD, test::import_wide_csv(dir, kLeather + "/leather.csv", "leather.h5", false));
}

}  // namespace

TEST_CASE("leather: V̂BÊ, gross exports and V̂BY match decompr", "[regression][leather]") {
  const auto kind = GENERATE(solver::MatrixStorage::sparse, solver::MatrixStorage::dense);
  test::SharedScratchDirectory dir;
  auto table = import_leather(dir, kind);
  solver::LeontiefOptions options;
  options.storage = kind;
  solver::LeontiefOperator op(table, options);
  const auto accounts = decomposition::value_added_accounts(table, op, true);
  const auto& labels = table.labels();
  const auto& part = table.partition();
  const std::size_t n = table.n(), G = labels.region_count();
  REQUIRE(n == 9);

  std::map<std::string, std::size_t> index;  // "Country_Industry" -> row
  for (std::size_t i = 0; i < n; ++i) index[labels.row_label(i)] = i;
  std::map<std::string, std::size_t> region_index;
  for (std::size_t g = 0; g < G; ++g) region_index[labels.regions[g]] = g;

  SECTION("value added in exports equals expected_leontief_exports.csv to 1e-9") {
    const auto rows = test::read_csv(kLeather + "/expected_leontief_exports.csv");
    REQUIRE(rows.size() == 82);
    std::size_t checked = 0;
    for (std::size_t k = 1; k < rows.size(); ++k) {
      const auto& row = rows[k];
      const std::size_t i = index.at(row[1] + "_" + row[2]), j = index.at(row[3] + "_" + row[4]);
      if (!part.owns_row(i)) continue;
      const double got = accounts.in_exports[(i - part.row_begin()) * n + j];
      CHECK(test::relative_difference(got, std::stod(row[5])) < 1e-9);
      ++checked;
    }
    CHECK(checked == part.local_rows() * n);
  }

  SECTION("gross exports equal decompr's texp") {
    const auto rows = test::read_csv(kLeather + "/expected_wwz.csv");
    const auto& header = rows[0];
    const std::size_t texp = std::find(header.begin(), header.end(), "texp") - header.begin();
    REQUIRE(texp < header.size());
    for (std::size_t k = 1; k < rows.size(); ++k) {
      const std::size_t i = index.at(rows[k][0] + "_" + rows[k][1]);
      if (!part.owns_row(i)) continue;
      const std::size_t r = region_index.at(rows[k][2]);
      CHECK(accounts.gross_exports[(i - part.row_begin()) * G + r] ==
            Approx(std::stod(rows[k][texp])).epsilon(1e-12).margin(1e-12));
    }
  }

  SECTION("value added by destination sums to the published value added") {
    const std::vector<double> published = {52.3, 33.2, 6.1, 69.8, 63.4, 12.5, 95.3, 58.4, 70.5};
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      double sum = 0.0;
      for (std::size_t g = 0; g < G; ++g) sum += accounts.by_destination[r * G + g];
      CHECK(test::relative_difference(sum, published[part.row_begin() + r]) < 1e-12);
    }
  }
}
