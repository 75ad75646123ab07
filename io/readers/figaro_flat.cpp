#include "io/readers/figaro_flat.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_map>

#include "io/text/csv_fields.hpp"

namespace leontief::io {

namespace {

constexpr const char* kExpected =
    "the FIGARO flat CSV: a header naming refArea, a row code (rowIi or rowPi), "
    "counterpartArea, a column code (colIi or colPi) and obsValue, then one line per cell";

/// Columns of the flat file that the reader uses (1-based).
struct FlatColumns {
  std::size_t ref_area = 0, row_item = 0, counterpart_area = 0, column_item = 0, value = 0;
  std::size_t widest() const {
    return std::max({ref_area, row_item, counterpart_area, column_item, value});
  }
};

/// A row or column of the table as the file names it, and where it first appears.
struct FlatLabel {
  LabelPair pair;
  std::size_t line = 0;
  std::size_t cells = 0;  ///< rows: cells listed for it
};

enum class RowKind { intermediate, value_added };
enum class ColumnKind { intermediate, final_demand };

/// Where a label of the file goes in the table.
struct Slot {
  std::size_t index = 0;  ///< row of Z, column of Z, or column of Y
  bool intermediate = true;
};

/// A row of Z and Y being filled; complete when every cell the first pass counted arrived.
struct PendingRow {
  std::vector<double> z, y;
  std::vector<char> seen;  ///< by column of the file's column list
  std::size_t missing = 0;
};

std::string key(const std::string& a, const std::string& b) { return a + '\x1f' + b; }

class FlatParser {
 public:
  FlatParser(const std::function<LineReader()>& open, const LabelledMatrixLayout& layout,
             TableSink& sink)
      : open_(open), layout_(layout), sink_(sink) {}

  void run(const TableMetadata& metadata) {
    scan();
    build_grid();
    TableMetadata m = metadata;
    if (m.derivation.empty()) {
      m.derivation = "x = Z·1 + Y·1 (no output column); VA = the value-added rows (" +
                     layout_.value_added_rows + ") of the flat file";
    }
    sink_.begin(labels_, m);
    stream();
    sink_.finish(value_added_);
  }

 private:
  /// Reads the header and returns the reader positioned after it.
  csv::DelimitedReader open_after_header() {
    csv::DelimitedReader reader(open_(), ',');
    if (!reader.next()) reader.fail_at_end("file is empty; expected " + std::string(kExpected));
    columns_ = FlatColumns{};
    std::vector<std::string> names;
    for (std::size_t c = 1; c <= reader.size(); ++c) {
      const std::string name = reader.text(c);
      names.push_back(name);
      std::size_t* column = nullptr;
      if (name == "refArea") column = &columns_.ref_area;
      if (name == "counterpartArea") column = &columns_.counterpart_area;
      if (name == "obsValue") column = &columns_.value;
      if (name.starts_with("row") && name.size() > 3) column = &columns_.row_item;
      if (name.starts_with("col") && name.size() > 3) column = &columns_.column_item;
      if (column == nullptr) continue;
      if (*column != 0) reader.fail(c, "not the FIGARO flat layout: a second column " + csv::excerpt(name));
      *column = c;
    }
    if (columns_.ref_area == 0 || columns_.row_item == 0 || columns_.counterpart_area == 0 ||
        columns_.column_item == 0 || columns_.value == 0) {
      reader.fail(0, "not the FIGARO flat layout (" + std::string(kExpected) +
                         "); the first line holds " + csv::excerpt(reader.line()));
    }
    reader.set_column_names(std::move(names));
    return reader;
  }

  /// The two labels of the current line; empty codes are errors.
  std::pair<LabelPair, LabelPair> labels_of(const csv::DelimitedReader& reader) const {
    if (reader.size() < columns_.widest()) {
      reader.fail(reader.size() + 1, "expected " + std::to_string(columns_.widest()) +
                                         " cells (as in the header), found " +
                                         std::to_string(reader.size()));
    }
    LabelPair row{reader.text(columns_.ref_area), reader.text(columns_.row_item)};
    LabelPair column{reader.text(columns_.counterpart_area), reader.text(columns_.column_item)};
    for (const std::size_t c : {columns_.ref_area, columns_.row_item, columns_.counterpart_area,
                                columns_.column_item}) {
      if (reader.text(c).empty()) reader.fail(c, "empty code");
    }
    return {std::move(row), std::move(column)};
  }

