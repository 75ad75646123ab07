/// Borin–Mancini (method `bm`): the leather table against published results (decompr and
/// icio package documentation) through the real HDF5 path; the Woodbury extraction against
/// explicit extraction inverses (I − A^s)⁻¹ from the paper's definitions; accounting
/// identities, bounds and level aggregation on random balanced tables (one with a
/// zero-output sector); relations to KWW and WWZ. Every check looks at the rows this rank
/// holds, so the suite is run at 1, 2 and 4 ranks.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decomposition/methods.hpp"
#include "io/readers/wide_csv_reader.hpp"
#include "io/store/table_store.hpp"
#include "tests/support.hpp"

using namespace leontief;
using decomposition::TermTable;

namespace {

const std::string kLeather = std::string(LEONTIEF_TEST_DATA_DIR) + "/leather";

const std::vector<std::string> kSourceColumns = {"GEXP", "DC",    "DVA", "VAX",  "REF",
                                                 "DDC",  "FC",    "FVA", "FDC",  "DAVAX",
                                                 "GVC",  "GVCB",  "GVCF"};
const std::vector<std::string> kSinkColumns = {"GEXP", "DC", "DVA", "VAX", "REF",
                                               "DDC",  "FC", "FVA", "FDC", "VAXIM"};
/// The accounting terms both approaches have.
const std::vector<std::string> kSharedColumns = {"GEXP", "DC", "DVA", "VAX", "REF",
                                                 "DDC",  "FC", "FVA", "FDC"};

/// The six tables by name.
std::map<std::string, TermTable> by_name(std::vector<TermTable> tables) {
  std::map<std::string, TermTable> out;
  for (auto& t : tables) out[t.name] = std::move(t);
  return out;
}

std::vector<long> keys_of(const TermTable& t, std::size_t row) {
  const std::size_t k = t.keys.size();
  return {t.local_keys.begin() + static_cast<long>(row * k),
          t.local_keys.begin() + static_cast<long>((row + 1) * k)};
}

/// Local row index by key values.
std::map<std::vector<long>, std::size_t> row_index(const TermTable& t) {
  std::map<std::vector<long>, std::size_t> index;
  for (std::size_t r = 0; r < t.local_rows(); ++r) index[keys_of(t, r)] = r;
  return index;
}

bool close(double got, double expected, double relative, double absolute = 0.0) {
  return test::agrees(got, expected, {relative, absolute});
}


/// A published row: key values (labels) and term values.
struct PublishedRow {
  std::vector<std::string> keys;
  std::map<std::string, double> values;
};

long region_index(const io::TableLabels& labels, const std::string& name) {
  const auto it = std::find(labels.regions.begin(), labels.regions.end(), name);
  REQUIRE(it != labels.regions.end());
  return static_cast<long>(it - labels.regions.begin());
}

long sector_index(const io::TableLabels& labels, const std::string& name) {
  const auto it = std::find(labels.sectors.begin(), labels.sectors.end(), name);
  REQUIRE(it != labels.sectors.end());
  return static_cast<long>(it - labels.sectors.begin());
}

/// Compares the rows this rank holds with published rows keyed like the table.
void compare_published(const TermTable& t, const io::TableLabels& labels,
                       const std::vector<PublishedRow>& published, double relative,
                       double absolute) {
  const auto index = row_index(t);
  std::size_t matched = 0;
  for (const auto& p : published) {
    std::vector<long> key;
    for (std::size_t k = 0; k < p.keys.size(); ++k) {
      key.push_back(t.keys[k].kind == decomposition::KeyColumn::Kind::region
                        ? region_index(labels, p.keys[k])
                        : sector_index(labels, p.keys[k]));
    }
    const auto it = index.find(key);
    if (it == index.end()) continue;  // another rank's exporter
    ++matched;
    for (const auto& [name, expected] : p.values) {
      INFO(t.name << " " << p.keys[0] << (p.keys.size() > 1 ? "|" + p.keys[1] : "") << " "
                  << name);
      CHECK(close(test::measure(t, it->second, name), expected, relative, absolute));
    }
  }
  CHECK(matched == t.local_rows());
}

std::map<std::string, double> named(const std::vector<std::string>& names,
                                    const std::vector<double>& values) {
  REQUIRE(names.size() == values.size());
  std::map<std::string, double> out;
  for (std::size_t k = 0; k < names.size(); ++k) out[names[k]] = values[k];
  return out;
}

/// Borin–Mancini (2023), exporter perspective, country level, leather: Argentina as published
/// in decompr's documentation of bm(); Turkey and Germany from the icio package's bm()
/// reference (same computation, same printed precision).
std::vector<PublishedRow> leather_country() {
  const std::vector<std::string> order = {"GEXP", "DC",  "DVA", "VAX", "DAVAX", "REF", "DDC",
                                          "FC",   "FVA", "FDC", "GVC", "GVCB",  "GVCF"};
  return {
      {{"Argentina"},
       named(order, {64.3, 53.68996, 52.81756, 46.73209, 34.79877, 6.085473, 0.8723949, 10.61004,
                     10.43484, 0.1752063, 29.50123, 11.48244, 18.01879})},
      {{"Turkey"},
       named(order, {113.6, 92.46175, 89.82482, 77.34144, 65.50360, 12.483373, 2.6369363,
                     21.13825, 20.55564, 0.5826050, 48.09640, 23.77518, 24.32122})},
      {{"Germany"},
       named(order, {147.6, 111.29058, 106.84240, 96.71914, 89.31689, 10.123261, 4.4481800,
                     36.30942, 35.06489, 1.2445289, 58.28311, 40.75760, 17.52551})},
  };
}

/// Source-based, exporter x sector (icio package reference of bm(aggregation = "sector")).
std::vector<PublishedRow> leather_sector_source() {
  const std::vector<std::string> order = {"GEXP", "DC",  "DVA", "VAX", "DAVAX", "REF", "DDC",
                                          "FC",   "FVA", "FDC", "GVC", "GVCB",  "GVCF"};
  const auto row = [&](const char* s, const char* i, std::vector<double> v) {
    return PublishedRow{{s, i}, named(order, v)};
  };
  return {
      row("Argentina", "Agriculture",
          {33.2, 29.795288, 29.493900, 26.540382, 20.385155, 2.9535185, 0.30138767, 3.404712,
           3.3423229, 0.06238937, 12.814845, 3.7060999, 9.108745}),
      row("Argentina", "Textile_and_Leather",
          {28.5, 22.056767, 21.569374, 18.582499, 13.084653, 2.9868748, 0.48739312, 6.443233,
           6.3486717, 0.09456147, 15.415347, 6.9306263, 8.484721}),
      row("Argentina", "Transport_Equipment",
          {2.6, 1.837902, 1.754288, 1.609208, 1.328962, 0.1450801, 0.08361414, 0.762098,
           0.7438425, 0.01825550, 1.271038, 0.8457122, 0.425326}),
      row("Turkey", "Agriculture",
          {45.9, 38.432068, 37.469257, 32.468054, 27.673077, 5.0012037, 0.96281049, 7.467932,
           7.2556717, 0.21226046, 18.226923, 8.4307426, 9.796180}),
      row("Turkey", "Textile_and_Leather",
          {59.2, 48.074157, 46.789941, 39.702280, 33.025635, 7.0876610, 1.28421633, 11.125843,
           10.8426216, 0.28322154, 26.174365, 12.4100595, 13.764306}),
      row("Turkey", "Transport_Equipment",
          {8.5, 5.955528, 5.565619, 5.171110, 4.804889, 0.3945085, 0.38990949, 2.544472,
           2.4573486, 0.08712297, 3.695111, 2.9343811, 0.760730}),
      row("Germany", "Agriculture",
          {38.7, 33.067867, 32.402844, 29.139637, 26.657741, 3.2632066, 0.66502295, 5.632133,
           5.4445468, 0.18758643, 12.042259, 6.2971562, 5.745103}),
      row("Germany", "Textile_and_Leather",
          {31.0, 25.719889, 25.082406, 21.487520, 18.915931, 3.5948858, 0.63748284, 5.280111,
           5.1021480, 0.17796309, 12.084069, 5.9175939, 6.166475}),
      row("Germany", "Transport_Equipment",
          {77.9, 52.502827, 49.357153, 46.091985, 43.743217, 3.2651685, 3.14567421, 25.397173,
           24.5181932, 0.87897942, 34.156783, 28.5428469, 5.613936}),
  };
}

/// Sink-based, exporter x sector x importer (icio package reference of
/// bm(aggregation = "bilateral", approach = "sink")): keys exporter, sector, importer.
std::vector<PublishedRow> leather_flows_sink() {
  const std::vector<std::string> order = {"GEXP", "DC",  "DVA", "VAX", "VAXIM",
                                          "REF",  "DDC", "FC",  "FVA", "FDC"};
  const auto row = [&](const char* s, const char* i, const char* r, std::vector<double> v) {
    return PublishedRow{{s, i, r}, named(order, v)};
  };
  const char *ar = "Argentina", *tr = "Turkey", *de = "Germany";
  const char *agr = "Agriculture", *tex = "Textile_and_Leather", *tra = "Transport_Equipment";
  return {
      row(ar, agr, tr, {14.0, 12.5642780, 12.357451, 11.1495220, 8.6467883, 1.20792920,
                        0.206826787, 1.4357220, 1.4120879, 0.023634130}),
      row(ar, tex, tr, {6.8, 5.2626672, 5.172419, 4.5941134, 3.3363970, 0.57830552, 0.090248234,
                        1.5373328, 1.5109695, 0.026363357}),
      row(ar, tra, tr, {0.9, 0.6361968, 0.631643, 0.5994267, 0.5204712, 0.03221630, 0.004553866,
                        0.2638032, 0.2619149, 0.001888290}),
      row(ar, agr, de, {19.2, 17.2310098, 16.976780, 15.2571096, 12.8017283, 1.71967093,
                        0.254229282, 1.9689902, 1.9399394, 0.029050821}),
      row(ar, tex, de, {21.7, 16.7940996, 16.492276, 14.0624444, 10.6916234, 2.42983148,
                        0.301823747, 4.9059004, 4.8177315, 0.088168896}),
      row(ar, tra, de, {1.7, 1.2017051, 1.186992, 1.0694721, 0.9062318, 0.11752004, 0.014713011,
                        0.4982949, 0.4921940, 0.006100846}),
      row(tr, agr, ar, {10.7, 8.9591095, 8.736465, 8.2433496, 7.5330947, 0.49311499, 0.222644951,
                        1.7408905, 1.6976272, 0.043263282}),
      row(tr, tex, ar, {12.1, 9.8259679, 9.616970, 9.1484943, 8.4243413, 0.46847613, 0.208997408,
                        2.2740321, 2.2256637, 0.048368449}),
      row(tr, tra, ar, {1.6, 1.1210406, 1.110273, 1.0804233, 1.0374013, 0.02984949, 0.010767873,
                        0.4789594, 0.4743588, 0.004600523}),
      row(tr, agr, de, {35.2, 29.4729584, 28.549111, 24.0661500, 21.1873007, 4.48296078,
                        0.923847609, 5.7270416, 5.5475241, 0.179517565}),
      row(tr, tex, de, {47.1, 38.2481890, 37.042781, 30.4161318, 25.8904388, 6.62664940,
                        1.205407773, 8.8518110, 8.5728425, 0.278968549}),
      row(tr, tra, de, {6.9, 4.8344878, 4.769217, 4.3868947, 4.1249837, 0.38232239, 0.065270704,
                        2.0655122, 2.0376256, 0.027886602}),
      row(de, agr, ar, {14.9, 12.7315559, 11.915655, 10.4287782, 9.9293481, 1.48687667,
                        0.815901115, 2.1684441, 2.0294794, 0.138964627}),
      row(de, tex, ar, {10.3, 8.5456405, 8.240814, 7.6235647, 7.3729745, 0.61724929, 0.304826489,
                        1.7543595, 1.6917808, 0.062578720}),
      row(de, tra, ar, {31.6, 21.2976809, 20.852668, 19.8817549, 19.4540442, 0.97091322,
                        0.445012839, 10.3023191, 10.0870532, 0.215265891}),
      row(de, agr, tr, {23.8, 20.3363108, 19.622631, 17.9073356, 17.3509403, 1.71529555,
                        0.713679736, 3.4636892, 3.3421349, 0.121554238}),
      row(de, tex, tr, {20.7, 17.1742484, 15.942630, 12.9978655, 12.0796413, 2.94476411,
                        1.231618843, 3.5257516, 3.2729090, 0.252842628}),
      row(de, tra, tr, {46.3, 31.2051464, 30.268005, 27.8798434, 27.1400321, 2.38816205,
                        0.937140969, 15.0948536, 14.6415307, 0.453322843}),
  };
}

/// Sums published exporter x sector x importer rows over the key positions not in `keep`.
std::vector<PublishedRow> aggregate(const std::vector<PublishedRow>& rows,
                                    const std::vector<std::size_t>& keep) {
  std::map<std::vector<std::string>, std::map<std::string, double>> sums;
  for (const auto& r : rows) {
    std::vector<std::string> key;
    for (std::size_t k : keep) key.push_back(r.keys[k]);
    for (const auto& [name, value] : r.values) sums[key][name] += value;
  }
  std::vector<PublishedRow> out;
  for (auto& [key, values] : sums) out.push_back({key, values});
  return out;
}

// ---------------------------------------------------------------------------------------
// Dense reference from the definitions: explicit B, L and extraction inverses B^s.

using Matrix = std::vector<std::vector<double>>;

Matrix as_matrix(const std::vector<double>& row_major, std::size_t n) {
  Matrix m(n, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) m[i][j] = row_major[i * n + j];
  }
  return m;
}

