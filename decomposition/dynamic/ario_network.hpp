#pragma once
/// @file ario_network.hpp
/// @brief The fixed part of the ARIO model on a distributed table: daily baseline flows,
/// the (input product, buyer) pairs that carry inventories and orders, and the one sparse
/// matrix every daily step multiplies with.
///
/// Inventories and orders are per input *product* p (a sector, whatever economy supplies
/// it) and buying industry j (BoARIO's N × n inventory matrix). The pairs (p, j) with
/// Z^S_pj = Σ_{i of sector p} Z_ij > 0 are numbered buyer by buyer, and owned by the rank
/// that owns j's economy. The matrix Ẑ (n × m, m pairs) has one entry per nonzero of Z,
/// Ẑ_{i,(p(i),j)} = Z_ij / days: the same sparsity as Z (all n² entries for a dense table),
/// rows split by economies like the table. With it the model's sums are products:
///   - intermediate demand addressed to supplier i = r_i (Ẑ w)_i, where w_(p,j) is j's order
///     for product p per unit of r-weighted purchases;
///   - what buyer j's suppliers of p can deliver, (Ẑ' v)_(p,j), for v = r or r∘φ.

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "solver/distributed_table.hpp"
#include "solver/petsc_handles.hpp"

namespace leontief::decomposition {

class ArioNetwork {
 public:
  /// @brief Daily flows (annual / `days_per_year`), the pairs and Ẑ (log stage "set up
  /// ARIO"). The table must outlive the network.
  /// @note Collective on the table's communicator.
  ArioNetwork(const solver::DistributedTable& table, double days_per_year);

  const solver::DistributedTable& table() const { return table_; }
  MPI_Comm comm() const { return table_.comm(); }
  double days_per_year() const { return days_per_year_; }
  std::size_t row_begin() const { return table_.partition().row_begin(); }
  /// Economy-sectors of this rank (as sellers and as buyers).
  std::size_t local_industries() const { return table_.partition().local_rows(); }
  std::size_t local_pairs() const { return products_.size(); }
  std::size_t global_pairs() const { return global_pairs_; }

  /// x₀: a day's gross output, the row totals Z·1 + Y·1 (so the baseline is an exact fixed
  /// point; a row whose total is negative is inactive: x₀ = 0). All n rows, every rank.
  const std::vector<double>& baseline_output() const { return x0_; }
  /// y₀: a day's final demand of this rank's rows (Y·1, or −Z·1 for an inactive row).
  const std::vector<double>& baseline_final_demand() const { return y0_; }
  /// The pairs of local buyer r are [pair_offsets()[r], pair_offsets()[r + 1]).
  const std::vector<std::size_t>& pair_offsets() const { return offsets_; }
  /// Product (sector index) of each local pair.
  const std::vector<std::uint32_t>& pair_products() const { return products_; }
  /// a_pj = Z^S_pj / x₀_j, the product's input per unit of output (0 when x₀_j = 0).
  const std::vector<double>& input_coefficients() const { return coefficients_; }

  /// Ẑ (n × m), daily flows.
  Mat flows() const { return flows_.get(); }
  /// A zero vector of Ẑ's row layout (n) or column layout (m pairs). @note Collective.
  solver::Vector row_vector() const;
  solver::Vector pair_vector() const;

  /// A day's final demand of local row `r` from destination economies `partners` (all if
  /// empty), summed over categories.
  double final_demand_towards(std::size_t r, const std::vector<std::size_t>& partners) const;

 private:
  const solver::DistributedTable& table_;
  double days_per_year_;
  std::vector<double> x0_, y0_;
  std::vector<std::size_t> offsets_;
  std::vector<std::uint32_t> products_;
  std::vector<double> coefficients_;
  std::size_t global_pairs_ = 0;
  solver::Matrix flows_;
};

}  // namespace leontief::decomposition
