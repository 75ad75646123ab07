#pragma once
/// @file table_layout.hpp
/// @brief Pieces of the canonical table layout shared by the dense and the sparse writers:
/// vectors, labels and root attributes (see table_store.hpp for the whole layout).

#include <hdf5.h>

#include <string>
#include <vector>

#include "io/store/table_labels.hpp"

namespace leontief::io {

inline constexpr const char* kTableFormat = "leontief-table";
/// Version 1: Z dense. Version 2: Z dense or CSR (group /Z with layout="csr").
inline constexpr long long kDenseTableFormatVersion = 1;
inline constexpr long long kSparseTableFormatVersion = 2;

/// Writes a 1-D float64 dataset (serial file; chunked, with a checksum).
void write_table_vector(hid_t file, const std::string& name, const std::vector<double>& values);

/// Writes /labels and the root attributes (format, version, source, year, units,
/// input_file, balanced, created_by).
void write_table_labels_and_attributes(hid_t file, const TableLabels& labels,
                                       const TableMetadata& metadata, bool balanced,
                                       long long format_version);

}  // namespace leontief::io
