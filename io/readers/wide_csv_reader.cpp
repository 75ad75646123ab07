#include "io/readers/wide_csv_reader.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "io/readers/reader_support.hpp"
#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/line_reader.hpp"

namespace leontief::io {

namespace {

constexpr double kGrossOutputTolerance = 1e-6;  // relative, GO row vs GO column
using csv::excerpt;
using csv::find_field_end;
using csv::format_number;
using csv::is_blank_row;
using csv::unquote;

/// The first field of a line, unquoted (the row label).
std::string first_field(std::string_view line) {
  return unquote(line.substr(0, find_field_end(line, 0).pos));
}

/// A header label split at its first underscore: REGION_SECTOR or REGION_CATEGORY.
struct LabelParts {
  std::string_view region;
  std::string_view item;
};

/// Counts the data rows before the VA row (all rows if there is none). Only needed for
/// single-region tables, whose header alone cannot tell sectors from demand categories.
std::size_t count_rows_before_value_added(const std::string& path) {
  LineReader reader(path);
  std::string_view line;
  std::size_t rows = 0;
  if (!reader.next(line)) return 0;  // skip the header
  while (reader.next(line) && first_field(line) != "VA") ++rows;
  return rows;
}

/// One pass over the file; holds one row of values plus per-column bookkeeping.
class WideCsvParser {
 public:
  WideCsvParser(const std::string& path, const ReaderOptions& options, TableSink& sink)
      : path_(path), sink_(sink), reader_(path), totals_(options.balance) {}

  void run() {
    read_header();
    TableMetadata metadata;
    metadata.input_file = path_;
    metadata.derivation = "x = the GO column; VA = the VA row";
    sink_.begin(labels_, metadata);
    for (std::size_t i = 0; i < n_; ++i) read_data_row(i);
    read_bottom_row("VA", value_added_);
    value_added_line_ = reader_.line_number();
    read_bottom_row("GO", gross_output_row_);
    gross_output_line_ = reader_.line_number();
    check_gross_output_row();
    check_zero_output_sectors();
    for (std::size_t i = 0; i < n_; ++i) check_row_total(i);
    for (std::size_t j = 0; j < n_; ++j) check_column_total(j);
    check_end_of_table();
    totals_.report(path_);
    sink_.finish(value_added_);
  }

 private:
  // ---- header ------------------------------------------------------------------------
  void read_header() {
    std::string_view line;
    if (!reader_.next(line)) fail_at_end("file is empty");
    check_delimiter(line);
    split(line);
    header_.reserve(fields_.size());
    for (const std::string_view field : fields_) header_.push_back(unquote(field));
    if (!header_.front().empty()) {
      fail(1, "the header must start with an empty cell, found " + excerpt(header_.front()));
    }
    if (header_.back() != "GO") {
      fail(header_.size(), "the last header column must be GO, found " + excerpt(header_.back()));
    }
    if (header_.size() < 4) {
      fail(header_.size(), "the header has " + std::to_string(header_.size()) +
                               " cells; expected an empty cell, intermediate columns, "
                               "final-demand columns and GO");
    }
    split_header_labels();
    const std::size_t fd_begin = read_intermediate_grid();
    read_final_demand_grid(fd_begin);
    cells_ = header_.size();
    input_total_.assign(n_, 0.0);
    integral_column_.assign(n_, 1);
    row_total_.assign(n_, 0.0);
    row_line_.assign(n_, 0);
    integral_row_.assign(n_, 0);
    z_.resize(n_);
    y_.resize(fd_columns_);
    gross_output_.resize(n_);
    first_input_line_.assign(n_, 0);
    value_added_.resize(n_);
    gross_output_row_.resize(n_);
  }

