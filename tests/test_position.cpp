/// Position measures (decomposition/position/position.cpp): Wang–Wei–Yu–Zhu participation on the
/// leather table against published values (MeasureGVC, decompr objects), every sector value
/// against serial dense formulas built from explicit n x n matrices, the accounting identities
/// on random balanced tables, the boundary values of upstreamness and downstreamness, the
/// rule for zero-output sectors, and the KPWW index against the KWW terms.
/// Run at 1, 2 and 4 ranks; each rank checks the rows of its own economies.

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "decomposition/methods.hpp"
#include "tests/support.hpp"

using namespace leontief;
using decomposition::TermTable;

namespace {

const std::string kLeatherCsv = std::string(LEONTIEF_TEST_DATA_DIR) + "/leather/leather.csv";

/// x = Z·1 + Y·1 and VA = x − 1'Z after the flows of a table were edited.
void rebalance(test::DenseTable& t) {
  const std::size_t n = t.n(), fd = t.labels.final_demand_columns();
  for (std::size_t i = 0; i < n; ++i) {
    t.x[i] = 0.0;
    for (std::size_t j = 0; j < n; ++j) t.x[i] += t.z[i * n + j];
    for (std::size_t k = 0; k < fd; ++k) t.x[i] += t.y[i * fd + k];
  }
  for (std::size_t j = 0; j < n; ++j) {
    t.va[j] = t.x[j];
    for (std::size_t i = 0; i < n; ++i) t.va[j] -= t.z[i * n + j];
  }
}

using Dense = std::vector<double>;  // n x n, row-major

Dense multiply(const Dense& a, const Dense& b, std::size_t n) {
  Dense c(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < n; ++k) {
      const double aik = a[i * n + k];
      if (aik == 0.0) continue;
      for (std::size_t j = 0; j < n; ++j) c[i * n + j] += aik * b[k * n + j];
    }
  }
  return c;
}

Dense diagonal(const std::vector<double>& d) {
  const std::size_t n = d.size();
  Dense m(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) m[i * n + i] = d[i];
  return m;
}

Dense minus(const Dense& a, const Dense& b) {
  Dense c(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) c[k] = a[k] - b[k];
  return c;
}

std::vector<double> row_sums(const Dense& m, std::size_t n) {
  std::vector<double> s(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) s[i] += m[i * n + j];
  }
  return s;
}

std::vector<double> column_sums(const Dense& m, std::size_t n) {
  std::vector<double> s(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) s[j] += m[i * n + j];
  }
  return s;
}

/// The WWYZ matrices written out in full: V̂BŶ = V̂LŶ^D + V̂LŶ^F + V̂LA^F LŶ^D +
/// V̂LA^F(BŶ − LŶ^D), and their gross-output versions, as in Wang et al. (2017a, b).
struct Reference {
  std::size_t n, G, N;
  Dense b, l, af, vhat, yhat, ydhat, yfhat, bb;
  std::vector<double> v, x, y, yd;
  explicit Reference(const test::DenseTable& t)
      : n(t.n()), G(t.labels.region_count()), N(t.labels.sector_count()), x(t.x) {
    b = test::dense_leontief_inverse(t);
    test::DenseTable domestic = t;
    af.assign(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i / N == j / N) continue;
        domestic.z[i * n + j] = 0.0;
        af[i * n + j] = t.x[j] > 0.0 ? t.z[i * n + j] / t.x[j] : 0.0;
      }
    }
    l = test::dense_leontief_inverse(domestic);
    bb = multiply(b, b, n);
    v.assign(n, 0.0);
    y.assign(n, 0.0);
    yd.assign(n, 0.0);
    const std::size_t F = t.labels.category_count();
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = t.x[i] > 0.0 ? t.va[i] / t.x[i] : 0.0;
      for (std::size_t k = 0; k < G * F; ++k) {
        y[i] += t.y[i * G * F + k];
        if (k / F == i / N) yd[i] += t.y[i * G * F + k];
      }
    }
    std::vector<double> yf(n);
    for (std::size_t i = 0; i < n; ++i) yf[i] = y[i] - yd[i];
    vhat = diagonal(v);
    yhat = diagonal(y);
    ydhat = diagonal(yd);
    yfhat = diagonal(yf);
  }
  Dense chain(std::initializer_list<const Dense*> factors) const {
    Dense out = **factors.begin();
    for (auto it = factors.begin() + 1; it != factors.end(); ++it) out = multiply(out, **it, n);
    return out;
  }
};

