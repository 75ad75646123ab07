#include "tests/support.hpp"

#include "io/readers/wide_csv_reader.hpp"
#include "io/runtime/collective.hpp"
#include "io/store/table_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <utility>

namespace leontief::test {

namespace fs = std::filesystem;

DenseTable random_table(std::size_t regions, std::size_t sectors, std::size_t categories,
                        unsigned seed, long zero_output_sector) {
  DenseTable t;
  for (std::size_t g = 0; g < regions; ++g) t.labels.regions.push_back("R" + std::to_string(g));
  for (std::size_t s = 0; s < sectors; ++s) t.labels.sectors.push_back("s" + std::to_string(s));
  for (std::size_t f = 0; f < categories; ++f) {
    t.labels.final_demand_categories.push_back("F" + std::to_string(f));
  }
  const std::size_t n = t.n(), fd = t.labels.final_demand_columns();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  t.z.assign(n * n, 0.0);
  t.y.assign(n * fd, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double u = unit(rng);
      t.z[i * n + j] = u < 0.3 ? 0.0 : u;  // some structural zeros, as in real tables
    }
    for (std::size_t k = 0; k < fd; ++k) {
      // Mostly positive final demand, occasionally negative (inventories).
      const double u = unit(rng);
      t.y[i * fd + k] = u < 0.05 ? -0.1 * u : (0.5 + u) * static_cast<double>(n);
    }
  }
  if (zero_output_sector >= 0) {
    const auto s = static_cast<std::size_t>(zero_output_sector);
    for (std::size_t j = 0; j < n; ++j) t.z[s * n + j] = t.z[j * n + s] = 0.0;
    for (std::size_t k = 0; k < fd; ++k) t.y[s * fd + k] = 0.0;
  }
  t.x.assign(n, 0.0);
  t.va.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) t.x[i] += t.z[i * n + j];
    for (std::size_t k = 0; k < fd; ++k) t.x[i] += t.y[i * fd + k];
  }
  for (std::size_t j = 0; j < n; ++j) {
    double inputs = 0.0;
    for (std::size_t i = 0; i < n; ++i) inputs += t.z[i * n + j];
    t.va[j] = t.x[j] - inputs;
  }
  return t;
}

solver::DistributedTable distribute(MPI_Comm comm, const DenseTable& table) {
  return solver::DistributedTable::from_dense(comm, table.labels, table.z, table.y, table.x,
                                              table.va);
}

bool close(double a, double b, double tolerance) {
  return agrees(a, b, Tolerance{tolerance, tolerance});
}

bool close_or_documented_nan(double a, double b, double tolerance) {
  return agrees(a, b, Tolerance{tolerance, tolerance}, NanRule::documented);
}

Agreement all_ranks(const Agreement& local) {
  const int size = world_size();
  std::vector<Agreement::State> states(static_cast<std::size_t>(size));
  MPI_Allgather(&local.state(), sizeof(Agreement::State), MPI_BYTE, states.data(),
                sizeof(Agreement::State), MPI_BYTE, MPI_COMM_WORLD);
  Agreement all(local.tolerance(), local.nan_rule());
  for (const auto& s : states) all.merge(s);
  return all;
}

std::vector<double> technical_coefficients(const DenseTable& table) {
  const std::size_t n = table.n();
  std::vector<double> a(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      a[i * n + j] = table.x[j] > 0.0 ? table.z[i * n + j] / table.x[j] : 0.0;
    }
  }
  return a;
}

std::vector<double> dense_leontief_inverse(const DenseTable& table) {
  return inverse_of_identity_minus(technical_coefficients(table), table.n());
}

std::vector<double> inverse_of_identity_minus(const std::vector<double>& a, std::size_t n) {
  // Gauss-Jordan with partial pivoting on [I − A | I].
  std::vector<double> m(n * n), inv(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    inv[i * n + i] = 1.0;
    for (std::size_t j = 0; j < n; ++j) m[i * n + j] = (i == j ? 1.0 : 0.0) - a[i * n + j];
  }
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::abs(m[r * n + c]) > std::abs(m[pivot * n + c])) pivot = r;
    }
    if (m[pivot * n + c] == 0.0) throw std::runtime_error("singular reference matrix");
    for (std::size_t j = 0; j < n; ++j) {
      std::swap(m[c * n + j], m[pivot * n + j]);
      std::swap(inv[c * n + j], inv[pivot * n + j]);
    }
    const double d = m[c * n + c];
    for (std::size_t j = 0; j < n; ++j) {
      m[c * n + j] /= d;
      inv[c * n + j] /= d;
    }
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c || m[r * n + c] == 0.0) continue;
      const double f = m[r * n + c];
      for (std::size_t j = 0; j < n; ++j) {
        m[r * n + j] -= f * m[c * n + j];
        inv[r * n + j] -= f * inv[c * n + j];
      }
    }
  }
  return inv;
}