  /// The layout is comma-separated: a header split by semicolons or tabs (a spreadsheet's
  /// regional CSV export) is named as such rather than read as one enormous label.
  void check_delimiter(std::string_view line) const {
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (const char c : line) {
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      commas += c == ',' ? 1 : 0;
      semicolons += c == ';' ? 1 : 0;
      tabs += c == '\t' ? 1 : 0;
    }
    if (commas >= std::max(semicolons, tabs)) return;
    fail(0, std::string("the header is separated by ") +
                (semicolons > tabs ? "semicolons (';')" : "tabs") +
                ", but the wide-csv layout is comma-separated (save the file as CSV with ',' "
                "between cells and '.' as the decimal point)");
  }

  /// Splits header columns 2 .. M-1 into region and sector/category.
  void split_header_labels() {
    parts_.reserve(header_.size() - 2);
    for (std::size_t c = 1; c + 1 < header_.size(); ++c) {
      const std::string_view label = header_[c];
      const auto underscore = label.find('_');
      if (underscore == std::string_view::npos) {
        fail(c + 1, "label " + excerpt(label) + " has no underscore; expected REGION_SECTOR");
      }
      if (underscore == 0 || underscore + 1 == label.size()) {
        fail(c + 1, "label " + excerpt(label) + " has an empty region or sector part");
      }
      parts_.push_back({label.substr(0, underscore), label.substr(underscore + 1)});
    }
  }

  /// Column number (1-based, as in messages) of header part p.
  static std::size_t column_of_part(std::size_t p) { return p + 2; }

  /// Reads the region-major G x N grid of intermediate columns; returns the index in parts_
  /// where final demand begins (the first column of a region seen in an earlier run).
  std::size_t read_intermediate_grid() {
    std::vector<std::string_view> regions;
    std::size_t p = 0;
    while (p < parts_.size()) {
      const std::string_view region = parts_[p].region;
      if (std::find(regions.begin(), regions.end(), region) != regions.end()) break;
      regions.push_back(region);
      const std::size_t run_begin = p;
      while (p < parts_.size() && parts_[p].region == region) ++p;
      if (regions.size() == 1) {
        sector_count_ = p;
        continue;
      }
      if (regions.size() == 2) check_unique(0, sector_count_, "sector");
      check_sector_run(run_begin, p);
    }
    if (regions.size() == 1) {
      p = split_single_region_run();
      check_unique(0, sector_count_, "sector");
    }
    for (const std::string_view region : regions) labels_.regions.emplace_back(region);
    for (std::size_t j = 0; j < sector_count_; ++j) labels_.sectors.emplace_back(parts_[j].item);
    n_ = labels_.n();
    return p;
  }

  /// A later region's run of columns must repeat the first region's sectors in order.
  void check_sector_run(std::size_t run_begin, std::size_t run_end) {
    const std::size_t length = run_end - run_begin;
    for (std::size_t j = 0; j < std::min(length, sector_count_); ++j) {
      if (parts_[run_begin + j].item != parts_[j].item) {
        fail(column_of_part(run_begin + j),
             "expected sector '" + std::string(parts_[j].item) + "' here: every region must " +
                 "list the sectors of region '" + std::string(parts_[0].region) +
                 "' in the same order (full region x sector grid)");
      }
    }
    const std::string region(parts_[run_begin].region);
    if (length < sector_count_) {
      fail(column_of_part(run_end),
           "region '" + region + "' has " + std::to_string(length) + " sector columns, region '" +
               std::string(parts_[0].region) + "' has " + std::to_string(sector_count_));
    }
    if (length > sector_count_) {
      fail(column_of_part(run_begin + sector_count_),
           "region '" + region + "' continues past its " + std::to_string(sector_count_) +
               " sector columns; final-demand columns must follow the intermediate columns "
               "in the same region order, starting with '" +
               std::string(parts_[0].region) + "'");
    }
  }

  /// With one region the header cannot tell sectors from categories: the number of data
  /// rows (a pre-scan of the row labels) gives N. Returns where final demand begins.
  std::size_t split_single_region_run() {
    sector_count_ = count_rows_before_value_added(path_);
    if (sector_count_ == 0) fail(1, "no data rows before the VA row");
    if (sector_count_ >= parts_.size()) {
      fail(header_.size(), "single-region table with " + std::to_string(sector_count_) +
                               " rows has only " + std::to_string(parts_.size()) +
                               " intermediate and final-demand columns; expected at least "
                               "one final-demand column");
    }
    return sector_count_;
  }

