/// @file h5_compare.cpp
/// @brief Compares datasets of HDF5 result files (the CLI tests have no h5dump):
///   leontief_h5_compare A.h5 B.h5 DATASET [--rtol R] [--atol A] [--nan]
///     the 2-D float64 datasets DATASET of A and B have the same shape and the same `rows`
///     and `columns` attributes, and agree entrywise (tests/agreement.hpp): both finite and
///     |a - b| <= atol + rtol * max(|a|, |b|). NaN fails unless --nan says the dataset
///     documents NaN, and then only NaN against NaN; infinities always fail; an empty
///     dataset fails. Prints the counts (NaN positions included) and the worst entry.
///   leontief_h5_compare --has FILE DATASET
///     succeeds if FILE holds DATASET.
/// Exit status: 0 agree / present, 1 differ / absent, 2 usage or read error.

#include <hdf5.h>
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "io/runtime/error.hpp"
#include "io/store/hdf5.hpp"
#include "tests/agreement.hpp"

namespace {

using namespace leontief;

struct Matrix2d {
  hsize_t rows = 0, cols = 0;
  std::vector<double> values;
  std::string row_key, column_key;
};

io::h5::File open(const std::string& path) {
  io::h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file.valid()) throw Error(path + ": cannot open as HDF5");
  return file;
}

Matrix2d read(const std::string& path, const std::string& name) {
  const io::h5::File file = open(path);
  if (H5Lexists(file.get(), name.c_str(), H5P_DEFAULT) <= 0) {
    throw Error(path + ": no dataset " + name);
  }
  io::h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT)));
  io::h5::Dataspace space(LEONTIEF_CHECK_H5(H5Dget_space(dset.get())));
  if (H5Sget_simple_extent_ndims(space.get()) != 2) throw Error(path + ": " + name + " is not 2-D");
  hsize_t dims[2] = {0, 0};
  LEONTIEF_CHECK_H5(H5Sget_simple_extent_dims(space.get(), dims, nullptr));
  Matrix2d m;
  m.rows = dims[0];
  m.cols = dims[1];
  m.values.resize(m.rows * m.cols);
  if (!m.values.empty()) {
    LEONTIEF_CHECK_H5(
        H5Dread(dset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, m.values.data()));
  }
  io::h5::read_string_attribute(dset.get(), "rows", m.row_key);
  io::h5::read_string_attribute(dset.get(), "columns", m.column_key);
  return m;
}

int compare(const std::string& a_path, const std::string& b_path, const std::string& name,
            double rtol, double atol, bool nan) {
  const Matrix2d a = read(a_path, name), b = read(b_path, name);
  if (a.rows != b.rows || a.cols != b.cols) {
    std::printf("%s: shapes differ: %llu x %llu and %llu x %llu\n", name.c_str(),
                static_cast<unsigned long long>(a.rows), static_cast<unsigned long long>(a.cols),
                static_cast<unsigned long long>(b.rows), static_cast<unsigned long long>(b.cols));
    return 1;
  }
  if (a.row_key != b.row_key || a.column_key != b.column_key) {
    std::printf("%s: row/column attributes differ: '%s' / '%s' and '%s' / '%s'\n", name.c_str(),
                a.row_key.c_str(), a.column_key.c_str(), b.row_key.c_str(), b.column_key.c_str());
    return 1;
  }
  test::Agreement agreement({rtol, atol}, nan ? test::NanRule::documented : test::NanRule::wrong);
  for (std::size_t k = 0; k < a.values.size(); ++k) agreement.add(a.values[k], b.values[k], k);
  const auto& s = agreement.state();
  const auto at = [&](std::size_t k) {
    return "(" + std::to_string(k / a.cols) + ", " + std::to_string(k % a.cols) + ")";
  };
  std::printf("%s: %llu x %llu: %s\n", name.c_str(), static_cast<unsigned long long>(a.rows),
              static_cast<unsigned long long>(a.cols), agreement.summary().c_str());
  if (s.compared > 0) {
    std::printf("worst entry at %s: %.17g vs %.17g\n", at(s.worst_position).c_str(), s.worst_got,
                s.worst_expected);
  }
  if (!agreement.ok()) {
    if (s.failures > 0) {
      std::printf("%zu entries differ beyond rtol %g, atol %g; first at %s: %.17g vs %.17g (%s)\n",
                  s.failures, rtol, atol, at(s.first_failure).c_str(), s.first_got,
                  s.first_expected, test::describe(static_cast<test::Verdict>(s.first_verdict)));
    }
    return 1;
  }
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: leontief_h5_compare A.h5 B.h5 DATASET [--rtol R] [--atol A] [--nan]\n"
               "       leontief_h5_compare --has FILE DATASET\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);  // parallel HDF5 is an MPI library
  io::h5::silence_library_errors();
  int status = 2;
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "--has") {
      const io::h5::File file = open(args[1]);
      status = H5Lexists(file.get(), args[2].c_str(), H5P_DEFAULT) > 0 ? 0 : 1;
    } else if (args.size() >= 3) {
      double rtol = 1e-12, atol = 0.0;
      bool ok = true, nan = false;
      for (std::size_t i = 3; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if (args[i] == "--nan") {
          nan = true;
        } else if (has_value && args[i] == "--rtol") {
          rtol = std::strtod(args[++i].c_str(), nullptr);
        } else if (has_value && args[i] == "--atol") {
          atol = std::strtod(args[++i].c_str(), nullptr);
        } else {
          ok = false;
        }
      }
      status = ok ? compare(args[0], args[1], args[2], rtol, atol, nan) : usage();
    } else {
      status = usage();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "leontief_h5_compare: %s\n", e.what());
    status = 2;
  }
  MPI_Finalize();
  return status;
}
