#include "decomposition/term_table_output.hpp"

#include <filesystem>
#include <span>

#include "io/results/tidy_csv.hpp"
#include "io/runtime/error.hpp"

namespace leontief::decomposition {

namespace {

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

std::string key_text(const io::TableLabels& labels, const TermTable& table,
                     const decomposition::KeyColumn& column, long value) {
  using Kind = decomposition::KeyColumn::Kind;
  if (column.kind == Kind::year) return std::to_string(value);
  if (value == decomposition::kTotal) return "TOTAL";
  const auto i = static_cast<std::size_t>(value);
  return io::csv_field(column.kind == Kind::region   ? labels.regions[i]
                       : column.kind == Kind::sector ? labels.sectors[i]
                                                     : table.scenarios[i]);
}

bool has_key(const TermTable& table, KeyColumn::Kind kind) {
  for (const auto& k : table.keys) {
    if (k.kind == kind) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> key_names(const TermTable& table) {
  std::vector<std::string> names;
  for (const auto& k : table.keys) names.push_back(k.name);
  return names;
}

std::string key_meaning(const TermTable& table) {
  const bool year = has_key(table, KeyColumn::Kind::year);
  const bool scenario = has_key(table, KeyColumn::Kind::scenario);
  return join(key_names(table)) + (year ? " (year: calendar year; the others" : "") +
         " as indices into /labels" +
         (scenario ? " (scenario: into " + table.name + "/scenarios)" : "") + (year ? ")" : "") +
         " (-1: TOTAL)";
}

void write_csv_rows(std::ostream& out, const io::TableLabels& labels, const TermTable& table) {
  std::string line;
  const std::size_t nk = table.keys.size(), nm = table.measures.size();
  for (std::size_t r = 0; r < table.local_rows(); ++r) {
    line.clear();
    for (std::size_t k = 0; k < nk; ++k) {
      line += (k ? "," : "") + key_text(labels, table, table.keys[k], table.local_keys[r * nk + k]);
    }
    for (std::size_t m = 0; m < nm; ++m) {
      line += ',';
      io::append_number(line, table.local_values[r * nm + m]);
    }
    line += '\n';
    out << line;
  }
}

std::string kind_name(KeyColumn::Kind kind) {
  switch (kind) {
    case KeyColumn::Kind::region:
      return "region";
    case KeyColumn::Kind::sector:
      return "sector";
    case KeyColumn::Kind::scenario:
      return "scenario";
    case KeyColumn::Kind::year:
      return "year";
  }
  return "region";
}

void create_term_table(io::ResultFile& result, const TermTable& table, std::size_t rows) {
  std::vector<std::string> kinds;
  for (const auto& k : table.keys) kinds.push_back(kind_name(k.kind));
  result.create_group(table.name, {{"description", table.description},
                                   {"key_columns", join(key_names(table))},
                                   {"key_kinds", join(kinds)},
                                   {"measures", join(table.measures)}});
  result.create_matrix(table.name + "/values", rows, table.measures.size(), false,
                       "one row per key (see keys)", join(table.measures), table.description);
  result.create_matrix(table.name + "/keys", rows, table.keys.size(), true, "one row per key",
                       key_meaning(table), "row keys of values");
}

void write_term_table_rows(io::ResultFile& result, const TermTable& table, std::size_t begin) {
  const std::size_t rows = table.local_rows();
  result.write_rows(table.name + "/values", begin, rows, std::span<const double>(table.local_values));
  result.write_rows(table.name + "/keys", begin, rows, std::span<const long>(table.local_keys));
}

std::unique_ptr<io::TidyCsvWriter> write_term_table(MPI_Comm comm, io::ResultFile& result,
                                                    const std::string& csv_directory,
                                                    const io::TableLabels& labels,
                                                    const TermTable& table) {
  const unsigned long long local = table.local_rows();
  unsigned long long begin = 0, total = 0;
  LEONTIEF_CHECK_MPI(MPI_Exscan(&local, &begin, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm));
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) begin = 0;  // MPI_Exscan leaves rank 0's result undefined
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&local, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, comm));
  create_term_table(result, table, total);
  write_term_table_rows(result, table, begin);
  if (has_key(table, KeyColumn::Kind::scenario)) {
    result.write_labels(table.name + "/scenarios", table.scenarios);
  }
  if (csv_directory.empty()) return nullptr;

  std::vector<std::string> header = key_names(table);
  header.insert(header.end(), table.measures.begin(), table.measures.end());
  auto csv = std::make_unique<io::TidyCsvWriter>(
      comm, (std::filesystem::path(csv_directory) / (table.name + ".csv")).string(), header);
  csv->write_rows([&](std::ostream& out) { write_csv_rows(out, labels, table); });
  return csv;
}

void write_term_tables(MPI_Comm comm, io::ResultFile& result, const std::string& csv_directory,
                       const io::TableLabels& labels,
                       const std::vector<TermTable>& tables) {
  std::vector<std::unique_ptr<io::TidyCsvWriter>> csvs;
  csvs.reserve(tables.size());
  for (const auto& t : tables) csvs.push_back(write_term_table(comm, result, csv_directory, labels, t));
  result.close();
  // Everything is complete: only now replace older results.
  result.commit();
  for (auto& c : csvs) {
    if (c) c->commit();
  }
}

}  // namespace leontief::decomposition
