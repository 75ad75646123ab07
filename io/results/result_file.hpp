#pragma once
/// @file result_file.hpp
/// @brief The HDF5 result file of a command: labelled datasets written collectively by row
/// blocks, with the run's metadata (source table, year, effective configuration, version).
/// Every dataset carries a Fletcher-32 checksum (h5::dataset_creation). A failed write
/// stops every rank with one line naming the file and the reason ("No space left on device").

#include <mpi.h>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "io/runtime/atomic_path.hpp"
#include "io/store/hdf5.hpp"
#include "io/store/table_labels.hpp"

namespace leontief::io {

class ResultFile {
 public:
  /// @brief Creates the file under a temporary name (see AtomicPath).
  /// @note Collective on `comm`.
  ResultFile(MPI_Comm comm, std::string path);
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;
  /// Closes the file if still open (it is then removed with its temporary name).
  ~ResultFile();

  /// @brief Writes root attributes (string values) and the table's labels under /labels.
  /// @note Collective; every rank passes the same values.
  void write_metadata(const std::map<std::string, std::string>& attributes,
                      const TableLabels& labels);

  /// @brief Writes a rows x cols dataset; this rank contributes rows
  /// [row_begin, row_begin + local_rows) from `local` (row-major, local_rows x cols).
  /// `row_key`/`column_key` describe what indexes the rows and columns (stored as attributes,
  /// e.g. "source region x sector", "destination region").
  /// @note Collective, also on ranks with no rows.
  void write_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                    std::size_t row_begin, std::size_t local_rows,
                    const std::vector<double>& local, const std::string& row_key,
                    const std::string& column_key, const std::string& description);

  /// @brief write_matrix from storage that is not a std::vector (a large dense result in
  /// its own buffer): `local` holds local_rows x cols values, row-major.
  /// @note Collective, also on ranks with no rows.
  void write_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                    std::size_t row_begin, std::size_t local_rows, std::span<const double> local,
                    const std::string& row_key, const std::string& column_key,
                    const std::string& description);

  /// @brief Like write_matrix, for integer data (label indices of tidy tables).
  /// @note Collective.
  void write_index_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                          std::size_t row_begin, std::size_t local_rows,
                          const std::vector<long>& local, const std::string& row_key,
                          const std::string& column_key, const std::string& description);

  /// @brief Writes a 1-D dataset of strings (labels of a result's own keys, e.g. scenario
  /// names); every rank passes the same values.
  /// @note Collective.
  void write_labels(const std::string& name, const std::vector<std::string>& values);

  /// @brief Creates a group (e.g. one per decomposition method) with a description.
  /// @note Collective.
  void create_group(const std::string& name, const std::map<std::string, std::string>& attributes);

  /// @brief Closes the file (still under its temporary name). @note Collective.
  void close();

  /// @brief Closes the file if needed and renames it into place. Commands commit all their
  /// outputs together at the end, so a failure anywhere leaves every older result intact.
  /// @note Collective.
  void commit();

 private:
  template <class Work>
  void collectively(const char* doing, Work&& work);
  void write_block(const std::string& name, hid_t file_type, hid_t memory_type,
                   std::size_t rows, std::size_t cols, std::size_t row_begin,
                   std::size_t local_rows, const void* local, const std::string& row_key,
                   const std::string& column_key, const std::string& description);

  MPI_Comm comm_;
  std::string path_;
  AtomicPath atomic_;
  h5::File file_;
  bool failed_ = false;  // a write failed: the file is abandoned
};

}  // namespace leontief::io
