#pragma once
/// @file table_readers.hpp
/// @brief The registry of table readers: format name -> function that streams a published
/// layout into a TableSink (`leontief import --format NAME`).

#include <string>
#include <vector>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

using TableReader = void (*)(const std::string& path, const ReaderOptions& options,
                             TableSink& sink);

struct TableFormat {
  const char* name;         ///< --format value
  const char* description;  ///< one line for --help and docs
  TableReader read;
};

/// Every format, in the order the help lists them.
const std::vector<TableFormat>& table_formats();

/// Names of all formats ("wide-csv", "icio", ...).
std::vector<std::string> table_format_names();

/// @brief Streams the table at `path` (file, zip or folder) in `format` into `sink`.
/// @throws InputError for an unknown format or a malformed input.
/// @note Not collective: call it on one rank.
void read_table(const std::string& format, const std::string& path, const ReaderOptions& options,
                TableSink& sink);

/// @brief Whether the input publishes coefficients A without flows Z or gross output x
/// (EXIOBASE 3.4): then read_table needs options.gross_output, solved by the caller from
/// the table read with options.coefficients (Z := A, x := 1).
bool publishes_coefficients_only(const std::string& format, const std::string& path,
                                 const ReaderOptions& options);

}  // namespace leontief::io
