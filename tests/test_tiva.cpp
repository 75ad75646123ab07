/// TiVA indicators (decomposition/trade/tiva.cpp): published values on the leather table
/// (Borin–Mancini in decompr's documentation, KWW from decompr), every sector and bilateral
/// value against a serial dense reference built from an explicit B, the TiVA identities on
/// random balanced tables, and agreement with the KWW terms where the definitions coincide.
/// Run at 1, 2 and 4 ranks: each rank checks the rows of the economies it owns against
/// references that do not depend on the number of ranks.

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "decomposition/methods.hpp"
#include "tests/support.hpp"

using namespace leontief;
using decomposition::TermTable;

namespace {

const std::string kLeatherCsv = std::string(LEONTIEF_TEST_DATA_DIR) + "/leather/leather.csv";

/// Serial dense reference: B, L = blockdiag(L_ss), v, Y by destination and E.
struct Reference {
  std::size_t n, G, N;
  std::vector<double> b, l, v, yd, e, e_total;  // n x n, n x n, n, n x G, n x G, n
  explicit Reference(const test::DenseTable& t)
      : n(t.n()), G(t.labels.region_count()), N(t.labels.sector_count()) {
    b = test::dense_leontief_inverse(t);
    test::DenseTable domestic = t;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i / N != j / N) domestic.z[i * n + j] = 0.0;
      }
    }
    l = test::dense_leontief_inverse(domestic);
    v.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) v[i] = t.x[i] > 0.0 ? t.va[i] / t.x[i] : 0.0;
    const std::size_t F = t.labels.category_count();
    yd.assign(n * G, 0.0);
    e.assign(n * G, 0.0);
    e_total.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < G * F; ++k) yd[i * G + k / F] += t.y[i * G * F + k];
      for (std::size_t r = 0; r < G; ++r) {
        if (r == i / N) continue;
        double z = 0.0;
        for (std::size_t j = r * N; j < (r + 1) * N; ++j) z += t.z[i * n + j];
        e[i * G + r] = z + yd[i * G + r];
        e_total[i] += e[i * G + r];
      }
    }
  }
  /// Σ_{i∈t} v_i B_ij.
  double vb(std::size_t t, std::size_t j) const {
    double sum = 0.0;
    for (std::size_t i = t * N; i < (t + 1) * N; ++i) sum += v[i] * b[i * n + j];
    return sum;
  }
  /// Σ_{i∈s} v_i L_ij.
  double vl(std::size_t s, std::size_t j) const {
    double sum = 0.0;
    for (std::size_t i = s * N; i < (s + 1) * N; ++i) sum += v[i] * l[i * n + j];
    return sum;
  }
  /// (B Y_r)_i.
  double by(std::size_t i, std::size_t r) const {
    double sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) sum += b[i * n + k] * yd[k * G + r];
    return sum;
  }
  /// (B_·r e_r)_i.
  double be(std::size_t i, std::size_t r) const {
    double sum = 0.0;
    for (std::size_t k = r * N; k < (r + 1) * N; ++k) sum += b[i * n + k] * e_total[k];
    return sum;
  }
};

long key(const TermTable& t, std::size_t row, std::size_t k) {
  return t.local_keys[row * t.keys.size() + k];
}

const TermTable& table_named(const std::vector<TermTable>& tables, const std::string& name) {
  for (const auto& t : tables) {
    if (t.name == name) return t;
  }
  FAIL("no table " << name);
  return tables.front();
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
        tables(decomposition::tiva(context)) {}
  const TermTable& operator[](const std::string& name) const { return table_named(tables, name); }
};

