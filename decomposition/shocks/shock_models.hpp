#pragma once
/// @file shock_models.hpp
/// @brief Runs the linear models of a scenario file (`leontief shock`): demand, supply,
/// inoperability, price, tariff and extraction scenarios all share the one factorization of
/// I − A behind `context`; their right-hand sides are the columns of one multi-RHS solve
/// with B and one with B' (SolveBatch). Only compounding tariff scenarios factor a matrix of
/// their own, I − A∘(11' + T).

#include <vector>

#include "decomposition/gvc_context.hpp"
#include "decomposition/term_table.hpp"
#include "io/config/scenario.hpp"
#include "solver/leontief_operator.hpp"

namespace leontief::decomposition {

/// @brief The result tables of every model that has scenarios, in the order demand, supply,
/// inoperability, price, tariff, extraction; each rank holds the rows of its block of each
/// model's scenarios.
/// @param options storage and solver of the tariff models' own factorizations.
/// @throws InputError (collective) for shocks the table cannot take (e.g. on a sector with
///   zero output).
/// @note Collective.
std::vector<TermTable> run_shock_scenarios(const GvcContext& context,
                                           const std::vector<io::Scenario>& scenarios,
                                           const solver::LeontiefOptions& options);

}  // namespace leontief::decomposition
