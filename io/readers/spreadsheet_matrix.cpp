#include "io/readers/spreadsheet_matrix.hpp"

#include <deque>
#include <vector>

#include "io/readers/reader_support.hpp"
#include "io/runtime/error.hpp"

namespace leontief::io {

namespace {

constexpr std::size_t kMaxTitleRows = 50;  // rows searched for the first data row

enum class ColumnKind { ignored, intermediate, final_demand, output };

/// A row of the header block: its line, its cells and its text (for messages).
struct HeaderRow {
  std::size_t line = 0;
  std::vector<std::string> cells;
  std::string text;
};

class SpreadsheetParser {
 public:
  SpreadsheetParser(csv::DelimitedReader& reader, const SpreadsheetLayout& layout,
                    const ReaderOptions& options, TableSink& sink)
      : reader_(reader), layout_(layout), sink_(sink), totals_(options.balance) {}

  void run(const TableMetadata& metadata) {
    find_header_block();
    classify_columns();
    TableMetadata m = metadata;
    if (m.derivation.empty()) {
      m.derivation = "x = the " + join(layout_.output_columns) + " column (checked); VA = the rows " +
                     "between " + join(layout_.intermediate_total_rows) + " and " +
                     join(layout_.output_rows) + " (" + layout_.value_added_rows + ")";
    }
    sink_.begin(labels_, m);
    read_data_row(0);  // the row found while looking for the header is current
    for (std::size_t i = 1; i < n_; ++i) {
      if (!reader_.next()) {
        reader_.fail_at_end("the file ends after " + std::to_string(i) + " of " +
                            std::to_string(n_) + " country-sector rows");
      }
      read_data_row(i);
    }
    read_bottom_rows();
    totals_.report(reader_.path());
    sink_.finish(value_added_);
  }

 private:
  /// Reads up to the first data row (a country code and a number in the first value
  /// column); the `header_rows` rows above it are the header block.
  void find_header_block() {
    std::deque<HeaderRow> recent;
    HeaderRow first;
    const std::string data_row = "a data row (a country code in column " +
                                 std::to_string(layout_.row_region_column) +
                                 " and a number in column " + std::to_string(first_value()) + ")";
    for (std::size_t rows = 0;; ++rows) {
      if (!reader_.next()) {
        if (first.line == 0) reader_.fail_at_end("file is empty; expected " + layout_.expected);
        fail_layout(reader_, first.line, 0, first.text, layout_.name, layout_.expected,
                    "no " + data_row + " in the file");
      }
      if (rows > kMaxTitleRows) {
        fail_layout(reader_, first.line, 0, first.text, layout_.name, layout_.expected,
                    "no " + data_row + " in the first " + std::to_string(kMaxTitleRows) +
                        " lines");
      }
      double value = 0;
      if (!reader_.text(layout_.row_region_column).empty() &&
          csv::parse_number(reader_.raw(first_value()), value) == csv::NumberStatus::ok) {
        break;
      }
      HeaderRow row{reader_.line_number(), {}, std::string(reader_.line())};
      for (std::size_t c = 1; c <= reader_.size(); ++c) row.cells.push_back(reader_.text(c));
      if (first.line == 0) first = row;
      recent.push_back(std::move(row));
      if (recent.size() > layout_.header_rows) recent.pop_front();
    }
    if (recent.size() < layout_.header_rows) {
      fail_layout(reader_, 0, layout_.name, layout_.expected,
                  "the first data row has " + std::to_string(recent.size()) +
                      (recent.size() == 1 ? " line" : " lines") + " above it, fewer than the " +
                      std::to_string(layout_.header_rows) + " of the header block");
    }
    region_row_ = recent[layout_.region_header_row - 1];
    item_row_ = recent[layout_.item_header_row - 1];
    header_block_.clear();
    for (const auto& row : recent) header_block_.push_back(row.cells);
  }

  std::size_t first_value() const { return layout_.label_columns + 1; }

  static std::string cell(const std::vector<std::string>& row, std::size_t column) {
    return column <= row.size() ? row[column - 1] : std::string();
  }

  /// A header block that does not fit the layout: one line naming the layout and the row.
  [[noreturn]] void fail_header(const HeaderRow& row, std::size_t column,
                                const std::string& message) const {
    fail_layout(reader_, row.line, column, row.text, layout_.name, layout_.expected, message);
  }

