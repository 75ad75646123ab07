#pragma once
/// @file cp2015_inputs.hpp
/// @brief Inputs of the Caliendo–Parro (2015) multi-sector Ricardian model with
/// input-output linkages: base-year bilateral trade by sector, tariffs (base and
/// counterfactual), value-added and input shares, trade elasticities. Built from the
/// authors' CP2015 files or aggregated from any MRIO table of the canonical store.
///
/// The inputs are small (J·N² numbers for N economies and J sectors) and are replicated
/// on every rank; the equilibrium solver distributes the work by economies.

#include <mpi.h>

#include <cstddef>
#include <string>
#include <vector>

#include "io/readers/cp2015_reader.hpp"

namespace leontief::solver {
class DistributedTable;
}

namespace leontief::decomposition::cp2015 {

struct ModelInputs {
  std::vector<std::string> regions;  ///< N economy codes
  std::vector<std::string> sectors;  ///< J sector names

  /// Base-year flows at producer prices (before tariffs), sector-major, J x N x N:
  /// flows[(j·N + n)·N + i] = sector-j goods made in economy i and bought by economy n
  /// (importer n, exporter i); domestic sales on the diagonal i = n.
  std::vector<double> flows;
  /// Ad-valorem tariff rates (0.05 for 5%) of the base year and of the counterfactual, same
  /// layout as `flows`; 0 on the diagonal.
  std::vector<double> tariffs, counterfactual_tariffs;
  /// Value-added share of gross output, beta[n·J + j] in [0, 1].
  std::vector<double> value_added_share;
  /// Input shares gamma[(n·J + k)·J + j]: share of input k in sector j's intermediate
  /// spending in economy n (each column sums to 1, or to 0 when beta = 1).
  std::vector<double> input_share;
  /// Trade elasticities theta_j > 0.
  std::vector<double> theta;

  std::size_t region_count() const { return regions.size(); }
  std::size_t sector_count() const { return sectors.size(); }
  std::size_t flow_index(std::size_t j, std::size_t importer, std::size_t exporter) const {
    return (j * regions.size() + importer) * regions.size() + exporter;
  }

  /// @brief Checks sizes and values (flows >= 0, tariffs > -1 and 0 on the diagonal,
  /// beta in [0, 1], theta > 0, every economy with positive value added).
  /// @throws InputError naming `source`, the economy and the sector.
  void validate(const std::string& source) const;
};

/// Options of the CP2015-file inputs.
struct Cp2015InputOptions {
  double trade_scale = 1000;        ///< converts xbilat (thousands of USD) to GO's USD
  double nontradable_theta = 8.22;  ///< theta of the 20 non-tradable sectors
};

/// @brief Model inputs from the CP2015 files, as the authors' code builds them: trade in
/// USD; domestic sales = max(GO, exports) − exports on the diagonal (so gross output is
/// never below exports); non-tradable sectors have only domestic sales and no tariffs.
ModelInputs inputs_from_cp2015(const io::Cp2015Data& data, const Cp2015InputOptions& options);

/// @brief Keeps the counterfactual tariffs only between two economies of `economies` (both
/// importer and exporter in the list); every other pair keeps its base tariff. The NAFTA
/// experiment changes only the tariffs among MEX, CAN and USA. Empty list: no change.
/// @throws InputError naming `option` when a code is not an economy of the model.
void restrict_tariff_change(ModelInputs& in, const std::vector<std::string>& economies,
                            const std::string& option);

/// One row of a tariff CSV (importer, exporter, sector, percent); "*" matches any.
struct TariffRule {
  std::string importer, exporter, sector;
  double percent = 0;
  std::size_t line = 0;  ///< line in `file`, for messages
  std::string file;
};

/// Options of inputs aggregated from an MRIO table.
struct TableInputOptions {
  /// Economies kept as model economies; the others are merged into `rest_of_world`.
  /// Empty: every economy of the table.
  std::vector<std::string> keep_regions;
  std::string rest_of_world = "ROW";
  /// Base-year and counterfactual tariff rules, applied in order (later rules win) on top
  /// of zero base tariffs; counterfactual rules start from the base tariffs.
  std::vector<TariffRule> base_tariffs, counterfactual_tariffs;
  /// theta by sector name, and the theta of sectors not listed.
  std::vector<std::pair<std::string, double>> theta;
  double default_theta = 8.22;
};

/// @brief Aggregates an MRIO table (Z, Y, x, VA) into model inputs:
///   flows^j_{ni} = Σ_k Z[(i,j),(n,k)] + Σ_f Y[(i,j),(n,f)]  (negative entries, i.e.
///     inventory changes, count as 0), economies merged per `keep_regions`;
///   beta^j_n = 1 − (intermediate inputs of (n,j)) / (gross output of (n,j)), clamped to
///     [0, 1]; 1 for zero-output sectors;
///   gamma^{kj}_n = Σ_i Z[(i,k),(n,j)] / Σ_{k'} Σ_i Z[(i,k'),(n,j)] (0 column if no inputs).
/// Gross output of the model is the column sum of the flows (sales to all economies).
/// @throws InputError for unknown economies or sectors in the rules (naming file and line).
/// @note Collective on the table's communicator.
ModelInputs inputs_from_table(const solver::DistributedTable& table,
                              const TableInputOptions& options);

/// @brief Reads a tariff CSV with header `importer,exporter,sector,percent` ("*" in a key
/// column matches every economy or sector).
/// @throws InputError naming the file, line and column.
std::vector<TariffRule> read_tariff_rules(const std::string& path);

/// @brief Reads an elasticity CSV with header `sector,theta`.
/// @throws InputError naming the file, line and column.
std::vector<std::pair<std::string, double>> read_elasticities(const std::string& path);

}  // namespace leontief::decomposition::cp2015
