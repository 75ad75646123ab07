#include "io/config/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "io/runtime/error.hpp"
#include "io/text/line_reader.hpp"

namespace leontief::io {

namespace {

/// How the shock keys of scenario files are written.
struct EntryKey {
  const char* name;
  bool has_partner;     ///< REGION:SECTOR:PARTNER:VALUE instead of REGION:SECTOR:VALUE
  bool value_optional;  ///< extract: REGION:SECTOR alone means the whole sector
  const char* format;
};

constexpr EntryKey kFinalDemand{"final_demand_change", true, false, "REGION:SECTOR:PARTNER:VALUE"};
constexpr EntryKey kValueAdded{"value_added_change", false, false, "REGION:SECTOR:VALUE"};
constexpr EntryKey kPerturbation{"perturbation", false, false, "REGION:SECTOR:VALUE"};
constexpr EntryKey kCost{"cost_change", false, false, "REGION:SECTOR:VALUE"};
constexpr EntryKey kTariff{"tariff", true, false, "EXPORTER:SECTOR:IMPORTER:RATE"};
constexpr EntryKey kExtract{"extract", false, true, "REGION:SECTOR[:FRACTION]"};

/// The shock keys a model accepts (the first is the one CSV rows fill).
std::vector<const EntryKey*> entry_keys(ShockModel model) {
  switch (model) {
    case ShockModel::demand:
      return {&kFinalDemand};
    case ShockModel::supply:
      return {&kValueAdded};
    case ShockModel::inoperability:
      return {&kPerturbation, &kFinalDemand, &kValueAdded};
    case ShockModel::price:
      return {&kCost};
    case ShockModel::tariff:
      return {&kTariff};
    case ShockModel::extraction:
      return {&kExtract};
  }
  return {};
}

/// Scenario-level keys a model accepts besides model, description, units and shocks.
std::vector<std::string> setting_keys(ShockModel model) {
  switch (model) {
    case ShockModel::demand:
    case ShockModel::supply:
      return {"home"};
    case ShockModel::inoperability:
      return {"home", "side"};
    case ShockModel::tariff:
      return {"compounding"};
    case ShockModel::extraction:
      return {"extraction"};
    case ShockModel::price:
      break;
  }
  return {};
}

const std::vector<std::pair<const char*, ShockModel>> kModels = {
    {"demand", ShockModel::demand},
    {"supply", ShockModel::supply},
    {"inoperability", ShockModel::inoperability},
    {"price", ShockModel::price},
    {"tariff", ShockModel::tariff},
    {"extraction", ShockModel::extraction}};

const std::vector<std::pair<const char*, ExtractionKind>> kExtractions = {
    {"full", ExtractionKind::full},
    {"backward", ExtractionKind::backward},
    {"forward", ExtractionKind::forward},
    {"partial", ExtractionKind::partial}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string> split(std::string_view text, char delimiter) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find(delimiter, begin);
    parts.emplace_back(trim(text.substr(begin, end == std::string_view::npos ? end : end - begin)));
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  return parts;
}

/// Splits a CSV record; fields may be double-quoted (with "" escapes).
bool split_csv(std::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::size_t i = 0;
  while (true) {
    std::string field;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field += line[i++];
      }
      if (!closed) return false;
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      if (i < line.size() && line[i] != ',') return false;
    } else {
      const std::size_t end = line.find(',', i);
      field = std::string(trim(line.substr(i, end == std::string_view::npos ? end : end - i)));
      i = end == std::string_view::npos ? line.size() : end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return true;
}

bool parse_number(std::string_view text, double& value) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(value);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

/// A key = value line of a section, kept until the section is complete (the model may come
/// after the shocks).
struct RawLine {
  std::size_t line;
  std::string key, value;
};

class ScenarioReader {
 public:
  ScenarioReader(std::string path, const TableLabels& labels)
      : path_(std::move(path)), labels_(labels) {
    for (std::size_t g = 0; g < labels.regions.size(); ++g) regions_[labels.regions[g]] = g;
    for (std::size_t k = 0; k < labels.sectors.size(); ++k) sectors_[labels.sectors[k]] = k;
  }

