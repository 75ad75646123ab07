#pragma once
/// @file tiva_columns.hpp
/// @brief Indicator tables built from summable amounts. Every measure of the `tiva` and
/// `position` methods is a function of amounts (value added, exports, gross output induced,
/// ...) that add up over sectors. The sector row evaluates the function on the sector's
/// amounts and the economy row on their sums over the economy's sectors, so shares, lengths
/// and indices of an economy are weighted averages of its sectors by construction, never
/// averages of ratios.

#include <functional>
#include <string>
#include <vector>

#include "decomposition/term_table.hpp"

namespace leontief::decomposition {

/// Summable amounts of one row (sector, economy or pair of economies), indexed by a
/// method's own enumeration.
using Amounts = std::vector<double>;

/// One output column: its name and how it follows from the amounts.
struct MeasureColumn {
  std::string name;
  std::function<double(const Amounts&)> value;
};

/// @brief A column that reports amount `index` as is.
inline MeasureColumn amount_column(std::string name, std::size_t index) {
  return {std::move(name), [index](const Amounts& a) { return a[index]; }};
}

/// @brief The column names, in order.
inline std::vector<std::string> measure_names(const std::vector<MeasureColumn>& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.name);
  return names;
}

/// @brief Appends one row: every column evaluated on `amounts`.
inline void add_measure_row(TermTable& table, const std::vector<MeasureColumn>& columns,
                            const std::vector<long>& keys, const Amounts& amounts) {
  std::vector<double> values;
  values.reserve(columns.size());
  for (const auto& c : columns) values.push_back(c.value(amounts));
  table.add_row(keys, values);
}

/// @brief An empty table whose measures are the columns' names.
inline TermTable make_measure_table(std::string name, std::string description,
                                    std::vector<KeyColumn> keys,
                                    const std::vector<MeasureColumn>& columns) {
  TermTable t;
  t.name = std::move(name);
  t.description = std::move(description);
  t.keys = std::move(keys);
  t.measures = measure_names(columns);
  return t;
}

/// @brief Adds `b` to `a` elementwise (amounts of sectors into the economy's amounts).
inline void accumulate(Amounts& a, const Amounts& b) {
  for (std::size_t k = 0; k < a.size(); ++k) a[k] += b[k];
}

}  // namespace leontief::decomposition
