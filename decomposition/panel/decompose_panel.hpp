#pragma once
/// @file decompose_panel.hpp
/// @brief `leontief decompose --tables`: any set of decomposition methods over every year of
/// a panel of tables, in one job. Years run on groups of ranks and resume after a stop
/// (year_panel.hpp); each finished year is a part file in the layout of term_table_panel.hpp;
/// rank 0 then stacks the years' rows, table by table and year by year (one year's table in
/// memory at a time), into one HDF5 result and one tidy CSV per table, each with the year
/// as its first key column.

#include <mpi.h>

#include <map>
#include <string>
#include <vector>

#include "decomposition/methods.hpp"
#include "decomposition/panel/term_table_panel.hpp"
#include "decomposition/panel/year_panel.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::decomposition {

struct DecomposePanelSettings {
  std::string tables;  ///< the panel: a directory or a comma-separated list of tables
  std::string output;  ///< the HDF5 result
  std::string csv;     ///< directory of the tidy CSV files (<table>.csv); empty: none
  std::vector<const Method*> methods;
  MethodOptions method_options;  ///< the methods' options, the solver's among them
  bool resume = true;              ///< reuse finished years (parts or an earlier result)
  long long ranks_per_group = 1;   ///< ranks that solve one year together; 0: all
};

class DecomposePanel {
 public:
  /// @brief Reads the panel of tables and splits the ranks into year groups.
  /// @note Collective on `comm`.
  DecomposePanel(MPI_Comm comm, DecomposePanelSettings settings);

  const io::TablePanel& tables() const { return panel_.tables(); }
  const io::RankGroups& groups() const { return panel_.groups(); }
  /// The methods, in registry order, comma-separated (stored in every year's record).
  const std::string& method_list() const { return method_list_; }

  /// @brief Computes every year not yet finished, groups of ranks in parallel; each year's
  /// tables go to its part file `<output>.parts/year_<year>.h5`.
  /// @throws Error naming the year if a year fails (finished years stay in the parts).
  /// @note Collective.
  void compute();

  /// @brief Rank 0 stacks every year into the result (root attributes `metadata`, the labels,
  /// one group per table, /years/<year> records) and the CSV files, commits them together
  /// and removes the parts.
  /// @note Collective (the other ranks wait for rank 0).
  void write(const std::map<std::string, std::string>& metadata);

 private:
  /// Rank 0: a reusable record of `year` in its part file or (unless parts_only) the output.
  bool find_finished(const io::PanelTable& year, bool parts_only);
  std::string compute_year(MPI_Comm group, const io::PanelTable& year, io::ResultFile& part) const;

  MPI_Comm comm_;
  DecomposePanelSettings settings_;
  std::string method_list_;
  YearPanel panel_;
  std::map<int, PanelYearRecord> finished_;  ///< rank 0
};

}  // namespace leontief::decomposition
