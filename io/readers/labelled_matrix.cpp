#include "io/readers/labelled_matrix.hpp"

#include <vector>

#include "io/readers/reader_support.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::io {

namespace {

enum class ColumnKind { intermediate, final_demand, output, dropped };

class LabelledMatrixParser {
 public:
  LabelledMatrixParser(csv::DelimitedReader& reader, const LabelledMatrixLayout& layout,
                       const ReaderOptions& options, TableSink& sink)
      : reader_(reader), layout_(layout), sink_(sink), totals_(options.balance) {}

  void run(const TableMetadata& metadata) {
    read_header();
    TableMetadata m = metadata;
    if (m.derivation.empty()) {
      m.derivation = (output_column_ != 0
                          ? "x = the " + header_[output_column_ - 1] + " column (checked)"
                          : std::string("x = Z·1 + Y·1 (no output column)")) +
                     "; VA = the rows after the industry rows (" + layout_.value_added_rows + ")";
    }
    sink_.begin(labels_, m);
    for (std::size_t i = 0; i < n_; ++i) read_data_row(i);
    read_bottom_rows();
    totals_.report(reader_.path());
    sink_.finish(value_added_);
  }

 private:
  void read_header() {
    if (!reader_.next()) reader_.fail_at_end("file is empty; expected a header row of labels");
    header_.assign(1, reader_.text(1));
    for (std::size_t c = 2; c <= reader_.size(); ++c) header_.push_back(reader_.text(c));
    reader_.set_column_names(header_);
    cells_ = header_.size();
    if (cells_ < 2) not_this_layout();
    std::vector<LabelPair> intermediate, final_demand;
    std::vector<std::size_t> intermediate_columns, final_demand_columns;
    kind_.assign(cells_ + 1, ColumnKind::dropped);
    for (std::size_t c = 2; c <= cells_; ++c) {
      const std::string& label = header_[c - 1];
      if (layout_.output_columns.count(label) != 0) {
        if (output_column_ != 0) reader_.fail(c, "a second gross-output column");
        output_column_ = c;
        kind_[c] = ColumnKind::output;
        continue;
      }
      if (layout_.dropped_columns.count(label) != 0) continue;
      const auto parts = split_label(label);
      if (!parts && c == 2) not_this_layout();
      if (!parts) {
        reader_.fail(c, "column label " + csv::excerpt(label) +
                            " is not REGION_SECTOR, REGION_CATEGORY or a gross-output column (" +
                            join(layout_.output_columns) + ")");
      }
      if (layout_.categories.count(parts->item) != 0) {
        kind_[c] = ColumnKind::final_demand;
        final_demand.push_back(*parts);
        final_demand_columns.push_back(c);
      } else if (layout_.reversed_categories && layout_.categories.count(parts->region) != 0) {
        kind_[c] = ColumnKind::final_demand;
        final_demand.push_back({parts->item, parts->region});
        final_demand_columns.push_back(c);
      } else {
        kind_[c] = ColumnKind::intermediate;
        intermediate.push_back(*parts);
        intermediate_columns.push_back(c);
      }
    }
    std::vector<std::size_t> position;
    if (auto problem =
            build_sector_grid(intermediate, labels_.regions, labels_.sectors, position)) {
      reader_.fail(problem->cell < intermediate.size() ? intermediate_columns[problem->cell] : 0,
                   problem->message);
    }
    n_ = labels_.n();
    index_.assign(cells_ + 1, 0);
    for (std::size_t k = 0; k < intermediate.size(); ++k)
      index_[intermediate_columns[k]] = position[k];
    if (auto problem =
            build_category_grid(final_demand, labels_.regions, labels_.final_demand_categories,
                                position, layout_.may_lack_final_demand)) {
      reader_.fail(problem->cell < final_demand.size() ? final_demand_columns[problem->cell] : 0,
                   problem->message + " (final-demand codes: " + join(layout_.categories) + ")");
    }
    for (std::size_t k = 0; k < final_demand.size(); ++k) {
      index_[final_demand_columns[k]] = position[k];
    }
    z_.assign(n_, 0.0);
    y_.assign(labels_.final_demand_columns(), 0.0);
    x_.assign(n_, 0.0);
    input_total_.assign(n_, 0.0);
    value_added_.assign(n_, 0.0);
  }

  /// The header does not start like this layout's: one line naming the layout and what
  /// the file's first line holds instead.
  [[noreturn]] void not_this_layout() const {
    const std::string expected =
        layout_.expected.empty() ? "a header row: a corner cell, then REGION_INDUSTRY, "
                                   "REGION_CATEGORY and gross-output labels"
                                 : layout_.expected;
    fail_layout(reader_, 0, layout_.name, expected,
                "the header row does not start with a corner cell and a REGION_CODE label");
  }

