#include "io/results/wide_csv_writer.hpp"

#include "io/results/text_output.hpp"
#include "io/runtime/atomic_path.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/interrupt.hpp"
#include "io/runtime/progress.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::io {

namespace {

}  // namespace

std::string csv_label(const std::string& text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
                     (!text.empty() && (csv::is_blank(text.front()) || csv::is_blank(text.back())));
  if (!quote) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

void append_number(std::string& out, double value) {
  out += ',';
  out += csv::format_number(value);
}

}  // namespace

double estimate_wide_csv_bytes(const TableFile& table, bool compressed) {
  const double n = static_cast<double>(table.labels().n());
  const double cells = (n + 2.0) * (n + static_cast<double>(table.labels().final_demand_columns()) + 1.0);
  // A dense Z counts as all nonzero (its nonzeros are not known before reading it).
  const double nonzeros =
      table.sparse_intermediate() ? static_cast<double>(table.intermediate_nonzeros()) + 4.0 * n
                                  : cells;
  // Plain: ",0" per zero cell, about 20 bytes per number; gzip: zeros nearly vanish.
  return compressed ? 0.01 * (cells - nonzeros) + 8.0 * nonzeros
                    : 2.0 * (cells - nonzeros) + 20.0 * nonzeros;
}

void write_wide_csv(const TableFile& table, const std::string& path) {
  const TableLabels& labels = table.labels();
  const std::size_t n = labels.n();
  const std::size_t fd = labels.final_demand_columns();
  const std::size_t block = labels.sector_count();
  const std::vector<double> x = table.read_vector("x");
  const std::vector<double> va = table.read_vector("VA");
  AtomicPath atomic(MPI_COMM_SELF, path);
  TextOutput out(atomic.temp_path(), path, path.ends_with(".gz"));
  std::string& line = out.buffer();
  for (std::size_t j = 0; j < n; ++j) line += "," + csv_label(labels.row_label(j));
  for (std::size_t k = 0; k < fd; ++k) line += "," + csv_label(labels.final_demand_label(k));
  line += ",GO";
  out.end_line();
  Progress progress("export", static_cast<double>(n));
  for (std::size_t begin = 0; begin < n; begin += block) {
    const std::vector<double> z = table.read_rows("Z", begin, block);
    const std::vector<double> y = table.read_rows("Y", begin, block);
    for (std::size_t r = 0; r < block; ++r) {
      throw_if_interrupted();  // written by one rank: a local check
      progress.update(static_cast<double>(begin + r));
      line += csv_label(labels.row_label(begin + r));
      for (std::size_t j = 0; j < n; ++j) append_number(line, z[r * n + j]);
      for (std::size_t k = 0; k < fd; ++k) append_number(line, y[r * fd + k]);
      append_number(line, x[begin + r]);
      out.end_line();
    }
  }
  line += "VA";
  for (std::size_t j = 0; j < n; ++j) append_number(line, va[j]);
  out.end_line();
  line += "GO";
  for (std::size_t j = 0; j < n; ++j) append_number(line, x[j]);
  out.end_line();
  out.close();
  atomic.commit();
}

}  // namespace leontief::io
