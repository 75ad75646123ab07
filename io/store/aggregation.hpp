#pragma once
/// @file aggregation.hpp
/// @brief Aggregation of a canonical table with concordances: regions and sectors are
/// mapped to groups (e.g. the EU27 members to "EU27", NACE C10-C33 to "Manufacturing")
/// and every flow is summed, so every accounting identity of the source holds for the
/// aggregate (x = Z·1 + Y·1 and x = 1'Z + VA, group by group).
///
/// Concordance files are CSV with two columns `code,group` (an optional header line
/// `code,group`, blank lines and lines starting with '#' are skipped). Output groups are
/// ordered by first appearance when walking the table's own codes in table order.

#include <cstddef>
#include <string>
#include <vector>

#include "io/store/table_labels.hpp"
#include "io/store/table_sink.hpp"
#include "io/store/table_store.hpp"

namespace leontief::io {

/// A concordance as read from its file (pairs in file order, with their line numbers).
struct Concordance {
  std::string path;
  std::vector<std::string> codes, groups;
  std::vector<std::size_t> lines;
};

/// @brief Reads a `code,group` concordance.
/// @throws InputError naming file, line and column for ragged lines, empty codes or
///   groups, a code listed twice.
Concordance read_concordance(const std::string& path);

struct AggregationOptions {
  std::string regions;         ///< region concordance file ("" keeps the regions)
  std::string sectors;         ///< sector concordance file ("" keeps the sectors)
  bool merge_splits = false;   ///< first map CN1, CN2, ... to CHN and MX1, MX2, ... to MEX
  bool keep_unmapped = false;  ///< codes missing from a concordance stay as their own group
  std::string input_file;      ///< recorded as the output's input_file ("" = the source table)
};

/// Which output region / sector each source region / sector goes to.
struct AggregationPlan {
  TableLabels labels;                     ///< output labels (categories unchanged)
  std::vector<std::size_t> region_group;  ///< source region -> output region
  std::vector<std::size_t> sector_group;  ///< source sector -> output sector
};

/// @brief Builds the plan for `source`'s labels.
/// @throws InputError for codes of a concordance that the table does not have ("unknown"),
///   codes of the table the concordance leaves out ("unmapped", unless keep_unmapped), and
///   region groups containing '_'.
AggregationPlan plan_aggregation(const TableLabels& source, const AggregationOptions& options);

/// @brief Streams the aggregate of `table` into `sink`, one output economy at a time
/// (reads each source economy's rows of Z and Y once; holds one source economy and one
/// output economy). Gross output and value added are the sums of the published ones.
/// @note Collective on the table's communicator (open it on MPI_COMM_SELF on one rank).
/// `note` is appended to the source's name ("aggregated"); `input_file` ("" = the table's
/// path) is recorded as the output's input file.
void aggregate_table(const TableFile& table, const AggregationPlan& plan, TableSink& sink,
                     const std::string& note = "aggregated", const std::string& input_file = "");

/// @brief Aggregates the table at `input` into the canonical table `output` (balanced
/// when the source is). @note Not collective: call it on one rank.
void aggregate_table_file(const std::string& input, const std::string& output,
                          const AggregationOptions& options, int compression_level);

}  // namespace leontief::io