  void read_data_row(std::size_t i) {
    const std::string expected = labels_.row_label(i);
    if (!reader_.next()) {
      reader_.fail_at_end("the file ends after " + std::to_string(i) + " of " + std::to_string(n_) +
                          " intermediate rows; expected row '" + expected + "'");
    }
    const std::string label = reader_.text(1);
    if (label != expected) {
      reader_.fail(1, "row label " + csv::excerpt(label) + " where row '" + expected +
                          "' was expected (rows must follow the intermediate columns, " +
                          std::to_string(i) + " of " + std::to_string(n_) + " read)");
    }
    check_cell_count();
    double total = 0.0, output = 0.0;
    for (std::size_t c = 2; c <= cells_; ++c) {
      const double value = reader_.number(c);
      switch (kind_[c]) {
        case ColumnKind::intermediate:
          z_[index_[c]] = value;
          input_total_[index_[c]] += value;
          total += value;
          break;
        case ColumnKind::final_demand:
          y_[index_[c]] = value;
          total += value;
          break;
        case ColumnKind::output:
          output = value;
          break;
        case ColumnKind::dropped:
          total += value;
          break;
      }
    }
    if (output_column_ != 0) {
      if (!totals_agree(output, total)) {
        totals_.disagree(output, total,
                         reader_.place(output_column_) + "gross output " +
                             csv::format_number(output) + " disagrees with the row sum " +
                             csv::format_number(total));
      }
    } else {
      output = total;
    }
    x_[i] = output;
    sink_.row(i, z_, y_, output);
  }

  void check_cell_count() const {
    if (reader_.size() != cells_) {
      reader_.fail(std::min(reader_.size(), cells_) + 1, "expected " + std::to_string(cells_) +
                                                             " cells (as in the header), found " +
                                                             std::to_string(reader_.size()));
    }
  }

  void read_bottom_rows() {
    bool output_row = false;
    std::size_t value_added_rows = 0;
    while (reader_.next()) {
      if (reader_.blank()) continue;
      const std::string label = reader_.text(1);
      if (output_row)
        reader_.fail(1, "unexpected row " + csv::excerpt(label) + " after the output row");
      if (reader_.size() > cells_) check_cell_count();
      if (layout_.output_rows.count(label) != 0) {
        output_row = true;
        check_output_row();
        continue;
      }
      if (!layout_.is_value_added_row(label)) {
        reader_.fail(1, "unexpected row " + csv::excerpt(label) + " after the " +
                            std::to_string(n_) + " intermediate rows (expected value-added rows: " +
                            layout_.value_added_rows + ")");
      }
      ++value_added_rows;
      for (std::size_t c = 2; c <= cells_; ++c) {
        if (kind_[c] == ColumnKind::intermediate)
          value_added_[index_[c]] += reader_.number_or_zero(c);
      }
    }
    if (value_added_rows == 0) {
      reader_.fail_at_end("no value-added rows (" + layout_.value_added_rows +
                          ") after the intermediate rows");
    }
  }

  void check_output_row() {
    for (std::size_t c = 2; c <= cells_; ++c) {
      if (kind_[c] != ColumnKind::intermediate) continue;
      const std::size_t j = index_[c];
      const double published = reader_.number_or_zero(c);
      const auto problem = output_row_problem(published, x_[j],
                                              input_total_[j] + value_added_[j],
                                              labels_.row_label(j));
      if (problem) totals_.disagree(published, x_[j], reader_.place(c) + *problem);
    }
  }

  csv::DelimitedReader& reader_;
  const LabelledMatrixLayout& layout_;
  TableSink& sink_;
  TotalsCheck totals_;
  std::vector<std::string> header_;
  std::size_t cells_ = 0;
  std::vector<ColumnKind> kind_;    // by 1-based column
  std::vector<std::size_t> index_;  // by 1-based column: position in Z or Y row
  std::size_t output_column_ = 0;
  TableLabels labels_;
  std::size_t n_ = 0;
  std::vector<double> z_, y_, x_, input_total_, value_added_;
};

}  // namespace

void read_labelled_matrix(csv::DelimitedReader& reader, const LabelledMatrixLayout& layout,
                          const ReaderOptions& options, const TableMetadata& metadata,
                          TableSink& sink) {
  LabelledMatrixParser(reader, layout, options, sink).run(metadata);
}

}  // namespace leontief::io
