/// @file h5_damage.cpp
/// @brief Damages an HDF5 file the way a failing disk or a bad copy would, for the fault
/// tests (no h5py or h5dump on the test machines):
///   leontief_h5_damage FILE --data DATASET
///     flips one bit in the middle of the stored bytes of DATASET's first chunk (or of its
///     contiguous data);
///   leontief_h5_damage FILE --header OBJECT [BYTE]
///     flips one bit of byte BYTE (default 5) of OBJECT's object header (its metadata).
/// Prints the file offset it changed. Exit status: 0 done, 2 usage or read error.

#include <hdf5.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "leontief_h5_damage: %s\n", what.c_str());
  std::exit(2);
}

/// The file offset and length of DATASET's stored bytes (first chunk, or contiguous data).
void data_extent(const std::string& path, const std::string& name, haddr_t& offset,
                 hsize_t& length) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) fail(path + ": cannot open as HDF5");
  const hid_t dset = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  if (dset < 0) fail(path + ": no dataset " + name);
  const hid_t create = H5Dget_create_plist(dset);
  if (H5Pget_layout(create) == H5D_CHUNKED) {
    const hid_t space = H5Dget_space(dset);
    hsize_t chunks = 0;
    if (H5Dget_num_chunks(dset, space, &chunks) < 0 || chunks == 0) fail(name + ": no chunks");
    hsize_t coords[H5S_MAX_RANK] = {};
    unsigned mask = 0;
    if (H5Dget_chunk_info(dset, space, 0, coords, &mask, &offset, &length) < 0) {
      fail(name + ": cannot locate its first chunk");
    }
    H5Sclose(space);
  } else {
    offset = H5Dget_offset(dset);
    length = H5Dget_storage_size(dset);
  }
  if (offset == HADDR_UNDEF || length == 0) fail(name + ": no stored data");
  H5Pclose(create);
  H5Dclose(dset);
  H5Fclose(file);
}

haddr_t header_address(const std::string& path, const std::string& name) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) fail(path + ": cannot open as HDF5");
  H5O_info_t info;
  if (H5Oget_info_by_name2(file, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
    fail(path + ": no object " + name);
  }
  H5Fclose(file);
  return info.addr;
}

void flip(const std::string& path, haddr_t offset) {
  std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
  if (!io) fail(path + ": cannot open for writing");
  io.seekg(static_cast<std::streamoff>(offset));
  char byte = 0;
  if (!io.get(byte)) fail(path + ": cannot read byte " + std::to_string(offset));
  byte = static_cast<char>(byte ^ 0x10);
  io.seekp(static_cast<std::streamoff>(offset));
  io.put(byte);
  if (!io) fail(path + ": cannot write byte " + std::to_string(offset));
}

}  // namespace

int main(int argc, char** argv) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: leontief_h5_damage FILE --data DATASET\n"
                 "       leontief_h5_damage FILE --header OBJECT [BYTE]\n");
    return 2;
  }
  const std::string path = argv[1], mode = argv[2], name = argv[3];
  haddr_t offset = 0;
  if (mode == "--data") {
    hsize_t length = 0;
    data_extent(path, name, offset, length);
    offset += length / 2;
  } else if (mode == "--header") {
    offset = header_address(path, name) + (argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 5);
  } else {
    fail("unknown mode " + mode);
  }
  flip(path, offset);
  std::printf("flipped a bit of byte %llu of %s\n", static_cast<unsigned long long>(offset),
              path.c_str());
  return 0;
}