/// Terms per flow (exporter s, sector i, importer r), straight from the definitions.
struct DenseReference {
  std::size_t G, N;
  std::map<std::string, std::vector<std::vector<std::vector<double>>>> source, sink;  // [s][i][r]

  explicit DenseReference(const test::DenseTable& t)
      : G(t.labels.region_count()), N(t.labels.sector_count()) {
    const std::size_t n = t.n(), F = t.labels.category_count();
    const auto region = [&](std::size_t k) { return k / N; };
    Matrix a(n, std::vector<double>(n, 0.0)), y(n, std::vector<double>(G, 0.0)),
        e(n, std::vector<double>(G, 0.0));
    std::vector<double> v(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = t.x[i] > 0.0 ? t.va[i] / t.x[i] : 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        a[i][j] = t.x[j] > 0.0 ? t.z[i * n + j] / t.x[j] : 0.0;
        if (region(j) != region(i)) e[i][region(j)] += t.z[i * n + j];
      }
      for (std::size_t u = 0; u < G; ++u) {
        for (std::size_t f = 0; f < F; ++f) y[i][u] += t.y[i * G * F + u * F + f];
        if (u != region(i)) e[i][u] += y[i][u];
      }
    }
    const Matrix b = as_matrix(test::dense_leontief_inverse(t), n);
    test::DenseTable domestic = t;  // A without the trade blocks: blockdiag(L_rr)
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (region(i) != region(j)) domestic.z[i * n + j] = 0.0;
      }
    }
    const Matrix l = as_matrix(test::dense_leontief_inverse(domestic), n);
    const auto times = [&](const Matrix& m, const Matrix& rhs) {
      Matrix out(n, std::vector<double>(rhs[0].size(), 0.0));
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < n; ++k) {
          for (std::size_t c = 0; c < rhs[0].size(); ++c) out[i][c] += m[i][k] * rhs[k][c];
        }
      }
      return out;
    };
    const Matrix by = times(b, y);
    Matrix y_domestic(n, std::vector<double>(1, 0.0));
    for (std::size_t k = 0; k < n; ++k) y_domestic[k][0] = y[k][region(k)];
    const Matrix lyd = times(l, y_domestic);

    const auto make = [&] {
      return std::vector<std::vector<std::vector<double>>>(
          G, std::vector<std::vector<double>>(N, std::vector<double>(G, 0.0)));
    };
    for (const auto* name : {"GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC",
                             "DAVAX", "GVC", "GVCB", "GVCF"}) {
      source[name] = make();
    }
    for (const auto* name : {"GEXP", "DC", "DVA", "VAX", "REF", "DDC", "FC", "FVA", "FDC",
                             "VAXIM"}) {
      sink[name] = make();
    }

    for (std::size_t s = 0; s < G; ++s) {
      // B^s = (I − A^s)⁻¹: A with the export rows A_sr (r ≠ s) removed.
      test::DenseTable extracted = t;
      for (std::size_t i = s * N; i < (s + 1) * N; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          if (region(j) != s) extracted.z[i * n + j] = 0.0;
        }
      }
      const Matrix bs = as_matrix(test::dense_leontief_inverse(extracted), n);
      // B^s E_s*, B^s Y_{*s} and B^s Y^{(s)} (Y without s's final exports).
      Matrix es(n, std::vector<double>(1, 0.0)), ys(n, std::vector<double>(1, 0.0)), yx = y;
      for (std::size_t k = 0; k < n; ++k) {
        ys[k][0] = y[k][s];
        if (region(k) != s) continue;
        for (std::size_t u = 0; u < G; ++u) {
          es[k][0] += e[k][u];
          if (u != s) yx[k][u] = 0.0;
        }
      }
      const Matrix bs_es = times(bs, es), bs_ys = times(bs, ys), bs_yx = times(bs, yx);
      // Σ_{l∉r} A_rl w_l for rows of r, the importer's use of foreign output.
      const auto abroad = [&](std::size_t j, const Matrix& w, std::size_t col) {
        double sum = 0.0;
        for (std::size_t m = 0; m < n; ++m) {
          if (region(m) != region(j)) sum += a[j][m] * w[m][col];
        }
        return sum;
      };
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t k = s * N + i;
        double vb_dom = 0.0, vb_for = 0.0, vl_dom = 0.0, vbs_dom = 0.0, vbs_for = 0.0;
        for (std::size_t m = 0; m < n; ++m) {
          (region(m) == s ? vb_dom : vb_for) += v[m] * b[m][k];
          (region(m) == s ? vbs_dom : vbs_for) += v[m] * bs[m][k];
          if (region(m) == s) vl_dom += v[m] * l[m][k];
        }
        for (std::size_t r = 0; r < G; ++r) {
          if (r == s) continue;
          // (A_sr L_rr w)_k and (A_sr u)_k for vectors of r's rows.
          const auto a_l = [&](auto&& w_of) {
            double sum = 0.0;
            for (std::size_t j = r * N; j < (r + 1) * N; ++j) {
              double lw = 0.0;
              for (std::size_t m = r * N; m < (r + 1) * N; ++m) lw += l[j][m] * w_of(m);
              sum += a[k][j] * lw;
            }
            return sum;
          };
          const auto a_of = [&](auto&& u_of) {
            double sum = 0.0;
            for (std::size_t j = r * N; j < (r + 1) * N; ++j) sum += a[k][j] * u_of(j);
            return sum;
          };
          const double gexp = e[k][r], dc = vb_dom * gexp, fc = vb_for * gexp;

          // Source-based: value added counted where it first leaves s.
          const double dva = vbs_dom * gexp;  // V_s B^s_ss = V_s L_ss
          const double ref = vl_dom * a_of([&](std::size_t j) { return by[j][s]; });
          const double fva = vbs_for * gexp;
          const double davax = vl_dom * (y[k][r] + a_of([&](std::size_t j) { return lyd[j][0]; }));
          const double gvc = gexp - davax;
          const std::map<std::string, double> src = {
              {"GEXP", gexp},      {"DC", dc},          {"DVA", dva},   {"VAX", dva - ref},
              {"REF", ref},        {"DDC", dc - dva},   {"FC", fc},     {"FVA", fva},
              {"FDC", fc - fva},   {"DAVAX", davax},    {"GVC", gvc},   {"GVCB", fc + dc - dva},
              {"GVCF", dva - davax}};
          for (const auto& [name, value] : src) source[name][s][i][r] = value;

          // Sink-based (as exvatools and icio write it): V_s B_ss # A_sr L_rr (...).
          const double feedback = a_l([&](std::size_t m) { return abroad(m, bs_es, 0); });
          const double home = a_l([&](std::size_t m) { return ys[m][0] + abroad(m, bs_ys, 0); });
          const double importer =
              y[k][r] + a_l([&](std::size_t m) { return y[m][r] + abroad(m, bs_yx, r); });
          const double ddc = vb_dom * feedback, fdc = vb_for * feedback;
          const std::map<std::string, double> snk = {
              {"GEXP", gexp},  {"DC", dc},        {"DVA", dc - ddc}, {"VAX", dc - ddc - vb_dom * home},
              {"REF", vb_dom * home},             {"DDC", ddc},      {"FC", fc},
              {"FVA", fc - fdc},                  {"FDC", fdc},      {"VAXIM", vb_dom * importer}};
          for (const auto& [name, value] : snk) sink[name][s][i][r] = value;
        }
      }
    }
  }

  /// Sum over sectors (bilateral), importers (sector) or both (exporter) of one term.
  double level(const std::map<std::string, std::vector<std::vector<std::vector<double>>>>& terms,
               const std::string& name, std::size_t s, long sector, long importer) const {
    double sum = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      if (sector >= 0 && static_cast<std::size_t>(sector) != i) continue;
      for (std::size_t r = 0; r < G; ++r) {
        if (importer >= 0 && static_cast<std::size_t>(importer) != r) continue;
        sum += terms.at(name)[s][i][r];
      }
    }
    return sum;
  }
};

