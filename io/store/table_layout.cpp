#include "io/store/table_layout.hpp"

#include "io/store/hdf5.hpp"

namespace leontief::io {

void write_table_vector(hid_t file, const std::string& name, const std::vector<double>& values) {
  const hsize_t count = values.size();
  h5::Dataspace space(LEONTIEF_CHECK_H5(H5Screate_simple(1, &count, nullptr)));
  h5::PropertyList create = h5::dataset_creation({&count, 1}, h5::default_chunk({&count, 1}));
  h5::Dataset dset(LEONTIEF_CHECK_H5(H5Dcreate2(file, name.c_str(), H5T_IEEE_F64LE, space.get(),
                                                H5P_DEFAULT, create.get(), H5P_DEFAULT)));
  LEONTIEF_CHECK_H5(
      H5Dwrite(dset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()));
}

void write_table_labels_and_attributes(hid_t file, const TableLabels& labels,
                                       const TableMetadata& metadata, bool balanced,
                                       long long format_version) {
  h5::Group group(
      LEONTIEF_CHECK_H5(H5Gcreate2(file, "labels", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)));
  h5::write_string_dataset(group.get(), "regions", labels.regions, true);
  h5::write_string_dataset(group.get(), "sectors", labels.sectors, true);
  h5::write_string_dataset(group.get(), "final_demand_categories",
                           labels.final_demand_categories, true);
  h5::write_string_attribute(file, "format", kTableFormat);
  h5::write_int_attribute(file, "format_version", format_version);
  h5::write_string_attribute(file, "source", metadata.source);
  h5::write_int_attribute(file, "year", metadata.year);
  h5::write_string_attribute(file, "units", metadata.units);
  h5::write_string_attribute(file, "input_file", metadata.input_file);
  if (!metadata.derivation.empty()) {
    h5::write_string_attribute(file, "derivation", metadata.derivation);
  }
  h5::write_int_attribute(file, "balanced", balanced ? 1 : 0);
  h5::write_string_attribute(file, "created_by", std::string("leontief ") + LEONTIEF_VERSION);
}

}  // namespace leontief::io