  /// Reads the G x F grid of final-demand columns starting at parts_[fd_begin].
  void read_final_demand_grid(std::size_t fd_begin) {
    const std::size_t count = parts_.size() - fd_begin;
    const std::size_t regions = labels_.region_count();
    if (count == 0) fail(header_.size(), "no final-demand columns before GO");
    if (count % regions != 0) {
      fail(column_of_part(fd_begin),
           std::to_string(count) + " final-demand columns do not form a grid over " +
               std::to_string(regions) + " regions (expected the same categories per region)");
    }
    const std::size_t categories = count / regions;
    for (std::size_t k = 0; k < count; ++k) check_final_demand_column(fd_begin, k, categories);
    for (std::size_t f = 0; f < categories; ++f) {
      labels_.final_demand_categories.emplace_back(parts_[fd_begin + f].item);
    }
    check_unique(fd_begin, fd_begin + categories, "final-demand category");
    fd_columns_ = count;
  }

  void check_final_demand_column(std::size_t fd_begin, std::size_t k, std::size_t categories) {
    const LabelParts& part = parts_[fd_begin + k];
    const std::string& region = labels_.regions[k / categories];
    if (part.region != region) {
      fail(column_of_part(fd_begin + k),
           "expected a final-demand column of region '" + region +
               "': final-demand columns form a region x category grid in the region order "
               "of the intermediate columns");
    }
    const std::string_view category = parts_[fd_begin + k % categories].item;
    if (part.item != category) {
      fail(column_of_part(fd_begin + k),
           "expected final-demand category '" + std::string(category) +
               "': every region must list the categories of region '" + labels_.regions.front() +
               "' in the same order");
    }
  }

  void check_unique(std::size_t begin, std::size_t end, const std::string& what) {
    std::unordered_set<std::string_view> seen;
    for (std::size_t p = begin; p < end; ++p) {
      if (!seen.insert(parts_[p].item).second) {
        fail(column_of_part(p), what + " '" + std::string(parts_[p].item) + "' appears twice");
      }
    }
  }

  // ---- rows --------------------------------------------------------------------------
  void read_data_row(std::size_t i) {
    std::string_view line;
    if (!reader_.next(line)) {
      fail_at_end("the file ends after " + std::to_string(i) + " of " + std::to_string(n_) +
                  " rows; expected row '" + header_[i + 1] + "'");
    }
    split(line);
    check_row_label(i);
    check_cell_count(cells_);
    const std::size_t line_number = reader_.line_number();
    double total = 0.0;
    bool integral = true;
    for (std::size_t j = 0; j < n_; ++j) {
      const double value = number(j + 2);
      if (value < 0) fail(j + 2, "negative intermediate flow " + format_number(value));
      if (value != 0 && first_input_line_[j] == 0) first_input_line_[j] = line_number;
      z_[j] = value;
      total += value;
      input_total_[j] += value;
      const bool whole = value == std::floor(value);
      integral = integral && whole;
      if (!whole) integral_column_[j] = 0;
    }
    for (std::size_t k = 0; k < fd_columns_; ++k) {
      y_[k] = number(n_ + 2 + k);
      total += y_[k];
      integral = integral && y_[k] == std::floor(y_[k]);
    }
    const double gross_output = number(cells_);
    if (gross_output < 0) fail(cells_, "negative gross output " + format_number(gross_output));
    integral = integral && gross_output == std::floor(gross_output);
    row_total_[i] = total;
    row_line_[i] = line_number;
    integral_row_[i] = integral ? 1 : 0;
    gross_output_[i] = gross_output;
    sink_.row(i, z_, y_, gross_output);
  }

