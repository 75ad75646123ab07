/// The parameter registry: precedence defaults < config file < command line, typed values,
/// unknown keys rejected, effective configuration as INI.

#include <catch2/catch.hpp>
#include <fstream>
#include <optional>

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

namespace {
io::ParameterSet checked() {
  io::ParameterSet set("demo", "A demo command.");
  set.add({"table", Parameter::Type::path, "", "", "input table", true});
  set.set_positional("table");
  set.add({"year", Parameter::Type::integer, "", "year", "year"}, io::Range::between(0, 9999));
  set.add({"band", Parameter::Type::real, "1", "", "band"}, io::Range::at_least(0));
  set.add({"tolerance", Parameter::Type::real, "1e-12", "", "tolerance"}, io::Range::inside(0, 1));
  set.add({"csv", Parameter::Type::path, "", "", "directory"});
  set.add({"list", Parameter::Type::text, "a", "", "names"},
          io::Validator{"a or b", [](const std::string& v) -> std::optional<std::string> {
                          if (v == "a" || v == "b") return std::nullopt;
                          return "no such name '" + v + "'";
                        }});
  return set;
}
}  // namespace

TEST_CASE("numeric options outside their range are errors naming the range", "[params][errors]") {
  const auto fails = [](std::vector<std::string> args, const std::string& text) {
    auto set = checked();
    args.insert(args.begin(), {"--table", "t.h5"});
    INFO(text);
    CHECK_THROWS_WITH(set.parse(args), Catch::Contains(text));
  };
  // 99999999999 used to be stored as 1215752191 by a cast to int; -5 was accepted.
  fails({"--year", "99999999999"},
        "year: out of range: expected 0 <= x <= 9999, got '99999999999'");
  fails({"--year", "-5"}, "expected 0 <= x <= 9999, got '-5'");
  fails({"--year", "99999999999999999999999"}, "out of range of a 64-bit integer");
  fails({"--band", "-1"}, "band: out of range: expected x >= 0, got '-1'");
  fails({"--tolerance", "0"}, "expected 0 < x < 1");
  fails({"--tolerance", "1"}, "expected 0 < x < 1");
  fails({"--band", "nan"}, "expected a finite number, got 'nan'");
  fails({"--band", "inf"}, "expected a finite number, got 'inf'");
  fails({"--band", "1e999"}, "out of range of a double");
  fails({"--list", "c"}, "list: no such name 'c'");
  fails({"--csv", ""}, "csv: expected a value, got an empty one");
  auto empty = checked();
  CHECK_THROWS_WITH(empty.parse({"--table", ""}), Catch::Contains("table: expected a value"));

  auto fine = checked();
  fine.parse(
      {"--table", "t.h5", "--year", "9999", "--band", "0", "--tolerance", "0.5", "--list", "b"});
  CHECK(fine.integer("year") == 9999);
  CHECK(fine.real("band") == 0.0);
  CHECK(fine.text("list") == "b");
}

TEST_CASE("ranges and validators are checked in config files and shown in the help", "[params]") {
  test::ScratchDirectory dir;
  const std::string ini = dir.path() + "/run.ini";
  std::ofstream(ini) << "table = t.h5\nband = -2\n";
  auto set = checked();
  CHECK_THROWS_WITH(set.parse({"--config", ini}),
                    Catch::Contains(ini) && Catch::Contains("band: out of range"));
  const std::string help = checked().help_text();
  CHECK_THAT(help, Catch::Contains("x >= 0") && Catch::Contains("0 <= x <= 9999") &&
                       Catch::Contains("a or b") &&
                       Catch::Contains("usage: leontief demo [TABLE]"));
  const std::string doc = checked().markdown();
  CHECK_THAT(doc, Catch::Contains("`0 < x < 1`") && Catch::Contains("| allowed |") &&
                      Catch::Contains("`leontief demo TABLE` is `leontief demo --table TABLE`"));
}

TEST_CASE("a default outside its own range is a programming error", "[params]") {
  io::ParameterSet set("demo", "A demo command.");
  CHECK_THROWS_WITH(set.add({"n", Parameter::Type::integer, "-1", "", "n"}, io::Range::at_least(0)),
                    Catch::Contains("invalid default"));
}

TEST_CASE("a positional argument fills the command's positional option, once", "[params]") {
  auto set = checked();
  set.parse({"t.h5", "--year", "2011"});
  CHECK(set.text("table") == "t.h5");
  CHECK(set.origin("table") == "command line");
  auto after = checked();
  after.parse({"--year", "2011", "t.h5"});
  CHECK(after.text("table") == "t.h5");

  auto extra = checked();
  CHECK_THROWS_WITH(extra.parse({"t.h5", "u.h5"}),
                    Catch::Contains("unexpected argument 'u.h5'") && Catch::Contains("table"));
  auto twice = checked();
  CHECK_THROWS_WITH(twice.parse({"t.h5", "--table", "u.h5"}), Catch::Contains("given twice"));
  // A command without a positional option refuses any: a forgotten --key used to be ignored.
  auto none = example();
  CHECK_THROWS_WITH(none.parse({"--table", "t.h5", "2011"}),
                    Catch::Contains("unexpected argument '2011'") &&
                        Catch::Contains("takes no positional argument"));
}

TEST_CASE("a config file with a byte-order mark and CRLF line ends reads like a plain one",
          "[params]") {
  test::ScratchDirectory dir;
  const std::string ini = dir.path() + "/windows.ini";
  std::ofstream(ini, std::ios::binary) << "\xEF\xBB\xBFtable = t.h5\r\nyear = 2011\r\n[log]\r\n"
                                          "level = debug\r\n";
  auto set = example();
  set.parse({"--config", ini});
  CHECK(set.text("table") == "t.h5");
  CHECK(set.integer("year") == 2011);
  CHECK(set.text("log.level") == "debug");
}
