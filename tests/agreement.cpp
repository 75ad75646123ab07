#include "tests/agreement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace leontief::test {

Verdict judge(double got, double expected, Tolerance tolerance, NanRule nan, double* ratio) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const auto set = [&](double r) {
    if (ratio) *ratio = r;
  };
  const bool nan_got = std::isnan(got), nan_expected = std::isnan(expected);
  if (nan_got || nan_expected) {
    if (nan_got && nan_expected && nan == NanRule::documented) {
      set(0.0);
      return Verdict::nan_both;
    }
    set(inf);
    return nan_got && nan_expected ? Verdict::nan_wrong : Verdict::nan_one_side;
  }
  if (std::isinf(got) || std::isinf(expected)) {
    set(inf);
    return Verdict::infinite;
  }
  const double diff = std::abs(got - expected);
  const double allowed =
      tolerance.absolute + tolerance.relative * std::max(std::abs(got), std::abs(expected));
  set(diff == 0.0 ? 0.0 : (allowed > 0.0 ? diff / allowed : inf));
  return diff <= allowed ? Verdict::agree : Verdict::differ;
}

bool agrees(double got, double expected, Tolerance tolerance, NanRule nan) {
  const Verdict v = judge(got, expected, tolerance, nan);
  return v == Verdict::agree || v == Verdict::nan_both;
}

const char* describe(Verdict v) {
  switch (v) {
    case Verdict::agree:
      return "agrees";
    case Verdict::nan_both:
      return "NaN on both sides (documented)";
    case Verdict::differ:
      return "out of tolerance";
    case Verdict::nan_one_side:
      return "NaN on one side";
    case Verdict::nan_wrong:
      return "NaN where a number is expected";
    case Verdict::infinite:
      return "infinite";
  }
  return "?";
}

bool Agreement::add(double got, double expected, std::size_t position) {
  double ratio = 0.0;
  const Verdict v = judge(got, expected, tolerance_, nan_, &ratio);
  State& s = state_;
  ++s.compared;
  switch (v) {
    case Verdict::agree:
      break;
    case Verdict::nan_both:
      ++s.nan_both;
      break;
    case Verdict::differ:
      break;
    case Verdict::nan_one_side:
      ++s.nan_one_side;
      break;
    case Verdict::nan_wrong:
      ++s.nan_wrong;
      break;
    case Verdict::infinite:
      ++s.infinite;
      break;
  }
  const bool ok = v == Verdict::agree || v == Verdict::nan_both;
  if (!ok && s.failures++ == 0) {
    s.first_failure = position;
    s.first_got = got;
    s.first_expected = expected;
    s.first_verdict = static_cast<int>(v);
  }
  if (ratio > s.worst_ratio) {
    s.worst_ratio = ratio;
    s.worst_got = got;
    s.worst_expected = expected;
    s.worst_position = position;
  }
  return ok;
}

void Agreement::merge(const State& o) {
  State& s = state_;
  if (o.failures > 0 && s.failures == 0) {
    s.first_failure = o.first_failure;
    s.first_got = o.first_got;
    s.first_expected = o.first_expected;
    s.first_verdict = o.first_verdict;
  }
  s.compared += o.compared;
  s.failures += o.failures;
  s.nan_both += o.nan_both;
  s.nan_one_side += o.nan_one_side;
  s.nan_wrong += o.nan_wrong;
  s.infinite += o.infinite;
  if (o.worst_ratio > s.worst_ratio) {
    s.worst_ratio = o.worst_ratio;
    s.worst_got = o.worst_got;
    s.worst_expected = o.worst_expected;
    s.worst_position = o.worst_position;
  }
}

namespace {
std::string position_text(std::size_t p) {
  return p == Agreement::no_position ? std::string("?") : std::to_string(p);
}
std::string number(double v) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}
}  // namespace

std::string Agreement::summary() const {
  const State& s = state_;
  std::string out = std::to_string(s.compared) + " values (rtol " + number(tolerance_.relative) +
                    ", atol " + number(tolerance_.absolute) +
                    (nan_ == NanRule::documented ? ", NaN documented" : "") + "): ";
  if (s.compared == 0) return out + "nothing compared";
  out += std::to_string(s.failures) + " disagree";
  if (s.nan_one_side + s.nan_wrong + s.infinite > 0) {
    out += " (NaN on one side " + std::to_string(s.nan_one_side) + ", NaN where a number is " +
           "expected " + std::to_string(s.nan_wrong) + ", infinite " + std::to_string(s.infinite) +
           ")";
  }
  if (s.nan_both > 0) out += "; " + std::to_string(s.nan_both) + " documented NaN on both sides";
  out += "; worst at " + position_text(s.worst_position) + ": " + number(s.worst_got) + " vs " +
         number(s.worst_expected) + " (" + number(s.worst_ratio) + " x tolerance)";
  if (s.failures > 0) {
    out += "; first failure at " + position_text(s.first_failure) + ": " + number(s.first_got) +
           " vs " + number(s.first_expected) + ", " +
           describe(static_cast<Verdict>(s.first_verdict));
  }
  return out;
}

}  // namespace leontief::test
