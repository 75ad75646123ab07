/// The shared comparison (tests/agreement.hpp) that every test relies on: a NaN or an
/// infinity never passes as "no difference", NaN on both sides passes only where declared
/// documented, a comparison of nothing fails, and the evidence of several ranks merges.

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "tests/support.hpp"

using namespace leontief;
using test::Agreement;
using test::NanRule;
using test::Verdict;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("agreement: finite values within tolerance agree", "[agreement]") {
  CHECK(test::judge(1.0, 1.0 + 1e-10, {1e-9, 0.0}) == Verdict::agree);
  CHECK(test::judge(1.0, 1.0 + 1e-8, {1e-9, 0.0}) == Verdict::differ);
  CHECK(test::judge(0.0, 1e-13, {1e-9, 0.0}) == Verdict::differ);
  CHECK(test::judge(0.0, 1e-13, {1e-9, 1e-12}) == Verdict::agree);
  CHECK(test::judge(2.0, 2.0, {0.0, 0.0}) == Verdict::agree);  // exact, no tolerance
}

TEST_CASE("agreement: NaN and infinity never pass as a number", "[agreement]") {
  CHECK(test::judge(kNaN, 1.0, {1, 1}) == Verdict::nan_one_side);
  CHECK(test::judge(1.0, kNaN, {1, 1}) == Verdict::nan_one_side);
  CHECK(test::judge(kNaN, kNaN, {1, 1}) == Verdict::nan_wrong);
  CHECK(test::judge(kNaN, kNaN, {1, 1}, NanRule::documented) == Verdict::nan_both);
  CHECK(test::judge(kNaN, 0.0, {1, 1}, NanRule::documented) == Verdict::nan_one_side);
  CHECK(test::judge(kInf, kInf, {1, 1}) == Verdict::infinite);
  CHECK(test::judge(-kInf, 1.0, {1, 1}, NanRule::documented) == Verdict::infinite);
  CHECK_FALSE(test::close(kNaN, kNaN));
  CHECK(test::close_or_documented_nan(kNaN, kNaN));
  CHECK_FALSE(test::close_or_documented_nan(kNaN, 0.0));
}

TEST_CASE("agreement: NaN among many values is counted, not dropped", "[agreement]") {
  // The trap this replaces: std::max(0.0, NaN) is 0, so a largest difference over values
  // that are all NaN was 0.
  Agreement a({1e-12, 0.0});
  for (std::size_t k = 0; k < 10; ++k) a.add(kNaN, 1.0 + static_cast<double>(k), k);
  CHECK_FALSE(a.ok());
  CHECK(a.state().failures == 10);
  CHECK(a.state().nan_one_side == 10);
  CHECK(a.state().first_failure == 0);
  CHECK_THAT(a.summary(), Catch::Contains("NaN on one side 10"));

  Agreement one({1e-12, 0.0});
  one.add(1.0, 1.0, 0);
  one.add(kNaN, 2.0, 1);
  one.add(3.0, 3.0, 2);
  CHECK_FALSE(one.ok());
  CHECK(one.state().worst_position == 1);

  Agreement documented({1e-12, 0.0}, NanRule::documented);
  documented.add(kNaN, kNaN, 0);
  documented.add(1.0, 1.0, 1);
  CHECK(documented.ok());
  CHECK(documented.state().nan_both == 1);
}

TEST_CASE("agreement: a comparison of nothing fails", "[agreement]") {
  Agreement empty({1e-9, 0.0});
  CHECK_FALSE(empty.ok());
  CHECK_THAT(empty.summary(), Catch::Contains("nothing compared"));
}

TEST_CASE("agreement: the evidence of every rank is merged", "[agreement]") {
  // Rank 1 (if any) holds a NaN: every rank must see the failure.
  Agreement local({1e-12, 0.0});
  local.add(1.0, 1.0, static_cast<std::size_t>(test::world_rank()));
  if (test::world_rank() == 1) local.add(kNaN, 1.0, 99);
  const Agreement all = test::all_ranks(local);
  CHECK(all.state().compared ==
        static_cast<std::size_t>(test::world_size()) + (test::world_size() > 1 ? 1 : 0));
  CHECK(all.ok() == (test::world_size() == 1));
  if (test::world_size() > 1) CHECK(all.state().first_failure == 99);
}
