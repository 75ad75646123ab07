#include "io/store/hdf5.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>

#include "io/runtime/resources.hpp"

namespace leontief::io::h5 {

void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

namespace {

/// The text between `prefix` and the next `quote` in `text` ("" if absent).
std::string quoted_after(const std::string& text, const std::string& prefix, char quote = '\'') {
  const auto at = text.find(prefix);
  if (at == std::string::npos) return "";
  const auto begin = at + prefix.size();
  const auto end = text.find(quote, begin);
  return end == std::string::npos ? "" : text.substr(begin, end - begin);
}

/// The operating system's words for an MPI-IO error class ("MPI_ERR_NO_SPACE: ..."), or ""
/// when the class says nothing more specific than "I/O error".
std::string mpi_io_reason(const std::string& mpi_text) {
  static const std::pair<const char*, int> classes[] = {
      {"MPI_ERR_NO_SPACE", ENOSPC},      {"MPI_ERR_QUOTA", EDQUOT},
      {"MPI_ERR_ACCESS", EACCES},        {"MPI_ERR_NO_SUCH_FILE", ENOENT},
      {"MPI_ERR_READ_ONLY", EROFS},      {"MPI_ERR_FILE_EXISTS", EEXIST},
      {"MPI_ERR_BAD_FILE", ENAMETOOLONG}, {"MPI_ERR_IO", EIO}};
  for (const auto& [name, code] : classes) {
    if (mpi_text.rfind(name, 0) == 0) return std::strerror(code);
  }
  return "";
}

}  // namespace

ErrorReport last_error() {
  if (std::getenv("LEONTIEF_DEBUG_HDF5")) H5Eprint2(H5E_DEFAULT, stderr);
  const int code = errno;  // of the last failed system call, if HDF5 made one
  struct Walk {
    std::string innermost, system, mpi, checksum;
    bool low_level_io = false;
  } walk;
  // Walk upward: the innermost (most specific) error comes first.
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* data) -> herr_t {
        auto* w = static_cast<Walk*>(data);
        const std::string desc = err->desc ? err->desc : "";
        if (n == 0) w->innermost = desc;
        if (err->maj_num == H5E_IO) w->low_level_io = true;
        // POSIX driver: "... errno = 28, error message = 'No space left on device', ..."
        if (w->system.empty()) w->system = quoted_after(desc, "error message = '");
        // MPI-IO driver: "MPI_File_write_at_all failed: MPI error string is 'MPI_ERR_...'"
        if (w->mpi.empty()) w->mpi = quoted_after(desc, "MPI error string is '");
        if (w->checksum.empty() && (desc.find("Fletcher32 checksum") != std::string::npos ||
                                    desc.find("checksum verification failed") != std::string::npos ||
                                    desc.find("incorrect metadata checksum") != std::string::npos)) {
          w->checksum = "checksum mismatch: the stored bytes changed after they were written";
        }
        return 0;
      },
      &walk);
  H5Eclear2(H5E_DEFAULT);
  using Kind = ErrorReport::Kind;
  if (!walk.system.empty()) return {Kind::system, walk.system};
  const std::string mpi_reason = mpi_io_reason(walk.mpi);
  if (!mpi_reason.empty()) return {Kind::system, mpi_reason};
  if (!walk.mpi.empty() || walk.low_level_io) {
    // MPI-IO gave an unspecific class ("MPI_ERR_OTHER") or only a short count: errno, if it
    // holds an I/O failure, is the failed system call's.
    for (const int io_error : {ENOSPC, EDQUOT, EFBIG, EIO, EROFS, EACCES}) {
      if (code == io_error) return {Kind::system, std::strerror(code)};
    }
    if (!walk.mpi.empty()) return {Kind::system, walk.mpi};
  }
  if (!walk.checksum.empty()) return {Kind::checksum, walk.checksum};
  return {Kind::library, walk.innermost.empty() ? "unknown HDF5 error" : walk.innermost};
}

std::string last_error_message() { return last_error().reason; }

std::string describe_failure(const std::string& path, const std::string& doing,
                             const Failure& failure) {
  std::string reason = failure.reason();
  if (failure.report().kind != ErrorReport::Kind::system) {
    const double free_bytes = available_disk(path);
    if (free_bytes < 65536.0) reason = std::strerror(ENOSPC);  // NaN compares false
  }
  return path + ": " + doing + ": " + reason;
}

