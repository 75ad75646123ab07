#pragma once
/// @file exiobase3_reader.hpp
/// @brief EXIOBASE 3 monetary MRIO (ixi: 163 industries, pxp: 200 products; 49 regions),
/// every release: the system folder IOT_YYYY_ixi / IOT_YYYY_pxp, its zip, or a folder of
/// such zips. Files are pymrio text matrices (io/readers/pymrio_matrix.hpp).
///
/// | release    | read                                   | x                   | VA             |
/// |------------|----------------------------------------|---------------------|----------------|
/// | 3.4        | A, Y, satellite/F                      | (I − A)⁻¹ Y·1 (app) | F factor inputs|
/// | 3.8.x      | Z, Y, x, satellite/F                   | x.txt (checked)     | F factor inputs|
/// | 3.9, 3.10  | Z, Y, factor_inputs/F                  | Z·1 + Y·1           | F factor inputs|
/// VA falls back to x − 1'Z without a factor-input account; the metadata says which.

#include <string>

#include "io/readers/reader_support.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::io {

/// @brief Streams EXIOBASE 3 into `sink`, reading Z.txt (or A.txt), Y.txt and x.txt in
/// parallel line by line; value added from the factor-input rows of F.txt, checked against
/// x − 1'Z. A 3.4 system (A.txt, no Z.txt) needs options.gross_output (Z = A x̂) or
/// options.coefficients (A itself, x = 1).
/// @throws InputError naming the file, line and column.
void read_exiobase3(const std::string& path, const ReaderOptions& options, TableSink& sink);

/// Whether the system at `path` publishes A without Z and x (release 3.4).
bool exiobase3_publishes_coefficients_only(const std::string& path, const ReaderOptions& options);

}  // namespace leontief::io
