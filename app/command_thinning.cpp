/// @file command_thinning.cpp
/// @brief `leontief thinning`: domestic content of exports and GVC participation for every
/// year of a panel of tables, the structural decomposition of the change in each economy's
/// domestic value-added share of exports between two years, and a trend summary.
///
/// The years run on groups of ranks and resume after a stop (decomposition/panel/); each
/// year's record is decomposition/thinning/thinning_records.hpp; rank 0 assembles and writes
/// the result from the records alone (decomposition/thinning/thinning_panel.hpp), under a
/// temporary name renamed into place, so a stopped run leaves the previous result or the
/// new one, never a partial file.

#include <mpi.h>

#include <cstdio>
#include <map>
#include <optional>

#include "app/commands.hpp"
#include "app/dva_share_plot.hpp"
#include "decomposition/panel/year_panel.hpp"
#include "decomposition/thinning/thinning.hpp"
#include "decomposition/thinning/thinning_panel.hpp"
#include "decomposition/thinning/thinning_records.hpp"
#include "decomposition/thinning/thinning_sda.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/text/csv_fields.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet thinning_parameters() {
  io::ParameterSet set(
      "thinning",
      "Domestic content of exports, import content, domestic value-added share of final goods "
      "and GVC participation for every year of a panel of tables; structural decomposition of "
      "the change in each economy's domestic value-added share of exports between two years; "
      "trend per economy. Years run in parallel on groups of ranks; a rerun resumes.");
  set.add({"tables", Parameter::Type::text, "", "",
           "the panel: a directory (every leontief table *.h5 in it) or a comma-separated list "
           "of tables written by `leontief import`, one per year",
           true});
  set.set_positional("tables");
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"csv", Parameter::Type::path, "", "",
           "directory for tidy CSV files (thinning_panel.csv, thinning_sda.csv, "
           "thinning_trend.csv)"});
  set.add({"plot", Parameter::Type::path, "", "",
           "PNG file: the domestic value-added share of exports over time (gnuplot, through "
           "jobs/plot_dva_share.sh)"});
  set.add({"plot_regions", Parameter::Type::text, "", "",
           "comma-separated economies to plot (default: the five with the largest fitted "
           "decline)"});
  set.add({"thinning.from", Parameter::Type::integer, "", "year",
           "first year of the structural decomposition (default: the first year of the panel)"},
          io::Range::between(1, 9999));
  set.add({"thinning.to", Parameter::Type::integer, "", "year",
           "second year of the structural decomposition, not before thinning.from (default: "
           "the last year of the panel)"},
          io::Range::between(1, 9999));
  set.add({"thinning.ranks_per_group", Parameter::Type::integer, "1", "ranks",
           "MPI ranks that solve one year together, at most the run's ranks; the ranks are "
           "split into groups of this size that work on different years at once (0: all ranks "
           "in one group)"},
          io::Range::between(0, 2147483647));
  set.add({"thinning.flat_band", Parameter::Type::real, "1", "percentage points",
           "trend rule: an economy whose fitted change of EXGR_DVASH over the panel is below "
           "-band is thinning, above +band thickening, otherwise flat"},
          io::Range::at_least(0));
  set.add({"thinning.resume", Parameter::Type::boolean, "true", "",
           "reuse years finished by an earlier run (in <output>.parts/ or in the output); false "
           "recomputes every year"});
  add_solver_parameters(set);
  add_common_parameters(set);
  return set;
}

namespace {

/// Reads, factors and decomposes one year on the group's communicator and writes its record
/// into the part file. Returns how I − A was solved. @note Collective on `group`.
std::string compute_year(MPI_Comm group, const io::PanelTable& year, bool sda_year,
                         const io::ParameterSet& options, const io::TableLabels& labels,
                         io::ResultFile& part) {
  const solver::DistributedTable table = read_table(group, year.path);
  if (table.labels().region_count() != labels.region_count() ||
      table.labels().sector_count() != labels.sector_count()) {
    throw InputError(year.path + ": dimensions changed since the panel was read", true);
  }
  const solver::LeontiefOperator leontief(table, leontief_options(options));
  const decomposition::GvcContext context(table, leontief);
  decomposition::ThinningTables tables = [&] {
    solver::Phase phase("decompose thinning");
    return decomposition::thinning_tables(context);
  }();
  std::optional<decomposition::SdaLocalInputs> sda;
  if (sda_year) {
    solver::Phase phase("structural decomposition inputs");
    sda = decomposition::sda_inputs(context);
  }

  solver::Phase phase("write");
  int ranks = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(group, &ranks));
  auto metadata = result_metadata("thinning", options, table.metadata(), year.path);
  metadata["mpi_ranks"] = std::to_string(ranks);
  metadata["linear_solver"] = leontief.description();
  metadata["balanced"] = table.balanced() ? "true" : "false";
  part.write_metadata(metadata, table.labels());
  part.create_group("years", {{"description", "finished years of leontief thinning"}});
  decomposition::YearRecord header;
  header.year = year.year;
  header.table = year.table;
  header.measures = decomposition::thinning_measure_list();
  header.version = LEONTIEF_VERSION;
  header.linear_solver = leontief.description();
  header.ranks = std::to_string(ranks);
  const auto& partition = table.partition();
  decomposition::write_year_record(part, header, labels.region_count(), labels.sector_count(),
                                   partition.first_region(), partition.region_count(),
                                   tables.economy.local_values, tables.sector.local_values,
                                   sda ? &*sda : nullptr);
  return leontief.description();
}

}  // namespace

