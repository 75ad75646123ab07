#include "io/runtime/collective.hpp"

#include <algorithm>
#include <climits>
#include <vector>

#include "io/runtime/interrupt.hpp"

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

Failure failure_of(const std::exception& e) {
  Failure f;
  f.message = e.what();
  if (const auto* stop = dynamic_cast<const Interrupted*>(&e)) {
    f.kind = Failure::Kind::interrupted;
    f.signal = stop->signal();
  } else if (dynamic_cast<const InputError*>(&e)) {
    f.kind = Failure::Kind::input;
  } else {
    f.kind = Failure::Kind::error;
  }
  return f;
}

void agree_on_failure(MPI_Comm comm, const Failure& failure, bool check_interrupt) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  Failure mine = failure;
  if (mine.kind == Failure::Kind::none && check_interrupt) {
    if (const int signal = io::pending_interrupt()) mine = failure_of(Interrupted(signal));
  }
  // Real failures outrank interruptions: their message says more.
  const int priority = mine.kind == Failure::Kind::none          ? INT_MAX
                       : mine.kind == Failure::Kind::interrupted ? 1 << 20
                                                                  : 0;
  int local = priority == INT_MAX ? INT_MAX : priority + rank;
  int first = INT_MAX;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&local, &first, 1, MPI_INT, MPI_MIN, comm));
  if (first == INT_MAX) return;
  const int root = first >= (1 << 20) ? first - (1 << 20) : first;
  // The chosen rank tells everyone what went wrong.
  int header[3] = {static_cast<int>(mine.kind), mine.signal, static_cast<int>(mine.message.size())};
  LEONTIEF_CHECK_MPI(MPI_Bcast(header, 3, MPI_INT, root, comm));
  std::vector<char> text(mine.message.begin(), mine.message.end());
  text.resize(static_cast<std::size_t>(header[2]));
  LEONTIEF_CHECK_MPI(MPI_Bcast(text.data(), header[2], MPI_CHAR, root, comm));
  const std::string agreed(text.begin(), text.end());
  switch (static_cast<Failure::Kind>(header[0])) {
    case Failure::Kind::interrupted:
      throw Interrupted(header[1], true);
    case Failure::Kind::input:
      throw InputError(agreed, true);
    default:
      throw Error(agreed, true);
  }
}

void agree_on_failure(MPI_Comm comm, bool failed, bool input_error, const std::string& message) {
  Failure f;
  if (failed) {
    f.kind = input_error ? Failure::Kind::input : Failure::Kind::error;
    f.message = message;
  }
  agree_on_failure(comm, f);
}

}  // namespace leontief::detail
