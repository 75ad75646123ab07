#pragma once
/// @file cp2015_equilibrium.hpp
/// @brief The Caliendo–Parro (2015) equilibrium in relative changes ("exact hat algebra"):
/// given a base year (trade shares, expenditure, value added, deficits) and a change in
/// tariffs, solve for the changes in wages ŵ_n, input-bundle costs ĉ_n^j, sectoral price
/// indices P̂_n^j, trade shares π'_ni^j and expenditure X'_n^j.
///
/// Equations (n importer, i exporter, j and k sectors, κ̂ = (1+τ')/(1+τ)):
///   ĉ_n^j   = ŵ_n^{β_n^j} Π_k (P̂_n^k)^{(1−β_n^j) γ_n^{kj}}
///   P̂_n^j   = [Σ_i π_ni^j (κ̂_ni^j ĉ_i^j)^{−θ^j}]^{−1/θ^j}
///   π'_ni^j = π_ni^j (κ̂_ni^j ĉ_i^j / P̂_n^j)^{−θ^j}
///   X'_n^j  = Σ_k γ_n^{jk} (1−β_n^k) Σ_i X'_i^k π'_in^k/(1+τ'_in^k) + α_n^j I'_n,
///   I'_n    = ŵ_n w_nL_n + Σ_j Σ_i τ'_ni^j X'_n^j π'_ni^j/(1+τ'_ni^j) − S_n
///   Σ_j Σ_i X'_i^j π'_in^j/(1+τ'_in^j) − Σ_j Σ_i X'_n^j π'_ni^j/(1+τ'_ni^j) = S_n
/// with S_n the trade surplus (−D_n, the deficit) held fixed in nominal terms, and the
/// numeraire Σ_n w_nL_n ŵ_n = Σ_n w_nL_n (world value added unchanged), which the authors'
/// wage iteration keeps implicitly.
///
/// Algorithm (distributed by economies, see docs/methods/cp2015.md): an outer solve for the
/// N wages — PETSc SNES (Newton–Krylov with a matrix-free finite-difference Jacobian) or the
/// authors' damped fixed point — on the trade-balance residual; for each wage vector an inner
/// fixed point for costs and prices, and the linear expenditure system (size N·J) solved by
/// KSP GMRES with a matrix-free (MatShell) operator.

#include <mpi.h>

#include <string>
#include <vector>

#include "decomposition/equilibrium/cp2015_inputs.hpp"

namespace leontief::decomposition::cp2015 {

/// A base year: flows and tariffs and what the model derives from them.
struct BaseState {
  std::vector<double> flows;         ///< producer prices, layout of ModelInputs::flows
  std::vector<double> tariffs;       ///< rates, same layout
  std::vector<double> expenditure;   ///< X[n·J + j] = Σ_i flows (1 + τ)
  std::vector<double> shares;        ///< π_ni^j = flows (1+τ) / X (0 when X = 0)
  std::vector<double> gross_output;  ///< Y[n·J + j] = Σ_m flows^j_{mn} (sales incl. domestic)
  std::vector<double> value_added;   ///< w_nL_n = Σ_j β_n^j Y_n^j
  std::vector<double> surplus;  ///< S_n = Σ_j (Y_n^j − Σ_i flows^j_{ni}): exports − imports
  std::vector<double> tariff_revenue;  ///< R_n = Σ_j Σ_i τ_ni^j flows^j_{ni}
  std::vector<double> income;          ///< I_n = w_nL_n + R_n − S_n
};

/// @brief The base state of `flows` under `tariffs` (both in the layout of ModelInputs).
BaseState base_state(const ModelInputs& in, std::vector<double> flows, std::vector<double> tariffs);

/// @brief Final-demand shares α_n^j calibrated as in the authors' code:
/// α_n^j ∝ max(0, X_n^j − Σ_k γ_n^{jk}(1−β_n^k) Y_n^k), normalised to sum to 1 by economy.
/// @throws InputError when an economy has no positive final demand.
std::vector<double> calibrate_final_shares(const ModelInputs& in, const BaseState& base);

struct SolverOptions {
  enum class Method { newton, fixed_point };
  Method method = Method::newton;
  double tolerance = 1e-11;        ///< max_n |trade-balance residual| / w_nL_n
  int max_iterations = 10000;      ///< outer iterations (Newton steps or fixed-point steps)
  double damping = 0.2;            ///< fixed point: ŵ += damping · residual
  double price_tolerance = 1e-14;  ///< max |ΔP̂| of the inner cost/price fixed point
  int max_price_iterations = 100000;
  double expenditure_rtol = 1e-13;  ///< relative residual of the expenditure GMRES solve
};

/// The solution; every array is complete on every rank.
struct Equilibrium {
  std::vector<double> wage_hat;     ///< ŵ_n
  std::vector<double> cost_hat;     ///< ĉ_n^j at [n·J + j]
  std::vector<double> price_hat;    ///< P̂_n^j at [n·J + j]
  std::vector<double> shares;       ///< π'_ni^j, layout of ModelInputs::flows
  std::vector<double> expenditure;  ///< X'_n^j at [n·J + j]
  std::vector<double> flows;        ///< X'_n^j π'_ni^j / (1 + τ'_ni^j), producer prices

  std::string method;               ///< "newton" or "fixed_point"
  int iterations = 0;               ///< outer iterations
  int function_evaluations = 0;     ///< evaluations of the trade-balance residual
  long linear_iterations = 0;       ///< Newton: Krylov iterations on the wage Jacobian
  long expenditure_iterations = 0;  ///< GMRES iterations of all expenditure solves
  long price_iterations = 0;        ///< inner cost/price iterations of all evaluations
  double residual = 0;              ///< max_n |trade-balance residual| / w_nL_n at the end
  double seconds = 0;               ///< wall time of the solve (slowest rank)
};

/// @brief Solves the equilibrium in changes for the tariff change base.tariffs →
/// `counterfactual_tariffs`, with surpluses S_n = `surplus` (nominal) in the counterfactual.
/// @throws Error if an iteration does not converge (naming which and the residual).
/// @note Collective on `comm`; every rank passes the same (replicated) arguments.
Equilibrium solve_equilibrium(MPI_Comm comm, const ModelInputs& in,
                              const std::vector<double>& final_shares, const BaseState& base,
                              const std::vector<double>& counterfactual_tariffs,
                              const std::vector<double>& surplus, const SolverOptions& options);

}  // namespace leontief::decomposition::cp2015
