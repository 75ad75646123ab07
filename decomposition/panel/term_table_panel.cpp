#include "decomposition/panel/term_table_panel.hpp"

#include <filesystem>
#include <system_error>

#include "decomposition/term_table_output.hpp"
#include "io/runtime/error.hpp"
#include "io/store/hdf5.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::decomposition {

namespace fs = std::filesystem;

namespace {

std::string group_of(int year) { return "years/" + std::to_string(year); }

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

std::string join_numbers(const std::vector<std::size_t>& values) {
  std::string out;
  for (const auto v : values) out += (out.empty() ? "" : ",") + std::to_string(v);
  return out;
}

bool parse_number(const std::string& text, long long& value) {
  try {
    std::size_t used = 0;
    value = std::stoll(text, &used);
    return used == text.size() && value >= 0;
  } catch (const std::exception&) {
    return false;
  }
}

bool read_number(hid_t object, const std::string& name, long long& value) {
  std::string text;
  return io::h5::read_string_attribute(object, name, text) && parse_number(text, value);
}

bool read_numbers(hid_t object, const std::string& name, std::vector<std::size_t>& values) {
  std::string text;
  if (!io::h5::read_string_attribute(object, name, text)) return false;
  values.clear();
  for (const auto& item : io::csv::split_list(text)) {
    long long v = 0;
    if (!parse_number(item, v)) return false;
    values.push_back(static_cast<std::size_t>(v));
  }
  return true;
}

/// Rows x cols of a 2-D dataset, or false.
bool dataset_shape(hid_t file, const std::string& name, hsize_t (&dims)[2]) {
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) return false;
  io::h5::Dataset dset(H5Dopen2(file, name.c_str(), H5P_DEFAULT));
  if (!dset.valid()) return false;
  io::h5::Dataspace space(H5Dget_space(dset.get()));
  if (!space.valid() || H5Sget_simple_extent_ndims(space.get()) != 2) return false;
  return H5Sget_simple_extent_dims(space.get(), dims, nullptr) == 2;
}

std::optional<KeyColumn::Kind> parse_kind(const std::string& text) {
  for (const auto kind : {KeyColumn::Kind::year, KeyColumn::Kind::region, KeyColumn::Kind::sector}) {
    if (text == kind_name(kind)) return kind;
  }
  return std::nullopt;  // scenario keys need their labels: not part of a decompose panel
}

io::h5::File open_for_reading(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || H5Fis_hdf5(path.c_str()) <= 0) return io::h5::File();
  return io::h5::File(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
}

/// Reads rows [begin, begin + count) of a 2-D dataset of `cols` columns as `type`.
void read_rows(hid_t file, const std::string& path, const std::string& name, hid_t type,
               std::size_t begin, std::size_t count, std::size_t cols, void* out) {
  const io::h5::Dataset dset(H5Dopen2(file, name.c_str(), H5P_DEFAULT));
  if (!dset.valid()) throw Error(path + ": cannot open dataset /" + name);
  hsize_t dims[2] = {0, 0};
  if (!dataset_shape(file, name, dims) || dims[1] != cols || begin + count > dims[0]) {
    throw Error(path + ": dataset /" + name + " does not have the rows and columns its record names");
  }
  if (count == 0 || cols == 0) return;
  io::h5::RowBlock block(dset.get(), begin, count, cols);
  if (H5Dread(dset.get(), type, block.memory.get(), block.file.get(), H5P_DEFAULT, out) < 0) {
    throw Error(path + ": cannot read dataset /" + name + " (truncated or damaged file?): " +
                io::h5::last_error_message());
  }
}

}  // namespace

bool PanelYearRecord::reusable(const io::TableFingerprint& current,
                               const std::string& run_methods, std::size_t G,
                               std::size_t N) const {
  return table == current && methods == run_methods && version == LEONTIEF_VERSION &&
         regions == G && sectors == N && !tables.empty();
}

void write_panel_year(io::ResultFile& file, const PanelYearRecord& r) {
  file.create_group(group_of(r.year),
                    {{"description", "finished year of leontief decompose --tables"},
                     {"year", std::to_string(r.year)},
                     {"table", r.table.path},
                     {"table_size", std::to_string(r.table.size)},
                     {"table_modified", std::to_string(r.table.modified)},
                     {"methods", r.methods},
                     {"leontief_version", r.version},
                     {"linear_solver", r.linear_solver},
                     {"mpi_ranks", r.ranks},
                     {"regions", std::to_string(r.regions)},
                     {"sectors", std::to_string(r.sectors)},
                     {"tables", join(r.tables)},
                     {"row_begin", join_numbers(r.row_begin)},
                     {"row_count", join_numbers(r.row_count)}});
}

