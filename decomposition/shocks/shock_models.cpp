#include "decomposition/shocks/shock_models.hpp"

#include <memory>

#include "decomposition/shocks/extraction.hpp"
#include "decomposition/shocks/price_models.hpp"
#include "decomposition/shocks/shock_quantity.hpp"
#include "io/runtime/log.hpp"
#include "solver/phase.hpp"

namespace leontief::decomposition {

std::vector<TermTable> run_shock_scenarios(const GvcContext& context,
                                           const std::vector<io::Scenario>& scenarios,
                                           const solver::LeontiefOptions& options) {
  using io::ShockModel;
  const MPI_Comm comm = context.table().comm();
  std::vector<std::unique_ptr<ShockModelRun>> runs;
  for (const ShockModel model : {ShockModel::demand, ShockModel::supply, ShockModel::inoperability,
                                 ShockModel::price, ShockModel::tariff, ShockModel::extraction}) {
    ModelScenarios selected = select_scenarios(scenarios, model, comm);
    if (selected.size() == 0) continue;
    log::info(std::string(io::model_name(model)) + ": " + std::to_string(selected.size()) +
              " scenario" + (selected.size() == 1 ? "" : "s"));
    switch (model) {
      case ShockModel::demand:
        runs.push_back(demand_model(context, std::move(selected)));
        break;
      case ShockModel::supply:
        runs.push_back(supply_model(context, std::move(selected)));
        break;
      case ShockModel::inoperability:
        runs.push_back(inoperability_model(context, std::move(selected)));
        break;
      case ShockModel::price:
        runs.push_back(price_model(context, std::move(selected)));
        break;
      case ShockModel::tariff:
        runs.push_back(tariff_model(context, std::move(selected), options));
        break;
      case ShockModel::extraction:
        runs.push_back(extraction_model(context, std::move(selected)));
        break;
    }
  }
  SolveBatch batch;
  {
    solver::Phase phase("shock right-hand sides");
    for (auto& run : runs) run->request(batch);
  }
  {
    solver::Phase phase("solve");
    log::info(std::to_string(batch.columns(false)) + " right-hand sides with B, " +
              std::to_string(batch.columns(true)) + " with B' (one factorization)");
    batch.solve(context);
  }
  std::vector<TermTable> tables;
  solver::Phase phase("shock tables");
  for (auto& run : runs) {
    for (auto& t : run->tables(batch)) tables.push_back(std::move(t));
  }
  return tables;
}

}  // namespace leontief::decomposition
