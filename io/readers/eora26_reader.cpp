#include "io/readers/eora26_reader.hpp"

#include <filesystem>
#include <memory>
#include <unordered_map>
#include <vector>

#include "io/readers/reader_support.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/input_files.hpp"

namespace leontief::io {

namespace {

/// A labels file: one label per line, tab-separated parts.
struct LabelLine {
  std::size_t line;
  std::vector<std::string> parts;
};

/// Reads a labels file of `min_parts` tab-separated parts per line (`expected` describes
/// them); a first line with fewer is a file of another layout.
std::vector<LabelLine> read_label_file(LineReader reader, std::size_t min_parts,
                                       const std::string& expected) {
  csv::DelimitedReader labels(std::move(reader), '\t');
  std::vector<LabelLine> out;
  while (labels.next()) {
    if (labels.blank()) continue;
    LabelLine line{labels.line_number(), {}};
    for (std::size_t c = 1; c <= labels.size(); ++c) line.parts.push_back(labels.text(c));
    while (!line.parts.empty() && line.parts.back().empty()) line.parts.pop_back();
    if (line.parts.size() < min_parts && out.empty()) {
      fail_layout(labels, 0, "Eora26", expected,
                  "the first label has " + std::to_string(line.parts.size()) + " parts");
    }
    if (line.parts.size() < min_parts) {
      labels.fail(line.parts.size() + 1, "expected at least " + std::to_string(min_parts) +
                                             " tab-separated parts in a label line");
    }
    out.push_back(std::move(line));
  }
  if (out.empty()) labels.fail_at_end("no labels");
  return out;
}

constexpr const char* kRestOfWorld = "ROW";

class EoraParser {
 public:
  EoraParser(const InputFiles& data, const InputFiles& labels, std::string t_entry,
             std::string fd_entry, std::string va_entry, TableSink& sink)
      : data_(data),
        labels_files_(labels),
        t_entry_(std::move(t_entry)),
        fd_entry_(std::move(fd_entry)),
        va_entry_(std::move(va_entry)),
        sink_(sink) {}

  void run() {
    read_labels();
    TableMetadata metadata;
    metadata.source = "Eora26 (" + std::string(base_name(t_entry_)) + ")";
    metadata.units = "";  // not stated in the files: give --units
    metadata.input_file = data_.display_name(t_entry_);
    metadata.derivation =
        "x = the full row sum of T and FD (sales to the ROW block included); VA = the 6 VA rows";
    csv::DelimitedReader t(data_.open(t_entry_), '\t');
    csv::DelimitedReader fd(data_.open(fd_entry_), '\t');
    sink_.begin(labels_, metadata);
    const std::size_t n = labels_.n();
    std::vector<double> z(n), y(labels_.final_demand_columns()), x(n);
    std::vector<double> input_total(n, 0.0);
    double dropped_sales = 0.0, dropped_rows = 0.0;
    std::size_t i = 0;
    for (std::size_t row = 0; row < t_map_.size(); ++row) {
      if (!t.next())
        t.fail_at_end("expected " + std::to_string(t_map_.size()) + " rows (labels_T.txt), found " +
                      std::to_string(row));
      if (!fd.next())
        fd.fail_at_end("expected " + std::to_string(t_map_.size()) +
                       " rows (labels_T.txt), found " + std::to_string(row));
      if (row == 0) {
        check_first_line(t, t_map_.size(), "labels_T.txt");
        check_first_line(fd, fd_map_.size(), "labels_FD.txt");
      }
      check_width(t, t_map_.size(), "labels_T.txt");
      check_width(fd, fd_map_.size(), "labels_FD.txt");
      double total = 0.0, to_dropped = 0.0;
      for (std::size_t c = 0; c < t_map_.size(); ++c) {
        const double value = t.number(c + 1);
        total += value;
        if (t_map_[c] == kDropped) {
          to_dropped += value;
        } else {
          z[t_map_[c]] = value;
        }
      }
      for (std::size_t c = 0; c < fd_map_.size(); ++c) {
        const double value = fd.number(c + 1);
        total += value;
        if (fd_map_[c] == kDropped) {
          to_dropped += value;
        } else {
          y[fd_map_[c]] = value;
        }
      }
      if (t_map_[row] == kDropped) {
        dropped_rows += total;
        continue;
      }
      if (t_map_[row] != i) throw_library_error("Eora rows out of order", __FILE__, __LINE__);
      for (std::size_t j = 0; j < n; ++j) input_total[j] += z[j];
      dropped_sales += to_dropped;
      x[i] = total;
      sink_.row(i, z, y, total);
      ++i;
    }
    expect_end(t);
    expect_end(fd);
    std::vector<double> value_added = read_value_added();
    if (dropped_rows != 0.0 || dropped_sales != 0.0) {
      log::warn(data_.display_name(t_entry_) + ": left out the Eora '" + kRestOfWorld +
                "' block (statistical discrepancy): its sales " + csv::format_number(dropped_rows) +
                " and sales to it " + csv::format_number(dropped_sales) +
                "; use --balance for exact identities");
    }
    sink_.finish(value_added);
  }