namespace detail {
void throw_h5_error(const char* call, const char* file, int line) {
  ErrorReport report = last_error();
  const std::string what = std::string("HDF5 error in ") + call + ": " + report.reason +
                           " (at " + file + ":" + std::to_string(line) + ")";
  throw Failure(what, std::move(report));
}
}  // namespace detail

RowBlock::RowBlock(hid_t dataset, hsize_t begin, hsize_t rows, hsize_t cols)
    : file(LEONTIEF_CHECK_H5(H5Dget_space(dataset))) {
  const hsize_t start[2] = {begin, 0};
  const hsize_t count[2] = {rows, cols};
  memory = Dataspace(LEONTIEF_CHECK_H5(H5Screate_simple(2, count, nullptr)));
  if (rows == 0 || cols == 0) {
    LEONTIEF_CHECK_H5(H5Sselect_none(file.get()));
    LEONTIEF_CHECK_H5(H5Sselect_none(memory.get()));
  } else {
    LEONTIEF_CHECK_H5(H5Sselect_hyperslab(file.get(), H5S_SELECT_SET, start, nullptr, count, nullptr));
  }
}

std::vector<RowSlab> row_slabs(hid_t dataset, hsize_t begin, hsize_t rows, hsize_t row_bytes,
                               hsize_t bytes) {
  PropertyList create(LEONTIEF_CHECK_H5(H5Dget_create_plist(dataset)));
  hsize_t chunk[2] = {1, 1};
  if (H5Pget_layout(create.get()) == H5D_CHUNKED) {
    LEONTIEF_CHECK_H5(H5Pget_chunk(create.get(), 2, chunk));
  }
  const hsize_t slab = std::max<hsize_t>(1, bytes / std::max<hsize_t>(1, row_bytes) / chunk[0]) *
                       chunk[0];
  std::vector<RowSlab> slabs;
  for (hsize_t first = begin, end = begin + rows; first < end;) {
    const hsize_t next = std::min(end, (first / slab + 1) * slab);
    slabs.push_back({first, next - first});
    first = next;
  }
  return slabs;
}

void pad_slabs(MPI_Comm comm, std::vector<RowSlab>& slabs, hsize_t begin) {
  const unsigned long long own = slabs.size();
  unsigned long long most = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&own, &most, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, comm));
  slabs.resize(most, RowSlab{begin, 0});
}

PropertyList collective_transfer() {
  PropertyList transfer(LEONTIEF_CHECK_H5(H5Pcreate(H5P_DATASET_XFER)));
  LEONTIEF_CHECK_H5(H5Pset_dxpl_mpio(transfer.get(), H5FD_MPIO_COLLECTIVE));
  return transfer;
}

void abandon(File& file, const std::string& path) noexcept {
  if (!file.valid()) return;
  (void)::truncate(path.c_str(), 0);
  (void)H5Fflush(file.get(), H5F_SCOPE_LOCAL);  // now with room: HDF5's cache settles
  file.reset();
  H5Eclear2(H5E_DEFAULT);
}

void flush(const File& file) { LEONTIEF_CHECK_H5(H5Fflush(file.get(), H5F_SCOPE_LOCAL)); }

PropertyList file_access(MPI_Comm comm) {
  PropertyList access(LEONTIEF_CHECK_H5(H5Pcreate(H5P_FILE_ACCESS)));
  if (comm != MPI_COMM_NULL) {
    LEONTIEF_CHECK_H5(H5Pset_fapl_mpio(access.get(), comm, MPI_INFO_NULL));
  }
  LEONTIEF_CHECK_H5(H5Pset_libver_bounds(access.get(), H5F_LIBVER_V18, H5F_LIBVER_V18));
  return access;
}

PropertyList dataset_creation(std::span<const hsize_t> dims, std::span<const hsize_t> chunk,
                              int compression_level) {
  PropertyList create(LEONTIEF_CHECK_H5(H5Pcreate(H5P_DATASET_CREATE)));
  const bool empty =
      dims.empty() || std::any_of(dims.begin(), dims.end(), [](hsize_t d) { return d == 0; });
  if (empty) return create;
  std::vector<hsize_t> clamped(dims.size());
  for (std::size_t d = 0; d < dims.size(); ++d) {
    clamped[d] = std::clamp<hsize_t>(d < chunk.size() ? chunk[d] : dims[d], 1, dims[d]);
  }
  LEONTIEF_CHECK_H5(H5Pset_chunk(create.get(), static_cast<int>(clamped.size()), clamped.data()));
  if (compression_level > 0) {
    LEONTIEF_CHECK_H5(H5Pset_shuffle(create.get()));
    LEONTIEF_CHECK_H5(H5Pset_deflate(create.get(), static_cast<unsigned>(compression_level)));
  }
  // Last, so the checksum covers the bytes as stored.
  LEONTIEF_CHECK_H5(H5Pset_fletcher32(create.get()));
  // Every value is written: no fill values first (in parallel they double the writes).
  LEONTIEF_CHECK_H5(H5Pset_fill_time(create.get(), H5D_FILL_TIME_NEVER));
  LEONTIEF_CHECK_H5(H5Pset_alloc_time(create.get(), H5D_ALLOC_TIME_INCR));
  return create;
}

