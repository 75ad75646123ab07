#include "solver/petsc_session.hpp"

#include <petscsys.h>

#include <utility>
#include <vector>

#include "io/store/hdf5.hpp"
#include "solver/petsc_error.hpp"

namespace leontief::solver {

PetscSession::PetscSession(const std::string& program,
                           const std::vector<std::string>& petsc_options) {
  arguments_.push_back(program);
  arguments_.insert(arguments_.end(), petsc_options.begin(), petsc_options.end());
  for (auto& a : arguments_) argv_.push_back(a.data());
  argv_.push_back(nullptr);
  int argc = static_cast<int>(arguments_.size());
  char** argv = argv_.data();
  const PetscErrorCode rc = PetscInitialize(&argc, &argv, nullptr, nullptr);
  if (rc != 0) throw Error("PETSc failed to initialise (error " + std::to_string(rc) + ")");
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  io::h5::silence_library_errors();
}

PetscSession::~PetscSession() {
  // HDF5 closes what is left open (a file whose last flush failed on a full disk) while MPI
  // still runs; at MPI_Finalize it would crash on it.
  H5close();
  PetscFinalize();
}

void insert_petsc_options_default(const std::string& options) {
  // Parse into a scratch database, then copy only the options not set already.
  PetscOptions scratch = nullptr;
  LEONTIEF_CHECK_PETSC(PetscOptionsCreate(&scratch));
  const PetscErrorCode rc = PetscOptionsInsertString(scratch, options.c_str());
  std::vector<std::pair<std::string, std::string>> entries;
  if (rc == 0) {
    PetscInt n = 0;
    char **names = nullptr, **values = nullptr;
    LEONTIEF_CHECK_PETSC(PetscOptionsLeftGet(scratch, &n, &names, &values));
    for (PetscInt i = 0; i < n; ++i) {
      entries.emplace_back(names[i], values[i] ? values[i] : "");
    }
    PetscOptionsLeftRestore(scratch, &n, &names, &values);
  }
  PetscOptionsDestroy(&scratch);
  LEONTIEF_CHECK_PETSC(rc);
  for (const auto& [key, value] : entries) {
    const std::string name = key.starts_with('-') ? key : "-" + key;
    PetscBool set = PETSC_FALSE;
    LEONTIEF_CHECK_PETSC(PetscOptionsHasName(nullptr, nullptr, name.c_str(), &set));
    if (set) continue;
    LEONTIEF_CHECK_PETSC(
        PetscOptionsSetValue(nullptr, name.c_str(), value.empty() ? nullptr : value.c_str()));
  }
}

}  // namespace leontief::solver
