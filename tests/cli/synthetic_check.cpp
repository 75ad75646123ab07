/// @file synthetic_check.cpp
/// @brief leontief_synthetic_check TABLE RESULT [TOLERANCE]: compares a result computed on a
/// table from `leontief generate` with the table's known answer, x_r = B Y_r:
///   /va_by_destination (from `va`)        against diag(VA/x) [x_1 ... x_G]
///   /leontief_inverse  (from `inverse`)   times Y by destination, against [x_1 ... x_G]
/// Prints the comparison of each (tests/agreement.hpp: counts, NaN positions, worst entry) and
/// exits 1 if an entry differs by more than the relative tolerance (default 1e-9) or is not a
/// finite number. Used by CLI tests and bench/run_scaling_bench.sh.

#include <hdf5.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "io/runtime/error.hpp"
#include "io/store/hdf5.hpp"
#include "io/store/synthetic_table.hpp"
#include "io/store/table_store.hpp"
#include "tests/agreement.hpp"

namespace {

using namespace leontief;

bool has_dataset(hid_t file, const char* name) { return H5Lexists(file, name, H5P_DEFAULT) > 0; }

/// Rows [begin, begin + rows) of a 2-D dataset with `cols` columns.
std::vector<double> read_rows(hid_t file, const char* name, hsize_t begin, hsize_t rows,
                              hsize_t cols) {
  io::h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(file, name, H5P_DEFAULT)));
  io::h5::RowBlock block(dset.get(), begin, rows, cols);
  std::vector<double> out(rows * cols);
  LEONTIEF_CHECK_H5(H5Dread(dset.get(), H5T_NATIVE_DOUBLE, block.memory.get(), block.file.get(),
                            H5P_DEFAULT, out.data()));
  return out;
}

/// "NAME: largest relative difference X" (the line bench/run_scaling_bench.sh reads); "not
/// a number" if a value was NaN or infinite.
void print_largest(const char* name, const test::Agreement& agreement) {
  const auto& s = agreement.state();
  if (s.nan_one_side + s.nan_wrong + s.infinite > 0 || s.compared == 0) {
    std::printf("%s: largest relative difference not a number\n", name);
  } else {
    std::printf("%s: largest relative difference %.3e\n", name,
                s.worst_ratio * agreement.tolerance().relative);
  }
}

int check(const std::string& table_path, const std::string& result_path, double tolerance) {
  const io::TableFile table(MPI_COMM_SELF, table_path);
  const std::size_t n = table.labels().n(), G = table.labels().region_count();
  const std::size_t F = table.labels().category_count();
  const auto x = table.read_vector("x");
  const auto va = table.read_vector("VA");
  io::h5::File tfile(H5Fopen(table_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!tfile.valid() || !has_dataset(tfile.get(), "synthetic")) {
    std::fprintf(stderr, "%s: no known answer (not written by leontief generate)\n",
                 table_path.c_str());
    return 2;
  }
  const auto known = read_rows(tfile.get(), io::kKnownOutputDataset, 0, n, G);
  io::h5::File result(H5Fopen(result_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!result.valid()) {
    std::fprintf(stderr, "%s: cannot open\n", result_path.c_str());
    return 2;
  }
  bool checked = false, ok = true;
  if (has_dataset(result.get(), "va_by_destination")) {
    const auto vby = read_rows(result.get(), "va_by_destination", 0, n, G);
    test::Agreement agreement({tolerance, 0.0});
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t r = 0; r < G; ++r) {
        agreement.add(vby[i * G + r], va[i] / x[i] * known[i * G + r], i * G + r);
      }
    }
    std::printf("va_by_destination (position: row * %zu + destination): %s\n", G,
                agreement.summary().c_str());
    print_largest("va_by_destination", agreement);
    checked = true;
    ok = ok && agreement.ok();
  }
  if (has_dataset(result.get(), "leontief_inverse")) {
    // B (Y by destination), one block of rows of B at a time.
    const auto y = table.read_rows("Y", 0, n);
    std::vector<double> y_dest(n * G, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < G * F; ++k) y_dest[i * G + k / F] += y[i * G * F + k];
    }
    test::Agreement agreement({tolerance, 0.0});
    const std::size_t block = 256;
    for (std::size_t begin = 0; begin < n; begin += block) {
      const std::size_t rows = std::min(block, n - begin);
      const auto b = read_rows(result.get(), "leontief_inverse", begin, rows, n);
      for (std::size_t r = 0; r < rows; ++r) {
        std::vector<double> by(G, 0.0);
        for (std::size_t j = 0; j < n; ++j) {
          for (std::size_t d = 0; d < G; ++d) by[d] += b[r * n + j] * y_dest[j * G + d];
        }
        for (std::size_t d = 0; d < G; ++d) {
          agreement.add(by[d], known[(begin + r) * G + d], (begin + r) * G + d);
        }
      }
    }
    std::printf(
        "leontief_inverse: B·Y against the known output (position: row * %zu + "
        "destination): %s\n",
        G, agreement.summary().c_str());
    print_largest("leontief_inverse: B·Y", agreement);
    checked = true;
    ok = ok && agreement.ok();
  }
  if (!checked) {
    std::fprintf(stderr, "%s: neither /va_by_destination nor /leontief_inverse\n",
                 result_path.c_str());
    return 2;
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: leontief_synthetic_check TABLE RESULT [TOLERANCE]\n");
    return 2;
  }
  MPI_Init(&argc, &argv);
  int status = 2;
  try {
    leontief::io::h5::silence_library_errors();
    status = check(argv[1], argv[2], argc == 4 ? std::stod(argv[3]) : 1e-9);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leontief_synthetic_check: %s\n", e.what());
  }
  MPI_Finalize();
  return status;
}
