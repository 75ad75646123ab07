#pragma once
/// @file value_added.hpp
/// @brief Trade in value added: value added by origin economy-sector and destination
/// economy (V̂BY), gross exports by exporter-sector and importer, and value added by source
/// embodied in each exporter-sector's gross exports (V̂BÊ, decompr's "leontief" output).

#include <vector>

#include "solver/distributed_table.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::decomposition {

/// Local row blocks (rows = this rank's economy-sectors), row-major.
struct ValueAddedAccounts {
  /// n x G: value added of origin row i absorbed in final demand of destination r.
  std::vector<double> by_destination;
  /// n x G: gross exports of row i to importer r (Z and Y flows; zero for r = own economy).
  std::vector<double> gross_exports;
  /// n x n (only if requested): value added of source row i embodied in the gross exports
  /// of exporter-sector j, V̂ B diag(e) with e = total gross exports.
  std::vector<double> in_exports;
};

/// @brief Gross exports E (n x G, local rows) computed from the local rows of Z and Y.
std::vector<double> gross_exports(const solver::DistributedTable& table);

/// @brief Computes the accounts: one multi-RHS solve for V̂BY (G columns) and, if
/// `with_source_in_exports`, one for V̂BÊ (n columns).
/// @note Collective.
ValueAddedAccounts value_added_accounts(const solver::DistributedTable& table,
                                        const solver::LeontiefOperator& leontief,
                                        bool with_source_in_exports);

}  // namespace leontief::decomposition
