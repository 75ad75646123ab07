#include "decomposition/equilibrium/cp2015_welfare.hpp"

#include <cmath>

namespace leontief::decomposition::cp2015 {

WelfareEffects welfare_effects(const ModelInputs& in, const std::vector<double>& final_shares,
                               const BaseState& base,
                               const std::vector<double>& counterfactual_tariffs,
                               const std::vector<double>& surplus, const Equilibrium& eq) {
  const std::size_t N = in.region_count(), J = in.sector_count();
  WelfareEffects w;
  w.welfare.assign(N, 0.0);
  w.terms_of_trade.assign(N, 0.0);
  w.volume_of_trade.assign(N, 0.0);
  w.real_wage.assign(N, 0.0);
  w.real_income.assign(N, 0.0);
  w.price_index_hat.assign(N, 1.0);
  w.income_hat.assign(N, 1.0);
  w.income.assign(N, 0.0);
  w.tariff_revenue.assign(N, 0.0);
  w.terms_of_trade_by_partner.assign(J * N * N, 0.0);
  w.volume_of_trade_by_partner.assign(J * N * N, 0.0);

  for (std::size_t n = 0; n < N; ++n) {
    const double income = base.value_added[n] + base.tariff_revenue[n] - surplus[n];
    double log_price = 0, revenue = 0, tot = 0, vot = 0;
    for (std::size_t j = 0; j < J; ++j) {
      log_price += final_shares[n * J + j] * std::log(eq.price_hat[n * J + j]);
      const double own_cost = eq.cost_hat[n * J + j] - 1;
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t k = in.flow_index(j, n, i);
        revenue += counterfactual_tariffs[k] * eq.flows[k];
        if (i == n) continue;  // domestic sales cancel in the terms of trade, carry no tariff
        const double imports = base.flows[k];                       // M_ni
        const double exports = base.flows[in.flow_index(j, i, n)];  // E_ni = M_in
        const double partner_cost = eq.cost_hat[i * J + j] - 1;
        const double t = (exports * own_cost - imports * partner_cost) / income;
        double v = 0;
        if (imports > 0) {
          v = base.tariffs[k] * imports * ((eq.flows[k] / imports - 1) - partner_cost) / income;
        }
        w.terms_of_trade_by_partner[k] = t;
        w.volume_of_trade_by_partner[k] = v;
        tot += t;
        vot += v;
      }
    }
    w.terms_of_trade[n] = tot;
    w.volume_of_trade[n] = vot;
    w.welfare[n] = tot + vot;
    w.price_index_hat[n] = std::exp(log_price);
    w.tariff_revenue[n] = revenue;
    w.income[n] = eq.wage_hat[n] * base.value_added[n] + revenue - surplus[n];
    w.income_hat[n] = w.income[n] / income;
    w.real_wage[n] = eq.wage_hat[n] / w.price_index_hat[n] - 1;
    w.real_income[n] = w.income_hat[n] / w.price_index_hat[n] - 1;
  }
  return w;
}

}  // namespace leontief::decomposition::cp2015