  void classify_columns() {
    std::size_t columns = 0;
    for (const auto& row : header_block_) columns = std::max(columns, row.size());
    kind_.assign(columns + 1, ColumnKind::ignored);
    index_.assign(columns + 1, 0);
    std::vector<LabelPair> intermediate, final_demand;
    std::vector<std::size_t> intermediate_columns, final_demand_columns;
    std::vector<std::string> names(columns);
    for (std::size_t c = first_value(); c <= columns; ++c) {
      const std::string region = cell(region_row_.cells, c);
      const std::string item = cell(item_row_.cells, c);
      names[c - 1] = region.empty() ? item : region + "_" + item;
      bool output = false, empty = true;
      for (const auto& row : header_block_) {
        const std::string text = cell(row, c);
        output = output || layout_.output_columns.count(text) != 0;
        empty = empty && text.empty();
      }
      if (output) {
        if (output_column_ != 0) fail_header(item_row_, c, "a second gross-output column");
        output_column_ = c;
        kind_[c] = ColumnKind::output;
        continue;
      }
      if (empty) continue;  // trailing empty columns of a spreadsheet export
      if (region.empty()) {
        fail_header(region_row_, c, "no country code above column '" + item + "'");
      }
      if (item.empty()) fail_header(item_row_, c, "no sector or final-demand code");
      if (layout_.categories.count(item) != 0) {
        kind_[c] = ColumnKind::final_demand;
        final_demand.push_back({region, item});
        final_demand_columns.push_back(c);
      } else {
        kind_[c] = ColumnKind::intermediate;
        intermediate.push_back({region, item});
        intermediate_columns.push_back(c);
      }
    }
    names[0] = "";
    reader_.set_column_names(names);
    if (output_column_ == 0) {
      fail_header(item_row_, 0, "no gross-output column (" + join(layout_.output_columns) + ")");
    }
    std::vector<std::size_t> position;
    if (auto problem =
            build_sector_grid(intermediate, labels_.regions, labels_.sectors, position)) {
      fail_header(item_row_,
                  problem->cell < intermediate.size() ? intermediate_columns[problem->cell] : 0,
                  problem->message);
    }
    for (std::size_t k = 0; k < intermediate.size(); ++k)
      index_[intermediate_columns[k]] = position[k];
    if (auto problem = build_category_grid(final_demand, labels_.regions,
                                           labels_.final_demand_categories, position, nullptr)) {
      fail_header(item_row_,
                  problem->cell < final_demand.size() ? final_demand_columns[problem->cell] : 0,
                  problem->message + " (final-demand codes: " + join(layout_.categories) + ")");
    }
    for (std::size_t k = 0; k < final_demand.size(); ++k) {
      index_[final_demand_columns[k]] = position[k];
    }
    n_ = labels_.n();
    z_.assign(n_, 0.0);
    y_.assign(labels_.final_demand_columns(), 0.0);
    x_.assign(n_, 0.0);
    input_total_.assign(n_, 0.0);
    value_added_.assign(n_, 0.0);
    intermediate_total_.assign(n_, 0.0);
  }

  void read_data_row(std::size_t i) {
    const std::string& region = labels_.regions[labels_.region_of_row(i)];
    const std::string& sector = labels_.sectors[labels_.sector_of_row(i)];
    if (reader_.text(layout_.row_region_column) != region) {
      reader_.fail(layout_.row_region_column,
                   "country " + csv::excerpt(reader_.text(layout_.row_region_column)) +
                       " where row " + std::to_string(i + 1) + " of " + std::to_string(n_) + " ('" +
                       region + "', '" + sector + "') was expected");
    }
    if (reader_.text(layout_.row_item_column) != sector) {
      reader_.fail(layout_.row_item_column,
                   "sector " + csv::excerpt(reader_.text(layout_.row_item_column)) + " where row " +
                       std::to_string(i + 1) + " of " + std::to_string(n_) + " ('" + region +
                       "', '" + sector + "') was expected");
    }
    double total = 0.0;
    for (std::size_t c = first_value(); c < kind_.size(); ++c) {
      switch (kind_[c]) {
        case ColumnKind::intermediate: {
          const double value = reader_.number_or_zero(c);
          z_[index_[c]] = value;
          input_total_[index_[c]] += value;
          total += value;
          break;
        }
        case ColumnKind::final_demand: {
          const double value = reader_.number_or_zero(c);
          y_[index_[c]] = value;
          total += value;
          break;
        }
        case ColumnKind::output:
          x_[i] = reader_.number(c);
          break;
        case ColumnKind::ignored:
          break;
      }
    }
    if (!totals_agree(x_[i], total)) {
      totals_.disagree(x_[i], total,
                       reader_.place(output_column_) + "gross output " +
                           csv::format_number(x_[i]) + " disagrees with the row sum " +
                           csv::format_number(total));
    }
    sink_.row(i, z_, y_, x_[i]);
  }

