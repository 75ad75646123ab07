#include "io/results/result_file.hpp"

#include "io/runtime/error.hpp"

namespace leontief::io {

ResultFile::ResultFile(MPI_Comm comm, std::string path)
    : comm_(comm), path_(std::move(path)), atomic_(comm_, path_) {
  h5::PropertyList access(LEONTIEF_CHECK_H5(H5Pcreate(H5P_FILE_ACCESS)));
  LEONTIEF_CHECK_H5(H5Pset_fapl_mpio(access.get(), comm_, MPI_INFO_NULL));
  file_ =
      h5::File(H5Fcreate(atomic_.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()));
  if (!file_.valid()) {
    throw InputError(path_ + ": cannot create result file: " + h5::last_error_message());
  }
}

void ResultFile::write_metadata(const std::map<std::string, std::string>& attributes,
                                const TableLabels& labels) {
  for (const auto& [key, value] : attributes) {
    h5::write_string_attribute(file_.get(), key, value);
  }
  h5::Group group(
      LEONTIEF_CHECK_H5(H5Gcreate2(file_.get(), "labels", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)));
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  h5::write_string_dataset(group.get(), "regions", labels.regions, rank == 0);
  h5::write_string_dataset(group.get(), "sectors", labels.sectors, rank == 0);
  h5::write_string_dataset(group.get(), "final_demand_categories", labels.final_demand_categories,
                           rank == 0);
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
  const h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT)));
  write_block(dset.get(), memory_type, row_begin, local_rows, local);
}

void ResultFile::write_labels(const std::string& name, const std::vector<std::string>& values) {
  int rank = 0;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  h5::write_string_dataset(file_.get(), name, values, rank == 0);
}

void ResultFile::create_group(const std::string& name,
                              const std::map<std::string, std::string>& attributes) {
  h5::Group group(LEONTIEF_CHECK_H5(
      H5Gcreate2(file_.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)));
  for (const auto& [key, value] : attributes) h5::write_string_attribute(group.get(), key, value);
}

h5::Dataset ResultFile::create_dataset(const std::string& name, hid_t file_type,
                                       std::size_t rows, std::size_t cols,
                                       const std::string& row_key, const std::string& column_key,
                                       const std::string& description) {
  const hsize_t dims[2] = {rows, cols};
  h5::Dataspace space(LEONTIEF_CHECK_H5(H5Screate_simple(2, dims, nullptr)));
  h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dcreate2(file_.get(), name.c_str(), file_type,
                                                space.get(), H5P_DEFAULT, H5P_DEFAULT,
                                                H5P_DEFAULT)));
  h5::write_string_attribute(dset.get(), "rows", row_key);
  h5::write_string_attribute(dset.get(), "columns", column_key);
  h5::write_string_attribute(dset.get(), "description", description);
  return dset;
}

void ResultFile::write_block(hid_t dataset, hid_t memory_type, std::size_t row_begin,
                             std::size_t local_rows, const void* local) {
  h5::Dataspace space(LEONTIEF_CHECK_H5(H5Dget_space(dataset)));
  hsize_t dims[2] = {0, 0};
  LEONTIEF_CHECK_H5(H5Sget_simple_extent_dims(space.get(), dims, nullptr));
  h5::RowBlock block(dataset, row_begin, local_rows, dims[1]);
  LEONTIEF_CHECK_H5(H5Dwrite(dataset, memory_type, block.memory.get(), block.file.get(),
                             h5::collective_transfer().get(), local));
}

void ResultFile::close() {
  if (!file_.valid()) return;
  const herr_t rc = H5Fclose(file_.get());
  file_.release();
  int bad = rc < 0 ? 1 : 0, any_bad = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&bad, &any_bad, 1, MPI_INT, MPI_MAX, comm_));
  if (any_bad) throw InputError(path_ + ": cannot finish writing the result file", true);
}

void ResultFile::commit() {
  close();
  atomic_.commit();
}

}  // namespace leontief::io
