#include "io/store/table_store.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/interrupt.hpp"
#include "io/runtime/log.hpp"
#include "io/runtime/resources.hpp"

namespace leontief::io {

namespace {

void write_rows(hid_t dataset, hsize_t begin, hsize_t rows, hsize_t cols, const double* data,
                hid_t transfer) {
  h5::RowBlock block(dataset, begin, rows, cols);
  LEONTIEF_CHECK_H5(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, block.memory.get(), block.file.get(),
                             transfer, data));
}

}  // namespace

// ---------------------------------------------------------------- TableStoreWriter

TableStoreWriter::TableStoreWriter(std::string path, bool balance, int compression_level)
    : path_(std::move(path)),
      balance_(balance),
      compression_level_(compression_level),
      atomic_(MPI_COMM_SELF, path_) {}

TableStoreWriter::~TableStoreWriter() {
  // Not committed: the file is abandoned (and removed with its temporary name).
  z_.reset();
  y_.reset();
  h5::abandon(file_, atomic_.temp_path());
}

void TableStoreWriter::begin(const TableLabels& labels, const TableMetadata& metadata) {
  h5::naming_file(path_, "cannot write", [&] { create(labels, metadata); });
}

void TableStoreWriter::create(const TableLabels& labels, const TableMetadata& metadata) {
  labels_ = labels;
  metadata_ = metadata;
  const hsize_t n = labels_.n();
  h5::PropertyList access = h5::file_access(MPI_COMM_NULL);
  file_ = h5::File(
      H5Fcreate(atomic_.temp_path().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()));
  if (!file_.valid()) {
    throw InputError(path_ + ": cannot create file: " + h5::last_error_message());
  }
  const hsize_t block = labels_.sector_count();
  z_ = create_table_matrix(file_.get(), "Z", n, n, block, compression_level_);
  y_ = create_table_matrix(file_.get(), "Y", n, labels_.final_demand_columns(), block,
                           compression_level_);
  z_block_.assign(block * n, 0.0);
  y_block_.assign(block * labels_.final_demand_columns(), 0.0);
  row_total_.assign(n, 0.0);
  input_total_.assign(n, 0.0);
  gross_output_.assign(n, 0.0);
  block_begin_ = block_rows_ = 0;
}

void TableStoreWriter::row(std::size_t i, std::span<const double> intermediate,
                           std::span<const double> final_demand, double gross_output) {
  throw_if_interrupted();  // one rank writes (inside run_collectively): a local check
  h5::naming_file(path_, "cannot write",
                  [&] { store_row(i, intermediate, final_demand, gross_output); });
}

void TableStoreWriter::store_row(std::size_t i, std::span<const double> intermediate,
                                 std::span<const double> final_demand, double gross_output) {
  const std::size_t n = labels_.n();
  const std::size_t fd = labels_.final_demand_columns();
  if (i != block_begin_ + block_rows_ || intermediate.size() != n || final_demand.size() != fd) {
    throw_library_error("table rows must arrive in order with n + G*F values", __FILE__, __LINE__);
  }
  std::copy(intermediate.begin(), intermediate.end(), z_block_.begin() + block_rows_ * n);
  double* y_row = y_block_.data() + block_rows_ * fd;
  std::copy(final_demand.begin(), final_demand.end(), y_row);
  double total = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    total += intermediate[j];
    input_total_[j] += intermediate[j];
  }
  for (std::size_t k = 0; k < fd; ++k) total += y_row[k];
  bool has_negative = false;
  for (std::size_t k = 0; k < fd; ++k) has_negative = has_negative || y_row[k] < 0.0;
  if (balance_ && total <= 0.0 && has_negative) {
    // Inventory drawdowns as large as all sales (WIOD 1995 LUX_c5): a zero or negative gross
    // output carries no value added into the sales, so the row's negative final demand is
    // dropped and reported.
    total = 0.0;
    for (std::size_t j = 0; j < n; ++j) total += intermediate[j];
    for (std::size_t k = 0; k < fd; ++k) {
      if (y_row[k] < 0.0) y_row[k] = 0.0;
      total += y_row[k];
    }
    log::warn(input_location(metadata_.input_file, labels_.row_label(i),
                             "--balance: Z·1 + Y·1 is not positive; its negative final demand "
                             "(inventory changes) is set to 0, giving x = " +
                                 std::to_string(total)));
  }
  row_total_[i] = total;
  gross_output_[i] = gross_output;
  if (++block_rows_ == labels_.sector_count()) flush_block();
}

