#include "io/readers/gloria_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "io/readers/reader_support.hpp"
#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/input_files.hpp"
#include "io/text/xlsx_workbook.hpp"

namespace leontief::io {

namespace {

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

/// The values of the column headed `header` in `sheet` (first row: headers), down to the
/// first empty cell.
std::vector<std::string> sheet_column(const XlsxWorkbook& workbook, const std::string& sheet,
                                      const std::string& header) {
  const auto sheets = workbook.sheet_names();
  if (std::find(sheets.begin(), sheets.end(), sheet) == sheets.end()) {
    std::string list;
    for (const auto& name : sheets) list += (list.empty() ? "'" : ", '") + name + "'";
    throw InputError(input_location(
        workbook.name(), "",
        "not the GLORIA ReadMe layout (sheets 'Regions', 'Sectors' and 'Value added and final "
        "demand' naming the labels): no sheet '" + sheet + "'; the workbook's sheets are " +
            (list.empty() ? std::string("none") : list)));
  }
  csv::DelimitedReader reader(workbook.open_sheet(sheet), ',');
  if (!reader.next()) reader.fail_at_end("the sheet is empty; expected a header row");
  std::size_t column = 0;
  for (std::size_t c = 1; c <= reader.size(); ++c) {
    if (reader.text(c) == header) column = c;
  }
  if (column == 0) {
    fail_layout(reader, 1, 0, reader.line(), "GLORIA ReadMe",
                "sheet '" + sheet + "' with a first row of column headers, '" + header +
                    "' among them",
                "no column headed '" + header + "' in the first row");
  }
  std::vector<std::string> values;
  while (reader.next()) {
    const std::string value = reader.text(column);
    if (value.empty()) break;
    values.push_back(value);
  }
  if (values.empty()) reader.fail(column, "no values under '" + header + "'");
  return values;
}

/// The labels of a release, from its ReadMe workbook.
struct GloriaLabels {
  std::vector<std::string> regions, sectors, final_demand, value_added;
};

GloriaLabels read_readme(const XlsxWorkbook& readme) {
  GloriaLabels l;
  l.regions = sheet_column(readme, "Regions", "Region_acronyms");
  l.sectors = sheet_column(readme, "Sectors", "Sector_names");
  l.final_demand = sheet_column(readme, "Value added and final demand", "Final_demand_names");
  l.value_added = sheet_column(readme, "Value added and final demand", "Value_added_names");
  return l;
}

class GloriaParser {
 public:
  GloriaParser(const InputFiles& files, std::string t, std::string y, std::string v,
               GloriaLabels labels, const ReaderOptions& options)
      : files_(files),
        t_entry_(std::move(t)),
        y_entry_(std::move(y)),
        v_entry_(std::move(v)),
        names_(std::move(labels)),
        options_(options),
        totals_(options.balance),
        G_(names_.regions.size()),
        N_(names_.sectors.size()),
        F_(names_.final_demand.size()),
        width_(2 * G_ * N_) {
    labels_.regions = names_.regions;
    labels_.sectors = names_.sectors;
    labels_.final_demand_categories = names_.final_demand;
  }

  void run(TableSink& sink) {
    TableMetadata m;
    m.source = "GLORIA (" + std::string(base_name(t_entry_)) + ")";
    m.units = "thousands of US dollars";
    m.input_file = files_.display_name(t_entry_);
    m.derivation =
        options_.product_by_product
            ? "product by product, Eurostat model B (industry technology): Z = U g^-1 V, "
              "Y = Y_products, VA = VA g^-1 V, x = q (basic prices, Markup001)"
            : "industry by industry, Eurostat model D (fixed product sales structure): "
              "D = V q^-1, Z = D U, Y = D Y_products, VA = VA of the industries, x = g = V·1 "
              "(basic prices, Markup001)";
    if (options_.product_by_product) read_supply();
    sink.begin(labels_, m);
    stream_rows(sink);
    sink.finish(value_added());
    totals_.report(files_.display_name(t_entry_));
  }

 private:
  std::size_t industry_column(std::size_t region, std::size_t j) const {
    return region * 2 * N_ + j + 1;  // 1-based
  }
  std::size_t product_column(std::size_t region, std::size_t p) const {
    return region * 2 * N_ + N_ + p + 1;
  }