struct RandomCase {
  test::DenseTable dense;
  solver::DistributedTable table;
  solver::LeontiefOperator op;
  decomposition::GvcContext context;
  RandomCase(std::size_t G, std::size_t N, unsigned seed, long zero_output_sector)
      : dense(test::random_table(G, N, 2, seed, zero_output_sector)),
        table(test::distribute(MPI_COMM_WORLD, dense)),
        op(table),
        context(table, op) {}
};

/// Exporter, sector and importer of a row of a bm table (-1 where the level sums over it).
struct RowKey {
  std::size_t exporter;
  long sector = -1, importer = -1;
};

RowKey row_key(const TermTable& t, std::size_t row) {
  const auto k = keys_of(t, row);
  RowKey key{static_cast<std::size_t>(k[0])};
  if (t.keys.size() > 1) (t.keys[1].name == "sector" ? key.sector : key.importer) = k[1];
  return key;
}

}  // namespace

TEST_CASE("bm: six tables with the documented keys and columns", "[decomposition][bm]") {
  test::LeatherRun leather;
  const auto tables = decomposition::borin_mancini(leather.context);
  REQUIRE(tables.size() == 6);
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"bm_source_exporter", {"exporter"}}, {"bm_source_bilateral", {"exporter", "importer"}},
      {"bm_source_sector", {"exporter", "sector"}}, {"bm_sink_exporter", {"exporter"}},
      {"bm_sink_bilateral", {"exporter", "importer"}}, {"bm_sink_sector", {"exporter", "sector"}}};
  const std::size_t owned = leather.context.exporter_count();
  for (std::size_t k = 0; k < tables.size(); ++k) {
    const auto& t = tables[k];
    INFO(t.name);
    CHECK(t.name == expected[k].first);
    std::vector<std::string> keys;
    for (const auto& key : t.keys) keys.push_back(key.name);
    CHECK(keys == expected[k].second);
    CHECK(t.measures == (t.name.find("source") != std::string::npos ? kSourceColumns : kSinkColumns));
    const std::size_t per_exporter = keys.size() == 1 ? 1 : keys[1] == "importer" ? 2 : 3;
    CHECK(t.local_rows() == owned * per_exporter);
  }
}

