#include "io/results/long_csv_writer.hpp"

#include "io/results/text_output.hpp"
#include "io/results/wide_csv_writer.hpp"
#include "io/runtime/atomic_path.hpp"
#include "io/runtime/interrupt.hpp"
#include "io/runtime/progress.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::io {

namespace {

void add_cell(TextOutput& out, const std::string& row, const std::string& column, double value) {
  std::string& line = out.buffer();
  line += row;
  line += ',';
  line += column;
  line += ',';
  line += csv::format_number(value);
  out.end_line();
}

}  // namespace

double estimate_long_csv_bytes(const TableFile& table, bool compressed) {
  const TableLabels& labels = table.labels();
  const double n = static_cast<double>(labels.n());
  const double z = table.sparse_intermediate() ? static_cast<double>(table.intermediate_nonzeros())
                                               : n * n;
  const double lines = z + n * static_cast<double>(labels.final_demand_columns()) + 2.0 * n;
  return lines * (compressed ? 12.0 : 45.0);  // two labels and a number per line
}

void write_long_csv(const TableFile& table, const std::string& path) {
  const TableLabels& labels = table.labels();
  const std::size_t n = labels.n();
  const std::size_t fd = labels.final_demand_columns();
  const std::size_t block = labels.sector_count();
  const std::vector<double> x = table.read_vector("x");
  const std::vector<double> va = table.read_vector("VA");
  std::vector<std::string> row_labels(n), demand_labels(fd);
  for (std::size_t i = 0; i < n; ++i) row_labels[i] = csv_label(labels.row_label(i));
  for (std::size_t k = 0; k < fd; ++k) demand_labels[k] = csv_label(labels.final_demand_label(k));

  AtomicPath atomic(MPI_COMM_SELF, path);
  TextOutput out(atomic.temp_path(), path, path.ends_with(".gz"));
  out.buffer() += "row,column,value";
  out.end_line();
  Progress progress("export", static_cast<double>(n));
  for (std::size_t begin = 0; begin < n; begin += block) {
    const SparseRows z = table.read_intermediate_rows(begin, block);
    const std::vector<double> y = table.read_rows("Y", begin, block);
    for (std::size_t r = 0; r < block; ++r) {
      throw_if_interrupted();  // written by one rank: a local check
      progress.update(static_cast<double>(begin + r));
      const std::string& row = row_labels[begin + r];
      for (std::uint64_t k = z.offsets[r]; k < z.offsets[r + 1]; ++k) {
        if (z.values[k] != 0.0) add_cell(out, row, row_labels[z.columns[k]], z.values[k]);
      }
      for (std::size_t k = 0; k < fd; ++k) {
        if (y[r * fd + k] != 0.0) add_cell(out, row, demand_labels[k], y[r * fd + k]);
      }
      add_cell(out, row, "GO", x[begin + r]);
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    if (va[j] != 0.0) add_cell(out, "VA", row_labels[j], va[j]);
  }
  out.close();
  atomic.commit();
}

}  // namespace leontief::io