void TableStoreWriter::flush_block() {
  if (block_rows_ == 0) return;
  write_rows(z_.get(), block_begin_, block_rows_, labels_.n(), z_block_.data(), H5P_DEFAULT);
  write_rows(y_.get(), block_begin_, block_rows_, labels_.final_demand_columns(), y_block_.data(),
             H5P_DEFAULT);
  block_begin_ += block_rows_;
  block_rows_ = 0;
}

void TableStoreWriter::finish(std::span<const double> value_added) {
  h5::naming_file(path_, "cannot write", [&] { store_totals(value_added); });
}

void TableStoreWriter::store_totals(std::span<const double> value_added) {
  flush_block();
  const std::size_t n = labels_.n();
  if (block_begin_ != n || value_added.size() != n) {
    throw_library_error("table ended before all rows were written", __FILE__, __LINE__);
  }
  std::vector<double> x = gross_output_;
  std::vector<double> va(value_added.begin(), value_added.end());
  if (balance_) {
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = row_total_[i];
      va[i] = x[i] - input_total_[i];
      if (x[i] < 0.0) {
        throw InputError(input_location(
            metadata_.input_file, labels_.row_label(i),
            "--balance gives negative gross output Z·1 + Y·1 = " + std::to_string(x[i])));
      }
    }
  }
  if (balance_) {
    book_unsold_output(x, va);
    metadata_.derivation = "--balance: x = Z·1 + Y·1, VA = x - 1'Z (published: x_published, " +
                           std::string("VA_published") +
                           (metadata_.derivation.empty() ? ")" : "; " + metadata_.derivation + ")");
  }
  for (std::size_t j = 0; j < n; ++j) {
    // A sector with no output but some inputs cannot be turned into coefficients.
    if (x[j] == 0.0 && input_total_[j] != 0.0) {
      throw InputError(input_location(metadata_.input_file, labels_.row_label(j),
                                      "zero gross output but nonzero intermediate inputs"));
    }
  }
  write_table_vector(file_.get(), "x", x);
  write_table_vector(file_.get(), "VA", va);
  write_table_vector(file_.get(), "x_published", gross_output_);
  write_table_vector(file_.get(), "VA_published",
                     std::vector<double>(value_added.begin(), value_added.end()));
  write_table_labels_and_attributes(file_.get(), labels_, metadata_, balance_,
                                    kDenseTableFormatVersion);
}

void TableStoreWriter::book_unsold_output(std::vector<double>& x, std::vector<double>& va) {
  // A sector that buys inputs but (after rounding) sells nothing would get x = 0 and lose
  // its inputs from every identity. Its output is taken as equal to its inputs and, being
  // unsold, booked as an inventory change of its own economy: the last final-demand
  // category (changes in inventories in WIOD, ICIO, EXIOBASE).
  const std::size_t F = labels_.category_count();
  for (std::size_t j = 0; j < labels_.n(); ++j) {
    if (x[j] > 0.0 || input_total_[j] <= 0.0) continue;
    const double unsold = input_total_[j] - x[j];
    const hsize_t cell[2] = {j, labels_.region_of_row(j) * F + F - 1};
    double inventory = 0.0;
    h5::Dataspace file_space(LEONTIEF_CHECK_H5(H5Dget_space(y_.get())));
    const hsize_t one[2] = {1, 1};
    h5::Dataspace memory(LEONTIEF_CHECK_H5(H5Screate_simple(2, one, nullptr)));
    LEONTIEF_CHECK_H5(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, cell, nullptr, one, nullptr));
    LEONTIEF_CHECK_H5(H5Dread(y_.get(), H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT, &inventory));
    inventory += unsold;
    LEONTIEF_CHECK_H5(H5Dwrite(y_.get(), H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT, &inventory));
    x[j] = input_total_[j];
    va[j] = 0.0;
    log::warn(input_location(metadata_.input_file, labels_.row_label(j),
                             "--balance: the sector buys inputs (" + std::to_string(input_total_[j]) +
                                 ") but sells nothing; its output is set to its inputs and booked "
                                 "as an inventory change of " +
                                 labels_.final_demand_label(cell[1])));
  }
}

