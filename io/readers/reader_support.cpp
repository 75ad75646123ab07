#include "io/readers/reader_support.hpp"

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/input_files.hpp"
#include "io/text/xlsx_workbook.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace leontief::io {

bool is_csv_or_xlsx_name(std::string_view name) {
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.ends_with(".csv") || lower.ends_with(".csv.gz") || lower.ends_with(".xlsx");
}

XlsxWorkbook open_workbook(const InputFiles& files, const std::string& entry) {
  if (files.is_archive()) return XlsxWorkbook(files.read_bytes(entry), files.display_name(entry));
  return XlsxWorkbook(files.display_name(entry));
}

LineReader open_table_entry(const InputFiles& files, const std::string& entry) {
  if (!is_xlsx_name(entry)) return files.open(entry);
  const XlsxWorkbook workbook = open_workbook(files, entry);
  const auto sheets = workbook.sheet_names();
  if (sheets.empty()) throw InputError(input_location(workbook.name(), "", "the workbook has no sheets"));
  return workbook.open_sheet(sheets.front());
}

void fail_layout(const csv::DelimitedReader& reader, std::size_t line, std::size_t column,
                 std::string_view text, const std::string& layout, const std::string& expected,
                 const std::string& problem) {
  reader.fail_at(line, column, "not the " + layout + " layout (" + expected + "): " + problem +
                              "; the line holds " + csv::excerpt(text));
}

void fail_layout(const csv::DelimitedReader& reader, std::size_t column, const std::string& layout,
                 const std::string& expected, const std::string& problem) {
  fail_layout(reader, reader.line_number(), column, reader.line(), layout, expected, problem);
}

bool totals_agree(double published, double computed, double rounding) {
  if (!std::isfinite(published) || !std::isfinite(computed)) return false;
  const double scale = std::max({std::abs(published), std::abs(computed), 1.0});
  return std::abs(published - computed) <= kTotalsTolerance * scale + rounding;
}

void TotalsCheck::disagree(double published, double computed, const std::string& where_and_what) {
  if (!tolerate_) throw InputError(where_and_what);
  ++count_;
  const double scale = std::max({std::abs(published), std::abs(computed), 1.0});
  const double gap = std::isfinite(published - computed) ? std::abs(published - computed) / scale
                                                         : std::numeric_limits<double>::infinity();
  if (gap > worst_) {
    worst_ = gap;
    worst_message_ = where_and_what;
  }
}

void TotalsCheck::report(const std::string& what) const {
  if (count_ == 0) return;
  log::warn(what + ": " + std::to_string(count_) +
            " published total(s) disagree with the flows; --balance re-derives x and VA. "
            "Worst: " + worst_message_);
}

std::optional<std::string> output_row_problem(double published, double x, double inputs,
                                              const std::string& row_label) {
  if (!totals_agree(published, x)) {
    return "output row value " + csv::format_number(published) +
           " disagrees with the gross output " + csv::format_number(x) + " of row '" +
           row_label + "'";
  }
  if (!totals_agree(published, inputs)) {
    return "output row value " + csv::format_number(published) +
           " disagrees with intermediate inputs plus value added " + csv::format_number(inputs);
  }
  return std::nullopt;
}

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::optional<LabelPair> split_label(const std::string& label) {
  const auto underscore = label.find('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == label.size()) {
    return std::nullopt;
  }
  return LabelPair{label.substr(0, underscore), label.substr(underscore + 1)};
}

