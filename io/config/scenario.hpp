#pragma once
/// @file scenario.hpp
/// @brief Scenario files of `leontief shock`: an INI file with one `[scenario.NAME]` section
/// per scenario (its model and its shocks), and optional CSV files of shocks keyed by region,
/// sector and partner labels. Labels are checked against the table when the file is read;
/// every error names the file and the line.
///
/// ```ini
/// [scenario.us_demand]
/// model = demand                      # demand | supply | inoperability | price | tariff |
/// extraction units = percent                     # absolute (default) | percent
/// final_demand_change = CHN:*:USA:-10 # REGION:SECTOR:PARTNER:VALUE, * = every label
/// shocks = more_shocks.csv            # columns region,sector,partner,value
/// ```
///
/// The keys each model accepts, the meaning of the values and of the units are documented
/// in docs/methods/shock.md and docs/user-guide.md.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/store/table_labels.hpp"

namespace leontief::io {

enum class ShockModel { demand, supply, inoperability, price, tariff, extraction };
enum class ShockUnits { absolute, percent };
enum class ExtractionKind { full, backward, forward, partial };
/// Inoperability model: demand side (Santos–Haimes, q = x̂⁻¹Bx̂ c*) or supply side
/// (Leung–Haimes–Santos, q = B'c*).
enum class InoperabilitySide { demand, supply };

/// "demand", "supply", ... as written in scenario files.
const char* model_name(ShockModel model);
const char* extraction_name(ExtractionKind kind);

/// Partner of a shock that has none (value added, costs, perturbations, extractions).
inline constexpr std::size_t kNoPartner = static_cast<std::size_t>(-1);

/// One shock with its labels resolved (wildcards expanded).
struct ShockEntry {
  std::size_t row;       ///< economy-sector: region index · N + sector index
  std::size_t partner;   ///< partner economy (destination, importer) or kNoPartner
  double value;          ///< as written; units are applied by the model
  std::uint32_t source;  ///< index into Scenario::sources (where it was written)
};

struct Scenario {
  std::string name;         ///< NAME of [scenario.NAME]
  std::string description;  ///< optional free text
  std::string origin;       ///< "S.ini: line 4" (the section header)
  ShockModel model = ShockModel::demand;
  ShockUnits units = ShockUnits::absolute;
  /// demand, inoperability (demand side): change of final demand for `row`'s product by
  /// economy `partner`.
  std::vector<ShockEntry> final_demand;
  /// supply (Ghosh), inoperability (supply side): change of value added (primary inputs)
  /// of `row`.
  std::vector<ShockEntry> value_added;
  /// inoperability: perturbation c*, a fraction of `row`'s planned output.
  std::vector<ShockEntry> perturbation;
  /// price: change of value added per unit of output (cost push) of `row`.
  std::vector<ShockEntry> cost;
  /// tariff: ad valorem rate of economy `partner` on imports of `row`'s product from row's
  /// economy. Later entries replace earlier ones for the same flow.
  std::vector<ShockEntry> tariffs;
  /// extraction: the economy-sectors extracted; value = fraction extracted (1 = all).
  /// Later entries replace earlier ones for the same economy-sector.
  std::vector<ShockEntry> extracted;
  ExtractionKind extraction = ExtractionKind::full;
  InoperabilitySide side = InoperabilitySide::demand;
  /// tariff: also solve the compounding model (one factorization per scenario).
  bool compounding = true;
  /// Economies counted as "home" for the share of a loss borne abroad; empty: the default of
  /// the model (demand: the partners whose final demand changes; supply, inoperability: the
  /// economies of the shocked sectors).
  std::vector<std::size_t> home;
  /// Places entries were written ("S.ini: line 7", "shocks.csv: line 12").
  std::vector<std::string> sources;

  /// "S.ini: line 7" for an entry.
  const std::string& where(const ShockEntry& e) const { return sources[e.source]; }
  /// The entries of the model's own shock kind (final_demand for demand, ...).
  const std::vector<ShockEntry>& primary() const;
};

/// @brief Reads every scenario of an INI scenario file (and the CSV files it names, relative
/// to the INI file's directory) and resolves labels against the table's.
/// @throws InputError "<file>: line L: <what>" for syntax errors, unknown or misplaced keys,
///   unknown labels, bad values, duplicate scenario names, scenarios without shocks.
std::vector<Scenario> read_scenarios(const std::string& path, const TableLabels& labels);

}  // namespace leontief::io