long key(const TermTable& t, std::size_t row, std::size_t k) {
  return t.local_keys[row * t.keys.size() + k];
}

using test::close;

struct Run {
  solver::DistributedTable table;
  solver::LeontiefOperator op;
  decomposition::GvcContext context;
  std::vector<TermTable> tables;
  explicit Run(const test::DenseTable& t)
      : table(test::distribute(MPI_COMM_WORLD, t)),
        op(table),
        context(table, op),
        tables(decomposition::position(context)) {
    REQUIRE(tables.size() == 2);
    REQUIRE(tables[0].name == "position_economy");
    REQUIRE(tables[1].name == "position_sector");
  }
  const TermTable& economy() const { return tables[0]; }
  const TermTable& sector() const { return tables[1]; }
};

/// Every sector row against the full matrices of Reference.
void check_sectors_against_reference(const TermTable& sector, const Reference& r) {
  const std::size_t n = r.n, N = r.N;
  // Forward rows and backward columns of the four WWYZ blocks (value added and output).
  const Dense l_yd = r.chain({&r.vhat, &r.l, &r.ydhat});
  const Dense l_yf = r.chain({&r.vhat, &r.l, &r.yfhat});
  const Dense gvc_s = r.chain({&r.vhat, &r.l, &r.af, &r.l, &r.ydhat});
  const Dense gvc = r.chain({&r.vhat, &r.l, &r.af, &r.b, &r.yhat});
  const Dense gvc_c = minus(gvc, gvc_s);
  const Dense x_gvc_d = r.chain({&r.vhat, &r.l, &r.l, &r.af, &r.b, &r.yhat});
  const Dense x_gvc_f = r.chain({&r.vhat, &r.l, &r.af, &r.b, &r.b, &r.yhat});
  const Dense x_total = r.chain({&r.vhat, &r.b, &r.b, &r.yhat});
  const Dense va_total = r.chain({&r.vhat, &r.b, &r.yhat});
  const auto fw = [&](const Dense& m) { return row_sums(m, n); };
  const auto bw = [&](const Dense& m) { return column_sums(m, n); };
  const auto v_d = fw(l_yd), v_rt = fw(l_yf), v_s = fw(gvc_s), v_c = fw(gvc_c), va = fw(va_total);
  const auto y_d = bw(l_yd), y_rt = bw(l_yf), y_s = bw(gvc_s), y_c = bw(gvc_c), yy = bw(va_total);
  const auto xv = fw(x_total), xy = bw(x_total), xv_d = fw(x_gvc_d), xv_f = fw(x_gvc_f);
  const auto xy_d = bw(x_gvc_d), xy_f = bw(x_gvc_f);
  const auto bx = [&](std::size_t i, bool foreign) {
    double sum = 0.0, sum2 = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      if (foreign && j / N == i / N) continue;
      sum += r.b[i * n + j] * r.x[j];
      sum2 += r.bb[i * n + j] * r.x[j];
    }
    return std::pair{sum, sum2};
  };
  const auto one_b = [&](std::size_t j, bool foreign) {
    double sum = 0.0, sum2 = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (foreign && j / N == i / N) continue;
      sum += r.b[i * n + j];
      sum2 += r.bb[i * n + j];
    }
    return std::pair{sum, sum2};
  };
  // Ratios with a zero denominator are NaN by the documented rule (docs/methods/position.md),
  // in the reference as in the result; amounts are always numbers.
  const auto ratio = [](double got, double expected) {
    return test::close_or_documented_nan(got, expected);
  };
  for (std::size_t row = 0; row < sector.local_rows(); ++row) {
    const auto s = static_cast<std::size_t>(key(sector, row, 0));
    const std::size_t j = s * N + static_cast<std::size_t>(key(sector, row, 1));
    INFO("row " << j);
    CHECK(close(test::measure(sector, row, "V_D"), v_d[j]));
    CHECK(close(test::measure(sector, row, "V_RT"), v_rt[j]));
    CHECK(close(test::measure(sector, row, "V_GVC_S"), v_s[j]));
    CHECK(close(test::measure(sector, row, "V_GVC_C"), v_c[j]));
    CHECK(close(test::measure(sector, row, "Y_D"), y_d[j]));
    CHECK(close(test::measure(sector, row, "Y_RT"), y_rt[j]));
    CHECK(close(test::measure(sector, row, "Y_GVC_S"), y_s[j]));
    CHECK(close(test::measure(sector, row, "Y_GVC_C"), y_c[j]));
    CHECK(ratio(test::measure(sector, row, "PLV"), xv[j] / va[j]));
    CHECK(ratio(test::measure(sector, row, "PLY"), xy[j] / yy[j]));
    CHECK(ratio(test::measure(sector, row, "PLV_GVC_D"), xv_d[j] / (v_s[j] + v_c[j])));
    CHECK(ratio(test::measure(sector, row, "PLV_GVC_F"), xv_f[j] / (v_s[j] + v_c[j])));
    CHECK(ratio(test::measure(sector, row, "PLY_GVC_D"), xy_d[j] / (y_s[j] + y_c[j])));
    CHECK(ratio(test::measure(sector, row, "PLY_GVC_F"), xy_f[j] / (y_s[j] + y_c[j])));
    CHECK(ratio(test::measure(sector, row, "UPSTREAMNESS"), bx(j, false).first / r.x[j]));
    CHECK(ratio(test::measure(sector, row, "DOWNSTREAMNESS"), one_b(j, false).first));
    const auto [fwd, fwd2] = bx(j, true);
    CHECK(ratio(test::measure(sector, row, "APL_FORWARD"), (fwd2 - fwd) / fwd));
    const auto [bwd, bwd2] = one_b(j, true);
    CHECK(ratio(test::measure(sector, row, "APL_BACKWARD"), (bwd2 - bwd) / bwd));
    double domestic = 0.0, all = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      all += r.v[i] * r.b[i * n + j];
      if (i / N == s) domestic += r.v[i] * r.b[i * n + j];
    }
    CHECK(ratio(test::measure(sector, row, "LTV_FVA_SHARE"), 1.0 - domestic / all));
    CHECK(ratio(test::measure(sector, row, "LTV_DVA_SHARE"), domestic / all));
  }
}