TEST_CASE("leather: bm exporter level equals the published Borin-Mancini (2023) results",
          "[decomposition][bm][regression]") {
  test::LeatherRun leather;
  auto t = by_name(decomposition::borin_mancini(leather.context));
  const auto& labels = leather.table.labels();
  // Published to 7 significant digits; the brief's Argentina reference is decompr's.
  compare_published(t["bm_source_exporter"], labels, leather_country(), 1e-6, 0.0);
  // At the whole-country perimeter the sink approach gives the same nine accounting terms.
  std::vector<PublishedRow> shared = leather_country();
  for (auto& row : shared) {
    for (const char* gvc_only : {"DAVAX", "GVC", "GVCB", "GVCF"}) row.values.erase(gvc_only);
  }
  compare_published(t["bm_sink_exporter"], labels, shared, 1e-6, 0.0);
}

TEST_CASE("leather: bm source-based sector level equals the published results",
          "[decomposition][bm][regression]") {
  test::LeatherRun leather;
  auto t = by_name(decomposition::borin_mancini(leather.context));
  compare_published(t["bm_source_sector"], leather.table.labels(), leather_sector_source(), 1e-6,
                    0.0);
}

TEST_CASE("leather: bm sink-based flows equal the published results at both levels",
          "[decomposition][bm][regression]") {
  test::LeatherRun leather;
  auto t = by_name(decomposition::borin_mancini(leather.context));
  const auto flows = leather_flows_sink();
  // Sums of values printed to 7 significant digits: allow their rounding (≤ 1.5e-6).
  compare_published(t["bm_sink_bilateral"], leather.table.labels(), aggregate(flows, {0, 2}),
                    1e-7, 1.5e-6);
  compare_published(t["bm_sink_sector"], leather.table.labels(), aggregate(flows, {0, 1}), 1e-7,
                    1.5e-6);
}

