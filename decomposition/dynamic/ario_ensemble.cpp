#include "decomposition/dynamic/ario_ensemble.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <system_error>

#include "decomposition/dynamic/ario_draw_parts.hpp"
#include "decomposition/dynamic/ario_model.hpp"
#include "decomposition/dynamic/ario_network.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/rank_groups.hpp"
#include "solver/distributed_table.hpp"
#include "solver/phase.hpp"

namespace leontief::decomposition {

namespace fs = std::filesystem;

namespace {

int rank_of(MPI_Comm comm) {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &r));
  return r;
}

/// The test hook: "after:K".
std::size_t abort_after() {
  const char* value = std::getenv("LEONTIEF_DYNAMIC_TEST_ABORT");
  if (!value || std::string(value).rfind("after:", 0) != 0) return 0;
  return static_cast<std::size_t>(std::strtoul(value + 6, nullptr, 10));
}

/// Gathers `local` (rows × width, rows of this rank's economies, in rank order) on the
/// group's rank 0.
std::vector<double> gather(MPI_Comm group, const std::vector<double>& local) {
  int size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(group, &size));
  const int mine = static_cast<int>(local.size());
  std::vector<int> counts(static_cast<std::size_t>(size)), at(counts.size(), 0);
  LEONTIEF_CHECK_MPI(MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, group));
  int total = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) at[k] = total, total += counts[k];
  std::vector<double> all(rank_of(group) == 0 ? static_cast<std::size_t>(total) : 0);
  LEONTIEF_CHECK_MPI(MPI_Gatherv(local.data(), mine, MPI_DOUBLE, all.data(), counts.data(),
                                 at.data(), MPI_DOUBLE, 0, group));
  return all;
}

}  // namespace

