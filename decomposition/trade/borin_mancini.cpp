/// @file borin_mancini.cpp
/// @brief Borin and Mancini (2019), "Measuring what matters in global value chains and
/// value-added trade" (World Bank PRWP 8804; Economic Systems Research 2023): gross exports
/// of economy s decomposed from the exporting-country perspective (the double-counting
/// perimeter is s as a whole), with the source-based and the sink-based approaches, at the
/// exporter, exporter x importer and exporter x sector levels. docs/methods/borin-mancini.md
/// has the formulas and where they come from.
///
/// Every term is built per flow (exporting sector i of s, importer r) and summed up, so the
/// three levels are consistent by construction. Per flow, with e = e_sr gross exports,
/// V_s B_ss, Σ_{t≠s} V_t B_ts and V_s L_ss the domestic, foreign and domestic-only
/// value-added multipliers (elementwise by sector), B^s the extraction inverse
/// (borin_mancini_extraction.hpp) and "A_sr u" the exports of intermediates to r weighted
/// by an output vector u of r:
///
///   DC    = V_s B_ss e                       FC  = Σ_{t≠s} V_t B_ts e
///   source: DVA = V_s L_ss e,  FVA = Σ_{t≠s} V_t B^s_ts e,  REF = V_s L_ss A_sr (BY)_{rs},
///           DAVAX = V_s L_ss (Y_sr + A_sr L_rr Y_rr)
///   sink:   DDC = V_s B_ss A_sr B^s_rs E_s*,  FDC = Σ_{t≠s} V_t B_ts A_sr B^s_rs E_s*,
///           REF = V_s B_ss A_sr (B^s Y_{*s})_r,  VAXIM = V_s B_ss (Y_sr + A_sr (B^s Y^{(s)}_{*r})_r)
///
/// and the rest by the accounting identities DC = DVA + DDC, FC = FVA + FDC, DVA = VAX + REF,
/// GVC = GEXP − DAVAX, GVCB = FC + DDC, GVCF = GVC − GVCB.

#include <mpi.h>

#include <array>

#include "decomposition/methods.hpp"
#include "decomposition/trade/borin_mancini_extraction.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "solver/phase.hpp"