int run_thinning(const io::ParameterSet& options) {
  const MPI_Comm world = MPI_COMM_WORLD;
  int rank = 0, size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(world, &rank));
  LEONTIEF_CHECK_MPI(MPI_Comm_size(world, &size));
  // Groups take different paths (SDA years form rows of B): same stage order on every rank.
  solver::register_phases({"years", "read", "assemble I-A", "factor", "invert",
                           "decompose thinning", "structural decomposition inputs",
                           "leontief inverse rows", "write"});
  const std::string output = options.text("output");
  const std::string csv = options.has("csv") ? options.text("csv") : "";
  const bool resume = options.boolean("thinning.resume");
  const long long per_group = options.integer("thinning.ranks_per_group");  // >= 0 (registry)
  if (per_group > size) {
    throw InputError("thinning.ranks_per_group: " + std::to_string(per_group) +
                         " ranks per group, but the run has " + std::to_string(size) +
                         " (use at most " + std::to_string(size) + ", or 0 for all)",
                     true);
  }
  const decomposition::YearPanel panel(world, options.text("tables"),
                                       {"thinning", output + ".parts", resume, per_group,
                                        "LEONTIEF_THINNING_TEST_ABORT"});
  const io::TablePanel& tables = panel.tables();
  const io::TableLabels& labels = tables.labels;
  const std::size_t G = labels.region_count(), N = labels.sector_count();

  // The two years of the structural decomposition.
  const int from = options.has("thinning.from") ? static_cast<int>(options.integer("thinning.from"))
                                                : tables.first_year();
  const int to = options.has("thinning.to") ? static_cast<int>(options.integer("thinning.to"))
                                            : tables.last_year();
  for (const int y : {from, to}) {
    if (!tables.has_year(y)) {
      throw InputError("thinning: year " + std::to_string(y) +
                           " of the structural decomposition is not in the panel (" +
                           std::to_string(tables.first_year()) + "-" +
                           std::to_string(tables.last_year()) + ")",
                       true);
    }
  }
  if (from > to) {
    throw InputError("thinning: the structural decomposition runs from thinning.from " +
                         std::to_string(from) + " to thinning.to " + std::to_string(to) +
                         ": the first year must not be after the second",
                     true);
  }
  const auto sda_year = [&](int year) { return year == from || year == to; };
  log::info("thinning: structural decomposition " + std::to_string(from) + " -> " +
            std::to_string(to));

  // Finished years (rank 0): records in the parts directory or in an earlier result.
  std::map<int, decomposition::YearRecord> finished;
  const auto find_record = [&](const io::PanelTable& year, bool parts_only) {
    std::vector<std::string> files = {panel.part_path(year.year)};
    if (!parts_only) files.push_back(output);
    for (const auto& file : files) {
      auto record = decomposition::read_year_record(file, year.year);
      if (record && record->reusable(year.table, G, N, sda_year(year.year))) {
        finished.insert_or_assign(year.year, std::move(*record));
        return true;
      }
    }
    return false;
  };
  panel.run([&](const io::PanelTable& year) { return find_record(year, false); },
            [&](MPI_Comm group, const io::PanelTable& year, io::ResultFile& part) {
              return compute_year(group, year, sda_year(year.year), options, labels, part);
            });

  // Rank 0 assembles the result from the records.
  const double band = options.real("thinning.flat_band");
  run_collectively(world, [&] {
    if (rank != 0) return;
    solver::Phase phase("write", MPI_COMM_SELF);
    std::vector<int> years;
    for (const auto& y : tables.years) {
      if (!finished.count(y.year) && !find_record(y, true)) {
        throw Error(panel.part_path(y.year) + ": the record of year " + std::to_string(y.year) +
                    " is missing or incomplete");
      }
      years.push_back(y.year);
    }
    const auto assembled =
        decomposition::assemble_thinning_panel(years, finished, labels, from, to, band);
    char check[96];
    std::snprintf(check, sizeof check,
                  "structural decomposition: parts sum to the change within %.2g",
                  assembled.sda_gap);
    log::info(check);

    io::ResultFile result(MPI_COMM_SELF, output);
    auto metadata = result_metadata("thinning", options, tables.first_metadata, tables.path_list());
    metadata["year"] = std::to_string(tables.first_year()) + "-" + std::to_string(tables.last_year());
    metadata["years"] = tables.year_list();
    metadata["finished_years"] = tables.year_list();
    metadata["sda_years"] = std::to_string(from) + "," + std::to_string(to);
    metadata["year_groups"] = std::to_string(panel.groups().count()) + " of " +
                              std::to_string(panel.groups().ranks_per_group()) + " rank(s)";
    result.write_metadata(metadata, labels);
    auto csvs = decomposition::write_thinning_panel(assembled, finished, band, result, csv);
    // Everything is complete: only now replace older results.
    result.commit();
    for (auto& c : csvs) c->commit();
    panel.remove_parts();  // every record is in the result now

    const auto counts = decomposition::count_trends(assembled.trends);
    log::info("trend of EXGR_DVASH " + std::to_string(tables.first_year()) + "-" +
              std::to_string(tables.last_year()) + ": " + std::to_string(counts.thinning) +
              " thinning, " + std::to_string(counts.flat) + " flat, " +
              std::to_string(counts.thickening) + " thickening");
    log::info("wrote " + output + (csv.empty() ? "" : " and CSV files in " + csv));

    if (options.has("plot")) {
      auto regions = io::csv::split_list(options.text("plot_regions"));
      if (regions.empty()) regions = decomposition::steepest_decline(assembled, 5);
      plot_dva_share(assembled, csv.empty() ? "" : csv + "/thinning_panel.csv",
                     options.text("plot"), regions);
    }
  });
  return 0;
}

}  // namespace leontief::app