void TableStoreWriter::commit() {
  z_.reset();
  y_.reset();
  // A full disk shows in the flush, while the file can still be abandoned cleanly.
  h5::naming_file(path_, "cannot finish writing", [&] { h5::flush(file_); });
  if (file_.valid() && H5Fclose(file_.get()) < 0) {
    file_.release();
    throw Error(path_ + ": cannot finish writing: " + h5::last_error_message());
  }
  file_.release();  // already closed above
  atomic_.commit();
}

// ---------------------------------------------------------------- TableFile

TableFile::TableFile(MPI_Comm comm, std::string path) : comm_(comm), path_(std::move(path)) {
  // Every rank opens the same file; agreeing on failure keeps one message and no hang.
  run_collectively(comm_, [&] { open(); });
}

void TableFile::open() {
  // A directory or an unreadable file is told before MPI-IO sees it (it prints its own
  // errors otherwise, on every rank).
  h5::probe_readable_file(path_);
  h5::PropertyList access(LEONTIEF_CHECK_H5(H5Pcreate(H5P_FILE_ACCESS)));
  LEONTIEF_CHECK_H5(H5Pset_fapl_mpio(access.get(), comm_, MPI_INFO_NULL));
  file_ = h5::File(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, access.get()));
  if (!file_.valid()) {
    const h5::ErrorReport error = h5::last_error();
    fail("cannot open as HDF5 (truncated, damaged or not an HDF5 file): " +
         (error.kind == h5::ErrorReport::Kind::checksum ? "its metadata " + error.reason
                                                        : error.reason));
  }
  try {
    validate();
  } catch (const h5::Failure& f) {
    // The superblock was fine, but an object header, index or heap behind it is not: HDF5's
    // own words ("format version 0 not supported") mean nothing to a user.
    fail(f.report().kind == h5::ErrorReport::Kind::system
             ? "cannot read: " + f.reason()
             : "the file is damaged: its HDF5 metadata cannot be read" +
                   std::string(f.report().kind == h5::ErrorReport::Kind::checksum
                                   ? " (checksum mismatch)"
                                   : "") +
                   "; re-create it with `leontief import` or restore a copy");
  }
}

