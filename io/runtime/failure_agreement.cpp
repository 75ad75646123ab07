#include "io/runtime/failure_agreement.hpp"

#include <thread>
#include <vector>

namespace leontief {

FailureAgreement::FailureAgreement(MPI_Comm comm) {
  if (MPI_Comm_dup(comm, &comm_) != MPI_SUCCESS) comm_ = MPI_COMM_NULL;
}

FailureAgreement::~FailureAgreement() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized && comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

std::optional<std::string> FailureAgreement::agree(const std::string& message,
                                                   std::chrono::milliseconds patience) const {
  if (comm_ == MPI_COMM_NULL) return std::nullopt;
  // A barrier that completes only when every rank has failed; poll it, never block on it.
  MPI_Request request = MPI_REQUEST_NULL;
  if (MPI_Ibarrier(comm_, &request) != MPI_SUCCESS) return std::nullopt;
  const auto deadline = std::chrono::steady_clock::now() + patience;
  int done = 0;
  while (!done) {
    if (MPI_Test(&request, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS) return std::nullopt;
    if (done) break;
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // Everyone is here: rank 0's message speaks for all (ranks fail alike in this case).
  int length = static_cast<int>(message.size());
  if (MPI_Bcast(&length, 1, MPI_INT, 0, comm_) != MPI_SUCCESS) return std::nullopt;
  std::vector<char> text(message.begin(), message.end());
  text.resize(static_cast<std::size_t>(length));
  if (MPI_Bcast(text.data(), length, MPI_CHAR, 0, comm_) != MPI_SUCCESS) return std::nullopt;
  return std::string(text.begin(), text.end());
}

}  // namespace leontief