  std::vector<Scenario> read() {
    LineReader reader(path_);
    std::string_view view;
    std::string name;
    std::size_t header_line = 0;
    std::vector<RawLine> lines;
    bool in_section = false;
    while (reader.next(view)) {
      const std::size_t number = reader.line_number();
      std::string_view text = trim(view);
      if (text.empty() || text.front() == '#' || text.front() == ';') continue;
      const std::size_t hash = text.find('#');
      if (hash != std::string_view::npos) text = trim(text.substr(0, hash));
      if (text.front() == '[') {
        if (in_section) finish(name, header_line, lines);
        if (text.back() != ']') fail(path_, number, "section header without closing ']'");
        const std::string section(trim(text.substr(1, text.size() - 2)));
        const std::string prefix = "scenario.";
        if (section.rfind(prefix, 0) != 0 || section.size() == prefix.size()) {
          fail(path_, number, "unknown section [" + section + "] (expected [scenario.NAME])");
        }
        name = section.substr(prefix.size());
        for (char c : name) {
          if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) {
            fail(path_, number,
                 "scenario name '" + name + "' may only contain letters, digits, '_', '-' and '.'");
          }
        }
        header_line = number;
        lines.clear();
        in_section = true;
        continue;
      }
      const std::size_t eq = text.find('=');
      if (eq == std::string_view::npos) {
        fail(path_, number,
             "expected 'key = value' or a [scenario.NAME] header, got '" +
                 std::string(text.substr(0, 60)) + "'");
      }
      if (!in_section) fail(path_, number, "key outside a [scenario.NAME] section");
      const std::string key(trim(text.substr(0, eq)));
      const std::string value(trim(text.substr(eq + 1)));
      if (key.empty()) fail(path_, number, "empty key");
      lines.push_back({number, key, value});
    }
    if (in_section) finish(name, header_line, lines);
    if (scenarios_.empty()) {
      throw InputError(input_location(path_, "", "no [scenario.NAME] section"));
    }
    return std::move(scenarios_);
  }

 private:
  [[noreturn]] static void fail(const std::string& file, std::size_t line,
                                const std::string& message) {
    throw InputError(input_location(file, "line " + std::to_string(line), message));
  }

  /// Builds one scenario from its section's lines.
  void finish(const std::string& name, std::size_t header_line, const std::vector<RawLine>& lines) {
    for (const auto& s : scenarios_) {
      if (s.name == name) {
        fail(path_, header_line, "duplicate scenario '" + name + "' (first at " + s.origin + ")");
      }
    }
    Scenario s;
    s.name = name;
    s.origin = path_ + ": line " + std::to_string(header_line);
    // The model first: it decides which keys are allowed.
    const RawLine* model_line = nullptr;
    std::set<std::string> seen;
    for (const auto& l : lines) {
      const bool repeatable = l.key == "shocks" || is_entry_key(l.key);
      if (!repeatable && !seen.insert(l.key).second) {
        fail(path_, l.line, "key '" + l.key + "' given twice in [scenario." + name + "]");
      }
      if (l.key == "model") model_line = &l;
    }
    if (model_line == nullptr) {
      fail(path_, header_line,
           "[scenario." + name + "] has no 'model' key (one of " + model_list() + ")");
    }
    bool known = false;
    for (const auto& [text, model] : kModels) {
      if (model_line->value == text) s.model = model, known = true;
    }
    if (!known) {
      fail(path_, model_line->line,
           "unknown model '" + model_line->value + "' (one of " + model_list() + ")");
    }
    const auto keys = entry_keys(s.model);
    const auto settings = setting_keys(s.model);
    for (const auto& l : lines) {
      if (l.key == "model") continue;
      if (l.key == "description") {
        s.description = l.value;
      } else if (l.key == "units") {
        if (l.value == "absolute") {
          s.units = ShockUnits::absolute;
        } else if (l.value == "percent") {
          s.units = ShockUnits::percent;
        } else {
          fail(path_, l.line, "units: expected absolute or percent, got '" + l.value + "'");
        }
      } else if (l.key == "shocks") {
        continue;  // read below, once the units are known
      } else if (std::find(settings.begin(), settings.end(), l.key) != settings.end()) {
        apply_setting(s, l);
      } else {
        const EntryKey* key = nullptr;
        for (const auto* k : keys) {
          if (l.key == k->name) key = k;
        }
        if (key == nullptr) {
          fail(path_, l.line,
               "key '" + l.key + "' is not used by model " + model_name(s.model) +
                   " (its keys: " + accepted_keys(s.model) + ")");
        }
      }
    }
    for (const auto& l : lines) {
      if (l.key == "shocks") {
        read_csv(s, l);
        continue;
      }
      for (const auto* k : keys) {
        if (l.key != k->name) continue;
        const auto parts = split(l.value, ':');
        const std::size_t expected = k->has_partner ? 4 : 3;
        const bool short_form = k->value_optional && parts.size() == expected - 1;
        if (parts.size() != expected && !short_form) {
          fail(path_, l.line,
               std::string(k->name) + ": expected " + k->format + ", got '" + l.value + "'" +
                   (parts.size() > expected ? " (labels containing ':' must be "
                                              "given in a shocks CSV file)"
                                            : ""));
        }
        add_entries(s, *k, parts[0], parts[1], k->has_partner ? parts[2] : "",
                    short_form ? "" : parts.back(), path_, l.line);
      }
    }
    if (s.primary().empty() && s.final_demand.empty() && s.value_added.empty()) {
      fail(path_, header_line,
           "[scenario." + name + "] has no shocks (model " + model_name(s.model) + " takes " +
               accepted_keys(s.model) + ")");
    }
    scenarios_.push_back(std::move(s));
  }

