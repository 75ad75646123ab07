/// @file command_import.cpp
/// @brief `leontief import`: a published table (file, the publisher's zip, or a folder of
/// the publisher's files) -> the canonical HDF5 store. The input is parsed and written by
/// rank 0 as a stream (one economy's rows in memory at a time); readers: io/table_readers.

#include <mpi.h>

#include <filesystem>
#include <regex>

#include "app/commands.hpp"
#include "io/readers/table_readers.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/log.hpp"
#include "io/store/aggregation.hpp"
#include "io/store/table_store.hpp"
#include "solver/distributed_table.hpp"
#include "solver/gross_output_solve.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet import_parameters() {
  io::ParameterSet set("import",
                       "Read a published table (a file, the publisher's zip, or a folder of its "
                       "files; see docs/formats.md) and write the canonical HDF5 table that every "
                       "other command reads.");
  set.add({"input", Parameter::Type::path, "", "",
           "table to read: a file (.csv, .csv.gz, .txt), a zip archive or a folder", true});
  set.set_positional("input");
  set.add({"output", Parameter::Type::path, "", "", "HDF5 table to write", true});
  set.add({"format", Parameter::Type::text, "wide-csv", "",
           "layout of the input: the project's wide CSV, OECD ICIO, WIOD 2016, EXIOBASE 3, Eora26, "
           "ADB MRIO, Eurostat FIGARO or GLORIA (docs/formats.md)",
           false, io::table_format_names()});
  set.add({"merge_splits", Parameter::Type::boolean, "false", "",
           "merge the OECD ICIO extended version's production splits back into their economies "
           "(CN1, CN2, ... into CHN; MX1, MX2, ... into MEX)"});
  set.add({"balance", Parameter::Type::boolean, "false", "",
           "set gross output x = Z·1 + Y·1 and value added to the residual x - 1'Z, so every "
           "accounting identity holds exactly (default: x = published gross output)"});
  set.add({"product_by_product", Parameter::Type::boolean, "false", "",
           "supply-use inputs (GLORIA): build the product-by-product table (Eurostat model B, "
           "industry technology) instead of industry by industry (model D, fixed product sales "
           "structure)"});
  set.add({"source", Parameter::Type::text, "", "",
           "name of the source recorded in outputs (default: the input file name)"});
  set.add({"year", Parameter::Type::integer, "", "year",
           "year of the table (default: a 4-digit year in the file name, else 0: unknown)"},
          io::Range::between(0, 9999));
  set.add({"units", Parameter::Type::text, "", "",
           "units of the values, e.g. \"millions of US dollars\""});
  set.add({"compression", Parameter::Type::integer, "0", "",
           "deflate level for Z and Y in the HDF5 file (0: none, the default: full-precision "
           "flows barely compress, and reading them uncompressed costs only the disk's time)"},
          io::Range::between(0, 9));
  add_common_parameters(set);
  return set;
}

namespace {

/// Wraps a sink to fill in metadata the reader cannot know (source, year, units).
class MetadataSink final : public io::TableSink {
 public:
  MetadataSink(io::TableSink& inner, const io::ParameterSet& options, std::string note = "")
      : inner_(inner), options_(options), note_(std::move(note)) {}
  void begin(const io::TableLabels& labels, const io::TableMetadata& metadata) override {
    io::TableMetadata m = metadata;
    if (!note_.empty()) m.derivation += "; " + note_;
    const std::string file = std::filesystem::path(options_.text("input")).filename().string();
    // The reader's description of the source and units stand unless the user gives them.
    if (options_.has("source")) {
      m.source = options_.text("source");
    } else if (m.source.empty()) {
      m.source = file;
    }
    if (options_.has("units") && !options_.text("units").empty()) m.units = options_.text("units");
    if (options_.has("year")) {
      m.year = static_cast<int>(options_.integer("year"));
    } else if (m.year == 0) {
      std::smatch match;
      static const std::regex year_pattern("(19|20)[0-9]{2}");
      if (std::regex_search(file, match, year_pattern)) m.year = std::stoi(match.str());
    }
    labels_ = labels;
    log::info("table " + m.source + " (" + std::to_string(m.year) +
              "): " + std::to_string(labels.region_count()) + " economies x " +
              std::to_string(labels.sector_count()) + " sectors, " +
              std::to_string(labels.category_count()) + " final-demand categories");
    inner_.begin(labels, m);
  }
  void row(std::size_t i, std::span<const double> z, std::span<const double> y, double x) override {
    inner_.row(i, z, y, x);
    if ((i + 1) % labels_.sector_count() == 0 && log::level() >= log::Level::debug) {
      log::debug("read economy " + labels_.regions[labels_.region_of_row(i)]);
    }
  }
  void finish(std::span<const double> va) override { inner_.finish(va); }