std::optional<PanelYearRecord> read_panel_year(const std::string& path, int year) {
  const io::h5::File file = open_for_reading(path);
  if (!file.valid()) return std::nullopt;
  const std::string name = group_of(year);
  if (H5Lexists(file.get(), "years", H5P_DEFAULT) <= 0 ||
      H5Lexists(file.get(), name.c_str(), H5P_DEFAULT) <= 0) {
    return std::nullopt;
  }
  const io::h5::Group group(H5Gopen2(file.get(), name.c_str(), H5P_DEFAULT));
  if (!group.valid()) return std::nullopt;
  PanelYearRecord r;
  r.path = path;
  long long stored_year = 0, regions = 0, sectors = 0;
  std::string tables, modified;
  const hid_t g = group.get();
  if (!read_number(g, "year", stored_year) || stored_year != year ||
      !io::h5::read_string_attribute(g, "table", r.table.path) ||
      !read_number(g, "table_size", r.table.size) ||
      !io::h5::read_string_attribute(g, "table_modified", modified) ||
      !io::h5::read_string_attribute(g, "methods", r.methods) ||
      !io::h5::read_string_attribute(g, "leontief_version", r.version) ||
      !read_number(g, "regions", regions) || !read_number(g, "sectors", sectors) ||
      !read_numbers(g, "row_begin", r.row_begin) || !read_numbers(g, "row_count", r.row_count)) {
    return std::nullopt;
  }
  // The modification time may be negative (file clock before its epoch).
  try {
    std::size_t used = 0;
    r.table.modified = std::stoll(modified, &used);
    if (used != modified.size()) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (!io::h5::read_string_attribute(g, "tables", tables)) return std::nullopt;
  io::h5::read_string_attribute(g, "linear_solver", r.linear_solver);
  io::h5::read_string_attribute(g, "mpi_ranks", r.ranks);
  r.year = year;
  r.regions = static_cast<std::size_t>(regions);
  r.sectors = static_cast<std::size_t>(sectors);
  r.tables = io::csv::split_list(tables);
  if (r.row_begin.size() != r.tables.size() || r.row_count.size() != r.tables.size()) {
    return std::nullopt;
  }
  // Every table must hold the record's rows, with keys and values of matching shapes.
  for (std::size_t t = 0; t < r.tables.size(); ++t) {
    hsize_t values[2] = {0, 0}, keys[2] = {0, 0};
    if (!dataset_shape(file.get(), r.tables[t] + "/values", values) ||
        !dataset_shape(file.get(), r.tables[t] + "/keys", keys) || values[0] != keys[0] ||
        r.row_begin[t] + r.row_count[t] > values[0]) {
      return std::nullopt;
    }
  }
  return r;
}

TermTable read_panel_rows(const PanelYearRecord& record, std::size_t index) {
  const std::string& path = record.path;
  const io::h5::File file = open_for_reading(path);
  if (!file.valid()) throw Error(path + ": cannot open the panel file");
  TermTable t;
  t.name = record.tables.at(index);
  const io::h5::Group group(H5Gopen2(file.get(), t.name.c_str(), H5P_DEFAULT));
  std::string key_columns, key_kinds, measures;
  if (!group.valid() || !io::h5::read_string_attribute(group.get(), "key_columns", key_columns) ||
      !io::h5::read_string_attribute(group.get(), "key_kinds", key_kinds) ||
      !io::h5::read_string_attribute(group.get(), "measures", measures)) {
    throw Error(path + ": group /" + t.name + " lacks its key_columns, key_kinds or measures");
  }
  io::h5::read_string_attribute(group.get(), "description", t.description);
  const auto names = io::csv::split_list(key_columns), kinds = io::csv::split_list(key_kinds);
  if (names.size() != kinds.size()) throw Error(path + ": /" + t.name + ": key_kinds do not match key_columns");
  for (std::size_t k = 0; k < names.size(); ++k) {
    const auto kind = parse_kind(kinds[k]);
    if (!kind) throw Error(path + ": /" + t.name + ": key kind '" + kinds[k] + "' is not a panel key");
    t.keys.push_back({names[k], *kind});
  }
  t.measures = io::csv::split_list(measures);
  const std::size_t begin = record.row_begin.at(index), count = record.row_count.at(index);
  t.local_values.resize(count * t.measures.size());
  t.local_keys.resize(count * t.keys.size());
  read_rows(file.get(), path, t.name + "/values", H5T_NATIVE_DOUBLE, begin, count,
            t.measures.size(), t.local_values.data());
  read_rows(file.get(), path, t.name + "/keys", H5T_NATIVE_LONG, begin, count, t.keys.size(),
            t.local_keys.data());
  return t;
}

}  // namespace leontief::decomposition
