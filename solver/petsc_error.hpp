#pragma once
/// @file petsc_error.hpp
/// @brief The PETSc arm of the error policy: every PETSc call goes through
/// LEONTIEF_CHECK_PETSC, which throws leontief::Error with PETSc's own message.

#include <petscsys.h>

#include "io/runtime/error.hpp"

namespace leontief::solver::detail {
[[noreturn]] void throw_petsc_error(PetscErrorCode code, const char* call, const char* file,
                                    int line);
}

#define LEONTIEF_CHECK_PETSC(call)                                                      \
  do {                                                                                  \
    const PetscErrorCode leontief_petsc_rc_ = (call);                                   \
    if (leontief_petsc_rc_ != 0)                                                        \
      ::leontief::solver::detail::throw_petsc_error(leontief_petsc_rc_, #call, __FILE__, \
                                                    __LINE__);                          \
  } while (0)