/// Published by the MeasureGVC package (partici_idx on decompr's leather object): forward
/// and backward GVC participation of Wang et al. (2017a), by country-sector, 7 digits.
constexpr double kForward[9] = {0.3445419, 0.4516613, 0.1223946, 0.3170871, 0.3754873,
                                0.1429043, 0.1343714, 0.1688435, 0.1236333};
constexpr double kBackward[9] = {0.1116295, 0.2431799, 0.3252739, 0.1836763, 0.2096294,
                                 0.3452213, 0.1627172, 0.1908901, 0.3664037};

}  // namespace

TEST_CASE("leather: WWYZ participation equals published values",
          "[decomposition][position][regression]") {
  const Run run(test::read_dense_table(kLeatherCsv));
  const TermTable& sector = run.sector();
  for (std::size_t row = 0; row < sector.local_rows(); ++row) {
    const auto j = static_cast<std::size_t>(key(sector, row, 0) * 3 + key(sector, row, 1));
    INFO("row " << j);
    CHECK(close(test::measure(sector, row, "GVCPT_F"), kForward[j], 1e-6));
    CHECK(close(test::measure(sector, row, "GVCPT_B"), kBackward[j], 1e-6));
  }
  for (std::size_t row = 0; row < run.economy().local_rows(); ++row) {
    if (key(run.economy(), row, 0) != 0) continue;
    // KPWW for Argentina from decompr's KWW terms: IV = DVA_INTrex, FV = FVA_FIN + FVA_INT
    // + FDC, E = 64.3.
    const double iv = 8.41149078104495, fv = 3.4505953543389 + 3.38861658354256 + 3.77083157085388;
    CHECK(close(test::measure(run.economy(), row, "KPWW_IV"), iv));
    CHECK(close(test::measure(run.economy(), row, "KPWW_FV"), fv));
    CHECK(close(test::measure(run.economy(), row, "KPWW_POSITION"),
                std::log(1.0 + iv / 64.3) - std::log(1.0 + fv / 64.3)));
  }
  check_sectors_against_reference(sector, Reference(test::read_dense_table(kLeatherCsv)));
}

