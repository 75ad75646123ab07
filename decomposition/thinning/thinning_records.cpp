#include "decomposition/thinning/thinning_records.hpp"

#include <filesystem>
#include <system_error>

#include "io/runtime/error.hpp"
#include "io/store/hdf5.hpp"

namespace leontief::decomposition {

namespace fs = std::filesystem;

std::string thinning_measure_list() {
  std::string out;
  for (const auto& m : thinning_measures()) {
    out += (out.empty() ? "" : ",") + std::string(m.name);
  }
  return out;
}

bool YearRecord::reusable(const TableFingerprint& current, std::size_t G, std::size_t N,
                          bool need_sda) const {
  return table == current && measures == thinning_measure_list() && version == LEONTIEF_VERSION &&
         regions == G && sectors == N && (has_sda || !need_sda);
}

std::string year_group(int year) { return "years/" + std::to_string(year); }

void write_year_record(io::ResultFile& file, const YearRecord& header, std::size_t regions,
                       std::size_t sectors, std::size_t first_region, std::size_t region_count,
                       const std::vector<double>& economy_rows,
                       const std::vector<double>& sector_rows,
                       const SdaLocalInputs* sda) {
  const std::string group = year_group(header.year);
  const std::size_t G = regions, N = sectors, n = G * N;
  const std::size_t M = thinning_measures().size();
  file.create_group(group, {{"description", "finished year of leontief thinning"},
                            {"year", std::to_string(header.year)},
                            {"table", header.table.path},
                            {"table_size", std::to_string(header.table.size)},
                            {"table_modified", std::to_string(header.table.modified)},
                            {"measures", header.measures},
                            {"leontief_version", header.version},
                            {"linear_solver", header.linear_solver},
                            {"mpi_ranks", header.ranks},
                            {"regions", std::to_string(G)},
                            {"sectors", std::to_string(N)},
                            {"sda_inputs", sda ? "1" : "0"}});
  const std::string measures = header.measures;
  file.write_matrix(group + "/economy", G, M, first_region, region_count, economy_rows, "region",
                    measures, "panel measures by economy");
  file.write_matrix(group + "/sector", n, M, first_region * N, region_count * N, sector_rows,
                    "region x sector", measures, "panel measures by economy x sector");
  if (!sda) return;
  file.write_matrix(group + "/sda_domestic_coefficients", n, N, first_region * N, region_count * N,
                    sda->domestic_coefficients, "region x sector (row of A_ss)",
                    "sector (column of A_ss)", "domestic input coefficients A_ss of each economy");
  file.write_matrix(group + "/sda_domestic_leontief", n, N, first_region * N, region_count * N,
                    sda->domestic_leontief, "region x sector (row of B_ss)",
                    "sector (column of B_ss)",
                    "domestic block B_ss of the global Leontief inverse of each economy");
  file.write_matrix(group + "/sda_va_coefficients", n, 1, first_region * N, region_count * N,
                    sda->va_coefficients, "region x sector", "value added / gross output",
                    "value-added coefficients v");
  file.write_matrix(group + "/sda_exports", n, 1, first_region * N, region_count * N, sda->exports,
                    "region x sector", "gross exports",
                    "total gross exports e of each economy x sector");
}

namespace {

bool read_attribute(hid_t object, const std::string& name, std::string& value) {
  return io::h5::read_string_attribute(object, name, value);
}

bool read_number(hid_t object, const std::string& name, long long& value) {
  std::string text;
  if (!read_attribute(object, name, text)) return false;
  try {
    std::size_t used = 0;
    value = std::stoll(text, &used);
    return used == text.size();
  } catch (const std::exception&) {
    return false;
  }
}

/// A whole rows x cols float64 dataset, or false if missing or of another shape.
bool read_matrix(hid_t parent, const std::string& name, std::size_t rows, std::size_t cols,
                 std::vector<double>& out) {
  if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0) return false;
  io::h5::Dataset dset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT));
  if (!dset.valid()) return false;
  io::h5::Dataspace space(H5Dget_space(dset.get()));
  if (!space.valid() || H5Sget_simple_extent_ndims(space.get()) != 2) return false;
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  if (dims[0] != rows || dims[1] != cols) return false;
  out.assign(rows * cols, 0.0);
  if (rows * cols == 0) return true;
  return H5Dread(dset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) >= 0;
}

}  // namespace

std::optional<YearRecord> read_year_record(const std::string& path, int year) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  if (H5Fis_hdf5(path.c_str()) <= 0) return std::nullopt;
  io::h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!file.valid()) return std::nullopt;
  if (H5Lexists(file.get(), "years", H5P_DEFAULT) <= 0) return std::nullopt;
  const std::string name = year_group(year);
  if (H5Lexists(file.get(), name.c_str(), H5P_DEFAULT) <= 0) return std::nullopt;
  io::h5::Group group(H5Gopen2(file.get(), name.c_str(), H5P_DEFAULT));
  if (!group.valid()) return std::nullopt;

  YearRecord r;
  r.year = year;
  long long stored_year = 0, regions = 0, sectors = 0, sda = 0;
  if (!read_number(group.get(), "year", stored_year) || stored_year != year ||
      !read_attribute(group.get(), "table", r.table.path) ||
      !read_number(group.get(), "table_size", r.table.size) ||
      !read_number(group.get(), "table_modified", r.table.modified) ||
      !read_attribute(group.get(), "measures", r.measures) ||
      !read_attribute(group.get(), "leontief_version", r.version) ||
      !read_number(group.get(), "regions", regions) ||
      !read_number(group.get(), "sectors", sectors) ||
      !read_number(group.get(), "sda_inputs", sda) || regions <= 0 || sectors <= 0) {
    return std::nullopt;
  }
  read_attribute(group.get(), "linear_solver", r.linear_solver);
  read_attribute(group.get(), "mpi_ranks", r.ranks);
  r.regions = static_cast<std::size_t>(regions);
  r.sectors = static_cast<std::size_t>(sectors);
  const std::size_t G = r.regions, N = r.sectors, n = G * N;
  const std::size_t M = thinning_measures().size();
  if (r.measures != thinning_measure_list()) return r;  // not reusable; no need for the data
  if (!read_matrix(group.get(), "economy", G, M, r.economy) ||
      !read_matrix(group.get(), "sector", n, M, r.sector)) {
    return std::nullopt;
  }
  if (sda != 0) {
    r.sda.first_region = 0;
    r.sda.regions = G;
    r.sda.sectors = N;
    r.has_sda =
        read_matrix(group.get(), "sda_domestic_coefficients", n, N, r.sda.domestic_coefficients) &&
        read_matrix(group.get(), "sda_domestic_leontief", n, N, r.sda.domestic_leontief) &&
        read_matrix(group.get(), "sda_va_coefficients", n, 1, r.sda.va_coefficients) &&
        read_matrix(group.get(), "sda_exports", n, 1, r.sda.exports);
  }
  return r;
}

}  // namespace leontief::decomposition
