#include "io/store/hdf5.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

#include "io/runtime/error.hpp"

namespace leontief::io::h5 {

void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string last_error_message() {
  std::string message;
  // Walk upward: the innermost (most specific) error comes first.
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* data) -> herr_t {
        auto* out = static_cast<std::string*>(data);
        if (n == 0 && err->desc) *out = err->desc;
        return 0;
      },
      &message);
  H5Eclear2(H5E_DEFAULT);
  return message.empty() ? "unknown HDF5 error" : message;
}

namespace detail {
void throw_h5_error(const char* call, const char* file, int line) {
  throw_library_error(std::string("HDF5 error in ") + call + ": " + last_error_message(), file,
                      line);
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

PropertyList collective_transfer() {
  PropertyList transfer(LEONTIEF_CHECK_H5(H5Pcreate(H5P_DATASET_XFER)));
  LEONTIEF_CHECK_H5(H5Pset_dxpl_mpio(transfer.get(), H5FD_MPIO_COLLECTIVE));
  return transfer;
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
  Dataset dset(LEONTIEF_CHECK_H5(H5Dcreate2(parent, name.c_str(), type.get(), space.get(),
                                            H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)));
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
  LEONTIEF_CHECK_H5(
      H5Dwrite(dset.get(), type.get(), memory.get(), file_space.get(), H5P_DEFAULT, buffer.data()));
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
