/// Sparse (CSR) tables and the synthetic generator: a CSR table reads the same at every rank
/// count, the generated table's known answer V̂BY = v̂[x_1 … x_G] is what both solve paths
/// compute, and damaged CSR datasets give one clear error naming the file and the row.

#include <catch2/catch.hpp>

#include "decomposition/trade/value_added.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/store/synthetic_table.hpp"
#include "io/store/table_store.hpp"
#include "solver/distributed_table.hpp"
#include "solver/leontief_operator.hpp"
#include "tests/support.hpp"

using namespace leontief;

namespace {

io::SyntheticTableSpec small_spec(std::uint64_t seed) {
  io::SyntheticTableSpec spec;
  spec.regions = 5;
  spec.sectors = 6;
  spec.links_per_row = 4.5;
  spec.categories = 2;
  spec.seed = seed;
  return spec;
}

/// Writes `synthetic` on rank 0 into `dir`; a failure is raised on every rank.
std::string write_on_rank0(const test::SharedScratchDirectory& dir, const std::string& name,
                           const io::SyntheticTableSpec& spec, const io::SyntheticTable& synthetic) {
  const std::string path = dir.path() + "/" + name;
  run_collectively(MPI_COMM_WORLD, [&] {
    if (test::world_rank() == 0) io::write_synthetic_table(path, spec, synthetic);
  });
  return path;
}

}  // namespace

TEST_CASE("a CSR table is read by row blocks like a dense one", "[io][sparse]") {
  test::SharedScratchDirectory dir;
  const auto spec = small_spec(3);
  const auto synthetic = io::make_synthetic_table(spec);
  const auto& z = synthetic.table.z;
  const std::string path = write_on_rank0(dir, "net.h5", spec, synthetic);

  io::TableFile file(MPI_COMM_WORLD, path);
  CHECK(file.sparse_intermediate());
  CHECK(file.labels() == synthetic.table.labels);
  const std::size_t n = file.labels().n();
  const std::size_t begin = static_cast<std::size_t>(test::world_rank()) * 7 % n;
  const std::size_t count = std::min<std::size_t>(7, n - begin);
  const auto dense = file.read_rows("Z", begin, count);
  for (std::size_t r = 0; r < count; ++r) {
    std::vector<double> expected(n, 0.0);
    for (auto k = z.offsets[begin + r]; k < z.offsets[begin + r + 1]; ++k) {
      expected[z.columns[k]] = z.values[k];
    }
    CHECK(std::vector<double>(dense.begin() + static_cast<long>(r * n),
                              dense.begin() + static_cast<long>((r + 1) * n)) == expected);
  }

  const auto table = solver::DistributedTable::read(MPI_COMM_WORLD, path);
  const auto& part = table.partition();
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t i = part.row_begin() + r;
    REQUIRE(table.z_row_offsets()[r + 1] - table.z_row_offsets()[r] ==
            z.offsets[i + 1] - z.offsets[i]);
    for (std::size_t k = 0; k < z.offsets[i + 1] - z.offsets[i]; ++k) {
      CHECK(table.z_columns()[table.z_row_offsets()[r] + k] == z.columns[z.offsets[i] + k]);
      CHECK(table.z_values()[table.z_row_offsets()[r] + k] == z.values[z.offsets[i] + k]);
    }
  }
  CHECK(table.gross_output() == synthetic.table.x);
}

