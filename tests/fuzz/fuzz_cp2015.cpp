// Fuzz target of the Caliendo–Parro number matrices (io/readers/cp2015_reader): the input's
// first byte picks the file whose shape is expected (xbilat1993, tariffs, IO, B, GO, T), the
// rest is the file.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "io/readers/cp2015_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr std::size_t N = 31, J = 40, Jt = 20;
  // rows x columns of xbilat1993, tariffs1993, tariffs2005, IO, B, GO, T.
  constexpr std::array<std::pair<std::size_t, std::size_t>, 7> shapes = {
      {{Jt * N, N}, {Jt * N, N}, {Jt * N, N}, {N * J, J}, {J, N}, {J, N}, {Jt, 1}}};
  static const std::string path = leontief::fuzz::scratch_dir() + "/cp2015.txt";
  leontief::fuzz::write_file(path, data + 1, size - 1);
  const std::pair<std::size_t, std::size_t> shape = shapes[data[0] % shapes.size()];
  leontief::fuzz::expect_input_errors_only(
      [&] { (void)leontief::io::read_number_matrix(path, shape.first, shape.second); });
  return 0;
}
