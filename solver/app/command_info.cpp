/// @file command_info.cpp
/// @brief `leontief info`: dimensions, totals and the two balance identities of a table
/// (x = Z·1 + Y·1 by row, x = 1'Z + VA by column), with the largest imbalance and where.

#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "io/error.hpp"
#include "io/log.hpp"
#include "solver/app/commands.hpp"
#include "solver/distributed_table.hpp"
#include "solver/phase.hpp"

namespace leontief::app {

using io::Parameter;

io::ParameterSet info_parameters() {
  io::ParameterSet set("info", "Print a table's dimensions, totals and balance checks.");
  set.add({"table", Parameter::Type::path, "", "", "HDF5 table written by `leontief import`", true});
  add_common_parameters(set);
  return set;
}

namespace {

struct Worst {
  double value;  // relative imbalance
  int index;
};

Worst worst_across_ranks(Worst mine) {
  Worst all{};
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&mine, &all, 1, MPI_DOUBLE_INT, MPI_MAXLOC, MPI_COMM_WORLD));
  return all;
}

double relative(double difference, double scale) {
  return scale > 0.0 ? std::abs(difference) / scale : std::abs(difference);
}

}  // namespace

int run_info(const io::ParameterSet& options) {
  const std::string path = options.text("table");
  solver::DistributedTable table = [&] {
    solver::Phase phase("read");
    return solver::DistributedTable::read(MPI_COMM_WORLD, path);
  }();
  const auto& labels = table.labels();
  const auto& part = table.partition();
  const auto& x = table.gross_output();
  const auto& va = table.value_added();
  const std::size_t n = table.n(), fd = labels.final_demand_columns();

  std::vector<double> local_inputs(n, 0.0), inputs(n, 0.0);
  double sums[3] = {0, 0, 0};  // total Z, total Y, negative final-demand entries
  Worst row_worst{0.0, 0};
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t i = part.row_begin() + r;
    double total = 0.0;
    for (std::size_t k = table.z_row_offsets()[r]; k < table.z_row_offsets()[r + 1]; ++k) {
      total += table.z_values()[k];
      local_inputs[table.z_columns()[k]] += table.z_values()[k];
    }
    sums[0] += total;
    for (std::size_t c = 0; c < fd; ++c) {
      const double y = table.final_demand()[r * fd + c];
      total += y;
      sums[1] += y;
      if (y < 0.0) sums[2] += 1.0;
    }
    const double imbalance = relative(x[i] - total, x[i]);
    if (imbalance > row_worst.value) row_worst = {imbalance, static_cast<int>(i)};
  }
  double totals[3] = {0, 0, 0};
  LEONTIEF_CHECK_MPI(MPI_Allreduce(sums, totals, 3, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
  LEONTIEF_CHECK_MPI(MPI_Allreduce(local_inputs.data(), inputs.data(), static_cast<int>(n),
                                   MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
  row_worst = worst_across_ranks(row_worst);
  Worst column_worst{0.0, 0};
  double total_x = 0.0, total_va = 0.0;
  std::size_t zero_output = 0, negative_va = 0;
  for (std::size_t j = 0; j < n; ++j) {
    total_x += x[j];
    total_va += va[j];
    if (x[j] == 0.0) ++zero_output;
    if (va[j] < 0.0) ++negative_va;
    const double imbalance = relative(x[j] - inputs[j] - va[j], x[j]);
    if (imbalance > column_worst.value) column_worst = {imbalance, static_cast<int>(j)};
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
  std::snprintf(line, sizeof line, "dimensions   %zu economies x %zu sectors = %zu rows; %zu final-demand categories\n",
                labels.region_count(), labels.sector_count(), n, labels.category_count());
  std::cout << line;
  std::snprintf(line, sizeof line,
                "totals       gross output %.6g, intermediate %.6g, final demand %.6g, value added %.6g\n",
                total_x, totals[0], totals[1], total_va);
  std::cout << line;
  std::snprintf(line, sizeof line, "row balance    x = Z·1 + Y·1: largest relative imbalance %.3g at %s\n",
                row_worst.value, labels.row_label(static_cast<std::size_t>(row_worst.index)).c_str());
  std::cout << line;
  std::snprintf(line, sizeof line, "column balance x = 1'Z + VA:  largest relative imbalance %.3g at %s\n",
                column_worst.value, labels.row_label(static_cast<std::size_t>(column_worst.index)).c_str());
  std::cout << line;
  std::snprintf(line, sizeof line,
                "special      %zu zero-output sectors, %zu negative value-added entries, %.0f negative final-demand entries\n",
                zero_output, negative_va, totals[2]);
  std::cout << line;
  return 0;
}

}  // namespace leontief::app