  void next(csv::DelimitedReader& reader, std::size_t row, std::size_t cells) const {
    if (!reader.next()) {
      reader.fail_at_end("the file ends after " + std::to_string(row) + " rows; expected " +
                         std::to_string(width_) + " (" + std::to_string(G_) + " regions x " +
                         std::to_string(N_) + " industries and products, from the ReadMe)");
    }
    if (row == 0) check_first_line(reader, cells);
    if (reader.size() != cells) {
      reader.fail(std::min(reader.size(), cells) + 1,
                  "expected " + std::to_string(cells) + " cells (from the ReadMe's " +
                      std::to_string(G_) + " regions and " + std::to_string(N_) +
                      " sectors), found " + std::to_string(reader.size()));
    }
  }

  /// The first line of a T/Y/V-Results file: numbers only (no header), as many as the
  /// ReadMe's labels give; anything else is a file of another layout.
  void check_first_line(const csv::DelimitedReader& reader, std::size_t cells) const {
    const std::string expected = "headerless T/Y/V-Results CSV: " + std::to_string(cells) +
                                 " numbers per line (from the ReadMe's " + std::to_string(G_) +
                                 " regions and " + std::to_string(N_) + " sectors)";
    if (reader.size() != cells) {
      fail_layout(reader, 0, "GLORIA", expected,
                  "the first line has " + std::to_string(reader.size()) + " cells");
    }
    for (std::size_t c = 1; c <= cells; ++c) {
      double value = 0;
      if (!csv::is_empty_field(reader.raw(c)) &&
          csv::parse_number(reader.raw(c), value) != csv::NumberStatus::ok) {
        fail_layout(reader, c, "GLORIA", expected, "not a number");
      }
    }
  }

  /// Reads an industry row of T (region r, industry i): its supply of region r's products;
  /// anything else in the row is an error.
  void read_industry_row(csv::DelimitedReader& t, std::size_t r, std::vector<double>& supply) const {
    supply.assign(N_, 0.0);
    for (std::size_t c = 1; c <= width_; ++c) {
      const double value = t.number_or_zero(c);
      if (value == 0.0) continue;
      const std::size_t region = (c - 1) / (2 * N_), k = (c - 1) % (2 * N_);
      if (k < N_) t.fail(c, "an industry row with an entry in an industry column: not a supply-use system");
      if (region != r) {
        t.fail(c, "supply of another region's product: only supply within the region is read");
      }
      supply[k - N_] = value;
    }
  }

  /// Reads a product row of T (uses by every industry) and checks its product columns are 0.
  void read_product_row(csv::DelimitedReader& t, std::vector<double>& use) const {
    use.assign(G_ * N_, 0.0);
    for (std::size_t s = 0; s < G_; ++s) {
      for (std::size_t j = 0; j < N_; ++j) use[s * N_ + j] = t.number_or_zero(industry_column(s, j));
      for (std::size_t p = 0; p < N_; ++p) {
        if (t.number_or_zero(product_column(s, p)) != 0.0) {
          t.fail(product_column(s, p), "a product row with an entry in a product column: not a "
                                       "supply-use system");
        }
      }
    }
  }

  void read_demand_row(csv::DelimitedReader& y, std::vector<double>& demand) const {
    demand.assign(G_ * F_, 0.0);
    for (std::size_t k = 0; k < demand.size(); ++k) demand[k] = y.number_or_zero(k + 1);
  }

  /// Product by product needs every industry's supply first: one pass over the industry rows.
  void read_supply() {
    csv::DelimitedReader t(files_.open(t_entry_), ',');
    supply_.assign(G_ * N_, std::vector<double>());
    g_.assign(G_ * N_, 0.0);
    for (std::size_t r = 0; r < G_; ++r) {
      for (std::size_t i = 0; i < N_; ++i) {
        next(t, r * 2 * N_ + i, width_);
        read_industry_row(t, r, supply_[r * N_ + i]);
        for (const double v : supply_[r * N_ + i]) g_[r * N_ + i] += v;
      }
      for (std::size_t p = 0; p < N_; ++p) next(t, r * 2 * N_ + N_ + p, width_);
    }
  }