  static bool is_entry_key(const std::string& key) {
    for (const auto* k :
         {&kFinalDemand, &kValueAdded, &kPerturbation, &kCost, &kTariff, &kExtract}) {
      if (key == k->name) return true;
    }
    return false;
  }

  static std::string model_list() {
    std::string out;
    for (const auto& [text, model] : kModels) out += (out.empty() ? "" : ", ") + std::string(text);
    return out;
  }

  static std::string accepted_keys(ShockModel model) {
    std::string out;
    for (const auto* k : entry_keys(model)) out += std::string(k->name) + " = " + k->format + ", ";
    out += "shocks = FILE.csv, description, units";
    for (const auto& k : setting_keys(model)) out += ", " + k;
    return out;
  }

  void apply_setting(Scenario& s, const RawLine& l) {
    if (l.key == "home") {
      for (const auto& label : split(l.value, ',')) {
        s.home.push_back(region(label, path_, l.line));
      }
    } else if (l.key == "side") {
      if (l.value == "demand") {
        s.side = InoperabilitySide::demand;
      } else if (l.value == "supply") {
        s.side = InoperabilitySide::supply;
      } else {
        fail(path_, l.line, "side: expected demand or supply, got '" + l.value + "'");
      }
    } else if (l.key == "compounding") {
      const std::string v = lower(l.value);
      if (v == "true" || v == "yes" || v == "1") {
        s.compounding = true;
      } else if (v == "false" || v == "no" || v == "0") {
        s.compounding = false;
      } else {
        fail(path_, l.line, "compounding: expected true or false, got '" + l.value + "'");
      }
    } else if (l.key == "extraction") {
      bool known = false;
      for (const auto& [text, kind] : kExtractions) {
        if (l.value == text) s.extraction = kind, known = true;
      }
      if (!known) {
        fail(path_, l.line,
             "extraction: expected full, backward, forward or partial, got '" + l.value + "'");
      }
    }
  }

  std::size_t region(const std::string& label, const std::string& file, std::size_t line) const {
    const auto it = regions_.find(label);
    if (it == regions_.end()) {
      fail(file, line,
           "unknown region '" + label + "' (" + label_list(labels_.regions, "regions") + ")");
    }
    return it->second;
  }

