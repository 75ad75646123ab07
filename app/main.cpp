/// @file main.cpp
/// @brief `leontief <command> [options]`: splits PETSc's options from ours, initialises
/// MPI/PETSc, runs the command, and turns any error into one clear line and a non-zero exit.

#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/failure_agreement.hpp"
#include "io/runtime/log.hpp"
#include "solver/petsc_options_left.hpp"
#include "solver/petsc_session.hpp"

namespace {

void print_usage() {
  std::cout << "usage: leontief <command> [--config FILE] [--key value ...] [-petsc_option ...]\n\n"
               "commands:\n";
  for (const auto& c : leontief::app::commands()) {
    std::printf("  %-9s %s\n", c.name, c.summary);
  }
  std::cout << "  options   print every command's options as Markdown (docs/options.md)\n\n"
               "`leontief <command> --help` lists a command's options. PETSc options such as\n"
               "-log_view or -leontief_pc_factor_mat_solver_type superlu_dist pass through.\n";
}

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty() || all[0] == "--help" || all[0] == "-h" || all[0] == "help") {
    print_usage();
    return all.empty() ? 2 : 0;
  }
  const std::string name = all[0];
  if (name == "--version") {
    std::cout << "leontief " << LEONTIEF_VERSION << "\n";
    return 0;
  }
  if (name == "options") {
    for (const auto& c : leontief::app::commands()) std::cout << c.parameters().markdown() << "\n";
    return 0;
  }
  const leontief::app::Command* command = nullptr;
  for (const auto& c : leontief::app::commands()) {
    if (name == c.name) command = &c;
  }
  if (!command) {
    // MPI is not initialised yet; the launcher's rank variable keeps the message to one line.
    const char* launcher_rank = std::getenv("OMPI_COMM_WORLD_RANK");
    if (!launcher_rank) launcher_rank = std::getenv("PMIX_RANK");
    if (!launcher_rank || std::string(launcher_rank) == "0") {
      std::cerr << "leontief: error: unknown command '" << name << "' (see leontief --help)\n";
    }
    return 2;
  }
  std::vector<std::string> ours, petsc;
  const leontief::io::ParameterSet known = command->parameters();
  leontief::io::split_petsc_arguments({all.begin() + 1, all.end()}, ours, petsc, &known);

  try {
    leontief::solver::PetscSession session(argv[0], petsc);
    const leontief::FailureAgreement agreement(MPI_COMM_WORLD);
    // A failure not made collective where it happened: if every rank failed alike, rank 0
    // reports it once and all exit cleanly; otherwise a rank may wait in a collective call.
    const auto all_failed = [&](const std::string& message) {
      return size() > 1 ? agreement.agree(message, std::chrono::seconds(10)) : std::nullopt;
    };
    try {
      leontief::io::ParameterSet options = command->parameters();
      leontief::run_collectively(MPI_COMM_WORLD, [&] { options.parse(ours); });
      if (options.help_requested()) {
        if (rank() == 0) std::cout << options.help_text();
        return 0;
      }
      leontief::app::apply_common_parameters(options);
      const int status = command->run(options);
      if (status == 0) leontief::solver::require_petsc_options_used(MPI_COMM_WORLD);
      return status;
    } catch (const leontief::Error& e) {
      // Collective errors: every rank has the same one, so rank 0 speaks for all and every
      // rank finalises cleanly.
      if (e.collective()) {
        if (rank() == 0) std::cerr << "leontief: error: " << e.what() << "\n";
        return 1;
      }
      if (const auto agreed = all_failed(e.what())) {
        if (rank() == 0) std::cerr << "leontief: error: " << *agreed << "\n";
        return 1;
      }
      std::cerr << "leontief: error: " << e.what() << "\n";
      if (size() > 1) MPI_Abort(MPI_COMM_WORLD, 1);  // other ranks may wait in a collective
      return 1;
    } catch (const std::exception& e) {
      if (const auto agreed = all_failed(e.what())) {
        if (rank() == 0) std::cerr << "leontief: internal error: " << *agreed << "\n";
        return 3;
      }
      std::cerr << "leontief: internal error on rank " << rank() << ": " << e.what() << "\n";
      if (size() > 1) MPI_Abort(MPI_COMM_WORLD, 3);
      return 3;
    }
  } catch (const std::exception& e) {
    std::cerr << "leontief: error: " << e.what() << "\n";
  }
  return 1;
}