  void stream_rows(TableSink& sink) {
    csv::DelimitedReader t(files_.open(t_entry_), ',');
    csv::DelimitedReader y(files_.open(y_entry_), ',');
    const std::size_t n = G_ * N_, fd = G_ * F_;
    inputs_.assign(n, 0.0);
    x_.assign(n, 0.0);
    q_.assign(n, 0.0);
    std::vector<std::vector<double>> supply(N_), use(N_), demand(N_);
    std::vector<double> z(n), yrow(fd), ignored;
    for (std::size_t r = 0; r < G_; ++r) {
      for (std::size_t i = 0; i < N_; ++i) {
        next(t, r * 2 * N_ + i, width_);
        next(y, r * 2 * N_ + i, fd);
        if (!options_.product_by_product) read_industry_row(t, r, supply[i]);
        read_demand_row(y, ignored);
        for (std::size_t k = 0; k < fd; ++k) {
          if (ignored[k] != 0.0) y.fail(k + 1, "final demand on an industry row");
        }
      }
      for (std::size_t p = 0; p < N_; ++p) {
        next(t, r * 2 * N_ + N_ + p, width_);
        next(y, r * 2 * N_ + N_ + p, fd);
        read_product_row(t, use[p]);
        read_demand_row(y, demand[p]);
        double q = 0.0;
        for (const double v : use[p]) q += v;
        for (const double v : demand[p]) q += v;
        q_[r * N_ + p] = q;
      }
      if (options_.product_by_product) {
        emit_products(sink, r, use, demand, z);
      } else {
        emit_industries(sink, r, supply, use, demand, z, yrow);
      }
    }
  }

  /// Model D: industry i of region r sells a share V_ip / q_p of every product p it makes.
  void emit_industries(TableSink& sink, std::size_t r, const std::vector<std::vector<double>>& supply,
                       const std::vector<std::vector<double>>& use,
                       const std::vector<std::vector<double>>& demand, std::vector<double>& z,
                       std::vector<double>& yrow) {
    for (std::size_t i = 0; i < N_; ++i) {
      std::fill(z.begin(), z.end(), 0.0);
      std::fill(yrow.begin(), yrow.end(), 0.0);
      double g = 0.0;
      for (std::size_t p = 0; p < N_; ++p) {
        const double made = supply[i][p];
        g += made;
        if (made == 0.0) continue;
        const double q = q_[r * N_ + p];
        if (q <= 0.0) {
          throw InputError(input_location(files_.display_name(t_entry_),
                                          labels_.regions[r] + " product '" + labels_.sectors[p] + "'",
                                          "supplied (" + csv::format_number(made) +
                                              ") but neither used nor in final demand"));
        }
        const double share = made / q;
        for (std::size_t c = 0; c < z.size(); ++c) z[c] += share * use[p][c];
        for (std::size_t k = 0; k < yrow.size(); ++k) yrow[k] += share * demand[p][k];
      }
      const std::size_t row = r * N_ + i;
      for (std::size_t c = 0; c < z.size(); ++c) inputs_[c] += z[c];
      x_[row] = g;
      sink.row(row, z, yrow, g);
    }
  }

  /// Model B: product p's use of industry j's output spreads over j's products as j makes them.
  void emit_products(TableSink& sink, std::size_t r, const std::vector<std::vector<double>>& use,
                     const std::vector<std::vector<double>>& demand, std::vector<double>& z) {
    for (std::size_t p = 0; p < N_; ++p) {
      std::fill(z.begin(), z.end(), 0.0);
      for (std::size_t s = 0; s < G_; ++s) {
        for (std::size_t j = 0; j < N_; ++j) {
          const double u = use[p][s * N_ + j];
          const double g = g_[s * N_ + j];
          if (u == 0.0) continue;
          if (g <= 0.0) {
            throw InputError(input_location(
                files_.display_name(t_entry_), labels_.regions[s] + " industry '" + labels_.sectors[j] + "'",
                "used as input (" + csv::format_number(u) + ") but supplies nothing"));
          }
          const auto& made = supply_[s * N_ + j];
          for (std::size_t c = 0; c < N_; ++c) z[s * N_ + c] += u / g * made[c];
        }
      }
      const std::size_t row = r * N_ + p;
      for (std::size_t c = 0; c < z.size(); ++c) inputs_[c] += z[c];
      x_[row] = q_[row];
      sink.row(row, z, demand[p], q_[row]);
    }
  }

