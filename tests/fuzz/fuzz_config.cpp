// Fuzz target of the INI readers: the option registry's config files (io/config/parameters)
// and the scenario files of `leontief shock` (io/config/scenario). The input is the INI
// file; text after a line "#### shocks.csv" is written as the shocks CSV the scenarios may
// name (shocks.csv, shock_demand_example.csv).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/config/parameters.hpp"
#include "io/config/scenario.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using leontief::io::Parameter;

leontief::io::ParameterSet parameters() {
  leontief::io::ParameterSet set("fuzz", "options of every type");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table"});
  set.add({"year", Parameter::Type::integer, "0", "", "year"});
  set.add({"balance", Parameter::Type::boolean, "false", "", "re-derive x and VA"});
  set.add({"solver.tolerance", Parameter::Type::real, "1e-12", "relative", "tolerance"});
  set.add({"solver.method", Parameter::Type::text, "auto", "", "method", false,
           {"auto", "lu", "gmres"}});
  set.add({"log.level", Parameter::Type::text, "info", "", "log level"});
  set.add({"data.keep_regions", Parameter::Type::text, "", "", "regions"});
  set.add_config_alias("scenario", "scenario file");
  return set;
}

leontief::io::TableLabels labels() {
  leontief::io::TableLabels l;
  l.regions = {"CHN", "DEU", "JPN", "MEX", "TWN", "USA"};
  for (int s = 1; s <= 35; ++s) l.sectors.push_back("c" + std::to_string(s));
  l.final_demand_categories = {"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"};
  return l;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = leontief::fuzz::scratch_dir();
  static const leontief::io::TableLabels table = labels();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string marker = "#### shocks.csv\n";
  const auto split = text.find(marker);
  const std::string ini = text.substr(0, split);
  const std::string csv = split == std::string::npos ? "" : text.substr(split + marker.size());
  leontief::fuzz::write_file(dir + "/fuzz.ini", ini);
  leontief::fuzz::write_file(dir + "/shocks.csv", csv);
  leontief::fuzz::write_file(dir + "/shock_demand_example.csv", csv);
  leontief::fuzz::expect_input_errors_only([&] {
    leontief::io::ParameterSet set = parameters();
    set.parse({"--config", dir + "/fuzz.ini"});
    (void)set.effective_ini();
    (void)set.integer("year");
    (void)set.boolean("balance");
    (void)set.real("solver.tolerance");
    (void)set.text("solver.method");
  });
  leontief::fuzz::expect_input_errors_only(
      [&] { (void)leontief::io::read_scenarios(dir + "/fuzz.ini", table); });
  return 0;
}