 private:
  io::TableSink& inner_;
  const io::ParameterSet& options_;
  std::string note_;
  io::TableLabels labels_;
};

/// Removes a temporary file when the scope ends, however it ends.
struct RemoveOnExit {
  std::string path;
  ~RemoveOnExit() {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
};

std::string hidden_beside(const std::string& output, const std::string& suffix) {
  const std::filesystem::path path(output);
  return (path.parent_path() / ("." + path.filename().string() + suffix)).string();
}

/// Gross output of a release that publishes only A and Y (EXIOBASE 3.4): rank 0 writes A as
/// a table (Z := A, x := 1) beside the output; every rank reads its rows and the solver
/// gives x = (I − A)⁻¹ Y·1, checked (x − A x − Y·1 ≈ 0) and returned on every rank.
/// @note Collective.
solver::SolvedGrossOutput solve_published_coefficients(const io::ParameterSet& options,
                                                       const io::ReaderOptions& reader_options,
                                                       int rank) {
  const std::string coefficients = hidden_beside(options.text("output"), ".coefficients.h5");
  RemoveOnExit remove{rank == 0 ? coefficients : std::string()};
  run_collectively(MPI_COMM_WORLD, [&] {
    if (rank != 0) return;
    io::ReaderOptions pass = reader_options;
    pass.balance = false;
    pass.coefficients = true;
    io::TableStoreWriter writer(coefficients, false, 0);
    io::read_table(options.text("format"), options.text("input"), pass, writer);
    writer.commit();
  });
  const auto table = solver::DistributedTable::read(MPI_COMM_WORLD, coefficients);
  auto solved = solver::solve_gross_output(table);
  LEONTIEF_CHECK_MPI(MPI_Barrier(MPI_COMM_WORLD));  // every rank is done with the file
  log::info("x = (I - A)^-1 Y·1 solved with " + solved.solver + ", relative residual " +
            std::to_string(solved.relative_residual));
  return solved;
}

}  // namespace

int run_import(const io::ParameterSet& options) {
  const long long level = options.integer("compression");
  if (level < 0 || level > 9) throw InputError("import: --compression must be 0..9", true);
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  solver::Phase phase("import");
  io::ReaderOptions reader_options;
  if (options.has("year")) reader_options.year = static_cast<int>(options.integer("year"));
  reader_options.balance = options.boolean("balance");
  reader_options.product_by_product = options.boolean("product_by_product");
  // Releases with coefficients only (EXIOBASE 3.4): x is solved in parallel first.
  bool coefficients_only = false;
  run_collectively(MPI_COMM_WORLD, [&] {
    coefficients_only = io::publishes_coefficients_only(options.text("format"),
                                                        options.text("input"), reader_options);
  });
  solver::SolvedGrossOutput solved;
  std::string note;
  if (coefficients_only) {
    solved = solve_published_coefficients(options, reader_options, rank);
    reader_options.gross_output = &solved.x;
    note = "solver " + solved.solver + ", relative residual |x - A x - Y·1| / max x = " +
           std::to_string(solved.relative_residual);
  }
  // One reader, one writer: the other ranks only wait for the collective outcome.
  run_collectively(MPI_COMM_WORLD, [&] {
    if (rank != 0) return;
    const std::string output = options.text("output");
    const bool merge = options.boolean("merge_splits");
    // With --merge_splits the table is imported under a temporary name, then aggregated.
    const std::string imported = merge ? hidden_beside(output, ".unmerged.h5") : output;
    {
      io::TableStoreWriter writer(imported, options.boolean("balance"), static_cast<int>(level));
      MetadataSink sink(writer, options, note);
      io::read_table(options.text("format"), options.text("input"), reader_options, sink);
      writer.commit();
    }
    if (merge) {
      RemoveOnExit remove{imported};
      io::AggregationOptions aggregation;
      aggregation.merge_splits = true;
      aggregation.input_file = options.text("input");
      io::aggregate_table_file(imported, output, aggregation, static_cast<int>(level));
    }
  });
  log::info("wrote " + options.text("output") +
            (options.boolean("balance") ? " (balanced: x = Z·1 + Y·1)" : ""));
  return 0;
}

}  // namespace leontief::app
