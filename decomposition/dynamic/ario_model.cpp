#include "decomposition/dynamic/ario_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "decomposition/dynamic/ario_rebuild.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/interrupt.hpp"

namespace leontief::decomposition {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Output falls short of demand by more than rounding (BoARIO rations only below demand −
/// 1/monetary_factor): no rationing and no scarcity from the last bits of a sum.
bool short_of(double demand, double output) { return demand - output > 1e-12 * demand; }

/// An event's rows on this rank and its state.
struct EventState {
  const ArioEvent* event = nullptr;
  std::vector<std::size_t> rows;    ///< local rows hit
  std::vector<double> values;       ///< per row (see ArioEvent::values)
  std::vector<double> base;         ///< final_demand: a day's final demand from the partners
  std::vector<double> stock;        ///< capital, rebuild: rows × rebuilding products
  std::vector<int> stock_product;   ///< rebuilding product index per rebuilding share
};

class Simulation {
 public:
  Simulation(const ArioNetwork& network, const ArioParameters& p,
             const std::vector<ArioEvent>& events, SeriesLevel series)
      : net_(network),
        p_(p),
        series_(series),
        N_(network.table().labels().sector_count()),
        local_(network.local_industries()),
        rb_(network.row_begin()),
        pairs_(network.local_pairs()),
        economies_(network.table().partition().region_count()) {
    const auto& x0 = network.baseline_output();
    x0_.assign(x0.begin() + static_cast<long>(rb_), x0.begin() + static_cast<long>(rb_ + local_));
    const auto v = network.table().value_added_coefficients();
    v_.assign(v.begin() + static_cast<long>(rb_), v.begin() + static_cast<long>(rb_ + local_));
    capital_.resize(local_);
    for (std::size_t r = 0; r < local_; ++r) {
      capital_[r] = p.capital_to_value_added * std::max(0.0, network.table().value_added()[rb_ + r]);
    }
    set_up_events(events);
    set_up_state();
  }

  ArioRun run() {
    ArioRun out;
    out.days = p_.days;
    for (std::size_t t = 0; t < p_.days; ++t) {
      if (t % p_.series_every == 0 || t + 1 == p_.days) out.recorded_days.push_back(t);
    }
    out.first_event_day = first_event_day(events_);
    prepare_results(out);
    for (std::size_t t = 0; t < p_.days; ++t) {
      // A year of days can take minutes at large n: stop on SIGTERM (a Slurm time limit)
      // within a month of simulated time; one small Allreduce per 30 days.
      if (t % 30 == 0) io::check_interrupt(net_.comm());
      step(t, out);
    }
    finish_results(out);
    return out;
  }

 private:
  // ---- set-up ---------------------------------------------------------------------------
  void set_up_events(const std::vector<ArioEvent>& events) {
    events_ = events;
    std::vector<std::size_t> products;
    for (const auto& e : events_) {
      for (const auto& [k, share] : e.rebuilding) {
        if (std::find(products.begin(), products.end(), k) == products.end()) products.push_back(k);
      }
    }
    std::sort(products.begin(), products.end());
    if (!products.empty()) routing_ = std::make_unique<RebuildRouting>(net_, products);
    for (const auto& e : events_) {
      EventState s;
      s.event = &e;
      for (std::size_t k = 0; k < e.rows.size(); ++k) {
        if (e.rows[k] < rb_ || e.rows[k] >= rb_ + local_) continue;
        const std::size_t r = e.rows[k] - rb_;
        s.rows.push_back(r);
        s.values.push_back(e.values[k]);
        if (e.kind == io::DynamicEventKind::final_demand) {
          s.base.push_back(net_.final_demand_towards(r, e.partners));
        }
      }
      if (e.kind == io::DynamicEventKind::capital && e.recovery == io::RecoveryRule::rebuild) {
        for (const auto& [k, share] : e.rebuilding) s.stock_product.push_back(routing_->index(k));
        s.stock.assign(s.rows.size() * e.rebuilding.size(), 0.0);
      }
      states_.push_back(std::move(s));
    }
  }

  void set_up_state() {
    const auto& coefficients = net_.input_coefficients();
    const auto& products = net_.pair_products();
    const auto& offsets = net_.pair_offsets();
    alpha_.assign(local_, 1.0);
    delta_.assign(local_, 0.0);
    y_.assign(local_, 0.0);
    rebuild_.assign(local_, 0.0);
    demand_.assign(local_, 0.0);
    capacity_.assign(local_, 0.0);
    optimal_.assign(local_, 0.0);
    output_ = x0_;
    phi_.assign(local_, 1.0);
    r_previous_.assign(local_, 1.0);
    r_current_.assign(local_, 1.0);
    stock_.assign(pairs_, 0.0);
    orders_.assign(pairs_, 0.0);
    tracked_.assign(pairs_, 0);
    constraining_.assign(pairs_, 0);
    for (std::size_t r = 0; r < local_; ++r) {
      for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
        const double s = p_.inventory_days[products[k]];
        tracked_[k] = std::isfinite(s) && coefficients[k] > 0;
        constraining_[k] = tracked_[k] && coefficients[k] >= p_.input_threshold;
        if (tracked_[k]) stock_[k] = s * coefficients[k] * x0_[r];
        orders_[k] = coefficients[k] * x0_[r];
      }
    }
    w_ = net_.pair_vector();
    t0_ = net_.pair_vector();
    t1_ = net_.pair_vector();
    u_ = net_.row_vector();
    rphi_ = net_.row_vector();
    r_ = net_.row_vector();
    update_shares(true);
  }

  // ---- the daily step ---------------------------------------------------------------------
  void step(std::size_t t, ArioRun& out) {
    apply_events(t);
    // Demand: orders placed yesterday, final demand, reconstruction demand.
    LEONTIEF_CHECK_PETSC(MatMult(net_.flows(), w_.get(), u_.get()));
    {
      solver::VectorArray u(u_.get());
      for (std::size_t r = 0; r < local_; ++r) {
        demand_[r] = std::max(0.0, r_previous_[r] * u[static_cast<PetscInt>(r)] + y_[r] + rebuild_[r]);
      }
    }
    if (t > 0) overproduction();
    produce();
    distribute(t);
    order();
    account(t, out);
  }

  /// Capacity lost (Δ), final demand and reconstruction demand of day t.
  void apply_events(std::size_t t) {
    std::fill(delta_.begin(), delta_.end(), 0.0);
    std::fill(rebuild_.begin(), rebuild_.end(), 0.0);
    std::vector<double>& damage = damage_;
    damage.assign(local_, 0.0);
    for (std::size_t r = 0; r < local_; ++r) y_[r] = net_.baseline_final_demand()[r];
    std::vector<double> economy_rebuild;  // rebuilding products × G
    if (routing_) economy_rebuild.assign(routing_->count() * routing_->economies(), 0.0);
    const auto& labels = net_.table().labels();
    for (auto& s : states_) {
      const ArioEvent& e = *s.event;
      const double depth = e.profile(t);
      for (std::size_t k = 0; k < s.rows.size(); ++k) {
        const std::size_t r = s.rows[k];
        switch (e.kind) {
          case io::DynamicEventKind::capacity:
            delta_[r] = std::max(delta_[r], s.values[k] * depth);
            break;
          case io::DynamicEventKind::final_demand:
            y_[r] += s.base[k] * s.values[k] * depth;
            break;
          case io::DynamicEventKind::capital:
            if (t < e.start) break;
            if (e.recovery != io::RecoveryRule::rebuild) {
              damage[r] += s.values[k] * depth;
              break;
            }
            if (t == e.start) {
              for (std::size_t q = 0; q < e.rebuilding.size(); ++q) {
                s.stock[k * e.rebuilding.size() + q] = s.values[k] * e.rebuilding[q].second;
              }
            }
            for (std::size_t q = 0; q < e.rebuilding.size(); ++q) {
              const double stock = s.stock[k * e.rebuilding.size() + q];
              damage[r] += stock;
              if (e.recovering(t)) {
                const std::size_t g = labels.region_of_row(rb_ + r);
                economy_rebuild[static_cast<std::size_t>(s.stock_product[q]) *
                                    routing_->economies() + g] += stock / p_.rebuild_days;
              }
            }
            break;
        }
      }
    }
    for (std::size_t r = 0; r < local_; ++r) {
      if (capital_[r] > 0 && damage[r] > 0) delta_[r] = std::max(delta_[r], damage[r] / capital_[r]);
      delta_[r] = std::min(1.0, delta_[r]);
    }
    if (routing_) {
      // Every economy's reconstruction demand, routed to the suppliers of each product.
      LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, economy_rebuild.data(),
                                       static_cast<int>(economy_rebuild.size()), MPI_DOUBLE,
                                       MPI_SUM, net_.comm()));
      for (std::size_t r = 0; r < local_; ++r) {
        const int q = routing_->index((rb_ + r) % N_);
        if (q < 0) continue;
        for (std::size_t g = 0; g < routing_->economies(); ++g) {
          rebuild_[r] += routing_->share(r, g) *
                         economy_rebuild[static_cast<std::size_t>(q) * routing_->economies() + g];
        }
      }
    }
  }

  /// Overproduction (Hallegatte 2008): α rises towards α_max while demand exceeds
  /// yesterday's output, and falls back towards 1 otherwise, with time scale τ_α.
  void overproduction() {
    for (std::size_t r = 0; r < local_; ++r) {
      const double scarcity =
          short_of(demand_[r], output_[r]) ? (demand_[r] - output_[r]) / demand_[r] : 0.0;
      if (scarcity > 0) {
        alpha_[r] += (p_.alpha_max - alpha_[r]) * scarcity / p_.alpha_days;
      } else {
        alpha_[r] += (1.0 - alpha_[r]) / p_.alpha_days;
      }
      alpha_[r] = std::max(1.0, alpha_[r]);
    }
  }

  /// Output: demand, capped by capacity and by the scarcest input held in inventory.
  void produce() {
    const auto& coefficients = net_.input_coefficients();
    const auto& products = net_.pair_products();
    const auto& offsets = net_.pair_offsets();
    for (std::size_t r = 0; r < local_; ++r) {
      capacity_[r] = alpha_[r] * (1.0 - delta_[r]) * x0_[r];
      optimal_[r] = std::min(demand_[r], capacity_[r]);
      double x = optimal_[r];
      for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
        if (!constraining_[k]) continue;
        // ψ s a x ≤ ω: output falls in proportion to the shortage below ψ × target; never
        // more is used than is held.
        const double need = std::max(1.0, p_.psi * p_.inventory_days[products[k]]) * coefficients[k];
        x = std::min(x, stock_[k] / need);
      }
      output_[r] = std::max(0.0, x);
    }
  }

  /// Proportional rationing: supplier i delivers the share φ_i of every order, of final
  /// demand and of reconstruction demand; inventories take deliveries in and inputs out.
  void distribute(std::size_t t) {
    const auto& coefficients = net_.input_coefficients();
    const auto& offsets = net_.pair_offsets();
    {
      solver::VectorArray rphi(rphi_.get());
      for (std::size_t r = 0; r < local_; ++r) {
        phi_[r] = short_of(demand_[r], output_[r]) ? output_[r] / demand_[r] : 1.0;
        rphi[static_cast<PetscInt>(r)] = r_previous_[r] * phi_[r];
      }
    }
    LEONTIEF_CHECK_PETSC(MatMultTranspose(net_.flows(), rphi_.get(), t1_.get()));
    {
      solver::VectorArray w(w_.get()), delivered(t1_.get());
      for (std::size_t r = 0; r < local_; ++r) {
        for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
          if (!tracked_[k]) continue;
          const auto pk = static_cast<PetscInt>(k);
          stock_[k] += w[pk] * delivered[pk] - coefficients[k] * output_[r];
          // An input that never constrains output is taken to be found elsewhere.
          if (!constraining_[k]) stock_[k] = std::max(0.0, stock_[k]);
        }
      }
    }
    if (!routing_) return;
    // Reconstruction delivered: economy g gets the share θ_pg = Σ_i s_ig φ_i of its demand.
    const std::size_t G = routing_->economies();
    std::vector<double> theta(routing_->count() * G, 0.0);
    for (std::size_t r = 0; r < local_; ++r) {
      const int q = routing_->index((rb_ + r) % N_);
      if (q < 0) continue;
      for (std::size_t g = 0; g < G; ++g) {
        theta[static_cast<std::size_t>(q) * G + g] += routing_->share(r, g) * phi_[r];
      }
    }
    LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, theta.data(), static_cast<int>(theta.size()),
                                     MPI_DOUBLE, MPI_SUM, net_.comm()));
    const auto& labels = net_.table().labels();
    for (auto& s : states_) {
      const ArioEvent& e = *s.event;
      if (s.stock.empty() || !e.recovering(t)) continue;
      for (std::size_t k = 0; k < s.rows.size(); ++k) {
        const std::size_t g = labels.region_of_row(rb_ + s.rows[k]);
        for (std::size_t q = 0; q < e.rebuilding.size(); ++q) {
          double& stock = s.stock[k * e.rebuilding.size() + q];
          stock -= std::min(1.0, theta[static_cast<std::size_t>(s.stock_product[q]) * G + g]) *
                   stock / p_.rebuild_days;
        }
      }
    }
  }

  /// Orders for tomorrow: the inputs used today plus 1/τ_inv of the gap to the target
  /// inventory s × a × x_opt, split over suppliers (order rule).
  void order() {
    const auto& coefficients = net_.input_coefficients();
    const auto& products = net_.pair_products();
    const auto& offsets = net_.pair_offsets();
    for (std::size_t r = 0; r < local_; ++r) {
      for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
        double gap = 0;
        if (tracked_[k]) {
          const double target = p_.inventory_days[products[k]] * coefficients[k] * optimal_[r];
          gap = std::max(0.0, target - stock_[k]);
        }
        orders_[k] = gap / p_.inventory_restoration_days + coefficients[k] * output_[r];
      }
      r_current_[r] = p_.order_rule == OrderRule::capacity ? alpha_[r] * (1.0 - delta_[r]) : 1.0;
    }
    update_shares(false);
    r_previous_ = r_current_;
  }

  /// w = orders / (Ẑ' r): Ẑ' r is recomputed only when some capacity ratio r changed.
  void update_shares(bool first) {
    int changed = first || r_current_ != r_previous_ ? 1 : 0;
    LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, &changed, 1, MPI_INT, MPI_MAX, net_.comm()));
    if (changed) {
      {
        solver::VectorArray a(r_.get());
        for (std::size_t k = 0; k < local_; ++k) a[static_cast<PetscInt>(k)] = r_current_[k];
      }
      LEONTIEF_CHECK_PETSC(MatMultTranspose(net_.flows(), r_.get(), t0_.get()));
    }
    solver::VectorArray w(w_.get()), weighted(t0_.get());
    for (std::size_t k = 0; k < pairs_; ++k) {
      const auto pk = static_cast<PetscInt>(k);
      w[pk] = weighted[pk] > 0 ? orders_[k] / weighted[pk] : 0.0;
    }
  }

  // ---- results ------------------------------------------------------------------------------
  void prepare_results(ArioRun& out) {
    out.sector_losses.assign(local_ * kArioMeasureCount, 0.0);
    out.economy_losses.assign(economies_ * kArioMeasureCount, 0.0);
    const std::size_t T = out.recorded_days.size();
    if (series_ == SeriesLevel::sector) {
      out.sector_production.assign(local_ * T, 0.0);
      out.sector_unmet_final_demand.assign(local_ * T, 0.0);
      out.sector_inventories.assign(local_ * T, 0.0);
    }
    if (series_ != SeriesLevel::none) {
      out.economy_production.assign(economies_ * T, 0.0);
      out.economy_unmet_final_demand.assign(economies_ * T, 0.0);
      out.economy_inventories.assign(economies_ * T, 0.0);
    }
    last_off_.assign(local_, -1);
    economy_last_off_.assign(economies_, -1);
    world_path_.assign(p_.days, 0.0);
    economy_x0_.assign(economies_, 0.0);
    for (std::size_t r = 0; r < local_; ++r) economy_x0_[r / N_] += x0_[r];
    out.sector_baseline = x0_;
    out.economy_baseline = economy_x0_;
    recorded_ = 0;
  }

  void account(std::size_t t, ArioRun& out) {
    const auto& offsets = net_.pair_offsets();
    const bool record = recorded_ < out.recorded_days.size() && out.recorded_days[recorded_] == t;
    const std::size_t T = out.recorded_days.size();
    std::vector<double> economy_output(economies_, 0.0);
    for (std::size_t r = 0; r < local_; ++r) {
      double* m = &out.sector_losses[r * kArioMeasureCount];
      const double shortfall = std::max(0.0, x0_[r] - output_[r]);
      const double direct = std::max(0.0, x0_[r] - capacity_[r]);
      const double unmet = std::max(0.0, y_[r]) * (1.0 - phi_[r]);
      m[0] += direct;
      m[1] += shortfall - direct;
      m[2] += shortfall;
      m[3] += output_[r] - x0_[r];
      m[4] += v_[r] * shortfall;
      m[5] += unmet;
      if (std::abs(output_[r] - x0_[r]) > p_.recovery_tolerance * x0_[r]) {
        last_off_[r] = static_cast<long>(t);
      }
      const std::size_t e = r / N_;
      economy_output[e] += output_[r];
      if (record) {
        double inventory = 0;
        for (std::size_t k = offsets[r]; k < offsets[r + 1]; ++k) {
          if (tracked_[k]) inventory += stock_[k];
        }
        if (series_ == SeriesLevel::sector) {
          out.sector_production[r * T + recorded_] = output_[r];
          out.sector_unmet_final_demand[r * T + recorded_] = unmet;
          out.sector_inventories[r * T + recorded_] = inventory;
        }
        if (series_ != SeriesLevel::none) {
          out.economy_production[e * T + recorded_] += output_[r];
          out.economy_unmet_final_demand[e * T + recorded_] += unmet;
          out.economy_inventories[e * T + recorded_] += inventory;
        }
      }
    }
    for (std::size_t e = 0; e < economies_; ++e) {
      if (std::abs(economy_output[e] - economy_x0_[e]) > p_.recovery_tolerance * economy_x0_[e]) {
        economy_last_off_[e] = static_cast<long>(t);
      }
      world_path_[t] += economy_output[e];
    }
    if (record) ++recorded_;
  }

  double days_to_recovery(long last_off, std::size_t first) const {
    if (last_off < 0) return 0;
    if (static_cast<std::size_t>(last_off) + 1 >= p_.days) return kNaN;
    const auto back = static_cast<std::size_t>(last_off) + 1;
    return back > first ? static_cast<double>(back - first) : 0.0;
  }

  void finish_results(ArioRun& out) {
    const std::size_t first = out.first_event_day;
    for (std::size_t r = 0; r < local_; ++r) {
      double* m = &out.sector_losses[r * kArioMeasureCount];
      m[kDaysToRecovery] = days_to_recovery(last_off_[r], first);
      double* em = &out.economy_losses[(r / N_) * kArioMeasureCount];
      for (std::size_t k = 0; k < kDaysToRecovery; ++k) em[k] += m[k];
    }
    for (std::size_t e = 0; e < economies_; ++e) {
      out.economy_losses[e * kArioMeasureCount + kDaysToRecovery] =
          days_to_recovery(economy_last_off_[e], first);
    }
    // The world: sums of the economies, and the recovery of world output.
    out.world_losses.assign(kArioMeasureCount, 0.0);
    for (std::size_t e = 0; e < economies_; ++e) {
      for (std::size_t k = 0; k < kDaysToRecovery; ++k) {
        out.world_losses[k] += out.economy_losses[e * kArioMeasureCount + k];
      }
    }
    double world_x0 = 0;
    for (double x : economy_x0_) world_x0 += x;
    const MPI_Comm comm = net_.comm();
    LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, out.world_losses.data(),
                                     static_cast<int>(kDaysToRecovery), MPI_DOUBLE, MPI_SUM, comm));
    LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, world_path_.data(),
                                     static_cast<int>(world_path_.size()), MPI_DOUBLE, MPI_SUM, comm));
    LEONTIEF_CHECK_MPI(MPI_Allreduce(MPI_IN_PLACE, &world_x0, 1, MPI_DOUBLE, MPI_SUM, comm));
    long last_off = -1;
    for (std::size_t t = 0; t < p_.days; ++t) {
      if (std::abs(world_path_[t] - world_x0) > p_.recovery_tolerance * world_x0) {
        last_off = static_cast<long>(t);
      }
    }
    out.world_losses[kDaysToRecovery] = days_to_recovery(last_off, first);
  }

  const ArioNetwork& net_;
  const ArioParameters& p_;
  SeriesLevel series_;
  std::size_t N_, local_, rb_, pairs_, economies_;
  std::vector<ArioEvent> events_;
  std::vector<EventState> states_;
  std::unique_ptr<RebuildRouting> routing_;
  // Per local industry.
  std::vector<double> x0_, v_, capital_, alpha_, delta_, y_, rebuild_, demand_, capacity_,
      optimal_, output_, phi_, r_previous_, r_current_, damage_;
  // Per local pair.
  std::vector<double> stock_, orders_;
  std::vector<char> tracked_, constraining_;
  solver::Vector w_, t0_, t1_, u_, rphi_, r_;
  // Accounting.
  std::vector<long> last_off_, economy_last_off_;
  std::vector<double> world_path_, economy_x0_;
  std::size_t recorded_ = 0;
};

}  // namespace

ArioRun simulate_ario(const ArioNetwork& network, const ArioParameters& parameters,
                      const std::vector<ArioEvent>& events, SeriesLevel series) {
  if (parameters.inventory_days.size() != network.table().labels().sector_count()) {
    throw Error("ARIO parameters: inventory targets for " +
                std::to_string(parameters.inventory_days.size()) + " products, the table has " +
                std::to_string(network.table().labels().sector_count()) + " sectors");
  }
  Simulation simulation(network, parameters, events, series);
  return simulation.run();
}

}  // namespace leontief::decomposition
