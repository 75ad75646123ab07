#pragma once
/// @file csv_fields.hpp
/// @brief Field-level parsing shared by every delimited-text reader (comma- or
/// tab-separated): splitting a line into fields (quoted fields with "" escapes), trimming,
/// unquoting, strict number parsing, and the error-reporting reader every table reader
/// uses to name the file, line and column of a problem.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "io/text/line_reader.hpp"

namespace leontief::io::csv {

/// Blanks trimmed around fields: spaces, and tabs unless the tab is the delimiter.
inline bool is_blank(char c, char delimiter = ',') {
  return c == ' ' || (c == '\t' && delimiter != '\t');
}

/// `text` without leading and trailing blanks.
std::string_view trim(std::string_view text, char delimiter = ',');

/// Cell text for an error message, quoted and shortened, on one line (tabs shown as \t,
/// other control characters as '?').
std::string excerpt(std::string_view text);

/// Shortest text that reads back as the same double (std::to_chars).
std::string format_number(double value);

enum class FieldStatus { ok, unterminated_quote, text_after_quote };

struct FieldEnd {
  std::size_t pos;  ///< index of the delimiter ending the field, or the line size
  FieldStatus status;
};

/// Finds the end of the raw field starting at `begin`. A field whose first non-blank
/// character is '"' is quoted: it may contain delimiters and "" escapes; only blanks may
/// follow its closing quote. Fields spanning lines are not supported.
FieldEnd find_field_end(std::string_view line, std::size_t begin, char delimiter = ',');

bool is_quoted(std::string_view trimmed);

/// The text of a raw field: blanks trimmed, quotes removed, "" escapes undone.
std::string unquote(std::string_view raw, char delimiter = ',');

/// A field with nothing but blanks, quoted or not ("" and " " read like an empty cell).
bool is_empty_field(std::string_view raw, char delimiter = ',');

/// A line of empty fields (quoted or not): spreadsheets append such rows.
bool is_blank_row(std::string_view line, char delimiter = ',');

/// Splits `line` into raw fields (views into the line). On a malformed quoted field
/// returns its status, and `fields.size()` is the 0-based index of the bad field.
FieldStatus split(std::string_view line, char delimiter, std::vector<std::string_view>& fields);

/// Message for a split failure ("unterminated quoted field", ...).
std::string describe(FieldStatus status);

enum class NumberStatus { ok, empty, out_of_range, not_a_number, not_finite };

/// Parses a raw field as a finite double (blanks and quotes removed, leading '+' allowed).
NumberStatus parse_number(std::string_view raw, double& value, char delimiter = ',');

/// Message for a number failure, quoting the cell ("non-numeric cell 'abc'", ...).
std::string describe(NumberStatus status, std::string_view raw);

/// @brief A delimited text file read one record at a time, with errors that name the file,
/// line and column (and the column's header label when one was set).
class DelimitedReader {
 public:
  DelimitedReader(LineReader reader, char delimiter);

  /// Reads and splits the next line; false at end of file.
  /// @throws InputError for malformed quoted fields.
  bool next();

  std::size_t size() const { return fields_.size(); }
  /// Raw text of 1-based column `column` (empty view past the end of the row).
  std::string_view raw(std::size_t column) const;
  /// Unquoted, trimmed text of column `column` (empty past the end of the row).
  std::string text(std::size_t column) const;
  /// Finite number in column `column`. @throws InputError naming the place.
  double number(std::size_t column) const;
  /// As number(), but an empty (or missing) cell reads as 0, as spreadsheets write zeros.
  double number_or_zero(std::size_t column) const;
  /// The current line as read (for messages that quote it).
  std::string_view line() const { return line_; }
  /// Whether the current line holds only delimiters and blanks.
  bool blank() const { return is_blank_row(line_, delimiter_); }

  /// 1-based number of the current line.
  std::size_t line_number() const { return reader_.line_number(); }
  const std::string& path() const { return reader_.path(); }
  char delimiter() const { return delimiter_; }

  /// Header labels, by 1-based column, quoted in messages after the column number.
  void set_column_names(std::vector<std::string> names) { column_names_ = std::move(names); }

  /// "<path>: line L, column C (label): " for messages that are not thrown (warnings).
  std::string place(std::size_t line, std::size_t column) const;
  std::string place(std::size_t column) const { return place(line_number(), column); }

  /// @throws InputError "<path>: line L, column C (label): message" (column 0: no column).
  [[noreturn]] void fail(std::size_t column, const std::string& message) const;
  /// Same, for a given line.
  [[noreturn]] void fail_at(std::size_t line, std::size_t column, const std::string& message) const;
  /// @throws InputError "<path>: line L (end of file): message".
  [[noreturn]] void fail_at_end(const std::string& message) const;

 private:
  LineReader reader_;
  char delimiter_;
  std::string_view line_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> column_names_;
};

/// Items of a comma-separated list (an option value such as `a, b,c`), trimmed of blanks;
/// empty items are dropped.
std::vector<std::string> split_list(std::string_view text);

}  // namespace leontief::io::csv
