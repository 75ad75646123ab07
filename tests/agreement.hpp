#pragma once
/// @file agreement.hpp
/// @brief The one comparison of computed values with references used by every test: the
/// Catch2 suite (through tests/support.hpp) and the CLI tools (csv_compare, h5_compare,
/// synthetic_check). Plain C++20, no MPI.
///
/// A value agrees with its reference when both are finite and
/// |got − expected| <= absolute + relative · max(|got|, |expected|).
/// Non-finite values are never a number that happens to match: an infinity on either side
/// always disagrees, and NaN disagrees unless the caller states that NaN is a documented
/// value at the compared positions (a share with a zero denominator) *and* both sides are
/// NaN. NaN positions are counted, so a report shows them rather than dropping them (the
/// `std::max(worst, NaN) == worst` trap).

#include <cstddef>
#include <limits>
#include <string>

namespace leontief::test {

/// |got − expected| <= absolute + relative · max(|got|, |expected|).
struct Tolerance {
  double relative = 1e-9;
  double absolute = 0.0;
};

/// Whether NaN may stand where a number is expected.
enum class NanRule {
  wrong,       ///< every NaN is a failure (the default: a number is expected everywhere)
  documented,  ///< NaN on both sides at the same position agrees (a documented NA)
};

/// The verdict on one pair.
enum class Verdict {
  agree,         ///< finite and within tolerance
  nan_both,      ///< NaN on both sides where NaN is documented: agrees
  differ,        ///< finite, out of tolerance
  nan_one_side,  ///< NaN on one side only
  nan_wrong,     ///< NaN on both sides where no NaN is documented
  infinite,      ///< an infinity on either side
};

/// The verdict on one pair; `ratio` (if given) receives |got − expected| / allowed
/// (0 for agreeing NaN, +inf for a non-finite failure or an exact tolerance of 0).
Verdict judge(double got, double expected, Tolerance tolerance, NanRule nan = NanRule::wrong,
              double* ratio = nullptr);

/// Whether one value agrees with its reference.
bool agrees(double got, double expected, Tolerance tolerance, NanRule nan = NanRule::wrong);

/// Evidence of a comparison of many values with their references: how many were compared,
/// how many disagree and why, how many NaN positions were seen, and the worst pair (by the
/// ratio of its difference to its allowed difference) with its position.
class Agreement {
 public:
  static constexpr std::size_t no_position = std::numeric_limits<std::size_t>::max();

  /// Counters and worst pair; plain data so that MPI can gather it (tests/support.hpp).
  struct State {
    std::size_t compared = 0, failures = 0, nan_both = 0, nan_one_side = 0, nan_wrong = 0,
                infinite = 0;
    double worst_ratio = -1.0, worst_got = 0.0, worst_expected = 0.0;
    std::size_t worst_position = no_position;
    double first_got = 0.0, first_expected = 0.0;
    std::size_t first_failure = no_position;
    int first_verdict = 0;
  };

  explicit Agreement(Tolerance tolerance, NanRule nan = NanRule::wrong)
      : tolerance_(tolerance), nan_(nan) {}

  /// Compares one value with its reference; `position` identifies it in the report (e.g.
  /// row · columns + column). Returns whether it agrees.
  bool add(double got, double expected, std::size_t position = no_position);

  /// Adds another comparison's evidence (e.g. another rank's); its positions are kept.
  void merge(const State& other);

  /// At least one value was compared and none disagrees: a comparison of nothing fails.
  bool ok() const { return state_.compared > 0 && state_.failures == 0; }
  const State& state() const { return state_; }
  Tolerance tolerance() const { return tolerance_; }
  NanRule nan_rule() const { return nan_; }

  /// One line: counts, NaN positions, worst pair and first failure, e.g.
  /// "1200 values: 3 disagree (NaN on one side 3); worst at 17: 1.5 vs NaN; ...".
  std::string summary() const;

 private:
  Tolerance tolerance_;
  NanRule nan_;
  State state_;
};

/// Text of a verdict ("NaN on one side", ...).
const char* describe(Verdict v);

}  // namespace leontief::test
