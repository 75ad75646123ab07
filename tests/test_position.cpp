/// Position measures (decomposition/position/position.cpp): Wang–Wei–Yu–Zhu participation on the
/// leather table against published values (MeasureGVC, decompr objects), every sector value
/// against serial dense formulas built from explicit n x n matrices, the accounting identities
/// on random balanced tables, the boundary values of upstreamness and downstreamness, the
/// rule for zero-output sectors, the KPWW index against the KWW terms, the Los et al. shares
/// of a sector whose final output nets to zero, and the inventory-corrected upstreamness
/// against (I − Δ̃)⁻¹1 formed explicitly.
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
  std::vector<double> y_to;  ///< n x G: final demand of row i in destination r
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
    y_to.assign(n * G, 0.0);
    const std::size_t F = t.labels.category_count();
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = t.x[i] > 0.0 ? t.va[i] / t.x[i] : 0.0;
      for (std::size_t k = 0; k < G * F; ++k) {
        y[i] += t.y[i * G * F + k];
        y_to[i * G + k / F] += t.y[i * G * F + k];
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
    // KPWW IV of the exporting sector j: its domestic value added (v'L)_j times the part of
    // its exports A_ju (u abroad) that becomes final goods of r ≠ s consumed in t ≠ s, r.
    double v_l = 0.0, iv_exports = 0.0;
    for (std::size_t i = 0; i < n; ++i) v_l += r.v[i] * r.l[i * n + j];
    for (std::size_t u = 0; u < n; ++u) {
      if (u / N == s || r.af[j * n + u] == 0.0) continue;
      double chain = 0.0;  // Σ_k B_uk Σ_{t≠s,r(k)} Y_kt over k outside s
      for (std::size_t k = 0; k < n; ++k) {
        if (k / N == s) continue;
        double third = 0.0;
        for (std::size_t t = 0; t < r.G; ++t) {
          if (t != s && t != k / N) third += r.y_to[k * r.G + t];
        }
        chain += r.b[u * n + k] * third;
      }
      iv_exports += r.af[j * n + u] * chain;
    }
    CHECK(close(test::measure(sector, row, "KPWW_IV"), v_l * iv_exports));
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
        // IV and FV are parts of the row's own gross exports (Koopman et al. 2010's E).
        CHECK(m("KPWW_IV") >= 0.0);
        CHECK(m("KPWW_IV") + m("KPWW_FV") <= m("KPWW_E") * (1.0 + 1e-12));
        CHECK(m("KPWW_PARTICIPATION") <= 1.0 + 1e-12);
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

TEST_CASE("KPWW participation of a sector that exports little stays a share of its exports",
          "[decomposition][position]") {
  // Sector 0 of economy 0 sells almost only to domestic sectors that export much: its value
  // added reaches third economies through others' exports (large IV by sector of origin),
  // while its own exports are tiny. The index divides by the sector's own exports, so IV is
  // measured in them too (Koopman et al. 2010): participation stays at most 1.
  auto t = test::random_table(4, 3, 2, 81u);
  const std::size_t n = t.n(), fd = t.labels.final_demand_columns();
  for (std::size_t j = 3; j < n; ++j) t.z[0 * n + j] *= 1e-6;
  for (std::size_t k = 2; k < fd; ++k) t.y[0 * fd + k] *= 1e-6;
  rebalance(t);
  const Run run(t);
  const TermTable& sector = run.sector();
  for (std::size_t r = 0; r < sector.local_rows(); ++r) {
    const double participation = test::measure(sector, r, "KPWW_PARTICIPATION");
    INFO("row " << r);
    CHECK(std::isfinite(participation));
    CHECK(participation >= 0.0);
    CHECK(participation <= 1.0 + 1e-12);
  }
  check_sectors_against_reference(sector, Reference(t));
}

TEST_CASE("Los-Timmer-de Vries shares of a sector whose final output nets to zero",
          "[decomposition][position]") {
  // WIOD 2011 LUX c2: final demand +1 at home, -1 inventories abroad, so y_j = 0. The share
  // of foreign value added per unit of its product is still defined; weighting the sector
  // by its own final output made it NA.
  auto t = test::random_table(3, 3, 2, 91u);
  const std::size_t fd = t.labels.final_demand_columns(), netted = 4;  // economy 1, sector 1
  for (std::size_t k = 0; k < fd; ++k) t.y[netted * fd + k] = 0.0;
  t.y[netted * fd + 2] = 1.5;   // economy 1, category 0
  t.y[netted * fd + 5] = -1.5;  // economy 2, category 1
  rebalance(t);
  const Run run(t);
  const TermTable& sector = run.sector();
  for (std::size_t r = 0; r < sector.local_rows(); ++r) {
    const auto j = static_cast<std::size_t>(key(sector, r, 0) * 3 + key(sector, r, 1));
    if (j != netted) continue;
    CHECK(std::isfinite(test::measure(sector, r, "LTV_FVA_SHARE")));
    CHECK(test::measure(sector, r, "LTV_FVA_SHARE") > 0.0);
    CHECK(std::isnan(test::measure(sector, r, "GVCPT_B")));  // a share of no final goods
  }
  check_sectors_against_reference(sector, Reference(t));
  for (double value : run.economy().local_values) CHECK(std::isfinite(value));
}

namespace {

/// Ũ = (I − Δ̃)⁻¹1 with Δ̃_ij = Z_ij / (x_i − N_i), formed explicitly (serial reference);
/// N_i sums the final demand of row i in the categories `inventory`.
std::vector<double> corrected_upstreamness(const test::DenseTable& t,
                                           const std::vector<std::size_t>& inventory) {
  const std::size_t n = t.n(), F = t.labels.category_count(), fd = t.labels.final_demand_columns();
  std::vector<double> delta(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double added = 0.0;
    for (std::size_t k = 0; k < fd; ++k) {
      for (const std::size_t f : inventory) {
        if (k % F == f) added += t.y[i * fd + k];
      }
    }
    for (std::size_t j = 0; j < n; ++j) delta[i * n + j] = t.z[i * n + j] / (t.x[i] - added);
  }
  const auto g = test::inverse_of_identity_minus(delta, n);
  std::vector<double> u(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) u[i] += g[i * n + j];
  }
  return u;
}

}  // namespace

