#include "io/readers/icio_reader.hpp"

#include <algorithm>
#include <cctype>

#include "io/readers/labelled_matrix.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

namespace {

bool is_csv_name(std::string_view name) {
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.ends_with(".csv") || lower.ends_with(".csv.gz");
}

}  // namespace

void read_icio(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  InputFiles files(path);
  const std::string entry =
      files.is_archive() || files.is_folder()
          ? select_entry(files.find(is_csv_name), options.year, path, "ICIO CSV file")
          : files.entries().front();
  LabelledMatrixLayout layout;
  layout.name = "OECD ICIO";
  // 2021/2023 releases; older releases: NPS, INV, P33 (direct purchases by non-residents),
  // DIRP; CONS_ABR / CONS_NONRES in some national files.
  layout.categories = {"HFCE",  "NPISH", "NPS", "GGFC",     "GFCF",        "INVNT", "INV",
                       "DPABR", "DIRP",  "P33", "CONS_ABR", "CONS_NONRES", "NONRES"};
  layout.reversed_categories = true;
  layout.output_columns = {"OUT", "OUTPUT", "TOTAL"};
  layout.output_rows = {"OUT", "OUTPUT", "TOTAL"};
  layout.dropped_columns = {"DISC"};
  layout.may_lack_final_demand = [](const std::string& region) {
    return !split_parent(region).empty();
  };
  layout.is_value_added_row = [](const std::string&) { return true; };
  layout.value_added_rows = "TLS and VA, or TAXSUB and VALU";
  TableMetadata metadata;
  metadata.source = "OECD ICIO (" + std::string(base_name(entry)) + ")";
  metadata.units = "millions of US dollars";
  metadata.input_file = files.display_name(entry);
  // ICIO file names carry the release, then the year (ICIO2023_2019.csv): take the last.
  const std::string base(base_name(entry));
  for (std::size_t p = 0; p + 4 <= base.size(); ++p) {
    const bool digits =
        std::all_of(base.begin() + static_cast<long>(p), base.begin() + static_cast<long>(p + 4),
                    [](unsigned char c) { return std::isdigit(c) != 0; });
    if (digits && (base.compare(p, 2, "19") == 0 || base.compare(p, 2, "20") == 0)) {
      metadata.year = std::stoi(base.substr(p, 4));
    }
  }
  csv::DelimitedReader reader(files.open(entry), ',');
  read_labelled_matrix(reader, layout, options, metadata, sink);
}

}  // namespace leontief::io