  /// First pass: the rows and columns in order of first appearance, cells per row.
  void scan() {
    csv::DelimitedReader reader = open_after_header();
    while (reader.next()) {
      if (reader.blank()) continue;
      auto [row, column] = labels_of(reader);
      auto r = row_index_.try_emplace(key(row.region, row.item), rows_.size());
      if (r.second) rows_.push_back({std::move(row), reader.line_number(), 0});
      ++rows_[r.first->second].cells;
      auto c = column_index_.try_emplace(key(column.region, column.item), columns_list_.size());
      if (c.second) columns_list_.push_back({std::move(column), reader.line_number(), 0});
    }
    if (rows_.empty()) reader.fail_at_end("no cells after the header");
    scanned_.emplace(std::move(reader));
  }

  /// @throws InputError "<path>: line L, column C (name): message" for a line of the scan.
  [[noreturn]] void fail_at(std::size_t line, std::size_t column, const std::string& message) const {
    scanned_->fail_at(line, column, message);
  }

  /// Orders the columns on the region x sector and region x category grids, then places
  /// the rows on the sector grid or among the value-added rows.
  void build_grid() {
    std::vector<LabelPair> intermediate, final_demand;
    std::vector<std::size_t> intermediate_of, final_demand_of;  // -> columns_list_
    for (std::size_t k = 0; k < columns_list_.size(); ++k) {
      const LabelPair& p = columns_list_[k].pair;
      if (layout_.categories.count(p.item) != 0) {
        final_demand.push_back(p);
        final_demand_of.push_back(k);
      } else {
        intermediate.push_back(p);
        intermediate_of.push_back(k);
      }
    }
    std::vector<std::size_t> position;
    const auto fail_column = [&](const GridProblem& problem,
                                 const std::vector<std::size_t>& of, const std::string& suffix) {
      const std::size_t line =
          problem.cell < of.size() ? columns_list_[of[problem.cell]].line : columns_list_.back().line;
      fail_at(line, columns_.counterpart_area, problem.message + suffix);
    };
    if (auto problem = build_sector_grid(intermediate, labels_.regions, labels_.sectors, position)) {
      fail_column(*problem, intermediate_of, "");
    }
    column_slot_.assign(columns_list_.size(), Slot{});
    for (std::size_t k = 0; k < intermediate.size(); ++k) {
      column_slot_[intermediate_of[k]] = {position[k], true};
    }
    if (auto problem = build_category_grid(final_demand, labels_.regions,
                                           labels_.final_demand_categories, position, nullptr)) {
      fail_column(*problem, final_demand_of,
                  " (final-demand codes: " + join(layout_.categories) + ")");
    }
    for (std::size_t k = 0; k < final_demand.size(); ++k) {
      column_slot_[final_demand_of[k]] = {position[k], false};
    }
    n_ = labels_.n();
    std::unordered_map<std::string, std::size_t> grid;
    for (std::size_t i = 0; i < n_; ++i) {
      grid.emplace(key(labels_.regions[labels_.region_of_row(i)],
                       labels_.sectors[labels_.sector_of_row(i)]),
                   i);
    }
    row_slot_.assign(rows_.size(), Slot{});
    row_of_.assign(n_, kNone);
    for (std::size_t k = 0; k < rows_.size(); ++k) {
      const LabelPair& p = rows_[k].pair;
      const auto cell = grid.find(key(p.region, p.item));
      if (cell != grid.end()) {
        row_slot_[k] = {cell->second, true};
        row_of_[cell->second] = k;
      } else if (layout_.is_value_added_row(p.region + "_" + p.item)) {
        row_slot_[k] = {0, false};
      } else {
        fail_at(rows_[k].line, columns_.ref_area,
                "row '" + p.region + "_" + p.item +
                    "' is neither an intermediate column's row nor a value-added row (" +
                    layout_.value_added_rows + ")");
      }
    }
    for (std::size_t i = 0; i < n_; ++i) {
      if (row_of_[i] == kNone) {
        fail_at(rows_.back().line, 0, "no cells of row '" + labels_.row_label(i) +
                                          "' (every intermediate column needs its row)");
      }
    }
    if (std::none_of(row_slot_.begin(), row_slot_.end(), [](const Slot& s) { return !s.intermediate; })) {
      fail_at(rows_.back().line, 0,
              "no value-added rows (" + layout_.value_added_rows + ") in the file");
    }
    value_added_.assign(n_, 0.0);
  }

