#include "io/results/result_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/resources.hpp"

namespace leontief::io {

namespace {
/// Result datasets are written by row blocks: chunks of whole rows (up to 1 MiB), so each
/// rank's block maps to few chunks.
std::vector<hsize_t> result_chunk(hsize_t rows, hsize_t cols) {
  const hsize_t dims[2] = {rows, cols};
  return h5::default_chunk(dims);
}
}  // namespace

ResultFile::~ResultFile() {
  if (!file_.valid()) return;
  if (failed_) {
    // After a failed write (a full disk), HDF5 cannot flush the file at close, and a failed
    // close leaves it in a state that crashes HDF5 at exit. The file is abandoned anyway:
    // emptying it first gives the flush room.
    int rank = 0;
    MPI_Comm_rank(comm_, &rank);
    if (rank == 0) (void)::truncate(atomic_.temp_path().c_str(), 0);
    MPI_Barrier(comm_);
    (void)H5Fflush(file_.get(), H5F_SCOPE_LOCAL);  // now with room: HDF5's cache settles
  }
  file_.reset();  // collective: every rank unwinds through here after a collective error
}

ResultFile::ResultFile(MPI_Comm comm, std::string path)
    : comm_(comm), path_(std::move(path)), atomic_(comm_, path_) {
  collectively("cannot create result file", [&] {
    h5::PropertyList access = h5::file_access(comm_);
    file_ = h5::File(
        H5Fcreate(atomic_.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()));
    if (!file_.valid()) {
      throw Error(path_ + ": cannot create result file: " + h5::last_error_message());
    }
  });
}

template <class Work>
void ResultFile::collectively(const char* doing, Work&& work) {
  // A write that fails on some ranks only (a full disk seen by the ranks that write) stops
  // every rank with one message naming the file and the operating system's reason.
  try {
    run_collectively(comm_, [&] { h5::naming_file(path_, doing, std::forward<Work>(work)); });
  } catch (...) {
    failed_ = true;
    throw;
  }
}

void ResultFile::write_metadata(const std::map<std::string, std::string>& attributes,
                                const TableLabels& labels) {
  collectively("cannot write", [&] {
    for (const auto& [key, value] : attributes) {
      h5::write_string_attribute(file_.get(), key, value);
    }
    h5::Group group(LEONTIEF_CHECK_H5(
        H5Gcreate2(file_.get(), "labels", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)));
    int rank = 0;
    LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
    h5::write_string_dataset(group.get(), "regions", labels.regions, rank == 0);
    h5::write_string_dataset(group.get(), "sectors", labels.sectors, rank == 0);
    h5::write_string_dataset(group.get(), "final_demand_categories",
                             labels.final_demand_categories, rank == 0);
  });
}

void ResultFile::write_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                              std::size_t row_begin, std::size_t local_rows,
                              const std::vector<double>& local, const std::string& row_key,
                              const std::string& column_key, const std::string& description) {
  write_matrix(name, rows, cols, row_begin, local_rows, std::span<const double>(local), row_key,
               column_key, description);
}

void ResultFile::write_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                              std::size_t row_begin, std::size_t local_rows,
                              std::span<const double> local, const std::string& row_key,
                              const std::string& column_key, const std::string& description) {
  const h5::Dataset dset =
      create_dataset(name, H5T_IEEE_F64LE, rows, cols, row_key, column_key, description);
  write_block(dset.get(), H5T_NATIVE_DOUBLE, row_begin, local_rows,
              local.empty() ? nullptr : local.data());
}

void ResultFile::write_index_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                                    std::size_t row_begin, std::size_t local_rows,
                                    const std::vector<long>& local, const std::string& row_key,
                                    const std::string& column_key,
                                    const std::string& description) {
  const h5::Dataset dset =
      create_dataset(name, H5T_STD_I64LE, rows, cols, row_key, column_key, description);
  write_block(dset.get(), H5T_NATIVE_LONG, row_begin, local_rows,
              local.empty() ? nullptr : local.data());
}

void ResultFile::create_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                               bool integer, const std::string& row_key,
                               const std::string& column_key, const std::string& description) {
  create_dataset(name, integer ? H5T_STD_I64LE : H5T_IEEE_F64LE, rows, cols, row_key, column_key,
                 description);
}

void ResultFile::write_rows(const std::string& name, std::size_t row_begin,
                            std::size_t local_rows, std::span<const double> local) {
  write_rows(name, H5T_NATIVE_DOUBLE, row_begin, local_rows, local.empty() ? nullptr : local.data());
}