  /// Value added of the industries (V-Results rows: every region's K categories); by
  /// product: VA ĝ⁻¹ V. Checked against x − 1'Z.
  std::vector<double> value_added() {
    csv::DelimitedReader v(files_.open(v_entry_), ',');
    const std::size_t n = G_ * N_, K = names_.value_added.size();
    std::vector<double> industry(n, 0.0);
    for (std::size_t row = 0; row < G_ * K; ++row) {
      next(v, row, width_);
      for (std::size_t s = 0; s < G_; ++s) {
        for (std::size_t j = 0; j < N_; ++j) industry[s * N_ + j] += v.number_or_zero(industry_column(s, j));
      }
    }
    std::vector<double> va = industry;
    if (options_.product_by_product) {
      std::fill(va.begin(), va.end(), 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        if (g_[i] <= 0.0) continue;
        const std::size_t s = i / N_;
        for (std::size_t c = 0; c < N_; ++c) va[s * N_ + c] += industry[i] / g_[i] * supply_[i][c];
      }
    }
    for (std::size_t j = 0; j < n; ++j) {
      const double inputs = inputs_[j] + va[j];
      if (!totals_agree(x_[j], inputs)) {
        totals_.disagree(x_[j], inputs,
                         input_location(files_.display_name(v_entry_), labels_.row_label(j),
                                        "output " + csv::format_number(x_[j]) +
                                            " disagrees with intermediate inputs plus value added " +
                                            csv::format_number(inputs)));
      }
    }
    return va;
  }

  const InputFiles& files_;
  std::string t_entry_, y_entry_, v_entry_;
  GloriaLabels names_;
  const ReaderOptions& options_;
  TotalsCheck totals_;
  std::size_t G_, N_, F_, width_;
  TableLabels labels_;
  std::vector<std::vector<double>> supply_;  // product by product: every industry's supply
  std::vector<double> g_, q_, x_, inputs_;
};

std::string results_entry(const InputFiles& files, const std::string& kind, int year,
                          const std::string& where) {
  // …_T-Results_2019_059_Markup001(full).csv: basic prices are Markup001.
  const auto found = files.find([&](std::string_view name) {
    return contains(name, "_" + kind + "-Results_") && contains(name, "Markup001") &&
           (name.ends_with(".csv") || name.ends_with(".csv.gz"));
  });
  return select_entry(found, year, where, "GLORIA " + kind + "-Results (Markup001) file");
}

}  // namespace

void read_gloria(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  auto files = std::make_unique<InputFiles>(path);
  std::optional<std::string> readme_path;  // a ReadMe beside the MRIO zip
  const auto is_readme = [](std::string_view name) {
    return name.starts_with("GLORIA_ReadMe") && is_xlsx_name(std::string(name));
  };
  const auto readmes = files->find(is_readme);
  if (files->is_folder()) {
    const auto zips = files->find([](std::string_view name) {
      return name.starts_with("GLORIA_MRIOs") && name.ends_with(".zip");
    });
    const auto csvs = files->find([](std::string_view name) { return contains(name, "-Results_"); });
    if (csvs.empty() && !zips.empty()) {
      if (!readmes.empty()) {
        readme_path = files->display_name(select_entry(readmes, 0, path, "GLORIA ReadMe"));
      }
      files = std::make_unique<InputFiles>(
          files->display_name(select_entry(zips, options.year, path, "GLORIA_MRIOs zip")));
    }
  }
  std::unique_ptr<XlsxWorkbook> readme;
  const auto inside = files->find(is_readme);
  if (!inside.empty()) {
    readme = std::make_unique<XlsxWorkbook>(
        open_workbook(*files, select_entry(inside, 0, files->path(), "GLORIA ReadMe")));
  } else {
    if (!readme_path && files->is_archive()) {
      // The ReadMe is published beside the zips.
      const auto parent = std::filesystem::path(files->path()).parent_path().string();
      const InputFiles beside(parent.empty() ? "." : parent);
      const auto near = beside.find(is_readme);
      if (!near.empty()) readme_path = beside.display_name(select_entry(near, 0, parent, "GLORIA ReadMe"));
    }
    if (!readme_path) {
      throw InputError(input_location(files->path(), "",
                                      "no GLORIA_ReadMe_NNN.xlsx (its sheets name the regions, "
                                      "sectors and categories of the headerless CSVs)"));
    }
    readme = std::make_unique<XlsxWorkbook>(*readme_path);
  }
  GloriaLabels labels = read_readme(*readme);
  const std::string t = results_entry(*files, "T", options.year, files->path());
  const std::string y = results_entry(*files, "Y", options.year, files->path());
  const std::string v = results_entry(*files, "V", options.year, files->path());
  GloriaParser(*files, t, y, v, std::move(labels), options).run(sink);
}

}  // namespace leontief::io
