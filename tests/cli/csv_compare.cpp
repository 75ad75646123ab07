/// @file csv_compare.cpp
/// @brief `leontief_csv_compare A.csv B.csv --keys N [--rtol R] [--atol T] [--na COLUMNS]`:
/// compares two tidy CSV files (same header; rows matched by their first N columns, in any
/// order; the other columns numeric). Values a, b agree when both are finite and
/// |a − b| <= atol + rtol·max(|a|, |b|) (tests/agreement.hpp). "NA" (or NaN) is a failure
/// wherever a number is expected; only in the columns listed by --na, where the method
/// documents NA (a share with a zero denominator), does NA agree with NA at the same key.
/// Infinities always fail. A comparison of no values fails. Prints the counts (NA positions
/// included), the worst difference and where it occurs.
///
/// Exit status: 0 all values agree, 1 some value differs, a key is missing from one file or
/// nothing was compared, 2 usage or format error (unreadable file, different headers, ragged
/// or duplicate rows, non-numeric value, --na naming no column). Plain C++20, no MPI: used by
/// the CLI regression tests (tests/cli).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "tests/agreement.hpp"

namespace {

using leontief::test::Agreement;
using leontief::test::NanRule;
using leontief::test::Tolerance;

constexpr int kAgree = 0;
constexpr int kDiffer = 1;
constexpr int kUsage = 2;
constexpr std::size_t kMissingKeysShown = 5;

/// Usage or format problem: reported as "leontief_csv_compare: <what>", exit 2.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void print_usage(std::ostream& out) {
  out << "usage: leontief_csv_compare A.csv B.csv --keys N [--rtol R] [--atol T] [--na COLUMNS]\n\n"
         "Compares two tidy CSV files with the same header. Rows are matched by their first N\n"
         "columns (order-independent); the other columns must be numbers or NA. Values a, b\n"
         "agree when both are finite and |a-b| <= atol + rtol*max(|a|,|b|) (defaults: rtol\n"
         "1e-9, atol 0). NA fails wherever a number is expected; in the comma-separated\n"
         "--na COLUMNS (documented NA, e.g. shares with a zero denominator) NA agrees with NA.\n"
         "Infinities always fail; comparing no values fails.\n"
         "Exit status: 0 all agree, 1 a value differs, a key is missing or nothing was\n"
         "compared, 2 usage/format error.\n";
}

/// Splits one CSV line into fields: RFC 4180 quoting ("" escapes), fields within one line.
std::vector<std::string> split_csv(std::string_view line, const std::string& where) {
  std::vector<std::string> fields;
  std::string field;
  std::size_t pos = 0;
  for (;;) {
    field.clear();
    if (pos < line.size() && line[pos] == '"') {
      ++pos;
      for (;;) {
        if (pos >= line.size()) throw FormatError(where + ": unterminated quoted field");
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field += '"';
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        field += line[pos++];
      }
      if (pos < line.size() && line[pos] != ',') {
        throw FormatError(where + ": text after a closing quote");
      }
    } else {
      const std::size_t end = std::min(line.find(',', pos), line.size());
      field.assign(line.substr(pos, end - pos));
      pos = end;
    }
    fields.push_back(field);
    if (pos >= line.size()) return fields;
    ++pos;  // the comma
  }
}

/// A CSV key (the first N fields) printed back as CSV text.
std::string join_key(const std::vector<std::string>& fields, std::size_t keys) {
  std::string out;
  for (std::size_t k = 0; k < keys; ++k) {
    if (k) out += ',';
    const std::string& f = fields[k];
    if (f.find_first_of(",\"") == std::string::npos) {
      out += f;
    } else {
      out += '"';
      for (char c : f) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
  }
  return out;
}

struct Row {
  std::vector<double> values;  ///< NA: NaN
  std::size_t line = 0;
};

struct Table {
  std::vector<std::string> header;
  std::map<std::string, Row> rows;  ///< by joined key
};

/// A number, or NaN for "NA" (and "nan"); infinities are kept (and fail the comparison).
double parse_value(const std::string& text, const std::string& where) {
  std::string_view t(text);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t == "NA") return std::numeric_limits<double>::quiet_NaN();
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || error != std::errc() || end != t.data() + t.size()) {
    throw FormatError(where + ": not a number or NA: '" + text + "'");
  }
  return value;  // "nan" is NA as well
}

