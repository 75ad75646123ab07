#include "decomposition/position/position_products.hpp"

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

DenseMatrix foreign_technical(const GvcContext& context, const DenseMatrix& m) {
  const auto& table = context.table();
  const auto& part = table.partition();
  const auto& x = context.gross_output();
  const std::size_t cols = m.cols(), N = context.sectors();
  DenseMatrix local(part.local_rows(), cols);
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t home = (part.row_begin() + r) / N;
    double* out = local.row(r);
    for (std::size_t k = table.z_row_offsets()[r]; k < table.z_row_offsets()[r + 1]; ++k) {
      const std::size_t j = table.z_columns()[k];
      // Domestic inputs (j in the row's own economy) are not imported inputs; columns of
      // zero-output sectors are zero in A.
      if (j / N == home || x[j] <= 0.0) continue;
      const double a = table.z_values()[k] / x[j];
      const double* in = m.row(j);
      for (std::size_t c = 0; c < cols; ++c) out[c] += a * in[c];
    }
  }
  return context.gather_rows(local);
}

DenseMatrix foreign_technical_transpose(const GvcContext& context, const DenseMatrix& m) {
  const auto& table = context.table();
  const auto& part = table.partition();
  const auto& x = context.gross_output();
  const std::size_t cols = m.cols(), n = context.n(), N = context.sectors();
  DenseMatrix partial(n, cols), full(n, cols);
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t i = part.row_begin() + r;
    const double* in = m.row(i);
    for (std::size_t k = table.z_row_offsets()[r]; k < table.z_row_offsets()[r + 1]; ++k) {
      const std::size_t j = table.z_columns()[k];
      if (j / N == i / N || x[j] <= 0.0) continue;
      const double a = table.z_values()[k] / x[j];
      double* out = partial.row(j);
      for (std::size_t c = 0; c < cols; ++c) out[c] += a * in[c];
    }
  }
  LEONTIEF_CHECK_MPI(MPI_Allreduce(partial.data().data(), full.data().data(),
                                   static_cast<int>(n * cols), MPI_DOUBLE, MPI_SUM, table.comm()));
  return full;
}

DenseMatrix column(const std::vector<double>& values) {
  DenseMatrix m(values.size(), 1);
  m.data() = values;
  return m;
}

std::vector<double> column_of(const DenseMatrix& m, std::size_t c) {
  std::vector<double> out(m.rows());
  for (std::size_t i = 0; i < m.rows(); ++i) out[i] = m(i, c);
  return out;
}

DenseMatrix join_columns(std::initializer_list<const DenseMatrix*> blocks) {
  std::size_t rows = 0, cols = 0;
  for (const DenseMatrix* b : blocks) {
    if (cols > 0 && b->rows() != rows) {
      throw_library_error("join_columns: blocks with different row counts", __FILE__, __LINE__);
    }
    rows = b->rows();
    cols += b->cols();
  }
  DenseMatrix out(rows, cols);
  std::size_t first = 0;
  for (const DenseMatrix* b : blocks) {
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t c = 0; c < b->cols(); ++c) out(i, first + c) = (*b)(i, c);
    }
    first += b->cols();
  }
  return out;
}

DenseMatrix column_block(const DenseMatrix& m, std::size_t first, std::size_t count) {
  DenseMatrix out(m.rows(), count);
  for (std::size_t i = 0; i < m.rows(); ++i) {
    for (std::size_t c = 0; c < count; ++c) out(i, c) = m(i, first + c);
  }
  return out;
}

DenseMatrix split_by_economy(const GvcContext& context, const std::vector<double>& values) {
  DenseMatrix out(context.n(), context.regions());
  for (std::size_t i = 0; i < context.n(); ++i) out(i, context.region_of(i)) = values[i];
  return out;
}

double row_total(const DenseMatrix& m, std::size_t i) {
  double sum = 0.0;
  for (std::size_t c = 0; c < m.cols(); ++c) sum += m(i, c);
  return sum;
}

double foreign_columns_sum(const GvcContext& context, const DenseMatrix& m, std::size_t i) {
  const std::size_t home = context.region_of(i);
  double sum = 0.0;
  for (std::size_t r = 0; r < m.cols(); ++r) sum += r == home ? 0.0 : m(i, r);
  return sum;
}

}  // namespace leontief::decomposition