  /// GO = Z·1 + Y·1, to kTotalsTolerance; a table printed rounded to integers (WIOD 2013)
  /// may differ by the rounding of every cell summed, 0.5 each.
  void check_row_total(std::size_t i) {
    const double gross_output = gross_output_[i];
    const double total = row_total_[i];
    const double rounding = integral_row_[i] != 0 ? 0.5 * static_cast<double>(cells_ - 1) : 0.0;
    if (totals_agree(gross_output, total, rounding)) return;
    totals_.disagree(gross_output, total,
                     place(row_line_[i], cells_) + "gross output " +
                         format_number(gross_output) + " of row '" + header_[i + 1] +
                         "' disagrees with its row sum Z·1 + Y·1 = " + format_number(total) +
                         relative_gap(gross_output, total));
  }

  void check_row_label(std::size_t i) const {
    const std::string label = unquote(fields_.front());
    const std::string& expected = header_[i + 1];
    if (label == expected) return;
    if (label == "VA") {
      fail(1, "found the VA row after " + std::to_string(i) + " of " + std::to_string(n_) +
                  " rows; expected row '" + expected + "'");
    }
    fail(1, "row label " + excerpt(label) + " does not match column label '" + expected + "'");
  }

  void check_cell_count(std::size_t expected) const {
    const std::size_t found = fields_.size();
    if (found == expected) return;
    fail(std::min(found, expected) + 1,
         "expected " + std::to_string(expected) + " cells, found " + std::to_string(found));
  }

  /// Reads the VA or GO row: n values; its final-demand and GO cells may be empty or
  /// omitted, and are ignored when they hold numbers.
  void read_bottom_row(const std::string& name, std::vector<double>& values) {
    std::string_view line;
    if (!reader_.next(line)) fail_at_end("missing " + name + " row");
    split(line);
    const std::string label = unquote(fields_.front());
    if (label != name) {
      fail(1, "expected the " + name + " row after the " + std::to_string(n_) +
                  " rows matching the columns, found row label " + excerpt(label));
    }
    if (fields_.size() != n_ + 1) check_cell_count(cells_);
    for (std::size_t j = 0; j < n_; ++j) values[j] = number(j + 2);
    for (std::size_t c = n_ + 2; c <= fields_.size(); ++c) {
      if (!csv::is_empty_field(fields_[c - 1])) number(c);  // ignored, but must be a number
    }
  }

  /// The GO row repeats the GO column (1e-6).
  void check_gross_output_row() {
    for (std::size_t j = 0; j < n_; ++j) {
      const double row = gross_output_row_[j];
      const double column = gross_output_[j];
      if (row < 0) fail(j + 2, "negative gross output " + format_number(row));
      if (std::abs(row - column) > kGrossOutputTolerance * std::max(row, column)) {
        totals_.disagree(row, column,
                         place(gross_output_line_, j + 2) + "GO row value " + format_number(row) +
                             " disagrees with GO column value " + format_number(column) +
                             " of row '" + header_[j + 1] + "'");
      }
    }
  }

  /// Each column closes: GO = 1'Z + VA (with the rounding allowance of check_row_total).
  void check_column_total(std::size_t j) {
    const double row = gross_output_row_[j];
    const double inputs = input_total_[j] + value_added_[j];
    const bool integral = integral_column_[j] != 0 && row == std::floor(row) &&
                          value_added_[j] == std::floor(value_added_[j]);
    const double rounding = integral ? 0.5 * static_cast<double>(n_ + 2) : 0.0;
    if (totals_agree(row, inputs, rounding)) return;
    totals_.disagree(row, inputs,
                     place(gross_output_line_, j + 2) + "gross output " + format_number(row) +
                         " of column '" + header_[j + 1] +
                         "' disagrees with its intermediate inputs plus value added 1'Z + VA = " +
                         format_number(inputs) + relative_gap(row, inputs));
  }

  static std::string relative_gap(double published, double computed) {
    const double scale = std::max({std::abs(published), std::abs(computed), 1.0});
    const double gap = std::abs(published - computed) / scale;
    if (!std::isfinite(gap)) return "";
    return " (" + format_number(std::round(gap * 1000.0) / 10.0) + "%)";
  }

