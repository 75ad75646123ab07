/// Domestic content thinning (decomposition/thinning*.hpp): the structural decomposition of
/// the change in the DVA share of exports against explicit hybrid n x n inverses, its
/// exactness and special cases, the panel measures on sub-communicators (year groups) against
/// the whole communicator, and the trend rule. Runs at 1, 2 and 4 ranks.

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "decomposition/methods.hpp"
#include "decomposition/thinning/thinning.hpp"
#include "decomposition/thinning/thinning_sda.hpp"
#include "tests/support.hpp"

using namespace leontief;
using decomposition::SdaEconomyInputs;

namespace {

using test::close;

/// Total gross exports of every row: Σ_{r≠s} (Σ_{j∈r} Z_ij + Σ_f Y_i,(r,f)).
std::vector<double> total_exports(const test::DenseTable& t) {
  const std::size_t n = t.n(), N = t.labels.sector_count(), F = t.labels.category_count();
  const std::size_t fd = t.labels.final_demand_columns();
  std::vector<double> e(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (j / N != i / N) e[i] += t.z[i * n + j];
    }
    for (std::size_t k = 0; k < fd; ++k) {
      if (k / F != i / N) e[i] += t.y[i * fd + k];
    }
  }
  return e;
}

/// One year held in full for the brute-force reference.
struct Year {
  test::DenseTable table;
  std::vector<double> a, v, e;
  explicit Year(test::DenseTable t)
      : table(std::move(t)), a(test::technical_coefficients(table)), e(total_exports(table)) {
    v.resize(table.n());
    for (std::size_t j = 0; j < table.n(); ++j)
      v[j] = table.x[j] > 0.0 ? table.va[j] / table.x[j] : 0.0;
  }
};

/// 100 · (v'B_hyb)_j w_j for every sector j of economy s, where B_hyb is the explicit n x n
/// inverse of the hybrid A with the block A_ss of year `d` and every other block of year `f`,
/// v_s of year `v`, export composition of year `w`.
std::vector<double> brute_force_levels(const std::array<const Year*, 2>& years, std::size_t s,
                                       int d, int f, int v, int w) {
  const test::DenseTable& t = years[0]->table;
  const std::size_t n = t.n(), N = t.labels.sector_count();
  std::vector<double> a = years[static_cast<std::size_t>(f)]->a;
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < N; ++j) {
      a[(s * N + i) * n + s * N + j] =
          years[static_cast<std::size_t>(d)]->a[(s * N + i) * n + s * N + j];
    }
  }
  const std::vector<double> b = test::inverse_of_identity_minus(a, n);
  const auto& va = years[static_cast<std::size_t>(v)]->v;
  const auto& e = years[static_cast<std::size_t>(w)]->e;
  double total = 0.0;
  for (std::size_t j = 0; j < N; ++j) total += e[s * N + j];
  std::vector<double> out(N, 0.0);
  for (std::size_t j = 0; j < N; ++j) {
    double m = 0.0;
    for (std::size_t i = 0; i < N; ++i) m += va[s * N + i] * b[(s * N + i) * n + s * N + j];
    out[j] = 100.0 * m * e[s * N + j] / total;
  }
  return out;
}

/// The two polar decompositions written out (D, F, V, W), averaged, by sector.
std::array<std::vector<double>, 4> brute_force_parts(const std::array<const Year*, 2>& years,
                                                     std::size_t s) {
  const auto L = [&](int d, int f, int v, int w) {
    return brute_force_levels(years, s, d, f, v, w);
  };
  const auto l0000 = L(0, 0, 0, 0), l1000 = L(1, 0, 0, 0), l1100 = L(1, 1, 0, 0),
             l1110 = L(1, 1, 1, 0), l1111 = L(1, 1, 1, 1), l0001 = L(0, 0, 0, 1),
             l0011 = L(0, 0, 1, 1), l0111 = L(0, 1, 1, 1);
  const std::size_t N = l0000.size();
  std::array<std::vector<double>, 4> parts;
  for (auto& p : parts) p.assign(N, 0.0);
  for (std::size_t j = 0; j < N; ++j) {
    parts[0][j] = 0.5 * ((l1000[j] - l0000[j]) + (l1111[j] - l0111[j]));
    parts[1][j] = 0.5 * ((l1100[j] - l1000[j]) + (l0111[j] - l0011[j]));
    parts[2][j] = 0.5 * ((l1110[j] - l1100[j]) + (l0011[j] - l0001[j]));
    parts[3][j] = 0.5 * ((l1111[j] - l1110[j]) + (l0001[j] - l0000[j]));
  }
  return parts;
}

