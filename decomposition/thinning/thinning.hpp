#pragma once
/// @file thinning.hpp
/// @brief Domestic content thinning (`leontief thinning`): the panel measures of one year,
/// picked from the `tiva` and `position` tables (never recomputed here), and the trend rule
/// that classifies an economy's domestic value-added share of exports over the years.
/// Formulas, rule and sources: docs/methods/thinning.md.

#include <string>
#include <vector>

#include "decomposition/gvc_context.hpp"
#include "decomposition/term_table.hpp"

namespace leontief::decomposition {

/// One panel measure: its name (as in the method's output) and the table it comes from.
struct ThinningMeasure {
  const char* name;     ///< e.g. "EXGR_DVASH"
  const char* method;   ///< "tiva" or "position"
  const char* meaning;  ///< one line for docs and HDF5 attributes
};

/// The panel measures, in output order: EXGR_DVASH (percent), VS_SHARE, LTV_DVA_SHARE,
/// GVCPT_F, GVCPT_B (fractions).
const std::vector<ThinningMeasure>& thinning_measures();

/// The panel measures of one year: `thinning_economy` (one row per owned economy) and
/// `thinning_sector` (economy x sector), columns in thinning_measures() order.
struct ThinningTables {
  TermTable economy, sector;
};

/// @brief Runs the `tiva` and `position` methods on the context and keeps the panel columns.
/// @note Collective on the table's communicator.
ThinningTables thinning_tables(const GvcContext& context);

/// The trend of an economy's DVA share of exports over the panel (docs/methods/thinning.md).
struct DvaShareTrend {
  int years = 0;                      ///< years with a finite share
  int first_year = 0, last_year = 0;  ///< the first and last of those years
  double first = 0.0, last = 0.0;     ///< share in the first and last of those years
  double slope = 0.0;                 ///< least-squares slope, percentage points per year
  double fitted_change = 0.0;         ///< slope x (last year − first year)
  int code = 0;                       ///< −1 thinning, 0 flat, +1 thickening (0 with < 2 years)
};

/// @brief Fits the least-squares line through (year, share) pairs (NaN shares skipped) and
/// classifies: thinning if the fitted change over the period is below −band, thickening if
/// above +band, flat otherwise.
DvaShareTrend dva_share_trend(const std::vector<int>& years, const std::vector<double>& shares,
                              double band);

/// "thinning", "flat", "thickening" (or "NA" with fewer than two years).
std::string trend_name(const DvaShareTrend& trend);

}  // namespace leontief::decomposition
