/// @file main.cpp
/// @brief `leontief <command> [options]`: splits PETSc's options from ours, initialises
/// MPI/PETSc, runs the command, and turns any error into one clear line and a non-zero exit
/// (128 + the signal's number for a run stopped by SIGTERM, SIGINT or SIGHUP).

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "io/results/csv_manifest.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/failure_agreement.hpp"
#include "io/runtime/interrupt.hpp"
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
               "`leontief help <command>` or `leontief <command> --help` lists a command's "
               "options. PETSc\noptions such as -log_view or "
               "-leontief_pc_factor_mat_solver_type superlu_dist pass through.\n";
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

/// Before MPI is initialised: only the launcher's rank 0 speaks (one line, not one per rank).
bool launcher_rank0() {
  const char* launcher_rank = std::getenv("OMPI_COMM_WORLD_RANK");
  if (!launcher_rank) launcher_rank = std::getenv("PMIX_RANK");
  return !launcher_rank || std::string(launcher_rank) == "0";
}

/// Edit distance (insertions, deletions, substitutions, adjacent swaps) for "did you mean".
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

/// "unknown command 'decompse'; did you mean 'decompose'?" (or the plain message).
std::string unknown_command(const std::string& name) {
  std::string best;
  std::size_t best_distance = name.size();
  for (const auto& c : leontief::app::commands()) {
    const std::string candidate = c.name;
    std::size_t d = distance(name, candidate);
    // A prefix of a command ("decomp") is as good as a close typo.
    if (candidate.rfind(name, 0) == 0 && name.size() >= 2) d = std::min<std::size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  const std::size_t allowed = std::max<std::size_t>(1, std::min<std::size_t>(2, name.size() / 3));
  std::string message = "unknown command '" + name + "'";
  if (!best.empty() && best_distance <= allowed) message += "; did you mean '" + best + "'?";
  return message + " (see leontief --help)";
}

const leontief::app::Command* find_command(const std::string& name) {
  for (const auto& c : leontief::app::commands()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty() || all[0] == "--help" || all[0] == "-h" ||
      (all[0] == "help" && all.size() == 1)) {
    print_usage();
    return all.empty() ? 2 : 0;
  }
  if (all[0] == "help") {
    // `leontief help va` = `leontief va --help` (no MPI needed to print it).
    const leontief::app::Command* command = find_command(all[1]);
    if (!command) {
      if (launcher_rank0()) std::cerr << "leontief: error: " << unknown_command(all[1]) << "\n";
      return 2;
    }
    if (launcher_rank0()) std::cout << command->parameters().help_text();
    return 0;
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
  const leontief::app::Command* command = find_command(name);
  if (!command) {
    if (launcher_rank0()) std::cerr << "leontief: error: " << unknown_command(name) << "\n";
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
    // After MPI and PETSc, whose handlers would abort the run on these signals.
    leontief::io::install_interrupt_handlers();
    leontief::io::set_csv_run_command(command->name);
    try {
      leontief::io::ParameterSet options = command->parameters();
      leontief::run_collectively(MPI_COMM_WORLD, [&] { options.parse(ours); });
      if (options.help_requested()) {
        if (rank() == 0) std::cout << options.help_text();
        return 0;
      }
      leontief::app::apply_common_parameters(options);
      leontief::app::check_outputs(*command, options);
      const int status = command->run(options);
      if (status == 0) leontief::solver::require_petsc_options_used(MPI_COMM_WORLD);
      // Complete: the previous run's CSV files that this run did not write go now.
      leontief::run_collectively(MPI_COMM_WORLD, [] { leontief::io::finish_csv_directories(); });
      return status;
    } catch (const leontief::Error& e) {
      const int signal = leontief::io::pending_interrupt();
      const auto* stop = dynamic_cast<const leontief::Interrupted*>(&e);
      // Stopped on request: the conventional status of a signal (128 + its number).
      const int status = stop ? 128 + stop->signal() : signal != 0 ? 128 + signal : 1;
      // Collective errors: every rank has the same one, so rank 0 speaks for all and every
      // rank finalises cleanly.
      if (e.collective()) {
        if (rank() == 0) std::cerr << "leontief: error: " << e.what() << "\n";
        return status;
      }
      if (const auto agreed = all_failed(e.what())) {
        if (rank() == 0) std::cerr << "leontief: error: " << *agreed << "\n";
        return status;
      }
      std::cerr << "leontief: error: " << e.what() << "\n";
      if (size() > 1) MPI_Abort(MPI_COMM_WORLD, status);  // other ranks may wait in a collective
      return status;
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