TEST_CASE("bm: Woodbury extraction equals explicit extraction inverses (I - A^s)^-1",
          "[decomposition][bm]") {
  const long zero_sector = GENERATE(-1L, 6L);
  RandomCase c(4, 3, 11u + static_cast<unsigned>(zero_sector + 1), zero_sector);
  const DenseReference reference(c.dense);
  for (const auto& t : decomposition::borin_mancini(c.context)) {
    const bool source = t.name.find("source") != std::string::npos;
    const auto& terms = source ? reference.source : reference.sink;
    for (std::size_t row = 0; row < t.local_rows(); ++row) {
      const RowKey key = row_key(t, row);
      // Small terms (FDC, REF) are compared relative to the flow's gross exports.
      const double scale =
          std::abs(reference.level(terms, "GEXP", key.exporter, key.sector, key.importer));
      for (const auto& name : t.measures) {
        const double expected = reference.level(terms, name, key.exporter, key.sector, key.importer);
        const double got = test::measure(t, row, name);
        INFO(t.name << " exporter " << key.exporter << " sector " << key.sector << " importer "
                    << key.importer << " " << name << ": " << got << " vs " << expected);
        CHECK(std::isfinite(got));
        CHECK(close(got, expected, 1e-9, 1e-9 * scale));
      }
    }
  }
}

