#pragma once
/// @file eora26_reader.hpp
/// @brief Eora26 (189 countries x 26 sectors + a one-sector ROW, basic prices): the year's
/// zip Eora26_YYYY_bp.zip or its files Eora26_YYYY_bp_T.txt, _FD.txt, _VA.txt with the
/// label files labels_T.txt, labels_FD.txt, labels_VA.txt (tab-separated, no headers; the
/// labels may also come from indices.zip beside the archive). See docs/formats.md.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams Eora26 into `sink`, reading T and FD in parallel line by line.
/// The one-sector "ROW" block (statistical discrepancies) is left out; x = the full row
/// sum of T and FD (sales to ROW included); value added = the sum of the VA rows.
void read_eora26(const std::string& path, const ReaderOptions& options, TableSink& sink);

}  // namespace leontief::io