/// A table distributed over `comm`, factored, with its GVC context.
struct Solved {
  solver::DistributedTable table;
  solver::LeontiefOperator op;
  decomposition::GvcContext context;
  Solved(MPI_Comm comm, const test::DenseTable& t)
      : table(test::distribute(comm, t)), op(table), context(table, op) {}
};

/// All rows of a TermTable (ranks own consecutive economies), on every rank of `comm`.
std::vector<double> all_values(MPI_Comm comm, const decomposition::TermTable& t) {
  int size = 1;
  MPI_Comm_size(comm, &size);
  const int mine = static_cast<int>(t.local_values.size());
  std::vector<int> counts(static_cast<std::size_t>(size)),
      offsets(static_cast<std::size_t>(size), 0);
  MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, comm);
  for (std::size_t p = 1; p < counts.size(); ++p) offsets[p] = offsets[p - 1] + counts[p - 1];
  std::vector<double> out(static_cast<std::size_t>(offsets.back() + counts.back()));
  MPI_Allgatherv(t.local_values.data(), mine, MPI_DOUBLE, out.data(), counts.data(), offsets.data(),
                 MPI_DOUBLE, comm);
  return out;
}

}  // namespace

TEST_CASE("thinning SDA: equals the polar decompositions with explicit hybrid inverses",
          "[thinning][sda]") {
  const unsigned seed = GENERATE(21u, 22u);
  const Year first(test::random_table(4, 3, 2, seed));
  const Year second(test::random_table(4, 3, 2, seed + 100));
  const std::array<const Year*, 2> years = {&first, &second};
  const Solved y0(MPI_COMM_WORLD, first.table), y1(MPI_COMM_WORLD, second.table);
  const auto in0 = decomposition::sda_inputs(y0.context);
  const auto in1 = decomposition::sda_inputs(y1.context);
  const auto tiva0 = decomposition::tiva(y0.context);
  const auto tiva1 = decomposition::tiva(y1.context);
  const std::size_t N = 3;
  for (std::size_t s = in0.first_region; s < in0.first_region + in0.regions; ++s) {
    INFO("economy " << s);
    const auto sda = decomposition::dva_share_sda(in0.economy(s), in1.economy(s));
    const auto expected = brute_force_parts(years, s);
    const auto from = brute_force_levels(years, s, 0, 0, 0, 0);
    const auto to = brute_force_levels(years, s, 1, 1, 1, 1);
    double total_from = 0.0, total_to = 0.0, total_parts = 0.0;
    for (std::size_t j = 0; j < N; ++j) {
      CHECK(close(sda.from[j], from[j]));
      CHECK(close(sda.to[j], to[j]));
      double sum = 0.0;
      for (std::size_t f = 0; f < decomposition::kSdaFactors; ++f) {
        CHECK(close(sda.parts[f][j], expected[f][j]));
        sum += sda.parts[f][j];
      }
      // Exact by construction: the parts of every sector sum to its change.
      CHECK(std::abs(sum - (sda.to[j] - sda.from[j])) < 1e-12);
      total_from += sda.from[j];
      total_to += sda.to[j];
      total_parts += sum;
    }
    CHECK(std::abs(total_parts - (total_to - total_from)) < 1e-12);
    // The levels are the economy's EXGR_DVASH in the tiva output of each year.
    const auto& e0 = tiva0[0];
    const auto& e1 = tiva1[0];
    CHECK(close(total_from, test::measure(e0, s - in0.first_region, "EXGR_DVASH")));
    CHECK(close(total_to, test::measure(e1, s - in1.first_region, "EXGR_DVASH")));
  }
}

