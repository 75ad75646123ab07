#pragma once
/// @file borin_mancini_extraction.hpp
/// @brief Borin–Mancini "extraction" inverses without one inverse per exporter.
///
/// For exporter s, A^s is A with s's export coefficients A_sr (r ≠ s) set to zero and
/// B^s = (I − A^s)⁻¹: the world in which s still sells to itself but exports nothing. I − A^s
/// differs from I − A in the N rows of s, so B^s is a rank-N (Woodbury) update of B:
///
///   B^s = B − B_{*s} K_s⁻¹ [(I − A_ss) B_{s*} − I_{s*}],   K_s = (I − A_ss) B_ss,
///
/// where K_s = I + Σ_{j≠s} A_sj B_js is the Woodbury capacitance matrix. Hence for any
/// right-hand side m, B^s m = B m − B_{*s} w with w = K_s⁻¹ [(I − A_ss)(B m)_s − m_s]; in
/// particular B^s_{*s} = B_{*s} K_s⁻¹ and B^s_ss = L_ss. Every Borin–Mancini term then needs
/// only B·M products shared by all exporters, the column block B_{*s} applied to N-vectors
/// (formed from the rows of B each rank owns) and N x N solves with K_s: O(n³) in total
/// instead of O(G·n³) for G fresh inverses.

#include <cstddef>
#include <vector>

#include "decomposition/gvc_context.hpp"

namespace leontief::decomposition {

/// @brief The factorised capacitance matrix K_s = (I − A_ss) B_ss of one exporter owned by
/// this rank, and the Woodbury weights built from it.
class ExportExtraction {
 public:
  /// @brief Forms and factorises K_s from the local rows of B (no communication).
  /// @pre context.leontief_rows() has been called on every rank.
  /// @throws Error if K_s is singular (it cannot be when I − A is non-singular).
  ExportExtraction(const GvcContext& context, std::size_t exporter);

  std::size_t exporter() const { return s_; }

  /// @brief Woodbury weights w = K_s⁻¹ [(I − A_ss) bm_s − m_s] for `columns` right-hand
  /// sides (N x columns, row-major); then B^s m = B m − B_{*s} w. A null `m_s` means zero.
  DenseMatrix weights(const DenseMatrix& bm_s, const DenseMatrix* m_s) const;

  /// @brief w = K_s⁻¹ b for N x columns right-hand sides (row-major); B^s_{*s} b = B_{*s} w.
  DenseMatrix solve(DenseMatrix b) const;

  /// @brief Row vector u K_s⁻¹ (N values): turns multipliers of B_{*s} into those of
  /// B^s_{*s}, e.g. Σ_{t≠s} V_t B_ts into Σ_{t≠s} V_t B^s_ts.
  std::vector<double> solve_transpose(std::vector<double> u) const;

 private:
  std::vector<double> solve_columns(std::vector<double> columns, std::size_t count,
                                    bool transpose) const;

  std::size_t s_, N_;
  DenseMatrix i_minus_ass_;         // I − A_ss (row-major)
  std::vector<double> lu_;          // LAPACK getrf of K_s (column-major view of K_sᵀ)
  std::vector<int> pivots_;
};

/// Products with the extraction inverses of every exporter, replicated on all ranks; column
/// s belongs to exporter s. Rows of s itself are not used by the decomposition.
struct ExtractionOutputs {
  /// B^s_{*s} E_s*: output everywhere needed to produce s's total exports in the extraction
  /// world; its rows abroad (r ≠ s) are the foreign output that feeds back into s's exports.
  DenseMatrix exports_output;
  /// B^s Y_{*s}: output needed for s's own final demand when s exports nothing.
  DenseMatrix home_demand_output;
  /// Rows of r: (B^s Y^{(s)}_{*r})_r, output of r for r's final demand when s exports
  /// nothing, Y^{(s)} being Y without s's final exports.
  DenseMatrix importer_demand_output;
};

/// @brief Forms the extraction products of all exporters from one n x (2 + G) matrix of
/// Woodbury weights, each rank applying the column blocks B_{*s} through its own rows of B.
/// @param by B·Y by destination (n x G, replicated).
/// @param extractions the exporters this rank owns (from ExportExtraction).
/// @note Collective.
ExtractionOutputs extraction_outputs(const GvcContext& context, const DenseMatrix& by,
                                     const std::vector<ExportExtraction>& extractions);

}  // namespace leontief::decomposition