std::vector<hsize_t> default_chunk(std::span<const hsize_t> dims, hsize_t rows_per_chunk,
                                   hsize_t bytes) {
  const hsize_t values = std::max<hsize_t>(bytes / 8, 1);
  if (dims.size() == 1) return {std::min<hsize_t>(std::max<hsize_t>(dims[0], 1), values)};
  const hsize_t cols = std::max<hsize_t>(dims.size() > 1 ? dims[1] : 1, 1);
  hsize_t rows = std::max<hsize_t>(values / cols, 1);
  if (rows_per_chunk > 0) rows = std::min(rows, rows_per_chunk);
  return {rows, std::min(cols, values)};
}

void probe_readable_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw InputError(path + ": " + (errno == ENOENT ? std::string("no such file")
                                                    : std::string(std::strerror(errno))));
  }
  if (S_ISDIR(info.st_mode)) throw InputError(path + ": is a directory, not a file");
  if (!S_ISREG(info.st_mode)) throw InputError(path + ": not a regular file");
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw InputError(path + ": cannot read: " + std::strerror(errno));
  ::close(fd);
}

Datatype string_type(std::size_t length) {
  // Fixed-length strings: parallel HDF5 cannot write variable-length data collectively.
  Datatype type(LEONTIEF_CHECK_H5(H5Tcopy(H5T_C_S1)));
  LEONTIEF_CHECK_H5(H5Tset_size(type.get(), std::max<std::size_t>(length, 1)));
  LEONTIEF_CHECK_H5(H5Tset_strpad(type.get(), H5T_STR_NULLPAD));
  LEONTIEF_CHECK_H5(H5Tset_cset(type.get(), H5T_CSET_UTF8));
  return type;
}

namespace {

/// True if `object` belongs to a file opened with the MPI-IO driver.
bool parallel_file(hid_t object) {
  const hid_t file = LEONTIEF_CHECK_H5(H5Iget_file_id(object));
  const hid_t access = H5Fget_access_plist(file);
  const bool parallel = access >= 0 && H5Pget_driver(access) == H5FD_MPIO;
  if (access >= 0) H5Pclose(access);
  H5Fclose(file);
  return parallel;
}

/// Reads strings stored either fixed-length or variable-length (files written by others).
std::vector<std::string> read_strings(hid_t stored_type, std::size_t count,
                                      const std::function<herr_t(hid_t, void*)>& read) {
  std::vector<std::string> values;
  values.reserve(count);
  if (LEONTIEF_CHECK_H5(H5Tis_variable_str(stored_type)) > 0) {
    Datatype type(LEONTIEF_CHECK_H5(H5Tcopy(H5T_C_S1)));
    LEONTIEF_CHECK_H5(H5Tset_size(type.get(), H5T_VARIABLE));
    std::vector<char*> pointers(count, nullptr);
    LEONTIEF_CHECK_H5(read(type.get(), pointers.data()));
    for (char* p : pointers) {
      values.emplace_back(p ? p : "");
      H5free_memory(p);
    }
    return values;
  }
  const std::size_t length = H5Tget_size(stored_type);
  Datatype type = string_type(length);
  std::vector<char> buffer(length * count + 1, '\0');
  LEONTIEF_CHECK_H5(read(type.get(), buffer.data()));
  for (std::size_t i = 0; i < count; ++i) {
    const char* begin = buffer.data() + i * length;
    values.emplace_back(begin, strnlen(begin, length));
  }
  return values;
}

}  // namespace

