/// The canonical HDF5 table: round trip through the store, --balance, collective row-block
/// reads at every rank count, and clear errors for damaged files.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "io/readers/wide_csv_reader.hpp"
#include "io/runtime/error.hpp"
#include "io/store/table_store.hpp"
#include "solver/distributed_table.hpp"
#include "tests/support.hpp"

using namespace leontief;

namespace {

const std::string kLeatherCsv = std::string(LEONTIEF_TEST_DATA_DIR) + "/leather/leather.csv";

std::string import_on_rank0(const test::SharedScratchDirectory& dir, const std::string& name,
                            bool balance) {
  return test::import_wide_csv(dir, kLeatherCsv, name, balance);
}

}  // namespace

TEST_CASE("a table survives the HDF5 store and is read by row blocks", "[io][store]") {
  test::SharedScratchDirectory dir;
  const std::string h5 = import_on_rank0(dir, "leather.h5", false);
  io::TableFile file(MPI_COMM_WORLD, h5);
  CHECK(file.labels().regions == std::vector<std::string>{"Argentina", "Turkey", "Germany"});
  CHECK(file.labels().sectors ==
        std::vector<std::string>{"Agriculture", "Textile_and_Leather", "Transport_Equipment"});
  CHECK(file.labels().final_demand_categories == std::vector<std::string>{"FD"});
  CHECK_FALSE(file.balanced());
  const auto x = file.read_vector("x");
  CHECK(x[0] == 77.7);
  CHECK(x[8] == 217.0);
  // Each rank reads a different block; rows 3..5 are Turkey.
  const int rank = test::world_rank();
  const std::size_t begin = static_cast<std::size_t>(rank) % 3 * 3;
  const auto rows = file.read_rows("Z", begin, 3);
  REQUIRE(rows.size() == 27);
  if (begin == 3) {
    CHECK(rows[0] == 1.1);   // Turkey_Agriculture -> Argentina_Agriculture
    CHECK(rows[13] == 28.1); // Turkey_Textile -> Turkey_Textile
  }
  const auto y = file.read_rows("Y", begin, 3);
  if (begin == 0) CHECK(y[0] == 21.5);

  auto table = solver::DistributedTable::read(MPI_COMM_WORLD, h5);
  CHECK(table.n() == 9);
  double local = 0.0, total = 0.0;
  for (std::size_t r = 0; r < table.partition().local_rows(); ++r) {
    table.for_each_flow(r, [&](std::size_t, double z) { local += z; });
  }
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  CHECK(total == Approx(475.1).epsilon(1e-12));
}

TEST_CASE("--balance derives x from the rows and value added as the residual", "[io][store]") {
  test::SharedScratchDirectory dir;
  const std::string h5 = import_on_rank0(dir, "balanced.h5", true);
  io::TableFile file(MPI_COMM_WORLD, h5);
  CHECK(file.balanced());
  const auto x = file.read_vector("x");
  const auto va = file.read_vector("VA");
  const auto z = file.read_rows("Z", 0, 9);
  const auto y = file.read_rows("Y", 0, 9);
  for (std::size_t i = 0; i < 9; ++i) {
    double row = 0.0, column = 0.0;
    for (std::size_t j = 0; j < 9; ++j) row += z[i * 9 + j], column += z[j * 9 + i];
    for (std::size_t k = 0; k < 3; ++k) row += y[i * 3 + k];
    CHECK(x[i] == Approx(row).epsilon(1e-15));
    CHECK(va[i] == Approx(x[i] - column).epsilon(1e-14));
  }
}

TEST_CASE("damaged or foreign table files give one clear error on every rank", "[io][errors]") {
  test::SharedScratchDirectory dir;
  const std::string good = import_on_rank0(dir, "good.h5", false);
  const std::string truncated = dir.path() + "/truncated.h5";
  const std::string text = dir.path() + "/not_hdf5.h5";
  if (test::world_rank() == 0) {
    const auto size = std::filesystem::file_size(good);
    std::filesystem::copy_file(good, truncated);
    std::filesystem::resize_file(truncated, size / 2);
    std::ofstream(text) << "this is not an HDF5 file\n";
  }
  MPI_Barrier(MPI_COMM_WORLD);
  CHECK_THROWS_WITH(solver::DistributedTable::read(MPI_COMM_WORLD, truncated),
                    Catch::StartsWith(truncated));
  CHECK_THROWS_WITH(io::TableFile(MPI_COMM_WORLD, text),
                    Catch::StartsWith(text) && Catch::Contains("HDF5"));
  CHECK_THROWS_WITH(io::TableFile(MPI_COMM_WORLD, dir.path() + "/missing.h5"),
                    Catch::Contains("no such file"));
  try {
    io::TableFile file(MPI_COMM_WORLD, truncated);
    FAIL("a truncated file must not open");
  } catch (const InputError& e) {
    CHECK(e.collective());
  }
}

TEST_CASE("a failed import leaves no file behind", "[io][errors]") {
  test::ScratchDirectory dir;
  const std::string bad = dir.path() + "/bad.csv", out = dir.path() + "/out.h5";
  std::ofstream(bad) << ",A_x,A_FD,GO\nA_x,1,nan,2\nVA,1,,\nGO,2,,\n";
  {
    io::TableStoreWriter writer(out, false);
    CHECK_THROWS_AS(io::read_wide_csv(bad, writer), InputError);
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    files += entry.path().filename() != "bad.csv";
  }
  CHECK(files == 0);
}

TEST_CASE("--balance repairs the degenerate rows of rounded tables", "[io][store]") {
  // x: inventory drawdown larger than its sales; z: buys an input but sells nothing.
  test::SharedScratchDirectory dir;
  const std::string csv = dir.path() + "/degenerate.csv";
  if (test::world_rank() == 0) {
    std::ofstream(csv) << ",A_x,A_y,A_z,A_FD,GO\n"
                          "A_x,0,2,0,-3,1\n"
                          "A_y,1,0,1,5,7\n"
                          "A_z,0,0,0,0,1\n"
                          "VA,0,5,0,,\n"
                          "GO,1,7,1,,\n";
  }
  MPI_Barrier(MPI_COMM_WORLD);
  io::TableFile file(MPI_COMM_WORLD, test::import_wide_csv(dir, csv, "balanced.h5", true));
  CHECK(file.read_vector("x") == std::vector<double>{2.0, 7.0, 1.0});
  CHECK(file.read_vector("VA") == std::vector<double>{1.0, 5.0, 0.0});
  CHECK(file.read_rows("Y", 0, 3) == std::vector<double>{0.0, 5.0, 1.0});
  auto table = solver::DistributedTable::read(MPI_COMM_WORLD, file.path());
  CHECK(table.n() == 3);
}
