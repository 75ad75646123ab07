#pragma once
/// @file ario_output.hpp
/// @brief Writes the scenarios of `leontief dynamic`: per scenario the losses by
/// economy-sector and by economy, the days to recovery and the daily series, into the HDF5
/// result (group /scenarios/NAME) and tidy CSV files; at the end the world totals of every
/// scenario (/summary). Layout: docs/output-schema.md.

#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "decomposition/dynamic/ario_model.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"
#include "solver/economy_partition.hpp"

namespace leontief::decomposition {

class ArioScenarioOutput {
 public:
  /// @param csv_dir directory of the tidy CSV files ("" for none; created by the caller).
  /// @note Collective on `comm`.
  ArioScenarioOutput(MPI_Comm comm, io::ResultFile& result, const std::string& csv_dir,
                     const io::TableLabels& labels, const solver::EconomyPartition& partition,
                     SeriesLevel series);

  /// @brief Writes one scenario's results (this rank's rows of `run`).
  /// @note Collective.
  void write(const std::string& name, const std::string& description,
             const std::vector<ArioEvent>& events, const ArioRun& run);

  /// @brief Writes /summary and /scenario_names (world totals of every scenario written).
  /// @note Collective.
  void finish();

  /// The CSV files written, to commit with the result file.
  std::vector<io::TidyCsvWriter*> csv_files();

  /// Names and world losses of the scenarios written so far (for the log and the plot).
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<std::vector<double>>& world_losses() const { return world_; }

 private:
  MPI_Comm comm_;
  io::ResultFile& result_;
  const io::TableLabels& labels_;
  const solver::EconomyPartition& partition_;
  SeriesLevel series_;
  std::unique_ptr<io::TidyCsvWriter> summary_, economy_, sector_, series_economy_, series_sector_;
  std::vector<std::string> names_;
  std::vector<std::vector<double>> world_;
};

/// Output of some economies over a scenario relative to their output before the events.
struct EconomyPaths {
  std::vector<std::string> regions;
  std::vector<std::size_t> days;
  std::vector<double> ratio;  ///< regions × days: x(t) / x₀ of the economy
};

/// @brief The economies a plot of a scenario shows, on rank 0: `chosen` (labels of the table),
/// or else the economies hit by `events` (at most 4) followed by the economies with the
/// largest output loss relative to their output (8 in all). `run` must hold economy series.
/// @note Collective on `comm`.
EconomyPaths economy_paths(MPI_Comm comm, const io::TableLabels& labels,
                           const std::vector<ArioEvent>& events, const ArioRun& run,
                           const std::vector<std::string>& chosen);

/// The measure names as a list (column labels of the loss datasets).
std::vector<std::string> ario_measure_names();

/// Appends `values` (count numbers) to a CSV line, comma-separated ("NA" for NaN).
void append_values(std::string& line, const double* values, std::size_t count);

}  // namespace leontief::decomposition
