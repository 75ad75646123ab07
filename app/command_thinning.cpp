/// @file command_thinning.cpp
/// @brief `leontief thinning`: domestic content of exports and GVC participation for every
/// year of a panel of tables, the structural decomposition of the change in each economy's
/// domestic value-added share of exports between two years, and a trend summary.
///
/// Years run in parallel: the ranks are split into groups (sub-communicators of
/// `thinning.ranks_per_group` ranks); each group reads, factors and decomposes its years with
/// the distributed solver on its own communicator. Every finished year is written by its group
/// to a part file `<output>.parts/year_<year>.h5` under a temporary name and renamed when
/// complete; a rerun reuses the finished years found there or in an earlier result
/// (thinning_records.hpp). Rank 0 then assembles the result from the year records alone,
/// writes it under a temporary name and renames it into place, so a run stopped at any point
/// leaves either the previous result or the new one, never a partial file.
///
/// Test hook (tests/cli/thinning_resume.sh): LEONTIEF_THINNING_TEST_ABORT=after:K aborts the
/// run (MPI_Abort) when a group has finished K years; =writing:YEAR aborts while the part
/// file of YEAR is written, before it is renamed into place.

#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "app/commands.hpp"
#include "app/thinning_records.hpp"
#include "decomposition/thinning/thinning.hpp"
#include "decomposition/thinning/thinning_sda.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/store/table_store.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;
namespace fs = std::filesystem;

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

/// One year of the panel.
struct PanelYear {
  int year = 0;
  std::string path;
  TableFingerprint table;
  bool sda = false;  ///< one of the two years of the structural decomposition
};

/// An MPI communicator freed on scope exit.
class Communicator {
 public:
  explicit Communicator(MPI_Comm comm) : comm_(comm) {}
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;
  ~Communicator() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized && comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
  }
  MPI_Comm get() const { return comm_; }

 private:
  MPI_Comm comm_;
};

int comm_rank(MPI_Comm comm) {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &r));
  return r;
}

int comm_size(MPI_Comm comm) {
  int s = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &s));
  return s;
}

void broadcast(MPI_Comm comm, std::string& text) {
  unsigned long long length = text.size();
  LEONTIEF_CHECK_MPI(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, comm));
  text.resize(length);
  LEONTIEF_CHECK_MPI(MPI_Bcast(text.data(), static_cast<int>(length), MPI_CHAR, 0, comm));
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
  }
  return out;
}

/// True for an HDF5 file whose root attribute `format` says it is a leontief table.
/// A `.h5` file that HDF5 cannot open (truncated, not HDF5) is an error: it may be a table.
bool is_table_file(const fs::path& path) {
  io::h5::File file(H5Fis_hdf5(path.c_str()) > 0
                        ? H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)
                        : H5I_INVALID_HID);
  if (!file.valid()) {
    throw InputError(path.string() + ": not a readable HDF5 file (truncated?); a table "
                     "directory may hold only tables and other HDF5 files");
  }
  std::string format;
  return io::h5::read_string_attribute(file.get(), "format", format) &&
         format == io::kTableFormat;
}

/// The tables of the panel: a directory's leontief tables (*.h5; other HDF5 files such as
/// results are skipped) or the listed files.
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
  auto out = split_list(tables);
  if (out.empty()) throw InputError("tables: no tables given");
  return out;
}

/// Rank 0: reads every table's metadata, checks that the years differ and the labels agree.
std::vector<PanelYear> discover_panel(const std::string& tables, io::TableLabels& labels,
                                      io::TableMetadata& first_metadata) {
  std::vector<PanelYear> panel;
  std::map<int, std::string> seen;
  for (const auto& path : table_paths(tables)) {
    io::TableFile file(MPI_COMM_SELF, path);
    const int year = file.metadata().year;
    if (year == 0) {
      throw InputError(path + ": the table has no year (import it with --year)");
    }
    if (seen.count(year)) {
      throw InputError(path + ": year " + std::to_string(year) + " is also the year of " +
                       seen[year]);
    }
    seen[year] = path;
    if (panel.empty()) {
      labels = file.labels();
      first_metadata = file.metadata();
    } else if (!(file.labels() == labels)) {
      throw InputError(path + ": its economies, sectors or final-demand categories differ from " +
                       "those of " + panel.front().path + " (a panel needs one classification)");
    }
    panel.push_back({year, path, fingerprint(path), false});
  }
  std::sort(panel.begin(), panel.end(),
            [](const PanelYear& a, const PanelYear& b) { return a.year < b.year; });
  return panel;
}

