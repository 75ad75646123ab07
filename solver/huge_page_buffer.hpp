#pragma once
/// @file huge_page_buffer.hpp
/// @brief Zeroed storage for a large dense matrix (I − A, its factors, B), on transparent huge
/// pages where available.

#include <cstddef>

namespace leontief::solver {

/// Zeroed storage for a large dense matrix, on transparent huge pages where available.
class HugePageBuffer {
 public:
  explicit HugePageBuffer(std::size_t count);
  HugePageBuffer(const HugePageBuffer&) = delete;
  HugePageBuffer& operator=(const HugePageBuffer&) = delete;
  ~HugePageBuffer();
  double* data() const { return data_; }

 private:
  std::size_t bytes_;
  double* data_ = nullptr;
};

}  // namespace leontief::solver
