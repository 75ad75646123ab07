#pragma once
/// @file cp2015_output.hpp
/// @brief The results of a Caliendo–Parro (2015) counterfactual as files: welfare effects
/// and changes by economy, sectoral costs, prices and expenditure, bilateral trade shares and
/// flows (HDF5 datasets and tidy CSV; docs/output-schema.md, section `tariff`).

#include <mpi.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decomposition/equilibrium/cp2015_model.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"

namespace leontief::decomposition::cp2015 {

/// Root attributes that describe the model and each equilibrium solve (method, iterations,
/// residual, seconds), for the result's metadata.
std::map<std::string, std::string> counterfactual_metadata(const Counterfactual& result);

/// @brief Writes `metadata` and the results into `file`, and the tidy CSV files welfare.csv,
/// regions.csv, sectors.csv, trade.csv, welfare_by_partner.csv into `csv_directory` (none if
/// empty). Each rank writes the rows of its economies. Returns the CSV writers, still under
/// temporary names, for the caller to commit with the HDF5 file.
/// @note Collective on `comm`.
std::vector<std::unique_ptr<io::TidyCsvWriter>> write_counterfactual(
    MPI_Comm comm, const ModelInputs& in, const Counterfactual& result, io::ResultFile& file,
    const std::map<std::string, std::string>& metadata, const std::string& csv_directory);

/// The welfare table (percent) as log lines, one per economy.
std::string welfare_summary(const ModelInputs& in, const WelfareEffects& w);

}  // namespace leontief::decomposition::cp2015
