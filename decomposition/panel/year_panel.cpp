#include "decomposition/panel/year_panel.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "io/runtime/atomic_path.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "solver/phase.hpp"

namespace leontief::decomposition {

namespace fs = std::filesystem;

namespace {

/// The test hook (see the file comment of year_panel.hpp): "after:K" or "writing:YEAR".
struct AbortHook {
  int after_years = 0;
  int writing_year = 0;
  static AbortHook from_environment(const std::string& variable) {
    AbortHook hook;
    const char* value = variable.empty() ? nullptr : std::getenv(variable.c_str());
    if (!value) return hook;
    const std::string text(value);
    if (text.rfind("after:", 0) == 0) hook.after_years = std::stoi(text.substr(6));
    if (text.rfind("writing:", 0) == 0) hook.writing_year = std::stoi(text.substr(8));
    return hook;
  }
};

[[noreturn]] void test_abort(const std::string& variable, const std::string& why) {
  log::write_from_this_rank(log::Level::warn, variable + ": aborting " + why);
  MPI_Abort(MPI_COMM_WORLD, 86);
  std::abort();
}

/// Quiets the per-phase progress lines of a year's solver at the default level (the group
/// leader logs one line per year instead); `--log.level debug` shows them.
class QuietPhases {
 public:
  QuietPhases() : saved_(log::level()) {
    if (saved_ == log::Level::info) log::set_level(log::Level::warn);
  }
  QuietPhases(const QuietPhases&) = delete;
  QuietPhases& operator=(const QuietPhases&) = delete;
  ~QuietPhases() { log::set_level(saved_); }

 private:
  log::Level saved_;
};

int rank_of(MPI_Comm comm) {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &r));
  return r;
}

}  // namespace

YearPanel::YearPanel(MPI_Comm comm, const std::string& tables, YearPanelSettings settings)
    : comm_(comm),
      settings_(std::move(settings)),
      panel_(io::read_table_panel(comm, tables)),
      groups_(comm, settings_.ranks_per_group) {}

std::string YearPanel::part_path(int year) const {
  return (fs::path(settings_.parts) / ("year_" + std::to_string(year) + ".h5")).string();
}

void YearPanel::run(const IsFinished& finished, const ComputeYear& compute) const {
  const bool root = rank_of(comm_) == 0;
  // 1. Rank 0: which years are finished (in the parts or an earlier result)?
  std::vector<std::string> pending_years;
  run_collectively(comm_, [&] {
    if (!root) return;
    std::error_code ec;
    if (!settings_.resume) fs::remove_all(settings_.parts, ec);
    fs::create_directories(settings_.parts, ec);
    if (ec) throw InputError(settings_.parts + ": cannot create directory: " + ec.message());
    // Temporary files of a run that was killed while writing are never read: remove them
    // (never those of a run still going).
    io::remove_stale_temporaries(settings_.parts);
    for (const auto& year : panel_.years) {
      if (!(settings_.resume && finished(year))) pending_years.push_back(std::to_string(year.year));
    }
  });
  broadcast(comm_, pending_years);
  std::vector<const io::PanelTable*> pending;
  for (const auto& y : pending_years) {
    for (const auto& t : panel_.years) {
      if (t.year == std::stoi(y)) pending.push_back(&t);
    }
  }

  const io::RankGroups& groups = groups_;
  log::info(settings_.command + ": " + std::to_string(panel_.years.size()) + " years " +
            std::to_string(panel_.first_year()) + "-" + std::to_string(panel_.last_year()) + ", " +
            std::to_string(panel_.labels.region_count()) + " economies x " +
            std::to_string(panel_.labels.sector_count()) + " sectors; " +
            std::to_string(groups.count()) + " group(s) of " +
            std::to_string(groups.ranks_per_group()) + " rank(s)");
  if (static_cast<std::size_t>(groups.count()) > pending.size() && !pending.empty()) {
    log::info(std::to_string(static_cast<std::size_t>(groups.count()) - pending.size()) +
              " group(s) idle: more groups than years to compute");
  }
  if (pending.size() < panel_.years.size()) {
    log::info("resuming: " + std::to_string(panel_.years.size() - pending.size()) +
              " year(s) already finished, " + std::to_string(pending.size()) + " to compute");
  }

  // 2. Years in parallel: group g takes the pending years g, g + groups, ...
  const AbortHook hook = AbortHook::from_environment(settings_.test_abort_variable);
  bool failed = false, input_error = false;
  std::string failure;
  {
    solver::Phase phase("years");
    int done = 0;
    for (const std::size_t k : groups.share(pending.size())) {
      const io::PanelTable& year = *pending[k];
      const double start = log::elapsed_seconds();
      std::string how;
      try {
        QuietPhases quiet;
        const solver::PhaseCommunicator phases(groups.group());  // the year's phases
        io::ResultFile part(groups.group(), part_path(year.year));
        how = compute(groups.group(), year, part);
        solver::Phase write("write");
        part.close();
        if (hook.writing_year == year.year && groups.leader()) {
          test_abort(settings_.test_abort_variable,
                     "while writing year " + std::to_string(year.year));
        }
        part.commit();
      } catch (const Error& e) {
        if (!e.collective()) throw;  // some ranks of the group only: main aborts the run
        failed = true;
        input_error = dynamic_cast<const InputError*>(&e) != nullptr;
        failure = "year " + std::to_string(year.year) + ": " + e.what();
        break;
      }
      ++done;
      if (groups.leader()) {
        char line[200];
        std::snprintf(line, sizeof line, "year %d done (%.2f s; group %d of %d, %d rank(s), %s)",
                      year.year, log::elapsed_seconds() - start, groups.index() + 1,
                      groups.count(), groups.size(), how.c_str());
        log::write_from_this_rank(log::Level::info, line);
        if (hook.after_years > 0 && done == hook.after_years) {
          test_abort(settings_.test_abort_variable, "after " + std::to_string(done) + " year(s)");
        }
      }
    }
  }
  // A failed year stops the run on every rank (the finished years stay in the parts).
  detail::agree_on_failure(comm_, failed, input_error, failure);
}

void YearPanel::remove_parts() const {
  std::error_code ec;
  fs::remove_all(settings_.parts, ec);
}

}  // namespace leontief::decomposition
