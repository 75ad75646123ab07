#pragma once
/// @file rank_groups.hpp
/// @brief The ranks of a communicator split into groups that work on different items at
/// once (the years of a panel, the scenarios of an ensemble): each group has its own
/// communicator and solves its items with the distributed solver on it.

#include <mpi.h>

#include <cstddef>
#include <vector>

namespace leontief::io {

/// An MPI communicator owned by this object and freed on scope exit (copy deleted).
class Communicator {
 public:
  /// Adopts `comm` (a communicator this code created, e.g. by MPI_Comm_split).
  explicit Communicator(MPI_Comm comm) noexcept : comm_(comm) {}
  Communicator(const Communicator&) = delete;
  Communicator& operator=(const Communicator&) = delete;
  Communicator(Communicator&& other) noexcept : comm_(other.comm_) { other.comm_ = MPI_COMM_NULL; }
  Communicator& operator=(Communicator&& other) noexcept;
  ~Communicator();
  MPI_Comm get() const noexcept { return comm_; }

 private:
  MPI_Comm comm_;
};

/// Consecutive ranks of `comm` in groups of `ranks_per_group` (the last group may be
/// smaller); items are dealt to the groups round-robin.
class RankGroups {
 public:
  /// @param ranks_per_group ranks per group; 0 or more than the ranks: one group of all.
  /// @note Collective on `comm`.
  RankGroups(MPI_Comm comm, long long ranks_per_group);

  /// This rank's group communicator.
  MPI_Comm group() const noexcept { return group_.get(); }
  /// This rank's group, 0 .. count() − 1.
  int index() const noexcept { return index_; }
  /// The number of groups.
  int count() const noexcept { return count_; }
  /// Ranks per group (the last group may have fewer).
  int ranks_per_group() const noexcept { return ranks_per_group_; }
  /// Ranks in this rank's group.
  int size() const;
  /// True on rank 0 of the group (the one that logs for it).
  bool leader() const;
  /// The items of this group when `items` items are dealt round-robin: index(),
  /// index() + count(), ...
  std::vector<std::size_t> share(std::size_t items) const;

 private:
  int index_ = 0;
  int count_ = 1;
  int ranks_per_group_ = 1;
  Communicator group_;
};

}  // namespace leontief::io
