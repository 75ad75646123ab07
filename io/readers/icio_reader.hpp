#pragma once
/// @file icio_reader.hpp
/// @brief OECD Inter-Country Input-Output tables (ICIO), CSV per year: the 2021 and 2023
/// releases (CCC_IND labels; CCC_HFCE, _NPISH, _GGFC, _GFCF, _INVNT, _DPABR final demand;
/// rows TLS, VA, OUT; column OUT), their extended versions with the CN1/CN2 and MX1/MX2
/// production splits, and the older layout (TAXSUB / VALU / OUTPUT, TOTAL, DISC).
/// See docs/formats.md.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams an ICIO table into `sink`. `path`: the CSV (.csv or .csv.gz), the
/// OECD zip, or a folder; with several CSVs, `options.year` picks the one whose name holds it.
/// @throws InputError naming the file, line and column.
/// @note Not collective: call it on one rank.
void read_icio(const std::string& path, const ReaderOptions& options, TableSink& sink);

}  // namespace leontief::io