TEST_CASE("thinning SDA: a change in one factor only is attributed to that factor",
          "[thinning][sda]") {
  const Year year(test::random_table(3, 4, 2, 31u));
  const Solved solved(MPI_COMM_WORLD, year.table);
  const auto inputs = decomposition::sda_inputs(solved.context);
  for (std::size_t s = inputs.first_region; s < inputs.first_region + inputs.regions; ++s) {
    const SdaEconomyInputs base = inputs.economy(s);
    const std::size_t N = base.sectors;
    const auto total = [](const std::vector<double>& x) {
      return std::accumulate(x.begin(), x.end(), 0.0);
    };
    const auto only = [&](const SdaEconomyInputs& changed, std::size_t factor) {
      const auto sda = decomposition::dva_share_sda(base, changed);
      const double change = total(sda.to) - total(sda.from);
      for (std::size_t f = 0; f < decomposition::kSdaFactors; ++f) {
        INFO("factor " << f);
        if (f == factor) {
          CHECK(close(total(sda.parts[f]), change, 1e-12));
        } else {
          for (std::size_t j = 0; j < N; ++j) CHECK(std::abs(sda.parts[f][j]) < 1e-12);
        }
      }
      return change;
    };
    {  // no change at all
      const auto sda = decomposition::dva_share_sda(base, base);
      for (const auto& p : sda.parts) {
        for (double x : p) CHECK(x == 0.0);
      }
    }
    {  // value-added coefficients
      SdaEconomyInputs changed = base;
      for (auto& v : changed.va_coefficients) v *= 0.9;
      CHECK(only(changed, decomposition::kValueAdded) < 0.0);
    }
    {  // export composition (the level of exports does not matter)
      SdaEconomyInputs changed = base;
      std::reverse(changed.exports.begin(), changed.exports.end());
      for (auto& e : changed.exports) e *= 3.0;
      only(changed, decomposition::kExportComposition);
    }
    {
      // Domestic inputs with the foreign feedback K = I − D − B_ss⁻¹ unchanged: D' = 0.8 D and
      // B_ss' = (I − D' − K)⁻¹, computed here by explicit inversion (not the hybrid formula).
      SdaEconomyInputs changed = base;
      for (auto& a : changed.domestic_coefficients) a *= 0.8;
      std::vector<double> i_minus_b(N * N);
      for (std::size_t k = 0; k < N * N; ++k) {
        i_minus_b[k] = (k / N == k % N ? 1.0 : 0.0) - base.domestic_leontief[k];
      }
      const std::vector<double> b_inverse = test::inverse_of_identity_minus(i_minus_b, N);  // (I − (I − B))⁻¹
      std::vector<double> d_plus_k(N * N);
      for (std::size_t k = 0; k < N * N; ++k) {
        const double identity = k / N == k % N ? 1.0 : 0.0;
        d_plus_k[k] = changed.domestic_coefficients[k] + identity - base.domestic_coefficients[k] -
                      b_inverse[k];
      }
      changed.domestic_leontief = test::inverse_of_identity_minus(d_plus_k, N);
      CHECK(only(changed, decomposition::kDomesticInputs) < 0.0);
      // The hybrid multipliers (D of the changed year, F of the base year) are the changed
      // year's own.
      const auto hybrid =
          decomposition::hybrid_dva_multipliers(base.va_coefficients, changed, base);
      for (std::size_t j = 0; j < N; ++j) {
        double m = 0.0;
        for (std::size_t i = 0; i < N; ++i)
          m += base.va_coefficients[i] * changed.domestic_leontief[i * N + j];
        CHECK(close(hybrid[j], m, 1e-12));
      }
    }
  }
}

TEST_CASE("thinning: year groups on sub-communicators give the whole communicator's results",
          "[thinning][groups]") {
  const auto t = test::random_table(5, 3, 2, 41u, 4);  // with a zero-output sector
  const Solved whole(MPI_COMM_WORLD, t);
  const auto reference = decomposition::thinning_tables(whole.context);
  const auto economy = all_values(MPI_COMM_WORLD, reference.economy);
  const auto sector = all_values(MPI_COMM_WORLD, reference.sector);
  REQUIRE(economy.size() == 5 * decomposition::thinning_measures().size());
  REQUIRE(sector.size() == 15 * decomposition::thinning_measures().size());

  const int ranks_per_group = GENERATE(1, 2);
  MPI_Comm group = MPI_COMM_NULL;
  MPI_Comm_split(MPI_COMM_WORLD, test::world_rank() / ranks_per_group, test::world_rank(), &group);
  {
    const Solved part(group, t);
    const auto tables = decomposition::thinning_tables(part.context);
    const auto e = all_values(group, tables.economy);
    const auto s = all_values(group, tables.sector);
    REQUIRE(e.size() == economy.size());
    REQUIRE(s.size() == sector.size());
    // NaN (the zero-output sector's shares) in the same places, numbers equal elsewhere.
    test::Agreement economies({1e-12, 1e-12}, test::NanRule::documented);
    for (std::size_t k = 0; k < e.size(); ++k) economies.add(e[k], economy[k], k);
    LEONTIEF_CHECK_AGREES(economies);
    test::Agreement sectors({1e-12, 1e-12}, test::NanRule::documented);
    for (std::size_t k = 0; k < s.size(); ++k) sectors.add(s[k], sector[k], k);
    LEONTIEF_CHECK_AGREES(sectors);
  }
  MPI_Comm_free(&group);
}

