#include "io/runtime/output_guard.hpp"

#include <sys/stat.h>

#include <cstdint>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"

namespace leontief::io {

namespace {

struct Identity {
  std::uint64_t device = 0, inode = 0;
  bool operator==(const Identity&) const = default;
};

struct Protected {
  Identity identity;
  std::string option, path;
};

std::vector<Protected> g_inputs;

bool identity_of(const std::string& path, Identity& out) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return false;  // stat follows links
  out = {static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino)};
  return true;
}

}  // namespace

void protect_inputs(MPI_Comm comm, const std::vector<InputFile>& inputs) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  // Rank 0 resolves the files; every rank gets the list (the rank that renames an output
  // into place may be any group leader).
  std::vector<std::uint64_t> ids;
  std::string names;
  if (rank == 0) {
    for (const auto& input : inputs) {
      Identity id;
      if (!identity_of(input.path, id)) continue;
      ids.push_back(id.device);
      ids.push_back(id.inode);
      names += input.option + '\n' + input.path + '\n';
    }
  }
  unsigned long long sizes[2] = {ids.size(), names.size()};
  LEONTIEF_CHECK_MPI(MPI_Bcast(sizes, 2, MPI_UNSIGNED_LONG_LONG, 0, comm));
  ids.resize(sizes[0]);
  names.resize(sizes[1]);
  LEONTIEF_CHECK_MPI(
      MPI_Bcast(ids.data(), static_cast<int>(sizes[0]), MPI_UINT64_T, 0, comm));
  LEONTIEF_CHECK_MPI(MPI_Bcast(names.data(), static_cast<int>(sizes[1]), MPI_CHAR, 0, comm));
  std::size_t at = 0;
  for (std::size_t k = 0; k + 1 < ids.size(); k += 2) {
    Protected p;
    p.identity = {ids[k], ids[k + 1]};
    const auto end_option = names.find('\n', at);
    p.option = names.substr(at, end_option - at);
    const auto end_path = names.find('\n', end_option + 1);
    p.path = names.substr(end_option + 1, end_path - end_option - 1);
    at = end_path + 1;
    g_inputs.push_back(std::move(p));
  }
}

void refuse_overwriting_input(const std::string& output, const std::string& option) {
  if (g_inputs.empty()) return;
  Identity id;
  if (!identity_of(output, id)) return;  // not there yet: cannot be an input
  for (const auto& input : g_inputs) {
    if (input.identity != id) continue;
    const std::string named = option.empty() ? "the output" : option;
    const std::string same =
        input.path == output ? "" : " (" + input.path + ", the same file)";
    throw InputError(output + ": " + named + " is the input " + input.option + same +
                     "; writing it would destroy the input: choose another output name");
  }
}

void clear_protected_inputs() { g_inputs.clear(); }

bool same_file(const std::string& a, const std::string& b) {
  Identity x, y;
  return identity_of(a, x) && identity_of(b, y) && x == y;
}

}  // namespace leontief::io
