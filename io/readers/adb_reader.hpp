#pragma once
/// @file adb_reader.hpp
/// @brief ADB MRIO (Asian Development Bank multiregional input-output tables, 35 sectors,
/// 62/72 economies + RoW): the table sheet of ADB-MRIO-YYYY.xlsx saved as CSV. Title rows,
/// a two-row header (country codes, then c1..c35, F1..F5, ToT), four label columns
/// (blank, sector name, country code, sector code), bottom rows r60 (total intermediate
/// inputs), r61..r68 (value-added components) and the total-input row (ToT / r69).
/// See docs/formats.md.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams an ADB MRIO table (CSV, .csv.gz, zip or folder) into `sink`.
void read_adb(const std::string& path, const ReaderOptions& options, TableSink& sink);

}  // namespace leontief::io
