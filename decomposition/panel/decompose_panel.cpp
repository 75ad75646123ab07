#include "decomposition/panel/decompose_panel.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "decomposition/gvc_context.hpp"
#include "decomposition/term_table_output.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "solver/distributed_table.hpp"
#include "solver/phase.hpp"

namespace leontief::decomposition {

namespace {

/// The chosen methods once each, in registry order: the same run gives the same record.
std::vector<const Method*> registry_order(const std::vector<const Method*>& chosen) {
  std::vector<const Method*> out;
  for (const auto& m : methods()) {
    if (std::find(chosen.begin(), chosen.end(), &m) != chosen.end()) out.push_back(&m);
  }
  return out;
}

std::string names_of(const std::vector<const Method*>& list) {
  std::string out;
  for (const auto* m : list) out += (out.empty() ? "" : ",") + std::string(m->name);
  return out;
}

/// Every log stage a year group may enter, registered in one order on every rank (groups
/// take different paths, and -log_view matches stages by registration order).
void register_panel_phases(const std::vector<const Method*>& list) {
  std::vector<std::string> phases = {"years", "read", "assemble I-A", "factor", "invert",
                                     "leontief inverse rows"};
  for (const auto* m : list) phases.push_back(std::string("decompose ") + m->name);
  phases.insert(phases.end(),
                {"bm shared Leontief products", "bm Woodbury extraction and terms", "write",
                 "write panel"});
  solver::register_phases(phases);
}

int size_of(MPI_Comm comm) {
  int s = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &s));
  return s;
}

std::size_t index_of(const PanelYearRecord& record, const std::string& table) {
  const auto it = std::find(record.tables.begin(), record.tables.end(), table);
  if (it == record.tables.end()) {
    throw Error(record.path + ": the record of year " + std::to_string(record.year) +
                " has no table " + table);
  }
  return static_cast<std::size_t>(it - record.tables.begin());
}

}  // namespace

DecomposePanel::DecomposePanel(MPI_Comm comm, DecomposePanelSettings settings)
    : comm_(comm),
      settings_(std::move(settings)),
      method_list_(names_of(registry_order(settings_.methods))),
      panel_(comm, settings_.tables,
             {"decompose", settings_.output + ".parts", settings_.resume,
              settings_.ranks_per_group, "LEONTIEF_DECOMPOSE_TEST_ABORT"}) {
  settings_.methods = registry_order(settings_.methods);
  if (settings_.methods.empty()) throw InputError("decompose: no method chosen", true);
  // Every year has the panel's labels (checked when read): one check for all.
  require_economies(settings_.methods, tables().labels, settings_.tables);
  register_panel_phases(settings_.methods);
}

bool DecomposePanel::find_finished(const io::PanelTable& year, bool parts_only) {
  const auto& labels = tables().labels;
  std::vector<std::string> files = {panel_.part_path(year.year)};
  if (!parts_only) files.push_back(settings_.output);
  for (const auto& file : files) {
    auto record = read_panel_year(file, year.year);
    if (record && record->reusable(year.table, method_list_, labels.region_count(),
                                   labels.sector_count())) {
      finished_.insert_or_assign(year.year, std::move(*record));
      return true;
    }
  }
  return false;
}

std::string DecomposePanel::compute_year(MPI_Comm group, const io::PanelTable& year,
                                         io::ResultFile& part) const {
  const io::TableLabels& labels = tables().labels;
  const solver::DistributedTable table = [&] {
    solver::Phase phase("read");
    return solver::DistributedTable::read(group, year.path);
  }();
  if (!(table.labels() == labels)) {
    throw InputError(year.path + ": its classification changed since the panel was read", true);
  }
  const solver::LeontiefOperator leontief(table, settings_.method_options.position.solver);
  const GvcContext context(table, leontief);
  std::vector<TermTable> results;
  for (const auto* method : settings_.methods) {
    solver::Phase phase(std::string("decompose ") + method->name);
    for (auto& t : method->run(context, settings_.method_options)) {
      t.prepend_year(year.year);
      results.push_back(std::move(t));
    }
  }

  solver::Phase phase("write");
  PanelYearRecord record;
  record.year = year.year;
  record.table = year.table;
  record.methods = method_list_;
  record.version = LEONTIEF_VERSION;
  record.linear_solver = leontief.description();
  record.ranks = std::to_string(size_of(group));
  record.regions = labels.region_count();
  record.sectors = labels.sector_count();
  part.write_metadata({{"command", "leontief decompose --tables (one year's part)"},
                       {"leontief_version", LEONTIEF_VERSION},
                       {"table", year.path},
                       {"year", std::to_string(year.year)}},
                      labels);
  for (const auto& t : results) {
    write_term_table(group, part, "", labels, t);
    unsigned long long local = t.local_rows(), total = 0;
    LEONTIEF_CHECK_MPI(MPI_Allreduce(&local, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, group));
    record.tables.push_back(t.name);
    record.row_begin.push_back(0);
    record.row_count.push_back(static_cast<std::size_t>(total));
  }
  part.create_group("years", {{"description", "finished years of leontief decompose --tables"}});
  write_panel_year(part, record);
  return leontief.description();
}

