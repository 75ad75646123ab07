#pragma once
/// @file thinning_records.hpp
/// @brief The record of one finished year of `leontief thinning`: the panel measures by
/// economy and by economy x sector and, for the two years of the structural decomposition,
/// what it needs (A_ss, B_ss, v, e of every economy). A record is the HDF5 group
/// /years/<year> of a per-year part file (written by the year's group of ranks and renamed
/// into place when complete) and of the final result, so a rerun finds finished years in
/// either and does not recompute them. Attributes identify the table the record was computed
/// from (absolute path, size, modification time), the measures and the program version; a
/// record whose attributes do not match the current run is recomputed.

#include <mpi.h>

#include <optional>
#include <string>
#include <vector>

#include "decomposition/thinning/thinning.hpp"
#include "decomposition/thinning/thinning_sda.hpp"
#include "io/results/result_file.hpp"
#include "io/store/table_panel.hpp"

namespace leontief::decomposition {

using io::TableFingerprint;

/// The measures of the panel as one comma-separated string (stored in every record).
std::string thinning_measure_list();

/// One year's record, held in full (rank 0 assembles the result from these).
struct YearRecord {
  int year = 0;
  TableFingerprint table;
  std::string measures, version, linear_solver, ranks;
  std::size_t regions = 0, sectors = 0;
  std::vector<double> economy;  ///< G x M (M = number of measures), row-major
  std::vector<double> sector;   ///< n x M
  bool has_sda = false;
  SdaLocalInputs sda;  ///< all G economies (first_region 0) when has_sda

  /// True when the record was computed from `table` with this program's measures and has the
  /// SDA inputs if they are needed.
  bool reusable(const TableFingerprint& current, std::size_t G, std::size_t N, bool need_sda) const;
};

/// HDF5 group of a year's record: "years/<year>".
std::string year_group(int year);

/// @brief Writes a year's record into `file`: this rank's rows (economies
/// [first_region, first_region + region_count)) of the measures and, if `sda` is given, of
/// the SDA inputs. With a file on a sub-communicator every rank of it calls this with its own
/// rows; rank 0 alone writing a whole record passes all rows.
/// @note Collective on the file's communicator; every rank passes the same header fields.
void write_year_record(io::ResultFile& file, const YearRecord& header, std::size_t regions,
                       std::size_t sectors, std::size_t first_region, std::size_t region_count,
                       const std::vector<double>& economy_rows,
                       const std::vector<double>& sector_rows,
                       const SdaLocalInputs* sda);

/// @brief Reads /years/<year> from `path` (serial HDF5, this rank only). Returns nothing when
/// the file, the group or a dataset is missing or malformed (the year is then recomputed).
std::optional<YearRecord> read_year_record(const std::string& path, int year);

}  // namespace leontief::decomposition
