#pragma once
/// @file resources.hpp
/// @brief Size guards: before a run allocates or writes something large, its estimate is
/// compared with the memory and disk space available, and the run is refused with the
/// estimate when it cannot fit (instead of being killed by the kernel or filling the disk
/// hours later). The option `size_check false` turns the guards off.

#include <mpi.h>

#include <string>

namespace leontief::io {

/// Turns the guards on (default) or off (`--size_check false`).
void set_size_checks(bool enabled);
bool size_checks_enabled();

/// @brief Memory this process can still get, in bytes: MemAvailable of /proc/meminfo, less
/// if the process's cgroup (a Slurm job's allocation) allows less. NaN if unknown. Tests set
/// LEONTIEF_TEST_MEMORY_AVAILABLE=bytes to pretend a smaller machine.
double available_memory();

/// @brief Gives the heap's free pages back to the system (glibc malloc_trim). A large read
/// (parallel HDF5 unfilters each checksummed chunk in a heap buffer of its own) frees as
/// much as it reads, in pieces too small for malloc to return: without this the process
/// would keep a dead copy of the table, and its peak would grow by one n x n copy.
void return_freed_memory();

/// @brief Bytes an unprivileged user can still write on the file system that holds `path`
/// (or its nearest existing ancestor directory). NaN if unknown.
double available_disk(const std::string& path);

/// @brief Refuses (InputError) when `bytes` exceed available_memory(): "<what> needs about
/// 2.2 TiB of memory; 14.1 GiB are available (--size_check false to try anyway)". Local.
void require_memory(double bytes, const std::string& what);

/// @brief Like require_memory for work spread over `comm`: each rank passes its own need;
/// the needs of the ranks that share a node are added up and compared with that node's
/// memory. Every rank throws the same error. @note Collective on `comm`.
void require_memory(MPI_Comm comm, double local_bytes, const std::string& what);

/// @brief True on every rank if each node's ranks together need no more than that node's
/// available memory (also true when the guards are off or the memory is unknown).
/// @note Collective on `comm`.
bool fits_in_memory(MPI_Comm comm, double local_bytes);

/// @brief Refuses (InputError) when `bytes` exceed available_disk(path). Local.
void require_disk(const std::string& path, double bytes, const std::string& what);

}  // namespace leontief::io
