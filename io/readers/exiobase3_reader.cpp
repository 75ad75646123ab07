#include "io/readers/exiobase3_reader.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

namespace {

constexpr std::size_t kMaxHeaderRows = 10;

/// Reads the header rows of a pymrio-style text matrix (label columns, then values) up to
/// and including the first data row; returns the header rows' cells.
std::vector<std::vector<std::string>> read_header_rows(csv::DelimitedReader& reader,
                                                       std::size_t label_columns) {
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    if (!reader.next()) reader.fail_at_end("no data rows");
    double value = 0;
    if (reader.size() > label_columns &&
        csv::parse_number(reader.raw(label_columns + 1), value, '\t') == csv::NumberStatus::ok) {
      return rows;
    }
    if (rows.size() == kMaxHeaderRows) {
      reader.fail(label_columns + 1,
                  "no numeric data row after " + std::to_string(kMaxHeaderRows) + " header rows");
    }
    std::vector<std::string> cells;
    for (std::size_t c = 1; c <= reader.size(); ++c) cells.push_back(reader.text(c));
    rows.push_back(std::move(cells));
  }
}

std::string parent_of(const std::string& entry) {
  const auto slash = entry.find_last_of('/');
  return slash == std::string::npos ? "" : entry.substr(0, slash + 1);
}

class ExiobaseParser {
 public:
  ExiobaseParser(const InputFiles& files, const std::string& z_entry, TableSink& sink)
      : files_(files), prefix_(parent_of(z_entry)), sink_(sink) {}

  void run() {
    csv::DelimitedReader z(open("Z.txt"), '\t');
    csv::DelimitedReader y(open("Y.txt"), '\t');
    csv::DelimitedReader x(open("x.txt"), '\t');
    read_z_header(z);
    read_y_header(y);
    read_header_rows(x, 2);
    TableMetadata metadata;
    const std::string system = prefix_.empty() ? std::string(base_name(files_.path()))
                                               : prefix_.substr(0, prefix_.size() - 1);
    metadata.source = "EXIOBASE 3 (" + std::string(base_name(system)) + ")";
    metadata.units = read_units();
    metadata.input_file = files_.display_name(prefix_ + "Z.txt");
    sink_.begin(labels_, metadata);
    std::vector<double> zrow(n_), yrow(labels_.final_demand_columns());
    for (std::size_t i = 0; i < n_; ++i) {
      if (i > 0) {
        if (!z.next())
          z.fail_at_end("the file ends after " + std::to_string(i) + " of " + std::to_string(n_) +
                        " rows");
        if (!y.next())
          y.fail_at_end("the file ends after " + std::to_string(i) + " of " + std::to_string(n_) +
                        " rows");
        if (!x.next())
          x.fail_at_end("the file ends after " + std::to_string(i) + " of " + std::to_string(n_) +
                        " rows");
      }
      check_row_label(z, i);
      check_row_label(y, i);
      check_row_label(x, i);
      check_width(z, 2 + n_);
      check_width(y, 2 + labels_.final_demand_columns());
      check_width(x, 3);
      double total = 0.0;
      for (std::size_t c = 0; c < n_; ++c) {
        const double value = z.number(3 + c);
        zrow[z_index_[c]] = value;
        input_total_[z_index_[c]] += value;
        total += value;
      }
      for (std::size_t c = 0; c < yrow.size(); ++c) {
        const double value = y.number(3 + c);
        yrow[y_index_[c]] = value;
        total += value;
      }
      const double output = x.number(3);
      if (!totals_agree(output, total)) {
        x.fail(3, "gross output " + csv::format_number(output) +
                      " disagrees with the row sum of Z.txt and Y.txt " +
                      csv::format_number(total));
      }
      x_[i] = output;
      sink_.row(i, zrow, yrow, output);
    }
    expect_end(z);
    expect_end(y);
    expect_end(x);
    std::vector<double> value_added(n_);
    for (std::size_t j = 0; j < n_; ++j) value_added[j] = x_[j] - input_total_[j];
    sink_.finish(value_added);
  }

 private:
  LineReader open(const std::string& name) const {
    const std::string entry = prefix_ + name;
    const auto& entries = files_.entries();
    if (!std::binary_search(entries.begin(), entries.end(), entry)) {
      throw InputError(
          input_location(files_.display_name(entry), "",
                         "missing: EXIOBASE 3 needs Z.txt, Y.txt and x.txt side by side"));
    }
    return files_.open(entry);
  }

