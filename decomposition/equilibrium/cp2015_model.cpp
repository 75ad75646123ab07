#include "decomposition/equilibrium/cp2015_model.hpp"

#include <cstdio>

#include "io/runtime/log.hpp"

namespace leontief::decomposition::cp2015 {

namespace {

std::string summary(const std::string& step, const Equilibrium& e) {
  char line[400];
  if (e.method == "newton") {
    std::snprintf(line, sizeof line,
                  "%s: %d Newton iterations (%ld Krylov), %d residual evaluations, %ld "
                  "expenditure GMRES iterations, %ld price iterations; trade-balance residual "
                  "%.2e; %.2f s",
                  step.c_str(), e.iterations, e.linear_iterations, e.function_evaluations,
                  e.expenditure_iterations, e.price_iterations, e.residual, e.seconds);
  } else {
    std::snprintf(line, sizeof line,
                  "%s: %d damped wage iterations, %ld expenditure GMRES iterations, %ld price "
                  "iterations; trade-balance residual %.2e; %.2f s",
                  step.c_str(), e.iterations, e.expenditure_iterations, e.price_iterations,
                  e.residual, e.seconds);
  }
  return line;
}

}  // namespace

Counterfactual run_counterfactual(MPI_Comm comm, const ModelInputs& in,
                                  const ModelOptions& options) {
  Counterfactual out;
  BaseState base = base_state(in, in.flows, in.tariffs);
  out.final_shares = calibrate_final_shares(in, base);
  std::vector<double> surplus = base.surplus;

  if (options.rebase) {
    Equilibrium e =
        solve_equilibrium(comm, in, out.final_shares, base, base.tariffs, surplus, options.solver);
    log::info(summary("base-year equilibrium (observed deficits)", e));
    base = base_state(in, e.flows, base.tariffs);
    out.solves.emplace_back("base_year", std::move(e));
    surplus = base.surplus;
  }
  if (options.deficits == ModelOptions::Deficits::zero) {
    surplus.assign(in.region_count(), 0.0);
    Equilibrium e =
        solve_equilibrium(comm, in, out.final_shares, base, base.tariffs, surplus, options.solver);
    log::info(summary("base year without deficits", e));
    base = base_state(in, e.flows, base.tariffs);
    out.solves.emplace_back("zero_deficits", std::move(e));
  }
  Equilibrium e = solve_equilibrium(comm, in, out.final_shares, base, in.counterfactual_tariffs,
                                    surplus, options.solver);
  log::info(summary("counterfactual", e));
  out.welfare = welfare_effects(in, out.final_shares, base, in.counterfactual_tariffs, surplus, e);
  out.solves.emplace_back("counterfactual", e);
  out.equilibrium = std::move(e);
  out.base = std::move(base);
  out.surplus = std::move(surplus);
  return out;
}

}  // namespace leontief::decomposition::cp2015
