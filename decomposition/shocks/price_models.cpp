#include "decomposition/shocks/price_models.hpp"

#include <cmath>
#include <limits>

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "solver/phase.hpp"

namespace leontief::decomposition {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Base prices p₀ = B'v, shared by the price, tariff and forward-extraction models.
SolveBatch::Slot base_prices(const GvcContext& c, SolveBatch& batch) {
  DenseMatrix v(c.n(), 1);
  for (std::size_t i = 0; i < c.n(); ++i) v(i, 0) = c.va_coefficients()[i];
  return batch.add_shared("base_prices", v, true);
}

// ---------------------------------------------------------------------------------------
class PriceRun final : public ShockModelRun {
 public:
  PriceRun(const GvcContext& c, ModelScenarios s) : c_(c), s_(std::move(s)) {}

  void request(SolveBatch& batch) override {
    const std::size_t n = c_.n(), k = s_.size();
    const auto& v = c_.va_coefficients();
    dv_ = DenseMatrix(n, k);
    for (std::size_t col = 0; col < k; ++col) {
      const io::Scenario& s = *s_.list[col];
      for (const auto& e : s.cost) {
        dv_(e.row, col) +=
            s.units == io::ShockUnits::percent ? e.value * unit_scale(s) * v[e.row] : e.value;
      }
    }
    slot_ = batch.add(dv_, true);
    base_ = base_prices(c_, batch);
  }

  std::vector<TermTable> tables(const SolveBatch& batch) override {
    const std::size_t n = c_.n(), N = c_.sectors(), G = c_.regions();
    const auto& x = c_.gross_output();
    const auto& y = c_.final_demand();
    TermTable sector =
        scenario_table("price_sector", "cost-push price model (I - A)'p = v + dv by economy-sector",
                       ShockLevel::sector, {"dv", "p_base", "dp", "p", "dp_pct"}, s_);
    TermTable economy = scenario_table(
        "price_economy",
        "cost-push price model: output prices of each economy (output-weighted) and consumer "
        "prices of its final demand (final-demand-weighted)",
        ShockLevel::economy, {"output_price_pct", "consumer_price_pct"}, s_);
    for (std::size_t col = s_.owned_begin; col < s_.owned_end; ++col) {
      std::vector<double> out_change(G, 0.0), out_base(G, 0.0);
      std::vector<double> cons_change(G, 0.0), cons_base(G, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        const double p0 = batch(base_, i, 0), dp = batch(slot_, i, col);
        // A sector without output has no unit cost: its price is NA (its p0 solves to v = 0).
        const double p0_reported = x[i] > 0.0 ? p0 : kNaN;
        sector.add_row(
            {static_cast<long>(col), static_cast<long>(i / N), static_cast<long>(i % N)},
            {dv_(i, col), p0_reported, dp, p0_reported + dp, 100.0 * ratio(dp, p0_reported)});
        out_change[c_.region_of(i)] += x[i] * dp;
        out_base[c_.region_of(i)] += x[i] * p0;
        for (std::size_t r = 0; r < G; ++r) {
          cons_change[r] += y(i, r) * dp;
          cons_base[r] += y(i, r) * p0;
        }
      }
      for (std::size_t g = 0; g < G; ++g) {
        economy.add_row({static_cast<long>(col), static_cast<long>(g)},
                        {100.0 * ratio(out_change[g], out_base[g]),
                         100.0 * ratio(cons_change[g], cons_base[g])});
      }
    }
    return {std::move(sector), std::move(economy)};
  }

 private:
  const GvcContext& c_;
  ModelScenarios s_;
  DenseMatrix dv_;
  SolveBatch::Slot slot_, base_;
};

// ---------------------------------------------------------------------------------------
class TariffRun final : public ShockModelRun {
 public:
  TariffRun(const GvcContext& c, ModelScenarios s, const solver::LeontiefOptions& options)
      : c_(c), s_(std::move(s)), options_(options) {}

