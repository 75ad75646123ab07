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

/// This rank's rows of B: local rows x n, row-major (a view; see GvcContext::leontief_rows).
class LeontiefRows {
 public:
  LeontiefRows() = default;
  LeontiefRows(const double* data, std::size_t rows, std::size_t cols)
      : data_(data), rows_(rows), cols_(cols) {}
  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  const double* row(std::size_t i) const { return data_ + i * cols_; }
  double operator()(std::size_t i, std::size_t j) const { return data_[i * cols_ + j]; }

 private:
  const double* data_ = nullptr;
  std::size_t rows_ = 0, cols_ = 0;
};

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
  /// @brief A·M; with `foreign_only`, A without its domestic blocks A_ss. A dense Z makes it
  /// a matrix product per economy, Z·(x̂⁻¹M) (BLAS gemm). @note Collective.
  DenseMatrix technical(const DenseMatrix& m, bool foreign_only = false) const;
  /// @brief A'·M (with `foreign_only`, without the domestic blocks). @note Collective.
  DenseMatrix technical_transpose(const DenseMatrix& m, bool foreign_only = false) const;

  /// @brief This rank's rows of B = (I − A)⁻¹ (local rows x n, row-major), computed on first
  /// use. Dense storage: the factors of I − A are replaced by B in place (no further n x n
  /// copy on one rank; later solves are products with B). Sparse storage: solves with
  /// identity columns, in chunks so the right-hand side stays small. Methods that need
  /// whole blocks B_rt (WWZ, KWW, Borin-Mancini) use it; memory n²/ranks.
  /// @note Collective on first call.
  const LeontiefRows& leontief_rows() const;
  /// Row i (global) of B, for a row owned by this rank.
  const double* leontief_row(std::size_t i) const;
  /// @brief This rank's rows of B·M for a replicated n x k M (local rows x k, row-major): a
  /// matrix product (BLAS gemm) with leontief_rows(). No communication once the rows exist.
  /// @note Collective on the first use of leontief_rows().
  DenseMatrix leontief_rows_times(const DenseMatrix& m) const;
  /// @brief B'·W (n x k, replicated) for W given by its rows on this rank (local rows x k):
  /// each rank's rows of B times its rows of W (BLAS gemm), summed over ranks.
  /// @note Collective.
  DenseMatrix leontief_rows_transpose_times(const DenseMatrix& local_w) const;

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
  mutable DenseMatrix b_rows_storage_;  // sparse storage only
  mutable LeontiefRows b_rows_;
  mutable bool have_b_rows_ = false;
};

}  // namespace leontief::decomposition