void TableFile::validate() {
  const hid_t root = file_.get();
  std::string format;
  long long version = 0;
  if (!h5::read_string_attribute(root, "format", format) || format != kTableFormat) {
    fail(
        "not a leontief table (no format=\"leontief-table\" attribute); create one with "
        "`leontief import`");
  }
  h5::read_int_attribute(root, "format_version", version);
  if (version != kDenseTableFormatVersion && version != kSparseTableFormatVersion) {
    fail("table format version " + std::to_string(version) + " is not supported (expected " +
         std::to_string(kDenseTableFormatVersion) + " or " +
         std::to_string(kSparseTableFormatVersion) + ")");
  }
  if (H5Lexists(root, "labels", H5P_DEFAULT) <= 0) fail("missing group /labels");
  {
    h5::Group labels(LEONTIEF_CHECK_H5(H5Gopen2(root, "labels", H5P_DEFAULT)));
    for (const char* name : {"regions", "sectors", "final_demand_categories"}) {
      if (H5Lexists(labels.get(), name, H5P_DEFAULT) <= 0) {
        fail(std::string("missing dataset /labels/") + name);
      }
    }
    labels_.regions = h5::read_string_dataset(labels.get(), "regions");
    labels_.sectors = h5::read_string_dataset(labels.get(), "sectors");
    labels_.final_demand_categories =
        h5::read_string_dataset(labels.get(), "final_demand_categories");
    long long year = 0, balanced = 0;
    h5::read_string_attribute(root, "source", metadata_.source);
    h5::read_int_attribute(root, "year", year);
    h5::read_string_attribute(root, "units", metadata_.units);
    h5::read_string_attribute(root, "input_file", metadata_.input_file);
    h5::read_string_attribute(root, "derivation", metadata_.derivation);
    h5::read_int_attribute(root, "balanced", balanced);
    metadata_.year = static_cast<int>(year);
    balanced_ = balanced != 0;
  }
  const hsize_t n = labels_.n();
  if (n == 0) fail("table has no economies or no sectors");
  const auto expect = [&](const std::string& name, std::vector<hsize_t> dims) {
    const auto got = shape(name);
    if (got != dims) {
      std::string want =
          std::to_string(dims[0]) + (dims.size() > 1 ? " x " + std::to_string(dims[1]) : "");
      fail("dataset /" + name + " has the wrong shape (expected " + want +
           " from the labels: " + std::to_string(labels_.region_count()) + " regions x " +
           std::to_string(labels_.sector_count()) + " sectors)");
    }
  };
  if (H5Lexists(root, "Z", H5P_DEFAULT) <= 0) fail("missing dataset /Z");
  {
    const hid_t object = LEONTIEF_CHECK_H5(H5Oopen(root, "Z", H5P_DEFAULT));
    sparse_z_ = H5Iget_type(object) == H5I_GROUP;
    H5Oclose(object);
  }
  if (sparse_z_ && version < kSparseTableFormatVersion) {
    fail("/Z is a group (CSR layout) but the table says format version " +
         std::to_string(version) + "; CSR needs version 2");
  }
  if (sparse_z_) {
    open_sparse_intermediate();
  } else {
    expect("Z", {n, n});
  }
  expect("Y", {n, labels_.final_demand_columns()});
  expect("x", {n});
  expect("VA", {n});
}

void TableFile::fail(const std::string& what) const { throw InputError(path_ + ": " + what); }

void TableFile::report_read(herr_t rc, const std::string& name) const {
  std::string message;
  if (rc < 0) {
    const h5::ErrorReport error = h5::last_error();
    using Kind = h5::ErrorReport::Kind;
    message = path_ + ": dataset /" + name +
              (error.kind == Kind::checksum ? " is damaged: " + error.reason
               : error.kind == Kind::system ? ": cannot read: " + error.reason
                                            : ": cannot read (truncated or damaged file?): " +
                                                  error.reason);
  }
  detail::agree_on_failure(comm_, rc < 0, true, message);
}

std::vector<hsize_t> TableFile::shape(const std::string& name) const {
  if (H5Lexists(file_.get(), name.c_str(), H5P_DEFAULT) <= 0) fail("missing dataset /" + name);
  h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT)));
  h5::Dataspace space(LEONTIEF_CHECK_H5(H5Dget_space(dset.get())));
  const int rank = LEONTIEF_CHECK_H5(H5Sget_simple_extent_ndims(space.get()));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  LEONTIEF_CHECK_H5(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr));
  return dims;
}