void write_string_attribute(hid_t object, const std::string& name, const std::string& value) {
  Datatype type = string_type(value.size());
  Dataspace space(LEONTIEF_CHECK_H5(H5Screate(H5S_SCALAR)));
  Attribute attr(LEONTIEF_CHECK_H5(
      H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT)));
  std::string padded = value;
  padded.resize(std::max<std::size_t>(value.size(), 1), '\0');
  LEONTIEF_CHECK_H5(H5Awrite(attr.get(), type.get(), padded.data()));
}

void write_int_attribute(hid_t object, const std::string& name, long long value) {
  Dataspace space(LEONTIEF_CHECK_H5(H5Screate(H5S_SCALAR)));
  Attribute attr(LEONTIEF_CHECK_H5(
      H5Acreate2(object, name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT)));
  LEONTIEF_CHECK_H5(H5Awrite(attr.get(), H5T_NATIVE_LLONG, &value));
}

bool read_string_attribute(hid_t object, const std::string& name, std::string& value) {
  if (LEONTIEF_CHECK_H5(H5Aexists(object, name.c_str())) == 0) return false;
  Attribute attr(LEONTIEF_CHECK_H5(H5Aopen(object, name.c_str(), H5P_DEFAULT)));
  Datatype stored(LEONTIEF_CHECK_H5(H5Aget_type(attr.get())));
  if (H5Tget_class(stored.get()) != H5T_STRING) return false;
  auto values = read_strings(
      stored.get(), 1, [&](hid_t type, void* buffer) { return H5Aread(attr.get(), type, buffer); });
  value = values.front();
  return true;
}

bool read_int_attribute(hid_t object, const std::string& name, long long& value) {
  if (LEONTIEF_CHECK_H5(H5Aexists(object, name.c_str())) == 0) return false;
  Attribute attr(LEONTIEF_CHECK_H5(H5Aopen(object, name.c_str(), H5P_DEFAULT)));
  LEONTIEF_CHECK_H5(H5Aread(attr.get(), H5T_NATIVE_LLONG, &value));
  return true;
}

void write_string_dataset(hid_t parent, const std::string& name,
                          const std::vector<std::string>& values, bool writer) {
  std::size_t length = 1;
  for (const auto& v : values) length = std::max(length, v.size());
  Datatype type = string_type(length);
  const hsize_t count = values.size();
  Dataspace space(LEONTIEF_CHECK_H5(H5Screate_simple(1, &count, nullptr)));
  const hsize_t chunk = std::max<hsize_t>(1, (1u << 20) / length);
  PropertyList create = dataset_creation({&count, 1}, {&chunk, 1});
  Dataset dset(LEONTIEF_CHECK_H5(H5Dcreate2(parent, name.c_str(), type.get(), space.get(),
                                            H5P_DEFAULT, create.get(), H5P_DEFAULT)));
  std::vector<char> buffer(length * count + 1, '\0');
  for (std::size_t i = 0; i < count; ++i) {
    std::copy(values[i].begin(), values[i].end(), buffer.begin() + static_cast<long>(i * length));
  }
  Dataspace file_space(LEONTIEF_CHECK_H5(H5Dget_space(dset.get())));
  Dataspace memory(LEONTIEF_CHECK_H5(H5Screate_simple(1, &count, nullptr)));
  if (!writer || count == 0) {
    LEONTIEF_CHECK_H5(H5Sselect_none(memory.get()));
    LEONTIEF_CHECK_H5(H5Sselect_none(file_space.get()));
  }
  if (count == 0) return;  // nothing to write (the same on every rank)
  // Filtered datasets of a parallel file are written collectively.
  PropertyList transfer = parallel_file(parent) ? collective_transfer()
                                                : PropertyList(H5Pcreate(H5P_DATASET_XFER));
  LEONTIEF_CHECK_H5(H5Dwrite(dset.get(), type.get(), memory.get(), file_space.get(),
                             transfer.get(), buffer.data()));
}

std::vector<std::string> read_string_dataset(hid_t parent, const std::string& name) {
  Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(parent, name.c_str(), H5P_DEFAULT)));
  Dataspace space(LEONTIEF_CHECK_H5(H5Dget_space(dset.get())));
  hsize_t count = 0;
  LEONTIEF_CHECK_H5(H5Sget_simple_extent_dims(space.get(), &count, nullptr));
  Datatype stored(LEONTIEF_CHECK_H5(H5Dget_type(dset.get())));
  if (count == 0) return {};
  return read_strings(stored.get(), count, [&](hid_t type, void* buffer) {
    return H5Dread(dset.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  });
}

}  // namespace leontief::io::h5