TEST_CASE("inventory-corrected upstreamness equals (I - Z/(x - N))^-1 1",
          "[decomposition][position]") {
  auto t = test::random_table(4, 3, 3, 101u);
  t.labels.final_demand_categories = {"CONS_h", "GFCF", "INVEN"};
  const std::size_t n = t.n(), fd = t.labels.final_demand_columns();
  // Inventory changes of both signs, some large: additions and drawdowns.
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 2; k < fd; k += 3) t.y[i * fd + k] *= i % 3 == 0 ? -0.3 : 0.2;
  }
  rebalance(t);
  const solver::DistributedTable table = test::distribute(MPI_COMM_WORLD, t);
  const solver::LeontiefOperator op(table);
  const decomposition::GvcContext context(table, op);
  const auto plain_tables = decomposition::position(context);

  const auto check = [&](const decomposition::PositionOptions& options,
                         const std::vector<std::size_t>& inventory) {
    const auto tables = decomposition::position(context, options);
    const TermTable& sector = tables[1];
    const auto expected = corrected_upstreamness(t, inventory);
    std::size_t differ = 0;
    for (std::size_t r = 0; r < sector.local_rows(); ++r) {
      const auto j = static_cast<std::size_t>(key(sector, r, 0) * 3 + key(sector, r, 1));
      const double u = test::measure(sector, r, "UPSTREAMNESS_INVENTORY_CORRECTED");
      INFO("row " << j);
      CHECK(close(u, expected[j]));
      CHECK(u >= 1.0 - 1e-12);
      const double plain = test::measure(plain_tables[1], r, "UPSTREAMNESS");
      if (std::abs(u - plain) > 1e-6 * plain) ++differ;
    }
    CHECK(test::global_sum(static_cast<double>(differ)) > 0.0);  // the correction changes U
    // The economy row weighs its sectors by gross output, as for the plain measure.
    const TermTable& economy = tables[0];
    for (std::size_t r = 0; r < economy.local_rows(); ++r) {
      const auto s = static_cast<std::size_t>(key(economy, r, 0));
      double num = 0.0, den = 0.0;
      for (std::size_t i = s * 3; i < s * 3 + 3; ++i) {
        num += t.x[i] * expected[i];
        den += t.x[i];
      }
      CHECK(close(test::measure(economy, r, "UPSTREAMNESS_INVENTORY_CORRECTED"), num / den));
    }
  };
  decomposition::PositionOptions options;
  options.upstreamness = decomposition::Upstreamness::inventory_corrected;
  SECTION("auto finds WIOD's INVEN") { check(options, {2}); }
  SECTION("named categories") {
    options.inventory_categories = "GFCF,INVEN";
    check(options, {1, 2});
  }
  SECTION("a category the table lacks is an error naming the table's categories") {
    options.inventory_categories = "P52";
    CHECK_THROWS_WITH(decomposition::position(context, options),
                      Catch::Contains("P52") && Catch::Contains("CONS_h, GFCF, INVEN"));
  }
  SECTION("auto without an inventory category is an error") {
    t.labels.final_demand_categories = {"A", "B", "C"};
    const solver::DistributedTable plain_labels = test::distribute(MPI_COMM_WORLD, t);
    const solver::LeontiefOperator plain_op(plain_labels);
    const decomposition::GvcContext plain_context(plain_labels, plain_op);
    CHECK_THROWS_WITH(
        decomposition::position(plain_context, options),
        Catch::Contains("inventories") && Catch::Contains("--position.inventory_categories"));
  }
}
