#pragma once
/// @file petsc_session.hpp
/// @brief Initialises MPI and PETSc for the lifetime of the object (executable and tests).

#include <string>
#include <vector>

namespace leontief::solver {

class PetscSession {
 public:
  /// @brief PetscInitialize with only the given PETSc options (e.g. {"-log_view"}): our own
  /// `--key` options never reach PETSc's database. Installs an error handler that returns
  /// codes instead of printing, since errors become exceptions. A process started without
  /// an MPI launcher (no mpiexec, no srun) is a lone MPI process: Open MPI is then told not
  /// to look for networks (see singleton_mpi_settings()).
  PetscSession(const std::string& program, const std::vector<std::string>& petsc_options);
  PetscSession(const PetscSession&) = delete;
  PetscSession& operator=(const PetscSession&) = delete;
  ~PetscSession();

 private:
  std::vector<std::string> arguments_;
  std::vector<char*> argv_;
};

/// @brief For a process started without an MPI launcher, sets the Open MPI parameters that
/// make its MPI_Init cheaper: pml ob1 and btl self (one process talks to nobody: no network
/// transports are probed). Parameters the user already set in the environment are kept;
/// under mpiexec or srun nothing is changed.
void singleton_mpi_settings();

/// @brief Adds options such as "-leontief_ksp_type gmres" to PETSc's database, without
/// replacing options already given on the command line.
void insert_petsc_options_default(const std::string& options);

}  // namespace leontief::solver
