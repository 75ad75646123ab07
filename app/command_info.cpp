/// @file command_info.cpp
/// @brief `leontief info`: dimensions, totals and the two balance identities of a table
/// (x = Z·1 + Y·1 by row, x = 1'Z + VA by column), with the largest imbalance and where.

#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/commands.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "solver/distributed_table.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet info_parameters() {
  io::ParameterSet set("info", "Print a table's dimensions, totals and balance checks.");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table written by `leontief import`", true});
  set.set_positional("table");
  add_common_parameters(set);
  return set;
}

namespace {

struct Worst {
  double value;
  int index;
};

/// Gaps of one balance identity: total |gap|, the largest gap and the largest gap relative
/// to the sector's gross output, each with the sector where it occurs.
struct Balance {
  double total_gap = 0.0;
  double unproduced = 0.0;
  Worst absolute{0.0, 0}, relative{0.0, 0};

  void add(std::size_t i, double gap, double x) {
    gap = std::abs(gap);
    total_gap += gap;
    if (gap > absolute.value) absolute = {gap, static_cast<int>(i)};
    if (x == 0.0) {
      unproduced += gap > 0.0;  // flows of a sector that reports no output
      return;
    }
    if (gap / x > relative.value) relative = {gap / x, static_cast<int>(i)};
  }
  /// @note Collective.
  void reduce() {
    Worst in[2] = {absolute, relative}, out[2];
    LEONTIEF_CHECK_MPI(MPI_Allreduce(in, out, 2, MPI_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD));
    absolute = out[0];
    relative = out[1];
    double mine[2] = {total_gap, unproduced}, all[2];
    LEONTIEF_CHECK_MPI(MPI_Allreduce(mine, all, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
    total_gap = all[0];
    unproduced = all[1];
  }
  std::string describe(const io::TableLabels& labels, double total_output) const {
    char text[320];
    std::snprintf(text, sizeof text,
                  "total |gap| / total output %.3g; largest gap %.6g at %s; largest relative "
                  "gap %.3g at %s",
                  total_output > 0.0 ? total_gap / total_output : 0.0, absolute.value,
                  labels.row_label(static_cast<std::size_t>(absolute.index)).c_str(),
                  relative.value, labels.row_label(static_cast<std::size_t>(relative.index)).c_str());
    std::string out = text;
    if (unproduced > 0.0) {
      out += "; " + std::to_string(static_cast<long>(unproduced)) +
             " zero-output sectors with nonzero flows";
    }
    return out;
  }
};

}  // namespace

int run_info(const io::ParameterSet& options) {
  const std::string path = options.text("table");
  solver::DistributedTable table = read_table(MPI_COMM_WORLD, path);
  const auto& labels = table.labels();
  const auto& part = table.partition();
  const auto& x = table.gross_output();
  const auto& va = table.value_added();
  const std::size_t n = table.n(), fd = labels.final_demand_columns();

  std::vector<double> local_inputs(n, 0.0), inputs(n, 0.0);
  double sums[3] = {0, 0, 0};  // total Z, total Y, negative final-demand entries
  Balance rows;
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t i = part.row_begin() + r;
    double total = 0.0;
    table.for_each_flow(r, [&](std::size_t j, double z) {
      total += z;
      local_inputs[j] += z;
    });
    sums[0] += total;
    for (std::size_t c = 0; c < fd; ++c) {
      const double y = table.final_demand()[r * fd + c];
      total += y;
      sums[1] += y;
      if (y < 0.0) sums[2] += 1.0;
    }
    rows.add(i, x[i] - total, x[i]);
  }
  double totals[3] = {0, 0, 0};
  LEONTIEF_CHECK_MPI(MPI_Allreduce(sums, totals, 3, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
  LEONTIEF_CHECK_MPI(MPI_Allreduce(local_inputs.data(), inputs.data(), static_cast<int>(n),
                                   MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
  rows.reduce();
  Balance columns;  // computed identically on every rank from the reduced input totals
  double total_x = 0.0, total_va = 0.0;
  std::size_t zero_output = 0, negative_va = 0;
  for (std::size_t j = 0; j < n; ++j) {
    total_x += x[j];
    total_va += va[j];
    if (x[j] == 0.0) ++zero_output;
    if (va[j] < 0.0) ++negative_va;
    columns.add(j, x[j] - inputs[j] - va[j], x[j]);
  }

  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  if (rank != 0) return 0;
  const auto& meta = table.metadata();
  char line[256];
  std::cout << "table        " << path << "\n"
            << "source       " << meta.source << (meta.year ? " (" + std::to_string(meta.year) + ")" : "")
            << "\n";
  if (!meta.units.empty()) std::cout << "units        " << meta.units << "\n";
  std::cout << "imported     " << meta.input_file << (table.balanced() ? " (balanced)" : " (published gross output)") << "\n";
  if (!meta.derivation.empty()) std::cout << "x and VA     " << meta.derivation << "\n";
  std::snprintf(line, sizeof line, "dimensions   %zu economies x %zu sectors = %zu rows; %zu final-demand categories\n",
                labels.region_count(), labels.sector_count(), n, labels.category_count());
  std::cout << line;
  std::snprintf(line, sizeof line,
                "totals       gross output %.6g, intermediate %.6g, final demand %.6g, value added %.6g\n",
                total_x, totals[0], totals[1], total_va);
  std::cout << line;
  std::cout << "row balance    x = Z·1 + Y·1: " << rows.describe(labels, total_x) << "\n"
            << "column balance x = 1'Z + VA:  " << columns.describe(labels, total_x) << "\n";
  std::snprintf(line, sizeof line,
                "special      %zu zero-output sectors, %zu negative value-added entries, %.0f negative final-demand entries\n",
                zero_output, negative_va, totals[2]);
  std::cout << line;
  return 0;
}

}  // namespace leontief::app
