#include "io/readers/figaro_reader.hpp"

#include "io/readers/labelled_matrix.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

void read_figaro(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  InputFiles files(path);
  const auto is_csv = [](std::string_view name) {
    return name.ends_with(".csv") || name.ends_with(".csv.gz") || name.ends_with(".CSV");
  };
  const std::string entry =
      files.is_archive() || files.is_folder()
          ? select_entry(files.find(is_csv), options.year, path, "FIGARO matrix CSV file")
          : files.entries().front();
  LabelledMatrixLayout layout;
  layout.name = "FIGARO";
  // ESA 2010 codes: household, NPISH and government final consumption, gross fixed capital
  // formation, changes in inventories and acquisitions less disposals of valuables.
  layout.categories = {"P3_S13", "P3_S14", "P3_S15", "P51G", "P5M"};
  layout.output_columns = {"GO", "TOTAL", "Total", "P1"};
  layout.output_rows = {"GO", "TOTAL", "Total", "W2_P1", "P1"};
  layout.may_lack_final_demand = nullptr;
  layout.is_value_added_row = [](const std::string& label) { return label.starts_with("W2_"); };
  layout.value_added_rows = "W2_B2A3G, W2_D1, W2_D21X31, W2_D29X39, W2_OP_RES, W2_OP_NRES";
  TableMetadata metadata;
  metadata.source = "Eurostat FIGARO (" + std::string(base_name(entry)) + ")";
  metadata.units = "millions of euros";
  metadata.input_file = files.display_name(entry);
  csv::DelimitedReader reader(files.open(entry), ',');
  read_labelled_matrix(reader, layout, options, metadata, sink);
}

}  // namespace leontief::io
