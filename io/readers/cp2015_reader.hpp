#pragma once
/// @file cp2015_reader.hpp
/// @brief Readers of the Caliendo & Parro (2015) replication inputs (base year 1993): plain
/// whitespace-separated number matrices without labels, in the layout of the authors'
/// Matlab code. N = 31 economies, J = 40 sectors, the first 20 tradable.
///
/// | file               | shape        | content                                            |
/// |--------------------|--------------|----------------------------------------------------|
/// | xbilat1993.txt     | (Jt·N) x N   | bilateral trade, thousands of USD; block j, row n =
/// importer, column i = exporter | | tariffs1993.txt    | (Jt·N) x N   | ad-valorem tariffs in
/// percent, same layout         | | tariffs2005.txt    | (Jt·N) x N   | same, 2005 | | IO.txt |
/// (N·J) x J    | block n: share of input k (row) in sector j's (column) intermediate spending | |
/// B.txt              | J x N        | value-added share of gross output                  | |
/// GO.txt             | J x N        | gross output, USD                                   | |
/// T.txt              | Jt           | trade elasticities theta of the tradable sectors    |

#include <cstddef>
#include <string>
#include <vector>

namespace leontief::io {

/// The 31 economies of the CP2015 data, in the order of its rows and columns, as ISO 3166
/// alpha-3 codes ("ROW" for the rest of the world). The order is the one listed in the
/// replication package's Matlab scripts (Equilibrium/script.m, "Countries = [Argentina
/// Australia Austria Brazil Canada Chile China Denmark Finland France Germany Greece
/// Hungary India Indonesia Ireland Italy Japan Korea Mexico Netherlands New Zealand Norway
/// Portugal SouthAfrica Spain Sweden Turkey UK USA ROW]"), which also indexes Mexico,
/// Canada and the USA as economies 20, 5 and 30 (1-based) in its result tables.
const std::vector<std::string>& cp2015_regions();

/// The 40 sectors of the CP2015 data in file order (20 tradable, then 20 non-tradable), as
/// named in the paper's tables (ISIC Rev. 3 aggregates).
const std::vector<std::string>& cp2015_sectors();

/// Number of tradable sectors in the CP2015 data (the first 20).
inline constexpr std::size_t cp2015_tradable_sectors = 20;

/// Paths of the CP2015 input files (already resolved).
struct Cp2015Files {
  std::string trade;                   ///< xbilat1993.txt
  std::string base_tariffs;            ///< tariffs1993.txt
  std::string counterfactual_tariffs;  ///< tariffs2005.txt
  std::string io_shares;               ///< IO.txt
  std::string value_added_shares;      ///< B.txt
  std::string gross_output;            ///< GO.txt
  std::string elasticities;            ///< T.txt
};

/// The CP2015 inputs as stored in the files (row-major matrices, no unit conversion).
struct Cp2015Data {
  std::size_t regions = 0;                     ///< N
  std::size_t sectors = 0;                     ///< J
  std::size_t tradable_sectors = 0;            ///< Jt
  std::vector<double> trade;                   ///< (Jt·N) x N, thousands of USD
  std::vector<double> base_tariffs;            ///< (Jt·N) x N, percent
  std::vector<double> counterfactual_tariffs;  ///< (Jt·N) x N, percent
  std::vector<double> io_shares;               ///< (N·J) x J
  std::vector<double> value_added_shares;      ///< J x N
  std::vector<double> gross_output;            ///< J x N, USD
  std::vector<double> elasticities;            ///< Jt
};

/// @brief Reads a whitespace-separated matrix of finite numbers with exactly `rows` rows of
/// `cols` numbers (blank lines ignored), row-major.
/// @throws InputError "<path>: line L, column C: ..." for a non-number or a non-finite
///   value, a row with the wrong count, or the wrong number of rows.
std::vector<double> read_number_matrix(const std::string& path, std::size_t rows, std::size_t cols);

/// @brief Reads and checks the CP2015 files for N = 31 economies and J = 40 sectors:
/// shapes, non-negative trade and gross output, tariffs >= 0, value-added shares in [0, 1],
/// input shares >= 0 with column sums 0 or 1 (to 1e-4), elasticities > 0.
/// @throws InputError naming the file and the line/column of the first problem.
Cp2015Data read_cp2015(const Cp2015Files& files);

}  // namespace leontief::io