Table read_table(const std::string& path, std::size_t keys) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FormatError(path + ": cannot open");
  Table table;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = path + ": line " + std::to_string(number);
    if (number == 1) {
      table.header = split_csv(line, where);
      if (table.header.size() <= keys) {
        throw FormatError(where + ": header has " + std::to_string(table.header.size()) +
                          " columns; need more than --keys " + std::to_string(keys));
      }
      continue;
    }
    if (line.empty()) continue;  // a blank last line
    const auto fields = split_csv(line, where);
    if (fields.size() != table.header.size()) {
      throw FormatError(where + ": " + std::to_string(fields.size()) + " fields, header has " +
                        std::to_string(table.header.size()));
    }
    Row row;
    row.line = number;
    for (std::size_t c = keys; c < fields.size(); ++c) {
      row.values.push_back(parse_value(fields[c], where + ", column " + table.header[c]));
    }
    const std::string key = join_key(fields, keys);
    const auto [it, inserted] = table.rows.emplace(key, std::move(row));
    if (!inserted) {
      throw FormatError(where + ": duplicate key " + key + " (first on line " +
                        std::to_string(it->second.line) + ")");
    }
  }
  if (in.bad()) throw FormatError(path + ": read error");
  if (number == 0) throw FormatError(path + ": empty file (no header)");
  return table;
}

struct Options {
  std::string a, b;
  std::size_t keys = 0;
  bool keys_given = false;
  double rtol = 1e-9;
  double atol = 0.0;
  std::vector<std::string> na_columns;  ///< columns where NA is documented
};

double parse_tolerance(const std::string& name, const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !(value >= 0.0) ||
      std::isinf(value)) {
    throw FormatError(name + ": expected a finite number >= 0, got '" + text + "'");
  }
  return value;
}

Options parse_options(int argc, char** argv) {
  Options o;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw FormatError(arg + ": missing value");
      return argv[++i];
    };
    if (arg == "--keys") {
      const std::string text = value();
      unsigned long long n = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (text.empty() || error != std::errc() || end != text.data() + text.size() || n == 0) {
        throw FormatError("--keys: expected a positive integer, got '" + text + "'");
      }
      o.keys = static_cast<std::size_t>(n);
      o.keys_given = true;
    } else if (arg == "--rtol") {
      o.rtol = parse_tolerance(arg, value());
    } else if (arg == "--atol") {
      o.atol = parse_tolerance(arg, value());
    } else if (arg == "--na") {
      const std::string list = value();
      std::size_t begin = 0;
      while (begin <= list.size()) {
        const std::size_t end = std::min(list.find(',', begin), list.size());
        if (end == begin) throw FormatError("--na: empty column name in '" + list + "'");
        o.na_columns.push_back(list.substr(begin, end - begin));
        begin = end + 1;
      }
    } else if (arg.size() > 1 && arg[0] == '-') {
      throw FormatError("unknown option " + arg);
    } else {
      files.push_back(arg);
    }
  }
  if (files.size() != 2)
    throw FormatError("expected two CSV files, got " + std::to_string(files.size()));
  if (!o.keys_given) throw FormatError("--keys N is required");
  o.a = files[0];
  o.b = files[1];
  return o;
}

