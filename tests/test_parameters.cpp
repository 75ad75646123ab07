/// The parameter registry: precedence defaults < config file < command line, typed values,
/// unknown keys rejected, effective configuration as INI.

#include <catch2/catch.hpp>
#include <fstream>

#include "io/config/parameters.hpp"
#include "io/runtime/error.hpp"
#include "tests/support.hpp"

using namespace leontief;
using io::Parameter;

namespace {
io::ParameterSet example() {
  io::ParameterSet set("demo", "A demo command.");
  set.add({"table", Parameter::Type::path, "", "", "input table", true});
  set.add({"log.level", Parameter::Type::text, "info", "", "verbosity"});
  set.add({"va.source_in_exports", Parameter::Type::boolean, "false", "", "flag"});
  set.add({"solver.tolerance", Parameter::Type::real, "1e-10", "relative", "tolerance"});
  set.add({"year", Parameter::Type::integer, "", "", "year"});
  return set;
}
}  // namespace

TEST_CASE("defaults < config file < command line", "[params]") {
  test::ScratchDirectory dir;
  const std::string ini = dir.path() + "/run.ini";
  std::ofstream(ini) << "# comment\ntable = from_file.h5\nyear = 2001\n[log]\nlevel = debug\n"
                        "[va]\nsource_in_exports = yes\n";
  auto set = example();
  set.parse({"--config", ini, "--year", "2011"});
  CHECK(set.text("table") == "from_file.h5");
  CHECK(set.integer("year") == 2011);
  CHECK(set.text("log.level") == "debug");
  CHECK(set.boolean("va.source_in_exports"));
  CHECK(set.real("solver.tolerance") == 1e-10);
  const std::string effective = set.effective_ini();
  CHECK_THAT(effective, Catch::Contains("year = 2011") && Catch::Contains("[log]\nlevel = debug"));
}

TEST_CASE("bad options are errors that name the key and the origin", "[params][errors]") {
  test::ScratchDirectory dir;
  const std::string ini = dir.path() + "/bad.ini";
  std::ofstream(ini) << "table = t.h5\ntypo_key = 3\n";
  auto a = example();
  CHECK_THROWS_WITH(a.parse({"--config", ini}), Catch::Contains(ini) && Catch::Contains("typo_key"));
  auto b = example();
  CHECK_THROWS_WITH(b.parse({"--table", "t.h5", "--year", "abc"}),
                    Catch::Contains("year") && Catch::Contains("integer"));
  auto c = example();
  CHECK_THROWS_WITH(c.parse({"--table", "t.h5", "--unknown", "1"}), Catch::Contains("unknown"));
  auto d = example();
  CHECK_THROWS_WITH(d.parse({}), Catch::Contains("--table"));
  auto e = example();
  CHECK_THROWS_WITH(e.parse({"--config", dir.path() + "/missing.ini"}), Catch::Contains("missing.ini"));
}

TEST_CASE("a boolean flag without a value means true", "[params]") {
  auto set = example();
  set.parse({"--table", "t.h5", "--va.source_in_exports"});
  CHECK(set.boolean("va.source_in_exports"));
}

TEST_CASE("an option value that starts with '-' stays ours", "[params]") {
  const auto set = example();
  std::vector<std::string> ours, petsc;
  io::split_petsc_arguments({"--table", "-odd-name.h5", "--va.source_in_exports", "-log_view"},
                            ours, petsc, &set);
  CHECK(ours == std::vector<std::string>{"--table", "-odd-name.h5", "--va.source_in_exports"});
  CHECK(petsc == std::vector<std::string>{"-log_view"});
}

TEST_CASE("PETSc options are split from ours", "[params]") {
  std::vector<std::string> ours, petsc;
  io::split_petsc_arguments({"--table", "t.h5", "-log_view", "-leontief_ksp_type", "gmres",
                             "--csv", "out", "-mat_mumps_icntl_14", "40", "-x", "-1"},
                            ours, petsc);
  CHECK(ours == std::vector<std::string>{"--table", "t.h5", "--csv", "out"});
  CHECK(petsc == std::vector<std::string>{"-log_view", "-leontief_ksp_type", "gmres",
                                          "-mat_mumps_icntl_14", "40", "-x", "-1"});
}
