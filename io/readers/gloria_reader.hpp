#pragma once
/// @file gloria_reader.hpp
/// @brief GLORIA (the Global Resource Input-Output Assessment MRIO, University of Sydney):
/// the release's `…_T-Results_YYYY_NNN_Markup001(full).csv` (transactions), `_Y-` (final
/// demand) and `_V-` (value added) at basic prices, CSV without headers; labels from the
/// sheets Regions, Sectors and "Value added and final demand" of the release's ReadMe
/// workbook (GLORIA_ReadMe_NNN.xlsx), read directly.
///
/// T is a supply-use system: each region's N industries, then its N products, on both axes.
/// Industry rows hold the supply (make) table V (industry x product), product rows the use
/// table U (product x industry). The table is built:
/// - industry by industry (default), Eurostat model D, fixed product sales structure:
///   D = V q̂⁻¹, Z = D U, Y = D Y_p, VA = VA_industries, x = g = V·1;
/// - product by product (options.product_by_product), Eurostat model B, industry
///   technology: Z = U ĝ⁻¹ V, Y = Y_p, VA = VA ĝ⁻¹ V, x = q = U·1 + Y_p·1.
/// q is product output (use plus final demand), g industry output. See docs/formats.md.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams GLORIA into `sink` from a folder (the year's CSVs and the ReadMe, or the
/// GLORIA_MRIOs zips and the ReadMe), a GLORIA_MRIOs zip (ReadMe inside or beside it).
/// Supply must be region-block-diagonal (each industry supplies its own region's products).
/// @throws InputError naming the file, line and column.
void read_gloria(const std::string& path, const ReaderOptions& options, TableSink& sink);

}  // namespace leontief::io