TEST_CASE("a synthetic table is balanced and productive by construction", "[io][generate]") {
  const auto spec = small_spec(GENERATE(1u, 2u, 3u));
  const auto synthetic = io::make_synthetic_table(spec);
  const auto& t = synthetic.table;
  const std::size_t n = t.labels.n(), fd = t.labels.final_demand_columns();
  std::vector<double> row_total(n, 0.0), inputs(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (auto k = t.z.offsets[i]; k < t.z.offsets[i + 1]; ++k) {
      row_total[i] += t.z.values[k];
      inputs[t.z.columns[k]] += t.z.values[k];
    }
    for (std::size_t c = 0; c < fd; ++c) {
      CHECK(t.y[i * fd + c] > 0.0);
      row_total[i] += t.y[i * fd + c];
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    CHECK(test::relative_difference(row_total[j], t.x[j]) < 1e-14);
    CHECK(inputs[j] <= spec.input_share * t.x[j] * (1 + 1e-14));  // column sums of A <= s
    CHECK(test::relative_difference(t.va[j], t.x[j] - inputs[j]) < 1e-14);
  }
  // Same seed, same table.
  CHECK(io::make_synthetic_table(spec).table.z.values == t.z.values);
  CHECK_THROWS_AS(io::make_synthetic_table([&] {
                    auto bad = spec;
                    bad.input_share = 0.6;
                    return bad;
                  }()),
                  InputError);
}

TEST_CASE("V̂BY of a synthetic table is its known answer on both solve paths",
          "[solver][generate][iterative]") {
  test::SharedScratchDirectory dir;
  auto spec = small_spec(11);
  spec.regions = 3;  // at 4 ranks one rank has no rows
  spec.sectors = 40;
  const auto synthetic = io::make_synthetic_table(spec);
  const std::string path = write_on_rank0(dir, "known.h5", spec, synthetic);
  const auto table = solver::DistributedTable::read(MPI_COMM_WORLD, path);
  const auto path_kind = GENERATE(solver::SolvePath::direct, solver::SolvePath::iterative);
  solver::LeontiefOptions options;
  options.path = path_kind;
  solver::LeontiefOperator op(table, options);
  CHECK(op.iterative() == (path_kind == solver::SolvePath::iterative));
  const auto accounts = decomposition::value_added_accounts(table, op, false);
  const auto& part = table.partition();
  const std::size_t G = spec.regions;
  const auto v = table.value_added_coefficients();
  test::Agreement vby({op.iterative() ? 1e-10 : 1e-13, 0.0});
  for (std::size_t r = 0; r < part.local_rows(); ++r) {
    const std::size_t i = part.row_begin() + r;
    for (std::size_t g = 0; g < G; ++g) {
      vby.add(accounts.by_destination[r * G + g], v[i] * synthetic.output_by_destination[i * G + g],
              i * G + g);
    }
  }
  LEONTIEF_CHECK_AGREES(test::all_ranks(vby));
}

TEST_CASE("damaged CSR tables give one clear error naming the file and row", "[io][errors][sparse]") {
  test::SharedScratchDirectory dir;
  const auto spec = small_spec(5);
  const auto good = io::make_synthetic_table(spec);
  const auto damaged = [&](const std::string& name, auto&& damage) {
    auto copy = good;
    damage(copy.table.z);
    return write_on_rank0(dir, name, spec, copy);
  };
  const std::string out_of_range =
      damaged("range.h5", [](io::SparseRows& z) { z.columns[3] = 1000; });
  const std::string unsorted = damaged("unsorted.h5", [](io::SparseRows& z) {
    std::swap(z.columns[z.offsets[2]], z.columns[z.offsets[2] + 1]);
  });
  const std::string short_offsets =
      damaged("offsets.h5", [](io::SparseRows& z) { z.offsets.back() -= 1; });
  CHECK_THROWS_WITH(solver::DistributedTable::read(MPI_COMM_WORLD, out_of_range),
                    Catch::StartsWith(out_of_range) && Catch::Contains("/Z/columns") &&
                        Catch::Contains("out of range"));
  CHECK_THROWS_WITH(solver::DistributedTable::read(MPI_COMM_WORLD, unsorted),
                    Catch::StartsWith(unsorted) && Catch::Contains("R1_s3") &&
                        Catch::Contains("not increasing"));
  CHECK_THROWS_WITH(io::TableFile(MPI_COMM_WORLD, short_offsets),
                    Catch::StartsWith(short_offsets) && Catch::Contains("/Z/row_offsets"));
}
