/// The year panel (decomposition/panel/year_panel.hpp) and the pieces under it: rank groups
/// (io/runtime/rank_groups.hpp), broadcasts of byte strings, and the discovery of a panel of
/// tables (io/store/table_panel.hpp). Runs at 1, 2 and 4 ranks.

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "decomposition/panel/year_panel.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/rank_groups.hpp"
#include "io/store/table_panel.hpp"
#include "io/store/table_store.hpp"
#include "tests/support.hpp"

using namespace leontief;
namespace fs = std::filesystem;

namespace {

/// Writes `table` as a leontief table with `year` on rank 0. @note Collective.
std::string write_year(const test::SharedScratchDirectory& dir, const test::DenseTable& table,
                       int year, const std::string& name) {
  const std::string path = dir.path() + "/" + name;
  run_collectively(MPI_COMM_WORLD, [&] {
    if (test::world_rank() != 0) return;
    io::TableStoreWriter writer(path, false);
    writer.begin(table.labels, {"test panel", year, "", name});
    const std::size_t n = table.n(), fd = table.labels.final_demand_columns();
    for (std::size_t i = 0; i < n; ++i) {
      writer.row(i, std::span<const double>(table.z).subspan(i * n, n),
                 std::span<const double>(table.y).subspan(i * fd, fd), table.x[i]);
    }
    writer.finish(table.va);
    writer.commit();
  });
  return path;
}

std::string error_of(const std::function<void()>& work) {
  try {
    work();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("rank groups deal items round-robin over groups of the requested size",
          "[panel][groups]") {
  const int size = test::world_size(), rank = test::world_rank();
  for (const long long per_group : {0LL, 1LL, 2LL, 3LL, 100LL}) {
    const io::RankGroups groups(MPI_COMM_WORLD, per_group);
    const int expected_per_group =
        per_group <= 0 ? size : static_cast<int>(std::min<long long>(per_group, size));
    CHECK(groups.ranks_per_group() == expected_per_group);
    CHECK(groups.count() == (size + expected_per_group - 1) / expected_per_group);
    CHECK(groups.index() == rank / expected_per_group);
    CHECK(groups.size() == std::min(expected_per_group, size - groups.index() * expected_per_group));
    // Every item goes to exactly one group: count the owners over the ranks' leaders.
    const std::size_t items = 7;
    std::vector<int> owners(items, 0);
    if (groups.leader()) {
      for (const std::size_t k : groups.share(items)) owners[k] += 1;
    }
    MPI_Allreduce(MPI_IN_PLACE, owners.data(), static_cast<int>(items), MPI_INT, MPI_SUM,
                  MPI_COMM_WORLD);
    for (std::size_t k = 0; k < items; ++k) CHECK(owners[k] == 1);
  }
}

TEST_CASE("broadcast carries any bytes, empty strings and empty lists", "[panel][collective]") {
  std::vector<std::string> list;
  if (test::world_rank() == 0) {
    list = {"", "a:b", std::string("nul\0byte", 8), "12:34", "ÖSTERREICH,\n\"x\""};
  }
  const std::vector<std::string> expected = {"", "a:b", std::string("nul\0byte", 8), "12:34",
                                             "ÖSTERREICH,\n\"x\""};
  broadcast(MPI_COMM_WORLD, list);
  CHECK(list == expected);
  std::vector<std::string> none = {"stale"};
  if (test::world_rank() == 0) none.clear();
  broadcast(MPI_COMM_WORLD, none);
  CHECK(none.empty());
}

TEST_CASE("a panel of tables: years sorted, labels shared, bad panels named",
          "[panel][tables]") {
  test::SharedScratchDirectory dir;
  const auto a = test::random_table(3, 2, 2, 11);
  write_year(dir, a, 2003, "b.h5");
  write_year(dir, test::random_table(3, 2, 2, 12), 2001, "a.h5");
  write_year(dir, test::random_table(3, 2, 2, 13), 2002, "c.h5");

  SECTION("a directory: every table, by year, on every rank") {
    const io::TablePanel panel = io::read_table_panel(MPI_COMM_WORLD, dir.path());
    REQUIRE(panel.years.size() == 3);
    CHECK(panel.year_list() == "2001,2002,2003");
    CHECK(fs::path(panel.years[0].path).filename() == "a.h5");
    CHECK(panel.years[2].table == io::fingerprint(dir.path() + "/b.h5"));
    CHECK(panel.labels == a.labels);
    CHECK(panel.first_metadata.year == 2001);
    CHECK(panel.has_year(2002));
    CHECK_FALSE(panel.has_year(2004));
  }
  SECTION("a list") {
    const io::TablePanel panel =
        io::read_table_panel(MPI_COMM_WORLD, dir.path() + "/c.h5 , " + dir.path() + "/b.h5");
    CHECK(panel.year_list() == "2002,2003");
  }
  SECTION("two tables of one year") {
    write_year(dir, a, 2002, "d.h5");
    const auto message = error_of([&] { io::read_table_panel(MPI_COMM_WORLD, dir.path()); });
    CHECK_THAT(message, Catch::Contains("year 2002 is also the year of"));
  }
  SECTION("another classification") {
    write_year(dir, test::random_table(2, 3, 2, 14), 2004, "e.h5");
    const auto message = error_of([&] { io::read_table_panel(MPI_COMM_WORLD, dir.path()); });
    CHECK_THAT(message, Catch::Contains("e.h5: its economies, sectors or final-demand"));
  }
  SECTION("a table without a year") {
    write_year(dir, a, 0, "f.h5");
    const auto message = error_of([&] { io::read_table_panel(MPI_COMM_WORLD, dir.path()); });
    CHECK_THAT(message, Catch::Contains("f.h5: the table has no year"));
  }
}

TEST_CASE("the year panel computes each unfinished year once, on one group, and resumes",
          "[panel][runner]") {
  test::SharedScratchDirectory dir;
  const std::string tables = dir.path() + "/tables";
  if (test::world_rank() == 0) fs::create_directories(tables);
  MPI_Barrier(MPI_COMM_WORLD);
  for (int y = 2000; y < 2005; ++y) {
    write_year(dir, test::random_table(2, 2, 1, static_cast<unsigned>(y)), y,
               "tables/t" + std::to_string(y) + ".h5");
  }
  const std::string parts = dir.path() + "/run.parts";
  const auto settings = [&](bool resume) {
    return decomposition::YearPanelSettings{"test", parts, resume, 1, ""};
  };
  // Each year's record: the year and the group's rank count, written collectively.
  const auto compute = [&](MPI_Comm group, const io::PanelTable& year, io::ResultFile& part) {
    part.create_group("years", {{"year", std::to_string(year.year)}});
    int ranks = 0;
    MPI_Comm_size(group, &ranks);
    return "group of " + std::to_string(ranks);
  };
  const auto finished_on_disk = [&](const decomposition::YearPanel& panel) {
    std::set<int> found;
    for (const auto& y : panel.tables().years) {
      if (fs::exists(panel.part_path(y.year))) found.insert(y.year);
    }
    return found;
  };

  const decomposition::YearPanel panel(MPI_COMM_WORLD, tables, settings(true));
  // First run: 2001 and 2003 count as finished (as if found in an earlier result).
  std::vector<int> asked;
  panel.run(
      [&](const io::PanelTable& y) {
        asked.push_back(y.year);
        return y.year == 2001 || y.year == 2003;
      },
      compute);
  if (test::world_rank() == 0) {
    CHECK(asked == std::vector<int>{2000, 2001, 2002, 2003, 2004});
    CHECK(finished_on_disk(panel) == std::set<int>{2000, 2002, 2004});
    for (const auto& entry : fs::directory_iterator(parts)) {
      CHECK(entry.path().filename().string().find(".partial-") == std::string::npos);
    }
  } else {
    CHECK(asked.empty());  // rank 0 alone decides
  }

  // Rerun, resuming: nothing left to compute when every part counts as finished.
  int computed = 0;
  panel.run([&](const io::PanelTable& y) { return fs::exists(panel.part_path(y.year)) || y.year % 2; },
            [&](MPI_Comm group, const io::PanelTable& year, io::ResultFile& part) {
              ++computed;
              return compute(group, year, part);
            });
  CHECK(test::global_sum(computed) == 0);

  // Without resume: every year again, each by exactly one group.
  const decomposition::YearPanel fresh(MPI_COMM_WORLD, tables, settings(false));
  computed = 0;
  fresh.run([](const io::PanelTable&) { return true; },
            [&](MPI_Comm group, const io::PanelTable& year, io::ResultFile& part) {
              int group_rank = 0;
              MPI_Comm_rank(group, &group_rank);
              if (group_rank == 0) ++computed;
              return compute(group, year, part);
            });
  CHECK(test::global_sum(computed) == 5);
  if (test::world_rank() == 0) {
    CHECK(finished_on_disk(fresh) == std::set<int>{2000, 2001, 2002, 2003, 2004});
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (test::world_rank() == 0) fresh.remove_parts();
  MPI_Barrier(MPI_COMM_WORLD);
  CHECK_FALSE(fs::exists(parts));
}

TEST_CASE("a year that fails stops every rank with one error naming the year; finished years "
          "stay", "[panel][runner]") {
  test::SharedScratchDirectory dir;
  for (int y = 2010; y < 2014; ++y) {
    write_year(dir, test::random_table(2, 2, 1, static_cast<unsigned>(y)), y,
               "t" + std::to_string(y) + ".h5");
  }
  const decomposition::YearPanel panel(MPI_COMM_WORLD, dir.path(),
                                       {"test", dir.path() + "/parts", true, 1, ""});
  const auto message = error_of([&] {
    panel.run([](const io::PanelTable&) { return false; },
              [&](MPI_Comm, const io::PanelTable& year, io::ResultFile& part) -> std::string {
                if (year.year == 2012) throw InputError("bad table", true);
                part.create_group("years", {});
                return "ok";
              });
  });
  CHECK(message == "year 2012: bad table");
  MPI_Barrier(MPI_COMM_WORLD);
  CHECK_FALSE(fs::exists(panel.part_path(2012)));
  // The group that had 2012 stopped there; every year before it in its share is kept.
  if (test::world_rank() == 0) CHECK(fs::exists(panel.part_path(2010)));
}
