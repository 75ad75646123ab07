#include "decomposition/position/position_chains.hpp"

#include "decomposition/position/position_products.hpp"

namespace leontief::decomposition {

namespace {

void split_final_demand(const GvcContext& c, ProductionChains& p) {
  const auto& y = c.final_demand();
  p.y.assign(c.n(), 0.0);
  p.yd.assign(c.n(), 0.0);
  p.yf.assign(c.n(), 0.0);
  for (std::size_t i = 0; i < c.n(); ++i) {
    for (std::size_t r = 0; r < c.regions(); ++r) p.y[i] += y(i, r);
    p.yd[i] = y(i, c.region_of(i));
    p.yf[i] = p.y[i] - p.yd[i];
  }
  p.exports.assign(c.n(), 0.0);
  for (std::size_t i = 0; i < c.n(); ++i) {
    for (std::size_t r = 0; r < c.regions(); ++r) p.exports[i] += c.exports()(i, r);
  }
}

/// W(k, s) = Σ_{t≠r(k), t≠s} Y_kt for rows k outside s: final demand of third countries for
/// the products of k's economy r. B·W restricted to the rows of s and column s gives
/// Σ_{r≠s} B_sr Σ_{t≠s,r} Y_rt, the chain of KWW's re-exported intermediates (DVA_INTrex).
DenseMatrix third_country_final_demand(const GvcContext& c) {
  const auto& y = c.final_demand();
  DenseMatrix w(c.n(), c.regions());
  for (std::size_t k = 0; k < c.n(); ++k) {
    const std::size_t home = c.region_of(k);
    double exported = 0.0;
    for (std::size_t t = 0; t < c.regions(); ++t) exported += t == home ? 0.0 : y(k, t);
    for (std::size_t s = 0; s < c.regions(); ++s) {
      if (s != home) w(k, s) = exported - y(k, s);
    }
  }
  return w;
}

/// @note Collective: two solves with B.
void forward_chains(const GvcContext& c, ProductionChains& p) {
  const std::size_t G = c.regions();
  const DenseMatrix y = column(p.y);
  const DenseMatrix x_by_economy = split_by_economy(c, c.gross_output());
  const DenseMatrix w = third_country_final_demand(c);
  const DenseMatrix first = c.leontief(join_columns({&y, &x_by_economy, &w}));
  p.b_y = column_of(first, 0);
  p.b_x = column_block(first, 1, G);
  p.b_iv = column_block(first, 1 + G, G);
  p.af_b_iv = foreign_technical(c, p.b_iv);

  const DenseMatrix b_y = column(p.b_y);
  const DenseMatrix second = c.leontief(join_columns({&b_y, &p.b_x}));
  p.bb_y = column_of(second, 0);
  p.bb_x = column_block(second, 1, G);

  const DenseMatrix yd = column(p.yd), yf = column(p.yf);
  const DenseMatrix l_y = c.domestic(join_columns({&yd, &yf}));
  const DenseMatrix ll_y = c.domestic(l_y);
  p.l_yd = column_of(l_y, 0);
  p.l_yf = column_of(l_y, 1);
  p.ll_yd = column_of(ll_y, 0);
  p.ll_yf = column_of(ll_y, 1);

  // Value added leaves its economy through A^F after its domestic stages (L) and before the
  // stages abroad (B): L A^F applied to B y, B B y and L y^D.
  const DenseMatrix bb_y = column(p.bb_y), l_yd = column(p.l_yd);
  const DenseMatrix l_af = c.domestic(foreign_technical(c, join_columns({&b_y, &bb_y, &l_yd})));
  p.l_af_b_y = column_of(l_af, 0);
  p.l_af_bb_y = column_of(l_af, 1);
  p.l_af_l_yd = column_of(l_af, 2);
  p.ll_af_b_y = column_of(c.domestic(column(p.l_af_b_y)), 0);
}

/// @note Collective: two transposed solves with B.
void backward_chains(const GvcContext& c, ProductionChains& p) {
  const std::size_t G = c.regions();
  const DenseMatrix v = column(c.va_coefficients());
  p.v_l = column_of(c.domestic_transpose(v), 0);
  p.v_ll = column_of(c.domestic_transpose(column(p.v_l)), 0);
  const DenseMatrix v_l = column(p.v_l), v_ll = column(p.v_ll);
  const DenseMatrix v_l_af = foreign_technical_transpose(c, join_columns({&v_l, &v_ll}));
  const DenseMatrix ones_by_economy = split_by_economy(c, std::vector<double>(c.n(), 1.0));
  const DenseMatrix v_by_economy = split_by_economy(c, c.va_coefficients());

  const DenseMatrix first =
      c.leontief_transpose(join_columns({&v, &v_l_af, &ones_by_economy, &v_by_economy}));
  p.v_b = column_of(first, 0);
  p.v_l_af_b = column_of(first, 1);
  p.v_ll_af_b = column_of(first, 2);
  p.bt_1 = column_block(first, 3, G);
  p.vb = column_block(first, 3 + G, G);
  p.v_l_af_l = column_of(c.domestic_transpose(column_block(v_l_af, 0, 1)), 0);

  const DenseMatrix v_b = column(p.v_b), v_l_af_b = column(p.v_l_af_b);
  const DenseMatrix second = c.leontief_transpose(join_columns({&v_b, &v_l_af_b, &p.bt_1}));
  p.v_bb = column_of(second, 0);
  p.v_l_af_bb = column_of(second, 1);
  p.btbt_1 = column_block(second, 2, G);
}

}  // namespace

ProductionChains production_chains(const GvcContext& context) {
  ProductionChains p;
  split_final_demand(context, p);
  forward_chains(context, p);
  backward_chains(context, p);
  return p;
}

}  // namespace leontief::decomposition
