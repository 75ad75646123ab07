#include "io/readers/pymrio_matrix.hpp"

#include <regex>

#include "io/runtime/error.hpp"

namespace leontief::io {

namespace {

constexpr std::size_t kMaxExtraHeaderRows = 2;  // the index-names row (and a spare)

std::string whole_text(LineReader reader) {
  std::string text;
  std::string_view line;
  while (reader.next(line)) text.append(line).push_back('\n');
  return text;
}

}  // namespace

std::map<std::string, PymrioShape> read_file_parameters(const InputFiles& files,
                                                         const std::string& entry) {
  std::map<std::string, PymrioShape> shapes;
  const auto& entries = files.entries();
  if (!std::binary_search(entries.begin(), entries.end(), entry)) return shapes;
  const std::string text = whole_text(files.open(entry));
  // pymrio writes {"files": {"Z": {"name": "Z.txt", "nr_index_col": "2", "nr_header": "2"}, ...}}:
  // every innermost object describes one file.
  static const std::regex object(R"(\{[^{}]*\})");
  static const std::regex name(R"rx("name"\s*:\s*"([^"]*)")rx");
  static const std::regex index_columns(R"rx("nr_index_col"\s*:\s*"?([0-9]+)"?)rx");
  static const std::regex header_rows(R"rx("nr_header"\s*:\s*"?([0-9]+)"?)rx");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), object);
       it != std::sregex_iterator(); ++it) {
    const std::string body = it->str();
    std::smatch n, i, h;
    if (!std::regex_search(body, n, name)) continue;
    if (!std::regex_search(body, i, index_columns) || !std::regex_search(body, h, header_rows)) {
      throw InputError(input_location(files.display_name(entry), "",
                                      "the entry of " + csv::excerpt(n[1].str()) +
                                          " lacks nr_index_col or nr_header (pymrio's "
                                          "file_parameters.json)"));
    }
    const auto columns = static_cast<std::size_t>(std::stoul(i[1].str()));
    const auto levels = static_cast<std::size_t>(std::stoul(h[1].str()));
    if (columns == 0 || levels == 0 || columns > 8 || levels > 8) {
      throw InputError(input_location(files.display_name(entry), "",
                                      "implausible nr_index_col/nr_header for " +
                                          csv::excerpt(n[1].str())));
    }
    shapes[n[1].str()] = PymrioShape{columns, levels};
  }
  return shapes;
}

PymrioMatrix::PymrioMatrix(LineReader reader, PymrioShape shape, std::vector<std::string> levels)
    : reader_(std::move(reader), '\t'), shape_(shape) {
  const std::string expected =
      "not the EXIOBASE 3 layout (pymrio text matrix: " + std::to_string(levels.size()) +
      " header rows naming the column levels, then index labels and values); expected line ";
  for (std::size_t k = 0; k < levels.size(); ++k) {
    if (!reader_.next()) reader_.fail_at_end("the file ends in its header");
    const std::string first = reader_.text(1);
    if (first != levels[k] || reader_.size() <= shape_.index_columns) {
      std::string line;
      for (std::size_t c = 1; c <= reader_.size() && c <= 4; ++c) {
        line += (c > 1 ? "\t" : "") + reader_.text(c);
      }
      reader_.fail(0, expected + std::to_string(k + 1) + " to start with '" + levels[k] +
                          "' and " + std::to_string(shape_.index_columns) +
                          " index columns, found " + csv::excerpt(line));
    }
    std::vector<std::string> labels;
    for (std::size_t c = shape_.index_columns + 1; c <= reader_.size(); ++c) {
      labels.push_back(reader_.text(c));
    }
    if (!columns_.empty() && labels.size() != columns_.front().size()) {
      reader_.fail(reader_.size() + 1, "header row has " + std::to_string(labels.size()) +
                                           " labels, the one above " +
                                           std::to_string(columns_.front().size()));
    }
    columns_.push_back(std::move(labels));
  }
  // The row of index names (region, sector) that pandas writes, then the first data row.
  for (std::size_t extra = 0;; ++extra) {
    if (!reader_.next()) reader_.fail_at_end("no data rows after the header");
    double value = 0;
    if (csv::parse_number(reader_.raw(shape_.index_columns + 1), value, '\t') ==
            csv::NumberStatus::ok ||
        (extra > 0 && !reader_.text(1).empty())) {
      break;
    }
    if (extra == kMaxExtraHeaderRows) {
      reader_.fail(shape_.index_columns + 1, "no numeric data row after the header");
    }
  }
  pending_ = true;
}

bool PymrioMatrix::next_row() {
  if (pending_) {
    pending_ = false;
    return true;
  }
  while (reader_.next()) {
    if (!reader_.blank()) return true;
  }
  return false;
}

void PymrioMatrix::check_width() const {
  const std::size_t cells = shape_.index_columns + value_columns();
  if (reader_.size() != cells) {
    reader_.fail(std::min(reader_.size(), cells) + 1,
                 "expected " + std::to_string(cells) + " cells (index labels and " +
                     std::to_string(value_columns()) + " values), found " +
                     std::to_string(reader_.size()));
  }
}

}  // namespace leontief::io
