#pragma once
/// @file exiobase3_reader.hpp
/// @brief EXIOBASE 3 monetary MRIO (ixi: 163 industries, pxp: 200 products; 49 regions):
/// the system folder IOT_YYYY_ixi / IOT_YYYY_pxp or its zip, with Z.txt, Y.txt and x.txt
/// (tab-separated, region and sector header rows as written by pymrio). See docs/formats.md.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams EXIOBASE 3 into `sink`, reading Z.txt, Y.txt and x.txt in parallel line
/// by line. Value added is the residual x - 1'Z (EXIOBASE's x is Z·1 + Y·1).
/// `path`: the system folder, its zip, or a folder of such zips (`options.year` picks one).
void read_exiobase3(const std::string& path, const ReaderOptions& options, TableSink& sink);

}  // namespace leontief::io
