#include "io/runtime/rank_groups.hpp"

#include <algorithm>

#include "io/runtime/error.hpp"

namespace leontief::io {

Communicator& Communicator::operator=(Communicator&& other) noexcept {
  if (this != &other) {
    Communicator old(comm_);
    comm_ = other.comm_;
    other.comm_ = MPI_COMM_NULL;
  }
  return *this;
}

Communicator::~Communicator() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized && comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

namespace {

MPI_Comm split(MPI_Comm comm, int color) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  MPI_Comm group = MPI_COMM_NULL;
  LEONTIEF_CHECK_MPI(MPI_Comm_split(comm, color, rank, &group));
  return group;
}

struct Layout {
  int index = 0, count = 1, per_group = 1;
};

Layout layout_of(MPI_Comm comm, long long ranks_per_group) {
  int rank = 0, size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm, &rank));
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  Layout l;
  l.per_group = ranks_per_group <= 0
                    ? size
                    : static_cast<int>(std::min<long long>(ranks_per_group, size));
  l.count = (size + l.per_group - 1) / l.per_group;
  l.index = rank / l.per_group;
  return l;
}

}  // namespace

RankGroups::RankGroups(MPI_Comm comm, long long ranks_per_group) : group_(MPI_COMM_NULL) {
  const Layout l = layout_of(comm, ranks_per_group);
  index_ = l.index;
  count_ = l.count;
  ranks_per_group_ = l.per_group;
  group_ = Communicator(split(comm, index_));
}

int RankGroups::size() const {
  int s = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(group_.get(), &s));
  return s;
}

bool RankGroups::leader() const {
  int r = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(group_.get(), &r));
  return r == 0;
}

std::vector<std::size_t> RankGroups::share(std::size_t items) const {
  std::vector<std::size_t> mine;
  for (std::size_t k = static_cast<std::size_t>(index_); k < items;
       k += static_cast<std::size_t>(count_)) {
    mine.push_back(k);
  }
  return mine;
}

}  // namespace leontief::io
