#include "decomposition/shocks/shock_common.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

SolveBatch::Slot SolveBatch::add(const DenseMatrix& rhs, bool transpose) {
  std::size_t& total = transpose ? transposed_cols_ : plain_cols_;
  const Slot slot{transpose, total, rhs.cols()};
  total += rhs.cols();
  (transpose ? pending_transposed_ : pending_plain_).push_back(rhs);
  return slot;
}

SolveBatch::Slot SolveBatch::add_shared(const std::string& key, const DenseMatrix& rhs,
                                        bool transpose) {
  const auto it = shared_.find(key);
  if (it != shared_.end()) return it->second;
  return shared_[key] = add(rhs, transpose);
}

void SolveBatch::solve(const GvcContext& context) {
  const std::size_t n = context.n();
  for (const bool transpose : {false, true}) {
    const auto& pending = transpose ? pending_transposed_ : pending_plain_;
    const std::size_t total = transpose ? transposed_cols_ : plain_cols_;
    DenseMatrix solution(n, total);
    // Chunks bound each dense n x chunk matrix of a solve (right-hand side, solution, their
    // replicated copies) to 2^22 doubles (32 MiB): many columns still go in one solve.
    const std::size_t chunk =
        std::max<std::size_t>(64, (std::size_t{1} << 22) / std::max<std::size_t>(n, 1));
    std::size_t done = 0, block = 0, offset_in_block = 0;
    while (done < total) {
      const std::size_t cols = std::min(chunk, total - done);
      DenseMatrix rhs(n, cols);
      for (std::size_t c = 0; c < cols;) {
        const DenseMatrix& m = pending[block];
        const std::size_t take = std::min(m.cols() - offset_in_block, cols - c);
        for (std::size_t i = 0; i < n; ++i) {
          for (std::size_t k = 0; k < take; ++k) rhs(i, c + k) = m(i, offset_in_block + k);
        }
        c += take;
        offset_in_block += take;
        if (offset_in_block == m.cols()) ++block, offset_in_block = 0;
      }
      const DenseMatrix x = transpose ? context.leontief_transpose(rhs) : context.leontief(rhs);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < cols; ++k) solution(i, done + k) = x(i, k);
      }
      done += cols;
    }
    (transpose ? transposed_ : plain_) = std::move(solution);
  }
  pending_plain_.clear();
  pending_transposed_.clear();
}

std::vector<std::string> ModelScenarios::names() const {
  std::vector<std::string> out;
  for (const auto* s : list) out.push_back(s->name);
  return out;
}

ModelScenarios select_scenarios(const std::vector<io::Scenario>& all, io::ShockModel model,
                                MPI_Comm comm) {
  ModelScenarios out;
  for (const auto& s : all) {
    if (s.model == model) out.list.push_back(&s);
  }
  int rank = 0, size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  const std::size_t k = out.list.size(), p = static_cast<std::size_t>(rank),
                    ranks = static_cast<std::size_t>(size);
  out.owned_begin = k * p / ranks;
  out.owned_end = k * (p + 1) / ranks;
  return out;
}

TermTable scenario_table(const std::string& name, const std::string& description, ShockLevel level,
                         std::vector<std::string> measures, const ModelScenarios& scenarios,
                         const std::string& region_name) {
  TermTable t;
  t.name = name;
  t.description = description;
  t.keys.push_back({"scenario", KeyColumn::Kind::scenario});
  if (level != ShockLevel::scenario) t.keys.push_back({region_name, KeyColumn::Kind::region});
  if (level == ShockLevel::sector) t.keys.push_back({"sector", KeyColumn::Kind::sector});
  t.measures = std::move(measures);
  t.scenarios = scenarios.names();
  return t;
}

double ratio(double num, double den) {
  return den == 0.0 ? std::numeric_limits<double>::quiet_NaN() : num / den;
}

double unit_scale(const io::Scenario& s) { return s.units == io::ShockUnits::percent ? 0.01 : 1.0; }

}  // namespace leontief::decomposition
