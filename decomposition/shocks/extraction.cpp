#include "decomposition/shocks/extraction.hpp"

#include <cmath>
#include <limits>
#include <map>

#include "decomposition/shocks/low_rank_update.hpp"
#include "io/runtime/error.hpp"

namespace leontief::decomposition {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The extracted economy-sectors of a scenario (in row order; a later entry for the same
/// row replaces an earlier one) and the first of their columns in the selector matrix.
struct ExtractedSet {
  std::vector<std::size_t> rows;
  std::vector<double> fractions;
  std::size_t first = 0;
};

class ExtractionRun final : public ShockModelRun {
 public:
  ExtractionRun(const GvcContext& c, ModelScenarios s) : c_(c), s_(std::move(s)) {}

  void request(SolveBatch& batch) override {
    const std::size_t n = c_.n();
    std::size_t total = 0;
    for (const auto* s : s_.list) {
      std::map<std::size_t, double> chosen;
      for (const auto& e : s->extracted) chosen[e.row] = e.value * unit_scale(*s);
      ExtractedSet set;
      set.first = total;
      for (const auto& [row, f] : chosen) set.rows.push_back(row), set.fractions.push_back(f);
      total += set.rows.size();
      sets_.push_back(std::move(set));
    }
    select_coefficients(total);
    bool demand_driven = false, supply_driven = false;
    for (std::size_t col = 0; col < s_.size(); ++col) {
      const bool forward = s_.list[col]->extraction == io::ExtractionKind::forward;
      slots_.push_back(batch.add(left_factor(col), forward));
      (forward ? supply_driven : demand_driven) = true;
    }
    if (demand_driven) {
      DenseMatrix y(n, 1);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t r = 0; r < c_.regions(); ++r) y(i, 0) += c_.final_demand()(i, r);
      }
      base_output_ = batch.add_shared("base_output", y, false);
    }
    if (supply_driven) {
      DenseMatrix v(n, 1);
      for (std::size_t i = 0; i < n; ++i) v(i, 0) = c_.va_coefficients()[i];
      base_prices_ = batch.add_shared("base_prices", v, true);
    }
  }

