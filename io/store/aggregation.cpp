#include "io/store/aggregation.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "io/readers/reader_support.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::io {

Concordance read_concordance(const std::string& path) {
  csv::DelimitedReader reader(LineReader(path), ',');
  reader.set_column_names({"code", "group"});
  Concordance out;
  out.path = path;
  std::unordered_map<std::string, std::size_t> first_line;
  bool first = true;
  while (reader.next()) {
    if (reader.blank() || csv::trim(reader.raw(1)).starts_with("#")) continue;
    std::string code = reader.text(1);
    std::string group = reader.text(2);
    if (first) {
      first = false;
      std::string lower = code;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower == "code") continue;  // header line
    }
    if (reader.size() != 2) {
      reader.fail(std::min<std::size_t>(reader.size(), 2) + 1,
                  "expected two cells, code,group; found " + std::to_string(reader.size()));
    }
    if (code.empty()) reader.fail(1, "empty code");
    if (group.empty()) reader.fail(2, "empty group for code '" + code + "'");
    const auto [it, inserted] = first_line.emplace(code, reader.line_number());
    if (!inserted) {
      reader.fail(1, "code '" + code + "' is mapped twice (first on line " +
                         std::to_string(it->second) + ")");
    }
    out.codes.push_back(std::move(code));
    out.groups.push_back(std::move(group));
    out.lines.push_back(reader.line_number());
  }
  if (out.codes.empty()) throw InputError(path + ": no code,group lines");
  return out;
}

namespace {

/// Maps `codes` (the table's, after renaming) to groups in order of first appearance.
std::vector<std::size_t> group_codes(const std::vector<std::string>& codes,
                                     const std::string& concordance_path, bool keep_unmapped,
                                     const std::string& what, bool region,
                                     std::vector<std::string>& groups) {
  std::unordered_map<std::string, std::string> mapping;
  if (!concordance_path.empty()) {
    const Concordance concordance = read_concordance(concordance_path);
    for (std::size_t k = 0; k < concordance.codes.size(); ++k) {
      if (std::find(codes.begin(), codes.end(), concordance.codes[k]) == codes.end()) {
        throw InputError(input_location(
            concordance_path, "line " + std::to_string(concordance.lines[k]) + ", column 1",
            "unknown " + what + " code '" + concordance.codes[k] + "': the table has no such " +
                what));
      }
      if (region && concordance.groups[k].find('_') != std::string::npos) {
        throw InputError(input_location(
            concordance_path, "line " + std::to_string(concordance.lines[k]) + ", column 2",
            "region group '" + concordance.groups[k] +
                "' contains '_' (region codes may not: labels split at the first underscore)"));
      }
      mapping.emplace(concordance.codes[k], concordance.groups[k]);
    }
    std::vector<std::string> unmapped;
    for (const auto& code : codes) {
      if (!mapping.count(code) &&
          std::find(unmapped.begin(), unmapped.end(), code) == unmapped.end()) {
        unmapped.push_back(code);
      }
    }
    if (!unmapped.empty() && !keep_unmapped) {
      std::string list;
      for (std::size_t k = 0; k < unmapped.size() && k < 10; ++k)
        list += (k ? ", " : "") + unmapped[k];
      if (unmapped.size() > 10) list += ", ... (" + std::to_string(unmapped.size()) + " in all)";
      throw InputError(input_location(concordance_path, "",
                                      "unmapped " + what + " codes of the table: " + list +
                                          " (map each to a group, or give --keep_unmapped)"));
    }
  }
  std::vector<std::size_t> index(codes.size());
  std::unordered_map<std::string, std::size_t> group_index;
  groups.clear();
  for (std::size_t k = 0; k < codes.size(); ++k) {
    const auto it = mapping.find(codes[k]);
    const std::string& group = it == mapping.end() ? codes[k] : it->second;
    const auto [g, inserted] = group_index.emplace(group, groups.size());
    if (inserted) groups.push_back(group);
    index[k] = g->second;
  }
  return index;
}

}  // namespace

