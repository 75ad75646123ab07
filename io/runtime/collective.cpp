#include "io/runtime/collective.hpp"

#include <algorithm>
#include <climits>
#include <vector>

namespace leontief {

void broadcast(MPI_Comm comm, std::string& text, int root) {
  unsigned long long length = text.size();
  LEONTIEF_CHECK_MPI(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, root, comm));
  text.resize(length);
  // MPI counts are int: send long texts in pieces.
  constexpr std::size_t kPiece = 1U << 30;
  for (std::size_t at = 0; at < text.size(); at += kPiece) {
    const int count = static_cast<int>(std::min(kPiece, text.size() - at));
    LEONTIEF_CHECK_MPI(MPI_Bcast(text.data() + at, count, MPI_CHAR, root, comm));
  }
}

void broadcast(MPI_Comm comm, std::vector<std::string>& list, int root) {
  // Length-prefixed, so the strings may hold any byte.
  std::string packed;
  for (const auto& item : list) packed += std::to_string(item.size()) + ":" + item;
  broadcast(comm, packed, root);
  list.clear();
  for (std::size_t at = 0; at < packed.size();) {
    const std::size_t colon = packed.find(':', at);
    const std::size_t length = std::stoull(packed.substr(at, colon - at));
    list.push_back(packed.substr(colon + 1, length));
    at = colon + 1 + length;
  }
}

}  // namespace leontief

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
