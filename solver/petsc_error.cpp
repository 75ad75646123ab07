#include "solver/petsc_error.hpp"

#include <string>

namespace leontief::solver::detail {

void throw_petsc_error(PetscErrorCode code, const char* call, const char* file, int line) {
  const char* text = nullptr;
  char* specific = nullptr;
  PetscErrorMessage(code, &text, &specific);
  std::string message = std::string("PETSc error in ") + call + ": " + (text ? text : "");
  if (specific && *specific) message += " (" + std::string(specific) + ")";
  ::leontief::throw_library_error(message, file, line);
}

}  // namespace leontief::solver::detail