void TableFile::open_sparse_intermediate() {
  const hsize_t n = labels_.n();
  h5::Group group(LEONTIEF_CHECK_H5(H5Gopen2(file_.get(), "Z", H5P_DEFAULT)));
  std::string layout;
  if (!h5::read_string_attribute(group.get(), "layout", layout) || layout != "csr") {
    fail("/Z is a group but has no layout=\"csr\" attribute");
  }
  const auto length = [&](const std::string& name) {
    const auto dims = shape("Z/" + name);
    if (dims.size() != 1) fail("dataset /Z/" + name + " is not a vector");
    return dims[0];
  };
  if (length("row_offsets") != n + 1) {
    fail("dataset /Z/row_offsets has " + std::to_string(length("row_offsets")) +
         " entries; expected n + 1 = " + std::to_string(n + 1) + " from the labels");
  }
  z_nonzeros_ = length("values");
  if (length("columns") != z_nonzeros_) {
    fail("datasets /Z/columns and /Z/values differ in length (" +
         std::to_string(length("columns")) + " and " + std::to_string(z_nonzeros_) + ")");
  }
  h5::Dataset offsets(LEONTIEF_CHECK_H5(H5Dopen2(file_.get(), "Z/row_offsets", H5P_DEFAULT)));
  const auto offset_at = [&](hsize_t index) {
    h5::Dataspace file_space(LEONTIEF_CHECK_H5(H5Dget_space(offsets.get())));
    const hsize_t one = 1;
    h5::Dataspace memory(LEONTIEF_CHECK_H5(H5Screate_simple(1, &one, nullptr)));
    LEONTIEF_CHECK_H5(
        H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &index, nullptr, &one, nullptr));
    std::uint64_t value = 0;
    if (H5Dread(offsets.get(), H5T_NATIVE_UINT64, memory.get(), file_space.get(), H5P_DEFAULT,
                &value) < 0) {
      const h5::ErrorReport error = h5::last_error();
      fail("dataset /Z/row_offsets " +
           (error.kind == h5::ErrorReport::Kind::checksum
                ? "is damaged: " + error.reason
                : "cannot be read (truncated or damaged file?): " + error.reason));
    }
    return value;
  };
  const std::uint64_t first = offset_at(0), last = offset_at(n);
  if (first != 0 || last != z_nonzeros_) {
    fail("/Z/row_offsets must start at 0 and end at the number of nonzeros " +
         std::to_string(z_nonzeros_) + " (found " + std::to_string(first) + " and " +
         std::to_string(last) + ")");
  }
}

void TableFile::read_slice(const std::string& name, hid_t type, std::size_t begin,
                           std::size_t count, void* out) const {
  h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT)));
  h5::RowBlock block(dset.get(), begin, count, 1);
  // A named transfer list: a temporary's H5Pclose would clear the error stack before
  // report_read() reads it.
  const h5::PropertyList transfer = h5::collective_transfer();
  const herr_t rc =
      H5Dread(dset.get(), type, block.memory.get(), block.file.get(), transfer.get(), out);
  report_read(rc, name);
}

SparseRows TableFile::read_intermediate_rows(std::size_t begin, std::size_t count) const {
  return sparse_z_ ? read_csr_rows(begin, count) : read_dense_rows_as_csr(begin, count);
}

SparseRows TableFile::read_csr_rows(std::size_t begin, std::size_t count) const {
  SparseRows rows;
  rows.offsets.resize(count + 1);
  read_slice("Z/row_offsets", H5T_NATIVE_UINT64, begin, count > 0 ? count + 1 : 0,
             rows.offsets.data());
  const std::uint64_t first = count > 0 ? rows.offsets.front() : 0;
  run_collectively(comm_, [&] {
    for (std::size_t r = 0; r < count; ++r) {
      if (rows.offsets[r + 1] < rows.offsets[r] || rows.offsets[r + 1] > z_nonzeros_) {
        fail("/Z/row_offsets: row " + labels_.row_label(begin + r) + " (index " +
             std::to_string(begin + r) + ") ends at " + std::to_string(rows.offsets[r + 1]) +
             ", before its start or past the " + std::to_string(z_nonzeros_) + " nonzeros");
      }
    }
  });
  const std::size_t entries = count > 0 ? rows.offsets.back() - first : 0;
  rows.columns.resize(entries);
  rows.values.resize(entries);
  read_slice("Z/columns", H5T_NATIVE_UINT64, first, entries, rows.columns.data());
  read_slice("Z/values", H5T_NATIVE_DOUBLE, first, entries, rows.values.data());
  for (auto& offset : rows.offsets) offset -= first;
  const std::uint64_t n = labels_.n();
  run_collectively(comm_, [&] {
    for (std::size_t r = 0; r < count; ++r) {
      for (std::uint64_t k = rows.offsets[r]; k < rows.offsets[r + 1]; ++k) {
        const std::uint64_t j = rows.columns[k];
        if (j >= n || (k > rows.offsets[r] && j <= rows.columns[k - 1])) {
          fail("/Z/columns: row " + labels_.row_label(begin + r) + ": column index " +
               std::to_string(j) +
               (j >= n ? " is out of range (n = " + std::to_string(n) + ")"
                       : " is not increasing (duplicate or unsorted entry)"));
        }
      }
    }
  });
  return rows;
}

