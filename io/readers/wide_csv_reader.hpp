#pragma once
/// @file wide_csv_reader.hpp
/// @brief Reader of the wide CSV layout (tests/data: leather.csv, wiot_YYYY.csv.gz).
///
/// Layout: a header row whose first cell is empty, then n = G·N intermediate columns
/// labelled REGION_SECTOR, then G·F final-demand columns labelled REGION_CATEGORY (grouped
/// by destination region, same region order as the rows), then a gross-output column `GO`.
/// Then n rows REGION_SECTOR (same labels, same order as the columns), then a `VA` row and a
/// `GO` row (their final-demand and GO cells empty). Labels split at the first underscore
/// (region codes have none). Files ending in .gz are decompressed while reading.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams a wide-CSV table into `sink`.
/// @throws InputError naming the file, line and column for: unreadable or empty file,
///   a header separated by ';' or tabs, ragged rows, non-numeric or non-finite cells,
///   labels that do not form a full G x N grid or do not match between rows and columns,
///   missing VA/GO rows, negative intermediate flows or gross output, and published totals
///   that disagree with the flows (docs/formats.md): GO column against Z·1 + Y·1, GO row
///   against the GO column and against 1'Z + VA. With options.balance the totals only
///   warn (the worst row is named).
/// @note Not collective: call it on one rank.
void read_wide_csv(const std::string& path, TableSink& sink, const ReaderOptions& options = {});

}  // namespace leontief::io