std::string format(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

std::string format_value(double value) { return std::isnan(value) ? "NA" : format(value); }

int compare(const Options& o) {
  const Table a = read_table(o.a, o.keys);
  const Table b = read_table(o.b, o.keys);
  if (a.header != b.header) {
    const auto show = [](const std::vector<std::string>& h) {
      std::string out;
      for (std::size_t c = 0; c < h.size(); ++c) out += (c ? "," : "") + h[c];
      return out;
    };
    throw FormatError("headers differ: " + o.a + ": '" + show(a.header) + "', " + o.b + ": '" +
                      show(b.header) + "'");
  }

  // Keys present in one file only.
  std::size_t only_a = 0, only_b = 0;
  std::vector<std::string> shown;
  for (const auto& [key, row] : a.rows) {
    if (b.rows.count(key)) continue;
    if (only_a++ < kMissingKeysShown) shown.push_back("only in " + o.a + ": " + key);
  }
  for (const auto& [key, row] : b.rows) {
    if (a.rows.count(key)) continue;
    if (only_b++ < kMissingKeysShown) shown.push_back("only in " + o.b + ": " + key);
  }

  // Columns where NA is documented.
  std::vector<bool> na_documented(a.header.size() - o.keys, false);
  for (const auto& name : o.na_columns) {
    const auto it = std::find(a.header.begin() + static_cast<long>(o.keys), a.header.end(), name);
    if (it == a.header.end()) {
      throw FormatError("--na: no measure column " + name + " in " + o.a);
    }
    na_documented[static_cast<std::size_t>(it - a.header.begin()) - o.keys] = true;
  }

  // One agreement per column (its NaN rule), merged for the report; positions index
  // `where` (key, column).
  const Tolerance tolerance{o.rtol, o.atol};
  std::vector<Agreement> columns;
  for (std::size_t c = 0; c < na_documented.size(); ++c) {
    columns.emplace_back(tolerance, na_documented[c] ? NanRule::documented : NanRule::wrong);
  }
  std::vector<std::pair<const std::string*, std::size_t>> where;
  for (const auto& [key, row_a] : a.rows) {
    const auto found = b.rows.find(key);
    if (found == b.rows.end()) continue;
    const Row& row_b = found->second;
    for (std::size_t c = 0; c < row_a.values.size(); ++c) {
      columns[c].add(row_a.values[c], row_b.values[c], where.size());
      where.emplace_back(&key, c);
    }
  }
  Agreement all(tolerance);
  std::size_t documented_na = 0;
  for (const auto& column : columns) {
    all.merge(column.state());
    documented_na += column.state().nan_both;
  }
  const Agreement::State& s = all.state();
  const std::size_t compared = s.compared, failures = s.failures;
  const auto describe_position = [&](std::size_t p) {
    if (p >= where.size()) return std::string("?");
    return "column " + a.header[o.keys + where[p].second] + " at key " + *where[p].first;
  };

  std::cout << "compared " << compared << " values in " << a.rows.size() << " / " << b.rows.size()
            << " rows (keys: first " << o.keys << " columns; rtol " << o.rtol << ", atol " << o.atol
            << ")\n";
  if (compared > 0) {
    const double scale = std::max(std::abs(s.worst_got), std::abs(s.worst_expected));
    const double diff = std::abs(s.worst_got - s.worst_expected);
    std::cout << "worst difference: ";
    if (std::isfinite(diff)) {
      std::cout << "|a-b| = " << format(diff) << " (relative "
                << format(scale > 0.0 ? diff / scale : 0.0) << ", " << format(s.worst_ratio)
                << " x tolerance)";
    } else {
      std::cout << "not a finite number";
    }
    std::cout << " in " << describe_position(s.worst_position)
              << ": a = " << format_value(s.worst_got) << ", b = " << format_value(s.worst_expected)
              << "\n";
    std::cout << "NA: " << documented_na << " documented NA pairs (--na columns), "
              << s.nan_one_side << " NA against a number, " << s.nan_wrong
              << " NA pairs where a number is expected; " << s.infinite << " infinite values\n";
    if (failures > 0) {
      std::cout << "first failure in " << describe_position(s.first_failure)
                << ": a = " << format_value(s.first_got)
                << ", b = " << format_value(s.first_expected) << " ("
                << leontief::test::describe(static_cast<leontief::test::Verdict>(s.first_verdict))
                << ")\n";
    }
  }
  for (const auto& line : shown) std::cout << line << "\n";
  if (only_a + only_b > shown.size()) {
    std::cout << "... " << (only_a + only_b - shown.size()) << " more unmatched keys\n";
  }
  if (compared == 0) {
    std::cout << "FAIL: no values compared\n";
    return kDiffer;
  }
  if (failures == 0 && only_a == 0 && only_b == 0) {
    std::cout << "OK: all values within tolerance\n";
    return kAgree;
  }
  std::cout << "FAIL: " << failures << " values out of tolerance, " << only_a << " keys only in "
            << o.a << ", " << only_b << " keys only in " << o.b << "\n";
  return kDiffer;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_usage(std::cout);
      return kAgree;
    }
  }
  try {
    return compare(parse_options(argc, argv));
  } catch (const FormatError& e) {
    std::cerr << "leontief_csv_compare: " << e.what() << "\n";
    if (argc < 3) print_usage(std::cerr);
    return kUsage;
  } catch (const std::exception& e) {
    std::cerr << "leontief_csv_compare: " << e.what() << "\n";
    return kUsage;
  }
}
