#include "io/readers/exiobase3_reader.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <regex>
#include <vector>

#include "io/readers/pymrio_matrix.hpp"
#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

namespace {

/// EXIOBASE names its 44 countries by ISO 3166 alpha-2 codes (GR, GB) and its five
/// rest-of-world regions WA, WL, WE, WF, WM; some 3.4 files use alpha-3 codes instead.
std::string exiobase_region(const std::string& code) {
  static const std::array<std::pair<const char*, const char*>, 44> kAlpha3 = {{
      {"AUT", "AT"}, {"BEL", "BE"}, {"BGR", "BG"}, {"CYP", "CY"}, {"CZE", "CZ"}, {"DEU", "DE"},
      {"DNK", "DK"}, {"EST", "EE"}, {"ESP", "ES"}, {"FIN", "FI"}, {"FRA", "FR"}, {"GRC", "GR"},
      {"HRV", "HR"}, {"HUN", "HU"}, {"IRL", "IE"}, {"ITA", "IT"}, {"LTU", "LT"}, {"LUX", "LU"},
      {"LVA", "LV"}, {"MLT", "MT"}, {"NLD", "NL"}, {"POL", "PL"}, {"PRT", "PT"}, {"ROU", "RO"},
      {"SWE", "SE"}, {"SVN", "SI"}, {"SVK", "SK"}, {"GBR", "GB"}, {"USA", "US"}, {"JPN", "JP"},
      {"CHN", "CN"}, {"CAN", "CA"}, {"KOR", "KR"}, {"BRA", "BR"}, {"IND", "IN"}, {"MEX", "MX"},
      {"RUS", "RU"}, {"AUS", "AU"}, {"CHE", "CH"}, {"TUR", "TR"}, {"TWN", "TW"}, {"NOR", "NO"},
      {"IDN", "ID"}, {"ZAF", "ZA"},
  }};
  for (const auto& [alpha3, alpha2] : kAlpha3) {
    if (code == alpha3) return alpha2;
  }
  return code;
}

/// The factor-input (value-added) rows of EXIOBASE's F.txt, by the start of their names:
/// taxes less subsidies on products purchased, other net taxes on production, compensation
/// of employees (three skill levels), operating surplus (consumption of fixed capital,
/// rents on land, royalties on resources, remaining net operating surplus).
bool is_factor_input(const std::string& stressor) {
  static const std::array<const char*, 4> kPrefixes = {
      "Taxes less subsidies on products", "Other net taxes on production",
      "Compensation of employees", "Operating surplus"};
  return std::any_of(kPrefixes.begin(), kPrefixes.end(),
                     [&](const char* prefix) { return stressor.starts_with(prefix); });
}

std::string parent_of(const std::string& entry) {
  const auto slash = entry.find_last_of('/');
  return slash == std::string::npos ? "" : entry.substr(0, slash + 1);
}

/// The release's "version" in metadata.json, when the system carries one.
std::string read_release(const InputFiles& files, const std::string& entry) {
  const auto& entries = files.entries();
  if (!std::binary_search(entries.begin(), entries.end(), entry)) return "";
  LineReader reader = files.open(entry);
  std::string_view line;
  static const std::regex version(R"rx("version"\s*:\s*"([^"]*)")rx");
  while (reader.next(line)) {
    std::match_results<std::string_view::const_iterator> match;
    if (std::regex_search(line.begin(), line.end(), match, version)) return match[1].str();
  }
  return "";
}

class ExiobaseSystem {
 public:
  ExiobaseSystem(const InputFiles& files, std::string prefix, const ReaderOptions& options)
      : files_(files), prefix_(std::move(prefix)), options_(options), totals_(options.balance) {
    shapes_ = read_file_parameters(files_, prefix_ + "file_parameters.json");
  }

  void run(TableSink& sink) {
    coefficients_ = !has("Z.txt");
    if (coefficients_ && !has("A.txt")) missing("Z.txt or A.txt");
    if (coefficients_ && !options_.coefficients && options_.gross_output == nullptr) {
      throw InputError(input_location(
          files_.display_name(prefix_ + "A.txt"), "",
          "this EXIOBASE system has A.txt but no Z.txt and no x.txt (release 3.4): x = (I - A)^-1 "
          "Y·1 must be solved first, which `leontief import --format exiobase3` does"));
    }
    PymrioMatrix flows = open_matrix(coefficients_ ? "A.txt" : "Z.txt", {"region", "sector"});
    PymrioMatrix demand = open_matrix("Y.txt", {"region", "category"});
    std::optional<csv::DelimitedReader> published_x;
    if (!coefficients_ && has("x.txt")) published_x.emplace(open("x.txt"), '\t');
    read_columns(flows, demand);
    if (published_x) published_x->next();  // header: region, sector, indout
    const std::size_t n = labels_.n();
    if (options_.gross_output != nullptr && options_.gross_output->size() != n) {
      throw InputError(input_location(files_.display_name(prefix_ + "A.txt"), "",
                                      "the solved gross output has " +
                                          std::to_string(options_.gross_output->size()) +
                                          " entries, A.txt " + std::to_string(n)));
    }

    if (!(coefficients_ && options_.coefficients)) read_factor_inputs();
    sink.begin(labels_, metadata());
    std::vector<double> z(n), y(labels_.final_demand_columns()), x(n), inputs(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      next_row(flows, i);
      next_row(demand, i);
      double total = 0.0;
      for (std::size_t c = 0; c < n; ++c) {
        double value = flows.value(c);
        if (coefficients_ && !options_.coefficients) value *= (*options_.gross_output)[c];
        z[c] = value;
        inputs[c] += value;
        total += value;
      }
      for (std::size_t c = 0; c < y.size(); ++c) {
        y[c] = demand.value(c);
        total += y[c];
      }
      x[i] = gross_output(i, total, published_x);
      sink.row(i, z, y, x[i]);
    }
    expect_end(flows);
    expect_end(demand);
    std::vector<double> value_added = form_value_added(x, inputs);
    totals_.report(files_.display_name(prefix_));
    sink.finish(value_added);
  }

 private:
  bool has(const std::string& name) const {
    const auto& entries = files_.entries();
    return std::binary_search(entries.begin(), entries.end(), prefix_ + name);
  }

  [[noreturn]] void missing(const std::string& what) const {
    throw InputError(input_location(files_.display_name(prefix_), "",
                                    "missing " + what +
                                        ": an EXIOBASE 3 system holds Y.txt with Z.txt "
                                        "(3.8, 3.9, 3.10) or A.txt (3.4)"));
  }

  LineReader open(const std::string& name) const {
    if (!has(name)) missing(name);
    return files_.open(prefix_ + name);
  }

  PymrioShape shape(const std::string& name, PymrioShape fallback) const {
    const auto it = shapes_.find(name);
    return it == shapes_.end() ? fallback : it->second;
  }

  PymrioMatrix open_matrix(const std::string& name, std::vector<std::string> levels) const {
    return PymrioMatrix(open(name), shape(name, PymrioShape{2, 2}), std::move(levels));
  }

  /// Labels from the columns of Z (or A) and Y; regions in one scheme (alpha-2).
  void read_columns(PymrioMatrix& flows, PymrioMatrix& demand) {
    std::vector<LabelPair> cells;
    std::vector<std::string> names;
    for (std::size_t c = 0; c < flows.value_columns(); ++c) {
      cells.push_back({exiobase_region(flows.column_labels()[0][c]), flows.column_labels()[1][c]});
      names.push_back(cells.back().region + "_" + cells.back().item);
    }
    set_names(flows, names);
    column_names_ = names;
    if (auto problem = build_sector_grid(cells, labels_.regions, labels_.sectors, position_)) {
      flows.reader().fail_at(1, problem->cell < cells.size() ? problem->cell + flows.first_value_column() : 0,
                             problem->message);
    }
    for (std::size_t k = 0; k < position_.size(); ++k) {
      if (position_[k] != k) {
        flows.reader().fail_at(1, k + flows.first_value_column(),
                               "columns must be region-major (each region's sectors together, in "
                               "the order of the first region)");
      }
    }
    std::vector<LabelPair> categories;
    names.clear();
    for (std::size_t c = 0; c < demand.value_columns(); ++c) {
      categories.push_back(
          {exiobase_region(demand.column_labels()[0][c]), demand.column_labels()[1][c]});
      names.push_back(categories.back().region + "_" + categories.back().item);
    }
    set_names(demand, names);
    if (auto problem = build_category_grid(categories, labels_.regions,
                                           labels_.final_demand_categories, y_position_, nullptr)) {
      demand.reader().fail_at(
          1, problem->cell < categories.size() ? problem->cell + demand.first_value_column() : 0,
          problem->message);
    }
    for (std::size_t k = 0; k < y_position_.size(); ++k) {
      if (y_position_[k] != k) {
        demand.reader().fail_at(1, k + demand.first_value_column(),
                                "final-demand columns must be region-major, in the region order "
                                "of Z");
      }
    }
  }

  static void set_names(PymrioMatrix& matrix, const std::vector<std::string>& labels) {
    std::vector<std::string> names(matrix.first_value_column() - 1);
    names.insert(names.end(), labels.begin(), labels.end());
    matrix.reader().set_column_names(names);
  }

  void next_row(PymrioMatrix& matrix, std::size_t i) const {
    if (!matrix.next_row()) {
      matrix.reader().fail_at_end("the file ends after " + std::to_string(i) + " of " +
                                  std::to_string(labels_.n()) + " rows");
    }
    check_row_label(matrix.reader(), i);
    matrix.check_width();
  }

  void check_row_label(const csv::DelimitedReader& reader, std::size_t i) const {
    const std::string& region = labels_.regions[labels_.region_of_row(i)];
    const std::string& sector = labels_.sectors[labels_.sector_of_row(i)];
    if (exiobase_region(reader.text(1)) != region || reader.text(2) != sector) {
      reader.fail(exiobase_region(reader.text(1)) != region ? 1 : 2,
                  "row (" + csv::excerpt(reader.text(1)) + ", " + csv::excerpt(reader.text(2)) +
                      ") where row " + std::to_string(i + 1) + " ('" + region + "', '" + sector +
                      "') was expected (rows must follow the columns)");
    }
  }

  static void expect_end(PymrioMatrix& matrix) {
    if (matrix.next_row()) matrix.reader().fail(1, "unexpected row after the last row of the table");
  }

  /// x.txt where published (checked against the row sum), the solved x (3.4), or the row
  /// sum Z·1 + Y·1, which is how EXIOBASE defines x (3.9, 3.10).
  double gross_output(std::size_t i, double total, std::optional<csv::DelimitedReader>& published) {
    if (coefficients_) {
      if (options_.coefficients) return 1.0;
      const double solved = (*options_.gross_output)[i];
      if (!totals_agree(solved, total)) {
        totals_.disagree(solved, total,
                         input_location(files_.display_name(prefix_ + "A.txt"), labels_.row_label(i),
                                        "solved gross output " + csv::format_number(solved) +
                                            " disagrees with A x + Y·1 = " +
                                            csv::format_number(total)));
      }
      return solved;
    }
    if (!published) return total;
    if (!published->next()) {
      published->fail_at_end("the file ends after " + std::to_string(i) + " rows");
    }
    check_row_label(*published, i);
    const double output = published->number(3);
    if (!totals_agree(output, total)) {
      totals_.disagree(output, total,
                       published->place(3) + "gross output " + csv::format_number(output) +
                           " disagrees with the row sum of Z.txt and Y.txt " +
                           csv::format_number(total));
    }
    return output;
  }

  /// The factor-input rows of F.txt where present, checked against x - 1'Z; otherwise the
  /// residual x - 1'Z.
  std::vector<double> form_value_added(const std::vector<double>& x,
                                       const std::vector<double>& inputs) {
    const std::size_t n = x.size();
    std::vector<double> residual(n);
    for (std::size_t j = 0; j < n; ++j) residual[j] = x[j] - inputs[j];
    if (!factor_inputs_) return residual;  // also 1 - 1'A for the coefficient table
    const std::vector<double>& value_added = *factor_inputs_;
    for (std::size_t j = 0; j < n; ++j) {
      if (!totals_agree(value_added[j], residual[j])) {
        totals_.disagree(value_added[j], residual[j],
                         input_location(files_.display_name(prefix_ + factor_input_file_),
                                        column_names_[j],
                                        "value added " + csv::format_number(value_added[j]) +
                                            " (factor-input rows) disagrees with x - 1'Z = " +
                                            csv::format_number(residual[j])));
      }
    }
    return value_added;
  }

  /// Sums the factor-input rows of F.txt (satellite/ in 3.4-3.8, factor_inputs/ from 3.9),
  /// before the rows are streamed, so the metadata can say how VA is formed.
  void read_factor_inputs() {
    const std::size_t n = labels_.n();
    std::string account;
    for (const char* folder : {"factor_inputs/", "satellite/"}) {
      if (has(std::string(folder) + "F.txt")) {
        account = folder;
        break;
      }
    }
    if (account.empty()) {
      value_added_from_ = "VA = x - 1'Z (the system has no factor-input account)";
      return;
    }
    const std::string name = account + "F.txt";
    PymrioMatrix f(open(name), shape_of_account(account), {"region", "sector"});
    std::vector<std::string> names(f.first_value_column() - 1);
    names.insert(names.end(), column_names_.begin(), column_names_.end());
    f.reader().set_column_names(names);
    if (f.value_columns() != n) {
      f.reader().fail_at(1, 0, std::to_string(f.value_columns()) + " columns, Z has " +
                                   std::to_string(n));
    }
    for (std::size_t c = 0; c < n; ++c) {
      if (exiobase_region(f.column_labels()[0][c]) + "_" + f.column_labels()[1][c] !=
          column_names_[c]) {
        f.reader().fail_at(1, c + f.first_value_column(),
                           "column " + csv::excerpt(f.column_labels()[0][c] + "_" +
                                                    f.column_labels()[1][c]) +
                               " where the columns of Z have '" + column_names_[c] + "'");
      }
    }
    std::vector<double> value_added(n, 0.0);
    std::size_t rows = 0;
    while (f.next_row()) {
      if (!is_factor_input(f.index(0))) continue;
      f.check_width();
      ++rows;
      for (std::size_t c = 0; c < n; ++c) value_added[c] += f.value(c);
    }
    if (rows == 0) {
      value_added_from_ = "VA = x - 1'Z (" + name + " has no factor-input rows)";
      return;
    }
    value_added_from_ = "VA = the " + std::to_string(rows) + " factor-input rows of " + name +
                        " (taxes less subsidies, other net taxes on production, compensation of "
                        "employees, operating surplus)";
    factor_inputs_ = std::move(value_added);
    factor_input_file_ = name;
  }

  PymrioShape shape_of_account(const std::string& account) const {
    const auto shapes = read_file_parameters(files_, prefix_ + account + "file_parameters.json");
    const auto it = shapes.find("F.txt");
    return it == shapes.end() ? PymrioShape{1, 2} : it->second;
  }

  TableMetadata metadata() const {
    TableMetadata m;
    const std::string system = prefix_.empty() ? std::string(base_name(files_.path()))
                                               : prefix_.substr(0, prefix_.size() - 1);
    const std::string release = read_release(files_, prefix_ + "metadata.json");
    m.source = "EXIOBASE " + (release.empty() ? std::string("3") : release) + " (" +
               std::string(base_name(system)) + ")";
    m.units = read_units();
    m.input_file = files_.display_name(prefix_ + (coefficients_ ? "A.txt" : "Z.txt"));
    if (coefficients_) {
      m.derivation = options_.coefficients
                         ? "A.txt as Z with x = 1 (input of the solve for x)"
                         : "x = (I - A)^-1 Y·1 solved at import (A.txt and Y.txt; no Z.txt, no "
                           "x.txt), Z = A x̂";
    } else {
      m.derivation = has("x.txt") ? "x = x.txt" : "x = Z·1 + Y·1 (no x.txt)";
    }
    if (!(coefficients_ && options_.coefficients)) m.derivation += "; " + value_added_from_;
    return m;
  }

  std::string read_units() const {
    if (!has("unit.txt")) return "";
    csv::DelimitedReader units(files_.open(prefix_ + "unit.txt"), '\t');
    units.next();  // header: region, sector, unit
    if (!units.next()) return "";
    const std::string unit = units.text(3);
    return unit == "M.EUR" ? "millions of euros" : unit;
  }

  const InputFiles& files_;
  std::string prefix_;
  const ReaderOptions& options_;
  TotalsCheck totals_;
  std::map<std::string, PymrioShape> shapes_;
  bool coefficients_ = false;
  TableLabels labels_;
  std::vector<std::size_t> position_, y_position_;
  std::vector<std::string> column_names_;
  std::string value_added_from_;
  std::optional<std::vector<double>> factor_inputs_;
  std::string factor_input_file_;
};

std::unique_ptr<InputFiles> open_system_files(const std::string& path, int year) {
  auto files = std::make_unique<InputFiles>(path);
  const auto is_y = [](std::string_view name) { return name == "Y.txt"; };
  if (files->find(is_y).empty() && files->is_folder()) {
    // A folder of the publisher's zips (IOT_2019_ixi.zip, ...): pick the year's archive.
    const auto zips = files->find(
        [](std::string_view name) { return name.starts_with("IOT_") && name.ends_with(".zip"); });
    if (!zips.empty()) {
      const std::string zip = select_entry(zips, year, path, "EXIOBASE zip");
      files = std::make_unique<InputFiles>(files->display_name(zip));
    }
  }
  return files;
}

std::string system_prefix(const InputFiles& files, int year) {
  // Every release has Y.txt at the top of the system (satellite accounts live in folders).
  auto candidates = files.find([](std::string_view name) { return name == "Y.txt"; });
  std::erase_if(candidates, [&](const std::string& entry) {
    const std::string prefix = parent_of(entry);
    const auto& entries = files.entries();
    return !std::binary_search(entries.begin(), entries.end(), prefix + "Z.txt") &&
           !std::binary_search(entries.begin(), entries.end(), prefix + "A.txt");
  });
  if (candidates.empty()) {
    throw InputError(input_location(
        files.path(), "",
        "not an EXIOBASE 3 system: expected Y.txt with Z.txt (3.8, 3.9, 3.10) or A.txt (3.4) "
        "side by side (IOT_YYYY_ixi or IOT_YYYY_pxp, its zip, or a folder of such zips)"));
  }
  return parent_of(select_entry(candidates, year, files.path(), "EXIOBASE 3 system (Y.txt)"));
}

}  // namespace

void read_exiobase3(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  const auto files = open_system_files(path, options.year);
  ExiobaseSystem system(*files, system_prefix(*files, options.year), options);
  system.run(sink);
}

bool exiobase3_publishes_coefficients_only(const std::string& path, const ReaderOptions& options) {
  const auto files = open_system_files(path, options.year);
  const std::string prefix = system_prefix(*files, options.year);
  const auto& entries = files->entries();
  return !std::binary_search(entries.begin(), entries.end(), prefix + "Z.txt");
}

}  // namespace leontief::io
