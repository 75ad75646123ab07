#include "io/readers/cp2015_reader.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

#include "io/runtime/error.hpp"
#include "io/text/line_reader.hpp"

namespace leontief::io {

const std::vector<std::string>& cp2015_regions() {
  // Order of the replication package (see the header); ISO 3166 alpha-3 codes.
  static const std::vector<std::string> regions = {
      "ARG", "AUS", "AUT", "BRA", "CAN", "CHL", "CHN", "DNK", "FIN", "FRA", "DEU",
      "GRC", "HUN", "IND", "IDN", "IRL", "ITA", "JPN", "KOR", "MEX", "NLD", "NZL",
      "NOR", "PRT", "ZAF", "ESP", "SWE", "TUR", "GBR", "USA", "ROW"};
  return regions;
}

const std::vector<std::string>& cp2015_sectors() {
  static const std::vector<std::string> sectors = {
      // tradable
      "Agriculture", "Mining", "Food", "Textile", "Wood", "Paper", "Petroleum", "Chemicals",
      "Plastic", "Minerals", "Basic metals", "Metal products", "Machinery n.e.c", "Office",
      "Electrical", "Communication", "Medical", "Auto", "Other Transport", "Other",
      // non-tradable
      "Electricity", "Construction", "Retail", "Hotels", "Land Transport", "Water Transport",
      "Air Transport", "Aux Transport", "Post", "Finance", "Real State", "Renting Mach", "Computer",
      "R&D", "Other Business", "Public", "Education", "Health", "Other services", "Private"};
  return sectors;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string place(std::size_t line, std::size_t column) {
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string excerpt(std::string_view text) {
  if (text.size() > 24) return "'" + std::string(text.substr(0, 21)) + "...'";
  return "'" + std::string(text) + "'";
}

}  // namespace

std::vector<double> read_number_matrix(const std::string& path, std::size_t rows,
                                       std::size_t cols) {
  LineReader reader(path);
  std::vector<double> values;
  values.reserve(rows * cols);
  std::size_t row = 0;
  std::string_view line;
  while (reader.next(line)) {
    std::size_t column = 0, pos = 0;
    while (true) {
      while (pos < line.size() && is_space(line[pos])) ++pos;
      if (pos >= line.size()) break;
      std::size_t end = pos;
      while (end < line.size() && !is_space(line[end])) ++end;
      const std::string_view cell = line.substr(pos, end - pos);
      ++column;
      double value = 0;
      const char* first = cell.data();
      if (!cell.empty() && cell.front() == '+') ++first;
      const auto result = std::from_chars(first, cell.data() + cell.size(), value);
      if (result.ec != std::errc() || result.ptr != cell.data() + cell.size()) {
        throw InputError(input_location(path, place(reader.line_number(), column),
                                        "not a number: " + excerpt(cell)));
      }
      if (!std::isfinite(value)) {
        throw InputError(input_location(path, place(reader.line_number(), column),
                                        "not a finite number: " + excerpt(cell)));
      }
      if (column > cols) {
        throw InputError(
            input_location(path, place(reader.line_number(), column),
                           "more than " + std::to_string(cols) + " numbers on the line"));
      }
      if (row < rows) values.push_back(value);
      pos = end;
    }
    if (column == 0) continue;  // blank line
    ++row;
    if (column != cols) {
      throw InputError(
          input_location(path, "line " + std::to_string(reader.line_number()),
                         std::to_string(column) + " numbers, expected " + std::to_string(cols)));
    }
    if (row > rows) {
      throw InputError(input_location(path, "line " + std::to_string(reader.line_number()),
                                      "more than the expected " + std::to_string(rows) + " rows"));
    }
  }
  if (row != rows) {
    throw InputError(
        input_location(path, "line " + std::to_string(reader.line_number()) + " (end of file)",
                       std::to_string(row) + " rows, expected " + std::to_string(rows)));
  }
  return values;
}

namespace {

/// Row and column (1-based, as in the file) of entry `k` of a rows x cols matrix.
std::string matrix_place(std::size_t k, std::size_t cols) {
  return place(k / cols + 1, k % cols + 1);
}

void require(bool ok, const std::string& path, std::size_t k, std::size_t cols,
             const std::string& message) {
  if (!ok) throw InputError(input_location(path, matrix_place(k, cols), message));
}

}  // namespace

Cp2015Data read_cp2015(const Cp2015Files& files) {
  Cp2015Data d;
  d.regions = cp2015_regions().size();
  d.sectors = cp2015_sectors().size();
  d.tradable_sectors = cp2015_tradable_sectors;
  const std::size_t N = d.regions, J = d.sectors, Jt = d.tradable_sectors;

  d.trade = read_number_matrix(files.trade, Jt * N, N);
  d.base_tariffs = read_number_matrix(files.base_tariffs, Jt * N, N);
  d.counterfactual_tariffs = read_number_matrix(files.counterfactual_tariffs, Jt * N, N);
  d.io_shares = read_number_matrix(files.io_shares, N * J, J);
  d.value_added_shares = read_number_matrix(files.value_added_shares, J, N);
  d.gross_output = read_number_matrix(files.gross_output, J, N);
  d.elasticities = read_number_matrix(files.elasticities, Jt, 1);

  for (std::size_t k = 0; k < d.trade.size(); ++k) {
    require(d.trade[k] >= 0, files.trade, k, N, "negative trade flow");
  }
  for (const auto* tariffs : {&d.base_tariffs, &d.counterfactual_tariffs}) {
    const std::string& path =
        tariffs == &d.base_tariffs ? files.base_tariffs : files.counterfactual_tariffs;
    for (std::size_t k = 0; k < tariffs->size(); ++k) {
      require((*tariffs)[k] >= 0, path, k, N, "negative tariff (expected percent >= 0)");
      const std::size_t row = k / N, importer = row % N, exporter = k % N;
      require(importer != exporter || (*tariffs)[k] == 0, path, k, N,
              "nonzero tariff on an economy's own goods (diagonal of a sector block)");
    }
  }
  for (std::size_t k = 0; k < d.value_added_shares.size(); ++k) {
    const double b = d.value_added_shares[k];
    require(b >= 0 && b <= 1, files.value_added_shares, k, N, "value-added share outside [0, 1]");
  }
  for (std::size_t k = 0; k < d.gross_output.size(); ++k) {
    require(d.gross_output[k] >= 0, files.gross_output, k, N, "negative gross output");
  }
  for (std::size_t k = 0; k < d.elasticities.size(); ++k) {
    require(d.elasticities[k] > 0, files.elasticities, k, 1, "trade elasticity must be > 0");
  }
  // Input shares: each column of a country block is a distribution over inputs (a few
  // entries of the published file are slightly negative; they are used as they are).
  for (std::size_t n = 0; n < N; ++n) {
    for (std::size_t j = 0; j < J; ++j) {
      double sum = 0;
      for (std::size_t k = 0; k < J; ++k) sum += d.io_shares[(n * J + k) * J + j];
      if (sum != 0 && std::abs(sum - 1) > 1e-4) {
        throw InputError(input_location(
            files.io_shares,
            "lines " + std::to_string(n * J + 1) + "-" + std::to_string(n * J + J) + ", column " +
                std::to_string(j + 1),
            "input shares of economy " + cp2015_regions()[n] + ", sector " + cp2015_sectors()[j] +
                " sum to " + std::to_string(sum) + ", expected 1 (or 0)"));
      }
    }
  }
  return d;
}

}  // namespace leontief::io
