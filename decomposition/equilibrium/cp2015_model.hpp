#pragma once
/// @file cp2015_model.hpp
/// @brief A Caliendo–Parro (2015) tariff counterfactual from model inputs, following the
/// authors' sequence:
///   1. calibrate final-demand shares α from the data;
///   2. (rebase) solve the base-year equilibrium (tariffs unchanged, observed surpluses) to
///      get trade flows that satisfy the model's equilibrium conditions exactly;
///   3. (deficits = zero) solve once more with all surpluses set to zero, the paper's
///      baseline for its main results;
///   4. solve the counterfactual (base → counterfactual tariffs, surpluses held fixed) from
///      that base year and compute the welfare effects.

#include <mpi.h>

#include <string>
#include <vector>

#include "decomposition/equilibrium/cp2015_equilibrium.hpp"
#include "decomposition/equilibrium/cp2015_welfare.hpp"

namespace leontief::decomposition::cp2015 {

struct ModelOptions {
  enum class Deficits { zero, observed };
  Deficits deficits = Deficits::zero;
  bool rebase = true;
  SolverOptions solver;
};

struct Counterfactual {
  BaseState base;                    ///< the base year of the counterfactual
  std::vector<double> final_shares;  ///< α_n^j
  std::vector<double> surplus;       ///< S_n, fixed in the counterfactual
  Equilibrium equilibrium;
  WelfareEffects welfare;
  /// The equilibrium solves of steps 2–4, for the log and the output metadata.
  std::vector<std::pair<std::string, Equilibrium>> solves;
};

/// @brief Runs the counterfactual (steps above). Logs one line per equilibrium solve.
/// @note Collective on `comm`; every rank passes the same inputs.
Counterfactual run_counterfactual(MPI_Comm comm, const ModelInputs& in,
                                  const ModelOptions& options);

}  // namespace leontief::decomposition::cp2015
