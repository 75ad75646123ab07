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

TEST_CASE("ICIO 2023 layout: labels, Z, Y, x and TLS + VA", "[readers][icio]") {
  for (const std::string file : {"ICIO2023_2019.csv", "ICIO2023_2019.zip"}) {
    INFO(file);
    const Recorded t = read("icio", kFormats + "/icio/" + file);
    CHECK(t.labels.regions == std::vector<std::string>{"AUS", "AUT"});
    CHECK(t.labels.sectors == std::vector<std::string>{"01T02", "05T06"});
    CHECK(t.labels.final_demand_categories ==
          std::vector<std::string>{"HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR"});
    check_known_table(t, 6);
    CHECK(t.x == std::vector<double>{56, 120, 171, 223});
    CHECK(t.va == std::vector<double>{37, 93, 135, 171});  // TLS + VA rows
    CHECK(t.metadata.units == "millions of US dollars");
  }
  // A folder holding the year's CSV (and others) is read with --year.
  TempDir dir;
  fs::copy_file(kFormats + "/icio/ICIO2023_2019.csv", dir.file("ICIO2023_2019.csv"));
  fs::copy_file(kFormats + "/icio/ICIO2023_2019.csv", dir.file("ICIO2023_2020.csv"));
  CHECK_THROWS_WITH(read("icio", dir.file("")), Contains("several ICIO CSV files"));
  CHECK(read("icio", dir.file(""), 2019).x == std::vector<double>{56, 120, 171, 223});
}

TEST_CASE("ICIO older layout: TAXSUB + VALU, OUTPUT, TOTAL and DISC", "[readers][icio]") {
  const Recorded t = read("icio", kFormats + "/icio/ICIO2016_2011.csv");
  CHECK(t.labels.sectors == std::vector<std::string>{"C01T05", "C10T14"});
  CHECK(t.labels.final_demand_categories.back() == "P33");
  // x is the published TOTAL, which includes the dropped statistical discrepancy DISC.
  CHECK(t.x == std::vector<double>{56.5, 120, 170.5, 224});
  for (std::size_t i = 0; i < 4; ++i) CHECK(t.z[i] == kZ[i]);
  CHECK(t.y == expected_y(6));
  CHECK(t.va == std::vector<double>{37.5, 93, 134.5, 172});
}

TEST_CASE("ICIO extended version: CN1/CN2/MX1 splits kept, no final demand", "[readers][icio]") {
  const Recorded t = read("icio", kFormats + "/icio/ICIO2021_extended_2018.csv");
  CHECK(t.labels.regions == std::vector<std::string>{"CHN", "MEX", "USA", "CN1", "CN2", "MX1"});
  REQUIRE(t.labels.n() == 12);
  for (std::size_t i = 0; i < 12; ++i) {
    for (std::size_t j = 0; j < 12; ++j)
      CHECK(t.z[i][j] == static_cast<double>(1 + (3 * i + 2 * j) % 7));
    for (std::size_t k = 0; k < 18; ++k)
      CHECK(t.y[i][k] == static_cast<double>(1 + (i + k / 6 + k % 6) % 4));
    for (std::size_t k = 18; k < 36; ++k) CHECK(t.y[i][k] == 0);  // the splits' Y columns
  }
}

