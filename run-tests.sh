#!/usr/bin/env bash
# Builds with warnings and clang-tidy findings as errors and runs every test: the Catch2 suite at 1, 2 and 4 MPI
# ranks and the end-to-end tests of the executable (real tables, bad input).
#
#   ./run-tests.sh [CTEST_ARGS...]             build-tests/, Release
#   ./run-tests.sh --sanitize [CTEST_ARGS...]  build-sanitize/: every test under AddressSanitizer and
#                                               UndefinedBehaviorSanitizer; a finding fails the test. Leaks
#                                               that MPI, PETSc, HDF5 and their solvers keep until exit are
#                                               suppressed (tests/sanitize/lsan.supp), ours are not.
set -euo pipefail
LEONTIEF_ROOT=$(cd "$(dirname "$0")" && pwd)
source "$LEONTIEF_ROOT/cmake/dependencies.sh"
leontief_install_dependencies
leontief_mpi_environment
if [[ "${1:-}" == --sanitize ]]; then
  shift
  build="$LEONTIEF_ROOT/build-sanitize"
  # -O1 keeps stacks readable and the suite fast enough; clang-tidy runs in the normal build.
  leontief_build "$build" -DLEONTIEF_WERROR=ON -DLEONTIEF_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g"
  supp="$LEONTIEF_ROOT/tests/sanitize"
  # Open MPI's memory hooks and ASan both intercept allocation: keep ASan's. Keep Open MPI's
  # components loaded until exit, so that the leak report can name the library of a stack
  # (a suppression matches library names); full stacks through libraries without frame
  # pointers (fast_unwind_on_malloc=0) for the same reason.
  export OMPI_MCA_memory=^patcher OMPI_MCA_mca_base_component_disable_dlclose=1
  export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:exitcode=86:strict_string_checks=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:suppressions=$supp/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
  # Sanitized code runs 2-4 times slower: CTest limits are scaled by CMake (LEONTIEF_SANITIZE),
  # the scripts' own limits here.
  export CLI_TIMEOUT=${CLI_TIMEOUT:-480} EXPECT_ERROR_TIMEOUT=${EXPECT_ERROR_TIMEOUT:-240}
  cd "$build"
  ctest --output-on-failure "$@"
else
  leontief_build "$LEONTIEF_ROOT/build-tests" -DLEONTIEF_WERROR=ON -DLEONTIEF_CLANG_TIDY=ON
  cd "$LEONTIEF_ROOT/build-tests"
  ctest --output-on-failure "$@"
fi