std::string serialize(const std::vector<PanelYear>& panel) {
  std::ostringstream out;
  for (const auto& y : panel) {
    out << y.year << '\t' << y.table.size << '\t' << y.table.modified << '\t' << y.table.path
        << '\t' << y.path << '\n';
  }
  return out.str();
}

std::vector<PanelYear> deserialize(const std::string& text) {
  std::vector<PanelYear> panel;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    PanelYear y;
    std::string year, size, modified;
    std::getline(fields, year, '\t');
    std::getline(fields, size, '\t');
    std::getline(fields, modified, '\t');
    std::getline(fields, y.table.path, '\t');
    std::getline(fields, y.path);
    y.year = std::stoi(year);
    y.table.size = std::stoll(size);
    y.table.modified = std::stoll(modified);
    panel.push_back(std::move(y));
  }
  return panel;
}

std::string part_path(const std::string& parts, int year) {
  return (fs::path(parts) / ("year_" + std::to_string(year) + ".h5")).string();
}

/// The test hook (see the file comment): "after:K" or "writing:YEAR".
struct AbortHook {
  int after_years = 0;
  int writing_year = 0;
  static AbortHook from_environment() {
    AbortHook hook;
    const char* value = std::getenv("LEONTIEF_THINNING_TEST_ABORT");
    if (!value) return hook;
    const std::string text(value);
    if (text.rfind("after:", 0) == 0) hook.after_years = std::stoi(text.substr(6));
    if (text.rfind("writing:", 0) == 0) hook.writing_year = std::stoi(text.substr(8));
    return hook;
  }
};