 private:
  static constexpr std::size_t kDropped = static_cast<std::size_t>(-1);

  void read_labels() {
    const std::string four =
        "labels file: one label per line, tab-separated country name, country code, ";
    const auto t_labels = read_label_file(labels_files_.open(find_label("labels_T.txt")), 4,
                                          four + "'Industries', sector");
    const auto fd_labels = read_label_file(labels_files_.open(find_label("labels_FD.txt")), 4,
                                           four + "'Final Demand', category");
    va_labels_ = read_label_file(labels_files_.open(find_label("labels_VA.txt")), 2,
                                 "labels file: one value-added row per line, tab-separated "
                                 "parts")
                     .size();
    const std::string t_name = labels_files_.display_name(find_label("labels_T.txt"));
    // Runs of consecutive lines per country code (second part), sectors in the fourth.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> runs;
    for (std::size_t k = 0; k < t_labels.size(); ++k) {
      const std::string& code = t_labels[k].parts[1];
      if (runs.empty() || runs.back().first != code) runs.push_back({code, {}});
      runs.back().second.push_back(k);
    }
    const auto& first = runs.front();
    for (const std::size_t k : first.second) labels_.sectors.push_back(t_labels[k].parts[3]);
    std::unordered_map<std::string, std::size_t> seen;
    t_map_.assign(t_labels.size(), kDropped);
    for (const auto& [code, lines] : runs) {
      const LabelLine& at = t_labels[lines.front()];
      if (!seen.emplace(code, runs.size()).second) {
        throw InputError(input_location(t_name, "line " + std::to_string(at.line),
                                        "country '" + code + "' appears in two separate blocks"));
      }
      bool same = lines.size() == labels_.sectors.size();
      for (std::size_t s = 0; same && s < lines.size(); ++s) {
        same = t_labels[lines[s]].parts[3] == labels_.sectors[s];
      }
      if (!same) {
        if (code == kRestOfWorld) continue;  // the one-sector discrepancy block
        throw InputError(input_location(t_name, "line " + std::to_string(at.line),
                                        "country '" + code + "' does not list the " +
                                            std::to_string(labels_.sectors.size()) +
                                            " sectors of '" + first.first + "' in the same order"));
      }
      if (code.find('_') != std::string::npos || code.empty()) {
        throw InputError(input_location(t_name, "line " + std::to_string(at.line),
                                        "country code '" + code + "' is empty or contains '_'"));
      }
      const std::size_t r = labels_.regions.size();
      labels_.regions.push_back(code);
      for (std::size_t s = 0; s < lines.size(); ++s)
        t_map_[lines[s]] = r * labels_.sectors.size() + s;
    }
    // Final demand: country code (second part), category (fourth).
    std::vector<LabelPair> cells;
    std::vector<std::size_t> kept;
    fd_map_.assign(fd_labels.size(), kDropped);
    for (std::size_t k = 0; k < fd_labels.size(); ++k) {
      if (fd_labels[k].parts[1] == kRestOfWorld && !seen.count(kRestOfWorld)) continue;
      if (fd_labels[k].parts[1] == kRestOfWorld &&
          std::find(labels_.regions.begin(), labels_.regions.end(), kRestOfWorld) ==
              labels_.regions.end()) {
        continue;
      }
      cells.push_back({fd_labels[k].parts[1], fd_labels[k].parts[3]});
      kept.push_back(k);
    }
    std::vector<std::size_t> position;
    if (auto problem = build_category_grid(cells, labels_.regions, labels_.final_demand_categories,
                                           position, nullptr)) {
      const std::size_t line =
          problem->cell < kept.size() ? fd_labels[kept[problem->cell]].line : 0;
      throw InputError(input_location(labels_files_.display_name(find_label("labels_FD.txt")),
                                      "line " + std::to_string(line), problem->message));
    }
    for (std::size_t k = 0; k < kept.size(); ++k) fd_map_[kept[k]] = position[k];
  }

  std::string find_label(const std::string& name) const {
    const auto found = labels_files_.find([&](std::string_view base) { return base == name; });
    return select_entry(found, 0, labels_files_.path(), name);
  }

