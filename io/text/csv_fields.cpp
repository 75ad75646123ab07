#include "io/text/csv_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "io/runtime/error.hpp"

namespace leontief::io::csv {

namespace {
constexpr std::size_t kExcerptLength = 40;  // longest cell text quoted in a message
}

// Plain loops, not find_first_not_of: cells are a few characters long, and a library call
// per cell took a third of the parse time.
std::string_view trim(std::string_view text, char delimiter) {
  std::size_t first = 0;
  std::size_t last = text.size();
  while (first < last && is_blank(text[first], delimiter)) ++first;
  while (last > first && is_blank(text[last - 1], delimiter)) --last;
  return text.substr(first, last - first);
}

std::string excerpt(std::string_view text) {
  // Built with append: GCC 12 warns falsely (-Wrestrict, bug 105651) on "'" + std::string.
  // A message is one line: tabs are shown as \t, other control characters (a newline in
  // a damaged file's name or label) as '?'.
  std::string out(1, '\'');
  for (const char c : text.substr(0, kExcerptLength)) {
    if (c == '\t') {
      out.append("\\t");
    } else {
      out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    }
  }
  out.append(text.size() > kExcerptLength ? "...'" : "'");
  return out;
}

std::string format_number(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

namespace {

FieldEnd find_quoted_field_end(std::string_view line, std::size_t quote, char delimiter) {
  std::size_t pos = quote + 1;
  for (;; pos += 2) {
    pos = line.find('"', pos);
    if (pos == std::string_view::npos) return {line.size(), FieldStatus::unterminated_quote};
    if (pos + 1 >= line.size() || line[pos + 1] != '"') break;  // not an escaped ""
  }
  for (++pos; pos < line.size() && is_blank(line[pos], delimiter); ++pos) {
  }
  if (pos < line.size() && line[pos] != delimiter) return {pos, FieldStatus::text_after_quote};
  return {pos, FieldStatus::ok};
}

}  // namespace

FieldEnd find_field_end(std::string_view line, std::size_t begin, char delimiter) {
  std::size_t pos = begin;
  while (pos < line.size() && is_blank(line[pos], delimiter)) ++pos;
  if (pos < line.size() && line[pos] == '"') return find_quoted_field_end(line, pos, delimiter);
  while (pos < line.size() && line[pos] != delimiter) ++pos;
  return {pos, FieldStatus::ok};
}

bool is_quoted(std::string_view trimmed) {
  return trimmed.size() >= 2 && trimmed.front() == '"' && trimmed.back() == '"';
}

std::string unquote(std::string_view raw, char delimiter) {
  const std::string_view text = trim(raw, delimiter);
  if (!is_quoted(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() - 2);
  for (std::size_t pos = 1; pos + 1 < text.size(); ++pos) {
    out += text[pos];
    if (text[pos] == '"') ++pos;  // skip the second quote of an escaped pair
  }
  return out;
}

bool is_empty_field(std::string_view raw, char delimiter) {
  std::string_view text = trim(raw, delimiter);
  if (is_quoted(text)) text = trim(text.substr(1, text.size() - 2), delimiter);
  return text.empty();
}

bool is_blank_row(std::string_view line, char delimiter) {
  // Field by field, so that quoted empty cells ("","") count as blank like unquoted ones.
  std::size_t begin = 0;
  for (;;) {
    const FieldEnd end = find_field_end(line, begin, delimiter);
    if (end.status != FieldStatus::ok) return false;
    const std::string_view field = line.substr(begin, end.pos - begin);
    if (!is_empty_field(field, delimiter) && !std::all_of(field.begin(), field.end(), [](char c) {
          return c == ' ' || c == '\t';
        })) {
      return false;
    }
    if (end.pos >= line.size()) return true;
    begin = end.pos + 1;
  }
}

FieldStatus split(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t begin = 0;
  for (;;) {
    const FieldEnd end = find_field_end(line, begin, delimiter);
    if (end.status != FieldStatus::ok) return end.status;
    fields.push_back(line.substr(begin, end.pos - begin));
    if (end.pos == line.size()) return FieldStatus::ok;
    begin = end.pos + 1;
  }
}

std::string describe(FieldStatus status) {
  switch (status) {
    case FieldStatus::unterminated_quote:
      return "unterminated quoted field";
    case FieldStatus::text_after_quote:
      return "unexpected text after the closing quote";
    case FieldStatus::ok:
      break;
  }
  return "malformed field";
}

NumberStatus parse_number(std::string_view raw, double& value, char delimiter) {
  std::string_view text = trim(raw, delimiter);
  if (is_quoted(text)) text = trim(text.substr(1, text.size() - 2), delimiter);
  if (text.empty()) return NumberStatus::empty;
  const char* first = text.data();
  const char* last = first + text.size();
  if (*first == '+' && text.size() > 1 && first[1] != '-') ++first;  // from_chars rejects '+'
  const auto [end, error] = std::from_chars(first, last, value);
  if (error == std::errc::result_out_of_range) return NumberStatus::out_of_range;
  if (error != std::errc() || end != last) return NumberStatus::not_a_number;
  if (!std::isfinite(value)) return NumberStatus::not_finite;
  return NumberStatus::ok;
}

std::string describe(NumberStatus status, std::string_view raw) {
  const std::string_view text = trim(raw, '\0');
  switch (status) {
    case NumberStatus::empty:
      return "empty cell";
    case NumberStatus::out_of_range:
      return "number out of range " + excerpt(text);
    case NumberStatus::not_a_number:
      return "non-numeric cell " + excerpt(text);
    case NumberStatus::not_finite:
      return "non-finite value " + excerpt(text);
    case NumberStatus::ok:
      break;
  }
  return "bad number " + excerpt(text);
}

// ------------------------------------------------------------------ DelimitedReader

DelimitedReader::DelimitedReader(LineReader reader, char delimiter)
    : reader_(std::move(reader)), delimiter_(delimiter) {}

bool DelimitedReader::next() {
  if (!reader_.next(line_)) {
    fields_.clear();
    return false;
  }
  const FieldStatus status = split(line_, delimiter_, fields_);
  if (status != FieldStatus::ok) fail(fields_.size() + 1, describe(status));
  return true;
}

std::string_view DelimitedReader::raw(std::size_t column) const {
  return column >= 1 && column <= fields_.size() ? fields_[column - 1] : std::string_view();
}

std::string DelimitedReader::text(std::size_t column) const {
  return unquote(raw(column), delimiter_);
}

double DelimitedReader::number(std::size_t column) const {
  double value = 0;
  if (column > fields_.size()) {
    fail(fields_.size() + 1,
         "the row ends after " + std::to_string(fields_.size()) + " cells; expected a number");
  }
  const NumberStatus status = parse_number(fields_[column - 1], value, delimiter_);
  if (status != NumberStatus::ok) fail(column, describe(status, fields_[column - 1]));
  return value;
}

double DelimitedReader::number_or_zero(std::size_t column) const {
  if (column > fields_.size() || is_empty_field(fields_[column - 1], delimiter_)) return 0.0;
  return number(column);
}

std::string DelimitedReader::place(std::size_t line, std::size_t column) const {
  std::string place = "line " + std::to_string(line);
  if (column > 0) {
    place += ", column " + std::to_string(column);
    if (column <= column_names_.size() && !column_names_[column - 1].empty()) {
      place += " (" + column_names_[column - 1] + ")";
    }
  }
  return input_location(reader_.path(), place, "");
}

void DelimitedReader::fail(std::size_t column, const std::string& message) const {
  fail_at(reader_.line_number(), column, message);
}

void DelimitedReader::fail_at(std::size_t line, std::size_t column,
                              const std::string& message) const {
  throw InputError(place(line, column) + message);
}

void DelimitedReader::fail_at_end(const std::string& message) const {
  const std::string place = "line " + std::to_string(reader_.line_number() + 1) + " (end of file)";
  throw InputError(input_location(reader_.path(), place, message));
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first != std::string_view::npos) out.emplace_back(item.substr(first, last - first + 1));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace leontief::io::csv
