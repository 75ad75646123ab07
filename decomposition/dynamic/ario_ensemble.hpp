#pragma once
/// @file ario_ensemble.hpp
/// @brief Random ensembles of the ARIO model: K draws per ensemble, run on groups of ranks
/// (io::RankGroups), one draw per group at a time, each group with the whole model on its
/// own communicator. A finished draw is written by its group's leader to a part file
/// `<parts>/<ensemble>/draw_<k>.txt` (under a temporary name, renamed when complete), so a
/// stopped run resumes with the draws that are missing (ario_draw_parts.hpp); rank 0 then
/// gathers every draw; ario_ensemble_output.hpp writes them with their quantiles.
///
/// Test hook: LEONTIEF_DYNAMIC_TEST_ABORT = "after:K" aborts the run (MPI_Abort) when a
/// group has finished K draws (tests/cli/dynamic_wiod.sh checks the resume).

#include <mpi.h>

#include <cstddef>
#include <string>
#include <vector>

#include "decomposition/dynamic/ario_parameters.hpp"
#include "io/config/dynamic_scenario.hpp"
#include "io/config/parameters.hpp"

namespace leontief::decomposition {

struct EnsembleSettings {
  std::string parts;              ///< directory of the part files (`<output>.parts`)
  bool resume = true;             ///< false: remove the parts and compute every draw
  long long ranks_per_group = 1;  ///< ranks that run one draw together; 0: all ranks
  std::string fingerprint;        ///< the run's inputs: parts of another run are not reused
};

/// Every draw of one ensemble (on rank 0; empty elsewhere).
struct EnsembleResult {
  const io::DynamicScenarioSpec* spec = nullptr;
  std::size_t draws = 0;
  std::vector<double> economy;      ///< draws × G × kArioMeasureCount
  std::vector<double> world;        ///< draws × kArioMeasureCount
  std::vector<std::string> events;  ///< draws: the events drawn, one line
  std::vector<std::size_t> recorded_days;
  std::vector<double> production;   ///< draws × G × recorded days (ensemble_series economy)
};

/// @brief A fingerprint of what the draws depend on: the table (path and size), the scenario
/// file's text and the model's options.
std::string ensemble_fingerprint(const io::ParameterSet& options, const std::string& table_path,
                                 const std::string& scenario_text);

/// @brief Runs every draw of `ensembles` that is not finished, groups in parallel, and
/// returns every draw on rank 0. Rank 0 checks first that every draw's events can be made.
/// @note Collective on `comm`.
std::vector<EnsembleResult> run_ensembles(MPI_Comm comm, const std::string& table_path,
                                          const std::vector<const io::DynamicScenarioSpec*>& ensembles,
                                          const ArioParameters& parameters,
                                          const EnsembleSettings& settings);

/// Rank 0, once the result is committed: removes the part files.
void remove_ensemble_parts(const EnsembleSettings& settings);

}  // namespace leontief::decomposition
