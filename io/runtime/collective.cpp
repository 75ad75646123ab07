#include "io/runtime/collective.hpp"

#include <climits>
#include <vector>

namespace leontief::detail {

void agree_on_failure(MPI_Comm comm, bool failed, bool input_error, const std::string& message) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  int mine = failed ? rank : INT_MAX;
  int first = INT_MAX;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm));
  if (first == INT_MAX) return;
  // The lowest failing rank tells everyone what went wrong.
  int header[2] = {input_error ? 1 : 0, static_cast<int>(message.size())};
  LEONTIEF_CHECK_MPI(MPI_Bcast(header, 2, MPI_INT, first, comm));
  std::vector<char> text(message.begin(), message.end());
  text.resize(static_cast<std::size_t>(header[1]));
  LEONTIEF_CHECK_MPI(MPI_Bcast(text.data(), header[1], MPI_CHAR, first, comm));
  std::string agreed(text.begin(), text.end());
  if (header[0]) throw InputError(agreed, true);
  throw Error(agreed, true);
}

}  // namespace leontief::detail