  /// Second pass: the values.
  void stream() {
    csv::DelimitedReader reader = open_after_header();
    const std::size_t fd = labels_.final_demand_columns();
    std::vector<std::unique_ptr<PendingRow>> pending(n_);
    std::size_t next_row = 0;
    while (reader.next()) {
      if (reader.blank()) continue;
      const auto [row, column] = labels_of(reader);
      const auto r = row_index_.find(key(row.region, row.item));
      const auto c = column_index_.find(key(column.region, column.item));
      if (r == row_index_.end() || c == column_index_.end()) {
        reader.fail(0, "a cell the first reading did not see: the file changed while it was read");
      }
      const double value = reader.number(columns_.value);
      const Slot& row_slot = row_slot_[r->second];
      const Slot& column_slot = column_slot_[c->second];
      if (!row_slot.intermediate) {
        // A value-added row: its intermediate cells are VA; its final-use cells (taxes on
        // final products) are not part of Z, Y or VA.
        if (column_slot.intermediate) value_added_[column_slot.index] += value;
        continue;
      }
      const std::size_t i = row_slot.index;
      if (i < next_row) reader.fail(0, "row '" + labels_.row_label(i) + "' was already complete: a cell listed twice");
      auto& p = pending[i];
      if (!p) {
        p = std::make_unique<PendingRow>();
        p->z.assign(n_, 0.0);
        p->y.assign(fd, 0.0);
        p->seen.assign(columns_list_.size(), 0);
        p->missing = rows_[r->second].cells;
      }
      if (p->seen[c->second] != 0) {
        reader.fail(columns_.counterpart_area,
                    "the cell of row '" + labels_.row_label(i) + "', column '" + column.region + "_" +
                        column.item + "' is listed twice");
      }
      if (p->missing == 0) {
        reader.fail(0, "more cells of row '" + labels_.row_label(i) +
                           "' than the first reading counted: the file changed while it was read");
      }
      p->seen[c->second] = 1;
      (column_slot.intermediate ? p->z : p->y)[column_slot.index] = value;
      --p->missing;
      while (next_row < n_ && pending[next_row] && pending[next_row]->missing == 0) {
        emit(next_row, *pending[next_row]);
        pending[next_row].reset();
        ++next_row;
      }
    }
    if (next_row != n_) {
      reader.fail_at_end("the file ended before row '" + labels_.row_label(next_row) +
                         "' was complete: it changed while it was read");
    }
  }

  void emit(std::size_t i, const PendingRow& p) {
    double total = 0.0;
    for (const double v : p.z) total += v;
    for (const double v : p.y) total += v;
    sink_.row(i, p.z, p.y, total);
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  const std::function<LineReader()>& open_;
  const LabelledMatrixLayout& layout_;
  TableSink& sink_;
  FlatColumns columns_;
  std::optional<csv::DelimitedReader> scanned_;  // the first pass's reader, for messages
  std::vector<FlatLabel> rows_, columns_list_;
  std::unordered_map<std::string, std::size_t> row_index_, column_index_;
  std::vector<Slot> row_slot_, column_slot_;
  std::vector<std::size_t> row_of_;  // row of Z -> rows_
  TableLabels labels_;
  std::size_t n_ = 0;
  std::vector<double> value_added_;
};

}  // namespace

bool is_figaro_flat_header(const std::vector<std::string>& header) {
  return std::any_of(header.begin(), header.end(), [](const std::string& cell) {
    return cell == "refArea" || cell == "counterpartArea" || cell == "obsValue";
  });
}

void read_figaro_flat(const std::function<LineReader()>& open, const LabelledMatrixLayout& layout,
                      const TableMetadata& metadata, TableSink& sink) {
  FlatParser(open, layout, sink).run(metadata);
}

}  // namespace leontief::io