  void request(SolveBatch& batch) override {
    const std::size_t n = c_.n(), k = s_.size(), G = c_.regions(), N = c_.sectors();
    if (N == 0) throw_library_error("empty table", __FILE__, __LINE__);
    const auto& table = c_.table();
    const auto& part = table.partition();
    const auto& x = c_.gross_output();
    const auto& e = c_.exports();
    nominal_ = DenseMatrix(G * N, k);
    // Column sums over this rank's rows, reduced below: (A∘T)'1 in columns [0, k), Corden's
    // input tariffs Σ_k ā_kj t_(r(j), k) in columns [k, 2k).
    DenseMatrix partial(n, 2 * k), reduced(n, 2 * k);
    for (std::size_t col = 0; col < k; ++col) {
      const auto tau = tariff_rates(*s_.list[col], G, N);
      // Nominal tariff of importer r on product k: import-weighted over exporters s ≠ r (the
      // simple mean where r imports none of it).
      for (std::size_t r = 0; r < G; ++r) {
        for (std::size_t kk = 0; kk < N; ++kk) {
          double weighted = 0.0, weight = 0.0, plain = 0.0;
          for (std::size_t s = 0; s < G; ++s) {
            if (s == r) continue;
            const double rate = tau[(s * G + r) * N + kk], m = e(s * N + kk, r);
            weighted += m * rate;
            weight += m;
            plain += rate;
          }
          nominal_(r * N + kk, col) =
              weight > 0.0 ? weighted / weight : (G > 1 ? plain / static_cast<double>(G - 1) : 0.0);
        }
      }
      for (std::size_t row = 0; row < part.local_rows(); ++row) {
        const std::size_t i = part.row_begin() + row, s = i / N, kk = i % N;
        table.for_each_flow(row, [&](std::size_t j, double z) {
          if (!(x[j] > 0.0)) return;
          const double a = z / x[j];
          const std::size_t r = j / N;
          if (r != s) partial(j, col) += a * tau[(s * G + r) * N + kk];
          partial(j, k + col) += a * nominal_(r * N + kk, col);
        });
      }
    }
    LEONTIEF_CHECK_MPI(MPI_Allreduce(partial.data().data(), reduced.data().data(),
                                     static_cast<int>(partial.data().size()), MPI_DOUBLE, MPI_SUM,
                                     table.comm()));
    direct_ = DenseMatrix(n, k);
    corden_inputs_ = DenseMatrix(n, k);
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t col = 0; col < k; ++col) {
        direct_(j, col) = reduced(j, col);
        corden_inputs_(j, col) = reduced(j, k + col);
      }
    }
    first_order_ = batch.add(direct_, true);  // (I − A)'c = (A∘T)'1
    base_ = base_prices(c_, batch);
  }

  std::vector<TermTable> tables(const SolveBatch& batch) override {
    const std::size_t n = c_.n(), N = c_.sectors(), G = c_.regions(), k = s_.size();
    const auto& x = c_.gross_output();
    const auto& v = c_.va_coefficients();
    const auto& y = c_.final_demand();
    std::vector<double> p0(n);
    for (std::size_t i = 0; i < n; ++i) p0[i] = batch(base_, i, 0);
    // Compounding prices: every rank joins every scenario's factorization (collective), and
    // keeps the prices of the scenarios it owns.
    DenseMatrix compounding(n, k, kNaN);
    for (std::size_t col = 0; col < k; ++col) {
      if (!s_.list[col]->compounding) continue;
      const auto p = compounding_prices(*s_.list[col]);
      for (std::size_t i = 0; i < n; ++i) compounding(i, col) = p[i];
    }
    TermTable sector = scenario_table(
        "tariff_sector",
        "tariffs along value chains by economy-sector: nominal tariff on the sector's product, "
        "direct input tariffs, cumulative incidence (first-order and compounding), effective "
        "rates of protection (Corden and GVC)",
        ShockLevel::sector,
        {"nominal_tariff", "input_tariff_direct", "incidence_first_order", "incidence_compounding",
         "erp_corden", "erp_gvc"},
        s_);
    TermTable economy = scenario_table(
        "tariff_economy",
        "tariffs along value chains by economy: output-weighted cumulative incidence of its "
        "sectors and the consumer price effect on its final demand",
        ShockLevel::economy,
        {"incidence_first_order", "incidence_compounding", "consumer_price_first_order",
         "consumer_price_compounding"},
        s_);
    for (std::size_t col = s_.owned_begin; col < s_.owned_end; ++col) {
      const auto tau = tariff_rates(*s_.list[col], G, N);
      std::vector<double> out_first(G, 0.0), out_comp(G, 0.0), out_weight(G, 0.0);
      std::vector<double> cons_first(G, 0.0), cons_comp(G, 0.0), cons_base(G, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t s = i / N, kk = i % N;
        const double t = nominal_(i, col);  // the importer is the sector's own economy
        const double c = batch(first_order_, i, col);
        const double p = compounding(i, col), inc = p - p0[i];
        sector.add_row({static_cast<long>(col), static_cast<long>(s), static_cast<long>(kk)},
                       {t, direct_(i, col), c, inc, ratio(t - corden_inputs_(i, col), v[i]),
                        ratio(t - c, v[i])});
        out_first[s] += x[i] * c;
        out_comp[s] += x[i] * inc;
        out_weight[s] += x[i] * p0[i];
        // Final demand of r buys i at (1 + τ) times its price when imported.
        for (std::size_t r = 0; r < G; ++r) {
          const double rate = r == s ? 0.0 : tau[(s * G + r) * N + kk];
          cons_first[r] += y(i, r) * (c + rate * p0[i]);
          cons_comp[r] += y(i, r) * ((1.0 + rate) * p - p0[i]);
          cons_base[r] += y(i, r) * p0[i];
        }
      }
      for (std::size_t g = 0; g < G; ++g) {
        economy.add_row({static_cast<long>(col), static_cast<long>(g)},
                        {ratio(out_first[g], out_weight[g]), ratio(out_comp[g], out_weight[g]),
                         ratio(cons_first[g], cons_base[g]), ratio(cons_comp[g], cons_base[g])});
      }
    }
    return {std::move(sector), std::move(economy)};
  }

 private:
  /// p from (I − A∘(11' + T))'p = v, on a factorization of its own. @note Collective.
  std::vector<double> compounding_prices(const io::Scenario& s) const {
    const std::size_t G = c_.regions(), N = c_.sectors();
    const auto tau = tariff_rates(s, G, N);
    solver::Phase phase("tariff compounding");
    log::info("scenario " + s.name + ": I - A*(11'+T) gets a factorization of its own");
    const solver::CoefficientMarkup markup = [&tau, G, N](std::size_t i, std::size_t j) {
      const std::size_t from = i / N, to = j / N;
      return from == to ? 1.0 : 1.0 + tau[(from * G + to) * N + i % N];
    };
    std::unique_ptr<solver::LeontiefOperator> factored;
    try {
      factored = std::make_unique<solver::LeontiefOperator>(c_.table(), options_, markup);
    } catch (const InputError& e) {
      // Name the scenario: tariffs high enough to make A∘(11' + T) non-productive.
      throw InputError(s.origin + ": scenario '" + s.name +
                           "': with these tariffs the tariff-inclusive coefficients "
                           "A*(11'+T) are not productive (compounding has no solution): " +
                           e.what(),
                       e.collective());
    }
    const solver::LeontiefOperator& op = *factored;
    const auto& part = c_.table().partition();
    solver::Matrix rhs = op.create_dense(1);
    {
      solver::DenseArray a(rhs.get());
      for (std::size_t r = 0; r < part.local_rows(); ++r) {
        a(static_cast<PetscInt>(r), 0) = c_.va_coefficients()[part.row_begin() + r];
      }
    }
    solver::Matrix p = op.solve_transpose(rhs.get());
    DenseMatrix local(part.local_rows(), 1);
    {
      solver::DenseArray a(p.get());
      for (std::size_t r = 0; r < part.local_rows(); ++r)
        local(r, 0) = a(static_cast<PetscInt>(r), 0);
    }
    return c_.gather_rows(local).data();
  }

  const GvcContext& c_;
  ModelScenarios s_;
  solver::LeontiefOptions options_;
  DenseMatrix nominal_, direct_, corden_inputs_;
  SolveBatch::Slot first_order_, base_;
};

}  // namespace

std::vector<double> tariff_rates(const io::Scenario& scenario, std::size_t regions,
                                 std::size_t sectors) {
  std::vector<double> tau(regions * regions * sectors, 0.0);
  const double scale = unit_scale(scenario);
  for (const auto& e : scenario.tariffs) {
    const std::size_t s = e.row / sectors, k = e.row % sectors;
    tau[(s * regions + e.partner) * sectors + k] = e.value * scale;
  }
  return tau;
}

std::unique_ptr<ShockModelRun> price_model(const GvcContext& context, ModelScenarios scenarios) {
  return std::make_unique<PriceRun>(context, std::move(scenarios));
}

std::unique_ptr<ShockModelRun> tariff_model(const GvcContext& context, ModelScenarios scenarios,
                                            const solver::LeontiefOptions& options) {
  return std::make_unique<TariffRun>(context, std::move(scenarios), options);
}

}  // namespace leontief::decomposition
