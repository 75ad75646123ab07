// Tests of the readers of published MRIO layouts (io/readers/, io/table_readers), on small
// hand-made fixtures in tests/data/formats written in each publisher's exact layout (see
// make_fixtures.py there), and of the wide-CSV exporter (import -> export -> import).

#include <mpi.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "io/readers/table_readers.hpp"
#include "io/results/wide_csv_writer.hpp"
#include "io/runtime/error.hpp"
#include "io/store/table_sink.hpp"
#include "io/store/table_store.hpp"
#include "io/text/input_files.hpp"
#include "tests/support.hpp"

namespace {

namespace fs = std::filesystem;
using leontief::InputError;
using leontief::io::ReaderOptions;
using leontief::io::TableLabels;
using leontief::io::TableMetadata;
using leontief::io::TableSink;

const std::string kFormats = std::string(LEONTIEF_TEST_DATA_DIR) + "/formats";

/// What a reader pushed into its sink.
struct Recorded {
  TableLabels labels;
  TableMetadata metadata;
  std::vector<std::vector<double>> z, y;
  std::vector<double> x, va;
};

/// Keeps everything a reader pushes, and checks the call protocol.
class RecordingSink : public TableSink {
 public:
  void begin(const TableLabels& table_labels, const TableMetadata& table_metadata) override {
    REQUIRE(begin_calls++ == 0);
    t.labels = table_labels;
    t.metadata = table_metadata;
  }
  void row(std::size_t i, std::span<const double> intermediate,
           std::span<const double> final_demand, double gross_output) override {
    REQUIRE(begin_calls == 1);
    REQUIRE(i == t.z.size());
    REQUIRE(intermediate.size() == t.labels.n());
    REQUIRE(final_demand.size() == t.labels.final_demand_columns());
    t.z.emplace_back(intermediate.begin(), intermediate.end());
    t.y.emplace_back(final_demand.begin(), final_demand.end());
    t.x.push_back(gross_output);
  }
  void finish(std::span<const double> value_added) override {
    REQUIRE(t.z.size() == t.labels.n());
    REQUIRE(finish_calls++ == 0);
    t.va.assign(value_added.begin(), value_added.end());
  }

  int begin_calls = 0, finish_calls = 0;
  Recorded t;
};

Recorded read(const std::string& format, const std::string& path, int year = 0) {
  RecordingSink sink;
  ReaderOptions options;
  options.year = year;
  leontief::io::read_table(format, path, options, sink);
  return sink.t;
}

/// The table every fixture holds (make_fixtures.py): Z, Y[i][r*F+f] = (i+1)(f+1) + r with
/// Y[0][F-2] = -3, x = Z·1 + Y·1, VA = x - 1'Z.
const std::vector<std::vector<double>> kZ = {
    {10, 2, 3, 1}, {4, 20, 1, 5}, {2, 1, 30, 6}, {3, 4, 2, 40}};

std::vector<std::vector<double>> expected_y(std::size_t F) {
  std::vector<std::vector<double>> y(4, std::vector<double>(2 * F));
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t r = 0; r < 2; ++r) {
      for (std::size_t f = 0; f < F; ++f) {
        y[i][r * F + f] = static_cast<double>((i + 1) * (f + 1) + r);
      }
    }
  }
  y[0][F - 2] = -3;
  return y;
}

/// Checks the known answer; `x_extra` / `va_extra` are what a layout adds to x and VA
/// beyond the 4 x 4 core (Eora's sales to and purchases from ROW).
void check_known_table(const Recorded& t, std::size_t F, double x_extra = 0.0,
                       double input_extra = 0.0) {
  REQUIRE(t.labels.region_count() == 2);
  REQUIRE(t.labels.sector_count() == 2);
  REQUIRE(t.labels.category_count() == F);
  const auto y = expected_y(F);
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("row " << i);
    CHECK(t.z[i] == kZ[i]);
    CHECK(t.y[i] == y[i]);
    double total = 0;
    for (double v : kZ[i]) total += v;
    for (double v : y[i]) total += v;
    CHECK(t.x[i] == Approx(total + x_extra));
  }
  for (std::size_t j = 0; j < 4; ++j) {
    double inputs = 0;
    for (std::size_t i = 0; i < 4; ++i) inputs += kZ[i][j];
    CHECK(t.va[j] == Approx(t.x[j] - inputs - input_extra));
  }
}