namespace leontief::decomposition {

namespace {

/// Column order of the source-based tables.
constexpr std::array<const char*, 13> kSourceTerms = {"GEXP", "DC",  "DVA",   "VAX", "REF",
                                                      "DDC",  "FC",  "FVA",   "FDC", "DAVAX",
                                                      "GVC",  "GVCB", "GVCF"};
/// Column order of the sink-based tables: the nine accounting terms shared with the source
/// approach, then VAXIM, the sink approach's value added absorbed by the direct importer.
/// DAVAX and the GVC participation measures are defined on source-based accounting only.
constexpr std::array<const char*, 10> kSinkTerms = {"GEXP", "DC",  "DVA", "VAX", "REF",
                                                    "DDC",  "FC",  "FVA", "FDC", "VAXIM"};

using SourceFlow = std::array<double, kSourceTerms.size()>;
using SinkFlow = std::array<double, kSinkTerms.size()>;

/// Value-added multipliers of the N sectors of one exporter s.
struct ExporterMultipliers {
  std::vector<double> domestic;       ///< V_s B_ss: all domestic value added, DC per unit
  std::vector<double> foreign;        ///< Σ_{t≠s} V_t B_ts: FC per unit of exports
  std::vector<double> domestic_only;  ///< V_s L_ss: value added before s's output first leaves
  std::vector<double> foreign_once;   ///< Σ_{t≠s} V_t B^s_ts: foreign VA entering s's exports
};

ExporterMultipliers multipliers(const GvcContext& c, const ExportExtraction& extraction,
                                const DenseMatrix& va_multiplier) {
  const std::size_t N = c.sectors(), s = extraction.exporter(), first = s * N;
  const auto& v = c.va_coefficients();
  const double* l = c.domestic_inverse(s);
  ExporterMultipliers m{std::vector<double>(N, 0.0), std::vector<double>(N, 0.0),
                        std::vector<double>(N, 0.0), {}};
  for (std::size_t k = 0; k < N; ++k) {
    const double vk = v[first + k];
    if (vk == 0.0) continue;
    const double* b = c.leontief_row(first + k) + first;
    for (std::size_t j = 0; j < N; ++j) {
      m.domestic[j] += vk * b[j];
      m.domestic_only[j] += vk * l[k * N + j];
    }
  }
  for (std::size_t j = 0; j < N; ++j) m.foreign[j] = va_multiplier(first + j, 0) - m.domestic[j];
  m.foreign_once = extraction.solve_transpose(m.foreign);
  return m;
}

/// Output vectors abroad that the exports of intermediates A_sr weigh, one per term family.
enum Spread : std::size_t {
  kWorldHomeDemand,  ///< (BY)_{*s}: output for s's final demand (source REF)
  kImporterLocal,    ///< L_rr Y_rr: output of r for its own final demand, made in r (DAVAX)
  kExportsFeedback,  ///< B^s_{*s} E_s*: output abroad feeding back into s's exports (sink DDC, FDC)
  kHomeDemand,       ///< B^s Y_{*s} (sink REF)
  kImporterDemand,   ///< (B^s Y^{(s)}_{*r})_r (sink VAXIM)
  kSpreads
};

/// Column `col` of a replicated n x k matrix, used as an n-vector.
struct Column {
  const DenseMatrix* matrix;
  std::size_t col;
  double operator[](std::size_t j) const { return (*matrix)(j, col); }
};

/// For each spread vector u: (A_sr u_r)_i for exporting sector i and importer r (N x G),
/// in one pass over the rows of s.
std::array<DenseMatrix, kSpreads> intermediate_spreads(const GvcContext& c, std::size_t s,
                                                       const std::array<Column, kSpreads>& u) {
  const std::size_t G = c.regions(), N = c.sectors();
  const auto& table = c.table();
  const auto& part = table.partition();
  const auto& x = c.gross_output();
  std::array<DenseMatrix, kSpreads> out;
  for (auto& m : out) m = DenseMatrix(N, G);
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t row = s * N + i - part.row_begin();
    table.for_each_flow(row, [&](std::size_t j, double z) {
      const std::size_t r = j / N;
      if (r == s || x[j] <= 0.0) return;
      const double a = z / x[j];
      for (std::size_t k = 0; k < kSpreads; ++k) out[k](i, r) += a * u[k][j];
    });
  }
  return out;
}

/// The per-flow terms of one exporter: [sector i][importer r].
struct ExporterFlows {
  std::vector<std::vector<SourceFlow>> source;
  std::vector<std::vector<SinkFlow>> sink;
};

ExporterFlows exporter_flows(const GvcContext& c, const ExporterMultipliers& m,
                             const std::array<DenseMatrix, kSpreads>& spread, std::size_t s) {
  const std::size_t G = c.regions(), N = c.sectors();
  const auto& y = c.final_demand();
  const auto& e = c.exports();
  ExporterFlows f{std::vector<std::vector<SourceFlow>>(N, std::vector<SourceFlow>(G, SourceFlow{})),
                  std::vector<std::vector<SinkFlow>>(N, std::vector<SinkFlow>(G, SinkFlow{}))};
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t k = s * N + i;
    for (std::size_t r = 0; r < G; ++r) {
      if (r == s) continue;
      const double gexp = e(k, r), dc = m.domestic[i] * gexp, fc = m.foreign[i] * gexp;

      SourceFlow& src = f.source[i][r];
      const double dva = m.domestic_only[i] * gexp;
      const double ref = m.domestic_only[i] * spread[kWorldHomeDemand](i, r);
      const double fva = m.foreign_once[i] * gexp;
      const double davax = m.domestic_only[i] * (y(k, r) + spread[kImporterLocal](i, r));
      const double gvc = gexp - davax, gvcb = fc + (dc - dva);
      src = {gexp, dc, dva, dva - ref, ref, dc - dva, fc, fva, fc - fva, davax, gvc, gvcb,
             gvc - gvcb};

      SinkFlow& snk = f.sink[i][r];
      const double feedback = spread[kExportsFeedback](i, r);
      const double ddc = m.domestic[i] * feedback, fdc = m.foreign[i] * feedback;
      const double sink_ref = m.domestic[i] * spread[kHomeDemand](i, r);
      const double vaxim = m.domestic[i] * (y(k, r) + spread[kImporterDemand](i, r));
      snk = {gexp, dc, dc - ddc, dc - ddc - sink_ref, sink_ref, ddc, fc, fc - fdc, fdc, vaxim};
    }
  }
  return f;
}

/// The three tables of one approach, filled exporter by exporter.
template <std::size_t Terms>
struct LevelTables {
  TermTable exporter, bilateral, sector;

