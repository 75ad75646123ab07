#pragma once
/// @file methods.hpp
/// @brief The registry of decomposition methods run by `leontief decompose --method M`.

#include <string>
#include <vector>

#include "decomposition/gvc_context.hpp"
#include "decomposition/position/position_options.hpp"
#include "decomposition/term_table.hpp"

namespace leontief::decomposition {

/// Choices of `decompose` that change what a method computes.
struct MethodOptions {
  PositionOptions position;
};

struct Method {
  const char* name;     ///< --method value and CSV file stem
  const char* summary;  ///< one line for --help
  /// Economies the method needs: the trade methods decompose exports between economies, so
  /// a one-economy (national) table has nothing for them to decompose.
  std::size_t min_economies;
  /// Computes the method's tables. @note Collective.
  std::vector<TermTable> (*run)(const GvcContext& context, const MethodOptions& options);
  /// True if it needs whole rows of B (GvcContext::leontief_rows).
  bool leontief_rows = false;
  /// Values (keys included) its tables hold per economy-sector row of the table, for G
  /// economies: what memory estimates charge for its results.
  double (*result_values_per_row)(std::size_t regions) = nullptr;
};

/// Every method, in the order `--method all` runs them.
const std::vector<Method>& methods();

/// @brief The methods of a `--method` value: comma-separated names or `all`, each method
/// once, in the order given (`kww,kww` and `all,position` run every method once).
/// @throws InputError naming an unknown or empty name and listing the known ones.
std::vector<const Method*> select_methods(const std::string& list);

/// @brief Refuses methods that need more economies than the table has, naming them.
/// @throws InputError (collective: every rank has the same table labels).
void require_economies(const std::vector<const Method*>& chosen, const io::TableLabels& labels,
                       const std::string& table_path);

std::vector<TermTable> kww(const GvcContext& context);
std::vector<TermTable> wwz(const GvcContext& context);
std::vector<TermTable> borin_mancini(const GvcContext& context);
std::vector<TermTable> tiva(const GvcContext& context);
std::vector<TermTable> position(const GvcContext& context, const PositionOptions& options = {});

}  // namespace leontief::decomposition
