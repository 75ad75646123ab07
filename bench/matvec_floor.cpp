/// @file matvec_floor.cpp
/// @brief The reference cost of a day of `leontief dynamic`: one distributed product y = A x
/// with the table's A = Z x̂⁻¹ stored as PETSc AIJ (Z's nonzeros), on the same ranks, with the
/// same PETSc. A day of the ARIO model is one product with Ẑ (Z's nonzeros, columns by
/// (input product, buyer)), one or two transposed products and local work, so
/// bench/run_dynamic_bench.sh reports the time per day as a multiple of this product.
///
/// Usage: mpiexec -n R leontief_matvec_floor TABLE.h5 [repetitions=200]
/// Prints one machine-readable line on rank 0's stdout:
///   matvec_seconds=… median_seconds=… transpose_seconds=… n=… nonzeros=… ranks=… repetitions=…
/// (matvec_seconds: the best product; transpose_seconds: the best A'x.)

#include <mpi.h>
#include <petscmat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "solver/distributed_table.hpp"
#include "solver/petsc_handles.hpp"
#include "solver/petsc_session.hpp"

int main(int argc, char** argv) {
  leontief::solver::PetscSession session(argv[0], {});
  try {
    if (argc < 2) {
      std::fprintf(stderr, "usage: leontief_matvec_floor TABLE.h5 [repetitions=200]\n");
      return 2;
    }
    const int repetitions = argc > 2 ? std::max(1, std::atoi(argv[2])) : 200;
    using namespace leontief::solver;
    const DistributedTable table = DistributedTable::read(MPI_COMM_WORLD, argv[1]);
    const auto& part = table.partition();
    const auto& x = table.gross_output();
    const auto local = static_cast<PetscInt>(part.local_rows());
    const auto n = static_cast<PetscInt>(table.n());
    std::vector<PetscInt> diagonal(part.local_rows(), 0), off(part.local_rows(), 0);
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      for (std::size_t k = table.z_row_offsets()[r]; k < table.z_row_offsets()[r + 1]; ++k) {
        (part.owns_row(table.z_columns()[k]) ? diagonal : off)[r]++;
      }
    }
    Matrix a;
    LEONTIEF_CHECK_PETSC(MatCreate(MPI_COMM_WORLD, a.out()));
    LEONTIEF_CHECK_PETSC(MatSetSizes(a.get(), local, local, n, n));
    LEONTIEF_CHECK_PETSC(MatSetType(a.get(), MATAIJ));
    LEONTIEF_CHECK_PETSC(MatSeqAIJSetPreallocation(a.get(), 0, diagonal.data()));
    LEONTIEF_CHECK_PETSC(MatMPIAIJSetPreallocation(a.get(), 0, diagonal.data(), 0, off.data()));
    std::vector<PetscInt> cols;
    std::vector<PetscScalar> vals;
    unsigned long long nonzeros = 0;
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      cols.clear();
      vals.clear();
      for (std::size_t k = table.z_row_offsets()[r]; k < table.z_row_offsets()[r + 1]; ++k) {
        const std::size_t j = table.z_columns()[k];
        cols.push_back(static_cast<PetscInt>(j));
        vals.push_back(x[j] > 0 ? table.z_values()[k] / x[j] : 0.0);
      }
      nonzeros += cols.size();
      const auto row = static_cast<PetscInt>(part.row_begin() + r);
      LEONTIEF_CHECK_PETSC(MatSetValues(a.get(), 1, &row, static_cast<PetscInt>(cols.size()),
                                        cols.data(), vals.data(), INSERT_VALUES));
    }
    LEONTIEF_CHECK_PETSC(MatAssemblyBegin(a.get(), MAT_FINAL_ASSEMBLY));
    LEONTIEF_CHECK_PETSC(MatAssemblyEnd(a.get(), MAT_FINAL_ASSEMBLY));
    MPI_Allreduce(MPI_IN_PLACE, &nonzeros, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);

    Vector in, out;
    LEONTIEF_CHECK_PETSC(MatCreateVecs(a.get(), in.out(), out.out()));
    LEONTIEF_CHECK_PETSC(VecSet(in.get(), 1.0));
    const auto time = [&](bool transpose) {
      std::vector<double> seconds;
      for (int k = 0; k < repetitions + 5; ++k) {
        MPI_Barrier(MPI_COMM_WORLD);
        const double start = MPI_Wtime();
        if (transpose) {
          LEONTIEF_CHECK_PETSC(MatMultTranspose(a.get(), out.get(), in.get()));
        } else {
          LEONTIEF_CHECK_PETSC(MatMult(a.get(), in.get(), out.get()));
        }
        double t = MPI_Wtime() - start;
        MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        if (k >= 5) seconds.push_back(t);  // the first products warm caches and buffers
      }
      std::sort(seconds.begin(), seconds.end());
      return seconds;
    };
    const auto product = time(false);
    const auto transpose = time(true);
    int rank = 0, ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (rank == 0) {
      std::printf("matvec_seconds=%.6g median_seconds=%.6g transpose_seconds=%.6g n=%lld "
                  "nonzeros=%llu ranks=%d repetitions=%d\n",
                  product.front(), product[product.size() / 2], transpose.front(),
                  static_cast<long long>(n), nonzeros, ranks, repetitions);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leontief_matvec_floor: %s\n", e.what());
    return 1;
  }
  return 0;
}
