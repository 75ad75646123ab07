/// @file dense_lu_floor.cpp
/// @brief The reference cost for `leontief va`: one dense LAPACK LU (dgetrf) of I − A for the
/// same table, with the same BLAS, in one process, plus the dgetrs solve with the G right-hand
/// sides of V̂BY (Y summed by destination). No solver can compute B·Y for a dense A much
/// faster than this, so bench/run_bench.sh reports `leontief va` as a multiple of it.
///
/// Usage: leontief_dense_lu_floor TABLE.h5 [repetitions=5]
/// Prints one machine-readable line on stdout:
///   dense_lu_seconds=… first_lu_seconds=… getrs_seconds=… dense_inverse_seconds=…
///   dense_lu_cpu_seconds=… dense_inverse_cpu_seconds=… n=… rhs=… repetitions=… sum_BY=…
///   blas_threads=… blas=… lapack=…
/// (the best of the repetitions; *_cpu_seconds is CPU time of the process, all threads.)

// petscblaslapack.h needs PetscBLASInt from petscsys.h but does not include it: keep this
// order (include sorting would swap them).
// clang-format off
#include <petscsys.h>
#include <petscblaslapack.h>
// clang-format on

#include <dlfcn.h>
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "io/store/table_store.hpp"
#include "solver/petsc_session.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// CPU seconds of the whole process (all BLAS threads): comparable across runs on a machine
/// shared with other work, where wall time is not.
double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// The first mapped file whose name contains `needle` ("blas", "lapack"): the library the
/// dynamic linker actually resolved, after Debian's alternatives symlinks.
std::string mapped_library(const std::string& needle) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    const auto base = path.rfind('/');
    if (path.find(needle, base) != std::string::npos) return path;
  }
  return "unknown";
}

/// OpenBLAS's thread count if the loaded BLAS is OpenBLAS, else -1; looked up at run time so
/// the program links against the generic libblas/liblapack like PETSc does.
int blas_threads() {
  using Getter = int (*)();
  auto* get = reinterpret_cast<Getter>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  return get ? get() : -1;
}

int run(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s TABLE.h5 [repetitions=5]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const int repetitions = argc == 3 ? std::max(1, std::stoi(argv[2])) : 5;

  // Every rank would do the same serial work; the floor is defined for one process.
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (ranks != 1) {
    std::fprintf(stderr, "%s: run on one rank (the floor is a serial LAPACK LU)\n", argv[0]);
    return 2;
  }

  const leontief::io::TableFile table(MPI_COMM_SELF, path);
  const auto& labels = table.labels();
  const std::size_t n = labels.n(), G = labels.region_count();
  const std::size_t F = labels.category_count();
  const std::vector<double> x = table.read_vector("x");

  // I − A in column-major order, as LAPACK wants it. A_ij = Z_ij / x_j; a zero-output
  // column of A is zero (the same rule as the solver).
  std::vector<double> matrix(n * n);
  {
    const std::vector<double> z = table.read_rows("Z", 0, n);  // row-major
    for (std::size_t j = 0; j < n; ++j) {
      const double scale = x[j] != 0.0 ? 1.0 / x[j] : 0.0;
      double* column = matrix.data() + j * n;
      for (std::size_t i = 0; i < n; ++i) column[i] = -z[i * n + j] * scale;
      column[j] += 1.0;
    }
  }
  // Y summed over final-demand categories by destination: n x G, column-major.
  std::vector<double> rhs(n * G, 0.0);
  {
    const std::vector<double> y = table.read_rows("Y", 0, n);  // row-major, n x G·F
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < G * F; ++k) rhs[(k / F) * n + i] += y[i * G * F + k];
    }
  }

  const auto order = static_cast<PetscBLASInt>(n);
  const auto columns = static_cast<PetscBLASInt>(G);
  std::vector<double> work(n * n), solution(n * G);
  std::vector<PetscBLASInt> pivots(n);
  double best_lu = std::numeric_limits<double>::infinity();
  double best_solve = best_lu;
  double best_inverse = best_lu;  // getrf + getri: one dense inverse (the decompositions' floor)
  double first_lu = 0.0;  // the process's first LU: cold caches and OpenBLAS buffers, as in
                          // `leontief va`, which factors once
  double best_lu_cpu = best_lu, best_inverse_cpu = best_lu;  // the same in CPU seconds
  for (int r = 0; r < repetitions; ++r) {
    // A fresh copy each time: dgetrf works in place. The copy is not timed.
    std::copy(matrix.begin(), matrix.end(), work.begin());
    PetscBLASInt info = 0;
    auto start = std::chrono::steady_clock::now();
    double cpu_start = process_cpu_seconds();
    LAPACKgetrf_(&order, &order, work.data(), &order, pivots.data(), &info);
    const double lu = seconds_since(start);
    const double lu_cpu = process_cpu_seconds() - cpu_start;
    best_lu_cpu = std::min(best_lu_cpu, lu_cpu);
    if (r == 0) first_lu = lu;
    best_lu = std::min(best_lu, lu);
    if (info != 0) {
      std::fprintf(stderr, "%s: dgetrf failed, info = %d\n", path.c_str(), static_cast<int>(info));
      return 1;
    }
    std::copy(rhs.begin(), rhs.end(), solution.begin());
    start = std::chrono::steady_clock::now();
    LAPACKgetrs_("N", &order, &columns, work.data(), &order, pivots.data(), solution.data(), &order,
                 &info);
    best_solve = std::min(best_solve, seconds_since(start));
    if (info != 0) {
      std::fprintf(stderr, "%s: dgetrs failed, info = %d\n", path.c_str(), static_cast<int>(info));
      return 1;
    }
    // Complete the inverse from the same factors; workspace query first.
    PetscBLASInt lwork = -1;
    double query = 0.0;
    LAPACKgetri_(&order, work.data(), &order, pivots.data(), &query, &lwork, &info);
    lwork = static_cast<PetscBLASInt>(query);
    std::vector<double> getri_work(static_cast<std::size_t>(std::max<PetscBLASInt>(lwork, 1)));
    start = std::chrono::steady_clock::now();
    cpu_start = process_cpu_seconds();
    LAPACKgetri_(&order, work.data(), &order, pivots.data(), getri_work.data(), &lwork, &info);
    best_inverse = std::min(best_inverse, lu + seconds_since(start));
    best_inverse_cpu = std::min(best_inverse_cpu, lu_cpu + process_cpu_seconds() - cpu_start);
    if (info != 0) {
      std::fprintf(stderr, "%s: dgetri failed, info = %d\n", path.c_str(), static_cast<int>(info));
      return 1;
    }
  }

  // A checksum of B·Y (= gross output x when the table is balanced) keeps the solve from
  // being optimised away and lets a reader sanity-check it.
  double total = 0.0;
  for (double value : solution) total += value;

  std::printf(
      "dense_lu_seconds=%.6f first_lu_seconds=%.6f getrs_seconds=%.6f "
      "dense_inverse_seconds=%.6f dense_lu_cpu_seconds=%.6f dense_inverse_cpu_seconds=%.6f "
      "n=%zu rhs=%zu repetitions=%d sum_BY=%.6e blas_threads=%d blas=%s lapack=%s\n",
      best_lu, first_lu, best_solve, best_inverse, best_lu_cpu, best_inverse_cpu, n, G,
      repetitions, total, blas_threads(),
      mapped_library("blas").c_str(), mapped_library("lapack").c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    leontief::solver::PetscSession session(argv[0], {});
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: error: %s\n", argv[0], e.what());
    return 1;
  }
}
