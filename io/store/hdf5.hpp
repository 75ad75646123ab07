#pragma once
/// @file hdf5.hpp
/// @brief RAII handles and the error check for the HDF5 C API.

#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

namespace leontief::io::h5 {

/// Silences HDF5's own stack printing; errors are reported through exceptions instead.
void silence_library_errors();

/// The innermost message of HDF5's current error stack (then clears the stack).
std::string last_error_message();

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

namespace detail {
[[noreturn]] void throw_h5_error(const char* call, const char* file, int line);
}

/// The file and memory selections of rows [begin, begin + rows) of a 2-D dataset with `cols`
/// columns; an empty block selects nothing, so ranks without rows still join collective I/O.
struct RowBlock {
  Dataspace file, memory;
  RowBlock(hid_t dataset, hsize_t begin, hsize_t rows, hsize_t cols);
};

/// A transfer property list for collective MPI-IO reads and writes.
PropertyList collective_transfer();

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
