#pragma once
/// @file interrupt.hpp
/// @brief Stopping on request. SIGTERM (what Slurm sends at a time limit), SIGINT (Ctrl-C)
/// and SIGHUP only raise a flag: the run checks it between phases (solver/phase.hpp), inside
/// long loops and at every collective agreement (io/runtime/collective.hpp), and then stops
/// through the collective error path (Interrupted), which removes its temporary files.
///
/// A launcher may follow the signal with SIGKILL very soon (mpirun after one second), so the
/// handler also unlinks this process's registered temporary files at once; unlink() is
/// async-signal-safe. A second signal of the same kind ends the process at once.

#include <mpi.h>

#include <string>

namespace leontief::io {

/// @brief Installs the handlers of SIGTERM, SIGINT and SIGHUP (after MPI and PETSc, whose
/// own handlers they replace for these three signals).
void install_interrupt_handlers();

/// The signal received and not yet acted on (0: none). Local; never blocks.
int pending_interrupt();

/// @brief Throws Interrupted (not collective) if a signal arrived: for work done by one
/// rank, e.g. inside run_collectively or on MPI_COMM_SELF.
void throw_if_interrupted();

/// @brief If any rank of `comm` received a signal, every rank throws Interrupted.
/// @note Collective on `comm` (one small Allreduce).
void check_interrupt(MPI_Comm comm);

/// @brief Registers a temporary file for removal by the signal handler; returns a ticket
/// for forget_temporary() (-1 if the fixed table is full: the file is then still removed by
/// the normal unwinding, just not from the handler).
int register_temporary(const std::string& path);
/// Forgets a registered temporary (before it is renamed into place). Never throws.
void forget_temporary(int ticket) noexcept;

/// Test support: pretends that `signal` arrived (sets the flag without the handler's side
/// effects).
void simulate_interrupt(int signal);
/// Test support: clears the flag.
void clear_interrupt();

}  // namespace leontief::io
