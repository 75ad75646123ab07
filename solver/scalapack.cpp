#include "solver/scalapack.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "io/runtime/error.hpp"

// The C BLACS interface and the Fortran ScaLAPACK/PBLAS routines (libscalapack-openmpi).
// Character arguments are followed by their hidden Fortran lengths.
extern "C" {
void Cblacs_gridinit(int* context, const char* order, int rows, int columns);
void Cblacs_gridinfo(int context, int* rows, int* columns, int* my_row, int* my_column);
void Cblacs_gridexit(int context);
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
int numroc_(const int* n, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb,
               const int* irsrc, const int* icsrc, const int* ictxt, const int* lld, int* info);
void pdgetrf_(const int* m, const int* n, double* a, const int* ia, const int* ja,
              const int* desca, int* ipiv, int* info);
void pdgetrs_(const char* trans, const int* n, const int* nrhs, const double* a, const int* ia,
              const int* ja, const int* desca, const int* ipiv, double* b, const int* ib,
              const int* jb, const int* descb, int* info, std::size_t trans_length);
void pdgetri_(const int* n, double* a, const int* ia, const int* ja, const int* desca,
              const int* ipiv, double* work, const int* lwork, int* iwork, const int* liwork,
              int* info);
void pdgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
             const double* alpha, const double* a, const int* ia, const int* ja, const int* desca,
             const double* b, const int* ib, const int* jb, const int* descb, const double* beta,
             double* c, const int* ic, const int* jc, const int* descc, std::size_t transa_length,
             std::size_t transb_length);
}

namespace leontief::solver::scalapack {

namespace {

int to_int(std::size_t value) {
  if (value > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw Error("ScaLAPACK: dimension " + std::to_string(value) + " exceeds its 32-bit indices");
  }
  return static_cast<int>(value);
}

const int kOne = 1;

}  // namespace

ProcessGrid::ProcessGrid(MPI_Comm comm) {
  int size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm, &size));
  // Near square, fewer rows than columns: the largest divisor of the ranks up to √ranks.
  int rows = 1;
  for (int r = 1; r * r <= size; ++r) {
    if (size % r == 0) rows = r;
  }
  system_handle_ = Csys2blacs_handle(comm);
  context_ = system_handle_;
  Cblacs_gridinit(&context_, "Row", rows, size / rows);
  Cblacs_gridinfo(context_, &rows_, &columns_, &my_row_, &my_column_);
  if (rows_ != rows || my_row_ < 0) throw Error("BLACS: cannot create a " + std::to_string(rows) +
                                                " x " + std::to_string(size / rows) + " process grid");
}

ProcessGrid::~ProcessGrid() {
  if (context_ >= 0) Cblacs_gridexit(context_);
  if (system_handle_ >= 0) Cfree_blacs_system_handle(system_handle_);
}

BlockCyclic::BlockCyclic(const ProcessGrid& grid, std::size_t rows, std::size_t cols,
                         std::size_t block)
    : rows_(rows),
      cols_(cols),
      block_(std::max<std::size_t>(block, 1)),
      grid_rows_(static_cast<std::size_t>(grid.rows())),
      grid_columns_(static_cast<std::size_t>(grid.columns())) {
  const int m = to_int(rows), n = to_int(cols), nb = to_int(block_), zero = 0;
  const int grid_rows = grid.rows(), grid_columns = grid.columns();
  const int my_row = grid.my_row(), my_column = grid.my_column();
  local_rows_ = static_cast<std::size_t>(numroc_(&m, &nb, &my_row, &zero, &grid_rows));
  local_cols_ = static_cast<std::size_t>(numroc_(&n, &nb, &my_column, &zero, &grid_columns));
  const int lld = to_int(leading_dimension()), context = grid.context();
  int info = 0;
  descinit_(descriptor_.data(), &m, &n, &nb, &nb, &zero, &zero, &context, &lld, &info);
  if (info != 0) throw Error("ScaLAPACK descinit failed with info " + std::to_string(info));
}

std::size_t BlockCyclic::rows_of(int p) const {
  const int m = to_int(rows_), nb = to_int(block_), zero = 0, procs = static_cast<int>(grid_rows_);
  return static_cast<std::size_t>(numroc_(&m, &nb, &p, &zero, &procs));
}

std::size_t BlockCyclic::columns_of(int p) const {
  const int n = to_int(cols_), nb = to_int(block_), zero = 0,
            procs = static_cast<int>(grid_columns_);
  return static_cast<std::size_t>(numroc_(&n, &nb, &p, &zero, &procs));
}

int factor(const BlockCyclic& layout, double* a, int* pivots) {
  const int m = to_int(layout.rows()), n = to_int(layout.cols());
  int info = 0;
  pdgetrf_(&m, &n, a, &kOne, &kOne, layout.descriptor().data(), pivots, &info);
  return info;
}

int solve(const BlockCyclic& a_layout, const double* a, const int* pivots, bool transpose,
          const BlockCyclic& b_layout, double* b) {
  const int n = to_int(a_layout.rows()), nrhs = to_int(b_layout.cols());
  int info = 0;
  pdgetrs_(transpose ? "T" : "N", &n, &nrhs, a, &kOne, &kOne, a_layout.descriptor().data(),
           pivots, b, &kOne, &kOne, b_layout.descriptor().data(), &info, 1);
  return info;
}

int invert(const BlockCyclic& layout, double* a, const int* pivots) {
  const int n = to_int(layout.rows());
  int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
  double work_query = 0.0;
  pdgetri_(&n, a, &kOne, &kOne, layout.descriptor().data(), pivots, &work_query, &lwork,
           &iwork_query, &liwork, &info);
  if (info != 0) return info;
  lwork = std::max(1, static_cast<int>(work_query));
  liwork = std::max(1, iwork_query);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<int> iwork(static_cast<std::size_t>(liwork));
  pdgetri_(&n, a, &kOne, &kOne, layout.descriptor().data(), pivots, work.data(), &lwork,
           iwork.data(), &liwork, &info);
  return info;
}

void multiply(bool transpose, const BlockCyclic& a_layout, const double* a,
              const BlockCyclic& b_layout, const double* b, const BlockCyclic& c_layout,
              double* c) {
  const int m = to_int(c_layout.rows()), n = to_int(c_layout.cols());
  const int k = to_int(transpose ? a_layout.rows() : a_layout.cols());
  const double one = 1.0, zero = 0.0;
  pdgemm_(transpose ? "T" : "N", "N", &m, &n, &k, &one, a, &kOne, &kOne,
          a_layout.descriptor().data(), b, &kOne, &kOne, b_layout.descriptor().data(), &zero, c,
          &kOne, &kOne, c_layout.descriptor().data(), 1, 1);
}

}  // namespace leontief::solver::scalapack
