/// @file csv_compare.cpp
/// @brief `leontief_csv_compare A.csv B.csv --keys N [--rtol R] [--atol T]`: compares two tidy
/// CSV files (same header; rows matched by their first N columns, in any order; the other
/// columns numeric). Values a, b agree when |a − b| <= atol + rtol·max(|a|, |b|); "NA" agrees
/// only with "NA". Prints the worst difference and where it occurs.
///
/// Exit status: 0 all values agree, 1 some value differs or a key is missing from one file,
/// 2 usage or format error (unreadable file, different headers, ragged or duplicate rows,
/// non-numeric value). Plain C++20, no MPI: used by the CLI regression tests (tests/cli).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

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
  out << "usage: leontief_csv_compare A.csv B.csv --keys N [--rtol R] [--atol T]\n\n"
         "Compares two tidy CSV files with the same header. Rows are matched by their first N\n"
         "columns (order-independent); the other columns must be numbers or NA. Values a, b\n"
         "agree when |a-b| <= atol + rtol*max(|a|,|b|) (defaults: rtol 1e-9, atol 0); NA agrees\n"
         "only with NA.\n"
         "Exit status: 0 all agree, 1 a value differs or a key is missing, 2 usage/format error.\n";
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
  std::vector<std::optional<double>> values;  ///< nullopt: NA
  std::size_t line = 0;
};

struct Table {
  std::vector<std::string> header;
  std::map<std::string, Row> rows;  ///< by joined key
};

std::optional<double> parse_value(const std::string& text, const std::string& where) {
  std::string_view t(text);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t == "NA") return std::nullopt;
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double value = 0.0;
  const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || error != std::errc() || end != t.data() + t.size()) {
    throw FormatError(where + ": not a number or NA: '" + text + "'");
  }
  if (std::isnan(value)) return std::nullopt;  // "nan" is NA as well
  return value;
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

std::string format(const std::optional<double>& value) { return value ? format(*value) : "NA"; }

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

  // Worst value by its tolerance ratio |a-b| / (atol + rtol*max(|a|,|b|)).
  std::size_t compared = 0, failures = 0;
  double worst_ratio = -1.0, worst_abs = 0.0, worst_rel = 0.0;
  std::string worst_key, worst_column;
  std::optional<double> worst_a, worst_b;
  const auto record = [&](double ratio, double abs_diff, double rel_diff, const std::string& key,
                          const std::string& column, const std::optional<double>& va,
                          const std::optional<double>& vb) {
    if (ratio > worst_ratio) {
      worst_ratio = ratio;
      worst_abs = abs_diff;
      worst_rel = rel_diff;
      worst_key = key;
      worst_column = column;
      worst_a = va;
      worst_b = vb;
    }
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const auto& [key, row_a] : a.rows) {
    const auto found = b.rows.find(key);
    if (found == b.rows.end()) continue;
    const Row& row_b = found->second;
    for (std::size_t c = 0; c < row_a.values.size(); ++c) {
      const auto& va = row_a.values[c];
      const auto& vb = row_b.values[c];
      const std::string& column = a.header[o.keys + c];
      ++compared;
      if (!va || !vb) {
        if (va || vb) {
          ++failures;
          record(inf, inf, inf, key, column, va, vb);
        } else {
          record(0.0, 0.0, 0.0, key, column, va, vb);
        }
        continue;
      }
      const double x = *va, y = *vb;
      if (x == y) {  // also equal infinities
        record(0.0, 0.0, 0.0, key, column, va, vb);
        continue;
      }
      const double diff = std::abs(x - y);
      const double scale = std::max(std::abs(x), std::abs(y));
      const double allowed = o.atol + o.rtol * scale;
      const double ratio = allowed > 0.0 ? diff / allowed : inf;
      const double rel = scale > 0.0 ? diff / scale : inf;
      if (!(diff <= allowed)) ++failures;
      record(ratio, diff, rel, key, column, va, vb);
    }
  }

  std::cout << "compared " << compared << " values in " << a.rows.size() << " / " << b.rows.size()
            << " rows (keys: first " << o.keys << " columns; rtol " << o.rtol << ", atol " << o.atol
            << ")\n";
  if (compared > 0) {
    std::cout << "worst difference: |a-b| = " << format(worst_abs) << " (relative "
              << format(worst_rel) << ", " << format(worst_ratio) << " x tolerance) in column "
              << worst_column << " at key " << worst_key << ": a = " << format(worst_a)
              << ", b = " << format(worst_b) << "\n";
  }
  for (const auto& line : shown) std::cout << line << "\n";
  if (only_a + only_b > shown.size()) {
    std::cout << "... " << (only_a + only_b - shown.size()) << " more unmatched keys\n";
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