  std::vector<double> read_value_added() {
    csv::DelimitedReader va(data_.open(va_entry_), '\t');
    std::vector<double> out(labels_.n(), 0.0);
    std::size_t rows = 0;
    while (va.next()) {
      if (va.blank()) continue;
      if (rows++ == 0) check_first_line(va, t_map_.size(), "labels_T.txt");
      check_width(va, t_map_.size(), "labels_T.txt");
      for (std::size_t c = 0; c < t_map_.size(); ++c) {
        const double value = va.number(c + 1);
        if (t_map_[c] != kDropped) out[t_map_[c]] += value;
      }
    }
    if (rows != va_labels_) {
      va.fail_at_end("expected " + std::to_string(va_labels_) +
                     " value-added rows (labels_VA.txt), found " + std::to_string(rows));
    }
    return out;
  }

  /// The first line of T, FD or VA: tab-separated numbers, one per label; anything else is
  /// a file of another layout (a header, commas).
  static void check_first_line(const csv::DelimitedReader& reader, std::size_t cells,
                               const std::string& labels) {
    const std::string expected = "tab-separated numbers without a header, " +
                                 std::to_string(cells) + " per line (one per line of " + labels +
                                 ")";
    if (reader.size() != cells) {
      fail_layout(reader, 0, "Eora26", expected,
                  "the first line has " + std::to_string(reader.size()) + " cells");
    }
    for (std::size_t c = 1; c <= cells; ++c) {
      double value = 0;
      if (csv::parse_number(reader.raw(c), value, '\t') != csv::NumberStatus::ok) {
        fail_layout(reader, c, "Eora26", expected, "not a number");
      }
    }
  }

  static void check_width(const csv::DelimitedReader& reader, std::size_t cells,
                          const std::string& labels) {
    if (reader.size() != cells) {
      reader.fail(std::min(reader.size(), cells) + 1,
                  "expected " + std::to_string(cells) + " values (one per line of " + labels +
                      "), found " + std::to_string(reader.size()));
    }
  }

  static void expect_end(csv::DelimitedReader& reader) {
    while (reader.next()) {
      if (!reader.blank()) reader.fail(1, "more rows than lines in labels_T.txt");
    }
  }

  const InputFiles& data_;
  const InputFiles& labels_files_;
  std::string t_entry_, fd_entry_, va_entry_;
  TableSink& sink_;
  TableLabels labels_;
  std::vector<std::size_t> t_map_, fd_map_;
  std::size_t va_labels_ = 0;
};

bool has_label_files(const InputFiles& files) {
  return !files.find([](std::string_view n) { return n == "labels_T.txt"; }).empty();
}

}  // namespace

void read_eora26(const std::string& path, const ReaderOptions& options, TableSink& sink) {
  namespace fs = std::filesystem;
  auto data = std::make_unique<InputFiles>(path);
  const auto suffix = [](const char* end) {
    return
        [end](std::string_view name) { return name.starts_with("Eora26_") && name.ends_with(end); };
  };
  if (data->is_folder() && data->find(suffix("_T.txt")).empty()) {
    // A folder of the publisher's zips (Eora26_2015_bp.zip, ...): pick the year's archive.
    const auto zips = data->find(suffix("_bp.zip"));
    if (!zips.empty()) {
      const std::string zip = select_entry(zips, options.year, path, "Eora26 zip");
      data = std::make_unique<InputFiles>(data->display_name(zip));
    }
  }
  const std::string where = data->path();
  const std::string t =
      select_entry(data->find(suffix("_T.txt")), options.year, where, "Eora26 *_T.txt");
  const std::string fd =
      select_entry(data->find(suffix("_FD.txt")), options.year, where, "Eora26 *_FD.txt");
  const std::string va =
      select_entry(data->find(suffix("_VA.txt")), options.year, where, "Eora26 *_VA.txt");
  // Labels: in the same folder or archive, or in indices.zip beside it.
  std::unique_ptr<InputFiles> labels;
  if (!has_label_files(*data)) {
    const fs::path beside = data->is_folder()
                                ? fs::path(data->path()) / "indices.zip"
                                : fs::path(data->path()).parent_path() / "indices.zip";
    if (!fs::exists(beside)) {
      throw InputError(input_location(where, "",
                                      "no labels_T.txt, labels_FD.txt, labels_VA.txt here or in "
                                      "indices.zip beside it"));
    }
    labels = std::make_unique<InputFiles>(beside.string());
  }
  EoraParser(*data, labels ? *labels : *data, t, fd, va, sink).run();
}

}  // namespace leontief::io