namespace {

std::optional<GridProblem> check_region_code(const std::string& region, std::size_t cell) {
  if (region.empty()) return GridProblem{cell, "empty region code"};
  if (region.find('_') != std::string::npos) {
    return GridProblem{cell, "region code '" + region +
                                 "' contains '_' (not allowed: labels "
                                 "REGION_SECTOR split at the first underscore)"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<GridProblem> build_sector_grid(const std::vector<LabelPair>& cells,
                                             std::vector<std::string>& regions,
                                             std::vector<std::string>& sectors,
                                             std::vector<std::size_t>& position) {
  regions.clear();
  sectors.clear();
  std::unordered_map<std::string, std::size_t> region_index, sector_index;
  std::vector<std::vector<std::size_t>> seen;  // per region: cell of each sector (+1), 0 none
  std::vector<std::pair<std::size_t, std::size_t>> coordinates(cells.size());
  if (cells.empty()) return GridProblem{0, "no intermediate (REGION_SECTOR) columns"};
  const std::string& first_region = cells.front().region;
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const LabelPair& cell = cells[k];
    if (auto problem = check_region_code(cell.region, k)) return problem;
    if (cell.item.empty()) return GridProblem{k, "empty sector code"};
    auto [r, new_region] = region_index.try_emplace(cell.region, regions.size());
    if (new_region) {
      regions.push_back(cell.region);
      seen.emplace_back();
    }
    if (cell.region == first_region) {
      auto [s, new_sector] = sector_index.try_emplace(cell.item, sectors.size());
      if (new_sector) sectors.push_back(cell.item);
    }
    const auto s = sector_index.find(cell.item);
    if (s == sector_index.end()) {
      return GridProblem{k, "sector '" + cell.item + "' of region '" + cell.region +
                                "' is not among the sectors of region '" + first_region +
                                "' (every region must have the same sectors)"};
    }
    auto& region_seen = seen[r->second];
    if (region_seen.size() <= s->second) region_seen.resize(s->second + 1, 0);
    if (region_seen[s->second] != 0) {
      return GridProblem{k, "'" + cell.region + "_" + cell.item + "' appears twice"};
    }
    region_seen[s->second] = k + 1;
    coordinates[k] = {r->second, s->second};
  }
  const std::size_t N = sectors.size();
  for (std::size_t r = 0; r < regions.size(); ++r) {
    for (std::size_t s = 0; s < N; ++s) {
      if (s >= seen[r].size() || seen[r][s] == 0) {
        return GridProblem{cells.size(), "region '" + regions[r] + "' has no column for sector '" +
                                             sectors[s] + "' (every region must have the same " +
                                             std::to_string(N) + " sectors)"};
      }
    }
  }
  position.resize(cells.size());
  for (std::size_t k = 0; k < cells.size(); ++k) {
    position[k] = coordinates[k].first * N + coordinates[k].second;
  }
  return std::nullopt;
}

std::optional<GridProblem> build_category_grid(
    const std::vector<LabelPair>& cells, const std::vector<std::string>& regions,
    std::vector<std::string>& categories, std::vector<std::size_t>& position,
    const std::function<bool(const std::string&)>& may_lack) {
  categories.clear();
  std::unordered_map<std::string, std::size_t> region_index, category_index;
  for (std::size_t r = 0; r < regions.size(); ++r) region_index.emplace(regions[r], r);
  if (cells.empty()) return GridProblem{0, "no final-demand columns"};
  for (const auto& cell : cells) {
    if (category_index.try_emplace(cell.item, categories.size()).second) {
      categories.push_back(cell.item);
    }
  }
  const std::size_t F = categories.size();
  std::vector<std::vector<std::size_t>> seen(regions.size(), std::vector<std::size_t>(F, 0));
  position.resize(cells.size());
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const auto r = region_index.find(cells[k].region);
    if (r == region_index.end()) {
      return GridProblem{k, "final-demand column of region '" + cells[k].region +
                                "', which has no intermediate columns"};
    }
    const std::size_t f = category_index.at(cells[k].item);
    if (seen[r->second][f] != 0) {
      return GridProblem{k, "'" + cells[k].region + "_" + cells[k].item + "' appears twice"};
    }
    seen[r->second][f] = k + 1;
    position[k] = r->second * F + f;
  }
  for (std::size_t r = 0; r < regions.size(); ++r) {
    const auto present =
        std::count_if(seen[r].begin(), seen[r].end(), [](std::size_t v) { return v != 0; });
    if (present == 0 && may_lack && may_lack(regions[r])) continue;
    for (std::size_t f = 0; f < F; ++f) {
      if (seen[r][f] == 0) {
        return GridProblem{cells.size(), "region '" + regions[r] +
                                             "' has no final-demand column for category '" +
                                             categories[f] + "'"};
      }
    }
  }
  return std::nullopt;
}

std::string split_parent(const std::string& region) {
  if (region.size() < 3) return "";
  if (!std::all_of(region.begin() + 2, region.end(),
                   [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return "";
  }
  const std::string prefix = region.substr(0, 2);
  if (prefix == "CN") return "CHN";
  if (prefix == "MX") return "MEX";
  return "";
}

}  // namespace leontief::io