/// Every sector row of tiva_sector against the dense formulas of docs/methods/tiva.md.
void check_sectors_against_reference(const TermTable& sector, const Reference& ref) {
  const std::size_t N = ref.N, G = ref.G;
  for (std::size_t row = 0; row < sector.local_rows(); ++row) {
    const auto s = static_cast<std::size_t>(key(sector, row, 0));
    const auto i = static_cast<std::size_t>(key(sector, row, 1));
    const std::size_t j = s * N + i;
    double foreign_vb = 0.0, ffd = 0.0, dfd = 0.0, vs1 = 0.0;
    for (std::size_t t = 0; t < G; ++t) {
      if (t == s) continue;
      foreign_vb += ref.vb(t, j);
      ffd += ref.v[j] * ref.by(j, t);
      dfd += ref.v[t * N + i] * ref.by(t * N + i, s);
      vs1 += ref.v[j] * ref.be(j, t);
    }
    const double e = ref.e_total[j], direct = ref.v[j] * ref.l[j * ref.n + j];
    INFO("economy " << s << " sector " << i);
    CHECK(close(test::measure(sector, row, "EXGR"), e));
    CHECK(close(test::measure(sector, row, "EXGR_DVA"), ref.vb(s, j) * e));
    CHECK(close(test::measure(sector, row, "EXGR_DDC"), direct * e));
    CHECK(close(test::measure(sector, row, "EXGR_IDC"), (ref.vl(s, j) - direct) * e));
    CHECK(close(test::measure(sector, row, "EXGR_RIM"), (ref.vb(s, j) - ref.vl(s, j)) * e));
    CHECK(close(test::measure(sector, row, "EXGR_FVA"), foreign_vb * e));
    CHECK(close(test::measure(sector, row, "FFD_DVA"), ffd));
    CHECK(close(test::measure(sector, row, "DXD_DVA"), ref.v[j] * ref.by(j, s)));
    CHECK(close(test::measure(sector, row, "DFD_FVA"), dfd));
    CHECK(close(test::measure(sector, row, "VS1"), vs1));
    // VS: the foreign value added in the sector's exports, from the explicit B (not the
    // EXGR_FVA column); shares are NA for a sector without exports (documented).
    CHECK(close(test::measure(sector, row, "VS"), foreign_vb * e));
    CHECK(test::close_or_documented_nan(test::measure(sector, row, "VS_SHARE"),
                                        e != 0.0 ? foreign_vb : std::nan("")));
    CHECK(test::close_or_documented_nan(test::measure(sector, row, "VS1_SHARE"),
                                        e != 0.0 ? vs1 / e : std::nan("")));
  }
}

}  // namespace

TEST_CASE("leather: TiVA equals published Borin-Mancini and KWW values",
          "[decomposition][tiva][regression]") {
  const Run run(test::read_dense_table(kLeatherCsv));
  const TermTable& economy = run["tiva_economy"];
  for (std::size_t row = 0; row < economy.local_rows(); ++row) {
    if (key(economy, row, 0) != 0) continue;  // Argentina, on the rank that owns it
    // Borin and Mancini (2023), source-based exporter perspective, as published with decompr:
    // DC = V_s B_ss E_s* is TiVA's EXGR_DVA, FC its EXGR_FVA, VAX its FFD_DVA, and their
    // domestic double counting V_s (B_ss − L_ss) E_s* is EXGR_RIM.
    const double tolerance = 1e-6;  // published to 7 significant digits
    CHECK(close(test::measure(economy, row, "EXGR"), 64.3, 1e-12));
    CHECK(close(test::measure(economy, row, "EXGR_DVA"), 53.68996, tolerance));
    CHECK(close(test::measure(economy, row, "EXGR_FVA"), 10.61004, tolerance));
    CHECK(close(test::measure(economy, row, "FFD_DVA"), 46.73209, tolerance));
    CHECK(close(test::measure(economy, row, "EXGR_RIM"), 0.8723949, tolerance));
    CHECK(close(test::measure(economy, row, "EXGR_DDC") + test::measure(economy, row, "EXGR_IDC"), 52.81756,
                tolerance));
    CHECK(close(test::measure(economy, row, "VAX_RATIO"), 46.73209 / 64.3, tolerance));
    // KWW (decompr's expected_kww.csv): VS = FVA_FIN + FVA_INT + FDC.
    CHECK(
        close(test::measure(economy, row, "VS"), 3.4505953543389 + 3.38861658354256 + 3.77083157085388));
    // Gross trade from the table by hand: imports of Argentina = column sums of the other
    // economies' rows in Argentina's columns (Z) and Argentina_FD (Y).
    CHECK(close(test::measure(economy, row, "IMGR"), 81.2, 1e-12));
  }
  const TermTable& sector = run["tiva_sector"];
  for (std::size_t row = 0; row < sector.local_rows(); ++row) {
    if (key(sector, row, 0) != 0 || key(sector, row, 1) != 0) continue;
    // Argentina Agriculture by hand from leather.csv: intermediate sales to Turkey's and
    // Germany's sectors (3.2 + 4.3 + 0.4 + 3.1 + 2.8 + 4.9) plus their final demand (6.1 + 8.4).
    CHECK(close(test::measure(sector, row, "EXGR"), 33.2, 1e-12));
    CHECK(close(test::measure(sector, row, "EXGR_INT"), 18.7, 1e-12));
    CHECK(close(test::measure(sector, row, "PROD"), 77.7, 1e-12));
  }
  // Every sector row against the formulas evaluated with the explicit inverse.
  check_sectors_against_reference(sector, Reference(test::read_dense_table(kLeatherCsv)));
}

