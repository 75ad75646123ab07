#pragma once
/// @file parameter_checks.hpp
/// @brief What the parameter registry checks in a value beyond its type: the range of a
/// numeric option and a validator for text with more structure than a list of choices
/// (e.g. a comma-separated list of known names). Both describe themselves, so `--help` and
/// docs/options.md say what is allowed.

#include <functional>
#include <optional>
#include <string>

namespace leontief::io {

/// @brief The allowed values of a numeric option: low ≤ x ≤ high, with `<` instead of `≤`
/// on an open end. The default range allows every finite number.
struct Range {
  std::optional<double> low, high;
  bool low_open = false, high_open = false;

  static Range at_least(double low) { return {low, std::nullopt, false, false}; }
  static Range above(double low) { return {low, std::nullopt, true, false}; }
  static Range between(double low, double high) { return {low, high, false, false}; }
  /// low < x < high.
  static Range inside(double low, double high) { return {low, high, true, true}; }
  /// low < x ≤ high.
  static Range above_up_to(double low, double high) { return {low, high, true, false}; }

  bool bounded() const { return low.has_value() || high.has_value(); }
  bool contains(double value) const;
  /// "x >= 1", "0 <= x <= 9", "0 < x < 1"; empty when unbounded.
  std::string text() const;
};

/// @brief A check of a text value: returns what is wrong with it, or nothing.
struct Validator {
  std::string description;  ///< shown in --help and docs/options.md; may be empty
  std::function<std::optional<std::string>(const std::string& value)> check;

  explicit operator bool() const { return static_cast<bool>(check); }
};

/// @brief Parses a whole string as a decimal integer (no sign other than '-', no spaces).
/// @return the value, or the reason it is not one ("expected an integer, got 'x'", "out of
///   range of a 64-bit integer").
std::optional<long long> parse_integer(const std::string& text, std::string& problem);

/// @brief Parses a whole string as a finite real number; NaN and infinities are rejected.
std::optional<double> parse_real(const std::string& text, std::string& problem);

}  // namespace leontief::io
