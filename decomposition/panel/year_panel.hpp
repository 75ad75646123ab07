#pragma once
/// @file year_panel.hpp
/// @brief Runs a computation for every year of a panel of tables, several years at once on
/// groups of ranks, and resumes where a stopped run left off.
///
/// The ranks are split into groups (io::RankGroups); each group reads, factors and computes
/// its years with the distributed solver on its own communicator, and writes each finished
/// year to a part file `<parts>/year_<year>.h5` under a temporary name, renamed when
/// complete. Before computing, rank 0 asks the caller which years are already finished (in
/// the part files or an earlier result), so a rerun computes only the rest. The caller
/// assembles the panel's result from the finished years and then removes the parts.
///
/// Test hook: the environment variable named in the settings (e.g.
/// LEONTIEF_THINNING_TEST_ABORT) = "after:K" aborts the run (MPI_Abort) when a group has
/// finished K years; = "writing:YEAR" aborts while the part file of YEAR is written, before
/// it is renamed into place (tests/cli/thinning_resume.sh).

#include <mpi.h>

#include <functional>
#include <string>

#include "io/results/result_file.hpp"
#include "io/runtime/rank_groups.hpp"
#include "io/store/table_panel.hpp"

namespace leontief::decomposition {

struct YearPanelSettings {
  std::string command;              ///< names the run in log lines and errors ("thinning")
  std::string parts;                ///< directory of the part files (`<output>.parts`)
  bool resume = true;               ///< false: remove the parts and recompute every year
  long long ranks_per_group = 1;    ///< ranks that solve one year together; 0: all ranks
  std::string test_abort_variable;  ///< the test hook's environment variable (empty: none)
};

class YearPanel {
 public:
  /// Rank 0 alone: true if `year` is finished (its record is in a part file or an earlier
  /// result and belongs to the same table); the caller keeps what it found.
  using IsFinished = std::function<bool(const io::PanelTable& year)>;
  /// Collective on `group`: computes `year` and writes its record into `part` (open under
  /// a temporary name; the panel closes and commits it). Returns a short description of
  /// how it was solved, for the log line of the year.
  using ComputeYear =
      std::function<std::string(MPI_Comm group, const io::PanelTable& year, io::ResultFile& part)>;

  /// @brief Reads the panel (io::read_table_panel).
  /// @note Collective on `comm`.
  YearPanel(MPI_Comm comm, const std::string& tables, YearPanelSettings settings);

  const io::TablePanel& tables() const { return panel_; }
  /// The groups of ranks the years are dealt to.
  const io::RankGroups& groups() const { return groups_; }
  /// The part file of `year`.
  std::string part_path(int year) const;

  /// @brief Computes every year that is not finished, groups in parallel. A year that fails
  /// stops the run on every rank with one error naming the year (finished years stay in the
  /// parts for the next run).
  /// @note Collective on the panel's communicator.
  void run(const IsFinished& finished, const ComputeYear& compute) const;

  /// Rank 0, once the result that holds every year is committed: removes the parts.
  void remove_parts() const;

 private:
  MPI_Comm comm_;
  YearPanelSettings settings_;
  io::TablePanel panel_;
  io::RankGroups groups_;
};

}  // namespace leontief::decomposition
