#pragma once
/// @file petsc_options_left.hpp
/// @brief PETSc's "options left" check made an error: an option that no part of the run read
/// is misspelt (-leontief_ksp_tpye) or belongs to a solver path the run did not take, and
/// PETSc itself would only print a warning at exit, which batch users do not see.

#include <mpi.h>

#include <string>
#include <vector>

namespace leontief::solver {

/// @brief The PETSc options given to this run (command line, --solver.petsc_options,
/// PETSC_OPTIONS) that no rank read, by name with the leading '-'.
/// @note Collective on `comm`: an option read on any rank counts as used (ranks in different
/// groups take different paths).
std::vector<std::string> unused_petsc_options(MPI_Comm comm);

/// @brief Throws a collective InputError naming every unused PETSc option, unless the run
/// was given `-options_left no` (PETSc's own switch: allow options that only some solver
/// paths read, e.g. in a job script shared by dense and sparse runs).
/// @note Collective on `comm`; call when the command has finished its work.
void require_petsc_options_used(MPI_Comm comm);

}  // namespace leontief::solver
