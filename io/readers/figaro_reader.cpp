#include "io/readers/figaro_reader.hpp"

#include <memory>

#include "io/readers/figaro_flat.hpp"
#include "io/readers/labelled_matrix.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

namespace {

bool is_csv(std::string_view name) {
  return name.ends_with(".csv") || name.ends_with(".csv.gz") || name.ends_with(".CSV");
}

/// The cells of an entry's first line ("" cells for an empty file).
std::vector<std::string> first_line(const InputFiles& files, const std::string& entry) {
  csv::DelimitedReader reader(files.open(entry), ',');
  std::vector<std::string> cells;
  if (reader.next()) {
    for (std::size_t c = 1; c <= reader.size(); ++c) cells.push_back(reader.text(c));
  }
  return cells;
}

}  // namespace

void read_figaro(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  auto files = std::make_unique<InputFiles>(path);
  if (files->is_folder() && files->find(is_csv).empty()) {
    // A folder of the flat files' zips as Eurostat publishes them (one per year).
    const auto zips = files->find([](std::string_view name) { return name.ends_with(".zip"); });
    if (!zips.empty()) {
      files = std::make_unique<InputFiles>(
          files->display_name(select_entry(zips, options.year, path, "FIGARO zip")));
    }
  }
  const std::string entry =
      files->is_archive() || files->is_folder()
          ? select_entry(files->find(is_csv), options.year, files->path(), "FIGARO CSV file")
          : files->entries().front();
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
  layout.expected =
      "the matrix CSV: a corner cell (rowLabels), then REGION_CODE labels; or the flat CSV: "
      "columns refArea, rowIi, counterpartArea, colIi, obsValue";
  TableMetadata metadata;
  metadata.source = "Eurostat FIGARO (" + std::string(base_name(entry)) + ")";
  metadata.units = "millions of euros";
  metadata.input_file = files->display_name(entry);
  if (is_figaro_flat_header(first_line(*files, entry))) {
    read_figaro_flat([&] { return files->open(entry); }, layout, metadata, sink);
    return;
  }
  csv::DelimitedReader reader(files->open(entry), ',');
  read_labelled_matrix(reader, layout, options, metadata, sink);
}

}  // namespace leontief::io
