/// @file inverse_check.cpp
/// @brief leontief_inverse_check TABLE RESULT [--atol T] [--vbe CSV]: checks a result of
/// `leontief inverse` against the table itself, by definitions no solver is involved in:
///   /leontief_inverse  B (I − A) = I, entrywise to the absolute tolerance T (default 1e-9;
///                      the entries of B are O(1), its diagonal at least 1), A = Z x̂⁻¹;
///   /ghosh_inverse     G (I − Δ) = I with Δ = x̂⁻¹ Z on the sectors with output, and the
///                      rows and columns of zero-output sectors 0 (the documented rule);
///   --vbe CSV          writes V̂BÊ computed from B (v_i B_ij e_j, e_j the gross exports of
///                      economy-sector j) as tidy CSV (source_region, source_sector, exporter,
///                      exporter_sector, value) to compare with decompr's (tests/data/leather).
/// Every entry must be a finite number (tests/agreement.hpp). Prints the comparison of each
/// and exits 1 if one fails, 2 on usage or read errors. Serial: reads the whole n x n matrix.

#include <hdf5.h>
#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "io/runtime/error.hpp"
#include "io/store/hdf5.hpp"
#include "io/store/table_store.hpp"
#include "tests/agreement.hpp"

namespace {

using namespace leontief;

std::vector<double> read_matrix(hid_t file, const char* name, std::size_t n) {
  io::h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(file, name, H5P_DEFAULT)));
  io::h5::RowBlock block(dset.get(), 0, n, n);
  std::vector<double> out(n * n);
  LEONTIEF_CHECK_H5(H5Dread(dset.get(), H5T_NATIVE_DOUBLE, block.memory.get(), block.file.get(),
                            H5P_DEFAULT, out.data()));
  return out;
}

/// (M (I − C))_ij against δ_ij for the rows and columns `keep` marks.
test::Agreement identity(const std::vector<double>& m, const std::vector<double>& c,
                         const std::vector<bool>& keep, std::size_t n, double atol) {
  test::Agreement agreement({0.0, atol});
  std::vector<double> product(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    for (std::size_t j = 0; j < n; ++j) product[j] = m[i * n + j];
    for (std::size_t k = 0; k < n; ++k) {
      const double mk = m[i * n + k];
      if (mk == 0.0) continue;
      for (std::size_t j = 0; j < n; ++j) product[j] -= mk * c[k * n + j];
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (keep[j]) agreement.add(product[j], i == j ? 1.0 : 0.0, i * n + j);
    }
  }
  return agreement;
}

int check(const std::string& table_path, const std::string& result_path, double atol,
          const std::string& vbe_csv) {
  const io::TableFile table(MPI_COMM_SELF, table_path);
  const auto& labels = table.labels();
  const std::size_t n = labels.n(), G = labels.region_count(), N = labels.sector_count();
  const std::size_t F = labels.category_count();
  const auto x = table.read_vector("x");
  const auto va = table.read_vector("VA");
  const auto z = table.read_rows("Z", 0, n);
  const auto y = table.read_rows("Y", 0, n);
  io::h5::File result(H5Fopen(result_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!result.valid()) {
    std::fprintf(stderr, "%s: cannot open\n", result_path.c_str());
    return 2;
  }
  if (H5Lexists(result.get(), "leontief_inverse", H5P_DEFAULT) <= 0) {
    std::fprintf(stderr, "%s: no /leontief_inverse\n", result_path.c_str());
    return 2;
  }
  bool ok = true;
  const std::vector<bool> all(n, true);
  const auto b = read_matrix(result.get(), "leontief_inverse", n);
  {
    std::vector<double> a(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) a[i * n + j] = x[j] > 0.0 ? z[i * n + j] / x[j] : 0.0;
    }
    const test::Agreement residual = identity(b, a, all, n, atol);
    std::printf("leontief_inverse: B (I - A) = I (position i * %zu + j): %s\n", n,
                residual.summary().c_str());
    ok = ok && residual.ok();
  }
  if (H5Lexists(result.get(), "ghosh_inverse", H5P_DEFAULT) > 0) {
    const auto g = read_matrix(result.get(), "ghosh_inverse", n);
    std::vector<double> delta(n * n, 0.0);
    std::vector<bool> with_output(n);
    for (std::size_t i = 0; i < n; ++i) {
      with_output[i] = x[i] > 0.0;
      for (std::size_t j = 0; j < n; ++j) delta[i * n + j] = x[i] > 0.0 ? z[i * n + j] / x[i] : 0.0;
    }
    const test::Agreement residual = identity(g, delta, with_output, n, atol);
    std::printf("ghosh_inverse: G (I - x^-1 Z) = I on sectors with output: %s\n",
                residual.summary().c_str());
    test::Agreement zeros({0.0, 0.0});
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (!with_output[i] || !with_output[j]) zeros.add(g[i * n + j], 0.0, i * n + j);
      }
    }
    std::printf("ghosh_inverse: rows and columns of zero-output sectors are 0: %s\n",
                zeros.state().compared == 0 ? "none" : zeros.summary().c_str());
    ok = ok && residual.ok() && (zeros.state().compared == 0 || zeros.ok());
  }
  if (!vbe_csv.empty()) {
    // e_j: sales of j to other economies, intermediate and final.
    std::vector<double> e(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t home = j / N;
      for (std::size_t k = 0; k < n; ++k) e[j] += k / N == home ? 0.0 : z[j * n + k];
      for (std::size_t c = 0; c < G * F; ++c) e[j] += c / F == home ? 0.0 : y[j * G * F + c];
    }
    std::ofstream out(vbe_csv);
    out << "source_region,source_sector,exporter,exporter_sector,value\n";
    char number[40];
    for (std::size_t i = 0; i < n; ++i) {
      const double v = x[i] > 0.0 ? va[i] / x[i] : 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        std::snprintf(number, sizeof number, "%.17g", v * b[i * n + j] * e[j]);
        out << labels.regions[i / N] << ',' << labels.sectors[i % N] << ',' << labels.regions[j / N]
            << ',' << labels.sectors[j % N] << ',' << number << '\n';
      }
    }
    if (!out) throw Error(vbe_csv + ": cannot write");
    std::printf("wrote V̂BÊ from B to %s\n", vbe_csv.c_str());
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);  // parallel HDF5 is an MPI library
  int status = 2;
  try {
    io::h5::silence_library_errors();
    std::vector<std::string> files;
    double atol = 1e-9;
    std::string vbe;
    bool usage = false;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--atol" && i + 1 < argc) {
        atol = std::strtod(argv[++i], nullptr);
      } else if (arg == "--vbe" && i + 1 < argc) {
        vbe = argv[++i];
      } else if (!arg.empty() && arg[0] == '-') {
        usage = true;
      } else {
        files.push_back(arg);
      }
    }
    if (usage || files.size() != 2) {
      std::fprintf(stderr, "usage: leontief_inverse_check TABLE RESULT [--atol T] [--vbe CSV]\n");
    } else {
      status = check(files[0], files[1], atol, vbe);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leontief_inverse_check: %s\n", e.what());
    status = 2;
  }
  MPI_Finalize();
  return status;
}