TEST_CASE("position: every sector value equals the dense formulas on random tables",
          "[decomposition][position]") {
  const unsigned seed = GENERATE(41u, 42u);
  const auto t = test::random_table(5, 3, 2, seed);
  const Run run(t);
  check_sectors_against_reference(run.sector(), Reference(t));
}

TEST_CASE("position identities on random balanced tables", "[decomposition][position][identity]") {
  const unsigned seed = GENERATE(7u, 8u);
  const auto t = test::random_table(6, 4, 2, seed);
  const Run run(t);
  const TermTable& sector = run.sector();
  const TermTable& economy = run.economy();

  SECTION("forward parts sum to value added, backward parts to final goods production") {
    const std::size_t fd = t.labels.final_demand_columns();
    for (std::size_t r = 0; r < sector.local_rows(); ++r) {
      const auto j = static_cast<std::size_t>(key(sector, r, 0) * 4 + key(sector, r, 1));
      double y = 0.0;
      for (std::size_t k = 0; k < fd; ++k) y += t.y[j * fd + k];
      const double forward = test::measure(sector, r, "V_D") + test::measure(sector, r, "V_RT") +
                             test::measure(sector, r, "V_GVC_S") + test::measure(sector, r, "V_GVC_C");
      const double backward = test::measure(sector, r, "Y_D") + test::measure(sector, r, "Y_RT") +
                              test::measure(sector, r, "Y_GVC_S") + test::measure(sector, r, "Y_GVC_C");
      CHECK(close(forward, t.va[j]));
      CHECK(close(test::measure(sector, r, "VA"), t.va[j]));
      CHECK(close(backward, y));
      CHECK(close(test::measure(sector, r, "Y"), y));
    }
  }

  SECTION("each activity is the same total seen forward or backward") {
    for (const char* part : {"D", "RT", "GVC_S", "GVC_C"}) {
      double forward = 0.0, backward = 0.0;
      for (std::size_t r = 0; r < economy.local_rows(); ++r) {
        forward += test::measure(economy, r, std::string("V_") + part);
        backward += test::measure(economy, r, std::string("Y_") + part);
      }
      INFO(part);
      CHECK(close(test::global_sum(forward), test::global_sum(backward)));
    }
  }

  SECTION("lengths: total = weighted parts, GVC = domestic + foreign stages, position") {
    for (const TermTable* table : {&sector, &economy}) {
      for (std::size_t r = 0; r < table->local_rows(); ++r) {
        const auto m = [&](const char* name) { return test::measure(*table, r, name); };
        const double v_gvc = m("V_GVC_S") + m("V_GVC_C"), y_gvc = m("Y_GVC_S") + m("Y_GVC_C");
        CHECK(close(m("PLV") * m("VA"),
                    m("PLV_D") * m("V_D") + m("PLV_RT") * m("V_RT") + m("PLV_GVC") * v_gvc));
        CHECK(close(m("PLY") * m("Y"),
                    m("PLY_D") * m("Y_D") + m("PLY_RT") * m("Y_RT") + m("PLY_GVC") * y_gvc));
        CHECK(close(m("PLV_GVC"), m("PLV_GVC_D") + m("PLV_GVC_F")));
        CHECK(close(m("PLY_GVC"), m("PLY_GVC_D") + m("PLY_GVC_F")));
        CHECK(close(m("GVC_POSITION"), m("PLV_GVC") / m("PLY_GVC")));
        CHECK(close(m("GVCPT_F"), m("GVCPT_F_S") + m("GVCPT_F_C")));
        CHECK(close(m("GVCPT_B"), m("GVCPT_B_S") + m("GVCPT_B_C")));
        // Every stage counts at least once; domestic and foreign segments have at least one.
        CHECK(m("PLV_GVC_D") >= 1.0 - 1e-12);
        CHECK(m("PLV_GVC_F") >= 1.0 - 1e-12);
        CHECK(m("APL_FORWARD") >= 1.0 - 1e-12);
        CHECK(m("APL_BACKWARD") >= 1.0 - 1e-12);
        CHECK(m("LTV_FVA_SHARE") > 0.0);
        CHECK(m("LTV_FVA_SHARE") < 1.0);
        CHECK(close(m("LTV_DVA_SHARE") + m("LTV_FVA_SHARE"), 1.0));
      }
    }
  }

  SECTION("on a balanced table forward length is upstreamness, backward length downstreamness") {
    for (std::size_t r = 0; r < sector.local_rows(); ++r) {
      CHECK(close(test::measure(sector, r, "PLV"), test::measure(sector, r, "UPSTREAMNESS")));
      CHECK(close(test::measure(sector, r, "PLY"), test::measure(sector, r, "DOWNSTREAMNESS")));
    }
  }
}

