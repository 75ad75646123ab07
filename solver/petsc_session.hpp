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
  /// codes instead of printing, since errors become exceptions.
  PetscSession(const std::string& program, const std::vector<std::string>& petsc_options);
  PetscSession(const PetscSession&) = delete;
  PetscSession& operator=(const PetscSession&) = delete;
  ~PetscSession();

 private:
  std::vector<std::string> arguments_;
  std::vector<char*> argv_;
};

/// @brief Adds options such as "-leontief_ksp_type gmres" to PETSc's database, without
/// replacing options already given on the command line.
void insert_petsc_options_default(const std::string& options);

}  // namespace leontief::solver