std::string ensemble_fingerprint(const io::ParameterSet& options, const std::string& table_path,
                                 const std::string& scenario_text) {
  std::string what = table_path + "\n" + scenario_text + "\n";
  std::error_code ec;
  what += std::to_string(fs::file_size(table_path, ec)) + "\n";
  for (const char* key :
       {"dynamic.days", "dynamic.days_per_year", "dynamic.inventory_days",
        "dynamic.inventory_days_by_sector", "dynamic.psi", "dynamic.inventory_restoration_days",
        "dynamic.alpha_max", "dynamic.alpha_days", "dynamic.rebuild_days",
        "dynamic.capital_to_value_added", "dynamic.order_rule", "dynamic.input_threshold",
        "dynamic.recovery_tolerance", "dynamic.ensemble_series", "dynamic.series_every"}) {
    what += std::string(key) + "=" + options.text(key) + "\n";
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016zx", std::hash<std::string>{}(what));
  return hex;
}

std::vector<EnsembleResult> run_ensembles(MPI_Comm comm, const std::string& table_path,
                                          const std::vector<const io::DynamicScenarioSpec*>& ensembles,
                                          const ArioParameters& parameters,
                                          const EnsembleSettings& settings) {
  const bool root = rank_of(comm) == 0;
  struct Item {
    std::size_t ensemble, draw;
  };
  std::vector<Item> items;
  for (std::size_t e = 0; e < ensembles.size(); ++e) {
    for (std::size_t k = 0; k < ensembles[e]->draws; ++k) items.push_back({e, k});
  }
  const io::RankGroups groups(comm, settings.ranks_per_group);
  const std::size_t T =
      parameters.ensemble_series == SeriesLevel::economy
          ? (parameters.days - 1) / parameters.series_every + 1 +
                ((parameters.days - 1) % parameters.series_every ? 1 : 0)
          : 0;

  // Each group holds the whole table on its own communicator.
  const MPI_Comm group = groups.group();
  const solver::DistributedTable table = solver::DistributedTable::read(group, table_path);
  const std::size_t G = table.labels().region_count();
  const DrawParts parts(settings.parts, settings.fingerprint, G, T);
  const EventContext context{table.labels(), table.gross_output(), table.value_added(),
                             parameters.capital_to_value_added};

  // 1. Rank 0: which draws are finished (in the parts)?
  std::vector<std::string> pending_text;
  {
    run_collectively(comm, [&] {
      if (!root) return;
      std::error_code ec;
      if (!settings.resume) fs::remove_all(settings.parts, ec);
      for (const auto* spec : ensembles) {
        const fs::path dir = fs::path(settings.parts) / spec->name;
        fs::create_directories(dir, ec);
        if (ec) throw InputError(dir.string() + ": cannot create directory: " + ec.message());
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
          if (entry.path().filename().string().find(".partial-") != std::string::npos) {
            fs::remove(entry.path(), ec);
          }
        }
      }
      // Every draw's events must be possible (a bad event stops the run before any work).
      DrawRecord d;
      for (std::size_t k = 0; k < items.size(); ++k) {
        const auto* spec = ensembles[items[k].ensemble];
        if (settings.resume && parts.read(spec->name, items[k].draw, d)) continue;
        realize_events(*spec, items[k].draw, context);
        pending_text.push_back(std::to_string(k));
      }
    });
  }
  broadcast(comm, pending_text);
  std::vector<std::size_t> pending;
  pending.reserve(pending_text.size());
  for (const auto& p : pending_text) pending.push_back(std::stoul(p));
  log::info("ensembles: " + std::to_string(items.size()) + " draws in " +
            std::to_string(ensembles.size()) + " ensemble(s), " + std::to_string(pending.size()) +
            " to compute (" + std::to_string(items.size() - pending.size()) +
            " finished before); " + std::to_string(groups.count()) + " group(s) of " +
            std::to_string(groups.ranks_per_group()) + " rank(s)");

  // 2. Draws in parallel: group g takes the pending draws g, g + groups, ...
  bool failed = false, input_error = false;
  std::string failure;
  if (!pending.empty()) {
    solver::Phase phase("ensemble draws");
    const std::size_t stop_after = abort_after();
    try {
      const ArioNetwork network(table, parameters.days_per_year);
      const auto mine = groups.share(pending.size());
      std::size_t done = 0;
      for (const std::size_t s : mine) {
        const Item item = items[pending[s]];
        const auto* spec = ensembles[item.ensemble];
        const double start = log::elapsed_seconds();
        const auto events = realize_events(*spec, item.draw, context);
        const ArioRun run = simulate_ario(network, parameters, events, parameters.ensemble_series);
        DrawRecord d;
        d.world = run.world_losses;
        d.economy = gather(group, run.economy_losses);
        if (T > 0) d.production = gather(group, run.economy_production);
        for (const auto& e : events) d.events += (d.events.empty() ? "" : " | ") + e.description;
        std::replace(d.events.begin(), d.events.end(), '\n', ' ');
        ++done;
        if (groups.leader()) {
          parts.write(spec->name, item.draw, d);
          char line[200];
          std::snprintf(line, sizeof line, "%s draw %zu done (%.2f s; group %d of %d, %zu of %zu)",
                        spec->name.c_str(), item.draw, log::elapsed_seconds() - start,
                        groups.index() + 1, groups.count(), done, mine.size());
          log::write_from_this_rank(
              done == mine.size() || mine.size() <= 20 || done % (mine.size() / 10) == 0
                  ? log::Level::info
                  : log::Level::debug,
              line);
          if (stop_after > 0 && done == stop_after) {
            log::write_from_this_rank(log::Level::warn, "LEONTIEF_DYNAMIC_TEST_ABORT: aborting");
            MPI_Abort(MPI_COMM_WORLD, 86);
          }
        }
      }
    } catch (const Error& e) {
      failed = true;
      input_error = dynamic_cast<const InputError*>(&e) != nullptr;
      failure = e.what();
    }
  }
  detail::agree_on_failure(comm, failed, input_error, failure);

  // 3. Rank 0 gathers every draw from the parts.
  std::vector<EnsembleResult> results;
  run_collectively(comm, [&] {
    if (!root) return;
    for (const auto* spec : ensembles) {
      EnsembleResult r;
      r.spec = spec;
      r.draws = spec->draws;
      for (std::size_t t = 0; t < parameters.days && T > 0; ++t) {
        if (t % parameters.series_every == 0 || t + 1 == parameters.days) r.recorded_days.push_back(t);
      }
      DrawRecord d;
      for (std::size_t k = 0; k < spec->draws; ++k) {
        if (!parts.read(spec->name, k, d)) {
          throw Error(parts.path(spec->name, k) + ": the part file of draw " +
                      std::to_string(k) + " is missing or incomplete");
        }
        r.events.push_back(d.events);
        r.world.insert(r.world.end(), d.world.begin(), d.world.end());
        r.economy.insert(r.economy.end(), d.economy.begin(), d.economy.end());
        r.production.insert(r.production.end(), d.production.begin(), d.production.end());
      }
      results.push_back(std::move(r));
    }
  });
  return results;
}

void remove_ensemble_parts(const EnsembleSettings& settings) {
  std::error_code ec;
  fs::remove_all(settings.parts, ec);
}

}  // namespace leontief::decomposition
