#pragma once
/// @file shock_common.hpp
/// @brief What the linear shock models of `leontief shock` share: the batch of right-hand
/// sides that every scenario of a run contributes to (one multi-right-hand-side solve with B
/// and one with B' for all scenarios together, on the one factorization of I − A), the split
/// of each model's scenarios across ranks, and scenario-keyed result tables.
///
/// A model runs in two steps: request() adds its right-hand sides to the batch (replicated
/// n x k matrices), then, after the batch is solved, tables() turns the replicated solutions
/// into rows for the scenarios this rank owns (contiguous blocks, so the tidy CSV lists the
/// scenarios in file order).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decomposition/dense_matrix.hpp"
#include "decomposition/gvc_context.hpp"
#include "decomposition/term_table.hpp"
#include "io/config/scenario.hpp"

namespace leontief::decomposition {

/// Right-hand sides of all scenarios of a run, solved together with B = (I − A)⁻¹ and B'.
class SolveBatch {
 public:
  /// Columns [first, first + count) of the plain or the transposed solution.
  struct Slot {
    bool transpose = false;
    std::size_t first = 0, count = 0;
  };

  /// Adds the columns of `rhs` (n x k, replicated) to the solves with B (or B').
  Slot add(const DenseMatrix& rhs, bool transpose);
  /// Like add(), once per `key`: models that need the same columns (B·y, B'v) share them.
  Slot add_shared(const std::string& key, const DenseMatrix& rhs, bool transpose);

  /// @brief One multi-RHS solve with B and one with B' (in chunks that bound the dense
  /// right-hand side), solutions replicated. @note Collective.
  void solve(const GvcContext& context);

  /// Entry (i, c) of a slot's solution.
  double operator()(const Slot& slot, std::size_t i, std::size_t c) const {
    return (slot.transpose ? transposed_ : plain_)(i, slot.first + c);
  }
  /// Total right-hand sides (plain, transposed), for the log.
  std::size_t columns(bool transpose) const { return transpose ? transposed_cols_ : plain_cols_; }

 private:
  std::vector<DenseMatrix> pending_plain_, pending_transposed_;  // in column order
  std::map<std::string, Slot> shared_;
  std::size_t plain_cols_ = 0, transposed_cols_ = 0;
  DenseMatrix plain_, transposed_;
};

/// The scenarios of one model, in file order, and the block this rank reports.
struct ModelScenarios {
  std::vector<const io::Scenario*> list;
  std::size_t owned_begin = 0, owned_end = 0;

  std::size_t size() const { return list.size(); }
  std::vector<std::string> names() const;
};

/// @brief The scenarios of `model` and this rank's contiguous block of them.
ModelScenarios select_scenarios(const std::vector<io::Scenario>& all, io::ShockModel model,
                                MPI_Comm comm);

/// One linear model over its scenarios (see the file comment).
class ShockModelRun {
 public:
  virtual ~ShockModelRun() = default;
  /// Adds right-hand sides to the batch. @note Collective (all ranks, same order).
  virtual void request(SolveBatch& batch) = 0;
  /// The model's tables from the solved batch. @note Collective.
  virtual std::vector<TermTable> tables(const SolveBatch& batch) = 0;
};

/// Key columns of scenario tables.
enum class ShockLevel { sector, economy, scenario };

/// An empty table keyed by scenario (and region, sector as `level` says); `region_name`
/// names the region key column (e.g. "destination").
TermTable scenario_table(const std::string& name, const std::string& description, ShockLevel level,
                         std::vector<std::string> measures, const ModelScenarios& scenarios,
                         const std::string& region_name = "region");

/// num / den, NaN when den is 0 (the documented rule for shares with a zero denominator).
double ratio(double num, double den);

/// The scale of a scenario's values: 0.01 for percent, 1 for absolute.
double unit_scale(const io::Scenario& s);

}  // namespace leontief::decomposition
