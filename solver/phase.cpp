#include "solver/phase.hpp"

#include <cstdio>
#include <exception>
#include <map>

#include "io/runtime/fault_injection.hpp"
#include "io/runtime/interrupt.hpp"
#include "io/runtime/log.hpp"
#include "solver/petsc_error.hpp"

namespace leontief::solver {

namespace {
PetscLogStage stage_for(const std::string& name) {
  static std::map<std::string, PetscLogStage> stages;
  auto it = stages.find(name);
  if (it != stages.end()) return it->second;
  PetscLogStage stage = 0;
  LEONTIEF_CHECK_PETSC(PetscLogStageRegister(name.c_str(), &stage));
  stages.emplace(name, stage);
  return stage;
}

MPI_Comm g_phase_comm = MPI_COMM_NULL;  // MPI_COMM_NULL: PETSC_COMM_WORLD
}  // namespace

void register_phases(const std::vector<std::string>& names) {
  for (const auto& name : names) stage_for(name);
}

PhaseCommunicator::PhaseCommunicator(MPI_Comm comm) : saved_(g_phase_comm) {
  g_phase_comm = comm;
}

PhaseCommunicator::~PhaseCommunicator() { g_phase_comm = saved_; }

Phase::Phase(const std::string& name)
    : Phase(name, g_phase_comm == MPI_COMM_NULL ? PETSC_COMM_WORLD : g_phase_comm) {}

Phase::Phase(const std::string& name, MPI_Comm comm)
    : name_(name), start_(log::elapsed_seconds()), unwinding_(std::uncaught_exceptions()) {
  // Between phases: stop here if any rank was asked to (before the stage is pushed, so a
  // throw leaves nothing to pop).
  io::check_interrupt(comm);
  LEONTIEF_CHECK_PETSC(PetscLogStagePush(stage_for(name_)));
  log::info(name_ + " ...");
  io::fault_point(name_);
}

Phase::~Phase() {
  PetscLogStagePop();
  if (std::uncaught_exceptions() > unwinding_) return;  // failed: the error says why
  char text[64];
  std::snprintf(text, sizeof text, " done (%.3f s)", elapsed());
  log::info(name_ + text);
}

double Phase::elapsed() const { return log::elapsed_seconds() - start_; }

}  // namespace leontief::solver
