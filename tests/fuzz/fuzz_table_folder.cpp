// Fuzz target of a reader that reads several files (EXIOBASE 3, Eora26, GLORIA): a fixture
// folder of tests/data/formats is staged once; the input's first byte picks the file it
// replaces (bits 0-5) and options (bit 6: the second fixture, where there is one; bit 7:
// GLORIA product by product, EXIOBASE A read as coefficients), the rest is that file's new
// content. See tests/fuzz/README.md.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "tests/fuzz/fuzz_support.hpp"

namespace {

const std::string kFormats = std::string(LEONTIEF_TEST_DATA_DIR) + "/formats/";

struct Fixtures {
  std::unique_ptr<leontief::fuzz::StagedFixture> first, second;
};

const Fixtures& fixtures() {
  static const Fixtures f = [] {
    Fixtures out;
    out.first = std::make_unique<leontief::fuzz::StagedFixture>(
        kFormats + LEONTIEF_FUZZ_FIXTURE, "first");
    const std::string second = LEONTIEF_FUZZ_SECOND_FIXTURE;
    if (!second.empty()) {
      out.second = std::make_unique<leontief::fuzz::StagedFixture>(kFormats + second, "second");
    }
    return out;
  }();
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Fixtures& f = fixtures();
  leontief::fuzz::StagedFixture& fixture =
      (data[0] & 0x40) != 0 && f.second ? *f.second : *f.first;
  leontief::io::ReaderOptions options;
  options.product_by_product = (data[0] & 0x80) != 0;
  options.coefficients = (data[0] & 0x80) != 0;
  fixture.with_replaced(data[0] & 0x3f, data + 1, size - 1, [&] {
    leontief::fuzz::read_table_checked(LEONTIEF_FUZZ_FORMAT, fixture.path(), options);
  });
  return 0;
}