  std::size_t sector(const std::string& label, const std::string& file, std::size_t line) const {
    const auto it = sectors_.find(label);
    if (it == sectors_.end()) {
      fail(file, line,
           "unknown sector '" + label + "' (" + label_list(labels_.sectors, "sectors") + ")");
    }
    return it->second;
  }

  static std::string label_list(const std::vector<std::string>& labels, const char* what) {
    std::string out = "the table has " + std::to_string(labels.size()) + " " + what + ": ";
    for (std::size_t i = 0; i < labels.size() && i < 8; ++i) out += (i ? ", " : "") + labels[i];
    if (labels.size() > 8) out += ", ...";
    return out;
  }

  /// One written shock (file `file`, line `line`), wildcards expanded.
  void add_entries(Scenario& s, const EntryKey& key, const std::string& region_label,
                   const std::string& sector_label, const std::string& partner_label,
                   const std::string& value_text, const std::string& file, std::size_t line,
                   double value_factor = 1.0) {
    const std::size_t G = labels_.region_count(), N = labels_.sector_count();
    std::vector<std::size_t> rs, ks, ps;
    if (region_label == "*") {
      for (std::size_t g = 0; g < G; ++g) rs.push_back(g);
    } else {
      rs.push_back(region(region_label, file, line));
    }
    if (sector_label == "*") {
      for (std::size_t k = 0; k < N; ++k) ks.push_back(k);
    } else {
      ks.push_back(sector(sector_label, file, line));
    }
    if (key.has_partner) {
      if (partner_label.empty()) {
        fail(file, line,
             std::string(key.name) + ": the partner economy is missing (" + key.format + ")");
      }
      if (partner_label == "*") {
        for (std::size_t g = 0; g < G; ++g) ps.push_back(g);
      } else {
        ps.push_back(region(partner_label, file, line));
      }
    } else {
      if (!partner_label.empty()) {
        fail(file, line,
             std::string(key.name) + " has no partner economy, got '" + partner_label + "' (" +
                 key.format + ")");
      }
      ps.push_back(kNoPartner);
    }
    if (s.model == ShockModel::inoperability) {
      const bool supply = s.side == InoperabilitySide::supply;
      if (supply ? &key == &kFinalDemand : &key == &kValueAdded) {
        fail(file, line,
             std::string(key.name) + " does not apply to the " + (supply ? "supply" : "demand") +
                 "-side inoperability model (side = " + (supply ? "supply" : "demand") +
                 "; it takes perturbation and " +
                 (supply ? "value_added_change" : "final_demand_change") + ")");
      }
    }
    double value = 1.0;
    if (!value_text.empty() || !key.value_optional) {
      if (!parse_number(value_text, value)) {
        fail(file, line, std::string(key.name) + ": expected a number, got '" + value_text + "'");
      }
      value *= value_factor;
    } else if (s.extraction == ExtractionKind::partial) {
      fail(file, line, "a partial extraction needs a fraction: extract = REGION:SECTOR:FRACTION");
    } else if (s.units == ShockUnits::percent) {
      value = 100.0;
    }
    const double scale = s.units == ShockUnits::percent ? 0.01 : 1.0;
    if (&key == &kTariff && !(value * scale > -1.0)) {
      fail(file, line,
           "tariff rate must be above -100%, got " + value_text +
               (s.units == ShockUnits::percent ? "%" : ""));
    }
    if (&key == &kExtract && !(value * scale > 0.0 && value * scale <= 1.0)) {
      fail(file, line,
           "extraction fraction must be in (0, 1]" +
               std::string(s.units == ShockUnits::percent ? " (percent: (0, 100])" : "") +
               ", got " + value_text);
    }
    if (&key == &kTariff && region_label != "*" && partner_label != "*" && rs[0] == ps[0]) {
      fail(file, line,
           "a tariff applies to imports: exporter and importer are both '" + region_label + "'");
    }
    const auto source = static_cast<std::uint32_t>(s.sources.size());
    s.sources.push_back(file + ": line " + std::to_string(line));
    auto& target = &key == &kFinalDemand    ? s.final_demand
                   : &key == &kValueAdded   ? s.value_added
                   : &key == &kPerturbation ? s.perturbation
                   : &key == &kCost         ? s.cost
                   : &key == &kTariff       ? s.tariffs
                                            : s.extracted;
    for (std::size_t r : rs) {
      for (std::size_t k : ks) {
        for (std::size_t p : ps) {
          if (&key == &kTariff && p == r) continue;  // wildcards: imports only
          target.push_back({r * N + k, p, value, source});
        }
      }
    }
  }

