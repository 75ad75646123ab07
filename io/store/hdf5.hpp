#pragma once
/// @file hdf5.hpp
/// @brief RAII handles and the error check for the HDF5 C API.

#include <hdf5.h>

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "io/runtime/error.hpp"

namespace leontief::io::h5 {

/// Silences HDF5's own stack printing; errors are reported through exceptions instead.
void silence_library_errors();

/// What went wrong in an HDF5 call, read from HDF5's error stack.
struct ErrorReport {
  enum class Kind {
    system,    ///< a system call or MPI-IO failed: `reason` is the OS's ("No space left on device")
    checksum,  ///< a Fletcher-32 or metadata checksum did not match: the file was changed
    library    ///< anything else: `reason` is HDF5's innermost message (an internal detail)
  };
  Kind kind = Kind::library;
  std::string reason;
};

/// @brief Reads (and clears) HDF5's current error stack.
ErrorReport last_error();

/// last_error().reason.
std::string last_error_message();

/// An HDF5 call failed. `what()` names the call and place (for developers); `report()` is
/// what a user is told next to the file's name.
class Failure : public Error {
 public:
  Failure(const std::string& what, ErrorReport report)
      : Error(what), report_(std::move(report)) {}
  const ErrorReport& report() const { return report_; }
  const std::string& reason() const { return report_.reason; }

 private:
  ErrorReport report_;
};

/// @brief "<path>: <doing>: <reason>". When HDF5 saw only a short write (MPI-IO may not say
/// why), a file system with no space left is named as the reason.
std::string describe_failure(const std::string& path, const std::string& doing,
                             const Failure& failure);

/// @brief Runs `work`; an HDF5 failure in it becomes one line naming `path`:
/// "<path>: <doing>: <reason>" (e.g. "r.h5: cannot write: No space left on device").
template <class Work>
void naming_file(const std::string& path, const std::string& doing, Work&& work) {
  try {
    std::forward<Work>(work)();
  } catch (const Failure& f) {
    throw Error(describe_failure(path, doing, f));
  }
}

/// Owns one hid_t and closes it with `Close` (H5Fclose, H5Dclose, ...).
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  ~Handle() { reset(); }
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  /// Gives up ownership without closing (after the caller closed it and checked the result).
  void release() { id_ = H5I_INVALID_HID; }
  void reset() noexcept {
    if (id_ >= 0) Close(id_);  // destructors never throw: a failed close is ignored
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using PropertyList = Handle<H5Pclose>;
using Attribute = Handle<H5Aclose>;
using Datatype = Handle<H5Tclose>;
using Group = Handle<H5Gclose>;

/// @brief Closes a file being abandoned after a failed write (its temporary `path` is removed
/// afterwards): the file is emptied first, so HDF5's flush at close finds room on a full disk
/// (a failed close leaves HDF5 in a state that crashes it at exit). Serial files only (one
/// process); never throws.
void abandon(File& file, const std::string& path) noexcept;

/// @brief Flushes `file` to disk (before the close that follows a complete write, so that a
/// full disk shows here, where the file can still be abandoned cleanly).
/// @throws Failure.
void flush(const File& file);

namespace detail {
[[noreturn]] void throw_h5_error(const char* call, const char* file, int line);
}

/// The file and memory selections of rows [begin, begin + rows) of a 2-D dataset with `cols`
/// columns; an empty block selects nothing, so ranks without rows still join collective I/O.
struct RowBlock {
  Dataspace file, memory;
  RowBlock(hid_t dataset, hsize_t begin, hsize_t rows, hsize_t cols);
};

/// Rows [first, first + count) of a dataset: one collective read or write.
struct RowSlab {
  hsize_t first = 0, count = 0;
};

/// @brief The slabs in which [begin, begin + rows) of `dataset`, `row_bytes` a row in memory,
/// is read or written: whole chunks at absolute row offsets (no chunk is split
/// between two slabs of a rank), about `bytes` each. A collective transfer of checksummed
/// chunks stages every chunk it touches at once, so one transfer of a whole n x n block
/// would hold a second copy of it; slabs bound that staging. Local; pad_slabs() makes the
/// calls of every rank line up.
std::vector<RowSlab> row_slabs(hid_t dataset, hsize_t begin, hsize_t rows, hsize_t row_bytes,
                               hsize_t bytes = hsize_t{16} << 20);

/// @brief Appends empty slabs (at `begin`) up to the largest count over `comm`: every rank
/// makes as many collective calls. @note Collective on `comm`.
void pad_slabs(MPI_Comm comm, std::vector<RowSlab>& slabs, hsize_t begin);

/// A transfer property list for collective MPI-IO reads and writes.
PropertyList collective_transfer();

/// @brief File access properties of every table and result file this program creates:
/// MPI-IO on `comm` (MPI_COMM_NULL: one process, POSIX I/O), and the HDF5 1.8 file format,
/// whose metadata (superblock, object headers, indexes) carries checksums, so damage is
/// detected. (Files are opened for reading without the format bound.)
PropertyList file_access(MPI_Comm comm);

/// @brief Creation properties of every dataset of tables and results, the one place where
/// storage filters are chosen: chunks of `chunk` (clamped to `dims`), shuffle + deflate
/// when `compression_level` > 0, and always a Fletcher-32 checksum of each chunk, which HDF5
/// verifies on every read, so a changed bit fails the read instead of changing a result.
/// An empty dataset gets neither chunks nor filters (nothing to protect).
PropertyList dataset_creation(std::span<const hsize_t> dims, std::span<const hsize_t> chunk,
                              int compression_level = 0);

/// @brief Chunks of about `bytes` (default 1 MiB) for a 1-D or 2-D dataset of doubles:
/// whole rows where a row fits, `rows_per_chunk` rows at most (0: no limit).
std::vector<hsize_t> default_chunk(std::span<const hsize_t> dims, hsize_t rows_per_chunk = 0,
                                   hsize_t bytes = 1u << 20);

/// @brief Before a parallel open (MPI-IO prints its own errors for a directory or an
/// unreadable file): throws InputError "<path>: <reason>" ("no such file", "is a directory,
/// not a file", "Permission denied") unless `path` is a regular file this process can read.
/// Local (one process looks).
void probe_readable_file(const std::string& path);

/// A fixed-length (`length` bytes, null-padded) UTF-8 string datatype.
Datatype string_type(std::size_t length);

/// Writes/reads a string attribute on an object.
void write_string_attribute(hid_t object, const std::string& name, const std::string& value);
void write_int_attribute(hid_t object, const std::string& name, long long value);
/// Returns false (and leaves `value` unchanged) if the attribute does not exist.
bool read_string_attribute(hid_t object, const std::string& name, std::string& value);
bool read_int_attribute(hid_t object, const std::string& name, long long& value);

/// Writes a 1-D dataset of variable-length strings (labels). Only `writer` ranks pass data;
/// with an MPI-IO file every rank must call it.
void write_string_dataset(hid_t parent, const std::string& name,
                          const std::vector<std::string>& values, bool writer);
/// Reads a 1-D string dataset (every rank reads all of it).
std::vector<std::string> read_string_dataset(hid_t parent, const std::string& name);

}  // namespace leontief::io::h5

/// Checks an HDF5 call returning herr_t or hid_t (negative means failure).
#define LEONTIEF_CHECK_H5(call)                                                            \
  ([&]() {                                                                                 \
    auto leontief_h5_rc_ = (call);                                                         \
    if (leontief_h5_rc_ < 0) ::leontief::io::h5::detail::throw_h5_error(#call, __FILE__, __LINE__); \
    return leontief_h5_rc_;                                                                \
  }())
