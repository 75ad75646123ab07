#pragma once
/// @file figaro_reader.hpp
/// @brief Eurostat FIGARO inter-country tables (one file per year, industry-by-industry or
/// product-by-product), in the "matrix" CSV layout (labels CC_CODE on both axes, final
/// demand CC_P3_S13, _P3_S14, _P3_S15, _P51G, _P5M, value-added rows W2_B2A3G, W2_D1,
/// W2_D21X31, W2_D29X39, W2_OP_RES, W2_OP_NRES) or the flat CSV (figaro_flat.hpp), told
/// apart by the header. See docs/formats.md.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams a FIGARO table into `sink` (`path`: the matrix or flat CSV, a zip, a folder
/// of CSVs, or a folder of the flat files' zips; `--year` picks among several).
/// @throws InputError naming the file, line and column.
void read_figaro(const std::string& path, const ReaderOptions& options, TableSink& sink);

}  // namespace leontief::io
