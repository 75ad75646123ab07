#include "io/store/synthetic_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "io/runtime/error.hpp"
#include "io/store/hdf5.hpp"

namespace leontief::io {

namespace {

/// splitmix64: a fast, well-mixed generator whose stream is the same on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in [0, count).
  std::size_t below(std::size_t count) {
    return std::min(count - 1, static_cast<std::size_t>(uniform() * static_cast<double>(count)));
  }

 private:
  std::uint64_t state_;
};

std::vector<std::string> numbered(const char* prefix, std::size_t count) {
  const int width = static_cast<int>(std::to_string(count).size());
  std::vector<std::string> names(count);
  char text[32];
  for (std::size_t k = 0; k < count; ++k) {
    std::snprintf(text, sizeof text, "%s%0*zu", prefix, width, k + 1);
    names[k] = text;
  }
  return names;
}

void check(const SyntheticTableSpec& spec) {
  const auto fail = [](const std::string& what) { throw InputError("leontief generate: " + what); };
  if (spec.regions == 0 || spec.sectors == 0) fail("generate.regions and generate.sectors must be >= 1");
  if (spec.categories == 0) fail("generate.categories must be >= 1");
  const double n = static_cast<double>(spec.regions * spec.sectors);
  if (!(spec.links_per_row >= 0.0 && spec.links_per_row <= n)) {
    fail("generate.links_per_row must be between 0 and n = " + std::to_string(spec.regions * spec.sectors));
  }
  if (!(spec.domestic_share >= 0.0 && spec.domestic_share <= 1.0)) {
    fail("generate.domestic_share must be between 0 and 1");
  }
  if (!(spec.input_share > 0.0 && spec.input_share < 0.5)) {
    // Y_r = x_r − A x_r >= x_r (1 − 2s) > 0 needs s < 1/2 (x_r varies by a factor 2).
    fail("generate.input_share must be in (0, 0.5) so that final demand stays positive");
  }
}

/// Column indices of row i's links, increasing and unique.
void draw_links(const SyntheticTableSpec& spec, std::size_t i, Random& random,
                std::vector<std::uint64_t>& columns) {
  const std::size_t N = spec.sectors, n = spec.regions * N;
  const double whole = std::floor(spec.links_per_row);
  const std::size_t count =
      static_cast<std::size_t>(whole) + (random.uniform() < spec.links_per_row - whole ? 1 : 0);
  columns.clear();
  if (2 * count >= n) {
    // Dense rows: keep each column with probability count / n (all of them when count = n).
    const double keep = static_cast<double>(count) / static_cast<double>(n);
    for (std::size_t j = 0; j < n; ++j) {
      if (keep >= 1.0 || random.uniform() < keep) columns.push_back(j);
    }
    return;
  }
  const std::size_t own_begin = (i / N) * N;
  for (std::size_t k = 0; k < count; ++k) {
    columns.push_back(random.uniform() < spec.domestic_share ? own_begin + random.below(N)
                                                             : random.below(n));
  }
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
}

}  // namespace

SyntheticTableSize estimate_synthetic_table(const SyntheticTableSpec& spec) {
  const double G = static_cast<double>(spec.regions), N = static_cast<double>(spec.sectors);
  const double F = static_cast<double>(spec.categories), n = G * N;
  const double links = spec.links_per_row * n;
  SyntheticTableSize size;
  // CSR columns and values (16 per link; a growing vector holds up to twice that while it
  // is filled), offsets, row and column sums, the known answer n x G, Y n x G·F, x and VA,
  // the labels (~40 bytes each).
  size.memory_bytes = 24.0 * links + 8.0 * n + 16.0 * n + 8.0 * n * G + 8.0 * n * G * F +
                      16.0 * n + 40.0 * (G + N + F);
  // The file: CSR (16 per link, offsets), Y, x, VA and their published copies, the known
  // answer; checksums and HDF5 metadata add little.
  size.disk_bytes = 16.0 * links + 8.0 * n + 8.0 * n * G * F + 32.0 * n + 8.0 * n * G +
                    40.0 * (G + N + F);
  return size;
}