TEST_CASE("ICIO errors name file, line and column", "[readers][icio][errors]") {
  TempDir dir;
  const std::string good = kFormats + "/icio/ICIO2023_2019.csv";
  const std::string bad = dir.file("ICIO2023_2019.csv");
  write_text(bad, edited(good, "AUT_05T06,3,4,2,40", "AUT_05T06,3,4,x2,40"));
  CHECK_THAT(error_of("icio", bad),
             Contains(bad) && Contains("line 5, column 4 (AUT_01T02)") && Contains("non-numeric"));
  write_text(bad, edited(good, "4,20,1,5,2,4,6,8,10,12,3,5,7,9,11,13,120",
                         "4,20,1,5,2,4,6,8,10,12,3,5,7,9,11,13,125"));
  CHECK_THAT(error_of("icio", bad), Contains("line 3, column 18 (OUT)") && Contains("row sum"));
  write_text(bad, edited(good, "AUT_01T02,2,1", "AUT_05T06,2,1"));
  CHECK_THAT(error_of("icio", bad),
             Contains("line 4, column 1") && Contains("'AUT_01T02' was expected"));
  write_text(bad, edited(good, "AUT_GGFC", "AUT_XYZ"));
  CHECK_THAT(error_of("icio", bad), Contains("line 1") && Contains("sector 'XYZ' of region 'AUT'"));
  write_text(bad, edited(good, "VA,36,91", "VA,36,90"));
  CHECK_THAT(error_of("icio", bad), Contains("line 8, column 3 (AUS_05T06)") &&
                                        Contains("intermediate inputs plus value added"));
  write_text(bad, edited(good, "AUS_05T06,4,20,1,5,", "AUS_05T06,4,20,1,"));
  CHECK_THAT(error_of("icio", bad), Contains("line 3") && Contains("expected 18 cells"));
  CHECK_THAT(error_of("icio", dir.file("missing.csv")), Contains("no such file"));
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

TEST_CASE("EXIOBASE 3: Z.txt, Y.txt, x.txt in a folder or the zip", "[readers][exiobase3]") {
  for (const std::string path :
       {"/exiobase3/IOT_2019_ixi", "/exiobase3/IOT_2019_ixi.zip", "/exiobase3"}) {
    INFO(path);
    const Recorded t = read("exiobase3", kFormats + path, 2019);
    CHECK(t.labels.regions == std::vector<std::string>{"AT", "BE"});
    CHECK(t.labels.sectors[1] == "Mining of coal and lignite, extraction of peat");
    CHECK(t.labels.category_count() == 7);
    check_known_table(t, 7);
    CHECK(t.metadata.units == "millions of euros");
  }
  TempDir dir;
  const std::string folder = dir.file("IOT_2019_ixi");
  fs::copy(kFormats + "/exiobase3/IOT_2019_ixi", folder);
  const std::string x = folder + "/x.txt";
  write_text(x, edited(x, "AT\tMining of coal and lignite, extraction of peat\t", "AT\tMining\t"));
  CHECK_THAT(error_of("exiobase3", folder),
             Contains(x) && Contains("line 3, column 2") && Contains("'Mining'"));
  fs::copy_file(kFormats + "/exiobase3/IOT_2019_ixi/x.txt", x,
                fs::copy_options::overwrite_existing);
  const std::string y = folder + "/Y.txt";
  write_text(y, edited(y, "\t-3.0\t", "\tnan\t"));
  CHECK_THAT(error_of("exiobase3", folder),
             Contains(y) && Contains("line 4, column 8") && Contains("non-finite"));
  fs::remove(y);
  CHECK_THAT(error_of("exiobase3", folder), Contains("Y.txt") && Contains("missing"));
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

TEST_CASE("Round trip: import -> export wide CSV -> import gives the same table",
          "[readers][export]") {
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"icio", "/icio/ICIO2021_extended_2018.csv"},
      {"wiod2016", "/wiod2016/WIOT2014_Nov16_ROW.csv"},
      {"exiobase3", "/exiobase3/IOT_2019_ixi.zip"},
      {"eora26", "/eora26/Eora26_2015_bp"},
      {"adb", "/adb/ADB-MRIO-2019.csv"},
      {"figaro", "/figaro/matrix_eu-ic-io_ind-by-ind_23ed_2021.csv"}};
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
        leontief::io::TableStoreWriter writer(second, balance);
        leontief::io::read_table("wide-csv", csv, {}, writer);
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
  CHECK_THROWS_WITH(read("gtap", kFormats + "/icio/ICIO2023_2019.csv"),
                    Contains("unknown table format 'gtap'") && Contains("icio"));
  TempDir dir;
  write_text(dir.file("broken.zip"), "PK\x03\x04 not really a zip");
  CHECK_THROWS_WITH(read("icio", dir.file("broken.zip")), Contains("cannot open as a zip archive"));
}
