#include "solver/petsc_options_left.hpp"

#include <petscsys.h>

#include <algorithm>

#include "io/runtime/error.hpp"
#include "solver/petsc_error.hpp"

namespace leontief::solver {

namespace {

/// This rank's unread options, as "-name".
std::vector<std::string> local_unused() {
  PetscInt count = 0;
  char **names = nullptr, **values = nullptr;
  LEONTIEF_CHECK_PETSC(PetscOptionsLeftGet(nullptr, &count, &names, &values));
  std::vector<std::string> out;
  for (PetscInt i = 0; i < count; ++i) {
    const std::string name = names[i];
    out.push_back(name.starts_with('-') ? name : "-" + name);
  }
  LEONTIEF_CHECK_PETSC(PetscOptionsLeftRestore(nullptr, &count, &names, &values));
  return out;
}

}  // namespace

std::vector<std::string> unused_petsc_options(MPI_Comm comm) {
  // Every rank has the same database (one command line), so the candidates are rank 0's
  // unread options; each is unused if no rank read it.
  std::vector<std::string> mine = local_unused();
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  std::string joined;
  if (rank == 0) {
    for (const auto& name : mine) joined += name + '\n';
  }
  int length = static_cast<int>(joined.size());
  LEONTIEF_CHECK_MPI(MPI_Bcast(&length, 1, MPI_INT, 0, comm));
  joined.resize(static_cast<std::size_t>(length));
  LEONTIEF_CHECK_MPI(MPI_Bcast(joined.data(), length, MPI_CHAR, 0, comm));
  std::vector<std::string> candidates;
  for (std::size_t begin = 0, end; begin < joined.size(); begin = end + 1) {
    end = joined.find('\n', begin);
    candidates.push_back(joined.substr(begin, end - begin));
  }
  std::vector<int> unread(candidates.size()), unread_everywhere(candidates.size());
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    unread[k] = std::find(mine.begin(), mine.end(), candidates[k]) != mine.end() ? 1 : 0;
  }
  if (!candidates.empty()) {
    LEONTIEF_CHECK_MPI(MPI_Allreduce(unread.data(), unread_everywhere.data(),
                                     static_cast<int>(candidates.size()), MPI_INT, MPI_LAND, comm));
  }
  std::vector<std::string> out;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    if (unread_everywhere[k]) out.push_back(candidates[k]);
  }
  return out;
}

void require_petsc_options_used(MPI_Comm comm) {
  PetscBool check = PETSC_TRUE, set = PETSC_FALSE;
  LEONTIEF_CHECK_PETSC(PetscOptionsGetBool(nullptr, nullptr, "-options_left", &check, &set));
  const std::vector<std::string> unused = unused_petsc_options(comm);
  if (unused.empty() || (set && !check)) return;
  std::string list;
  for (const auto& name : unused) list += (list.empty() ? "" : ", ") + name;
  throw InputError(std::string(unused.size() == 1 ? "PETSc option " : "PETSc options ") + list +
                       (unused.size() == 1 ? " was" : " were") +
                       " not used by this run: misspelt, or for a solver path it did not take "
                       "(the results were written without " +
                       (unused.size() == 1 ? "it" : "them") +
                       "; -options_left no allows options that only some paths read)",
                   true);
}

}  // namespace leontief::solver