  void read_csv(Scenario& s, const RawLine& l) {
    if (l.value.empty()) fail(path_, l.line, "shocks: expected a CSV file name");
    std::filesystem::path file(l.value);
    if (file.is_relative()) file = std::filesystem::path(path_).parent_path() / file;
    const std::string csv = file.lexically_normal().string();
    LineReader reader(csv);
    std::string_view view;
    std::vector<std::string> fields;
    bool header = false, with_partner = false;
    // The layout of `leontief tariff` (Caliendo-Parro) tariff files, accepted for tariff
    // scenarios so both commands read the same file: importer,exporter,sector,percent.
    bool tariff_layout = false;
    const auto keys = entry_keys(s.model);
    while (reader.next(view)) {
      const std::size_t number = reader.line_number();
      if (trim(view).empty()) continue;
      if (!split_csv(view, fields)) fail(csv, number, "unterminated quoted field");
      if (!header) {
        std::vector<std::string> names;
        names.reserve(fields.size());
        for (const auto& f : fields) names.push_back(lower(f));
        if (names == std::vector<std::string>{"region", "sector", "partner", "value"}) {
          with_partner = true;
        } else if (s.model == ShockModel::tariff &&
                   names == std::vector<std::string>{"importer", "exporter", "sector", "percent"}) {
          tariff_layout = with_partner = true;
        } else if (names != std::vector<std::string>{"region", "sector", "value"}) {
          fail(
              csv, number,
              std::string("expected the header region,sector,partner,value (or "
                          "region,sector,value") +
                  (s.model == ShockModel::tariff ? ", or importer,exporter,sector,percent)" : ")"));
        }
        header = true;
        continue;
      }
      const std::size_t expected = with_partner ? 4 : 3;
      if (fields.size() != expected) {
        fail(csv, number,
             "expected " + std::to_string(expected) + " fields, got " +
                 std::to_string(fields.size()));
      }
      if (tariff_layout) {
        // Rates in percent, whatever the scenario's units.
        add_entries(s, kTariff, fields[1], fields[2], fields[0], fields[3], csv, number,
                    s.units == ShockUnits::percent ? 1.0 : 0.01);
        continue;
      }
      const std::string partner = with_partner ? fields[2] : "";
      // The model's own kind; inoperability rows with a partner are final-demand changes.
      const EntryKey* key = keys.front();
      if (s.model == ShockModel::inoperability && !partner.empty()) key = &kFinalDemand;
      add_entries(s, *key, fields[0], fields[1], partner, fields[expected - 1], csv, number);
    }
    if (!header) fail(csv, 1, "empty file (expected the header region,sector,partner,value)");
  }

  std::string path_;
  const TableLabels& labels_;
  std::unordered_map<std::string, std::size_t> regions_, sectors_;
  std::vector<Scenario> scenarios_;
};

}  // namespace

const char* model_name(ShockModel model) {
  for (const auto& [text, m] : kModels) {
    if (m == model) return text;
  }
  return "?";
}

const char* extraction_name(ExtractionKind kind) {
  for (const auto& [text, k] : kExtractions) {
    if (k == kind) return text;
  }
  return "?";
}

const std::vector<ShockEntry>& Scenario::primary() const {
  switch (model) {
    case ShockModel::demand:
      return final_demand;
    case ShockModel::supply:
      return value_added;
    case ShockModel::inoperability:
      return perturbation;
    case ShockModel::price:
      return cost;
    case ShockModel::tariff:
      return tariffs;
    case ShockModel::extraction:
      break;
  }
  return extracted;
}

std::vector<Scenario> read_scenarios(const std::string& path, const TableLabels& labels) {
  return ScenarioReader(path, labels).read();
}

}  // namespace leontief::io