[[noreturn]] void test_abort(const std::string& why) {
  log::write_from_this_rank(log::Level::warn, "LEONTIEF_THINNING_TEST_ABORT: aborting " + why);
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

/// Reads, factors and decomposes one year on the group's communicator and writes its record
/// to the part file. @note Collective on `group`.
void compute_year(MPI_Comm group, const PanelYear& year, const io::ParameterSet& options,
                  const std::string& parts, std::size_t G, std::size_t N, const AbortHook& hook,
                  std::string& solver_description) {
  QuietPhases quiet;
  const solver::DistributedTable table = read_table(group, year.path);
  if (table.labels().region_count() != G || table.labels().sector_count() != N) {
    throw InputError(year.path + ": dimensions changed since the panel was read", true);
  }
  const solver::LeontiefOperator leontief(table, leontief_options(options));
  const decomposition::GvcContext context(table, leontief);
  decomposition::ThinningTables tables = [&] {
    solver::Phase phase("decompose thinning");
    return decomposition::thinning_tables(context);
  }();
  std::optional<decomposition::SdaLocalInputs> sda;
  if (year.sda) {
    solver::Phase phase("structural decomposition inputs");
    sda = decomposition::sda_inputs(context);
  }
  solver_description = leontief.description();

  solver::Phase phase("write");
  io::ResultFile part(group, part_path(parts, year.year));
  auto metadata = result_metadata("thinning", options, table.metadata(), year.path);
  metadata["mpi_ranks"] = std::to_string(comm_size(group));
  metadata["linear_solver"] = leontief.description();
  metadata["balanced"] = table.balanced() ? "true" : "false";
  part.write_metadata(metadata, table.labels());
  part.create_group("years", {{"description", "finished years of leontief thinning"}});
  YearRecord header;
  header.year = year.year;
  header.table = year.table;
  header.measures = thinning_measure_list();
  header.version = LEONTIEF_VERSION;
  header.linear_solver = leontief.description();
  header.ranks = std::to_string(comm_size(group));
  const auto& partition = table.partition();
  write_year_record(part, header, G, N, partition.first_region(), partition.region_count(),
                    tables.economy.local_values, tables.sector.local_values, sda ? &*sda : nullptr);
  part.close();
  if (hook.writing_year == year.year && comm_rank(group) == 0) {
    test_abort("while writing year " + std::to_string(year.year));
  }
  part.commit();
}

// ---------------------------------------------------------------------------------------
// Assembly (rank 0 alone, from the year records)

struct Assembly {
  std::vector<int> years;
  std::vector<const YearRecord*> records;  // by year
  std::size_t G = 0, N = 0;
  io::TableLabels labels;
};

/// Rows of the panel: per year, per economy: the economy (TOTAL), then its sectors.
void panel_rows(const Assembly& a, std::vector<double>& values, std::vector<long>& keys) {
  const std::size_t M = decomposition::thinning_measures().size();
  for (std::size_t y = 0; y < a.years.size(); ++y) {
    const YearRecord& r = *a.records[y];
    for (std::size_t s = 0; s < a.G; ++s) {
      keys.insert(keys.end(), {a.years[y], static_cast<long>(s), decomposition::kTotal});
      values.insert(values.end(), r.economy.begin() + static_cast<std::ptrdiff_t>(s * M),
                    r.economy.begin() + static_cast<std::ptrdiff_t>((s + 1) * M));
      for (std::size_t i = 0; i < a.N; ++i) {
        const std::size_t row = s * a.N + i;
        keys.insert(keys.end(), {a.years[y], static_cast<long>(s), static_cast<long>(i)});
        values.insert(values.end(), r.sector.begin() + static_cast<std::ptrdiff_t>(row * M),
                      r.sector.begin() + static_cast<std::ptrdiff_t>((row + 1) * M));
      }
    }
  }
}

std::vector<std::string> sda_columns() {
  std::vector<std::string> c = {"YEAR_FROM", "YEAR_TO", "EXGR_DVASH_FROM", "EXGR_DVASH_TO",
                                "EXGR_DVASH_CHANGE"};
  for (const char* f : decomposition::sda_factor_names()) c.emplace_back(f);
  return c;
}

/// SDA rows per economy: the economy (TOTAL, sums over sectors), then its sectors'
/// contributions. Returns the largest |Σ parts − change| (a check, logged).
double sda_rows(const Assembly& a, const YearRecord& from, const YearRecord& to,
                std::vector<double>& values, std::vector<long>& keys) {
  double worst = 0.0;
  for (std::size_t s = 0; s < a.G; ++s) {
    const auto sda = decomposition::dva_share_sda(from.sda.economy(s), to.sda.economy(s));
    const auto row = [&](long sector, double level_from, double level_to,
                         const std::array<double, decomposition::kSdaFactors>& parts) {
      keys.insert(keys.end(), {static_cast<long>(s), sector});
      values.insert(values.end(), {static_cast<double>(from.year), static_cast<double>(to.year),
                                   level_from, level_to, level_to - level_from});
      values.insert(values.end(), parts.begin(), parts.end());
      double sum = 0.0;
      for (double p : parts) sum += p;
      const double gap = std::abs(sum - (level_to - level_from));
      if (std::isfinite(gap)) worst = std::max(worst, gap);
    };
    double total_from = 0.0, total_to = 0.0;
    std::array<double, decomposition::kSdaFactors> total{};
    for (std::size_t i = 0; i < a.N; ++i) {
      total_from += sda.from[i];
      total_to += sda.to[i];
      for (std::size_t f = 0; f < decomposition::kSdaFactors; ++f) total[f] += sda.parts[f][i];
    }
    row(decomposition::kTotal, total_from, total_to, total);
    for (std::size_t i = 0; i < a.N; ++i) {
      std::array<double, decomposition::kSdaFactors> parts{};
      for (std::size_t f = 0; f < decomposition::kSdaFactors; ++f) parts[f] = sda.parts[f][i];
      row(static_cast<long>(i), sda.from[i], sda.to[i], parts);
    }
  }
  return worst;
}

std::vector<decomposition::DvaShareTrend> trends(const Assembly& a, double band) {
  std::vector<decomposition::DvaShareTrend> out;
  const std::size_t M = decomposition::thinning_measures().size();
  for (std::size_t s = 0; s < a.G; ++s) {
    std::vector<double> shares;
    for (const YearRecord* r : a.records) shares.push_back(r->economy[s * M + 0]);  // EXGR_DVASH
    out.push_back(decomposition::dva_share_trend(a.years, shares, band));
  }
  return out;
}

std::vector<std::string> trend_columns() {
  return {"FIRST_YEAR",      "LAST_YEAR", "YEARS",         "EXGR_DVASH_FIRST",
          "EXGR_DVASH_LAST", "SLOPE",     "FITTED_CHANGE", "TREND"};
}

std::vector<double> trend_values(const decomposition::DvaShareTrend& t) {
  return {static_cast<double>(t.first_year),
          static_cast<double>(t.last_year),
          static_cast<double>(t.years),
          t.first,
          t.last,
          t.slope,
          t.fitted_change,
          static_cast<double>(t.code)};
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

void write_group(io::ResultFile& file, const std::string& name, const std::string& description,
                 const std::vector<std::string>& key_columns,
                 const std::vector<std::string>& measures, const std::vector<double>& values,
                 const std::vector<long>& keys, std::map<std::string, std::string> extra = {}) {
  extra["description"] = description;
  extra["key_columns"] = join(key_columns);
  extra["measures"] = join(measures);
  file.create_group(name, extra);
  const std::size_t rows = measures.empty() ? 0 : values.size() / measures.size();
  file.write_matrix(name + "/values", rows, measures.size(), 0, rows, values,
                    "one row per key (see keys)", join(measures), description);
  file.write_index_matrix(name + "/keys", rows, key_columns.size(), 0, rows, keys,
                          "one row per key",
                          join(key_columns) +
                              " (year: calendar year; region, sector: indices into /labels, "
                              "-1: TOTAL)",
                          "row keys of values");
}

std::string region_text(const Assembly& a, long s) {
  return io::csv_field(a.labels.regions[static_cast<std::size_t>(s)]);
}
std::string sector_text(const Assembly& a, long i) {
  return i == decomposition::kTotal ? "TOTAL"
                                    : io::csv_field(a.labels.sectors[static_cast<std::size_t>(i)]);
}

/// Rank 0: runs jobs/plot_dva_share.sh on the panel CSV.
std::string plot_script() {
  if (const char* env = std::getenv("LEONTIEF_PLOT_SCRIPT")) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share/leontief/plot_dva_share.sh";
    if (fs::exists(installed, ec)) return installed.string();
  }
  return std::string(LEONTIEF_SOURCE_DIR) + "/jobs/plot_dva_share.sh";
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void plot(const std::string& panel_csv, const std::string& png, const std::string& regions) {
  const std::string script = plot_script();
  const std::string command = "bash " + shell_quote(script) + " " + shell_quote(panel_csv) + " " +
                              shell_quote(png) + " " + shell_quote(regions);
  log::info("plot: " + command);
  const int status = std::system(command.c_str());
  if (status != 0) {
    throw InputError(png + ": plotting failed (" + script + " exit status " +
                     std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) +
                     "); the results are written: rerun the script by hand (docs/user-guide.md)");
  }
}

}  // namespace

