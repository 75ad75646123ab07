#include "decomposition/term_table.hpp"

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

void TermTable::add_row(const std::vector<long>& row_keys, const std::vector<double>& row_values) {
  if (row_keys.size() != keys.size() || row_values.size() != measures.size()) {
    throw_library_error("TermTable " + name + ": row does not match the columns", __FILE__,
                        __LINE__);
  }
  local_keys.insert(local_keys.end(), row_keys.begin(), row_keys.end());
  local_values.insert(local_values.end(), row_values.begin(), row_values.end());
}

}  // namespace leontief::decomposition
