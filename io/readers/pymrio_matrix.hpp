#pragma once
/// @file pymrio_matrix.hpp
/// @brief A matrix in the text layout EXIOBASE 3 is published in (pandas' to_csv with
/// tabs, as pymrio writes it): one header row per column level (the level's name, blanks
/// over the other index columns, then one label per value column), usually a row of the
/// index names, then one row per index entry (index labels, values). `file_parameters.json`
/// beside the files gives each file's index columns and column levels.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "io/text/csv_fields.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

/// Index columns and header rows (column levels) of one file.
struct PymrioShape {
  std::size_t index_columns = 2;
  std::size_t column_levels = 2;
};

/// @brief Reads `file_parameters.json` (pymrio): file key -> shape, by file name
/// ("Z.txt" -> {2, 2}). Empty when the entry is absent.
/// @throws InputError naming the file when it is present but not of pymrio's form.
std::map<std::string, PymrioShape> read_file_parameters(const InputFiles& files,
                                                         const std::string& entry);

class PymrioMatrix {
 public:
  /// @brief Opens the matrix and reads its header, up to and including the first data row.
  /// `levels` are the expected names of the column levels ("region", "sector"); a file whose
  /// first rows are not those is reported as not of the EXIOBASE 3 layout, with its first line.
  /// @throws InputError naming the file and line.
  PymrioMatrix(LineReader reader, PymrioShape shape, std::vector<std::string> levels);

  /// Labels of the value columns, one vector per column level.
  const std::vector<std::vector<std::string>>& column_labels() const { return columns_; }
  std::size_t value_columns() const { return columns_.front().size(); }

  /// Moves to the next data row (the first call keeps the row read with the header);
  /// false at the end of the file (blank rows skipped).
  bool next_row();
  /// Index label `k` (0-based) of the current row.
  std::string index(std::size_t k) const { return reader_.text(k + 1); }
  /// Value of column `c` (0-based) of the current row; an empty cell reads as 0.
  double value(std::size_t c) const { return reader_.number_or_zero(shape_.index_columns + 1 + c); }
  /// Checks that the current row has index labels plus value_columns() cells.
  void check_width() const;

  csv::DelimitedReader& reader() { return reader_; }
  const csv::DelimitedReader& reader() const { return reader_; }
  std::size_t first_value_column() const { return shape_.index_columns + 1; }

 private:
  csv::DelimitedReader reader_;
  PymrioShape shape_;
  std::vector<std::vector<std::string>> columns_;
  bool pending_ = false;  // the first data row has been read but not returned
};

}  // namespace leontief::io