int run_thinning(const io::ParameterSet& options) {
  const MPI_Comm world = MPI_COMM_WORLD;
  const int rank = comm_rank(world), size = comm_size(world);
  // Groups take different paths (SDA years form rows of B): same stage order on every rank.
  solver::register_phases({"years", "read", "assemble I-A", "factor", "factor (I-A)'",
                           "decompose thinning", "structural decomposition inputs",
                           "leontief inverse rows", "write"});
  const std::string output = options.text("output");
  const std::string parts = output + ".parts";
  const std::string csv = options.has("csv") ? options.text("csv") : "";

  // 1. The panel: rank 0 reads each table's metadata; everyone learns years and paths.
  io::TableLabels labels;
  io::TableMetadata first_metadata;
  std::string text;
  run_collectively(world, [&] {
    if (rank == 0) text = serialize(discover_panel(options.text("tables"), labels, first_metadata));
  });
  broadcast(world, text);
  std::vector<PanelYear> panel = deserialize(text);
  unsigned long long dims[2] = {labels.region_count(), labels.sector_count()};
  LEONTIEF_CHECK_MPI(MPI_Bcast(dims, 2, MPI_UNSIGNED_LONG_LONG, 0, world));
  const std::size_t G = dims[0], N = dims[1];

  // 2. The two years of the structural decomposition.
  const int from = options.has("thinning.from") ? static_cast<int>(options.integer("thinning.from"))
                                                : panel.front().year;
  const int to = options.has("thinning.to") ? static_cast<int>(options.integer("thinning.to"))
                                            : panel.back().year;
  for (const int y : {from, to}) {
    if (std::none_of(panel.begin(), panel.end(), [&](const PanelYear& p) { return p.year == y; })) {
      throw InputError("thinning: year " + std::to_string(y) +
                           " of the structural "
                           "decomposition is not in the panel (" +
                           std::to_string(panel.front().year) + "-" +
                           std::to_string(panel.back().year) + ")",
                       true);
    }
  }
  if (from > to) {
    throw InputError("thinning: the structural decomposition runs from thinning.from " +
                         std::to_string(from) + " to thinning.to " + std::to_string(to) +
                         ": the first year must not be after the second",
                     true);
  }
  for (auto& p : panel) p.sda = p.year == from || p.year == to;
  const long long per_group = options.integer("thinning.ranks_per_group");  // >= 0 (registry)
  if (per_group > size) {
    throw InputError("thinning.ranks_per_group: " + std::to_string(per_group) +
                         " ranks per group, but the run has " + std::to_string(size) +
                         " (use at most " + std::to_string(size) + ", or 0 for all)",
                     true);
  }
  const int group_size = per_group == 0 ? size : static_cast<int>(per_group);
  const int groups = (size + group_size - 1) / group_size;
  const bool resume = options.boolean("thinning.resume");

  // 3. Finished years (rank 0): records in the parts directory or in an earlier result.
  std::map<int, YearRecord> finished;
  std::string pending_text;
  run_collectively(world, [&] {
    if (rank != 0) return;
    std::error_code ec;
    if (!resume) fs::remove_all(parts, ec);
    fs::create_directories(parts, ec);
    if (ec) throw InputError(parts + ": cannot create directory: " + ec.message());
    // Temporary files of a run that was killed while writing are never read: remove them.
    for (const auto& entry : fs::directory_iterator(parts, ec)) {
      if (entry.path().filename().string().find(".partial-") != std::string::npos) {
        fs::remove(entry.path(), ec);
      }
    }
    for (const auto& y : panel) {
      if (resume) {
        for (const auto& file : {part_path(parts, y.year), output}) {
          auto record = read_year_record(file, y.year);
          if (record && record->reusable(y.table, G, N, y.sda)) {
            finished.emplace(y.year, std::move(*record));
            break;
          }
        }
      }
      if (!finished.count(y.year)) pending_text += std::to_string(y.year) + ",";
    }
  });
  broadcast(world, pending_text);
  std::vector<const PanelYear*> pending;
  for (const auto& y : split_list(pending_text)) {
    for (const auto& p : panel) {
      if (p.year == std::stoi(y)) pending.push_back(&p);
    }
  }
  log::info("thinning: " + std::to_string(panel.size()) + " years " +
            std::to_string(panel.front().year) + "-" + std::to_string(panel.back().year) + ", " +
            std::to_string(G) + " economies x " + std::to_string(N) +
            " sectors; structural "
            "decomposition " +
            std::to_string(from) + " -> " + std::to_string(to) + "; " + std::to_string(groups) +
            " group(s) of " + std::to_string(group_size) + " rank(s)");
  if (static_cast<std::size_t>(groups) > pending.size() && !pending.empty()) {
    log::info(std::to_string(static_cast<std::size_t>(groups) - pending.size()) +
              " group(s) idle: more groups than years to compute");
  }
  if (pending.size() < panel.size()) {
    log::info("resuming: " + std::to_string(panel.size() - pending.size()) +
              " year(s) already finished, " + std::to_string(pending.size()) + " to compute");
  }

  // 4. Years in parallel: group g takes the pending years g, g + groups, ...
  const int color = rank / group_size;
  MPI_Comm raw = MPI_COMM_NULL;
  LEONTIEF_CHECK_MPI(MPI_Comm_split(world, color, rank, &raw));
  const Communicator group(raw);
  const bool leader = comm_rank(group.get()) == 0;
  const AbortHook hook = AbortHook::from_environment();
  bool failed = false, input_error = false;
  std::string failure;
  {
    solver::Phase phase("years");
    int done = 0;
    for (std::size_t k = static_cast<std::size_t>(color); k < pending.size();
         k += static_cast<std::size_t>(groups)) {
      const PanelYear& year = *pending[k];
      const double start = log::elapsed_seconds();
      std::string solver_description;
      try {
        compute_year(group.get(), year, options, parts, G, N, hook, solver_description);
      } catch (const Error& e) {
        if (!e.collective()) throw;  // some ranks of the group only: main aborts the run
        failed = true;
        input_error = dynamic_cast<const InputError*>(&e) != nullptr;
        failure = "year " + std::to_string(year.year) + ": " + e.what();
        break;
      }
      ++done;
      if (leader) {
        char line[160];
        std::snprintf(line, sizeof line, "year %d done (%.2f s; group %d of %d, %d rank(s), %s)",
                      year.year, log::elapsed_seconds() - start, color + 1, groups,
                      comm_size(group.get()), solver_description.c_str());
        log::write_from_this_rank(log::Level::info, line);
        if (hook.after_years > 0 && done == hook.after_years) {
          test_abort("after " + std::to_string(done) + " year(s)");
        }
      }
    }
  }
  // A failed year stops the run on every rank (the finished years stay in the parts).
  detail::agree_on_failure(world, failed, input_error, failure);

  // 5. Rank 0 assembles the result from the records.
  std::vector<std::string> plot_regions = split_list(options.text("plot_regions"));
  run_collectively(world, [&] {
    if (rank != 0) return;
    solver::Phase phase("write");
    Assembly a;
    a.G = G;
    a.N = N;
    a.labels = labels;
    for (const auto& y : panel) {
      if (!finished.count(y.year)) {
        auto record = read_year_record(part_path(parts, y.year), y.year);
        if (!record || !record->reusable(y.table, G, N, y.sda)) {
          throw Error(part_path(parts, y.year) + ": the record of year " + std::to_string(y.year) +
                      " is missing or incomplete");
        }
        finished.emplace(y.year, std::move(*record));
      }
      a.years.push_back(y.year);
    }
    for (const int y : a.years) a.records.push_back(&finished.at(y));

    const auto& measures = decomposition::thinning_measures();
    std::vector<std::string> measure_names;
    measure_names.reserve(measures.size());
    for (const auto& m : measures) measure_names.emplace_back(m.name);
    std::vector<double> panel_values, sda_values, trend_rows;
    std::vector<long> panel_keys, sda_keys, trend_keys;
    panel_rows(a, panel_values, panel_keys);
    const double gap = sda_rows(a, finished.at(from), finished.at(to), sda_values, sda_keys);
    const auto economy_trends = trends(a, options.real("thinning.flat_band"));
    for (std::size_t s = 0; s < G; ++s) {
      trend_keys.push_back(static_cast<long>(s));
      const auto v = trend_values(economy_trends[s]);
      trend_rows.insert(trend_rows.end(), v.begin(), v.end());
    }
    char check[96];
    std::snprintf(check, sizeof check,
                  "structural decomposition: parts sum to the change within %.2g", gap);
    log::info(check);

    std::string years_text, tables_text;
    for (const auto& y : panel) {
      years_text += (years_text.empty() ? "" : ",") + std::to_string(y.year);
      tables_text += (tables_text.empty() ? "" : ",") + y.path;
    }
    io::ResultFile result(MPI_COMM_SELF, output);
    auto metadata = result_metadata("thinning", options, first_metadata, tables_text);
    metadata["year"] = std::to_string(panel.front().year) + "-" + std::to_string(panel.back().year);
    metadata["years"] = years_text;
    metadata["finished_years"] = years_text;
    metadata["sda_years"] = std::to_string(from) + "," + std::to_string(to);
    metadata["year_groups"] =
        std::to_string(groups) + " of " + std::to_string(group_size) + " rank(s)";
    result.write_metadata(metadata, labels);
    std::string meanings;
    for (const auto& m : measures) meanings += std::string(m.name) + ": " + m.meaning + "\n";
    write_group(result, "thinning_panel",
                "panel measures by year, economy (sector -1 = TOTAL) and economy x sector",
                {"year", "region", "sector"}, measure_names, panel_values, panel_keys,
                {{"measure_definitions", meanings}});
    write_group(result, "thinning_sda",
                "structural decomposition of the change in EXGR_DVASH (percentage points; "
                "average of the two polar decompositions, factor order D, F, V, W); sector rows "
                "are contributions to the economy's change and sum to the economy row",
                {"region", "sector"}, sda_columns(), sda_values, sda_keys,
                {{"year_from", std::to_string(from)}, {"year_to", std::to_string(to)}});
    write_group(result, "thinning_trend",
                "least-squares trend of EXGR_DVASH per economy; TREND -1 thinning, 0 flat, "
                "+1 thickening",
                {"region"}, trend_columns(), trend_rows, trend_keys,
                {{"flat_band", options.text("thinning.flat_band")}});
    result.create_group("years", {{"description",
                                   "finished years of leontief thinning (a rerun "
                                   "reuses them)"}});
    for (const YearRecord* r : a.records) {
      write_year_record(result, *r, G, N, 0, G, r->economy, r->sector,
                        r->has_sda ? &r->sda : nullptr);
    }
    result.close();

    std::vector<std::unique_ptr<io::TidyCsvWriter>> csvs;
    if (!csv.empty()) {
      const auto csv_path = [&](const char* name) { return (fs::path(csv) / name).string(); };
      const std::size_t M = measures.size();
      auto panel_csv = std::make_unique<io::TidyCsvWriter>(
          MPI_COMM_SELF, csv_path("thinning_panel.csv"),
          std::vector<std::string>{"year", "region", "sector", "measure", "value"});
      panel_csv->write_rows([&](std::ostream& out) {
        std::string line;
        for (std::size_t r = 0; r < panel_keys.size() / 3; ++r) {
          const std::string key = std::to_string(panel_keys[3 * r]) + "," +
                                  region_text(a, panel_keys[3 * r + 1]) + "," +
                                  sector_text(a, panel_keys[3 * r + 2]) + ",";
          for (std::size_t m = 0; m < M; ++m) {
            line = key + measure_names[m] + ",";
            io::append_number(line, panel_values[r * M + m]);
            out << line << '\n';
          }
        }
      });
      csvs.push_back(std::move(panel_csv));

      auto columns = sda_columns();
      std::vector<std::string> header = {"region", "sector", "year_from", "year_to"};
      header.insert(header.end(), columns.begin() + 2, columns.end());
      auto sda_csv =
          std::make_unique<io::TidyCsvWriter>(MPI_COMM_SELF, csv_path("thinning_sda.csv"), header);
      sda_csv->write_rows([&](std::ostream& out) {
        std::string line;
        const std::size_t C = columns.size();
        for (std::size_t r = 0; r < sda_keys.size() / 2; ++r) {
          line = region_text(a, sda_keys[2 * r]) + "," + sector_text(a, sda_keys[2 * r + 1]) + "," +
                 std::to_string(from) + "," + std::to_string(to);
          for (std::size_t c = 2; c < C; ++c) {
            line += ',';
            io::append_number(line, sda_values[r * C + c]);
          }
          out << line << '\n';
        }
      });
      csvs.push_back(std::move(sda_csv));

      auto trend_csv = std::make_unique<io::TidyCsvWriter>(
          MPI_COMM_SELF, csv_path("thinning_trend.csv"),
          std::vector<std::string>{"region", "trend", "first_year", "last_year", "years",
                                   "EXGR_DVASH_FIRST", "EXGR_DVASH_LAST", "SLOPE",
                                   "FITTED_CHANGE"});
      trend_csv->write_rows([&](std::ostream& out) {
        std::string line;
        for (std::size_t s = 0; s < G; ++s) {
          const auto& t = economy_trends[s];
          line = region_text(a, static_cast<long>(s)) + "," + decomposition::trend_name(t) + "," +
                 std::to_string(t.first_year) + "," + std::to_string(t.last_year) + "," +
                 std::to_string(t.years);
          for (double v : {t.first, t.last, t.slope, t.fitted_change}) {
            line += ',';
            io::append_number(line, v);
          }
          out << line << '\n';
        }
      });
      csvs.push_back(std::move(trend_csv));
    }
    // Everything is complete: only now replace older results.
    result.commit();
    for (auto& c : csvs) c->commit();
    std::error_code ec;
    fs::remove_all(parts, ec);  // every record is in the result now

    int thinning = 0, thickening = 0, flat = 0;
    for (const auto& t : economy_trends) {
      (t.years < 2 ? flat : t.code < 0 ? thinning : t.code > 0 ? thickening : flat) += 1;
    }
    log::info("trend of EXGR_DVASH " + std::to_string(panel.front().year) + "-" +
              std::to_string(panel.back().year) + ": " + std::to_string(thinning) + " thinning, " +
              std::to_string(flat) + " flat, " + std::to_string(thickening) + " thickening");
    log::info("wrote " + output + (csv.empty() ? "" : " and CSV files in " + csv));

    // 6. The picture.
    if (options.has("plot")) {
      if (plot_regions.empty()) {
        // The five economies with the largest fitted decline.
        const auto decline = [&](std::size_t s) {
          const double f = economy_trends[s].fitted_change;
          return std::isnan(f) ? std::numeric_limits<double>::infinity() : f;
        };
        std::vector<std::size_t> order(G);
        for (std::size_t s = 0; s < G; ++s) order[s] = s;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t x, std::size_t y) { return decline(x) < decline(y); });
        for (std::size_t k = 0; k < std::min<std::size_t>(5, G); ++k) {
          plot_regions.push_back(labels.regions[order[k]]);
        }
      }
      for (const auto& r : plot_regions) {
        if (std::find(labels.regions.begin(), labels.regions.end(), r) == labels.regions.end()) {
          throw InputError("plot_regions: unknown economy '" + r + "'");
        }
      }
      std::string data = csv.empty() ? "" : (fs::path(csv) / "thinning_panel.csv").string();
      std::string temporary;
      if (data.empty()) {
        // No CSV directory: a temporary file with the economies' EXGR_DVASH only.
        temporary = options.text("plot") + ".data-" + std::to_string(getpid()) + ".csv";
        std::ofstream out(temporary);
        out << "year,region,sector,measure,value\n";
        std::string line;
        const std::size_t M = measures.size();
        for (std::size_t r = 0; r < panel_keys.size() / 3; ++r) {
          if (panel_keys[3 * r + 2] != decomposition::kTotal) continue;
          line = std::to_string(panel_keys[3 * r]) + "," + region_text(a, panel_keys[3 * r + 1]) +
                 ",TOTAL," + measure_names[0] + ",";
          io::append_number(line, panel_values[r * M]);
          out << line << '\n';
        }
        if (!out) throw InputError(temporary + ": cannot write");
        data = temporary;
      }
      std::string regions_text;
      for (const auto& r : plot_regions) regions_text += (regions_text.empty() ? "" : ",") + r;
      try {
        plot(data, options.text("plot"), regions_text);
      } catch (...) {
        if (!temporary.empty()) fs::remove(temporary, ec);
        throw;
      }
      if (!temporary.empty()) fs::remove(temporary, ec);
      log::info("plotted EXGR_DVASH of " + regions_text + " in " + options.text("plot"));
    }
  });
  return 0;
}

}  // namespace leontief::app
