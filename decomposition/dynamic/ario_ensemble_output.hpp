#pragma once
/// @file ario_ensemble_output.hpp
/// @brief Writes the ensembles of `leontief dynamic`: every draw's losses by economy, the
/// events drawn, and the quantiles and means by economy, into the HDF5 result
/// (/ensembles/NAME) and tidy CSV files. Layout: docs/output-schema.md.

#include <mpi.h>

#include <memory>
#include <string>
#include <vector>

#include "decomposition/dynamic/ario_ensemble.hpp"
#include "decomposition/dynamic/ario_parameters.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"

namespace leontief::decomposition {

/// @brief Quantile q of `values` (R type 7, linear between order statistics; NaN, "not
/// recovered within the run", sorts above every number, and a quantile that reaches it is NaN).
double ensemble_quantile(std::vector<double> values, double q);

/// @brief Writes the ensembles (/ensembles/NAME) and their tidy CSV files; rank 0 holds the
/// data. Returns the CSV writers to commit with the result.
/// @note Collective on `comm`.
std::vector<std::unique_ptr<io::TidyCsvWriter>> write_ensembles(
    MPI_Comm comm, io::ResultFile& result, const std::string& csv_dir,
    const io::TableLabels& labels, const std::vector<EnsembleResult>& ensembles,
    const ArioParameters& parameters);

}  // namespace leontief::decomposition