/// A scratch directory unique to this process (ranks run the tests concurrently).
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("leontief-readers-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `path`'s text with the first occurrence of `from` replaced by `to` (must occur).
std::string edited(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = slurp(path);
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

void write_text(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// Message of the InputError `format` raises on `path` ("" if none).
std::string error_of(const std::string& format, const std::string& path) {
  try {
    read(format, path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

using Catch::Matchers::Contains;

}  // namespace

/// The ICIO fixtures (make_fixtures.py, icio()): Z[i][j] = 1 + (3i + 2j) % 7, Y of the
/// three economies with final demand 1 + (i + r + f) % 4, zero for the splits; x = Z·1 + Y·1
/// (+ DISC in 2016, a discrepancy column that is dropped but stays in x); VA = x − 1'Z.
void check_icio(const Recorded& t, const std::vector<std::string>& regions,
                const std::vector<std::string>& sectors, bool disc) {
  REQUIRE(t.labels.regions == regions);
  CHECK(t.labels.sectors == sectors);
  REQUIRE(t.labels.category_count() == 6);
  const std::size_t n = t.labels.n();
  REQUIRE(t.z.size() == n);
  for (std::size_t i = 0; i < n; ++i) {
    INFO("row " << i);
    double total = 0;
    for (std::size_t j = 0; j < n; ++j) {
      CHECK(t.z[i][j] == static_cast<double>(1 + (3 * i + 2 * j) % 7));
      total += t.z[i][j];
    }
    for (std::size_t k = 0; k < t.y[i].size(); ++k) {
      const double expected = k < 18 ? static_cast<double>(1 + (i + k / 6 + k % 6) % 4) : 0.0;
      CHECK(t.y[i][k] == expected);
      total += expected;
    }
    const double discrepancy = disc ? 0.5 * (static_cast<double>(i % 3) - 1.0) : 0.0;
    CHECK(t.x[i] == total + discrepancy);
  }
  for (std::size_t j = 0; j < n; ++j) {
    double inputs = 0;
    for (std::size_t i = 0; i < n; ++i) inputs += t.z[i][j];
    CHECK(t.va[j] == Approx(t.x[j] - inputs));
  }
  CHECK(t.metadata.units == "millions of US dollars");
}

TEST_CASE("ICIO, every release, from the file, the OECD zip and a folder", "[readers][icio]") {
  struct Release {
    std::string folder, csv, zip;
    int year;
    std::vector<std::string> regions, sectors, categories;
    bool disc;
  };
  const std::vector<std::string> splits = {"CHN", "MEX", "USA", "CN1", "CN2", "MX1", "MX2"};
  const std::vector<std::string> plain = {"CHN", "MEX", "USA"};
  const std::vector<std::string> p33 = {"HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "P33"};
  const std::vector<std::string> dpabr = {"HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"};
  const std::vector<Release> releases = {
      {"2016", "ICIO2016_2011.csv", "ICIO2016_2011.zip", 2011, splits, {"C01T05AGR", "C10T14MIN"},
       p33, true},
      {"2018", "ICIO2018_2015.csv", "ICIO2018_2015.zip", 2015, splits, {"01T03", "05T06"}, p33,
       false},
      {"2021", "ICIO2021_2018.csv", "ICIO2021_2015-2018.zip", 2018, splits, {"01T02", "05T06"},
       dpabr, false},
      {"2023", "2019_SML.csv", "2016-2020_SML.zip", 2019, plain, {"01T02", "05T06"}, dpabr, false},
      {"2023", "2018_EXT.csv", "2016-2020_EXT.zip", 2018,
       {"CHN", "MEX", "USA", "CN1", "CN2", "MX1"}, {"01T02", "10T12"}, dpabr, false},
      {"2025", "2022_SML.csv", "2021-2022_SML.zip", 2022, plain, {"C24A", "C301"}, dpabr, false},
  };
  for (const Release& r : releases) {
    const std::string base = kFormats + "/icio/" + r.folder + "/";
    for (const std::string& path : {base + r.csv, base + r.zip, base}) {
      INFO(path);
      const Recorded t = read("icio", path, r.year);
      check_icio(t, r.regions, r.sectors, r.disc);
      CHECK(t.labels.final_demand_categories == r.categories);
      CHECK(t.metadata.year == r.year);
    }
  }
  CHECK_THROWS_WITH(read("icio", kFormats + "/icio/2023/"), Contains("several ICIO CSV files"));
}

TEST_CASE("ICIO errors name file, line and column", "[readers][icio][errors]") {
  TempDir dir;
  const std::string good = kFormats + "/icio/2023/2019_SML.csv";
  const std::string bad = dir.file("2019_SML.csv");
  write_text(bad, edited(good, "MEX_01T02,7,2,", "MEX_01T02,7,x2,"));
  CHECK_THAT(error_of("icio", bad),
             Contains(bad) && Contains("line 4, column 3 (CHN_05T06)") && Contains("non-numeric"));
  write_text(bad, edited(good, ",67\r\n", ",74\r\n"));
  CHECK_THAT(error_of("icio", bad), Contains("line 2, column 26 (OUT)") && Contains("row sum"));
  write_text(bad, edited(good, "\r\nMEX_01T02,", "\r\nMEX_05T06,"));
  CHECK_THAT(error_of("icio", bad),
             Contains("line 4, column 1") && Contains("'MEX_01T02' was expected"));
  write_text(bad, edited(good, "MEX_GGFC", "MEX_XYZ"));
  CHECK_THAT(error_of("icio", bad), Contains("line 1") && Contains("sector 'XYZ' of region 'MEX'"));
  write_text(bad, edited(good, "\r\nVA,", "\r\nVA,1"));
  CHECK_THAT(error_of("icio", bad), Contains("line 10, column 2 (CHN_01T02)") &&
                                        Contains("intermediate inputs plus value added"));
  write_text(bad, edited(good, "CHN_05T06,4,6,", "CHN_05T06,4,"));
  CHECK_THAT(error_of("icio", bad), Contains("line 3") && Contains("expected 26 cells"));
  CHECK_THAT(error_of("icio", dir.file("missing.csv")), Contains("no such file"));
  // Another database's file: one line naming the layout expected and the line found.
  const std::string figaro = kFormats + "/figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv";
  write_text(bad, slurp(kFormats + "/wiod2016/WIOT2014_Nov16_ROW.csv"));
  const std::string message = error_of("icio", bad);
  CHECK_THAT(message, Contains("line 1") && Contains("not the OECD ICIO layout") &&
                          Contains("World Input-Output Table 2014"));
  CHECK(message.find('\n') == std::string::npos);
  // --balance: a published total that disagrees is a warning, the table is read.
  write_text(bad, edited(good, ",67\r\n", ",74\r\n"));
  ReaderOptions balance;
  balance.balance = true;
  RecordingSink sink;
  leontief::io::read_table("icio", bad, balance, sink);
  CHECK(sink.t.x[0] == 74);
  (void)figaro;
}

TEST_CASE("WIOD 2016 layout: header block, II_fob..GO bottom rows", "[readers][wiod2016]") {
  for (const std::string file : {"WIOT2014_Nov16_ROW.csv", "WIOTS_in_CSV.zip"}) {
    INFO(file);
    const Recorded t = read("wiod2016", kFormats + "/wiod2016/" + file);
    CHECK(t.labels.regions == std::vector<std::string>{"AUS", "ROW"});
    CHECK(t.labels.sectors == std::vector<std::string>{"A01", "M74_M75"});
    CHECK(t.labels.final_demand_categories ==
          std::vector<std::string>{"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"});
    check_known_table(t, 5);
    CHECK(t.x == std::vector<double>{44, 95, 134, 174});
    CHECK(t.va == std::vector<double>{25, 68, 98, 122});  // TXSP + ... + IntTTM
  }
  TempDir dir;
  const std::string good = kFormats + "/wiod2016/WIOT2014_Nov16_ROW.csv";
  const std::string bad = dir.file("WIOT2014_Nov16_ROW.csv");
  write_text(bad, edited(good, "II_fob,Total intermediate consumption,,r64,19",
                         "II_fob,Total intermediate consumption,,r64,18"));
  CHECK_THAT(error_of("wiod2016", bad),
             Contains("line 11, column 5 (AUS_A01)") && Contains("total intermediate inputs"));
  write_text(bad, edited(good, ",ROW,c1,2,1,30", ",AUT,c1,2,1,30"));
  CHECK_THAT(error_of("wiod2016", bad), Contains("line 9, column 3") && Contains("country 'AUT'"));
  write_text(
      bad, edited(good, "GO,Output at basic prices,,r71,44", "GO,Output at basic prices,,r71,45"));
  CHECK_THAT(error_of("wiod2016", bad), Contains("line 18, column 5") && Contains("output row"));
}

TEST_CASE("ADB MRIO layout: two-row header, r60, value added, ToT", "[readers][adb]") {
  const Recorded t = read("adb", kFormats + "/adb/ADB-MRIO-2019.csv");
  CHECK(t.labels.regions == std::vector<std::string>{"PRC", "RoW"});
  CHECK(t.labels.sectors == std::vector<std::string>{"c1", "c2"});
  CHECK(t.labels.final_demand_categories == std::vector<std::string>{"F1", "F2", "F3", "F4", "F5"});
  check_known_table(t, 5);
  CHECK(t.va == std::vector<double>{25, 68, 98, 122});
  TempDir dir;
  const std::string bad = dir.file("ADB-MRIO-2019.csv");
  write_text(bad, edited(kFormats + "/adb/ADB-MRIO-2019.csv", ",Total input,ToT,r69",
                         ",Total input,,r68"));
  CHECK_THAT(error_of("adb", bad), Contains("end of file") && Contains("missing the output row"));
}

TEST_CASE("FIGARO matrix layout: W2 value-added rows, x from the rows", "[readers][figaro]") {
  const Recorded t = read("figaro", kFormats + "/figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv");
  CHECK(t.labels.regions == std::vector<std::string>{"AT", "FIGW1"});
  CHECK(t.labels.final_demand_categories ==
        std::vector<std::string>{"P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"});
  check_known_table(t, 5);
  CHECK(t.va == std::vector<double>{25, 68, 98, 122});
  TempDir dir;
  const std::string bad = dir.file("figaro.csv");
  write_text(bad, edited(kFormats + "/figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv", "W2_D1,",
                         "XX_D1,"));
  CHECK_THAT(error_of("figaro", bad),
             Contains("line 7, column 1") && Contains("unexpected row 'XX_D1'"));
}

namespace {

/// Whether two readings gave the same table, double for double.
void check_same_table(const Recorded& a, const Recorded& b) {
  CHECK(a.labels == b.labels);
  CHECK(a.z == b.z);
  CHECK(a.y == b.y);
  CHECK(a.x == b.x);
  CHECK(a.va == b.va);
}

/// The lines of a text (without their '\n').
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

const std::string kFigaroMatrix = kFormats + "/figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv";
const std::string kFigaroFlat = kFormats + "/figaro/flat/flatfile_eu-ic-io_ind-by-ind_23ed_2021";

}  // namespace

TEST_CASE("FIGARO flat file: the same table as the matrix, from the CSV, the zip and a folder",
          "[readers][figaro]") {
  const Recorded matrix = read("figaro", kFigaroMatrix);
  for (const std::string& path :
       {kFigaroFlat + ".csv", kFigaroFlat + ".zip", kFormats + "/figaro/flat"}) {
    INFO(path);
    const Recorded flat = read("figaro", path);
    check_same_table(flat, matrix);
    CHECK(flat.metadata.units == "millions of euros");
    CHECK_THAT(flat.metadata.derivation, Contains("x = Z·1 + Y·1") && Contains("flat file"));
  }
  // Rows in any order read the same (a row is kept until every row before it is complete;
  // the order of the columns as they first appear sets the order of the table), and the
  // product-by-product header names the codes rowPi and colPi.
  const std::vector<std::string> lines = lines_of(slurp(kFigaroFlat + ".csv"));
  TempDir dir;
  constexpr std::size_t kCellsPerRow = 14;  // 4 intermediate and 10 final-use columns
  REQUIRE((lines.size() - 1) % kCellsPerRow == 0);
  std::vector<std::string> reversed{"iciopRow,iciopCol,refArea,rowPi,counterpartArea,colPi,obsValue"};
  for (std::size_t end = lines.size(); end > 1; end -= kCellsPerRow) {
    reversed.insert(reversed.end(), lines.begin() + static_cast<std::ptrdiff_t>(end - kCellsPerRow),
                    lines.begin() + static_cast<std::ptrdiff_t>(end));
  }
  write_text(dir.file("flat.csv"), joined(reversed));
  check_same_table(read("figaro", dir.file("flat.csv")), matrix);
  // Quoted cells and CRLF, as spreadsheets write them.
  std::string quoted;
  for (const auto& line : lines) {
    std::string q = "\"";
    for (const char c : line) q += c == ',' ? std::string("\",\"") : std::string(1, c);
    quoted += q + "\"\r\n";
  }
  write_text(dir.file("quoted.csv"), quoted);
  check_same_table(read("figaro", dir.file("quoted.csv")), matrix);
}

TEST_CASE("FIGARO flat file errors name the file, line and column", "[readers][figaro][errors]") {
  TempDir dir;
  const std::string bad = dir.file("flat.csv");
  const std::string good = kFigaroFlat + ".csv";
  write_text(bad, edited(good, "AT_A01,FIGW1_A01,AT,A01,FIGW1,A01,3\n", "AT_A01,FIGW1_A01,AT,A01,FIGW1,A01,x3\n"));
  CHECK_THAT(error_of("figaro", bad),
             Contains(bad) && Contains("line 4, column 7 (obsValue)") && Contains("non-numeric"));
  // A cell listed twice (instead of another).
  write_text(bad, edited(good, "AT_A01,FIGW1_A01,AT,A01,FIGW1,A01,3\n", "AT_A01,AT_A01,AT,A01,AT,A01,3\n"));
  CHECK_THAT(error_of("figaro", bad), Contains("line 4, column 5 (counterpartArea)") &&
                                          Contains("row 'AT_A01', column 'AT_A01' is listed twice"));
  write_text(bad, edited(good, "W2_D1,AT_A01,W2,D1,", "W2_D1,AT_A01,XX,D1,"));
  CHECK_THAT(error_of("figaro", bad), Contains("column 3 (refArea)") &&
                                          Contains("row 'XX_D1' is neither an intermediate"));
  write_text(bad, edited(good, "FIGW1_P3_S15,AT,A01,FIGW1,P3_S15", "FIGW1_P3_S16,AT,A01,FIGW1,P3_S16"));
  CHECK_THAT(error_of("figaro", bad), Contains("line 13, column 5") && Contains("P3_S16"));
  write_text(bad, edited(good, ",AT,C10T12,AT,A01,4\n", ",AT,C10T12,AT,A01\n"));
  CHECK_THAT(error_of("figaro", bad), Contains("line 16") && Contains("expected 7 cells"));
  write_text(bad, edited(good, ",obsValue\n", ",OBS_VALUE\n"));
  const std::string message = error_of("figaro", bad);
  CHECK_THAT(message, Contains("line 1") && Contains("not the FIGARO flat layout") &&
                          Contains("icioiRow,icioiCol,refArea"));
  CHECK(message.find('\n') == std::string::npos);
  // The intermediate rows only, without value added.
  std::vector<std::string> lines = lines_of(slurp(good));
  lines.resize(1 + 4 * 14);
  write_text(bad, joined(lines));
  CHECK_THAT(error_of("figaro", bad), Contains("no value-added rows"));
  // A matrix reader's message names both layouts.
  write_text(bad, slurp(kFormats + "/wiod2016/WIOT2014_Nov16_ROW.csv"));
  CHECK_THAT(error_of("figaro", bad), Contains("not the FIGARO layout") && Contains("rowLabels") &&
                                          Contains("refArea") && Contains("World Input-Output"));
}

TEST_CASE("EXIOBASE 3.8, 3.9, 3.10: every release from its folder, zip and a folder of zips",
          "[readers][exiobase3]") {
  struct Release {
    std::string system;   // under exiobase3/
    std::string va_from;  // the factor-input account
    bool x_published;
  };
  for (const Release& release :
       {Release{"3.8.1/IOT_2019_ixi", "satellite/F.txt", true},
        Release{"3.8.2/IOT_2021_pxp", "satellite/F.txt", true},
        Release{"3.9/IOT_2020_ixi", "factor_inputs/F.txt", false},
        Release{"3.10/IOT_2022_pxp", "factor_inputs/F.txt", false}}) {
    for (const std::string suffix : {"", ".zip"}) {
      const std::string path = kFormats + "/exiobase3/" + release.system + suffix;
      INFO(path);
      const Recorded t = read("exiobase3", path);
      CHECK(t.labels.regions == std::vector<std::string>{"AT", "BE"});
      CHECK(t.labels.category_count() == 7);
      // VA is the sum of the 9 factor-input rows (not the employment or CO2 rows), which the
      // fixture splits from x - 1'Z.
      check_known_table(t, 7);
      CHECK(t.metadata.units == "millions of euros");
      CHECK_THAT(t.metadata.derivation, Contains("9 factor-input rows of " + release.va_from));
      CHECK_THAT(t.metadata.derivation,
                 Contains(release.x_published ? "x = x.txt" : "x = Z·1 + Y·1 (no x.txt)"));
      CHECK_THAT(t.metadata.source, Contains("EXIOBASE " + release.system.substr(
                                                               0, release.system.find('/'))));
    }
  }
  for (const int year : {2019, 2020}) {
    const Recorded t = read("exiobase3", kFormats + "/exiobase3/zips", year);
    CHECK_THAT(t.metadata.input_file, Contains("IOT_" + std::to_string(year) + "_ixi.zip:"));
    check_known_table(t, 7);
  }
  CHECK_THAT(error_of("exiobase3", kFormats + "/exiobase3/zips"),
             Contains("several EXIOBASE zips") && Contains("--year"));
}

TEST_CASE("EXIOBASE 3.4: A and Y only; alpha-3 codes; x given or A itself",
          "[readers][exiobase3]") {
  const std::string system = kFormats + "/exiobase3/3.4/IOT_2011_ixi";
  for (const std::string& path : {system, system + ".zip"}) {
    INFO(path);
    CHECK(leontief::io::publishes_coefficients_only("exiobase3", path, {}));
    CHECK_THAT(error_of("exiobase3", path), Contains("A.txt") && Contains("solved first"));
    // x = Z·1 + Y·1 of the known table, as the import's solve would give it.
    const auto y = expected_y(7);
    std::vector<double> x(4, 0.0);
    for (std::size_t i = 0; i < 4; ++i) {
      for (double v : kZ[i]) x[i] += v;
      for (double v : y[i]) x[i] += v;
    }
    RecordingSink sink;
    ReaderOptions options;
    options.gross_output = &x;
    leontief::io::read_table("exiobase3", path, options, sink);
    const Recorded& t = sink.t;
    CHECK(t.labels.regions == std::vector<std::string>{"AT", "BE"});  // AUT, BEL in A.txt
    for (std::size_t i = 0; i < 4; ++i) {
      for (std::size_t j = 0; j < 4; ++j) CHECK(t.z[i][j] == Approx(kZ[i][j]).epsilon(1e-14));
      CHECK(t.y[i] == y[i]);
      CHECK(t.x[i] == x[i]);
    }
    CHECK_THAT(t.metadata.derivation, Contains("solved at import") &&
                                          Contains("9 factor-input rows of satellite/F.txt"));
    RecordingSink raw;
    ReaderOptions coefficients;
    coefficients.coefficients = true;
    leontief::io::read_table("exiobase3", path, coefficients, raw);
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(raw.t.x[i] == 1.0);
      for (std::size_t j = 0; j < 4; ++j) CHECK(raw.t.z[i][j] == Approx(kZ[i][j] / x[j]));
    }
  }
  CHECK_FALSE(leontief::io::publishes_coefficients_only(
      "exiobase3", kFormats + "/exiobase3/3.9/IOT_2020_ixi", {}));
}

TEST_CASE("EXIOBASE 3 errors: labels, cells, missing files, unknown layout",
          "[readers][exiobase3][errors]") {
  TempDir dir;
  const std::string folder = dir.file("IOT_2019_ixi");
  fs::copy(kFormats + "/exiobase3/3.8.1/IOT_2019_ixi", folder, fs::copy_options::recursive);
  const std::string x = folder + "/x.txt";
  const std::string x_text = slurp(x);
  write_text(x, edited(x, "AT\tMining of coal and lignite, extraction of peat\t", "AT\tMining\t"));
  CHECK_THAT(error_of("exiobase3", folder),
             Contains(x) && Contains("line 3, column 2") && Contains("'Mining'"));
  write_text(x, edited(x, "AT\tMining\t", "AT\tMining of coal and lignite, extraction of peat\t"));
  // x 10% above its row: an error, or with --balance a warning.
  write_text(x, edited(x, "\t70.0\n", "\t77.0\n"));
  CHECK_THAT(error_of("exiobase3", folder),
             Contains(x) && Contains("line 2, column 3") && Contains("disagrees with the row sum"));
  ReaderOptions balance;
  balance.balance = true;
  RecordingSink tolerant;
  leontief::io::read_table("exiobase3", folder, balance, tolerant);
  CHECK(tolerant.t.x[0] == 77.0);
  write_text(x, x_text);
  const std::string y = folder + "/Y.txt";
  write_text(y, edited(y, "\t-3.0\t", "\tnan\t"));
  CHECK_THAT(error_of("exiobase3", folder),
             Contains(y) && Contains("line 4, column 8") && Contains("non-finite"));
  fs::remove(y);
  CHECK_THAT(error_of("exiobase3", folder), Contains("not an EXIOBASE 3 system"));
  // A file of another layout: one line naming the expected layout and the line found.
  write_text(y, slurp(kFormats + "/icio/2023/2019_SML.csv"));
  const std::string message = error_of("exiobase3", folder);
  CHECK_THAT(message, Contains(y) && Contains("line 1") && Contains("not the EXIOBASE 3 layout") &&
                          Contains("V1,CHN_01T02"));
  CHECK(message.find('\n') == std::string::npos);
}

TEST_CASE("ADB MRIO: the workbook (.xlsx) itself reads like its CSV export", "[readers][adb]") {
  const Recorded from_csv = read("adb", kFormats + "/adb/ADB-MRIO-2019.csv");
  for (const std::string& path : {kFormats + "/adb/ADB-MRIO-2019.xlsx", kFormats + "/adb"}) {
    INFO(path);
    if (path == kFormats + "/adb") {
      // The folder holds the workbook and the CSV: one must be chosen.
      CHECK_THAT(error_of("adb", path), Contains("several ADB MRIO workbook"));
      continue;
    }
    const Recorded t = read("adb", path);
    CHECK(t.labels == from_csv.labels);
    CHECK(t.z == from_csv.z);
    CHECK(t.y == from_csv.y);
    CHECK(t.x == from_csv.x);
    CHECK(t.va == from_csv.va);
    CHECK_THAT(t.metadata.input_file, Contains("ADB-MRIO-2019.xlsx"));
  }
  TempDir dir;
  write_text(dir.file("not.xlsx"), "PK\x03\x04 not a workbook");
  CHECK_THAT(error_of("adb", dir.file("not.xlsx")), Contains("not.xlsx") && Contains("workbook"));
}

namespace {

/// The GLORIA fixture (make_fixtures.py, gloria()): supply V per region (industry x product),
/// use U (product x industry), final demand of the products and value added of the
/// industries; x and the tables built from them with plain dense algebra.
struct GloriaKnown {
  static constexpr std::size_t n = 4;
  double v[n][n] = {};  // industry x product, block-diagonal
  double u[n][n] = {{10, 4, 6, 2}, {8, 30, 3, 12}, {5, 2, 25, 6}, {3, 9, 7, 20}};
  double y[n][12] = {};
  double q[n] = {}, g[n] = {}, va[n] = {};
  GloriaKnown() {
    const double blocks[2][2][2] = {{{90, 10}, {5, 120}}, {{200, 0}, {20, 150}}};
    for (std::size_t r = 0; r < 2; ++r) {
      for (std::size_t i = 0; i < 2; ++i) {
        for (std::size_t p = 0; p < 2; ++p) v[r * 2 + i][r * 2 + p] = blocks[r][i][p];
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t p = 0; p < n; ++p) {
        g[i] += v[i][p];
        q[p] += v[i][p];
      }
    }
    for (std::size_t p = 0; p < n; ++p) {
      double used = 0;
      for (std::size_t j = 0; j < n; ++j) used += u[p][j];
      const double final_use = q[p] - used;
      y[p][0] = final_use * 0.5;
      y[p][3] = final_use * 0.25;
      y[p][6] = final_use * 0.125;
      y[p][9] = final_use * 0.125;
    }
    for (std::size_t j = 0; j < n; ++j) {
      va[j] = g[j];
      for (std::size_t p = 0; p < n; ++p) va[j] -= u[p][j];
    }
  }
};

}  // namespace

TEST_CASE("GLORIA: supply-use to industry by industry (model D) and product by product (model B)",
          "[readers][gloria]") {
  const GloriaKnown k;
  const std::string folder = kFormats + "/gloria";
  for (const std::string& path :
       {folder, folder + "/GLORIA_MRIOs_59_2019.zip", folder + "/GLORIA_MRIOs_59_2019"}) {
    INFO(path);
    if (path == folder + "/GLORIA_MRIOs_59_2019") {
      // The CSVs alone have no labels: the ReadMe is needed.
      CHECK_THAT(error_of("gloria", path), Contains("GLORIA_ReadMe"));
      continue;
    }
    const Recorded ixi = read("gloria", path);
    CHECK(ixi.labels.regions == std::vector<std::string>{"AUS", "CHE"});
    CHECK(ixi.labels.sectors == std::vector<std::string>{"Wheat", "Motor vehicles"});
    REQUIRE(ixi.labels.category_count() == 6);
    CHECK(ixi.labels.final_demand_categories[3] == "Gross fixed capital formation P.51");
    CHECK(ixi.metadata.units == "thousands of US dollars");
    CHECK_THAT(ixi.metadata.derivation, Contains("model D"));
    // Model D: D = V q^-1, Z = D U, Y = D Y, x = g, VA = VA.
    for (std::size_t i = 0; i < 4; ++i) {
      for (std::size_t j = 0; j < 4; ++j) {
        double z = 0;
        for (std::size_t p = 0; p < 4; ++p) z += k.v[i][p] / k.q[p] * k.u[p][j];
        CHECK(ixi.z[i][j] == Approx(z).epsilon(1e-13));
      }
      for (std::size_t c = 0; c < 12; ++c) {
        double y = 0;
        for (std::size_t p = 0; p < 4; ++p) y += k.v[i][p] / k.q[p] * k.y[p][c];
        CHECK(ixi.y[i][c] == Approx(y).epsilon(1e-13).margin(1e-12));
      }
      CHECK(ixi.x[i] == Approx(k.g[i]));
      CHECK(ixi.va[i] == Approx(k.va[i]));
    }
    RecordingSink sink;
    ReaderOptions pxp;
    pxp.product_by_product = true;
    leontief::io::read_table("gloria", path, pxp, sink);
    const Recorded& t = sink.t;
    CHECK_THAT(t.metadata.derivation, Contains("model B"));
    // Model B: Z = U g^-1 V, Y = Y, x = q, VA = VA g^-1 V.
    for (std::size_t p = 0; p < 4; ++p) {
      for (std::size_t c = 0; c < 4; ++c) {
        double z = 0, va = 0;
        for (std::size_t i = 0; i < 4; ++i) {
          z += k.u[p][i] / k.g[i] * k.v[i][c];
          if (p == 0) va += k.va[i] / k.g[i] * k.v[i][c];
        }
        CHECK(t.z[p][c] == Approx(z).epsilon(1e-13));
        if (p == 0) CHECK(t.va[c] == Approx(va).epsilon(1e-13));
      }
      for (std::size_t c = 0; c < 12; ++c) CHECK(t.y[p][c] == Approx(k.y[p][c]));
      CHECK(t.x[p] == Approx(k.q[p]));
    }
  }
}

TEST_CASE("Eora26: T, FD, VA with labels; the ROW block is left out", "[readers][eora26]") {
  for (const std::string path : {"/eora26/Eora26_2015_bp", "/eora26/zipped/Eora26_2015_bp.zip"}) {
    INFO(path);
    const Recorded t = read("eora26", kFormats + path);
    CHECK(t.labels.regions == std::vector<std::string>{"AFG", "ALB"});
    CHECK(t.labels.sectors == std::vector<std::string>{"Agriculture", "Fishing"});
    CHECK(t.labels.category_count() == 6);
    // x includes the sales to ROW (1 intermediate + 6 final); VA excludes the inputs from ROW (2).
    check_known_table(t, 6, 7.0, 2.0);
  }
  TempDir dir;
  const std::string folder = dir.file("Eora26_2015_bp");
  fs::copy(kFormats + "/eora26/Eora26_2015_bp", folder);
  const std::string t = folder + "/Eora26_2015_bp_T.txt";
  write_text(t, edited(t, "4.0\t20.0\t1.0\t5.0\t1.0\n", "4.0\t20.0\t1.0\t5.0\n"));
  CHECK_THAT(error_of("eora26", folder),
             Contains(t) && Contains("line 2, column 5") && Contains("expected 5 values"));
}

TEST_CASE("A file of another layout: one line naming the layout expected and the line that differs",
          "[readers][errors]") {
  TempDir dir;
  const std::string icio = kFormats + "/icio/2023/2019_SML.csv";
  const std::string wiod = kFormats + "/wiod2016/WIOT2014_Nov16_ROW.csv";
  const std::string adb = kFormats + "/adb/ADB-MRIO-2019.csv";
  const auto one_line = [](const std::string& message) {
    CHECK(message.find('\n') == std::string::npos);
    return message;
  };
  struct Case {
    std::string format, file, layout, place, text;
  };
  for (const Case& c : {
           // The ICIO header row stands where the data should start: one line above it.
           Case{"wiod2016", icio, "not the WIOD 2016 layout", "line 2:", "CHN_01T02"},
           // ADB's two header rows under its title rows: no industry codes 4 rows up.
           Case{"wiod2016", adb, "not the WIOD 2016 layout", "line 4, column 5", ",,,,,"},
           Case{"adb", icio, "not the ADB MRIO layout", "line 2:", "CHN_01T02"},
           // WIOD's countries and column numbers (c1 .. c62) where ADB's header is: its
           // output column has no country code.
           Case{"adb", wiod, "not the ADB MRIO layout", "line 5, column 19", ",,,,AUS,AUS"},
           Case{"figaro", wiod, "not the FIGARO layout", "line 1:", "World Input-Output"},
           Case{"icio", adb, "not the OECD ICIO layout", "line 1:", "Multiregional"},
       }) {
    INFO(c.format << " given " << c.file);
    const std::string copy = dir.file(fs::path(c.file).filename().string());
    write_text(copy, slurp(c.file));
    const std::string message = one_line(error_of(c.format, copy));
    CHECK_THAT(message, Contains(copy + ": " + c.place) && Contains(c.layout) &&
                            Contains("the line holds") && Contains(c.text));
  }
  // Eora26: the files' names are right, their content is another layout's.
  const std::string eora = dir.file("Eora26_2015_bp");
  fs::copy(kFormats + "/eora26/Eora26_2015_bp", eora);
  for (const std::string name : {"Eora26_2015_bp_T.txt", "Eora26_2015_bp_FD.txt",
                                 "Eora26_2015_bp_VA.txt", "labels_T.txt", "labels_FD.txt"}) {
    INFO(name);
    const std::string file = eora + "/" + name;
    const std::string original = slurp(file);
    write_text(file, slurp(icio));
    CHECK_THAT(one_line(error_of("eora26", eora)),
               Contains(file + ": line 1") && Contains("not the Eora26 layout") &&
                   Contains("the line holds 'V1,CHN_01T02"));
    write_text(file, original);
  }
  // A header row over Eora's numbers.
  const std::string t = eora + "/Eora26_2015_bp_T.txt";
  write_text(t, "AFG_Agriculture\tAFG_Fishing\tALB_Agriculture\tALB_Fishing\tROW_TOTAL\n" + slurp(t));
  CHECK_THAT(one_line(error_of("eora26", eora)),
             Contains(t + ": line 1, column 1") && Contains("not a number") &&
                 Contains("'AFG_Agriculture\\tAFG_Fishing"));
  // GLORIA: a results file and the ReadMe of other layouts.
  const std::string gloria = dir.file("gloria");
  fs::copy(kFormats + "/gloria", gloria, fs::copy_options::recursive);
  const std::string results =
      gloria + "/GLORIA_MRIOs_59_2019/20240111_120secMother_AllCountries_002_Y-Results_2019_059_Markup001(full).csv";
  const std::string y = slurp(results);
  write_text(results, slurp(icio));
  CHECK_THAT(one_line(error_of("gloria", gloria)),
             Contains(results + ": line 1") && Contains("not the GLORIA layout") &&
                 Contains("12 numbers per line") && Contains("'V1,CHN_01T02"));
  write_text(results, std::string(12, ',') + "\n" + y);
  CHECK_THAT(one_line(error_of("gloria", gloria)),
             Contains(results + ": line 1") && Contains("the first line has 13 cells"));
  write_text(results, y);
  fs::copy_file(kFormats + "/adb/ADB-MRIO-2019.xlsx", gloria + "/GLORIA_ReadMe_059.xlsx",
                fs::copy_options::overwrite_existing);
  CHECK_THAT(one_line(error_of("gloria", gloria)),
             Contains("GLORIA_ReadMe_059.xlsx") && Contains("not the GLORIA ReadMe layout") &&
                 Contains("no sheet 'Regions'"));
}

TEST_CASE("Round trip: import -> export wide CSV -> import gives the same table",
          "[readers][export]") {
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"icio", "/icio/2023/2016-2020_EXT.zip"},
      {"icio", "/icio/2021/ICIO2021_2018.csv"},
      {"wiod2016", "/wiod2016/WIOT2014_Nov16_ROW.csv"},
      {"exiobase3", "/exiobase3/3.8.2/IOT_2021_pxp.zip"},
      {"exiobase3", "/exiobase3/3.9/IOT_2020_ixi"},
      {"eora26", "/eora26/Eora26_2015_bp"},
      {"adb", "/adb/ADB-MRIO-2019.csv"},
      {"figaro", "/figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv"},
      {"figaro", "/figaro/flat/flatfile_eu-ic-io_ind-by-ind_23ed_2021.zip"},
      {"adb", "/adb/ADB-MRIO-2019.xlsx"},
      {"gloria", "/gloria/GLORIA_MRIOs_59_2019.zip"}};
  TempDir dir;
  for (const auto& [format, path] : inputs) {
    INFO(format);
    for (const bool balance : {false, true}) {
      const std::string first = dir.file(format + "-first.h5");
      const std::string csv = dir.file(format + (balance ? ".csv.gz" : ".csv"));
      const std::string second = dir.file(format + "-second.h5");
      {
        leontief::io::TableStoreWriter writer(first, balance);
        leontief::io::read_table(format, kFormats + path, {}, writer);
        writer.commit();
      }
      {
        leontief::io::TableFile table(MPI_COMM_SELF, first);
        leontief::io::write_wide_csv(table, csv);
      }
      {
        // Eora's x includes sales to the ROW block left out: its published totals do not
        // close, so the re-read tolerates them (as `import --balance` would) and keeps them.
        ReaderOptions reread;
        reread.balance = format == "eora26";
        leontief::io::TableStoreWriter writer(second, balance);
        leontief::io::read_table("wide-csv", csv, reread, writer);
        writer.commit();
      }
      leontief::io::TableFile a(MPI_COMM_SELF, first), b(MPI_COMM_SELF, second);
      CHECK(a.labels() == b.labels());
      const std::size_t n = a.labels().n();
      CHECK(a.read_rows("Z", 0, n) == b.read_rows("Z", 0, n));
      CHECK(a.read_rows("Y", 0, n) == b.read_rows("Y", 0, n));
      CHECK(a.read_vector("x") == b.read_vector("x"));
      CHECK(a.read_vector("VA") == b.read_vector("VA"));
    }
  }
}

TEST_CASE("Unknown format and zip errors", "[readers][errors]") {
  CHECK_THROWS_WITH(read("gtap", kFormats + "/icio/2023/2019_SML.csv"),
                    Contains("unknown table format 'gtap'") && Contains("icio"));
  TempDir dir;
  write_text(dir.file("broken.zip"), "PK\x03\x04 not really a zip");
  CHECK_THROWS_WITH(read("icio", dir.file("broken.zip")), Contains("cannot open as a zip archive"));
}
