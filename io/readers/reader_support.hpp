#pragma once
/// @file reader_support.hpp
/// @brief Pieces shared by the readers of published MRIO layouts: options, label grids
/// (region x sector, region x final-demand category) and the tolerance of total checks.

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace leontief::io {

/// Options every reader accepts.
struct ReaderOptions {
  int year = 0;  ///< picks the year's file in a folder or archive holding several (0: any)
};

/// Relative tolerance of checks of published totals (row sums against gross output,
/// column sums plus value added against the output row): |a - b| <= tol * max(|a|, |b|, 1).
/// Loose enough for values printed with few decimals, tight enough to catch a misread
/// layout (a shifted column or a missing row changes totals by whole percent).
inline constexpr double kTotalsTolerance = 1e-3;

/// Whether a published total agrees with the sum it should equal.
bool totals_agree(double published, double computed);

/// Checks a cell of a table's gross-output row against the row's gross output `x` and the
/// column's intermediate inputs plus value added; returns the problem, if any.
std::optional<std::string> output_row_problem(double published, double x, double inputs,
                                              const std::string& row_label);

/// "a, b, c": the codes of a set, for error messages.
std::string join(const std::set<std::string>& items);

/// A column or row of a table, described by its region and its sector or category.
struct LabelPair {
  std::string region;
  std::string item;
};

/// Where and why a set of labels does not form the expected grid.
struct GridProblem {
  std::size_t cell;  ///< index of the offending label (== size when at the end)
  std::string message;
};

/// @brief Orders `cells` (intermediate columns) on a full region x sector grid: regions in
/// order of first appearance, sectors in the order of the first region. Fills `position`
/// (cell -> region * N + sector).
/// @return the problem when a label repeats, a region lacks or adds a sector, or a region
/// code is empty or contains '_' (labels REGION_SECTOR split at the first underscore).
std::optional<GridProblem> build_sector_grid(const std::vector<LabelPair>& cells,
                                             std::vector<std::string>& regions,
                                             std::vector<std::string>& sectors,
                                             std::vector<std::size_t>& position);

/// @brief Orders final-demand `cells` on the grid `regions` x categories (categories in the
/// order of their first appearance). Regions for which `may_lack` is true may have no
/// final-demand columns (their columns of Y are zero); every other region must list every
/// category once. Fills `position` (cell -> region * F + category).
std::optional<GridProblem> build_category_grid(
    const std::vector<LabelPair>& cells, const std::vector<std::string>& regions,
    std::vector<std::string>& categories, std::vector<std::size_t>& position,
    const std::function<bool(const std::string&)>& may_lack);

/// Splits "REGION_ITEM" at the first underscore; nullopt without one or with an empty part.
std::optional<LabelPair> split_label(const std::string& label);

/// Production-unit splits of the OECD ICIO extended tables: CN1, CN2, ... and MX1, MX2, ...
/// (two letters and digits). Returns the economy they belong to ("CHN", "MEX"), or "".
std::string split_parent(const std::string& region);

}  // namespace leontief::io
