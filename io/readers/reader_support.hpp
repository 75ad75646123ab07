#pragma once
/// @file reader_support.hpp
/// @brief Pieces shared by the readers of published MRIO layouts: options, label grids
/// (region x sector, region x final-demand category) and the tolerance of total checks.

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace leontief::io {

class InputFiles;
class LineReader;
class XlsxWorkbook;
namespace csv {
class DelimitedReader;
}

/// Whether an entry name is a CSV (.csv, .csv.gz) or a workbook (.xlsx), any case.
bool is_csv_or_xlsx_name(std::string_view name);

/// @brief Opens a table entry for line reading: a CSV as it is, a workbook (.xlsx) as the
/// CSV lines of its first sheet (io/text/xlsx_workbook.hpp).
LineReader open_table_entry(const InputFiles& files, const std::string& entry);

/// @brief Opens a workbook entry (read in place, or from memory inside an archive).
XlsxWorkbook open_workbook(const InputFiles& files, const std::string& entry);

/// @brief The one-line error for a file in a layout the reader does not know:
/// "<file>: line L[, column C]: not the <layout> layout (<expected>): <problem>; the line
/// holds '<text>'". `line` and `text` name the first line that differs from the layout.
[[noreturn]] void fail_layout(const csv::DelimitedReader& reader, std::size_t line,
                              std::size_t column, std::string_view text, const std::string& layout,
                              const std::string& expected, const std::string& problem);

/// The same, for the reader's current line.
[[noreturn]] void fail_layout(const csv::DelimitedReader& reader, std::size_t column,
                              const std::string& layout, const std::string& expected,
                              const std::string& problem);

/// Options every reader accepts.
struct ReaderOptions {
  int year = 0;  ///< picks the year's file in a folder or archive holding several (0: any)
  /// `import --balance`: x and VA are re-derived from the flows, so a published total that
  /// disagrees with them is a warning (naming the worst row), not an error.
  bool balance = false;
  /// Releases that publish coefficients A without flows or gross output (EXIOBASE 3.4):
  /// `import` solves x = (I − A)⁻¹ Y·1 (app/, with the solver) and reads again with
  /// `gross_output` set, so Z = A x̂. `coefficients` asks for A itself (Z := A, x := 1), the
  /// input of that solve.
  const std::vector<double>* gross_output = nullptr;
  bool coefficients = false;
  /// Supply-use inputs (GLORIA): build product-by-product instead of industry-by-industry.
  bool product_by_product = false;
};

/// Relative tolerance of checks of published totals (row sums against gross output,
/// column sums plus value added against the output row): |a - b| <= tol * max(|a|, |b|, 1).
/// Loose enough for values printed with few decimals, tight enough to catch a misread
/// layout (a shifted column or a missing row changes totals by whole percent).
inline constexpr double kTotalsTolerance = 1e-3;

/// @brief Whether a published total agrees with the sum it should equal:
/// |published - computed| <= kTotalsTolerance * max(|published|, |computed|, 1) + rounding.
/// `rounding` allows for a table printed rounded (0.5 per summed cell when every cell is
/// an integer: WIOD 2013); both values must be finite.
bool totals_agree(double published, double computed, double rounding = 0.0);

/// @brief Published totals that disagree with the flows. Without `--balance` the first one
/// is an error; with it, reading goes on (x and VA are re-derived) and report() logs one
/// warning naming the worst disagreement and how many there were.
class TotalsCheck {
 public:
  explicit TotalsCheck(bool tolerate) : tolerate_(tolerate) {}
  /// @brief Records that `published` disagrees with `computed`; `where_and_what` is the
  /// complete message ("<file>: line L, column C: gross output ... disagrees with ...").
  /// @throws InputError(where_and_what) unless disagreements are tolerated.
  void disagree(double published, double computed, const std::string& where_and_what);
  /// Logs the warning (rank-0 logger) if anything disagreed; `what` names the input.
  void report(const std::string& what) const;
  std::size_t count() const { return count_; }
  /// The message of the largest relative disagreement recorded.
  const std::string& worst() const { return worst_message_; }

 private:
  bool tolerate_;
  std::size_t count_ = 0;
  double worst_ = -1.0;
  std::string worst_message_;
};

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