AggregationPlan plan_aggregation(const TableLabels& source, const AggregationOptions& options) {
  AggregationPlan plan;
  std::vector<std::string> regions = source.regions;
  if (options.merge_splits) {
    for (auto& region : regions) {
      const std::string parent = split_parent(region);
      if (!parent.empty()) region = parent;
    }
  }
  plan.region_group = group_codes(regions, options.regions, options.keep_unmapped, "region", true,
                                  plan.labels.regions);
  plan.sector_group = group_codes(source.sectors, options.sectors, options.keep_unmapped, "sector",
                                  false, plan.labels.sectors);
  plan.labels.final_demand_categories = source.final_demand_categories;
  return plan;
}

void aggregate_table(const TableFile& table, const AggregationPlan& plan, TableSink& sink,
                     const std::string& note, const std::string& input_file) {
  const TableLabels& in = table.labels();
  const TableLabels& out = plan.labels;
  const std::size_t N = in.sector_count(), n = in.n(), F = in.category_count();
  const std::size_t N2 = out.sector_count(), n2 = out.n(), fd = in.final_demand_columns(),
                    fd2 = out.final_demand_columns();
  std::vector<std::size_t> column_group(n), final_demand_group(fd);
  for (std::size_t j = 0; j < n; ++j) {
    column_group[j] = plan.region_group[j / N] * N2 + plan.sector_group[j % N];
  }
  for (std::size_t k = 0; k < fd; ++k) final_demand_group[k] = plan.region_group[k / F] * F + k % F;
  const std::vector<double> x = table.read_vector("x_published");
  const std::vector<double> va = table.read_vector("VA_published");
  std::vector<double> x2(n2, 0.0), va2(n2, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    x2[column_group[j]] += x[j];
    va2[column_group[j]] += va[j];
  }
  TableMetadata metadata = table.metadata();
  metadata.source += " (" + note + ")";
  metadata.input_file = input_file.empty() ? table.path() : input_file;
  sink.begin(out, metadata);
  std::vector<double> z2(N2 * n2), y2(N2 * fd2);
  for (std::size_t r2 = 0; r2 < out.region_count(); ++r2) {
    std::fill(z2.begin(), z2.end(), 0.0);
    std::fill(y2.begin(), y2.end(), 0.0);
    for (std::size_t r = 0; r < in.region_count(); ++r) {
      if (plan.region_group[r] != r2) continue;
      const std::vector<double> z = table.read_rows("Z", r * N, N);
      const std::vector<double> y = table.read_rows("Y", r * N, N);
      for (std::size_t s = 0; s < N; ++s) {
        double* zrow = z2.data() + plan.sector_group[s] * n2;
        double* yrow = y2.data() + plan.sector_group[s] * fd2;
        const double* zsrc = z.data() + s * n;
        const double* ysrc = y.data() + s * fd;
        for (std::size_t j = 0; j < n; ++j) zrow[column_group[j]] += zsrc[j];
        for (std::size_t k = 0; k < fd; ++k) yrow[final_demand_group[k]] += ysrc[k];
      }
    }
    for (std::size_t s2 = 0; s2 < N2; ++s2) {
      const std::size_t i2 = r2 * N2 + s2;
      sink.row(i2, std::span<const double>(z2.data() + s2 * n2, n2),
               std::span<const double>(y2.data() + s2 * fd2, fd2), x2[i2]);
    }
  }
  sink.finish(va2);
}

void aggregate_table_file(const std::string& input, const std::string& output,
                          const AggregationOptions& options, int compression_level) {
  TableFile table(MPI_COMM_SELF, input);
  const AggregationPlan plan = plan_aggregation(table.labels(), options);
  log::info("aggregating " + std::to_string(table.labels().region_count()) + " x " +
            std::to_string(table.labels().sector_count()) + " into " +
            std::to_string(plan.labels.region_count()) + " regions x " +
            std::to_string(plan.labels.sector_count()) + " sectors");
  TableStoreWriter writer(output, table.balanced(), compression_level);
  const bool merge_only =
      options.merge_splits && options.regions.empty() && options.sectors.empty();
  aggregate_table(table, plan, writer, merge_only ? "CN/MX splits merged" : "aggregated",
                  options.input_file);
  writer.commit();
}

}  // namespace leontief::io