void ResultFile::write_rows(const std::string& name, std::size_t row_begin,
                            std::size_t local_rows, std::span<const long> local) {
  write_rows(name, H5T_NATIVE_LONG, row_begin, local_rows, local.empty() ? nullptr : local.data());
}

void ResultFile::write_rows(const std::string& name, hid_t memory_type, std::size_t row_begin,
                            std::size_t local_rows, const void* local) {
  h5::Dataset dset;
  collectively("cannot write", [&] {
    dset = h5::Dataset(LEONTIEF_CHECK_H5(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT)));
  });
  write_block(dset.get(), memory_type, row_begin, local_rows, local);
}

void ResultFile::write_labels(const std::string& name, const std::vector<std::string>& values) {
  collectively("cannot write", [&] {
    int rank = 0;
    LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
    h5::write_string_dataset(file_.get(), name, values, rank == 0);
  });
}

void ResultFile::create_group(const std::string& name,
                              const std::map<std::string, std::string>& attributes) {
  collectively("cannot write", [&] {
    h5::Group group(LEONTIEF_CHECK_H5(
        H5Gcreate2(file_.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)));
    for (const auto& [key, value] : attributes) {
      h5::write_string_attribute(group.get(), key, value);
    }
  });
}

h5::Dataset ResultFile::create_dataset(const std::string& name, hid_t file_type,
                                       std::size_t rows, std::size_t cols,
                                       const std::string& row_key, const std::string& column_key,
                                       const std::string& description) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  // A parallel HDF5 write that meets a full disk can leave the ranks in different states
  // (a hang inside HDF5): look first, and agree. The margin covers the file's metadata.
  collectively("cannot write", [&] {
    const double bytes = static_cast<double>(rows) * static_cast<double>(cols) * 8.0;
    if (rank != 0) return;
    const double free_bytes = available_disk(atomic_.temp_path());
    if (free_bytes < bytes + (1 << 20)) {
      throw Error(path_ + ": cannot write: " + std::strerror(ENOSPC) + " (dataset /" + name +
                  " needs " + log::format_bytes(bytes) + ", " + log::format_bytes(free_bytes) +
                  " are free)");
    }
  });
  h5::Dataset dset;
  collectively("cannot write", [&] {
    const hsize_t dims[2] = {rows, cols};
    h5::Dataspace space(LEONTIEF_CHECK_H5(H5Screate_simple(2, dims, nullptr)));
    h5::PropertyList create = h5::dataset_creation(dims, result_chunk(rows, cols));
    dset = h5::Dataset(LEONTIEF_CHECK_H5(H5Dcreate2(file_.get(), name.c_str(), file_type,
                                                    space.get(), H5P_DEFAULT, create.get(),
                                                    H5P_DEFAULT)));
    h5::write_string_attribute(dset.get(), "rows", row_key);
    h5::write_string_attribute(dset.get(), "columns", column_key);
    h5::write_string_attribute(dset.get(), "description", description);
  });
  return dset;
}

void ResultFile::write_block(hid_t dataset, hid_t memory_type, std::size_t row_begin,
                             std::size_t local_rows, const void* local) {
  std::vector<h5::RowSlab> slabs;
  hsize_t cols = 0, row_bytes = 0;
  collectively("cannot write", [&] {
    h5::Dataspace space(LEONTIEF_CHECK_H5(H5Dget_space(dataset)));
    hsize_t dims[2] = {0, 0};
    LEONTIEF_CHECK_H5(H5Sget_simple_extent_dims(space.get(), dims, nullptr));
    cols = dims[1];
    row_bytes = cols * H5Tget_size(memory_type);
    slabs = h5::row_slabs(dataset, row_begin, local_rows, row_bytes);
  });
  h5::pad_slabs(comm_, slabs, row_begin);
  for (const auto& slab : slabs) {
    collectively("cannot write", [&] {
      h5::RowBlock block(dataset, slab.first, slab.count, cols);
      h5::PropertyList transfer = h5::collective_transfer();
      const auto* data = static_cast<const char*>(local) + (slab.first - row_begin) * row_bytes;
      LEONTIEF_CHECK_H5(H5Dwrite(dataset, memory_type, block.memory.get(), block.file.get(),
                                 transfer.get(), slab.count == 0 ? nullptr : data));
    });
  }
  return_freed_memory();
}

void ResultFile::close() {
  if (!file_.valid()) return;
  const herr_t rc = H5Fclose(file_.get());
  file_.release();
  const std::string reason = rc < 0 ? h5::last_error_message() : "";
  detail::agree_on_failure(comm_, rc < 0, false, path_ + ": cannot finish writing: " + reason);
}

void ResultFile::commit() {
  close();
  atomic_.commit();
}

}  // namespace leontief::io