  /// A = Z x^-1 needs a zero input column wherever gross output is zero.
  void check_zero_output_sectors() const {
    for (std::size_t j = 0; j < n_; ++j) {
      if (gross_output_[j] != 0) continue;
      if (first_input_line_[j] != 0) {
        fail_at(first_input_line_[j], j + 2,
                "zero gross output but nonzero inputs (intermediate input to sector '" +
                    header_[j + 1] + "')");
      }
      if (value_added_[j] != 0) {
        fail_at(value_added_line_, j + 2,
                "zero gross output but nonzero inputs (value added " +
                    format_number(value_added_[j]) + ")");
      }
    }
  }

  void check_end_of_table() {
    std::string_view line;
    while (reader_.next(line)) {
      if (is_blank_row(line)) continue;
      fail(1, "unexpected row " + excerpt(first_field(line)) + " after the GO row");
    }
  }

  // ---- cells -------------------------------------------------------------------------
  /// Splits `line` into raw fields (views into the line buffer, no copies).
  void split(std::string_view line) {
    const csv::FieldStatus status = csv::split(line, ',', fields_);
    if (status != csv::FieldStatus::ok) fail(fields_.size() + 1, csv::describe(status));
  }

  /// The finite number in cell `column` (1-based) of the current row.
  double number(std::size_t column) const {
    double value = 0;
    const csv::NumberStatus status = csv::parse_number(fields_[column - 1], value);
    if (status != csv::NumberStatus::ok) fail(column, csv::describe(status, fields_[column - 1]));
    return value;
  }

  // ---- errors ------------------------------------------------------------------------
  [[noreturn]] void fail(std::size_t column, const std::string& message) const {
    fail_at(reader_.line_number(), column, message);
  }

  /// Throws "<path>: line L, column C (<column label>): message".
  [[noreturn]] void fail_at(std::size_t line, std::size_t column,
                            const std::string& message) const {
    throw InputError(place(line, column) + message);
  }

  /// "<path>: line L, column C (<column label>): ".
  std::string place(std::size_t line, std::size_t column) const {
    std::string where = "line " + std::to_string(line);
    if (column > 0) {
      where += ", column " + std::to_string(column);
      if (column <= header_.size() && !header_[column - 1].empty()) {
        where += " (" + header_[column - 1] + ")";
      }
    }
    return input_location(path_, where, "");
  }

  [[noreturn]] void fail_at_end(const std::string& message) const {
    const std::string place =
        "line " + std::to_string(reader_.line_number() + 1) + " (end of file)";
    throw InputError(input_location(path_, place, message));
  }

  const std::string& path_;
  TableSink& sink_;
  LineReader reader_;
  TotalsCheck totals_;
  std::vector<std::string_view> fields_;  ///< raw cells of the current line
  std::vector<std::string> header_;       ///< unquoted header cells
  std::vector<LabelParts> parts_;         ///< header columns 2 .. M-1, split (views of header_)
  TableLabels labels_;
  std::size_t sector_count_ = 0;
  std::size_t n_ = 0;
  std::size_t fd_columns_ = 0;
  std::size_t cells_ = 0;  ///< cells per data row: label, n, G·F, GO
  std::vector<double> z_;
  std::vector<double> y_;
  std::vector<double> gross_output_;           ///< GO column, by row
  std::vector<std::size_t> first_input_line_;  ///< line of the first nonzero Z in each column
  std::vector<double> value_added_;
  std::vector<double> gross_output_row_;
  std::vector<double> input_total_;         ///< 1'Z
  std::vector<char> integral_column_;       ///< whether every Z cell of column j is an integer
  std::vector<double> row_total_;           ///< Z·1 + Y·1
  std::vector<std::size_t> row_line_;       ///< line of each data row
  std::vector<char> integral_row_;          ///< whether every cell of row i is an integer
  std::size_t value_added_line_ = 0;
  std::size_t gross_output_line_ = 0;
};

}  // namespace

void read_wide_csv(const std::string& path, TableSink& sink, const ReaderOptions& options) {
  WideCsvParser(path, options, sink).run();
}

}  // namespace leontief::io