  LevelTables(const std::string& approach, const std::array<const char*, Terms>& terms) {
    const std::string what = "Borin-Mancini (2019/2023) " + approach +
                             "-based decomposition of gross exports, exporting-country perspective, ";
    exporter.name = "bm_" + approach + "_exporter";
    exporter.description = what + "by exporting economy";
    exporter.keys = {{"exporter", KeyColumn::Kind::region}};
    bilateral.name = "bm_" + approach + "_bilateral";
    bilateral.description = what + "by exporting and importing economy";
    bilateral.keys = {{"exporter", KeyColumn::Kind::region}, {"importer", KeyColumn::Kind::region}};
    sector.name = "bm_" + approach + "_sector";
    sector.description = what + "by exporting economy and sector";
    sector.keys = {{"exporter", KeyColumn::Kind::region}, {"sector", KeyColumn::Kind::sector}};
    for (TermTable* t : {&exporter, &bilateral, &sector}) t->measures.assign(terms.begin(), terms.end());
  }

  /// Sums the flows of exporter s over sectors, importers or both.
  void add(std::size_t s, const std::vector<std::vector<std::array<double, Terms>>>& flows) {
    const std::size_t N = flows.size(), G = N ? flows[0].size() : 0;
    const auto key = [](std::size_t k) { return static_cast<long>(k); };
    std::vector<double> total(Terms, 0.0);
    for (std::size_t r = 0; r < G; ++r) {
      if (r == s) continue;
      std::vector<double> row(Terms, 0.0);
      for (std::size_t i = 0; i < N; ++i) {
        for (std::size_t t = 0; t < Terms; ++t) row[t] += flows[i][r][t];
      }
      bilateral.add_row({key(s), key(r)}, row);
    }
    for (std::size_t i = 0; i < N; ++i) {
      std::vector<double> row(Terms, 0.0);
      for (std::size_t r = 0; r < G; ++r) {
        for (std::size_t t = 0; t < Terms; ++t) row[t] += flows[i][r][t];
      }
      for (std::size_t t = 0; t < Terms; ++t) total[t] += row[t];
      sector.add_row({key(s), key(i)}, row);
    }
    exporter.add_row({key(s)}, total);
  }
};

/// The replicated products every exporter shares.
struct SharedProducts {
  DenseMatrix by;              ///< B·Y by destination (n x G)
  DenseMatrix va_multiplier;   ///< v'B as a column (n x 1): total VA per unit of final output
  DenseMatrix importer_local;  ///< L_rr Y_rr stacked (n x 1)
};

/// @brief B·Y and v'B from this rank's rows of B (which the extraction needs anyway), so no
/// further solves, and no factorisation of (I − A)' for the transposed one, are needed.
/// @note Collective.
SharedProducts shared_products(const GvcContext& c) {
  const std::size_t n = c.n(), N = c.sectors();
  const auto& part = c.table().partition();
  const auto& y = c.final_demand();
  const auto& v = c.va_coefficients();
  DenseMatrix v_local(part.local_rows(), 1), y_domestic(n, 1);
  for (std::size_t row = 0; row < part.local_rows(); ++row) v_local(row, 0) = v[part.row_begin() + row];
  for (std::size_t k = 0; k < n; ++k) y_domestic(k, 0) = y(k, k / N);
  return {c.gather_rows(c.leontief_rows_times(y)), c.leontief_rows_transpose_times(v_local),
          c.domestic(y_domestic)};
}

}  // namespace

std::vector<TermTable> borin_mancini(const GvcContext& c) {
  c.leontief_rows();  // collective; B_ss and the column blocks B_{*s} come from these rows
  const SharedProducts shared = [&] {
    solver::Phase phase("bm shared Leontief products");
    return shared_products(c);
  }();

  solver::Phase phase("bm Woodbury extraction and terms");
  std::vector<ExportExtraction> extractions;
  // K_s is factorised on the owning rank only: agree on failure before the next collective.
  run_collectively(c.table().comm(), [&] {
    for (std::size_t s = c.first_exporter(); s < c.first_exporter() + c.exporter_count(); ++s) {
      extractions.emplace_back(c, s);
    }
  });
  const ExtractionOutputs outputs = extraction_outputs(c, shared.by, extractions);

  LevelTables<kSourceTerms.size()> source("source", kSourceTerms);
  LevelTables<kSinkTerms.size()> sink("sink", kSinkTerms);
  for (const auto& extraction : extractions) {
    const std::size_t s = extraction.exporter();
    const ExporterMultipliers m = multipliers(c, extraction, shared.va_multiplier);
    const auto spread = intermediate_spreads(
        c, s,
        {Column{&shared.by, s}, Column{&shared.importer_local, 0},
         Column{&outputs.exports_output, s}, Column{&outputs.home_demand_output, s},
         Column{&outputs.importer_demand_output, s}});
    const ExporterFlows flows = exporter_flows(c, m, spread, s);
    source.add(s, flows.source);
    sink.add(s, flows.sink);
  }
  return {source.exporter, source.bilateral, source.sector,
          sink.exporter,   sink.bilateral,   sink.sector};
}

}  // namespace leontief::decomposition