  void read_z_header(csv::DelimitedReader& z) {
    const auto rows = read_header_rows(z, 2);
    if (rows.size() < 2) z.fail(0, "expected two header rows (region, sector) above the data");
    std::vector<LabelPair> cells;
    for (std::size_t c = 3; c <= rows[0].size(); ++c) {
      cells.push_back({rows[0][c - 1], c <= rows[1].size() ? rows[1][c - 1] : ""});
    }
    std::vector<std::string> names{"", ""};
    for (const auto& cell : cells) names.push_back(cell.region + "_" + cell.item);
    z.set_column_names(names);
    if (auto problem = build_sector_grid(cells, labels_.regions, labels_.sectors, z_index_)) {
      z.fail_at(1, problem->cell < cells.size() ? problem->cell + 3 : 0, problem->message);
    }
    n_ = labels_.n();
    x_.assign(n_, 0.0);
    input_total_.assign(n_, 0.0);
  }

  void read_y_header(csv::DelimitedReader& y) {
    const auto rows = read_header_rows(y, 2);
    if (rows.size() < 2) y.fail(0, "expected two header rows (region, category) above the data");
    std::vector<LabelPair> cells;
    for (std::size_t c = 3; c <= rows[0].size(); ++c) {
      cells.push_back({rows[0][c - 1], c <= rows[1].size() ? rows[1][c - 1] : ""});
    }
    std::vector<std::string> names{"", ""};
    for (const auto& cell : cells) names.push_back(cell.region + "_" + cell.item);
    y.set_column_names(names);
    if (auto problem = build_category_grid(cells, labels_.regions, labels_.final_demand_categories,
                                           y_index_, nullptr)) {
      y.fail_at(1, problem->cell < cells.size() ? problem->cell + 3 : 0, problem->message);
    }
  }

  void check_row_label(const csv::DelimitedReader& reader, std::size_t i) const {
    const std::string& region = labels_.regions[labels_.region_of_row(i)];
    const std::string& sector = labels_.sectors[labels_.sector_of_row(i)];
    if (reader.text(1) != region || reader.text(2) != sector) {
      reader.fail(reader.text(1) != region ? 1 : 2,
                  "row (" + csv::excerpt(reader.text(1)) + ", " + csv::excerpt(reader.text(2)) +
                      ") where row " + std::to_string(i + 1) + " ('" + region + "', '" + sector +
                      "') was expected (rows must follow the columns of Z.txt)");
    }
  }

  static void check_width(const csv::DelimitedReader& reader, std::size_t cells) {
    if (reader.size() != cells) {
      reader.fail(
          std::min(reader.size(), cells) + 1,
          "expected " + std::to_string(cells) + " cells, found " + std::to_string(reader.size()));
    }
  }

  static void expect_end(csv::DelimitedReader& reader) {
    while (reader.next()) {
      if (!reader.blank()) reader.fail(1, "unexpected row after the last row of the table");
    }
  }

  std::string read_units() const {
    const std::string entry = prefix_ + "unit.txt";
    const auto& entries = files_.entries();
    if (!std::binary_search(entries.begin(), entries.end(), entry)) return "";
    csv::DelimitedReader units(files_.open(entry), '\t');
    units.next();  // header: region, sector, unit
    if (!units.next()) return "";
    const std::string unit = units.text(3);
    return unit == "M.EUR" ? "millions of euros" : unit;
  }

  const InputFiles& files_;
  std::string prefix_;
  TableSink& sink_;
  TableLabels labels_;
  std::size_t n_ = 0;
  std::vector<std::size_t> z_index_, y_index_;
  std::vector<double> x_, input_total_;
};

}  // namespace

void read_exiobase3(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  auto files = std::make_unique<InputFiles>(path);
  const auto is_z = [](std::string_view name) { return name == "Z.txt"; };
  if (files->find(is_z).empty() && files->is_folder()) {
    // A folder of the publisher's zips (IOT_2019_ixi.zip, ...): pick the year's archive.
    const auto zips = files->find(
        [](std::string_view name) { return name.starts_with("IOT_") && name.ends_with(".zip"); });
    if (!zips.empty()) {
      const std::string zip = select_entry(zips, options.year, path, "EXIOBASE zip");
      files = std::make_unique<InputFiles>(files->display_name(zip));
    }
  }
  const std::string z_entry =
      select_entry(files->find(is_z), options.year, files->path(), "EXIOBASE 3 Z.txt");
  ExiobaseParser(*files, z_entry, sink).run();
}

}  // namespace leontief::io
