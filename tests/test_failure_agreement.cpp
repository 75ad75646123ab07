/// The last line of the collective error policy (io/runtime/failure_agreement.hpp): ranks that
/// all failed outside run_collectively agree on one message (rank 0's), so the executable
/// prints it once and exits without MPI_Abort. Run at 1, 2 and 4 ranks.

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "io/runtime/failure_agreement.hpp"
#include "tests/support.hpp"

TEST_CASE("ranks that all failed agree on rank 0's message", "[runtime][errors]") {
  const leontief::FailureAgreement agreement(MPI_COMM_WORLD);
  const std::string mine = "failure on rank " + std::to_string(leontief::test::world_rank());
  // Ranks reach their failure at different times: rank r after r x 50 ms.
  const auto agreed = [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50 * leontief::test::world_rank()));
    return agreement.agree(mine, std::chrono::seconds(30));
  }();
  REQUIRE(agreed.has_value());
  CHECK(*agreed == "failure on rank 0");
  // The duplicate communicator is left clean: a second agreement works the same way.
  const auto again = agreement.agree("second " + mine, std::chrono::seconds(30));
  REQUIRE(again.has_value());
  CHECK(*again == "second failure on rank 0");
}
