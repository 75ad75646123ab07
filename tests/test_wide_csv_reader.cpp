// Tests of the wide-CSV table reader and the line reader under it.

#include <mpi.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "io/readers/reader_support.hpp"
#include "io/readers/wide_csv_reader.hpp"
#include "io/runtime/error.hpp"
#include "io/store/table_sink.hpp"
#include "io/text/line_reader.hpp"

namespace {

namespace fs = std::filesystem;
using leontief::InputError;
using leontief::io::LineReader;
using leontief::io::read_wide_csv;
using leontief::io::TableLabels;
using leontief::io::TableMetadata;
using leontief::io::TableSink;

/// Keeps everything the reader pushes, and checks the call protocol.
class RecordingSink : public TableSink {
 public:
  void begin(const TableLabels& table_labels, const TableMetadata& table_metadata) override {
    REQUIRE(begin_calls == 0);
    ++begin_calls;
    labels = table_labels;
    metadata = table_metadata;
  }
  void row(std::size_t i, std::span<const double> intermediate,
           std::span<const double> final_demand, double gross_output) override {
    REQUIRE(begin_calls == 1);
    REQUIRE(i == z.size());  // rows arrive in order, each once
    REQUIRE(intermediate.size() == labels.n());
    REQUIRE(final_demand.size() == labels.final_demand_columns());
    z.emplace_back(intermediate.begin(), intermediate.end());
    y.emplace_back(final_demand.begin(), final_demand.end());
    go.push_back(gross_output);
  }
  void finish(std::span<const double> value_added) override {
    REQUIRE(z.size() == labels.n());
    REQUIRE(finish_calls == 0);
    ++finish_calls;
    va.assign(value_added.begin(), value_added.end());
  }