TEST_CASE("bm: accounting identities and bounds on random balanced tables",
          "[decomposition][bm][identity]") {
  const unsigned seed = GENERATE(3u, 4u, 5u);
  // One table has a zero-output sector (no flows at all): every result must stay finite.
  RandomCase c(5, 4, seed, seed == 4u ? 6 : -1);
  auto tables = by_name(decomposition::borin_mancini(c.context));
  for (const auto& [table_name, t] : tables) {
    const bool source = t.name.find("source") != std::string::npos;
    for (std::size_t row = 0; row < t.local_rows(); ++row) {
      INFO(t.name << " row " << row);
      for (std::size_t m = 0; m < t.measures.size(); ++m) {
        CHECK(std::isfinite(t.local_values[row * t.measures.size() + m]));
      }
      const auto v = [&](const char* name) { return test::measure(t, row, name); };
      const double tol = 1e-9 * std::max(1.0, std::abs(v("GEXP")));
      CHECK(std::abs(v("GEXP") - v("DC") - v("FC")) <= tol);
      CHECK(std::abs(v("DC") - v("DVA") - v("DDC")) <= tol);
      CHECK(std::abs(v("DVA") - v("VAX") - v("REF")) <= tol);
      CHECK(std::abs(v("FC") - v("FVA") - v("FDC")) <= tol);
      if (source) {
        CHECK(std::abs(v("GVC") - (v("GEXP") - v("DAVAX"))) <= tol);
        CHECK(std::abs(v("GVC") - v("GVCB") - v("GVCF")) <= tol);
        CHECK(std::abs(v("GVCB") - v("FC") - v("DDC")) <= tol);
        CHECK(std::abs(v("GVCF") - (v("DVA") - v("DAVAX"))) <= tol);
        CHECK(v("DAVAX") <= v("VAX") + tol);
      } else {
        CHECK(v("VAXIM") <= v("VAX") + tol);
      }
      // Double counting and reflection are non-negative on these (almost non-negative) tables.
      CHECK(v("DDC") >= -tol);
      CHECK(v("FDC") >= -tol);
    }
  }
  // Value added absorbed by the direct importer: DAVAX (only domestic inputs, only the
  // importer's own production) <= VAXIM (sink) for every flow aggregate.
  for (const char* level : {"exporter", "bilateral", "sector"}) {
    const TermTable& src = tables[std::string("bm_source_") + level];
    const TermTable& snk = tables[std::string("bm_sink_") + level];
    REQUIRE(src.local_keys == snk.local_keys);
    for (std::size_t row = 0; row < src.local_rows(); ++row) {
      INFO(level << " row " << row);
      CHECK(test::measure(src, row, "DAVAX") <=
            test::measure(snk, row, "VAXIM") + 1e-9 * std::max(1.0, test::measure(src, row, "GEXP")));
    }
  }
}

