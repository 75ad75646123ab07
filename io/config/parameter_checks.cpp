#include "io/config/parameter_checks.hpp"

#include <charconv>
#include <cmath>
#include <sstream>
#include <system_error>

namespace leontief::io {

namespace {

/// Shortest text that reads back as the same double ("1e-12", "0.5", "9999").
std::string number_text(double value) {
  std::ostringstream out;
  out.precision(15);
  out << value;
  return out.str();
}

}  // namespace

bool Range::contains(double value) const {
  if (low && (low_open ? !(value > *low) : !(value >= *low))) return false;
  if (high && (high_open ? !(value < *high) : !(value <= *high))) return false;
  return true;
}

std::string Range::text() const {
  if (low && high) {
    return number_text(*low) + (low_open ? " < x " : " <= x ") + (high_open ? "< " : "<= ") +
           number_text(*high);
  }
  if (low) return std::string("x ") + (low_open ? "> " : ">= ") + number_text(*low);
  if (high) return std::string("x ") + (high_open ? "< " : "<= ") + number_text(*high);
  return "";
}

std::optional<long long> parse_integer(const std::string& text, std::string& problem) {
  long long value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc::result_out_of_range) {
    problem = "'" + text + "' is out of range of a 64-bit integer";
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != end) {
    problem = "expected an integer, got '" + text + "'";
    return std::nullopt;
  }
  return value;
}

std::optional<double> parse_real(const std::string& text, std::string& problem) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc::result_out_of_range) {
    problem = "'" + text + "' is out of range of a double";
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != end) {
    problem = "expected a number, got '" + text + "'";
    return std::nullopt;
  }
  if (!std::isfinite(value)) {
    problem = "expected a finite number, got '" + text + "'";
    return std::nullopt;
  }
  return value;
}

}  // namespace leontief::io
