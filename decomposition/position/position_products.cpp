#include "decomposition/position/position_products.hpp"

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

DenseMatrix foreign_technical(const GvcContext& context, const DenseMatrix& m) {
  // Domestic inputs (j in the row's own economy) are not imported inputs.
  return context.technical(m, true);
}

DenseMatrix foreign_technical_transpose(const GvcContext& context, const DenseMatrix& m) {
  return context.technical_transpose(m, true);
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
