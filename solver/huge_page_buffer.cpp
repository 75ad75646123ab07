#include "solver/huge_page_buffer.hpp"

#include <sys/mman.h>

#include <algorithm>

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"

namespace leontief::solver {

HugePageBuffer::HugePageBuffer(std::size_t count)
    : bytes_(std::max<std::size_t>(count * sizeof(double), 1)) {
  // Anonymous mappings arrive zeroed, so nothing is touched before the matrix is filled.
  void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    throw Error("cannot allocate " + log::format_bytes(static_cast<double>(bytes_)) +
                " for the dense Leontief matrix");
  }
  // Huge pages cut the first-touch faults of a large dense matrix and the TLB misses of its
  // LU; a kernel without transparent huge pages simply ignores the advice.
  madvise(p, bytes_, MADV_HUGEPAGE);
  data_ = static_cast<double*>(p);
}

HugePageBuffer::~HugePageBuffer() { munmap(data_, bytes_); }

}  // namespace leontief::solver