TEST_CASE("TiVA: every sector value equals the dense formulas on random tables",
          "[decomposition][tiva]") {
  const unsigned seed = GENERATE(11u, 12u);
  const auto t = test::random_table(5, 3, 2, seed, seed == 12u ? 4 : -1);
  const Run run(t);
  check_sectors_against_reference(run["tiva_sector"], Reference(t));
}

TEST_CASE("TiVA identities on random balanced tables", "[decomposition][tiva][identity]") {
  const unsigned seed = GENERATE(5u, 6u);
  const long zero_sector = seed == 6u ? 7 : -1;  // economy 1, sector 3: no output at all
  const auto t = test::random_table(6, 4, 2, seed, zero_sector);
  const Run run(t);
  const TermTable& economy = run["tiva_economy"];
  const TermTable& sector = run["tiva_sector"];
  const TermTable& bilateral = run["tiva_bilateral"];

  SECTION("EXGR = EXGR_DVA + EXGR_FVA and EXGR_DVA = EXGR_DDC + EXGR_IDC + EXGR_RIM") {
    for (const TermTable* table : {&economy, &sector}) {
      for (std::size_t r = 0; r < table->local_rows(); ++r) {
        const double exgr = test::measure(*table, r, "EXGR");
        CHECK(close(test::measure(*table, r, "EXGR_DVA") + test::measure(*table, r, "EXGR_FVA"), exgr));
        CHECK(close(test::measure(*table, r, "EXGR_DDC") + test::measure(*table, r, "EXGR_IDC") +
                        test::measure(*table, r, "EXGR_RIM"),
                    test::measure(*table, r, "EXGR_DVA")));
        CHECK(close(test::measure(*table, r, "EXGR_INT") + test::measure(*table, r, "EXGR_FNL"), exgr));
        // Value added of origin is absorbed either at home or abroad.
        CHECK(close(test::measure(*table, r, "FFD_DVA") + test::measure(*table, r, "DXD_DVA"),
                    test::measure(*table, r, "VALU")));
      }
    }
    for (std::size_t r = 0; r < bilateral.local_rows(); ++r) {
      CHECK(close(test::measure(bilateral, r, "EXGR_DVA") + test::measure(bilateral, r, "EXGR_FVA"),
                  test::measure(bilateral, r, "EXGR")));
    }
  }

  SECTION("value-added balance: equals the gross balance and sums to zero over economies") {
    double balance = 0.0, gross = 0.0, scale = 0.0;
    for (std::size_t r = 0; r < economy.local_rows(); ++r) {
      // Value added minus absorption is net exports, measured in value added or gross.
      CHECK(close(test::measure(economy, r, "BALVAFD"), test::measure(economy, r, "BALGR")));
      balance += test::measure(economy, r, "BALVAFD");
      gross += test::measure(economy, r, "BALGR");
      scale += test::measure(economy, r, "EXGR");
    }
    CHECK(std::abs(test::global_sum(balance)) <= 1e-9 * test::global_sum(scale));
    CHECK(std::abs(test::global_sum(gross)) <= 1e-9 * test::global_sum(scale));
  }

  SECTION("VAX ratio of every economy lies in (0, 1]; shares are percentages") {
    for (std::size_t r = 0; r < economy.local_rows(); ++r) {
      const double vax = test::measure(economy, r, "VAX_RATIO");
      CHECK(vax > 0.0);
      CHECK(vax <= 1.0 + 1e-12);
      CHECK(close(test::measure(economy, r, "EXGR_DVASH") + test::measure(economy, r, "EXGR_FVASH"), 100.0));
    }
  }

  SECTION("sectors sum to their economy, partners sum to their exporter") {
    const std::vector<std::string> amounts = {
        "EXGR", "IMGR", "EXGR_DVA", "EXGR_FVA", "FFD_DVA", "DFD_FVA", "BALVAFD", "VS", "VS1",
        "VALU"};
    const std::vector<std::string> pair_amounts = {"EXGR",    "IMGR",    "EXGR_DVA", "EXGR_FVA",
                                                   "FFD_DVA", "DFD_FVA", "BALVAFD"};
    for (std::size_t r = 0; r < economy.local_rows(); ++r) {
      const long s = key(economy, r, 0);
      for (const auto& name : amounts) {
        double sum = 0.0;
        for (std::size_t q = 0; q < sector.local_rows(); ++q) {
          if (key(sector, q, 0) == s) sum += test::measure(sector, q, name);
        }
        INFO(name);
        CHECK(close(sum, test::measure(economy, r, name)));
      }
      for (const auto& name : pair_amounts) {
        double sum = 0.0;
        for (std::size_t q = 0; q < bilateral.local_rows(); ++q) {
          if (key(bilateral, q, 0) == s) sum += test::measure(bilateral, q, name);
        }
        INFO(name);
        CHECK(close(sum, test::measure(economy, r, name)));
      }
    }
  }

  SECTION("a sector without exports has NA shares, never Inf") {
    for (std::size_t r = 0; r < sector.local_rows(); ++r) {
      const bool dead = key(sector, r, 0) * 4 + key(sector, r, 1) == zero_sector;
      for (std::size_t m = 0; m < sector.measures.size(); ++m) {
        const double value = sector.local_values[r * sector.measures.size() + m];
        CHECK(!std::isinf(value));
        if (!dead) CHECK(std::isfinite(value));
      }
      if (dead) {
        CHECK(std::isnan(test::measure(sector, r, "EXGR_DVASH")));
        CHECK(std::isnan(test::measure(sector, r, "VAX_RATIO")));
        CHECK(test::measure(sector, r, "EXGR_DVA") == 0.0);
      }
    }
  }
}