SyntheticTable make_synthetic_table(const SyntheticTableSpec& spec) {
  check(spec);
  const std::size_t G = spec.regions, N = spec.sectors, F = spec.categories, n = G * N;
  SyntheticTable out;
  SparseTable& t = out.table;
  t.labels.regions = numbered("R", G);
  t.labels.sectors = numbered("s", N);
  t.labels.final_demand_categories = F == 1 ? std::vector<std::string>{"FD"} : numbered("FD", F);
  t.metadata.source = "synthetic table (leontief generate, seed " + std::to_string(spec.seed) + ")";

  // A: random weights in [0.1, 1), scaled so that every row and column sums to at most s.
  Random random(spec.seed);
  auto& csr = t.z;
  std::vector<std::uint64_t> row_columns;
  for (std::size_t i = 0; i < n; ++i) {
    draw_links(spec, i, random, row_columns);
    csr.columns.insert(csr.columns.end(), row_columns.begin(), row_columns.end());
    csr.offsets.push_back(csr.columns.size());
  }
  csr.values.resize(csr.columns.size());
  std::vector<double> row_sum(n, 0.0), column_sum(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = csr.offsets[i]; k < csr.offsets[i + 1]; ++k) {
      const double w = 0.1 + 0.9 * random.uniform();
      csr.values[k] = w;
      row_sum[i] += w;
      column_sum[csr.columns[k]] += w;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = csr.offsets[i]; k < csr.offsets[i + 1]; ++k) {
      csr.values[k] *= spec.input_share / std::max(row_sum[i], column_sum[csr.columns[k]]);
    }
  }

  // Known outputs by destination: x_r = scale_r (1 + u), u uniform in [0, 1).
  auto& X = out.output_by_destination;
  X.resize(n * G);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t r = 0; r < G; ++r) {
      X[i * G + r] = static_cast<double>(1 + r % 5) * (1.0 + random.uniform());
    }
  }
  // Y_r = x_r − A x_r, split evenly over the categories; x = Σ_r x_r.
  t.y.assign(n * G * F, 0.0);
  t.x.assign(n, 0.0);
  std::vector<double> ax(G);
  for (std::size_t i = 0; i < n; ++i) {
    std::fill(ax.begin(), ax.end(), 0.0);
    for (std::size_t k = csr.offsets[i]; k < csr.offsets[i + 1]; ++k) {
      const double a = csr.values[k];
      const double* xj = &X[csr.columns[k] * G];
      for (std::size_t r = 0; r < G; ++r) ax[r] += a * xj[r];
    }
    for (std::size_t r = 0; r < G; ++r) {
      const double y = X[i * G + r] - ax[r];
      for (std::size_t f = 0; f < F; ++f) t.y[i * G * F + r * F + f] = y / static_cast<double>(F);
      t.x[i] += X[i * G + r];
    }
  }
  // Z = A x̂ and VA = x − 1'Z.
  t.va = t.x;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = csr.offsets[i]; k < csr.offsets[i + 1]; ++k) {
      const std::size_t j = csr.columns[k];
      csr.values[k] *= t.x[j];
      t.va[j] -= csr.values[k];
    }
  }
  t.balanced = true;
  return out;
}

void write_synthetic_table(const std::string& path, const SyntheticTableSpec& spec,
                           const SyntheticTable& synthetic) {
  write_sparse_table(path, synthetic.table, [&](hid_t file) {
    h5::Group group(
        LEONTIEF_CHECK_H5(H5Gcreate2(file, "synthetic", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)));
    const hsize_t dims[2] = {synthetic.table.labels.n(), spec.regions};
    h5::Dataspace space(LEONTIEF_CHECK_H5(H5Screate_simple(2, dims, nullptr)));
    h5::PropertyList create = h5::dataset_creation(dims, h5::default_chunk(dims));
    h5::Dataset known(LEONTIEF_CHECK_H5(H5Dcreate2(group.get(), "output_by_destination",
                                                   H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                                                   create.get(), H5P_DEFAULT)));
    LEONTIEF_CHECK_H5(H5Dwrite(known.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                               synthetic.output_by_destination.data()));
    h5::write_string_attribute(known.get(), "description",
                               "x_r = B Y_r by destination region r (columns); the exact V̂BY "
                               "is diag(VA / x) times this matrix");
    h5::write_int_attribute(group.get(), "seed", static_cast<long long>(spec.seed));
    h5::write_string_attribute(group.get(), "links_per_row", std::to_string(spec.links_per_row));
    h5::write_string_attribute(group.get(), "domestic_share", std::to_string(spec.domestic_share));
    h5::write_string_attribute(group.get(), "input_share", std::to_string(spec.input_share));
  });
}

}  // namespace leontief::io
