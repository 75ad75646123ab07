#include "io/readers/table_readers.hpp"

#include "io/readers/adb_reader.hpp"
#include "io/readers/eora26_reader.hpp"
#include "io/readers/exiobase3_reader.hpp"
#include "io/readers/figaro_reader.hpp"
#include "io/readers/gloria_reader.hpp"
#include "io/readers/icio_reader.hpp"
#include "io/readers/wide_csv_reader.hpp"
#include "io/readers/wiod2016_reader.hpp"
#include "io/runtime/error.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

namespace {

void read_wide_csv_entry(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  InputFiles files(path);
  if (!files.is_archive() && !files.is_folder()) {
    read_wide_csv(path, sink, options);
    return;
  }
  // The wide-CSV reader reads by path (it may pre-scan the file): archives are not supported.
  if (files.is_archive()) {
    throw InputError(input_location(path, "",
                                    "the wide-csv format reads a .csv or .csv.gz "
                                    "file, not a zip archive"));
  }
  const auto csvs = files.find(
      [](std::string_view name) { return name.ends_with(".csv") || name.ends_with(".csv.gz"); });
  read_wide_csv(files.display_name(select_entry(csvs, options.year, path, "wide CSV file")), sink,
                options);
}

}  // namespace

const std::vector<TableFormat>& table_formats() {
  static const std::vector<TableFormat> formats = {
      {"wide-csv", "the project's wide CSV (REGION_SECTOR labels, VA and GO rows)",
       read_wide_csv_entry},
      {"icio", "OECD ICIO, releases 2016, 2018, 2021, 2023 (SML and EXT) and 2025, CSV per year",
       read_icio},
      {"wiod2016", "WIOD 2016 release, the WIOT sheet saved as CSV (the release's CSV zip)",
       read_wiod2016},
      {"exiobase3",
       "EXIOBASE 3 ixi/pxp, releases 3.4 (A, Y), 3.8 (Z, Y, x) and 3.9/3.10 (Z, Y, one folder "
       "per account)",
       read_exiobase3},
      {"eora26", "Eora26: T, FD, VA text files with their labels files (folder or zip)",
       read_eora26},
      {"adb", "ADB MRIO, the workbook (.xlsx) or its table sheet saved as CSV", read_adb},
      {"figaro", "Eurostat FIGARO inter-country table, matrix CSV", read_figaro},
      {"gloria",
       "GLORIA T/Y/V-Results CSVs (Markup001) with the ReadMe workbook; supply-use to ixi "
       "(model D) or pxp (model B)",
       read_gloria},
  };
  return formats;
}

std::vector<std::string> table_format_names() {
  std::vector<std::string> names;
  for (const auto& f : table_formats()) names.emplace_back(f.name);
  return names;
}

void read_table(const std::string& format, const std::string& path, const ReaderOptions& options,
                TableSink& sink) {
  for (const auto& f : table_formats()) {
    if (format == f.name) {
      f.read(path, options, sink);
      return;
    }
  }
  std::string known;
  for (const auto& name : table_format_names()) known += (known.empty() ? "" : ", ") + name;
  throw InputError("unknown table format '" + format + "' (known: " + known + ")");
}

bool publishes_coefficients_only(const std::string& format, const std::string& path,
                                 const ReaderOptions& options) {
  return format == "exiobase3" && exiobase3_publishes_coefficients_only(path, options);
}

}  // namespace leontief::io
