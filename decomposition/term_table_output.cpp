#include "decomposition/term_table_output.hpp"

#include <filesystem>

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
  if (value == decomposition::kTotal) return "TOTAL";
  const auto i = static_cast<std::size_t>(value);
  return io::csv_field(column.kind == Kind::region   ? labels.regions[i]
                       : column.kind == Kind::sector ? labels.sectors[i]
                                                     : table.scenarios[i]);
}

bool has_scenario_key(const TermTable& table) {
  for (const auto& k : table.keys) {
    if (k.kind == decomposition::KeyColumn::Kind::scenario) return true;
  }
  return false;
}

}  // namespace

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

  std::vector<std::string> key_names;
  for (const auto& k : table.keys) key_names.push_back(k.name);
  result.create_group(table.name, {{"description", table.description},
                                   {"key_columns", join(key_names)},
                                   {"measures", join(table.measures)}});
  result.write_matrix(table.name + "/values", total, table.measures.size(), begin, local,
                      table.local_values, "one row per key (see keys)", join(table.measures),
                      table.description);
  const bool scenario_key = has_scenario_key(table);
  result.write_index_matrix(table.name + "/keys", total, table.keys.size(), begin, local,
                            table.local_keys, "one row per key",
                            join(key_names) + " as indices into /labels" +
                                (scenario_key ? " (scenario: into " + table.name + "/scenarios)"
                                              : "") +
                                " (-1: TOTAL)",
                            "row keys of values");
  if (scenario_key) result.write_labels(table.name + "/scenarios", table.scenarios);
  if (csv_directory.empty()) return nullptr;

  std::vector<std::string> header = key_names;
  header.insert(header.end(), table.measures.begin(), table.measures.end());
  auto csv = std::make_unique<io::TidyCsvWriter>(
      comm, (std::filesystem::path(csv_directory) / (table.name + ".csv")).string(), header);
  csv->write_rows([&](std::ostream& out) {
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
  });
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