  int begin_calls = 0;
  int finish_calls = 0;
  TableLabels labels;
  TableMetadata metadata;
  std::vector<std::vector<double>> z;
  std::vector<std::vector<double>> y;
  std::vector<double> go;
  std::vector<double> va;
};

int mpi_rank() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  int rank = 0;
  if (initialized != 0) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

/// A scratch directory unique to this process and rank (ranks run the tests concurrently).
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ =
        fs::temp_directory_path() / ("leontief_io_test_" + std::to_string(getpid()) + "_" +
                                     std::to_string(mpi_rank()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
  std::string write_gz(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    gzFile out = gzopen(file.c_str(), "wb");
    REQUIRE(out != nullptr);
    REQUIRE(gzwrite(out, text.data(), static_cast<unsigned>(text.size())) ==
            static_cast<int>(text.size()));
    REQUIRE(gzclose(out) == Z_OK);
    return file.string();
  }

 private:
  fs::path path_;
};

// A 2-region x 2-sector table with 2 final-demand categories; lines 1 (header) to 7 (GO),
// columns 1 (labels), 2-5 (Z), 6-9 (Y), 10 (GO). Row sums equal GO; VA = GO - colsums(Z).
const std::string kSmallTable =
    ",A_s1,A_s2,B_s1,B_s2,A_c1,A_c2,B_c1,B_c2,GO\n"
    "A_s1,1,2,0,1,3,2,2,-1,10\n"
    "A_s2,2,1,1,0,4,0,1,1,10\n"
    "B_s1,0,1,2,1,1,0,3,2,10\n"
    "B_s2,1,0,1,2,2,0,4,0,10\n"
    "VA,6,6,6,6,,,,,\n"
    "GO,10,10,10,10,,,,,\n";

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

/// kSmallTable with cell (line, column), both 1-based, replaced by `cell`.
std::string with_cell(std::size_t line, std::size_t column, const std::string& cell,
                      const std::string& base = kSmallTable) {
  auto lines = split_lines(base);
  std::vector<std::string> cells;
  std::istringstream in(lines.at(line - 1));
  for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
  if (lines.at(line - 1).back() == ',') cells.emplace_back();
  cells.at(column - 1) = cell;
  std::string joined;
  for (std::size_t c = 0; c < cells.size(); ++c) joined += (c ? "," : "") + cells[c];
  lines.at(line - 1) = joined;
  return join_lines(lines);
}

/// kSmallTable with line `line` (1-based) replaced by `text`.
std::string with_line(std::size_t line, const std::string& text) {
  auto lines = split_lines(kSmallTable);
  lines.at(line - 1) = text;
  return join_lines(lines);
}

std::string without_line(std::size_t line) {
  auto lines = split_lines(kSmallTable);
  lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(line - 1));
  return join_lines(lines);
}

/// Parses `text` from a fresh file and returns the InputError message ("" if none).
std::string error_of(const std::string& text, const std::string& name = "bad.csv") {
  TempDir dir;
  const std::string path = dir.write(name, text);
  RecordingSink sink;
  try {
    read_wide_csv(path, sink);
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK(message.find(path) != std::string::npos);  // names the file
    CHECK(message.find('\n') == std::string::npos);  // one line
    return message;
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Checks that parsing `text` fails at `place` with a message containing `what`.
void check_error(const std::string& text, const std::string& place, const std::string& what) {
  const std::string message = error_of(text);
  INFO("message: " << message);
  CHECK(contains(message, place));
  CHECK(contains(message, what));
}

std::string shared_data(const std::string& relative) {
  return std::string(LEONTIEF_TEST_DATA_DIR) + "/" + relative;
}

void check_small_table(const RecordingSink& sink) {
  REQUIRE(sink.finish_calls == 1);
  CHECK(sink.labels.regions == std::vector<std::string>{"A", "B"});
  CHECK(sink.labels.sectors == std::vector<std::string>{"s1", "s2"});
  CHECK(sink.labels.final_demand_categories == std::vector<std::string>{"c1", "c2"});
  CHECK(sink.z[0] == std::vector<double>{1, 2, 0, 1});
  CHECK(sink.y[0] == std::vector<double>{3, 2, 2, -1});
  CHECK(sink.z[3] == std::vector<double>{1, 0, 1, 2});
  CHECK(sink.go == std::vector<double>{10, 10, 10, 10});
  CHECK(sink.va == std::vector<double>{6, 6, 6, 6});
}

}  // namespace

TEST_CASE("wide CSV: leather table parses with exact values", "[io]") {
  const std::string path = shared_data("leather/leather.csv");
  RecordingSink sink;
  read_wide_csv(path, sink);

  const TableLabels& labels = sink.labels;
  CHECK(labels.regions == std::vector<std::string>{"Argentina", "Turkey", "Germany"});
  CHECK(labels.sectors ==
        std::vector<std::string>{"Agriculture", "Textile_and_Leather", "Transport_Equipment"});
  CHECK(labels.final_demand_categories == std::vector<std::string>{"FD"});
  CHECK(sink.metadata.input_file == path);
  CHECK(sink.metadata.source.empty());
  CHECK(sink.metadata.year == 0);
  REQUIRE(sink.z.size() == 9);
  REQUIRE(sink.finish_calls == 1);

  CHECK(sink.z[0][0] == 16.1);
  CHECK(sink.z[1][8] == 11.5);  // Argentina_Textile_and_Leather -> Germany_Transport_Equipment
  CHECK(sink.z[5][0] == 0.0);
  CHECK(sink.z[8][8] == 51.3);
  CHECK(sink.y[0] == std::vector<double>{21.5, 6.1, 8.4});
  CHECK(sink.y[3][1] == 29.5);  // Turkey_Agriculture, Turkey_FD
  CHECK(sink.y[8][2] == 68.4);
  CHECK(sink.go[0] == 77.7);
  CHECK(sink.go[8] == 217.0);
  CHECK(sink.va == std::vector<double>{52.3, 33.2, 6.1, 69.8, 63.4, 12.5, 95.3, 58.4, 70.5});
  for (std::size_t j = 0; j < 9; ++j) {  // VA = GO - column sums of Z
    double column_sum = 0;
    for (std::size_t i = 0; i < 9; ++i) column_sum += sink.z[i][j];
    CHECK(sink.va[j] + column_sum == Approx(sink.go[j]).epsilon(1e-12));
  }
}

TEST_CASE("wide CSV: WIOD 2011 (gzip) parses to 41 x 35 x 5", "[io]") {
  RecordingSink sink;
  read_wide_csv(shared_data("wiod2013/wiot_2011.csv.gz"), sink);

  const TableLabels& labels = sink.labels;
  REQUIRE(labels.region_count() == 41);
  REQUIRE(labels.sector_count() == 35);
  CHECK(labels.final_demand_categories ==
        std::vector<std::string>{"CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"});
  CHECK(labels.regions.front() == "AUS");
  CHECK(labels.regions.back() == "RoW");
  CHECK(labels.sectors.front() == "c1");
  CHECK(labels.sectors.back() == "c35");
  const std::size_t n = labels.n();
  REQUIRE(sink.z.size() == n);
  REQUIRE(sink.va.size() == n);

  // Published facts (data/README.md): 22 zero-output sectors, 352 negative demand entries,
  // GO = Z 1 + Y 1 up to integer rounding (sum |GO - Z1 - Y1| / sum GO = 4.2e-4),
  // VA = GO - column sums of Z.
  std::size_t zero_output = 0;
  std::size_t negative_demand = 0;
  double absolute_difference = 0;
  double total_output = 0;
  std::vector<double> column_sums(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double row_sum = 0;
    for (std::size_t j = 0; j < n; ++j) {
      row_sum += sink.z[i][j];
      column_sums[j] += sink.z[i][j];
    }
    for (const double v : sink.y[i]) {
      row_sum += v;
      negative_demand += v < 0 ? 1 : 0;
    }
    zero_output += sink.go[i] == 0 ? 1 : 0;
    absolute_difference += std::abs(row_sum - sink.go[i]);
    total_output += sink.go[i];
  }
  CHECK(zero_output == 22);
  CHECK(negative_demand == 352);
  CHECK(absolute_difference / total_output == Approx(4.18e-4).epsilon(0.01));
  for (std::size_t j = 0; j < n; ++j) {
    INFO("column " << labels.row_label(j));
    CHECK(sink.va[j] + column_sums[j] == Approx(sink.go[j]).epsilon(1e-9));
  }
}

TEST_CASE("wide CSV: small table variants that must parse", "[io]") {
  TempDir dir;
  RecordingSink sink;

  SECTION("plain") { read_wide_csv(dir.write("t.csv", kSmallTable), sink); }
  SECTION("gzip-compressed") { read_wide_csv(dir.write_gz("t.csv.gz", kSmallTable), sink); }
  SECTION("CRLF line endings and a byte-order mark") {
    std::string crlf = "\xEF\xBB\xBF";
    for (const auto& line : split_lines(kSmallTable)) crlf += line + "\r\n";
    read_wide_csv(dir.write("t.csv", crlf), sink);
  }
  SECTION("no newline at the end, trailing blank rows") {
    std::string text = kSmallTable.substr(0, kSmallTable.size() - 1);
    read_wide_csv(dir.write("t1.csv", text), sink);
    RecordingSink sink2;
    read_wide_csv(dir.write("t2.csv", kSmallTable + "\n,,,,,,,,,\n\n"), sink2);
    check_small_table(sink2);
  }
  SECTION("spaces, plus signs and quotes around numbers") {
    std::string text = with_cell(2, 2, " 1 ");
    text = with_cell(2, 3, "+2", text);
    text = with_cell(2, 4, "\"0\"", text);
    text = with_cell(2, 6, "3.0e0", text);
    read_wide_csv(dir.write("t.csv", text), sink);
  }
  SECTION("VA and GO rows with numbers in, or without, their trailing cells") {
    std::string text = with_line(6, "VA,6,6,6,6,1,2,3,4,5");
    text = with_cell(7, 10, "40", text);
    read_wide_csv(dir.write("t1.csv", text), sink);
    RecordingSink sink2;
    auto lines = split_lines(kSmallTable);
    lines[5] = "VA,6,6,6,6";
    lines[6] = "GO,10,10,10,10";
    read_wide_csv(dir.write("t2.csv", join_lines(lines)), sink2);
    check_small_table(sink2);
  }
  SECTION("GO row within the relative tolerance") {
    read_wide_csv(dir.write("t.csv", with_cell(7, 3, "10.000000001")), sink);
  }
  check_small_table(sink);
}

TEST_CASE("wide CSV: quoted labels with commas and escaped quotes", "[io]") {
  const std::string text =
      "\"\",\"R_a,1\",R_b,\"S_a,1\",S_b,\"R_F\"\"D\",\"S_F\"\"D\",\"GO\"\n"
      "\"R_a,1\",1,0,0,0,1,0,2\n"
      "R_b,0,1,0,0,0,1,2\n"
      "\"S_a,1\",0,0,1,0,1,0,2\n"
      "S_b,0,0,0,1,0,1,2\n"
      "VA,1,1,1,1,,,\n"
      "\"GO\",2,2,2,2,,,\n";
  TempDir dir;
  RecordingSink sink;
  read_wide_csv(dir.write("quoted.csv", text), sink);
  CHECK(sink.labels.regions == std::vector<std::string>{"R", "S"});
  CHECK(sink.labels.sectors == std::vector<std::string>{"a,1", "b"});
  CHECK(sink.labels.final_demand_categories == std::vector<std::string>{"F\"D"});
  CHECK(sink.z[2] == std::vector<double>{0, 0, 1, 0});
}

TEST_CASE("wide CSV: single-region table and zero-output sectors", "[io]") {
  TempDir dir;
  RecordingSink sink;
  SECTION("one region: sectors and categories told apart by the rows") {
    read_wide_csv(dir.write("one.csv",
                            ",X_a,X_b,X_hh,X_gov,GO\n"
                            "X_a,1,2,3,4,10\n"
                            "X_b,2,1,3,4,10\n"
                            "VA,7,7,,,\n"
                            "GO,10,10,,,\n"),
                  sink);
    CHECK(sink.labels.regions == std::vector<std::string>{"X"});
    CHECK(sink.labels.sectors == std::vector<std::string>{"a", "b"});
    CHECK(sink.labels.final_demand_categories == std::vector<std::string>{"hh", "gov"});
    CHECK(sink.y[1] == std::vector<double>{3, 4});
  }
  SECTION("a sector with zero output, inputs and value added is accepted") {
    read_wide_csv(dir.write("zero.csv",
                            ",X_a,X_b,X_FD,GO\n"
                            "X_a,1,0,9,10\n"
                            "X_b,0,0,0,0\n"
                            "VA,9,0,,\n"
                            "GO,10,0,,\n"),
                  sink);
    CHECK(sink.go == std::vector<double>{10, 0});
  }
}

TEST_CASE("wide CSV: header errors", "[io]") {
  check_error(with_cell(1, 1, "X"), "line 1, column 1 (X)", "must start with an empty cell");
  check_error(with_cell(1, 10, "Total"), "line 1, column 10 (Total)", "must be GO");
  check_error(with_cell(1, 3, "As2"), "line 1, column 3 (As2)", "no underscore");
  check_error(with_cell(1, 3, "A_"), "line 1, column 3 (A_)", "empty region or sector");
  // B lists its sectors in another order: not a full region x sector grid.
  check_error(with_cell(1, 5, "B_s1", with_cell(1, 4, "B_s2")), "line 1, column 4 (B_s2)",
              "expected sector 's1'");
  check_error(with_cell(1, 5, "B_s3"), "line 1, column 5 (B_s3)", "expected sector 's2'");
  check_error(with_cell(1, 3, "A_s1"), "line 1, column 3 (A_s1)", "appears twice");
  // Final demand in another region order than the intermediate columns.
  check_error(",A_s1,A_s2,B_s1,B_s2,B_c1,A_c1,GO\n", "line 1, column 6 (B_c1)", "region order");
  check_error(with_cell(1, 8, "B_c9"), "line 1, column 8 (B_c9)",
              "expected final-demand category 'c1'");
  check_error(with_cell(1, 7, "B_c2", with_cell(1, 8, "A_c1")), "line 1, column 7 (B_c2)",
              "expected a final-demand column of region 'A'");
  check_error(",A_s1,A_s2,B_s1,B_s2,A_c1,A_c2,B_c1,GO\n", "line 1, column 6 (A_c1)",
              "do not form a grid");
  check_error(",A_s1,A_s2,B_s1,B_s2,GO\n", "line 1, column 6 (GO)", "no final-demand columns");
  check_error(",GO\n", "line 1, column 2 (GO)", "the header has 2 cells");
  check_error("", "line 1 (end of file)", "file is empty");
  check_error(with_cell(1, 2, "\"A_s1"), "line 1, column 2", "unterminated quoted field");
  check_error(with_cell(1, 2, "\"A_s1\"x"), "line 1, column 2", "after the closing quote");
}

TEST_CASE("wide CSV: row label and shape errors", "[io]") {
  check_error(with_cell(3, 1, "A_sX"), "line 3, column 1",
              "row label 'A_sX' does not match column label 'A_s2'");
  check_error(with_line(4, "B_s1,0,1,2,1,1,0,3,2"), "line 4, column 10 (GO)",
              "expected 10 cells, found 9");
  check_error(with_line(4, "B_s1,0,1,2,1,1,0,3,2,10,7"), "line 4, column 11",
              "expected 10 cells, found 11");
  check_error(with_line(6, "VA,6,6,6,6,,"), "line 6, column 8 (B_c1)",
              "expected 10 cells, found 7");
  check_error(with_line(3, ""), "line 3, column 1", "row label '' does not match");
  check_error(without_line(5), "line 5, column 1", "found the VA row after 3 of 4 rows");
  check_error(without_line(6), "line 6, column 1", "expected the VA row");
  check_error(with_cell(6, 1, "XX"), "line 6, column 1", "found row label 'XX'");
  check_error(without_line(7), "line 7 (end of file)", "missing GO row");
  check_error(with_line(7, "GO"), "line 7, column 2 (A_s1)", "expected 10 cells, found 1");
  check_error(",A_s1,A_s2,B_s1,B_s2,A_c1,A_c2,B_c1,B_c2,GO\nA_s1,1,2,0,1,3,2,2,-1,10\n",
              "line 3 (end of file)", "the file ends after 1 of 4 rows; expected row 'A_s2'");
  check_error(kSmallTable + "extra,1,2\n", "line 8, column 1", "unexpected row 'extra'");
  check_error(kSmallTable + "VA,6,6,6,6,,,,,\n", "line 8, column 1", "after the GO row");
}

TEST_CASE("wide CSV: cell value errors", "[io]") {
  check_error(with_cell(3, 4, "abc"), "line 3, column 4 (B_s1)", "non-numeric cell 'abc'");
  check_error(with_cell(3, 4, "1.5.2"), "line 3, column 4 (B_s1)", "non-numeric cell '1.5.2'");
  check_error(with_cell(3, 4, "1,5"), "line 3, column", "expected 10 cells, found 11");
  const std::string long_text(200, 'x');
  const std::string message = error_of(with_cell(2, 7, long_text));
  CHECK(contains(message, "line 2, column 7 (A_c2): non-numeric cell 'xxxxxxxx"));
  CHECK(contains(message, "...'"));
  CHECK(!contains(message, long_text));
  check_error(with_cell(2, 3, ""), "line 2, column 3 (A_s2)", "empty cell");
  check_error(with_cell(2, 3, "  "), "line 2, column 3 (A_s2)", "empty cell");
  check_error(with_cell(2, 10, ""), "line 2, column 10 (GO)", "empty cell");
  check_error(with_cell(6, 2, ""), "line 6, column 2 (A_s1)", "empty cell");
  check_error(with_cell(3, 7, "nan"), "line 3, column 7 (A_c2)", "non-finite value 'nan'");
  check_error(with_cell(3, 2, "-Inf"), "line 3, column 2 (A_s1)", "non-finite value '-Inf'");
  check_error(with_cell(3, 2, "1e999"), "line 3, column 2 (A_s1)", "out of range");
  check_error(with_cell(6, 8, "abc"), "line 6, column 8 (B_c1)", "non-numeric cell 'abc'");
  check_error(with_cell(4, 2, "-0.5"), "line 4, column 2 (A_s1)",
              "negative intermediate flow -0.5");
  check_error(with_cell(5, 10, "-1"), "line 5, column 10 (GO)", "negative gross output -1");
  check_error(with_cell(7, 2, "-10"), "line 7, column 2 (A_s1)", "negative gross output -10");
  check_error(with_cell(7, 3, "10.1"), "line 7, column 3 (A_s2)",
              "GO row value 10.1 disagrees with GO column value 10 of row 'A_s2'");
}

TEST_CASE("wide CSV: published totals that disagree with the flows", "[io]") {
  // Row A_s2 (line 3) sums to 10; a GO of 23.8 in both GO cells is a 58% gap.
  const std::string row_gap = with_cell(7, 3, "23.8", with_cell(3, 10, "23.8"));
  check_error(row_gap, "line 3, column 10 (GO)",
              "gross output 23.8 of row 'A_s2' disagrees with its row sum Z·1 + Y·1 = 10 (58%)");
  // Rounded to integers, the gap must exceed what rounding 9 cells can explain (4.5).
  check_error(with_cell(7, 3, "24", with_cell(3, 10, "24")), "line 3, column 10 (GO)",
              "row sum Z·1 + Y·1 = 10 (58.3%)");
  CHECK(error_of(with_cell(7, 3, "14", with_cell(3, 10, "14"))).find("row sum") ==
        std::string::npos);  // 4 units: within the rounding of 9 integer cells
  // Column B_s1 buys 4 and adds 21: 1'Z + VA = 25 against GO 10, a 60% gap.
  check_error(with_cell(6, 4, "21"), "line 7, column 4 (B_s1)",
              "gross output 10 of column 'B_s1' disagrees with its intermediate inputs plus "
              "value added 1'Z + VA = 25 (60%)");
  // One absurd flow breaks its row and its column.
  check_error(with_cell(2, 3, "1e300"), "line 2, column 10 (GO)", "row sum Z·1 + Y·1 = 1e+300");

  SECTION("--balance reads on and warns instead") {
    TempDir dir;
    for (const auto& text : {row_gap, with_cell(6, 4, "21"), with_cell(2, 3, "1e300")}) {
      RecordingSink sink;
      leontief::io::ReaderOptions options;
      options.balance = true;
      read_wide_csv(dir.write("gap.csv", text), sink, options);
      CHECK(sink.finish_calls == 1);
    }
  }
  SECTION("the worst disagreement is the one reported") {
    leontief::io::TotalsCheck totals(true);
    totals.disagree(10, 11, "row a");
    totals.disagree(10, 30, "row b");
    totals.disagree(10, 12, "row c");
    CHECK(totals.count() == 3);
    CHECK(totals.worst() == "row b");
    leontief::io::TotalsCheck strict(false);
    CHECK_THROWS_WITH(strict.disagree(10, 30, "f: line 3: row b"), "f: line 3: row b");
  }
}

TEST_CASE("wide CSV: all 17 WIOD 2013 years pass the total checks", "[io][.wiod]") {
  // The release is rounded to integers: gaps of up to 113 units (1.6% of a row, 150% of a
  // row of 1 unit) are rounding, not a misread layout.
  for (int year = 1995; year <= 2011; ++year) {
    INFO("year " << year);
    RecordingSink sink;
    CHECK_NOTHROW(read_wide_csv(shared_data("wiod2013/wiot_" + std::to_string(year) + ".csv.gz"),
                                sink));
    CHECK(sink.finish_calls == 1);
  }
}

TEST_CASE("wide CSV: separators other than commas are named", "[io]") {
  std::string semicolons = kSmallTable;
  std::replace(semicolons.begin(), semicolons.end(), ',', ';');
  check_error(semicolons, "line 1",
              "separated by semicolons (';'), but the wide-csv layout is comma-separated");
  std::string tabs = kSmallTable;
  std::replace(tabs.begin(), tabs.end(), ',', '\t');
  check_error(tabs, "line 1", "separated by tabs, but the wide-csv layout is comma-separated");
}

TEST_CASE("wide CSV: quoted empty cells read like unquoted ones", "[io]") {
  TempDir dir;
  SECTION("empty trailing cells of the VA and GO rows, and blank rows") {
    auto lines = split_lines(kSmallTable);
    lines[5] = R"("VA","6","6","6","6","","",""," ","")";
    lines[6] = R"("GO","10","10","10","10","","","","","")";
    lines.emplace_back(R"("","","","","","","","","","")");
    RecordingSink sink;
    read_wide_csv(dir.write("quoted.csv", join_lines(lines)), sink);
    check_small_table(sink);
  }
  SECTION("an empty data cell is the same error quoted or not") {
    check_error(with_cell(2, 3, "\"\""), "line 2, column 3 (A_s2)", "empty cell");
    check_error(with_cell(2, 3, "\" \""), "line 2, column 3 (A_s2)", "empty cell");
  }
}

TEST_CASE("wide CSV: zero gross output with nonzero inputs", "[io]") {
  // B_s2 has zero output in both GO cells but an input from A_s1 (line 2, column 5).
  std::string text = with_cell(5, 10, "0", with_cell(7, 5, "0"));
  check_error(text, "line 2, column 5 (B_s2)", "zero gross output but nonzero inputs");
  // Zero output and inputs, but value added.
  text =
      ",X_a,X_b,X_FD,GO\n"
      "X_a,1,0,9,10\n"
      "X_b,0,0,0,0\n"
      "VA,9,3,,\n"
      "GO,10,0,,\n";
  check_error(text, "line 4, column 3 (X_b)", "zero gross output but nonzero inputs");
}

TEST_CASE("line reader: long lines, CRLF, gzip, errors", "[io]") {
  TempDir dir;
  const std::string long_line(1'000'000, 'a');  // larger than the initial buffer
  const std::string text = "first\r\n" + long_line + "\n\nlast";
  for (const bool gzip : {false, true}) {
    const std::string path =
        gzip ? dir.write_gz("lines.txt.gz", text) : dir.write("lines.txt", text);
    LineReader reader(path);
    std::string_view line;
    REQUIRE(reader.next(line));
    CHECK(line == "first");
    CHECK(reader.line_number() == 1);
    REQUIRE(reader.next(line));
    CHECK(line == long_line);
    REQUIRE(reader.next(line));
    CHECK(line.empty());
    REQUIRE(reader.next(line));
    CHECK(line == "last");
    CHECK(reader.line_number() == 4);
    CHECK_FALSE(reader.next(line));
    CHECK_FALSE(reader.next(line));
  }

  const std::string missing = (fs::temp_directory_path() / "leontief_no_such_file.csv").string();
  CHECK_THROWS_WITH(LineReader(missing), Catch::Contains(missing) &&
                                             Catch::Contains("cannot open") &&
                                             Catch::Contains("No such file"));
  RecordingSink sink;
  CHECK_THROWS_AS(read_wide_csv(missing, sink), InputError);

  // A gzip file cut short: the reader must fail rather than return a partial table.
  std::string big;
  for (int i = 0; i < 20000; ++i) big += std::to_string(i * 7919 % 10007) + ",";
  const std::string gz = dir.write_gz("cut.csv.gz", big + "\n");
  fs::resize_file(gz, fs::file_size(gz) / 2);
  LineReader reader(gz);
  std::string_view line;
  CHECK_THROWS_WITH(reader.next(line), Catch::Contains(gz) && Catch::Contains("line 1") &&
                                           Catch::Contains("truncated"));
}

TEST_CASE("wide CSV: gzip-compressed bad input reports the line", "[io]") {
  TempDir dir;
  const std::string path = dir.write_gz("bad.csv.gz", with_cell(4, 3, "x1"));
  RecordingSink sink;
  CHECK_THROWS_WITH(read_wide_csv(path, sink), Catch::Contains(path) &&
                                                   Catch::Contains("line 4, column 3 (A_s2)") &&
                                                   Catch::Contains("non-numeric cell 'x1'"));
}
