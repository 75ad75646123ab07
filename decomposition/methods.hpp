#pragma once
/// @file methods.hpp
/// @brief The registry of decomposition methods run by `leontief decompose --method M`.

#include <string>
#include <vector>

#include "decomposition/gvc_context.hpp"
#include "decomposition/term_table.hpp"

namespace leontief::decomposition {

struct Method {
  const char* name;     ///< --method value and CSV file stem
  const char* summary;  ///< one line for --help
  /// Computes the method's tables. @note Collective.
  std::vector<TermTable> (*run)(const GvcContext& context);
  /// True if it needs whole rows of B (GvcContext::leontief_rows).
  bool leontief_rows = false;
  /// Values (keys included) its tables hold per economy-sector row of the table, for G
  /// economies: what memory estimates charge for its results.
  double (*result_values_per_row)(std::size_t regions) = nullptr;
};

/// Every method, in the order `--method all` runs them.
const std::vector<Method>& methods();

std::vector<TermTable> kww(const GvcContext& context);
std::vector<TermTable> wwz(const GvcContext& context);
std::vector<TermTable> borin_mancini(const GvcContext& context);
std::vector<TermTable> tiva(const GvcContext& context);
std::vector<TermTable> position(const GvcContext& context);

}  // namespace leontief::decomposition