SparseRows TableFile::read_dense_rows_as_csr(std::size_t begin, std::size_t count) const {
  // One economy block at a time, so only the nonzeros are ever kept; ranks with fewer
  // blocks join the collective reads with empty selections.
  const std::size_t n = labels_.n(), block = labels_.sector_count();
  int blocks = static_cast<int>((count + block - 1) / block), max_blocks = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&blocks, &max_blocks, 1, MPI_INT, MPI_MAX, comm_));
  SparseRows rows;
  for (int b = 0; b < max_blocks; ++b) {
    const std::size_t first = static_cast<std::size_t>(b) * block;
    const std::size_t take = first < count ? std::min(block, count - first) : 0;
    const auto dense = read_rows("Z", take > 0 ? begin + first : 0, take);
    for (std::size_t r = 0; r < take; ++r) {
      for (std::size_t j = 0; j < n; ++j) {
        const double z = dense[r * n + j];
        if (z != 0.0) {  // NaN != 0 as well, so validation still sees it
          rows.columns.push_back(j);
          rows.values.push_back(z);
        }
      }
      rows.offsets.push_back(rows.columns.size());
    }
  }
  return rows;
}

std::vector<double> TableFile::read_rows(const std::string& name, std::size_t begin,
                                         std::size_t count) const {
  if (name == "Z" && sparse_z_) {
    const std::size_t n = labels_.n();
    const SparseRows rows = read_csr_rows(begin, count);
    std::vector<double> out(count * n, 0.0);
    for (std::size_t r = 0; r < count; ++r) {
      for (std::uint64_t k = rows.offsets[r]; k < rows.offsets[r + 1]; ++k) {
        out[r * n + rows.columns[k]] = rows.values[k];
      }
    }
    return out;
  }
  const auto dims = shape(name);
  const hsize_t cols = dims.size() == 2 ? dims[1] : 1;
  std::vector<double> out(count * cols);
  h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT)));
  auto slabs = h5::row_slabs(dset.get(), begin, count, cols * sizeof(double));
  h5::pad_slabs(comm_, slabs, begin);
  const h5::PropertyList transfer = h5::collective_transfer();
  for (const auto& slab : slabs) {
    h5::RowBlock block(dset.get(), slab.first, slab.count, cols);
    double* into = out.data() + (slab.first - begin) * cols;
    const herr_t rc = H5Dread(dset.get(), H5T_NATIVE_DOUBLE, block.memory.get(),
                              block.file.get(), transfer.get(), slab.count == 0 ? nullptr : into);
    // A damaged chunk fails on the ranks that own it only: agree before reporting.
    report_read(rc, name);
  }
  return_freed_memory();  // the slabs' chunk buffers
  return out;
}

std::vector<double> TableFile::read_vector(const std::string& name) const {
  const auto dims = shape(name);
  if (dims.size() != 1) fail("dataset /" + name + " is not a vector");
  std::vector<double> out(dims[0]);
  h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT)));
  const herr_t rc =
      H5Dread(dset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  report_read(rc, name);
  return out;
}

}  // namespace leontief::io