TEST_CASE("bm: bilateral and sector rows add up to the exporter row; sink equals source there",
          "[decomposition][bm][identity]") {
  RandomCase c(4, 5, 21u, -1);
  auto t = by_name(decomposition::borin_mancini(c.context));
  for (const char* approach : {"source", "sink"}) {
    const std::string prefix = std::string("bm_") + approach + "_";
    const TermTable& exporter = t[prefix + "exporter"];
    for (const char* level : {"bilateral", "sector"}) {
      const TermTable& detail = t[prefix + level];
      for (std::size_t row = 0; row < exporter.local_rows(); ++row) {
        const long s = exporter.local_keys[row];
        for (const auto& name : exporter.measures) {
          double sum = 0.0;
          for (std::size_t q = 0; q < detail.local_rows(); ++q) {
            if (detail.local_keys[q * 2] == s) sum += test::measure(detail, q, name);
          }
          INFO(prefix << level << " exporter " << s << " " << name);
          CHECK(close(sum, test::measure(exporter, row, name), 1e-12, 1e-12));
        }
      }
    }
  }
  // Borin and Mancini: at the exporting-country perimeter source and sink coincide.
  const TermTable &src = t["bm_source_exporter"], &snk = t["bm_sink_exporter"];
  REQUIRE(src.local_rows() == snk.local_rows());
  for (std::size_t row = 0; row < src.local_rows(); ++row) {
    for (const auto& name : kSharedColumns) {
      INFO("exporter " << src.local_keys[row] << " " << name);
      CHECK(close(test::measure(snk, row, name), test::measure(src, row, name), 1e-9,
                  1e-9 * test::measure(src, row, "GEXP")));
    }
  }
}

