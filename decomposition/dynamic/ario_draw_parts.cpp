#include "decomposition/dynamic/ario_draw_parts.hpp"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

#include "decomposition/dynamic/ario_model.hpp"
#include "io/results/tidy_csv.hpp"
#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::decomposition {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string numbers(const double* v, std::size_t count) {
  std::string line;
  for (std::size_t k = 0; k < count; ++k) {
    if (k) line += ',';
    io::append_number(line, v[k]);
  }
  return line;
}

bool parse_numbers(const std::string& text, std::vector<double>& out, std::size_t count) {
  out.clear();
  for (const auto& item : io::csv::split_list(text)) {
    if (item == "NA") {
      out.push_back(kNaN);
      continue;
    }
    double v = 0;
    const auto r = std::from_chars(item.data(), item.data() + item.size(), v);
    if (r.ec != std::errc() || r.ptr != item.data() + item.size()) return false;
    out.push_back(v);
  }
  return out.size() == count;
}

/// The part file's header: what the draw belongs to.

}  // namespace

std::string DrawParts::path(const std::string& ensemble, std::size_t draw) const {
  return (fs::path(directory_) / ensemble / ("draw_" + std::to_string(draw) + ".txt")).string();
}

std::string DrawParts::header(const std::string& ensemble, std::size_t draw) const {
  return "leontief dynamic draw 1\nfingerprint " + fingerprint_ + "\nensemble " + ensemble +
         "\ndraw " + std::to_string(draw) + "\nsize " + std::to_string(G_) + " " +
         std::to_string(kArioMeasureCount) + " " + std::to_string(T_) + "\n";
}

void DrawParts::write(const std::string& ensemble, std::size_t draw, const DrawRecord& d) const {
  const std::string final_path = path(ensemble, draw);
  const std::string temporary = final_path + ".partial-" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << header(ensemble, draw) << "events " << d.events << "\nworld "
        << numbers(d.world.data(), kArioMeasureCount) << '\n';
    for (std::size_t g = 0; g < G_; ++g) {
      out << "economy " << numbers(&d.economy[g * kArioMeasureCount], kArioMeasureCount) << '\n';
    }
    for (std::size_t g = 0; g < G_ && T_ > 0; ++g) {
      out << "production " << numbers(&d.production[g * T_], T_) << '\n';
    }
    out << "end\n";
    out.close();
    if (!out) throw Error(temporary + ": cannot write the part file of draw " + std::to_string(draw));
  }
  std::error_code ec;
  fs::rename(temporary, final_path, ec);
  if (ec) throw Error(final_path + ": cannot rename the part file: " + ec.message());
}

bool DrawParts::read(const std::string& ensemble, std::size_t draw, DrawRecord& d) const {
  std::ifstream in(path(ensemble, draw));
  if (!in) return false;
  const std::string expected = header(ensemble, draw);
  std::string text(expected.size(), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size())) || text != expected) {
    return false;
  }
  std::string line;
  const auto field = [&](const char* key, std::string& value) {
    if (!std::getline(in, line)) return false;
    const std::string prefix = std::string(key) + " ";
    if (line.rfind(prefix, 0) != 0) return false;
    value = line.substr(prefix.size());
    return true;
  };
  std::string value;
  if (!field("events", d.events) || !field("world", value) ||
      !parse_numbers(value, d.world, kArioMeasureCount)) {
    return false;
  }
  d.economy.clear();
  std::vector<double> row;
  for (std::size_t g = 0; g < G_; ++g) {
    if (!field("economy", value) || !parse_numbers(value, row, kArioMeasureCount)) return false;
    d.economy.insert(d.economy.end(), row.begin(), row.end());
  }
  d.production.clear();
  for (std::size_t g = 0; g < G_ && T_ > 0; ++g) {
    if (!field("production", value) || !parse_numbers(value, row, T_)) return false;
    d.production.insert(d.production.end(), row.begin(), row.end());
  }
  return std::getline(in, line) && line == "end";
}

}  // namespace leontief::decomposition
