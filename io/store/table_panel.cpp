#include "io/store/table_panel.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/text/csv_fields.hpp"
#include "io/store/hdf5.hpp"
#include "io/store/table_layout.hpp"
#include "io/store/table_store.hpp"

namespace leontief::io {

namespace fs = std::filesystem;

TableFingerprint fingerprint(const std::string& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(fs::path(path), ec).lexically_normal();
  TableFingerprint f;
  f.path = ec ? path : absolute.string();
  const auto size = fs::file_size(path, ec);
  if (ec) throw InputError(path + ": cannot read table: " + ec.message());
  const auto time = fs::last_write_time(path, ec);
  if (ec) throw InputError(path + ": cannot read table: " + ec.message());
  f.size = static_cast<long long>(size);
  f.modified = static_cast<long long>(time.time_since_epoch().count());
  return f;
}

bool TablePanel::has_year(int year) const {
  return std::any_of(years.begin(), years.end(),
                     [&](const PanelTable& t) { return t.year == year; });
}

std::string TablePanel::path_list() const {
  std::string out;
  for (const auto& t : years) out += (out.empty() ? "" : ",") + t.path;
  return out;
}

std::string TablePanel::year_list() const {
  std::string out;
  for (const auto& t : years) out += (out.empty() ? "" : ",") + std::to_string(t.year);
  return out;
}

namespace {

/// True for an HDF5 file whose root attribute `format` says it is a leontief table.
/// A `.h5` file that HDF5 cannot open (truncated, not HDF5) is an error: it may be a table.
bool is_table_file(const fs::path& path) {
  h5::File file(H5Fis_hdf5(path.c_str()) > 0 ? H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)
                                             : H5I_INVALID_HID);
  if (!file.valid()) {
    throw InputError(path.string() + ": not a readable HDF5 file (truncated?); a table "
                     "directory may hold only tables and other HDF5 files");
  }
  std::string format;
  return h5::read_string_attribute(file.get(), "format", format) && format == kTableFormat;
}

std::vector<std::string> table_paths(const std::string& tables) {
  std::error_code ec;
  if (fs::is_directory(tables, ec)) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(tables, ec)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".h5") continue;
      if (is_table_file(entry.path())) {
        out.push_back(entry.path().string());
      } else {
        log::info("tables: skipping " + entry.path().string() + " (not a leontief table)");
      }
    }
    if (ec) throw InputError(tables + ": cannot list directory: " + ec.message());
    std::sort(out.begin(), out.end());
    if (out.empty()) throw InputError(tables + ": no leontief tables (*.h5) in this directory");
    return out;
  }
  auto out = csv::split_list(tables);
  if (out.empty()) throw InputError("tables: no tables given");
  return out;
}

/// Rank 0 alone.
TablePanel discover(const std::string& tables) {
  TablePanel panel;
  std::map<int, std::string> seen;
  for (const auto& path : table_paths(tables)) {
    TableFile file(MPI_COMM_SELF, path);
    const int year = file.metadata().year;
    if (year == 0) throw InputError(path + ": the table has no year (import it with --year)");
    if (seen.count(year)) {
      throw InputError(path + ": year " + std::to_string(year) + " is also the year of " +
                       seen[year]);
    }
    seen[year] = path;
    if (panel.years.empty()) {
      panel.labels = file.labels();
      panel.first_metadata = file.metadata();
    } else if (!(file.labels() == panel.labels)) {
      throw InputError(path + ": its economies, sectors or final-demand categories differ from " +
                       "those of " + panel.years.front().path + " (a panel needs one classification)");
    }
    panel.years.push_back({year, path, fingerprint(path)});
  }
  std::sort(panel.years.begin(), panel.years.end(),
            [](const PanelTable& a, const PanelTable& b) { return a.year < b.year; });
  return panel;
}

}  // namespace

TablePanel read_table_panel(MPI_Comm comm, const std::string& tables) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  TablePanel panel;
  run_collectively(comm, [&] {
    if (rank == 0) panel = discover(tables);
  });
  // Everything as strings: one broadcast of a list per part.
  std::vector<std::string> years, metadata;
  for (const auto& t : panel.years) {
    years.insert(years.end(), {std::to_string(t.year), t.path, t.table.path,
                               std::to_string(t.table.size), std::to_string(t.table.modified)});
  }
  const auto& m = panel.first_metadata;
  metadata = {m.source, std::to_string(m.year), m.units, m.input_file};
  broadcast(comm, years);
  broadcast(comm, metadata);
  broadcast(comm, panel.labels.regions);
  broadcast(comm, panel.labels.sectors);
  broadcast(comm, panel.labels.final_demand_categories);
  if (rank != 0) {
    for (std::size_t k = 0; k + 4 < years.size(); k += 5) {
      panel.years.push_back({std::stoi(years[k]), years[k + 1],
                             {years[k + 2], std::stoll(years[k + 3]), std::stoll(years[k + 4])}});
    }
    panel.first_metadata = {metadata[0], std::stoi(metadata[1]), metadata[2], metadata[3]};
  }
  return panel;
}

}  // namespace leontief::io
