/// @file command_va.cpp
/// @brief `leontief va`: value added by origin economy-sector and destination economy
/// (V̂BY), gross exports by exporter-sector and importer, and optionally value added by
/// source in each exporter-sector's gross exports (V̂BÊ). HDF5 result plus tidy CSV.

#include <mpi.h>

#include <filesystem>
#include <memory>

#include "app/commands.hpp"
#include "decomposition/trade/value_added.hpp"
#include "io/results/result_file.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/runtime/log.hpp"
#include "solver/leontief_operator.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet va_parameters() {
  io::ParameterSet set("va",
                       "Value added by origin economy-sector and destination economy (V̂BY) and "
                       "gross exports by exporter-sector and importer.");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table written by `leontief import`", true});
  set.set_positional("table");
  set.add({"output", Parameter::Type::path, "", "", "HDF5 result file to write", true});
  set.add({"csv", Parameter::Type::path, "", "",
           "directory for tidy CSV files (va_by_destination.csv, gross_exports.csv, ...)"});
  set.add({"va.source_in_exports", Parameter::Type::boolean, "false", "",
           "also compute value added by source in each exporter-sector's gross exports, "
           "V̂BÊ (n x n: one solve with n right-hand sides)"});
  add_solver_parameters(set);
  add_common_parameters(set);
  return set;
}

namespace {

/// Writes one tidy CSV under its temporary name: key columns from (row, column) of an
/// n x cols local block. The caller commits it with the other outputs.
std::unique_ptr<io::TidyCsvWriter> write_csv(
    const std::string& path, const std::vector<std::string>& header,
    const solver::DistributedTable& table, const std::vector<double>& local, std::size_t cols,
    const std::function<std::string(std::size_t)>& column_key) {
  const auto& labels = table.labels();
  const auto& part = table.partition();
  auto csv = std::make_unique<io::TidyCsvWriter>(table.comm(), path, header);
  csv->write_rows([&](std::ostream& out) {
    std::string line;
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      const std::size_t i = part.row_begin() + r;
      const std::string key = io::csv_field(labels.regions[labels.region_of_row(i)]) + "," +
                              io::csv_field(labels.sectors[labels.sector_of_row(i)]) + ",";
      for (std::size_t c = 0; c < cols; ++c) {
        line = key + column_key(c) + ",";
        io::append_number(line, local[r * cols + c]);
        line += '\n';
        out << line;
      }
    }
  });
  return csv;
}

}  // namespace

int run_va(const io::ParameterSet& options) {
  const std::string table_path = options.text("table");
  const bool source_in_exports = options.boolean("va.source_in_exports");
  int ranks = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(MPI_COMM_WORLD, &ranks));
  check_memory(MPI_COMM_WORLD, options, table_path, "va", ranks, [&](solver::DenseRunShape& s) {
    const double n = static_cast<double>(s.regions * s.sectors), G = static_cast<double>(s.regions);
    s.replicated_columns = 6.0 * G;
    s.output_bytes = n * G * 8.0 * 2.0 + (source_in_exports ? n * n * 8.0 : 0.0);
  });
  solver::DistributedTable table = read_table(MPI_COMM_WORLD, table_path);
  const auto& labels = table.labels();
  const auto& part = table.partition();
  const std::size_t n = table.n(), G = labels.region_count();

  solver::LeontiefOperator leontief(table, leontief_options(options));
  decomposition::ValueAddedAccounts accounts =
      decomposition::value_added_accounts(table, leontief, source_in_exports);

  {
    solver::Phase phase("write");
    io::ResultFile result(MPI_COMM_WORLD, options.text("output"));
    auto metadata = result_metadata("va", options, table.metadata(), table_path);
    metadata["linear_solver"] = leontief.description();
    result.write_metadata(metadata, labels);
    const std::string origin = "origin region x sector (labels/regions x labels/sectors)";
    result.write_matrix("va_by_destination", n, G, part.row_begin(), part.local_rows(),
                        accounts.by_destination, origin, "destination region (labels/regions)",
                        "value added of the origin economy-sector absorbed in the destination's "
                        "final demand: V̂BY");
    result.write_matrix("gross_exports", n, G, part.row_begin(), part.local_rows(),
                        accounts.gross_exports, "exporter region x sector", "importer region",
                        "gross exports (intermediate + final) to the importer; 0 on the "
                        "exporter's own economy");
    if (source_in_exports) {
      result.write_matrix("va_in_exports", n, n, part.row_begin(), part.local_rows(),
                          accounts.in_exports, origin, "exporter region x sector",
                          "value added of the source economy-sector embodied in the exporter-"
                          "sector's gross exports: V̂BÊ");
    }
    result.close();

    std::vector<std::unique_ptr<io::TidyCsvWriter>> csvs;
    if (options.has("csv")) {
      const std::filesystem::path dir(options.text("csv"));
      const auto region = [&](std::size_t g) { return io::csv_field(labels.regions[g]); };
      csvs.push_back(write_csv((dir / "va_by_destination.csv").string(),
                               {"source_region", "source_sector", "destination_region", "value"},
                               table, accounts.by_destination, G, region));
      csvs.push_back(write_csv((dir / "gross_exports.csv").string(),
                               {"exporter", "sector", "importer", "value"}, table,
                               accounts.gross_exports, G, region));
      if (source_in_exports) {
        csvs.push_back(write_csv(
            (dir / "va_in_exports.csv").string(),
            {"source_region", "source_sector", "exporter", "exporter_sector", "value"}, table,
            accounts.in_exports, n, [&](std::size_t j) {
              return io::csv_field(labels.regions[labels.region_of_row(j)]) + "," +
                     io::csv_field(labels.sectors[labels.sector_of_row(j)]);
            }));
      }
    }
    // Everything is complete: only now replace older results.
    result.commit();
    for (auto& csv : csvs) csv->commit();
  }
  log::info("wrote " + options.text("output") +
            (options.has("csv") ? " and CSV files in " + options.text("csv") : ""));
  return 0;
}

}  // namespace leontief::app
