#pragma once
/// @file gvc_context.hpp
/// @brief What every GVC decomposition is built from: the table's vectors replicated on all
/// ranks, and the products B·M, B'·M, L·M, L'·M, A·M for replicated n x k matrices M
/// (k small: G or a few G), each a multi-right-hand-side solve or a local block product
/// followed by an all-gather. Formulas then combine n x k results per exporting economy.
///
/// Distribution: rows (economy-sectors) are owned by whole economies; each rank evaluates
/// the terms of the exporters it owns (local_exporters()), so results are the same at any
/// number of ranks.

#include <vector>

#include "decomposition/dense_matrix.hpp"
#include "solver/distributed_table.hpp"
#include "solver/domestic_inverses.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::decomposition {

class GvcContext {
 public:
  /// @note Collective: computes the domestic inverses and replicates Y, E, x, v.
  GvcContext(const solver::DistributedTable& table, const solver::LeontiefOperator& leontief);

  const solver::DistributedTable& table() const { return table_; }
  std::size_t regions() const { return G_; }   ///< G
  std::size_t sectors() const { return N_; }   ///< N
  std::size_t n() const { return n_; }         ///< G·N
  std::size_t region_of(std::size_t i) const { return i / N_; }

  /// First economy and number of economies owned by this rank.
  std::size_t first_exporter() const { return table_.partition().first_region(); }
  std::size_t exporter_count() const { return table_.partition().region_count(); }

  const std::vector<double>& gross_output() const { return table_.gross_output(); }  ///< x
  const std::vector<double>& va_coefficients() const { return v_; }                   ///< v
  /// Y summed over categories by destination economy (n x G).
  const DenseMatrix& final_demand() const { return y_; }
  /// Gross exports by importer (n x G; zero in the exporter's own column).
  const DenseMatrix& exports() const { return e_; }
  /// Intermediate exports by importer, Σ_{j∈r} Z_ij (n x G; zero in the own column).
  const DenseMatrix& intermediate_exports() const { return z_exports_; }

  /// A_{sr} for an economy s owned by this rank (N x N, row-major).
  DenseMatrix a_block(std::size_t s, std::size_t r) const;
  /// Domestic inverse L_ss of an owned economy (N x N, row-major).
  const double* domestic_inverse(std::size_t s) const { return domestic_.block(s); }

  /// @brief B·M (global Leontief inverse), replicated. @note Collective.
  DenseMatrix leontief(const DenseMatrix& m) const;
  /// @brief B'·M. @note Collective.
  DenseMatrix leontief_transpose(const DenseMatrix& m) const;
  /// @brief blockdiag(L_11..L_GG)·M. @note Collective.
  DenseMatrix domestic(const DenseMatrix& m) const;
  /// @brief blockdiag(L_ss)'·M. @note Collective.
  DenseMatrix domestic_transpose(const DenseMatrix& m) const;
  /// @brief A·M. @note Collective.
  DenseMatrix technical(const DenseMatrix& m) const;
  /// @brief A'·M. @note Collective.
  DenseMatrix technical_transpose(const DenseMatrix& m) const;

  /// @brief This rank's rows of B = (I − A)⁻¹ (local rows x n, row-major), computed on first
  /// use by solves with identity columns, in chunks so the right-hand side stays small.
  /// Methods that need whole blocks B_rt (WWZ, KWW, Borin-Mancini) use it; memory n²/ranks.
  /// @note Collective on first call.
  const DenseMatrix& leontief_rows() const;
  /// Row i (global) of B, for a row owned by this rank.
  const double* leontief_row(std::size_t i) const;

  /// @brief Replicates a matrix of which each rank holds its own rows. @note Collective.
  DenseMatrix gather_rows(const DenseMatrix& local_rows) const;

  /// @brief (I − A∘M)⁻¹·M' with another operator on the same table (e.g. with markups),
  /// replicated: `op` must have been built on table(). @note Collective.
  DenseMatrix solve_with(const solver::LeontiefOperator& op, const DenseMatrix& m) const;

 private:
  DenseMatrix solve(const DenseMatrix& m, bool transpose) const;
  DenseMatrix solve(const solver::LeontiefOperator& op, const DenseMatrix& m, bool transpose) const;
  DenseMatrix domestic_product(const DenseMatrix& m, bool transpose) const;

  const solver::DistributedTable& table_;
  const solver::LeontiefOperator& leontief_;
  solver::DomesticInverses domestic_;
  std::size_t G_, N_, n_;
  std::vector<double> v_;
  DenseMatrix y_, e_, z_exports_;
  mutable DenseMatrix b_rows_;
  mutable bool have_b_rows_ = false;
};

}  // namespace leontief::decomposition