TEST_CASE("bm: exporter level relates to KWW and bilateral contents to WWZ",
          "[decomposition][bm][identity]") {
  // Leather, and a random table with a zero-output sector.
  const bool use_leather = GENERATE(true, false);
  std::unique_ptr<test::LeatherRun> leather;
  std::unique_ptr<RandomCase> random;
  if (use_leather) {
    leather = std::make_unique<test::LeatherRun>();
  } else {
    random = std::make_unique<RandomCase>(4, 3, 8u, 4);
  }
  const auto& context = use_leather ? leather->context : random->context;
  auto t = by_name(decomposition::borin_mancini(context));
  const TermTable kww = decomposition::kww(context)[0];
  const TermTable wwz = decomposition::wwz(context)[0];

  // Borin and Mancini (2019): at the country level KWW's value added exported (DVA_FIN +
  // DVA_INT + DVA_INTrex), its returned value added (RDV_*) and its domestic double counting
  // are the source-based VAX, REF and DDC; KWW's foreign split is not, only its total is FC.
  const TermTable& src = t["bm_source_exporter"];
  const auto kww_rows = row_index(kww);
  for (std::size_t row = 0; row < src.local_rows(); ++row) {
    const auto it = kww_rows.find({src.local_keys[row]});
    REQUIRE(it != kww_rows.end());
    const auto k = [&](const char* name) { return test::measure(kww, it->second, name); };
    const auto b = [&](const char* name) { return test::measure(src, row, name); };
    const double tol = 1e-10 * b("GEXP");
    CHECK(std::abs(b("VAX") - (k("DVA_FIN") + k("DVA_INT") + k("DVA_INTrex"))) <= tol);
    CHECK(std::abs(b("REF") - (k("RDV_FIN") + k("RDV_INT"))) <= tol);
    CHECK(std::abs(b("DDC") - k("DDC")) <= tol);
    CHECK(std::abs(b("FC") - (k("FVA_FIN") + k("FVA_INT") + k("FDC"))) <= tol);
  }

  // Domestic and foreign content of a bilateral flow are WWZ's domestic and foreign terms.
  const std::vector<std::string> domestic = {"DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF",
                                             "DVA_INTrexI2", "RDV_INT", "RDV_FIN", "RDV_FIN2",
                                             "DDC_FIN", "DDC_INT"};
  const std::vector<std::string> foreign = {"OVA_FIN", "MVA_FIN", "OVA_INT",
                                            "MVA_INT", "ODC",     "MDC"};
  for (const char* approach : {"bm_source_bilateral", "bm_sink_bilateral"}) {
    const TermTable& bil = t[approach];
    for (std::size_t row = 0; row < bil.local_rows(); ++row) {
      const long s = bil.local_keys[row * 2], r = bil.local_keys[row * 2 + 1];
      double dc = 0.0, fc = 0.0;
      for (std::size_t q = 0; q < wwz.local_rows(); ++q) {
        if (wwz.local_keys[q * 3] != s || wwz.local_keys[q * 3 + 2] != r) continue;
        for (const auto& name : domestic) dc += test::measure(wwz, q, name);
        for (const auto& name : foreign) fc += test::measure(wwz, q, name);
      }
      INFO(approach << " " << s << " -> " << r);
      const double tol = 1e-10 * std::max(1.0, test::measure(bil, row, "GEXP"));
      CHECK(std::abs(test::measure(bil, row, "DC") - dc) <= tol);
      CHECK(std::abs(test::measure(bil, row, "FC") - fc) <= tol);
    }
  }
}
