#include "io/runtime/atomic_path.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"

namespace leontief::io {

namespace fs = std::filesystem;

AtomicPath::AtomicPath(MPI_Comm comm, std::string final_path)
    : comm_(comm), final_path_(std::move(final_path)) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  long long id = static_cast<long long>(getpid());
  LEONTIEF_CHECK_MPI(MPI_Bcast(&id, 1, MPI_LONG_LONG, 0, comm_));
  const fs::path target(final_path_);
  temp_path_ =
      (target.parent_path() / ("." + target.filename().string() + ".partial-" + std::to_string(id)))
          .string();
  run_collectively(comm_, [&] {
    if (rank != 0) return;
    if (target.filename().empty()) throw InputError(final_path_ + ": not a file name");
    std::error_code ec;
    if (!target.parent_path().empty()) fs::create_directories(target.parent_path(), ec);
    if (ec) {
      throw InputError(target.parent_path().string() +
                       ": cannot create directory: " + ec.message());
    }
  });
}

AtomicPath::~AtomicPath() {
  if (committed_) return;
  int rank = 0;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Comm_rank(comm_, &rank);
  if (rank == 0) {
    std::error_code ignored;
    fs::remove(temp_path_, ignored);
  }
}

void AtomicPath::commit() {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  LEONTIEF_CHECK_MPI(MPI_Barrier(comm_));  // every rank has closed its handles
  run_collectively(comm_, [&] {
    if (rank != 0) return;
    std::error_code ec;
    fs::rename(temp_path_, final_path_, ec);
    if (ec) throw InputError(final_path_ + ": cannot write result: " + ec.message());
  });
  committed_ = true;
}

}  // namespace leontief::io