namespace {

/// The five panel measures of every sector and economy, from their definitions with an
/// explicit B and L = blockdiag(L_ss) (docs/methods/thinning.md, tiva.md, position.md):
/// sector j of economy s, e_j its gross exports, y_j its final output, va_j = v_j (B y)_j,
///   EXGR_DVASH    100 Σ_{i∈s} v_i B_ij                       (NA when e_j = 0)
///   VS_SHARE      Σ_{i∉s} v_i B_ij                           (NA when e_j = 0)
///   LTV_DVA_SHARE Σ_{i∈s} v_i B_ij / Σ_i v_i B_ij
///   GVCPT_F       v_j (L A^F B y)_j / va_j                   (NA when va_j = 0)
///   GVCPT_B       (v' L A^F B)_j / (v'B)_j                   (NA when y_j = 0)
/// and economies as ratios of the summed amounts (weights e_j, e_j, y_j, va_j, y_j).
struct PanelReference {
  static constexpr std::size_t kMeasures = 5;
  std::vector<double> sector, economy;  // rows x kMeasures, all rows
  explicit PanelReference(const test::DenseTable& t) {
    const std::size_t n = t.n(), N = t.labels.sector_count(), G = t.labels.region_count();
    const std::size_t F = t.labels.category_count();
    const auto b = test::dense_leontief_inverse(t);
    test::DenseTable domestic = t;
    std::vector<double> af(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i / N == j / N) continue;
        domestic.z[i * n + j] = 0.0;
        af[i * n + j] = t.x[j] > 0.0 ? t.z[i * n + j] / t.x[j] : 0.0;
      }
    }
    const auto l = test::dense_leontief_inverse(domestic);
    const auto e = total_exports(t);
    std::vector<double> v(n, 0.0), y(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = t.x[i] > 0.0 ? t.va[i] / t.x[i] : 0.0;
      for (std::size_t k = 0; k < G * F; ++k) y[i] += t.y[i * G * F + k];
    }
    // L A^F B, its products with y (columns) and v (rows), B y and v'B.
    std::vector<double> laf(n * n, 0.0), lafb(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t j = 0; j < n; ++j) laf[i * n + j] += l[i * n + k] * af[k * n + j];
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t j = 0; j < n; ++j) lafb[i * n + j] += laf[i * n + k] * b[k * n + j];
      }
    }
    std::vector<double> gvc_f(n, 0.0), gvc_b(n, 0.0), by(n, 0.0), vb(n, 0.0), dom(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        gvc_f[i] += v[i] * lafb[i * n + j] * y[j];
        gvc_b[j] += v[i] * lafb[i * n + j] * y[j];
        by[i] += b[i * n + j] * y[j];
        vb[j] += v[i] * b[i * n + j];
        if (i / N == j / N) dom[j] += v[i] * b[i * n + j];
      }
    }
    const double nan = std::nan("");
    const auto ratio = [&](double num, double den) { return den != 0.0 ? num / den : nan; };
    sector.assign(n * kMeasures, 0.0);
    std::vector<double> sums(G * 10, 0.0);  // per economy: numerators and denominators
    for (std::size_t j = 0; j < n; ++j) {
      const double va = v[j] * by[j], yy = vb[j] * y[j];
      double* m = &sector[j * kMeasures];
      m[0] = e[j] != 0.0 ? 100.0 * dom[j] : nan;
      m[1] = e[j] != 0.0 ? vb[j] - dom[j] : nan;
      m[2] = ratio(dom[j], vb[j]);
      m[3] = ratio(gvc_f[j], va);
      m[4] = ratio(gvc_b[j], yy);
      double* w = &sums[(j / N) * 10];
      w[0] += dom[j] * e[j];
      w[1] += e[j];
      w[2] += (vb[j] - dom[j]) * e[j];
      w[3] += dom[j] * y[j];
      w[4] += vb[j] * y[j];
      w[5] += gvc_f[j];
      w[6] += va;
      w[7] += gvc_b[j];
      w[8] += yy;
    }
    economy.assign(G * kMeasures, 0.0);
    for (std::size_t s = 0; s < G; ++s) {
      const double* w = &sums[s * 10];
      double* m = &economy[s * kMeasures];
      m[0] = ratio(100.0 * w[0], w[1]);
      m[1] = ratio(w[2], w[1]);
      m[2] = ratio(w[3], w[4]);
      m[3] = ratio(w[5], w[6]);
      m[4] = ratio(w[7], w[8]);
    }
  }
};

