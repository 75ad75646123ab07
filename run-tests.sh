#!/usr/bin/env bash
# Builds with warnings and clang-tidy findings as errors and runs every test: the Catch2 suite at 1, 2 and 4 MPI
# ranks and the end-to-end tests of the executable (real tables, bad input).
set -euo pipefail
LEONTIEF_ROOT=$(cd "$(dirname "$0")" && pwd)
source "$LEONTIEF_ROOT/cmake/dependencies.sh"
leontief_install_dependencies
leontief_mpi_environment
leontief_build "$LEONTIEF_ROOT/build-tests" -DLEONTIEF_WERROR=ON -DLEONTIEF_CLANG_TIDY=ON
cd "$LEONTIEF_ROOT/build-tests"
ctest --output-on-failure "$@"
