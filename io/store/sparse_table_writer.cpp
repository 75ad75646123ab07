#include "io/store/sparse_table_writer.hpp"

#include <mpi.h>

#include "io/runtime/atomic_path.hpp"
#include "io/runtime/error.hpp"
#include "io/store/hdf5.hpp"
#include "io/store/table_layout.hpp"

namespace leontief::io {

namespace {

template <class T>
void write_1d(hid_t parent, const char* name, hid_t file_type, hid_t memory_type,
              const std::vector<T>& values) {
  const hsize_t count = values.size();
  h5::Dataspace space(LEONTIEF_CHECK_H5(H5Screate_simple(1, &count, nullptr)));
  h5::PropertyList create = h5::dataset_creation({&count, 1}, h5::default_chunk({&count, 1}));
  h5::Dataset dset(LEONTIEF_CHECK_H5(
      H5Dcreate2(parent, name, file_type, space.get(), H5P_DEFAULT, create.get(), H5P_DEFAULT)));
  LEONTIEF_CHECK_H5(H5Dwrite(dset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                             values.empty() ? nullptr : values.data()));
}

/// Every dataset, the labels and attributes of the table (and `extra`'s).
void write_contents(hid_t file, const SparseTable& table,
                    const std::function<void(hid_t file)>& extra) {
  const std::size_t n = table.labels.n(), fd = table.labels.final_demand_columns();
  {
    h5::Group z(
        LEONTIEF_CHECK_H5(H5Gcreate2(file, "Z", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)));
    h5::write_string_attribute(z.get(), "layout", "csr");
    write_1d(z.get(), "row_offsets", H5T_STD_U64LE, H5T_NATIVE_UINT64, table.z.offsets);
    write_1d(z.get(), "columns", H5T_STD_U64LE, H5T_NATIVE_UINT64, table.z.columns);
    write_1d(z.get(), "values", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, table.z.values);
  }
  {
    const hsize_t dims[2] = {n, fd};
    h5::Dataspace space(LEONTIEF_CHECK_H5(H5Screate_simple(2, dims, nullptr)));
    h5::PropertyList create = h5::dataset_creation(dims, h5::default_chunk(dims));
    h5::Dataset y(LEONTIEF_CHECK_H5(H5Dcreate2(file, "Y", H5T_IEEE_F64LE, space.get(),
                                               H5P_DEFAULT, create.get(), H5P_DEFAULT)));
    LEONTIEF_CHECK_H5(
        H5Dwrite(y.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, table.y.data()));
  }
  write_table_vector(file, "x", table.x);
  write_table_vector(file, "VA", table.va);
  write_table_vector(file, "x_published", table.x);
  write_table_vector(file, "VA_published", table.va);
  write_table_labels_and_attributes(file, table.labels, table.metadata, table.balanced,
                                    kSparseTableFormatVersion);
  if (extra) extra(file);
}

}  // namespace

void write_sparse_table(const std::string& path, const SparseTable& table,
                        const std::function<void(hid_t file)>& extra) {
  const std::size_t n = table.labels.n(), fd = table.labels.final_demand_columns();
  if (table.z.rows() != n || table.y.size() != n * fd || table.x.size() != n ||
      table.va.size() != n) {
    throw_library_error("sparse table arrays do not match its labels", __FILE__, __LINE__);
  }
  AtomicPath atomic(MPI_COMM_SELF, path);
  h5::File file;
  try {
    h5::naming_file(path, "cannot write", [&] {
      h5::PropertyList access = h5::file_access(MPI_COMM_NULL);
      file = h5::File(
          H5Fcreate(atomic.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()));
      if (!file.valid()) {
        throw InputError(path + ": cannot create file: " + h5::last_error_message());
      }
      write_contents(file.get(), table, extra);
      h5::flush(file);  // a full disk shows here, where the file can be abandoned cleanly
    });
  } catch (...) {
    h5::abandon(file, atomic.temp_path());
    throw;
  }
  // Closed before the rename, so a crash never leaves a complete-looking partial file.
  const hid_t id = file.get();
  file.release();
  if (H5Fclose(id) < 0) {
    throw Error(path + ": cannot finish writing: " + h5::last_error_message());
  }
  atomic.commit();
}

}  // namespace leontief::io