/// The rows of a thinning table (keys: economy[, sector]) against the reference rows.
void check_panel(const decomposition::TermTable& t, const std::vector<double>& reference,
                 std::size_t sectors) {
  const char* names[PanelReference::kMeasures] = {"EXGR_DVASH", "VS_SHARE", "LTV_DVA_SHARE",
                                                  "GVCPT_F", "GVCPT_B"};
  for (std::size_t m = 0; m < PanelReference::kMeasures; ++m) {
    // Shares with a zero denominator are NA by the documented rule, in both.
    test::Agreement agreement({1e-9, 1e-12}, test::NanRule::documented);
    for (std::size_t r = 0; r < t.local_rows(); ++r) {
      const auto* keys = &t.local_keys[r * t.keys.size()];
      const auto row = static_cast<std::size_t>(keys[0]) * sectors +
                       (t.keys.size() > 1 ? static_cast<std::size_t>(keys[1]) : 0);
      agreement.add(test::measure(t, r, names[m]), reference[row * PanelReference::kMeasures + m],
                    row);
    }
    INFO(t.name << " " << names[m]);
    LEONTIEF_CHECK_AGREES(test::all_ranks(agreement));
  }
}

}  // namespace

TEST_CASE("thinning: panel measures equal their definitions with an explicit B",
          "[thinning]") {
  // Seed 52 has a zero-output sector (economy 1, sector 1): its shares are NA.
  const unsigned seed = GENERATE(51u, 52u);
  const auto t = test::random_table(4, 3, 2, seed, seed == 52u ? 4 : -1);
  const Solved solved(MPI_COMM_WORLD, t);
  const auto tables = decomposition::thinning_tables(solved.context);
  const PanelReference reference(t);
  check_panel(tables.sector, reference.sector, 3);
  check_panel(tables.economy, reference.economy, 1);
  for (std::size_t r = 0; r < tables.economy.local_rows(); ++r) {
    for (const char* share : {"LTV_DVA_SHARE", "GVCPT_F", "GVCPT_B"}) {
      CHECK(test::measure(tables.economy, r, share) >= 0.0);
      CHECK(test::measure(tables.economy, r, share) <= 1.0);
    }
  }
}

TEST_CASE("thinning: trend rule", "[thinning][trend]") {
  const std::vector<int> years = {2000, 2001, 2002, 2003};
  const auto thinning = decomposition::dva_share_trend(years, {80, 78, 77, 74}, 1.0);
  CHECK(thinning.code == -1);
  CHECK(decomposition::trend_name(thinning) == "thinning");
  CHECK(close(thinning.slope, -1.9));
  CHECK(close(thinning.fitted_change, -5.7));
  CHECK(thinning.first == 80.0);
  CHECK(thinning.last == 74.0);
  CHECK(decomposition::trend_name(
            decomposition::dva_share_trend(years, {70, 70.2, 70.1, 70.3}, 1.0)) == "flat");
  CHECK(decomposition::trend_name(decomposition::dva_share_trend(years, {60, 62, 61, 65}, 1.0)) ==
        "thickening");
  // Missing years are skipped; one year is not a trend.
  const double nan = std::nan("");
  const auto gaps = decomposition::dva_share_trend(years, {nan, 70, nan, 66}, 1.0);
  CHECK(gaps.years == 2);
  CHECK(gaps.first_year == 2001);
  CHECK(gaps.last_year == 2003);
  CHECK(gaps.code == -1);
  CHECK(decomposition::trend_name(
            decomposition::dva_share_trend(years, {nan, 70, nan, nan}, 1.0)) == "NA");
}