  std::string bottom_label() const {
    for (const std::size_t c : layout_.bottom_label_columns) {
      std::string text = reader_.text(c);
      if (!text.empty()) return text;
    }
    return "";
  }

  void read_bottom_rows() {
    enum { before_total, in_value_added } state = before_total;
    std::size_t value_added_rows = 0;
    while (reader_.next()) {
      if (reader_.blank()) continue;
      const std::string label = bottom_label();
      if (state == before_total) {
        if (layout_.intermediate_total_rows.count(label) == 0) {
          reader_.fail(layout_.bottom_label_columns.front(),
                       "expected the total-intermediate-inputs row (" +
                           join(layout_.intermediate_total_rows) + ") after the " +
                           std::to_string(n_) + " country-sector rows, found " +
                           csv::excerpt(label));
        }
        for_each_intermediate([&](std::size_t c, std::size_t j) {
          const double published = reader_.number_or_zero(c);
          if (!totals_agree(published, input_total_[j])) {
            totals_.disagree(published, input_total_[j],
                             reader_.place(c) + "total intermediate inputs " +
                                 csv::format_number(published) + " disagree with the column sum " +
                                 csv::format_number(input_total_[j]));
          }
        });
        state = in_value_added;
        continue;
      }
      if (layout_.output_rows.count(label) != 0) {
        if (value_added_rows == 0) {
          reader_.fail(layout_.bottom_label_columns.front(),
                       "no value-added rows (" + layout_.value_added_rows +
                           ") between the total-intermediate-inputs row and the output row");
        }
        check_output_row();
        return;  // rows after the output row (notes) are not part of the table
      }
      ++value_added_rows;
      for_each_intermediate(
          [&](std::size_t c, std::size_t j) { value_added_[j] += reader_.number_or_zero(c); });
    }
    reader_.fail_at_end(state == before_total
                            ? "missing the bottom rows (" + join(layout_.intermediate_total_rows) +
                                  ", value added, " + join(layout_.output_rows) + ")"
                            : "missing the output row (" + join(layout_.output_rows) + ")");
  }

  template <class F>
  void for_each_intermediate(F&& f) const {
    for (std::size_t c = first_value(); c < kind_.size(); ++c) {
      if (kind_[c] == ColumnKind::intermediate) f(c, index_[c]);
    }
  }

  void check_output_row() {
    for_each_intermediate([&](std::size_t c, std::size_t j) {
      const double published = reader_.number_or_zero(c);
      const auto problem = output_row_problem(published, x_[j],
                                              input_total_[j] + value_added_[j],
                                              labels_.row_label(j));
      if (problem) totals_.disagree(published, x_[j], reader_.place(c) + *problem);
    });
  }

  csv::DelimitedReader& reader_;
  const SpreadsheetLayout& layout_;
  TableSink& sink_;
  TotalsCheck totals_;
  std::vector<std::vector<std::string>> header_block_;
  HeaderRow region_row_, item_row_;
  std::vector<ColumnKind> kind_;
  std::vector<std::size_t> index_;
  std::size_t output_column_ = 0;
  TableLabels labels_;
  std::size_t n_ = 0;
  std::vector<double> z_, y_, x_, input_total_, value_added_, intermediate_total_;
};

}  // namespace

void read_spreadsheet_matrix(csv::DelimitedReader& reader, const SpreadsheetLayout& layout,
                             const ReaderOptions& options, const TableMetadata& metadata,
                             TableSink& sink) {
  SpreadsheetParser(reader, layout, options, sink).run(metadata);
}

}  // namespace leontief::io
