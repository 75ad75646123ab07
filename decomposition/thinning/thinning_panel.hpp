#pragma once
/// @file thinning_panel.hpp
/// @brief The result of `leontief thinning`, assembled on rank 0 from the finished years'
/// records alone: the panel measures by year, the structural decomposition between two
/// years, the trend of each economy, and their HDF5 groups and tidy CSV files.
/// Formulas: docs/methods/thinning.md; layout: docs/output-schema.md.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decomposition/thinning/thinning.hpp"
#include "decomposition/thinning/thinning_records.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/store/table_labels.hpp"

namespace leontief::decomposition {

/// The assembled panel: rows of each output table with their integer keys.
struct ThinningPanel {
  std::vector<int> years;
  io::TableLabels labels;
  int sda_from = 0, sda_to = 0;
  std::vector<double> panel_values, sda_values, trend_values;  ///< row-major
  std::vector<long> panel_keys;  ///< year, region, sector (−1: TOTAL) per row
  std::vector<long> sda_keys;    ///< region, sector per row
  std::vector<DvaShareTrend> trends;  ///< one per economy
  double sda_gap = 0.0;  ///< largest |Σ parts − change| of the decomposition (a check)
};

/// @brief Rank 0 alone: assembles the panel from one record per year (every year of
/// `years`, each with the SDA inputs for `from` and `to`).
ThinningPanel assemble_thinning_panel(const std::vector<int>& years,
                                      const std::map<int, YearRecord>& records,
                                      const io::TableLabels& labels, int from, int to,
                                      double flat_band);

/// @brief Rank 0 alone: writes the groups thinning_panel, thinning_sda, thinning_trend and
/// every year's record into `result` (metadata already written), and the tidy CSV files
/// thinning_panel.csv, thinning_sda.csv, thinning_trend.csv into `csv_directory` (if not
/// empty). Returns the CSV writers, still under temporary names, for the caller to commit
/// with the HDF5 file.
std::vector<std::unique_ptr<io::TidyCsvWriter>> write_thinning_panel(
    const ThinningPanel& panel, const std::map<int, YearRecord>& records, double flat_band,
    io::ResultFile& result, const std::string& csv_directory);

/// Economy counts of each trend class: thinning, flat, thickening.
struct TrendCounts {
  int thinning = 0, flat = 0, thickening = 0;
};
TrendCounts count_trends(const std::vector<DvaShareTrend>& trends);

/// @brief The `count` economies with the largest fitted decline of EXGR_DVASH (the default
/// economies of the plot).
std::vector<std::string> steepest_decline(const ThinningPanel& panel, std::size_t count);

}  // namespace leontief::decomposition
