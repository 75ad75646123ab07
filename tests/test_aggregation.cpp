// Tests of aggregation with concordances (io/aggregation): hand-computed sums, the
// accounting identities on balanced tables (random, the ICIO extended fixture with its
// CN/MX splits merged, and the real WIOD 2011 table), and the concordance errors.

#include <mpi.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/readers/table_readers.hpp"
#include "io/runtime/error.hpp"
#include "io/store/aggregation.hpp"
#include "io/store/table_store.hpp"
#include "tests/support.hpp"

namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using leontief::InputError;
using leontief::io::AggregationOptions;
using leontief::io::TableFile;
using leontief::io::TableStoreWriter;

const std::string kData = LEONTIEF_TEST_DATA_DIR;

/// A table read whole on this rank.
struct Dense {
  leontief::io::TableLabels labels;
  std::vector<double> z, y, x, va;
};

Dense load(const std::string& path) {
  TableFile table(MPI_COMM_SELF, path);
  const std::size_t n = table.labels().n();
  return {table.labels(), table.read_rows("Z", 0, n), table.read_rows("Y", 0, n),
          table.read_vector("x"), table.read_vector("VA")};
}

/// Checks x = Z·1 + Y·1 and x = 1'Z + VA to `tolerance` (relative to x, at least 1).
void check_identities(const Dense& t, double tolerance) {
  const std::size_t n = t.labels.n(), fd = t.labels.final_demand_columns();
  std::vector<double> inputs(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double row = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      row += t.z[i * n + j];
      inputs[j] += t.z[i * n + j];
    }
    for (std::size_t k = 0; k < fd; ++k) row += t.y[i * fd + k];
    INFO("row " << t.labels.row_label(i));
    CHECK(std::abs(t.x[i] - row) <= tolerance * std::max(1.0, std::abs(t.x[i])));
  }
  for (std::size_t j = 0; j < n; ++j) {
    INFO("column " << t.labels.row_label(j));
    CHECK(std::abs(t.x[j] - inputs[j] - t.va[j]) <= tolerance * std::max(1.0, std::abs(t.x[j])));
  }
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string aggregate_error(const std::string& table, const AggregationOptions& options,
                            const std::string& output) {
  try {
    leontief::io::aggregate_table_file(table, output, options, 0);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Aggregation sums flows by group and keeps both balance identities", "[aggregation]") {
  leontief::test::ScratchDirectory dir;
  const auto source = leontief::test::random_table(4, 3, 2, 11);
  const std::string path = dir.path() + "/random.h5";
  {
    TableStoreWriter writer(path, false);
    leontief::io::TableMetadata metadata;
    metadata.source = "random";
    writer.begin(source.labels, metadata);
    const std::size_t n = source.n(), fd = source.labels.final_demand_columns();
    for (std::size_t i = 0; i < n; ++i) {
      writer.row(i, std::span<const double>(source.z.data() + i * n, n),
                 std::span<const double>(source.y.data() + i * fd, fd), source.x[i]);
    }
    writer.finish(source.va);
    writer.commit();
  }
  const auto& regions = source.labels.regions;
  const auto& sectors = source.labels.sectors;
  // Regions 0 and 2 -> "North", 1 and 3 -> "South"; sectors 0 and 2 -> "Goods", 1 -> "Services".
  write_text(dir.path() + "/regions.csv", "code,group\n" + regions[1] + ",South\n" + regions[0] +
                                              ",North\n" + regions[2] + ",North\n" + regions[3] +
                                              ",South\n");
  write_text(dir.path() + "/sectors.csv",
             sectors[0] + ",Goods\n" + sectors[1] + ",Services\n" + sectors[2] + ",Goods\n");
  AggregationOptions options;
  options.regions = dir.path() + "/regions.csv";
  options.sectors = dir.path() + "/sectors.csv";
  leontief::io::aggregate_table_file(path, dir.path() + "/aggregated.h5", options, 4);
  const Dense a = load(dir.path() + "/aggregated.h5");
  // Ordered by first appearance in the table's order (region 0's group first).
  CHECK(a.labels.regions == std::vector<std::string>{"North", "South"});
  CHECK(a.labels.sectors == std::vector<std::string>{"Goods", "Services"});
  CHECK(a.labels.final_demand_categories == source.labels.final_demand_categories);
  check_identities(a, 1e-12);
  // Hand-computed: Z'(North_Goods, South_Services) = sum over r in {0,2}, s in {0,2},
  // q in {1,3}, t = 1 of Z(r_s, q_t).
  const std::size_t n = source.n(), N = 3, F = 2, fd = 8;
  double expected = 0.0, expected_y = 0.0, expected_x = 0.0;
  for (std::size_t r : {0, 2}) {
    for (std::size_t s : {0, 2}) {
      for (std::size_t q : {1, 3}) expected += source.z[(r * N + s) * n + q * N + 1];
      // Y'(North_Goods, South category 1) = Y(r_s, 1_cat1) + Y(r_s, 3_cat1)
      for (std::size_t q : {1, 3}) expected_y += source.y[(r * N + s) * fd + q * F + 1];
      expected_x += source.x[r * N + s];
    }
  }
  CHECK(a.z[0 * 4 + 1 * 2 + 1] == Approx(expected).epsilon(1e-14));
  CHECK(a.y[0 * 4 + 1 * F + 1] == Approx(expected_y).epsilon(1e-14));
  CHECK(a.x[0] == Approx(expected_x).epsilon(1e-14));
}

TEST_CASE("ICIO CN/MX splits merged back into CHN and MEX", "[aggregation][icio]") {
  leontief::test::ScratchDirectory dir;
  const std::string imported = dir.path() + "/extended.h5";
  {
    TableStoreWriter writer(imported, false);
    leontief::io::read_table("icio", kData + "/formats/icio/2023/2018_EXT.csv", {},
                             writer);
    writer.commit();
  }
  AggregationOptions options;
  options.merge_splits = true;
  const std::string merged = dir.path() + "/merged.h5";
  leontief::io::aggregate_table_file(imported, merged, options, 4);
  const Dense m = load(merged);
  CHECK(m.labels.regions == std::vector<std::string>{"CHN", "MEX", "USA"});
  CHECK(m.labels.sectors == std::vector<std::string>{"01T02", "10T12"});
  check_identities(m, 1e-12);
  // Source rows/columns (make_fixtures.py): CHN 0-1, MEX 2-3, USA 4-5, CN1 6-7, CN2 8-9,
  // MX1 10-11; Z[i][j] = 1 + (3i + 2j) % 7, Y[i][r*6+f] = 1 + (i + r + f) % 4.
  const auto z = [](int i, int j) { return 1.0 + (3 * i + 2 * j) % 7; };
  double chn_chn = 0.0, mex_usa = 0.0;
  for (int i : {0, 6, 8}) {
    for (int j : {0, 6, 8}) chn_chn += z(i, j);
  }
  for (int i : {3, 11}) mex_usa += z(i, 5);
  CHECK(m.z[0 * 6 + 0] == chn_chn);  // CHN_01T02 -> CHN_01T02
  CHECK(m.z[3 * 6 + 5] == mex_usa);  // MEX_10T12 -> USA_10T12
  double chn_hfce_usa = 0.0;
  for (int i : {1, 7, 9}) chn_hfce_usa += 1.0 + (i + 2 + 0) % 4;
  CHECK(m.y[1 * 18 + 2 * 6 + 0] == chn_hfce_usa);  // CHN_10T12 -> USA_HFCE
}

TEST_CASE("Concordance errors: unknown, unmapped, repeated, malformed", "[aggregation][errors]") {
  leontief::test::ScratchDirectory dir;
  const auto source = leontief::test::random_table(2, 2, 1, 3);
  const std::string path = dir.path() + "/t.h5";
  {
    TableStoreWriter writer(path, false);
    writer.begin(source.labels, {});
    for (std::size_t i = 0; i < 4; ++i) {
      writer.row(i, std::span<const double>(source.z.data() + i * 4, 4),
                 std::span<const double>(source.y.data() + i * 2, 2), source.x[i]);
    }
    writer.finish(source.va);
    writer.commit();
  }
  const auto& r = source.labels.regions;
  const std::string map = dir.path() + "/map.csv";
  const std::string out = dir.path() + "/out.h5";
  AggregationOptions options;
  options.regions = map;
  write_text(map, r[0] + ",X\nZZZ,X\n" + r[1] + ",X\n");
  CHECK_THAT(aggregate_error(path, options, out), Contains(map) && Contains("line 2, column 1") &&
                                                      Contains("unknown region code 'ZZZ'"));
  write_text(map, r[0] + ",X\n");
  CHECK_THAT(aggregate_error(path, options, out),
             Contains("unmapped region codes of the table: " + r[1]));
  options.keep_unmapped = true;
  CHECK(aggregate_error(path, options, out).empty());
  CHECK(load(out).labels.regions == std::vector<std::string>{"X", r[1]});
  options.keep_unmapped = false;
  write_text(map, r[0] + ",X\n" + r[0] + ",Y\n");
  CHECK_THAT(aggregate_error(path, options, out),
             Contains("line 2, column 1") && Contains("mapped twice"));
  write_text(map, r[0] + ",X,extra\n" + r[1] + ",X\n");
  CHECK_THAT(aggregate_error(path, options, out),
             Contains("line 1, column 3") && Contains("two cells"));
  write_text(map, r[0] + ",EU_27\n" + r[1] + ",X\n");
  CHECK_THAT(aggregate_error(path, options, out), Contains("line 1, column 2") && Contains("'_'"));
  CHECK_FALSE((fs::exists(out) && load(out).labels.regions.size() != 2));
}

TEST_CASE("WIOD 2011: EU27 as one region, manufacturing as one sector", "[aggregation][wiod]") {
  leontief::test::ScratchDirectory dir;
  const std::string imported = dir.path() + "/wiod2011.h5";
  {
    TableStoreWriter writer(imported, true);  // balanced: both identities hold exactly
    leontief::io::read_table("wide-csv", kData + "/wiod2013/wiot_2011.csv.gz", {}, writer);
    writer.commit();
  }
  AggregationOptions options;
  options.regions = kData + "/formats/concordance/wiod2013_eu27.csv";
  options.sectors = kData + "/formats/concordance/wiod2013_manufacturing.csv";
  options.keep_unmapped = true;  // the region file lists the EU members only
  const std::string aggregated = dir.path() + "/wiod2011_eu.h5";
  leontief::io::aggregate_table_file(imported, aggregated, options, 1);
  const Dense source = load(imported);
  const Dense a = load(aggregated);
  REQUIRE(a.labels.region_count() == 41 - 27 + 1);
  REQUIRE(a.labels.sector_count() == 35 - 14 + 1);
  CHECK(a.labels.regions[1] == "EU27");  // AUS, then AUT's group
  CHECK(a.labels.sectors[2] == "Manufacturing");
  check_identities(a, 1e-9);
  const auto sum = [](const std::vector<double>& v) {
    long double s = 0;
    for (double e : v) s += e;
    return static_cast<double>(s);
  };
  CHECK(sum(a.z) == Approx(sum(source.z)).epsilon(1e-12));
  CHECK(sum(a.y) == Approx(sum(source.y)).epsilon(1e-12));
  CHECK(sum(a.x) == Approx(sum(source.x)).epsilon(1e-12));
  CHECK(sum(a.va) == Approx(sum(source.va)).epsilon(1e-12));
}