  std::vector<TermTable> tables(const SolveBatch& batch) override {
    const std::size_t n = c_.n(), N = c_.sectors(), G = c_.regions();
    const auto& x = c_.gross_output();
    const auto& v = c_.va_coefficients();
    const auto& va = c_.table().value_added();
    double va_total = 0.0;
    for (double a : va) va_total += a;
    TermTable sector = scenario_table(
        "extraction_sector",
        "hypothetical extraction by economy-sector: output in the model's base and its change "
        "when the set is extracted",
        ShockLevel::sector, {"x_base", "dx", "dx_pct", "dva"}, s_);
    TermTable economy = scenario_table("extraction_economy", "hypothetical extraction by economy",
                                       ShockLevel::economy, {"x_base", "dx", "dx_pct", "dva"}, s_);
    TermTable summary = scenario_table(
        "extraction_summary",
        "hypothetical extraction: total linkage (world output lost) and where it falls",
        ShockLevel::scenario,
        {"extracted_output", "total_linkage", "total_linkage_pct", "linkage_extracted",
         "linkage_other", "linkage_abroad", "dva", "dva_pct"},
        s_);
    for (std::size_t col = s_.owned_begin; col < s_.owned_end; ++col) {
      const io::Scenario& s = *s_.list[col];
      const ExtractedSet& set = sets_[col];
      const bool forward = s.extraction == io::ExtractionKind::forward;
      const auto& slot = slots_[col];
      DenseMatrix solved(n, slot.count);
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t a = 0; a < slot.count; ++a) solved(i, a) = batch(slot, i, a);
      }
      const LowRankUpdate update(std::move(solved), right_factor(col));
      // Base solution: x0 = B y (demand driven) or p0 = B'v (forward, x = x̂ p).
      std::vector<double> base(n);
      for (std::size_t i = 0; i < n; ++i) {
        base[i] = forward ? batch(base_prices_, i, 0) : batch(base_output_, i, 0);
      }
      const auto correction = update.correction(base);
      std::vector<double> x0(n), dx(n), dva(n);
      std::vector<bool> extracted(n, false), extracted_economy(G, false);
      for (std::size_t row : set.rows) extracted[row] = true, extracted_economy[row / N] = true;
      for (std::size_t i = 0; i < n; ++i) {
        x0[i] = forward ? x[i] * base[i] : base[i];
        dx[i] = forward ? -x[i] * correction[i] : -correction[i];
        // The supply-driven model keeps primary inputs fixed: no value-added change.
        dva[i] = forward ? kNaN : v[i] * dx[i];
        sector.add_row({static_cast<long>(col), static_cast<long>(i / N), static_cast<long>(i % N)},
                       {x0[i], dx[i], 100.0 * ratio(dx[i], x0[i]), dva[i]});
      }
      std::vector<double> x0_g(G, 0.0), dx_g(G, 0.0), dva_g(G, 0.0);
      double x0_total = 0.0, linkage = 0.0, inside = 0.0, abroad = 0.0, dva_sum = 0.0,
             extracted_output = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t g = i / N;
        x0_g[g] += x0[i];
        dx_g[g] += dx[i];
        dva_g[g] += dva[i];
        x0_total += x0[i];
        linkage -= dx[i];
        dva_sum += dva[i];
        if (extracted[i]) inside -= dx[i];
        if (!extracted_economy[g]) abroad -= dx[i];
      }
      for (std::size_t a = 0; a < set.rows.size(); ++a) {
        extracted_output += set.fractions[a] * x0[set.rows[a]];
      }
      for (std::size_t g = 0; g < G; ++g) {
        economy.add_row({static_cast<long>(col), static_cast<long>(g)},
                        {x0_g[g], dx_g[g], 100.0 * ratio(dx_g[g], x0_g[g]), dva_g[g]});
      }
      summary.add_row({static_cast<long>(col)},
                      {extracted_output, linkage, 100.0 * ratio(linkage, x0_total), inside,
                       linkage - inside, abroad, dva_sum, 100.0 * ratio(dva_sum, va_total)});
    }
    return {std::move(sector), std::move(economy), std::move(summary)};
  }

 private:
  /// The columns A_{*S} and rows A_{S*} of every scenario's set, replicated (n x total):
  /// straight from this rank's nonzeros of Z, O(nnz + n·total) rather than the products
  /// A E, A'E with the selector E.
  /// @note Collective.
  void select_coefficients(std::size_t total) {
    const std::size_t n = c_.n();
    const auto& table = c_.table();
    const auto& part = table.partition();
    const auto& x = c_.gross_output();
    // Selector columns of every economy-sector (several scenarios may extract the same one).
    std::vector<std::vector<std::size_t>> columns_of(n);
    for (const auto& set : sets_) {
      for (std::size_t a = 0; a < set.rows.size(); ++a)
        columns_of[set.rows[a]].push_back(set.first + a);
    }
    DenseMatrix local_columns(part.local_rows(), total), rows_partial(n, total);
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      const std::size_t i = part.row_begin() + r;
      table.for_each_flow(r, [&](std::size_t j, double z) {
        if (!(x[j] > 0.0)) return;
        const double a = z / x[j];
        for (std::size_t col : columns_of[j]) local_columns(r, col) = a;  // A_ij, j in S
        for (std::size_t col : columns_of[i]) rows_partial(j, col) = a;   // A_ij, i in S
      });
    }
    a_columns_ = c_.gather_rows(local_columns);
    // Each row of A lives on one rank: the sum over ranks assembles the rows.
    a_rows_ = DenseMatrix(n, total);
    LEONTIEF_CHECK_MPI(MPI_Allreduce(rows_partial.data().data(), a_rows_.data().data(),
                                     static_cast<int>(rows_partial.data().size()), MPI_DOUBLE,
                                     MPI_SUM, table.comm()));
  }

  /// A_ij for j in S (column j = set.rows[a]).
  double a_col(const ExtractedSet& set, std::size_t i, std::size_t a) const {
    return a_columns_(i, set.first + a);
  }
  /// A_ji for j in S (row j = set.rows[a]).
  double a_row(const ExtractedSet& set, std::size_t i, std::size_t a) const {
    return a_rows_(i, set.first + a);
  }

  /// P of I − Ā = M + P Q' (M = I − A; for forward, of (I − Ā)' = M' + P Q'): the columns
  /// solved with the factorization.
  DenseMatrix left_factor(std::size_t col) const {
    const ExtractedSet& set = sets_[col];
    const std::size_t n = c_.n(), k = set.rows.size();
    switch (s_.list[col]->extraction) {
      case io::ExtractionKind::full:
      case io::ExtractionKind::partial: {
        // A − DAD = F̂A + DAF̂: P = [E_S F, (DA)_{*S} F].
        std::vector<double> d(n, 1.0);
        for (std::size_t a = 0; a < k; ++a) d[set.rows[a]] = 1.0 - set.fractions[a];
        DenseMatrix p(n, 2 * k);
        for (std::size_t a = 0; a < k; ++a) {
          p(set.rows[a], a) = set.fractions[a];
          for (std::size_t i = 0; i < n; ++i)
            p(i, k + a) = d[i] * a_col(set, i, a) * set.fractions[a];
        }
        return p;
      }
      case io::ExtractionKind::backward: {
        // A − AD = A F̂: P = A_{*S} F.
        DenseMatrix p(n, k);
        for (std::size_t a = 0; a < k; ++a) {
          for (std::size_t i = 0; i < n; ++i) p(i, a) = a_col(set, i, a) * set.fractions[a];
        }
        return p;
      }
      case io::ExtractionKind::forward: {
        // A − DA = F̂A = E_S F A_{S*}; transposed: M' + A_{S*}' (E_S F)': P = A_{S*}'.
        DenseMatrix p(n, k);
        for (std::size_t a = 0; a < k; ++a) {
          for (std::size_t i = 0; i < n; ++i) p(i, a) = a_row(set, i, a);
        }
        return p;
      }
    }
    return {};
  }

  /// Q of the same update.
  DenseMatrix right_factor(std::size_t col) const {
    const ExtractedSet& set = sets_[col];
    const std::size_t n = c_.n(), k = set.rows.size();
    switch (s_.list[col]->extraction) {
      case io::ExtractionKind::full:
      case io::ExtractionKind::partial: {
        DenseMatrix q(n, 2 * k);  // [A_{S*}', E_S]
        for (std::size_t a = 0; a < k; ++a) {
          for (std::size_t i = 0; i < n; ++i) q(i, a) = a_row(set, i, a);
          q(set.rows[a], k + a) = 1.0;
        }
        return q;
      }
      case io::ExtractionKind::backward: {
        DenseMatrix q(n, k);  // E_S
        for (std::size_t a = 0; a < k; ++a) q(set.rows[a], a) = 1.0;
        return q;
      }
      case io::ExtractionKind::forward: {
        DenseMatrix q(n, k);  // E_S F
        for (std::size_t a = 0; a < k; ++a) q(set.rows[a], a) = set.fractions[a];
        return q;
      }
    }
    return {};
  }

  const GvcContext& c_;
  ModelScenarios s_;
  std::vector<ExtractedSet> sets_;
  DenseMatrix a_columns_, a_rows_;
  std::vector<SolveBatch::Slot> slots_;
  SolveBatch::Slot base_output_, base_prices_;
};

}  // namespace

std::unique_ptr<ShockModelRun> extraction_model(const GvcContext& context,
                                                ModelScenarios scenarios) {
  return std::make_unique<ExtractionRun>(context, std::move(scenarios));
}

}  // namespace leontief::decomposition