TEST_CASE("upstreamness and downstreamness: >= 1, and 1 at the ends of the chains",
          "[decomposition][position]") {
  auto t = test::random_table(4, 3, 2, 51u);
  const std::size_t n = t.n(), final_only = 4, no_inputs = 9;
  for (std::size_t j = 0; j < n; ++j) t.z[final_only * n + j] = 0.0;  // sells to final demand only
  for (std::size_t i = 0; i < n; ++i) t.z[i * n + no_inputs] = 0.0;   // buys no intermediates
  rebalance(t);
  const Run run(t);
  const TermTable& sector = run.sector();
  for (std::size_t r = 0; r < sector.local_rows(); ++r) {
    const auto j = static_cast<std::size_t>(key(sector, r, 0) * 3 + key(sector, r, 1));
    const double u = test::measure(sector, r, "UPSTREAMNESS"), d = test::measure(sector, r, "DOWNSTREAMNESS");
    INFO("row " << j);
    CHECK(u >= 1.0 - 1e-12);
    CHECK(d >= 1.0 - 1e-12);
    if (j == final_only) CHECK(close(u, 1.0, 1e-12));
    if (j == no_inputs) CHECK(close(d, 1.0, 1e-12));
    if (j != final_only) CHECK(u > 1.0);
    if (j != no_inputs) CHECK(d > 1.0);
  }
  check_sectors_against_reference(sector, Reference(t));
}

TEST_CASE("position: a zero-output sector has NA measures, its economy stays finite",
          "[decomposition][position]") {
  const long dead = 5;  // economy 1, sector 2
  const auto t = test::random_table(4, 3, 2, 61u, dead);
  const Run run(t);
  const TermTable& sector = run.sector();
  for (std::size_t r = 0; r < sector.local_rows(); ++r) {
    const bool is_dead = key(sector, r, 0) * 3 + key(sector, r, 1) == dead;
    for (std::size_t m = 0; m < sector.measures.size(); ++m) {
      const double value = sector.local_values[r * sector.measures.size() + m];
      CHECK(!std::isinf(value));
      if (!is_dead) CHECK(std::isfinite(value));
    }
    if (is_dead) {
      for (const char* name : {"GVCPT_F", "GVCPT_B", "PLV", "PLY", "UPSTREAMNESS", "DOWNSTREAMNESS",
                               "APL_FORWARD", "APL_BACKWARD", "KPWW_POSITION"}) {
        INFO(name);
        CHECK(std::isnan(test::measure(sector, r, name)));
      }
      CHECK(test::measure(sector, r, "VA") == 0.0);
    }
  }
  for (double value : run.economy().local_values) CHECK(std::isfinite(value));
}

TEST_CASE("KPWW IV and FV are KWW's DVA_INTrex and FVA + FDC", "[decomposition][position]") {
  const auto t = test::random_table(4, 3, 2, 71u);
  const Run run(t);
  const TermTable& economy = run.economy();
  const TermTable k = decomposition::kww(run.context)[0];
  REQUIRE(k.local_rows() == economy.local_rows());
  for (std::size_t r = 0; r < economy.local_rows(); ++r) {
    REQUIRE(key(k, r, 0) == key(economy, r, 0));
    CHECK(close(test::measure(economy, r, "KPWW_IV"), test::measure(k, r, "DVA_INTrex")));
    CHECK(close(test::measure(economy, r, "KPWW_FV"),
                test::measure(k, r, "FVA_FIN") + test::measure(k, r, "FVA_INT") + test::measure(k, r, "FDC")));
    CHECK(close(test::measure(economy, r, "KPWW_E"), test::measure(k, r, "texp")));
  }
}
