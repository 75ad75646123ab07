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

void TermTable::prepend_year(int year) {
  const std::size_t nk = keys.size(), rows = local_rows();
  std::vector<long> with_year;
  with_year.reserve(rows * (nk + 1));
  for (std::size_t r = 0; r < rows; ++r) {
    with_year.push_back(year);
    with_year.insert(with_year.end(), local_keys.begin() + static_cast<std::ptrdiff_t>(r * nk),
                     local_keys.begin() + static_cast<std::ptrdiff_t>((r + 1) * nk));
  }
  local_keys = std::move(with_year);
  keys.insert(keys.begin(), {"year", KeyColumn::Kind::year});
}

}  // namespace leontief::decomposition
