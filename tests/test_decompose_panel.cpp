/// The panel of decompositions (decomposition/panel/decompose_panel.hpp and
/// term_table_panel.hpp): every year's rows of each method, stacked with the year, equal a
/// one-year computation of that year; records name their table and are reused only by the
/// same run. Runs at 1, 2 and 4 ranks, in groups of one rank and in one group of all.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "decomposition/methods.hpp"
#include "decomposition/panel/decompose_panel.hpp"
#include "decomposition/panel/term_table_panel.hpp"
#include "decomposition/term_table_output.hpp"
#include "io/runtime/collective.hpp"
#include "solver/phase.hpp"
#include "tests/support.hpp"

using namespace leontief;
namespace fs = std::filesystem;

namespace {

const decomposition::Method* method_named(const std::string& name) {
  for (const auto& m : decomposition::methods()) {
    if (name == m.name) return &m;
  }
  FAIL("no method " << name);
  return nullptr;
}

/// The method's tables of one year, computed on this rank alone.
std::vector<decomposition::TermTable> one_year(const test::DenseTable& table,
                                               const decomposition::Method& method) {
  // Rank 0 alone: its phases (which check for interrupts collectively) run on its own.
  const solver::PhaseCommunicator phases(MPI_COMM_SELF);
  const auto distributed = test::distribute(MPI_COMM_SELF, table);
  const solver::LeontiefOperator op(distributed);
  const decomposition::GvcContext context(distributed, op);
  return method.run(context, {});
}

std::size_t count_lines(const std::string& path) {
  std::ifstream in(path);
  std::size_t lines = 0;
  std::string line;
  while (std::getline(in, line)) ++lines;
  return lines;
}

}  // namespace

TEST_CASE("decompose panel: each year's rows, stacked with the year, equal a one-year run",
          "[panel][decompose]") {
  const long long per_group = GENERATE(1LL, 0LL);
  test::SharedScratchDirectory dir;
  const std::string tables = dir.path() + "/tables";
  if (test::world_rank() == 0) fs::create_directories(tables);
  MPI_Barrier(MPI_COMM_WORLD);
  const std::vector<int> years = {2005, 2001, 2003};
  std::map<int, test::DenseTable> by_year;
  for (const int y : years) {
    by_year[y] = test::random_table(4, 3, 2, static_cast<unsigned>(y));
    test::write_table_year(dir, by_year[y], y, "tables/t" + std::to_string(y) + ".h5");
  }
  const std::string output = dir.path() + "/panel.h5", csv = dir.path() + "/csv";
  const std::vector<const decomposition::Method*> chosen = {method_named("tiva"),
                                                            method_named("kww")};
  {
    decomposition::DecomposePanel panel(MPI_COMM_WORLD,
                                        {tables, output, csv, chosen, {}, true, per_group});
    CHECK(panel.method_list() == "kww,tiva");  // registry order, whatever the request's
    panel.compute();
    panel.write({{"command", "test"}});
  }
  CHECK_FALSE(fs::exists(output + ".parts"));

  // Rank 0 reads the result back, year by year, against one-year runs.
  run_collectively(MPI_COMM_WORLD, [&] {
    if (test::world_rank() != 0) return;
    std::size_t expected_begin = 0;
    for (const int y : {2001, 2003, 2005}) {
      const auto record = decomposition::read_panel_year(output, y);
      REQUIRE(record);
      const std::string path = tables + "/t" + std::to_string(y) + ".h5";
      CHECK(record->reusable(io::fingerprint(path), "kww,tiva", 4, 3));
      CHECK_FALSE(record->reusable(io::fingerprint(path), "kww", 4, 3));
      CHECK(record->reusable(io::fingerprint(tables + "/t2001.h5"), "kww,tiva", 4, 3) ==
            (y == 2001));
      std::vector<decomposition::TermTable> reference;
      for (const char* name : {"kww", "tiva"}) {
        for (auto& t : one_year(by_year[y], *method_named(name))) reference.push_back(std::move(t));
      }
      REQUIRE(record->tables.size() == reference.size());
      for (std::size_t t = 0; t < reference.size(); ++t) {
        INFO("year " << y << ", table " << reference[t].name);
        CHECK(record->tables[t] == reference[t].name);
        const auto rows = decomposition::read_panel_rows(*record, t);
        const auto& ref = reference[t];
        REQUIRE(rows.local_rows() == ref.local_rows());
        REQUIRE(rows.keys.size() == ref.keys.size() + 1);
        CHECK(rows.keys.front().name == "year");
        CHECK(rows.measures == ref.measures);
        const std::size_t nk = ref.keys.size();
        for (std::size_t r = 0; r < ref.local_rows(); ++r) {
          CHECK(rows.local_keys[r * (nk + 1)] == y);
          for (std::size_t k = 0; k < nk; ++k) {
            CHECK(rows.local_keys[r * (nk + 1) + 1 + k] == ref.local_keys[r * nk + k]);
          }
        }
        for (std::size_t v = 0; v < ref.local_values.size(); ++v) {
          CHECK(test::close(rows.local_values[v], ref.local_values[v], 1e-10));
        }
        // Years are stacked in calendar order, each table's rows one block per year.
        if (t == 0) {
          CHECK(record->row_begin[t] == expected_begin);
          expected_begin += ref.local_rows();
        }
      }
    }
    // One CSV per table: the header, then every year's rows.
    const auto kww = decomposition::read_panel_year(output, 2001);
    CHECK(count_lines(csv + "/kww.csv") == 1 + 3 * kww->row_count[0]);
    std::ifstream in(csv + "/tiva_sector.csv");
    std::string header;
    std::getline(in, header);
    CHECK(header.rfind("year,exporter,sector,", 0) == 0);
  });
}

TEST_CASE("decompose panel: a damaged year record is not reused", "[panel][decompose]") {
  test::SharedScratchDirectory dir;
  const std::string path = dir.path() + "/damaged.h5";
  decomposition::TermTable t;
  t.name = "kww";
  t.keys = {{"exporter", decomposition::KeyColumn::Kind::region}};
  t.measures = {"A", "B"};
  if (test::world_rank() == 0) t.add_row({0}, {1.0, 2.0});
  t.prepend_year(2000);
  CHECK(t.keys.front().kind == decomposition::KeyColumn::Kind::year);
  decomposition::PanelYearRecord record;
  record.year = 2000;
  record.methods = "kww";
  record.version = LEONTIEF_VERSION;
  record.regions = 1;
  record.sectors = 1;
  record.tables = {"kww"};
  record.row_begin = {0};
  record.row_count = {2};  // more rows than /kww holds
  {
    io::ResultFile file(MPI_COMM_WORLD, path);
    decomposition::write_term_table(MPI_COMM_WORLD, file, "", {}, t);
    file.create_group("years", {});
    decomposition::write_panel_year(file, record);
    file.commit();
  }
  run_collectively(MPI_COMM_WORLD, [&] {
    if (test::world_rank() != 0) return;
    CHECK_FALSE(decomposition::read_panel_year(path, 2000));
    CHECK_FALSE(decomposition::read_panel_year(path, 2001));
    CHECK_FALSE(decomposition::read_panel_year(dir.path() + "/missing.h5", 2000));
  });
}
