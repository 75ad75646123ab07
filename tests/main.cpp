/// @file main.cpp
/// @brief Catch2 main for the collective test suite: initialises MPI and PETSc, runs the
/// tests on every rank, and reports only rank 0's output (all ranks must agree to pass).

#define CATCH_CONFIG_RUNNER
#include <mpi.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "io/runtime/log.hpp"
#include "solver/petsc_session.hpp"

int main(int argc, char** argv) {
  leontief::solver::PetscSession session(argv[0], {});
  leontief::log::set_level(leontief::log::Level::warn);  // keep test output readable
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  Catch::Session catch_session;
  if (rank != 0) {
    // Other ranks run the same tests silently; a failure on any rank fails the run.
    catch_session.configData().outputFilename = "%debug";
    static std::ofstream null("/dev/null");
    std::cout.rdbuf(null.rdbuf());
  }
  const int rc = catch_session.run(argc, argv);
  int failed = rc != 0 ? 1 : 0, any_failed = 0;
  MPI_Allreduce(&failed, &any_failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0 && failed == 0 && any_failed) std::cerr << "a test failed on another rank\n";
  return any_failed;
}
