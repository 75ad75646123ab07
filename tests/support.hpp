#pragma once
/// @file support.hpp
/// @brief Test helpers: reproducible random MRIO tables (identical on every rank, so results
/// can be compared across rank counts) and a serial dense reference Leontief inverse.

#include <mpi.h>

#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "decomposition/gvc_context.hpp"
#include "decomposition/term_table.hpp"
#include "io/store/table_labels.hpp"
#include "solver/distributed_table.hpp"
#include "solver/leontief_operator.hpp"
#include "tests/agreement.hpp"

namespace leontief::test {

/// A table held in full (row-major) on every rank.
struct DenseTable {
  io::TableLabels labels;
  std::vector<double> z, y, x, va;  // n x n, n x G·F, n, n
  std::size_t n() const { return labels.n(); }
};

/// Random balanced table: x = Z·1 + Y·1, VA = x − 1'Z > 0 (so A is productive). With
/// `zero_output_sector` the sector (row and column) has no flows at all.
DenseTable random_table(std::size_t regions, std::size_t sectors, std::size_t categories,
                        unsigned seed, long zero_output_sector = -1);

/// One economy, two sectors, each using `flow` / 2 of the other's gross output per unit:
/// spectral radius flow / 2 (3.0: not productive; 2.0: I − A singular).
DenseTable two_sector_feedback(double flow);

/// The table distributed over `comm`.
solver::DistributedTable distribute(MPI_Comm comm, const DenseTable& table);

/// A (n x n, row-major) of a dense table: A_ij = Z_ij / x_j, 0 when x_j = 0.
std::vector<double> technical_coefficients(const DenseTable& table);

/// Serial (I − M)⁻¹ of an n x n row-major M by Gauss–Jordan elimination with partial
/// pivoting (the independent reference of the tests).
std::vector<double> inverse_of_identity_minus(const std::vector<double>& m, std::size_t n);

/// Serial B = (I − A)⁻¹ (row-major), A_ij = Z_ij / x_j (0 when x_j = 0).
std::vector<double> dense_leontief_inverse(const DenseTable& table);

/// A scratch directory unique to this process and rank, removed by the destructor.
class ScratchDirectory {
 public:
  ScratchDirectory();
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// A directory shared by all ranks of MPI_COMM_WORLD (rank 0's name). Collective.
class SharedScratchDirectory {
 public:
  SharedScratchDirectory();
  ~SharedScratchDirectory();
  SharedScratchDirectory(const SharedScratchDirectory&) = delete;
  SharedScratchDirectory& operator=(const SharedScratchDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// @brief Imports a wide-CSV table into `dir`/`name` on rank 0 (as `leontief import` does)
/// and returns the HDF5 path. A failure is raised on every rank, so no rank waits forever.
/// @note Collective.
std::string import_wide_csv(const SharedScratchDirectory& dir, const std::string& csv,
                            const std::string& name, bool balance);

/// @brief A wide-CSV table read in full on every rank through the real reader.
DenseTable read_dense_table(const std::string& wide_csv);

/// The cells of a simple CSV file (no quoted commas), one vector per line.
std::vector<std::vector<std::string>> read_csv(const std::string& path);

/// Equal to `tolerance` relative to max(1, |a|, |b|) (tests/agreement.hpp): any NaN or
/// infinity is a failure.
bool close(double a, double b, double tolerance = 1e-9);

/// Like close(), but NaN on both sides agrees: only where the method documents NaN (a share
/// with a zero denominator, e.g. a zero-output sector's ratios).
bool close_or_documented_nan(double a, double b, double tolerance = 1e-9);

/// |a − b| / max(|a|, |b|) (0 when both are 0; NaN if either is NaN, so `< tol` fails).
double relative_difference(double a, double b);

/// The evidence of every rank merged (positions are kept as each rank gave them, so use
/// global positions). @note Collective.
Agreement all_ranks(const Agreement& local);

/// The value of measure `name` in local row `row` of a decomposition table.
double measure(const decomposition::TermTable& t, std::size_t row, const std::string& name);

/// Sum over the ranks of MPI_COMM_WORLD. @note Collective.
double global_sum(double local);

/// The leather table (tests/data/leather) imported through the real HDF5 path,
/// distributed over MPI_COMM_WORLD, factored, with a GVC context. @note Collective.
struct LeatherRun {
  SharedScratchDirectory dir;
  solver::DistributedTable table;
  solver::LeontiefOperator op;
  decomposition::GvcContext context;
  LeatherRun();
};

/// (B'v)_i against 1 on every rank's rows, merged over the ranks: the value-added
/// multipliers are one on a table with VA = x − 1'Z (a transposed solve). @note Collective.
Agreement va_multipliers(const solver::DistributedTable& table, const solver::LeontiefOperator& op,
                         double tolerance);

int world_rank();
int world_size();

}  // namespace leontief::test

/// CHECK that an Agreement holds, with its summary (counts, NaN positions, worst and first
/// failing pair) in the failure message.
#define LEONTIEF_CHECK_AGREES(agreement)                      \
  do {                                                        \
    const ::leontief::test::Agreement& agreed_ = (agreement); \
    INFO(#agreement ": " << agreed_.summary());               \
    CHECK(agreed_.ok());                                      \
  } while (false)
