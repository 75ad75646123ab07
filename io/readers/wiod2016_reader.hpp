#pragma once
/// @file wiod2016_reader.hpp
/// @brief WIOD 2016 release (43 countries + ROW x 56 industries, 2000-2014): the world
/// input-output table sheet (WIOT20YY_Nov16_ROW) saved as CSV. Header block of four rows
/// (industry codes, descriptions, countries, column numbers c1..c62), four label columns,
/// five final-demand columns per economy (CONS_h, CONS_np, CONS_g, GFCF, INVEN), GO; bottom
/// rows II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM, GO. See docs/formats.md.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams a WIOD 2016 table (CSV, .csv.gz, zip or folder) into `sink`.
/// Value added = the rows between II_fob and GO (TXSP + EXP_adj + PURR + PURNR + VA +
/// IntTTM), so that GO = II_fob + value added.
void read_wiod2016(const std::string& path, const ReaderOptions& options, TableSink& sink);

}  // namespace leontief::io
