#pragma once
/// @file table_sink.hpp
/// @brief Streaming interface between table readers and the canonical store: a reader
/// pushes one row at a time, so importing never holds several copies of the table.

#include <cstddef>
#include <span>

#include "io/store/table_labels.hpp"

namespace leontief::io {

class TableSink {
 public:
  virtual ~TableSink() = default;
  TableSink() = default;
  TableSink(const TableSink&) = delete;
  TableSink& operator=(const TableSink&) = delete;

  /// Called once, before any row, with the complete labels.
  virtual void begin(const TableLabels& labels, const TableMetadata& metadata) = 0;
  /// Row i (0 <= i < n, in order) of the intermediate block Z (n values) and of final
  /// demand Y (G·F values), and the row's published gross output.
  virtual void row(std::size_t i, std::span<const double> intermediate,
                   std::span<const double> final_demand, double gross_output) = 0;
  /// Called once after the last row with the published value added (n values, one per
  /// using sector), i.e. the table's VA row.
  virtual void finish(std::span<const double> value_added) = 0;
};

}  // namespace leontief::io