TEST_CASE("TiVA agrees with KWW where the definitions coincide", "[decomposition][tiva]") {
  const auto t = test::random_table(4, 3, 2, 31u);
  const Run run(t);
  const TermTable& economy = run["tiva_economy"];
  const TermTable k = decomposition::kww(run.context)[0];
  REQUIRE(k.local_rows() == economy.local_rows());
  const auto sum = [&](std::size_t row, std::initializer_list<const char*> names) {
    double total = 0.0;
    for (const char* name : names) total += test::measure(k, row, name);
    return total;
  };
  for (std::size_t r = 0; r < economy.local_rows(); ++r) {
    REQUIRE(key(k, r, 0) == key(economy, r, 0));
    CHECK(close(test::measure(economy, r, "EXGR_DVA"),
                sum(r, {"DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC"})));
    CHECK(close(test::measure(economy, r, "EXGR_DDC") + test::measure(economy, r, "EXGR_IDC"),
                sum(r, {"DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT"})));
    CHECK(close(test::measure(economy, r, "EXGR_RIM"), sum(r, {"DDC"})));
    CHECK(close(test::measure(economy, r, "VS"), sum(r, {"FVA_FIN", "FVA_INT", "FDC"})));
    CHECK(close(test::measure(economy, r, "FFD_DVA"), sum(r, {"DVA_FIN", "DVA_INT", "DVA_INTrex"})));
  }
}