void DecomposePanel::compute() {
  panel_.run([&](const io::PanelTable& year) { return find_finished(year, false); },
             [&](MPI_Comm group, const io::PanelTable& year, io::ResultFile& part) {
               return compute_year(group, year, part);
             });
}

void DecomposePanel::write(const std::map<std::string, std::string>& metadata) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  run_collectively(comm_, [&] {
    if (rank != 0) return;
    solver::Phase phase("write panel", MPI_COMM_SELF);  // rank 0 only
    std::vector<PanelYearRecord> records;
    for (const auto& y : tables().years) {
      if (!finished_.count(y.year) && !find_finished(y, true)) {
        throw Error(panel_.part_path(y.year) + ": the record of year " + std::to_string(y.year) +
                    " is missing or incomplete");
      }
      records.push_back(finished_.at(y.year));
    }
    const io::TableLabels& labels = tables().labels;
    io::ResultFile result(MPI_COMM_SELF, settings_.output);
    result.write_metadata(metadata, labels);
    std::vector<std::unique_ptr<io::TidyCsvWriter>> csvs;
    std::vector<PanelYearRecord> stacked = records;
    for (auto& r : stacked) r.row_begin.assign(r.tables.size(), 0);
    // Table by table, year by year: one year's rows of one table in memory at a time.
    for (std::size_t t = 0; t < records.front().tables.size(); ++t) {
      const std::string& name = records.front().tables[t];
      std::size_t total = 0;
      for (const auto& r : records) total += r.row_count.at(index_of(r, name));
      std::unique_ptr<io::TidyCsvWriter> csv;
      std::size_t begin = 0;
      TermTable first;
      for (std::size_t y = 0; y < records.size(); ++y) {
        const std::size_t k = index_of(records[y], name);
        const TermTable rows = read_panel_rows(records[y], k);
        if (y == 0) {
          first = rows;
          create_term_table(result, first, total);
          if (!settings_.csv.empty()) {
            auto header = key_names(first);
            header.insert(header.end(), first.measures.begin(), first.measures.end());
            csv = std::make_unique<io::TidyCsvWriter>(
                MPI_COMM_SELF, (std::filesystem::path(settings_.csv) / (name + ".csv")).string(),
                header);
          }
        } else if (key_names(rows) != key_names(first) || rows.measures != first.measures) {
          throw Error(records[y].path + ": table " + name + " of year " +
                      std::to_string(records[y].year) + " has other columns than in year " +
                      std::to_string(records.front().year));
        }
        write_term_table_rows(result, rows, begin);
        if (csv) csv->write_rows([&](std::ostream& out) { write_csv_rows(out, labels, rows); });
        const std::size_t j = index_of(stacked[y], name);
        stacked[y].row_begin[j] = begin;
        begin += rows.local_rows();
      }
      if (csv) csvs.push_back(std::move(csv));
    }
    result.create_group("years",
                        {{"description", "finished years of leontief decompose --tables (a rerun "
                                         "reuses them)"}});
    for (const auto& r : stacked) write_panel_year(result, r);
    // Everything is complete: only now replace older results.
    result.commit();
    for (auto& c : csvs) c->commit();
    panel_.remove_parts();
    log::info("wrote " + settings_.output +
              (settings_.csv.empty() ? "" : " and CSV files in " + settings_.csv));
  });
}

}  // namespace leontief::decomposition
