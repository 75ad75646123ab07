#include "decomposition/shocks/shock_quantity.hpp"

#include <cmath>
#include <set>

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::decomposition {

namespace {

/// Final-demand changes of a scenario as one n-vector (absolute, or percent of the base
/// final demand Y_(i, partner) summed over categories).
std::vector<double> final_demand_change(const GvcContext& c, const io::Scenario& s) {
  std::vector<double> dy(c.n(), 0.0);
  const double scale = unit_scale(s);
  for (const auto& e : s.final_demand) {
    dy[e.row] += s.units == io::ShockUnits::percent
                     ? e.value * scale * c.final_demand()(e.row, e.partner)
                     : e.value;
  }
  return dy;
}

/// The economies counted as home: given, or the default economies of the model.
std::vector<bool> home_economies(const GvcContext& c, const io::Scenario& s,
                                 const std::set<std::size_t>& default_home) {
  std::vector<bool> home(c.regions(), false);
  if (!s.home.empty()) {
    for (std::size_t g : s.home) home[g] = true;
  } else {
    for (std::size_t g : default_home) home[g] = true;
  }
  return home;
}

/// Sums of an n-vector by economy.
std::vector<double> by_economy(const GvcContext& c, const std::vector<double>& values) {
  std::vector<double> out(c.regions(), 0.0);
  for (std::size_t i = 0; i < c.n(); ++i) out[c.region_of(i)] += values[i];
  return out;
}

double sum(const std::vector<double>& v) {
  double total = 0.0;
  for (double a : v) total += a;
  return total;
}

/// The rows of the "home/abroad" split of a per-economy change.
struct HomeSplit {
  double home = 0.0, abroad = 0.0;
};
HomeSplit split(const std::vector<double>& economy_values, const std::vector<bool>& home) {
  HomeSplit out;
  for (std::size_t g = 0; g < economy_values.size(); ++g) {
    (home[g] ? out.home : out.abroad) += economy_values[g];
  }
  return out;
}

[[noreturn]] void zero_output_error(const GvcContext& c, const io::Scenario& s,
                                    const io::ShockEntry& e, const std::string& what) {
  // Every rank has the same replicated data, so every rank throws this same error.
  throw InputError(s.where(e) + ": scenario '" + s.name + "': " + what + " of " +
                       c.table().labels().row_label(e.row) +
                       ", a sector with zero gross output (its coefficients are undefined)",
                   true);
}

// ---------------------------------------------------------------------------------------
class DemandRun final : public ShockModelRun {
 public:
  DemandRun(const GvcContext& c, ModelScenarios s) : c_(c), s_(std::move(s)) {}

  void request(SolveBatch& batch) override {
    const std::size_t n = c_.n(), k = s_.size();
    dy_ = DenseMatrix(n, k);
    for (std::size_t col = 0; col < k; ++col) {
      const auto dy = final_demand_change(c_, *s_.list[col]);
      for (std::size_t i = 0; i < n; ++i) dy_(i, col) = dy[i];
    }
    slot_ = batch.add(dy_, false);
  }

  std::vector<TermTable> tables(const SolveBatch& batch) override {
    const std::size_t n = c_.n(), N = c_.sectors(), G = c_.regions();
    const auto& x = c_.gross_output();
    const auto& v = c_.va_coefficients();
    const auto& va = c_.table().value_added();
    const auto va_base = by_economy(c_, va), x_base = by_economy(c_, x);
    TermTable sector = scenario_table(
        "demand_sector", "demand-driven (Leontief) quantity shock by economy-sector: dx = B dy",
        ShockLevel::sector, {"dy", "dx", "dx_pct", "dva"}, s_);
    TermTable economy = scenario_table(
        "demand_economy", "demand-driven (Leontief) quantity shock by economy", ShockLevel::economy,
        {"dy", "dx", "dx_pct", "dva", "dva_pct", "dva_share"}, s_);
    TermTable summary = scenario_table(
        "demand_summary",
        "demand-driven shock: world totals and the share of the value-added change abroad",
        ShockLevel::scenario, {"dy", "dx", "dva", "dva_home", "dva_abroad", "share_abroad"}, s_);
    for (std::size_t col = s_.owned_begin; col < s_.owned_end; ++col) {
      const io::Scenario& s = *s_.list[col];
      std::vector<double> dy(n), dx(n), dva(n);
      for (std::size_t i = 0; i < n; ++i) {
        dy[i] = dy_(i, col);
        dx[i] = batch(slot_, i, col);
        dva[i] = v[i] * dx[i];
        sector.add_row({static_cast<long>(col), static_cast<long>(i / N), static_cast<long>(i % N)},
                       {dy[i], dx[i], 100.0 * ratio(dx[i], x[i]), dva[i]});
      }
      const auto dy_g = by_economy(c_, dy), dx_g = by_economy(c_, dx), dva_g = by_economy(c_, dva);
      const double dva_total = sum(dva_g);
      for (std::size_t g = 0; g < G; ++g) {
        economy.add_row({static_cast<long>(col), static_cast<long>(g)},
                        {dy_g[g], dx_g[g], 100.0 * ratio(dx_g[g], x_base[g]), dva_g[g],
                         100.0 * ratio(dva_g[g], va_base[g]), ratio(dva_g[g], dva_total)});
      }
      std::set<std::size_t> partners;
      for (const auto& e : s.final_demand) partners.insert(e.partner);
      const HomeSplit h = split(dva_g, home_economies(c_, s, partners));
      summary.add_row({static_cast<long>(col)},
                      {sum(dy), sum(dx), dva_total, h.home, h.abroad, ratio(h.abroad, dva_total)});
    }
    return {std::move(sector), std::move(economy), std::move(summary)};
  }

 private:
  const GvcContext& c_;
  ModelScenarios s_;
  DenseMatrix dy_;
  SolveBatch::Slot slot_;
};

// ---------------------------------------------------------------------------------------
class SupplyRun final : public ShockModelRun {
 public:
  SupplyRun(const GvcContext& c, ModelScenarios s) : c_(c), s_(std::move(s)) {}

  void request(SolveBatch& batch) override {
    const std::size_t n = c_.n(), k = s_.size();
    const auto& x = c_.gross_output();
    const auto& va = c_.table().value_added();
    dw_ = DenseMatrix(n, k);
    DenseMatrix rhs(n, k);
    for (std::size_t col = 0; col < k; ++col) {
      const io::Scenario& s = *s_.list[col];
      const double scale = unit_scale(s);
      for (const auto& e : s.value_added) {
        const double dw =
            s.units == io::ShockUnits::percent ? e.value * scale * va[e.row] : e.value;
        if (dw != 0.0 && !(x[e.row] > 0.0)) zero_output_error(c_, s, e, "a change of value added");
        dw_(e.row, col) += dw;
      }
      // Ghosh: Δx = x̂ B' x̂⁻¹ Δw.
      for (std::size_t i = 0; i < n; ++i) rhs(i, col) = x[i] > 0.0 ? dw_(i, col) / x[i] : 0.0;
    }
    slot_ = batch.add(rhs, true);
  }

  std::vector<TermTable> tables(const SolveBatch& batch) override {
    const std::size_t n = c_.n(), N = c_.sectors(), G = c_.regions();
    const auto& x = c_.gross_output();
    const auto x_base = by_economy(c_, x);
    TermTable sector = scenario_table(
        "supply_sector", "supply-driven (Ghosh) shock by economy-sector: dx' = dw' (I - x^-1 Z)^-1",
        ShockLevel::sector, {"dw", "dx", "dx_pct"}, s_);
    TermTable economy = scenario_table("supply_economy", "supply-driven (Ghosh) shock by economy",
                                       ShockLevel::economy, {"dw", "dx", "dx_pct", "dx_share"}, s_);
    TermTable summary = scenario_table(
        "supply_summary",
        "supply-driven shock: world totals and the share of the output change abroad",
        ShockLevel::scenario, {"dw", "dx", "dx_home", "dx_abroad", "share_abroad"}, s_);
    for (std::size_t col = s_.owned_begin; col < s_.owned_end; ++col) {
      const io::Scenario& s = *s_.list[col];
      std::vector<double> dw(n), dx(n);
      for (std::size_t i = 0; i < n; ++i) {
        dw[i] = dw_(i, col);
        dx[i] = x[i] * batch(slot_, i, col);
        sector.add_row({static_cast<long>(col), static_cast<long>(i / N), static_cast<long>(i % N)},
                       {dw[i], dx[i], 100.0 * ratio(dx[i], x[i])});
      }
      const auto dw_g = by_economy(c_, dw), dx_g = by_economy(c_, dx);
      const double dx_total = sum(dx_g);
      for (std::size_t g = 0; g < G; ++g) {
        economy.add_row(
            {static_cast<long>(col), static_cast<long>(g)},
            {dw_g[g], dx_g[g], 100.0 * ratio(dx_g[g], x_base[g]), ratio(dx_g[g], dx_total)});
      }
      std::set<std::size_t> shocked;
      for (const auto& e : s.value_added) shocked.insert(c_.region_of(e.row));
      const HomeSplit h = split(dx_g, home_economies(c_, s, shocked));
      summary.add_row({static_cast<long>(col)},
                      {sum(dw), dx_total, h.home, h.abroad, ratio(h.abroad, dx_total)});
    }
    return {std::move(sector), std::move(economy), std::move(summary)};
  }

 private:
  const GvcContext& c_;
  ModelScenarios s_;
  DenseMatrix dw_;
  SolveBatch::Slot slot_;
};

// ---------------------------------------------------------------------------------------
class InoperabilityRun final : public ShockModelRun {
 public:
  InoperabilityRun(const GvcContext& c, ModelScenarios s) : c_(c), s_(std::move(s)) {}

  void request(SolveBatch& batch) override {
    const std::size_t n = c_.n(), k = s_.size();
    const auto& x = c_.gross_output();
    const auto& va = c_.table().value_added();
    perturbation_ = DenseMatrix(n, k);
    // Demand side: q = x̂⁻¹ B x̂ c*, solved with x̂ c* (the demand reduction in money).
    // Supply side: q' = q'A + c*' (the Ghosh model divided by output), q = B'c*.
    std::size_t demand_count = 0, supply_count = 0;
    for (const auto* s : s_.list) {
      column_.push_back(s->side == io::InoperabilitySide::supply ? supply_count++ : demand_count++);
    }
    DenseMatrix demand_rhs(n, demand_count), supply_rhs(n, supply_count);
    for (std::size_t col = 0; col < k; ++col) {
      const io::Scenario& s = *s_.list[col];
      const double scale = unit_scale(s);
      const bool supply = s.side == io::InoperabilitySide::supply;
      for (const auto& e : s.perturbation) {
        if (e.value != 0.0 && !(x[e.row] > 0.0)) zero_output_error(c_, s, e, "a perturbation");
        perturbation_(e.row, col) += e.value * scale;
      }
      // A fall in final demand (demand side) or in primary inputs (supply side) is a positive
      // perturbation c* = −Δy / x or −Δw / x.
      std::vector<double> change(n, 0.0);
      if (supply) {
        for (const auto& e : s.value_added) {
          const double dw =
              s.units == io::ShockUnits::percent ? e.value * scale * va[e.row] : e.value;
          if (dw != 0.0 && !(x[e.row] > 0.0))
            zero_output_error(c_, s, e, "a change of value added");
          change[e.row] += dw;
        }
      } else {
        change = final_demand_change(c_, s);
        for (const auto& e : s.final_demand) {
          if (change[e.row] != 0.0 && !(x[e.row] > 0.0)) {
            zero_output_error(c_, s, e, "a change of final demand for the products");
          }
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        if (x[i] > 0.0) perturbation_(i, col) -= change[i] / x[i];
        if (supply) {
          supply_rhs(i, column_[col]) = perturbation_(i, col);
        } else {
          demand_rhs(i, column_[col]) = x[i] * perturbation_(i, col);
        }
      }
    }
    demand_slot_ = batch.add(demand_rhs, false);
    supply_slot_ = batch.add(supply_rhs, true);
  }

  std::vector<TermTable> tables(const SolveBatch& batch) override {
    const std::size_t n = c_.n(), N = c_.sectors(), G = c_.regions();
    const auto& x = c_.gross_output();
    const auto x_base = by_economy(c_, x);
    // Economic loss x_i q_i of scenario `col`.
    const auto loss_of = [&](std::size_t col, std::size_t i) {
      return s_.list[col]->side == io::InoperabilitySide::supply
                 ? x[i] * batch(supply_slot_, i, column_[col])
                 : batch(demand_slot_, i, column_[col]);
    };
    TermTable sector = scenario_table(
        "inoperability_sector",
        "inoperability input-output model: q = (I - A*)^-1 c* (demand side, A* = x^-1 A x) or "
        "q = (I - A')^-1 c* (supply side)",
        ShockLevel::sector, {"perturbation", "inoperability", "economic_loss"}, s_);
    TermTable economy =
        scenario_table("inoperability_economy", "inoperability by economy (output-weighted)",
                       ShockLevel::economy, {"economic_loss", "inoperability"}, s_);
    TermTable summary = scenario_table(
        "inoperability_summary", "inoperability: world economic loss and the share borne abroad",
        ShockLevel::scenario,
        {"economic_loss", "loss_home", "loss_abroad", "share_abroad", "max_inoperability"}, s_);
    // Every rank holds every solution: check all scenarios, so rank 0 can warn for all.
    for (std::size_t col = 0; col < s_.size(); ++col) {
      double worst = 0.0;
      std::size_t worst_row = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const double q = ratio(loss_of(col, i), x[i]);
        if (q > worst) worst = q, worst_row = i;
      }
      if (worst > 1.0) {
        log::warn("scenario " + s_.list[col]->name + ": inoperability " + std::to_string(worst) +
                  " > 1 at " + c_.table().labels().row_label(worst_row) +
                  ": the perturbation is beyond the range of the linear model");
      }
    }
    for (std::size_t col = s_.owned_begin; col < s_.owned_end; ++col) {
      const io::Scenario& s = *s_.list[col];
      std::vector<double> loss(n);
      double worst = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        loss[i] = loss_of(col, i);
        const double q = ratio(loss[i], x[i]);
        if (q > worst) worst = q;
        sector.add_row({static_cast<long>(col), static_cast<long>(i / N), static_cast<long>(i % N)},
                       {perturbation_(i, col), q, loss[i]});
      }
      const auto loss_g = by_economy(c_, loss);
      for (std::size_t g = 0; g < G; ++g) {
        economy.add_row({static_cast<long>(col), static_cast<long>(g)},
                        {loss_g[g], ratio(loss_g[g], x_base[g])});
      }
      std::set<std::size_t> shocked;
      for (const auto& e : s.perturbation) shocked.insert(c_.region_of(e.row));
      for (const auto& e : s.final_demand) shocked.insert(c_.region_of(e.row));
      for (const auto& e : s.value_added) shocked.insert(c_.region_of(e.row));
      const HomeSplit h = split(loss_g, home_economies(c_, s, shocked));
      const double total = sum(loss_g);
      summary.add_row({static_cast<long>(col)},
                      {total, h.home, h.abroad, ratio(h.abroad, total), worst});
    }
    return {std::move(sector), std::move(economy), std::move(summary)};
  }

 private:
  const GvcContext& c_;
  ModelScenarios s_;
  DenseMatrix perturbation_;
  std::vector<std::size_t> column_;  // column of each scenario in its side's right-hand sides
  SolveBatch::Slot demand_slot_, supply_slot_;
};

}  // namespace

std::unique_ptr<ShockModelRun> demand_model(const GvcContext& context, ModelScenarios scenarios) {
  return std::make_unique<DemandRun>(context, std::move(scenarios));
}

std::unique_ptr<ShockModelRun> supply_model(const GvcContext& context, ModelScenarios scenarios) {
  return std::make_unique<SupplyRun>(context, std::move(scenarios));
}

std::unique_ptr<ShockModelRun> inoperability_model(const GvcContext& context,
                                                   ModelScenarios scenarios) {
  return std::make_unique<InoperabilityRun>(context, std::move(scenarios));
}

}  // namespace leontief::decomposition
