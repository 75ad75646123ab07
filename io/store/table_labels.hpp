#pragma once
/// @file table_labels.hpp
/// @brief Labels and dimensions of an MRIO table: G economies x N sectors, F final-demand
/// categories per destination economy. Rows/columns of Z are economy-major
/// (economy 0 sectors 0..N-1, economy 1, ...); columns of Y likewise (economy-major, F each).

#include <cstddef>
#include <string>
#include <vector>

namespace leontief::io {

struct TableLabels {
  std::vector<std::string> regions;                  ///< G economy codes, e.g. "AUS"
  std::vector<std::string> sectors;                  ///< N sector codes, e.g. "c1"
  std::vector<std::string> final_demand_categories;  ///< F categories, e.g. "CONS_h"

  std::size_t region_count() const { return regions.size(); }
  std::size_t sector_count() const { return sectors.size(); }
  std::size_t category_count() const { return final_demand_categories.size(); }
  /// n = G·N, the order of Z and A.
  std::size_t n() const { return regions.size() * sectors.size(); }
  /// G·F, the number of columns of Y.
  std::size_t final_demand_columns() const {
    return regions.size() * final_demand_categories.size();
  }
  std::size_t region_of_row(std::size_t i) const { return i / sectors.size(); }
  std::size_t sector_of_row(std::size_t i) const { return i % sectors.size(); }
  /// "REGION_SECTOR" for row/column i of Z, as in the wide CSV layout.
  std::string row_label(std::size_t i) const {
    return regions[region_of_row(i)] + "_" + sectors[sector_of_row(i)];
  }
  /// "REGION_CATEGORY" for column k of Y.
  std::string final_demand_label(std::size_t k) const {
    const std::size_t f = final_demand_categories.size();
    return regions[k / f] + "_" + final_demand_categories[k % f];
  }
  bool operator==(const TableLabels&) const = default;
};

/// Descriptive metadata carried from the source file into every output.
struct TableMetadata {
  std::string source;            ///< e.g. "WIOD 2013 release" or the input file name
  int year = 0;                  ///< 0 when unknown
  std::string units;             ///< e.g. "millions of US dollars"; may be empty
  std::string input_file;        ///< the path the table was imported from
  /// How the importer formed x and VA when the release does not publish them as such
  /// (e.g. "x = (I - A)^-1 Y·1 solved at import; VA = factor-input rows of F.txt"); may be empty.
  std::string derivation;
};

}  // namespace leontief::io