std::string import_wide_csv(const SharedScratchDirectory& dir, const std::string& csv,
                            const std::string& name, bool balance) {
  const std::string h5 = dir.path() + "/" + name;
  run_collectively(MPI_COMM_WORLD, [&] {
    if (world_rank() != 0) return;
    io::TableStoreWriter writer(h5, balance);
    io::read_wide_csv(csv, writer);
    writer.commit();
  });
  return h5;
}

namespace {
/// Keeps a whole table in memory (tests only: real imports stream).
class DenseSink final : public io::TableSink {
 public:
  explicit DenseSink(DenseTable& table) : t_(table) {}
  void begin(const io::TableLabels& labels, const io::TableMetadata&) override {
    t_.labels = labels;
    t_.z.assign(labels.n() * labels.n(), 0.0);
    t_.y.assign(labels.n() * labels.final_demand_columns(), 0.0);
    t_.x.assign(labels.n(), 0.0);
  }
  void row(std::size_t i, std::span<const double> z, std::span<const double> y,
           double x) override {
    std::copy(z.begin(), z.end(), t_.z.begin() + static_cast<long>(i * z.size()));
    std::copy(y.begin(), y.end(), t_.y.begin() + static_cast<long>(i * y.size()));
    t_.x[i] = x;
  }
  void finish(std::span<const double> va) override { t_.va.assign(va.begin(), va.end()); }

 private:
  DenseTable& t_;
};
}  // namespace

DenseTable read_dense_table(const std::string& wide_csv) {
  DenseTable table;
  DenseSink sink(table);
  io::read_wide_csv(wide_csv, sink);
  return table;
}

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

double relative_difference(double a, double b) {
  const double scale = std::max(std::abs(a), std::abs(b));
  return scale == 0.0 ? 0.0 : std::abs(a - b) / scale;
}

double measure(const decomposition::TermTable& t, std::size_t row, const std::string& name) {
  const auto it = std::find(t.measures.begin(), t.measures.end(), name);
  if (it == t.measures.end()) throw std::runtime_error(t.name + " has no measure " + name);
  return t.local_values[row * t.measures.size() + static_cast<std::size_t>(it - t.measures.begin())];
}

double global_sum(double local) {
  double total = 0.0;
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

LeatherRun::LeatherRun()
    : table(solver::DistributedTable::read(
          MPI_COMM_WORLD,
          import_wide_csv(dir, std::string(LEONTIEF_TEST_DATA_DIR) + "/leather/leather.csv",
                          "leather.h5", false))),
      op(table),
      context(table, op) {}

int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int world_size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

namespace {
std::string make_unique_directory(const std::string& tag) {
  static int counter = 0;
  const fs::path p = fs::temp_directory_path() /
                     ("leontief-test-" + tag + "-" + std::to_string(getpid()) + "-" +
                      std::to_string(counter++));
  fs::create_directories(p);
  return p.string();
}
}  // namespace

ScratchDirectory::ScratchDirectory()
    : path_(make_unique_directory("r" + std::to_string(world_rank()))) {}

ScratchDirectory::~ScratchDirectory() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

SharedScratchDirectory::SharedScratchDirectory() {
  std::string name = world_rank() == 0 ? make_unique_directory("shared") : std::string();
  int length = static_cast<int>(name.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  name.resize(static_cast<std::size_t>(length));
  MPI_Bcast(name.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
  path_ = name;
}

SharedScratchDirectory::~SharedScratchDirectory() {
  MPI_Barrier(MPI_COMM_WORLD);
  if (world_rank() == 0) {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
}

DenseTable two_sector_feedback(double flow) {
  DenseTable t;
  t.labels.regions = {"A"};
  t.labels.sectors = {"s1", "s2"};
  t.labels.final_demand_categories = {"FD"};
  t.z = {0.0, flow, flow, 0.0};
  t.y = {1.0, 1.0};
  t.x = {2.0, 2.0};
  t.va = {2.0 - flow, 2.0 - flow};
  return t;
}

Agreement va_multipliers(const solver::DistributedTable& table, const solver::LeontiefOperator& op,
                         double tolerance) {
  const auto& part = table.partition();
  auto rhs = op.create_dense(1);
  const auto v = table.value_added_coefficients();
  {
    solver::DenseArray a(rhs.get());
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      a(static_cast<PetscInt>(r), 0) = v[part.row_begin() + r];
    }
  }
  auto u = op.solve_transpose(rhs.get());
  Agreement local(Tolerance{0.0, tolerance});
  {
    solver::DenseArray a(u.get());
    for (std::size_t r = 0; r < part.local_rows(); ++r) {
      local.add(a(static_cast<PetscInt>(r), 0), 1.0, part.row_begin() + r);
    }
  }
  return all_ranks(local);
}

}  // namespace leontief::test
