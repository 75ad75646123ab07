#include "decomposition/position/inventory_upstreamness.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::decomposition {

namespace {

std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool names_inventories(const std::string& label) {
  static const std::vector<std::string> codes = {"inven", "invnt", "inv", "p52", "p5m", "f5"};
  const std::string l = lower(label);
  return std::find(codes.begin(), codes.end(), l) != codes.end() ||
         l.find("inventor") != std::string::npos;
}

std::string category_list(const io::TableLabels& labels) {
  std::string out;
  for (const auto& c : labels.final_demand_categories) out += (out.empty() ? "" : ", ") + c;
  return out;
}

}  // namespace

Upstreamness parse_upstreamness(const std::string& text) {
  if (text == "plain") return Upstreamness::plain;
  if (text == "inventory_corrected") return Upstreamness::inventory_corrected;
  throw InputError(
      "position.upstreamness: expected plain or inventory_corrected; got '" + text + "'", true);
}

std::vector<std::size_t> inventory_categories(const io::TableLabels& labels,
                                              const std::string& spec,
                                              const std::string& table_path) {
  const auto& categories = labels.final_demand_categories;
  std::vector<std::size_t> out;
  if (spec == "auto") {
    for (std::size_t f = 0; f < categories.size(); ++f) {
      if (names_inventories(categories[f])) out.push_back(f);
    }
    if (out.empty()) {
      throw InputError(table_path +
                           ": position.upstreamness = inventory_corrected: no final-demand "
                           "category names changes in inventories (categories: " +
                           category_list(labels) +
                           "); name them with --position.inventory_categories",
                       true);
    }
    return out;
  }
  std::stringstream in(spec);
  std::string name;
  while (std::getline(in, name, ',')) {
    const auto it = std::find(categories.begin(), categories.end(), name);
    if (it == categories.end()) {
      throw InputError(table_path + ": position.inventory_categories: '" + name +
                           "' is not a final-demand category of the table (categories: " +
                           category_list(labels) + ")",
                       true);
    }
    const auto f = static_cast<std::size_t>(it - categories.begin());
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  if (out.empty()) {
    throw InputError("position.inventory_categories: no category given", true);
  }
  return out;
}

std::vector<double> inventory_corrected_upstreamness(const GvcContext& c,
                                                     const PositionOptions& options) {
  const auto& table = c.table();
  const auto& labels = table.labels();
  const auto& part = table.partition();
  const std::vector<std::size_t> inventory =
      inventory_categories(labels, options.inventory_categories, table.path());
  const std::size_t F = labels.category_count(), fd = labels.final_demand_columns();

  // N_i: output of row i added to inventories in every destination economy.
  DenseMatrix local(part.local_rows(), 1);
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    for (std::size_t k = 0; k < fd; ++k) {
      if (std::find(inventory.begin(), inventory.end(), k % F) != inventory.end()) {
        local(r, 0) += table.final_demand()[r * fd + k];
      }
    }
  }
  const DenseMatrix added = c.gather_rows(local);

  const auto& x = c.gross_output();
  const std::size_t n = c.n();
  std::vector<double> w(n);
  std::vector<bool> defined(n);
  std::size_t undefined_with_output = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double net = x[i] - added(i, 0);
    defined[i] = x[i] > 0.0 && net > 0.0;
    if (x[i] > 0.0 && !defined[i]) ++undefined_with_output;
    w[i] = defined[i] ? net : x[i];  // keep the plain shares where the correction fails
  }
  if (undefined_with_output > 0) {
    log::warn(table.path() + ": " + std::to_string(undefined_with_output) +
              " sectors add at least their output to inventories; their inventory-corrected "
              "upstreamness is NA");
  }

  // Ã = A with column j scaled by x_j / w_j; A has no column for a zero-output sector.
  const solver::CoefficientMarkup markup = [&x, &w](std::size_t, std::size_t j) {
    return x[j] > 0.0 ? x[j] / w[j] : 1.0;
  };
  std::unique_ptr<solver::LeontiefOperator> corrected;
  try {
    corrected = std::make_unique<solver::LeontiefOperator>(table, options.solver, markup);
  } catch (const InputError& e) {
    throw InputError(std::string(e.what()) +
                         " (position.upstreamness = inventory_corrected: the coefficients "
                         "Z_ij / (x_j - N_j) of sectors that add much of their output to "
                         "inventories)",
                     e.collective());
  }
  const DenseMatrix bw = c.solve_with(*corrected, [&] {
    DenseMatrix m(n, 1);
    m.data() = w;
    return m;
  }());
  std::vector<double> u(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < n; ++i) {
    if (defined[i]) u[i] = bw(i, 0) / w[i];
  }
  return u;
}

}  // namespace leontief::decomposition
