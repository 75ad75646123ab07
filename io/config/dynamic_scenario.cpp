#include "io/config/dynamic_scenario.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"
#include "io/text/line_reader.hpp"

namespace leontief::io {

const char* event_kind_name(DynamicEventKind kind) {
  switch (kind) {
    case DynamicEventKind::capacity:
      return "capacity";
    case DynamicEventKind::capital:
      return "capital";
    case DynamicEventKind::final_demand:
      return "final_demand";
  }
  return "?";
}

const char* recovery_name(RecoveryRule rule) {
  switch (rule) {
    case RecoveryRule::none:
      return "none";
    case RecoveryRule::linear:
      return "linear";
    case RecoveryRule::exponential:
      return "exponential";
    case RecoveryRule::rebuild:
      return "rebuild";
  }
  return "?";
}

bool DynamicEventSpec::random() const {
  return region_pick == Pick::one || sector_pick == Pick::one || value.random() ||
         start.random() || duration.random() || recovery_days.random();
}

namespace {

/// The keys of an event (in an [event.NAME] section or inline in a scenario or ensemble).
const std::set<std::string> kEventKeys = {
    "kind",  "regions",  "sectors",  "partners",      "pick_region",       "pick_sector",
    "draw",  "loss",     "change",   "damage",        "start",             "duration",
    "recovery", "recovery_days", "rebuilding_sectors"};

struct RawLine {
  std::size_t line;
  std::string key, value;
};

struct Section {
  std::string type;  ///< event | scenario | ensemble
  std::string name;
  std::size_t header_line = 0;
  std::vector<RawLine> lines;
};

bool parse_number(std::string_view text, double& value) {
  text = csv::trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(value);
}

class DynamicScenarioReader {
 public:
  DynamicScenarioReader(std::string path, const TableLabels& labels)
      : path_(std::move(path)), labels_(labels) {
    for (std::size_t g = 0; g < labels.regions.size(); ++g) regions_[labels.regions[g]] = g;
    for (std::size_t k = 0; k < labels.sectors.size(); ++k) sectors_[labels.sectors[k]] = k;
  }

  std::vector<DynamicScenarioSpec> read() {
    const std::vector<Section> sections = read_sections();
    std::map<std::string, DynamicEventSpec> events;
    for (const auto& s : sections) {
      if (s.type != "event") continue;
      if (events.count(s.name)) fail(s.header_line, "duplicate event '" + s.name + "'");
      events[s.name] = build_event(s.name, s.header_line, s.lines, s.type);
    }
    std::vector<DynamicScenarioSpec> out;
    std::map<std::string, std::string> names;  // scenario and ensemble names share outputs
    for (const auto& s : sections) {
      if (s.type == "event") continue;
      const auto seen = names.find(s.name);
      if (seen != names.end()) {
        fail(s.header_line, "duplicate scenario or ensemble name '" + s.name + "' (first at " +
                                seen->second + ")");
      }
      names[s.name] = path_ + ": line " + std::to_string(s.header_line);
      out.push_back(build_scenario(s, events));
    }
    if (out.empty()) {
      throw InputError(
          input_location(path_, "", "no [scenario.NAME] or [ensemble.NAME] section"));
    }
    return out;
  }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw InputError(input_location(path_, "line " + std::to_string(line), message));
  }

  std::vector<Section> read_sections() const {
    LineReader reader(path_);
    std::string_view view;
    std::vector<Section> sections;
    while (reader.next(view)) {
      const std::size_t number = reader.line_number();
      std::string_view text = csv::trim(view);
      const std::size_t hash = text.find_first_of("#;");
      if (hash != std::string_view::npos) text = csv::trim(text.substr(0, hash));
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      if (text.empty()) continue;
      if (text.front() == '[') {
        if (text.back() != ']') fail(number, "section header without closing ']'");
        const std::string header(csv::trim(text.substr(1, text.size() - 2)));
        const std::size_t dot = header.find('.');
        const std::string type = header.substr(0, dot);
        if (dot == std::string::npos || dot + 1 == header.size() ||
            (type != "event" && type != "scenario" && type != "ensemble")) {
          fail(number, "unknown section [" + header +
                           "] (expected [event.NAME], [scenario.NAME] or [ensemble.NAME])");
        }
        Section s;
        s.type = type;
        s.name = header.substr(dot + 1);
        s.header_line = number;
        for (char c : s.name) {
          if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                c == '.')) {
            fail(number, "name '" + s.name +
                             "' may only contain letters, digits, '_', '-' and '.'");
          }
        }
        sections.push_back(std::move(s));
        continue;
      }
      const std::size_t eq = text.find('=');
      if (eq == std::string_view::npos) {
        fail(number, "expected 'key = value' or a [section] header, got '" +
                         std::string(text.substr(0, 60)) + "'");
      }
      if (sections.empty()) fail(number, "key outside a section");
      RawLine l{number, std::string(csv::trim(text.substr(0, eq))),
                std::string(csv::trim(text.substr(eq + 1)))};
      if (l.key.empty()) fail(number, "empty key");
      for (const auto& previous : sections.back().lines) {
        if (previous.key == l.key) {
          fail(number, "key '" + l.key + "' given twice in [" + sections.back().type + "." +
                           sections.back().name + "] (first at line " +
                           std::to_string(previous.line) + ")");
        }
      }
      sections.back().lines.push_back(std::move(l));
    }
    return sections;
  }

  DynamicScenarioSpec build_scenario(const Section& s,
                                     const std::map<std::string, DynamicEventSpec>& events) {
    DynamicScenarioSpec spec;
    spec.name = s.name;
    spec.origin = path_ + ": line " + std::to_string(s.header_line);
    spec.ensemble = s.type == "ensemble";
    std::vector<RawLine> inline_event;
    const RawLine* event_list = nullptr;
    for (const auto& l : s.lines) {
      if (l.key == "description") {
        spec.description = l.value;
      } else if (l.key == "events") {
        event_list = &l;
      } else if (spec.ensemble && l.key == "draws") {
        const long long k = whole_number(l, 1);
        if (k > 10000000) fail(l.line, "draws: at most 10000000, got " + l.value);
        spec.draws = static_cast<std::size_t>(k);
      } else if (spec.ensemble && l.key == "seed") {
        spec.seed = static_cast<std::uint64_t>(whole_number(l, 0));
      } else if (kEventKeys.count(l.key)) {
        inline_event.push_back(l);
      } else {
        fail(l.line, "key '" + l.key + "' is not known in [" + s.type + "." + s.name +
                         "] (keys: description, events" +
                         (spec.ensemble ? ", draws, seed" : "") + " and the event keys)");
      }
    }
    if (spec.ensemble && !has_key(s.lines, "draws")) {
      fail(s.header_line, "[ensemble." + s.name + "] has no 'draws' key");
    }
    if (event_list) {
      for (const auto& name : csv::split_list(event_list->value)) {
        const auto it = events.find(name);
        if (it == events.end()) {
          fail(event_list->line, "unknown event '" + name + "' (no [event." + name + "] section)");
        }
        spec.events.push_back(it->second);
      }
    }
    if (!inline_event.empty()) {
      spec.events.push_back(build_event(s.name, s.header_line, inline_event, s.type));
    }
    if (spec.events.empty()) {
      fail(s.header_line, "[" + s.type + "." + s.name +
                              "] has no event (list [event.NAME] sections in 'events = ...' "
                              "or write the event keys in the section)");
    }
    if (!spec.ensemble) {
      for (const auto& e : spec.events) {
        if (e.random()) {
          fail(event_list && e.name != s.name ? event_list->line : s.header_line,
               "event '" + e.name + "' draws random values (" + e.origin +
                   "): random events belong in an [ensemble.NAME] section");
        }
      }
    }
    return spec;
  }

  static bool has_key(const std::vector<RawLine>& lines, const std::string& key) {
    return std::any_of(lines.begin(), lines.end(), [&](const RawLine& l) { return l.key == key; });
  }

  long long whole_number(const RawLine& l, long long minimum) const {
    double v = 0;
    if (!parse_number(l.value, v) || v != std::floor(v) || v < static_cast<double>(minimum) ||
        v > 9e15) {
      fail(l.line, l.key + ": expected a whole number of at least " + std::to_string(minimum) +
                       ", got '" + l.value + "'");
    }
    return static_cast<long long>(v);
  }

  DynamicEventSpec build_event(const std::string& name, std::size_t header_line,
                               const std::vector<RawLine>& lines, const std::string& type) {
    DynamicEventSpec e;
    e.name = name;
    e.origin = path_ + ": line " + std::to_string(header_line);
    const std::string where = "[" + type + "." + name + "]";
    std::map<std::string, const RawLine*> key;
    for (const auto& l : lines) {
      if (!kEventKeys.count(l.key)) {
        std::string known;
        for (const auto& k : kEventKeys) known += (known.empty() ? "" : ", ") + k;
        fail(l.line, "key '" + l.key + "' is not an event key (" + known + ")");
      }
      key[l.key] = &l;
    }
    const auto get = [&](const std::string& k) -> const RawLine* {
      const auto it = key.find(k);
      return it == key.end() ? nullptr : it->second;
    };
    const RawLine* kind = get("kind");
    if (!kind) fail(header_line, where + " has no 'kind' (capacity, capital or final_demand)");
    if (kind->value == "capacity") {
      e.kind = DynamicEventKind::capacity;
    } else if (kind->value == "capital") {
      e.kind = DynamicEventKind::capital;
    } else if (kind->value == "final_demand") {
      e.kind = DynamicEventKind::final_demand;
    } else {
      fail(kind->line, "kind: expected capacity, capital or final_demand, got '" + kind->value + "'");
    }
    const bool fd = e.kind == DynamicEventKind::final_demand;
    const bool capital = e.kind == DynamicEventKind::capital;

    for (const char* k : {"regions", "sectors"}) {
      if (!get(k)) fail(header_line, where + " has no '" + k + "' (labels, or * for all)");
    }
    e.regions = labels(*get("regions"), regions_, labels_.regions, "region");
    e.sectors = labels(*get("sectors"), sectors_, labels_.sectors, "sector");
    if (const RawLine* p = get("partners")) {
      if (!fd) fail(p->line, "partners: only final_demand events have destination economies");
      e.partners = labels(*p, regions_, labels_.regions, "region");
    }
    if (const RawLine* p = get("pick_region")) {
      e.region_pick = pick(*p, false);
    }
    if (const RawLine* p = get("pick_sector")) e.sector_pick = pick(*p, true);
    if (const RawLine* d = get("draw")) {
      if (d->value == "once") {
        e.draw_per_economy = false;
      } else if (d->value == "per_economy") {
        e.draw_per_economy = true;
      } else {
        fail(d->line, "draw: expected once or per_economy, got '" + d->value + "'");
      }
    }

    // The size of the event: loss (capacity, capital), damage (capital), change (final demand).
    const RawLine* loss = get("loss");
    const RawLine* damage = get("damage");
    const RawLine* change = get("change");
    if (fd) {
      if (loss || damage) {
        fail((loss ? loss : damage)->line,
             "final_demand events take 'change' (percent), not 'loss' or 'damage'");
      }
      if (!change) fail(header_line, where + " has no 'change' (percent change of final demand)");
      e.value = distribution(*change, -100, 1e6);
    } else {
      if (change) fail(change->line, "'change' is for final_demand events; use 'loss' (percent)");
      if (damage && !capital) fail(damage->line, "'damage' is for capital events");
      if (loss && damage) fail(damage->line, "give 'loss' or 'damage', not both");
      if (!loss && !damage) {
        fail(header_line, where + " has no 'loss' (percent of " +
                              (capital ? "capital" : "production capacity") + " lost)" +
                              (capital ? " or 'damage' (an amount in the table's units)" : ""));
      }
      if (loss) {
        e.value = distribution(*loss, 0, 100);
      } else {
        e.value = distribution(*damage, 0, 1e300);
        e.damage_amount = true;
      }
    }
    if (const RawLine* s = get("start")) e.start = distribution(*s, 0, 1e9, true);
    if (const RawLine* d = get("duration")) {
      e.duration = distribution(*d, 0, 1e9, true);
    } else if (!capital) {
      fail(header_line, where + " has no 'duration' (days at full depth)");
    }
    e.recovery = capital ? RecoveryRule::rebuild : RecoveryRule::none;
    if (const RawLine* r = get("recovery")) {
      if (r->value == "none") {
        e.recovery = RecoveryRule::none;
      } else if (r->value == "linear") {
        e.recovery = RecoveryRule::linear;
      } else if (r->value == "exponential") {
        e.recovery = RecoveryRule::exponential;
      } else if (r->value == "rebuild" && capital) {
        e.recovery = RecoveryRule::rebuild;
      } else {
        fail(r->line, std::string("recovery: expected none, linear, exponential") +
                          (capital ? " or rebuild" : "") + ", got '" + r->value + "'");
      }
    }
    const bool timed = e.recovery == RecoveryRule::linear || e.recovery == RecoveryRule::exponential;
    if (const RawLine* r = get("recovery_days")) {
      if (!timed) {
        fail(r->line, std::string("recovery_days: only for recovery = linear or exponential "
                                  "(recovery is ") +
                          recovery_name(e.recovery) + ")");
      }
      e.recovery_days = distribution(*r, 1, 1e9, true);
    } else if (timed) {
      fail(header_line, where + " has recovery = " + recovery_name(e.recovery) +
                            " but no 'recovery_days'");
    }
    const RawLine* rebuilding = get("rebuilding_sectors");
    if (e.recovery == RecoveryRule::rebuild) {
      if (!rebuilding) {
        fail(header_line, where + " rebuilds capital (recovery = rebuild) but has no "
                                  "'rebuilding_sectors' (SECTOR:SHARE, ... with shares summing "
                                  "to 1)");
      }
      e.rebuilding = rebuilding_shares(*rebuilding);
    } else if (rebuilding) {
      fail(rebuilding->line, "rebuilding_sectors: only for capital events with recovery = rebuild");
    }
    return e;
  }

  Pick pick(const RawLine& l, bool sectors) const {
    if (l.value == "all") return Pick::all;
    if (l.value == "one") return Pick::one;
    if (sectors && l.value == "largest") return Pick::largest;
    fail(l.line, l.key + ": expected all, one" + std::string(sectors ? " or largest" : "") +
                     ", got '" + l.value + "'");
  }

  std::vector<std::size_t> labels(const RawLine& l, const std::map<std::string, std::size_t>& index,
                                  const std::vector<std::string>& all, const char* what) const {
    std::vector<std::size_t> out;
    const auto items = csv::split_list(l.value);
    if (items.empty()) fail(l.line, l.key + ": empty list");
    for (const auto& item : items) {
      if (item == "*") {
        out.clear();
        for (std::size_t i = 0; i < all.size(); ++i) out.push_back(i);
        return out;
      }
      const auto it = index.find(item);
      if (it == index.end()) {
        std::string known;
        for (std::size_t i = 0; i < all.size() && i < 8; ++i) known += (i ? ", " : "") + all[i];
        fail(l.line, "unknown " + std::string(what) + " '" + item + "' (the table has " +
                         std::to_string(all.size()) + " " + what + "s: " + known +
                         (all.size() > 8 ? ", ..." : "") + ")");
      }
      if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
    }
    return out;
  }

  /// "30", "uniform(a,b)", "triangular(a,mode,b)", "choice(v1,v2,...)" with every value in
  /// [lo, hi]; `days`: fixed values must be whole numbers (drawn ones are rounded).
  Distribution distribution(const RawLine& l, double lo, double hi, bool days = false) const {
    Distribution d;
    d.text = l.value;
    const std::string& v = l.value;
    const std::size_t open = v.find('(');
    std::vector<std::string> args;
    if (open == std::string::npos) {
      args.push_back(v);
    } else {
      if (v.back() != ')') fail(l.line, l.key + ": missing ')' in '" + v + "'");
      const std::string fn(csv::trim(std::string_view(v).substr(0, open)));
      if (fn == "uniform") {
        d.kind = Distribution::Kind::uniform;
      } else if (fn == "triangular") {
        d.kind = Distribution::Kind::triangular;
      } else if (fn == "choice") {
        d.kind = Distribution::Kind::choice;
      } else {
        fail(l.line, l.key + ": unknown distribution '" + fn +
                         "' (uniform(a,b), triangular(a,mode,b) or choice(v1,v2,...))");
      }
      for (const auto& a : csv::split_list(v.substr(open + 1, v.size() - open - 2))) {
        args.push_back(a);
      }
    }
    for (const auto& a : args) {
      double x = 0;
      if (!parse_number(a, x)) fail(l.line, l.key + ": '" + a + "' is not a number");
      if (x < lo || x > hi) {
        fail(l.line, l.key + ": " + a + " is outside [" + csv::format_number(lo) + ", " +
                         csv::format_number(hi) + "]");
      }
      if (days && d.kind == Distribution::Kind::fixed && x != std::floor(x)) {
        fail(l.line, l.key + ": expected a whole number of days, got '" + a + "'");
      }
      d.values.push_back(x);
    }
    const auto& x = d.values;
    switch (d.kind) {
      case Distribution::Kind::fixed:
        break;
      case Distribution::Kind::uniform:
        if (x.size() != 2 || x[0] > x[1]) fail(l.line, l.key + ": expected uniform(a, b) with a <= b");
        break;
      case Distribution::Kind::triangular:
        if (x.size() != 3 || x[0] > x[1] || x[1] > x[2]) {
          fail(l.line, l.key + ": expected triangular(a, mode, b) with a <= mode <= b");
        }
        break;
      case Distribution::Kind::choice:
        if (x.empty()) fail(l.line, l.key + ": choice() needs at least one value");
        break;
    }
    return d;
  }

  std::vector<std::pair<std::size_t, double>> rebuilding_shares(const RawLine& l) const {
    std::vector<std::pair<std::size_t, double>> out;
    double total = 0;
    const auto items = csv::split_list(l.value);
    for (const auto& item : items) {
      const std::size_t colon = item.rfind(':');
      const std::string label = colon == std::string::npos ? item : item.substr(0, colon);
      double share = 1;
      if (colon != std::string::npos && (!parse_number(item.substr(colon + 1), share) ||
                                         share <= 0 || share > 1)) {
        fail(l.line, "rebuilding_sectors: share of '" + label +
                         "' must be a number in (0, 1], got '" + item.substr(colon + 1) + "'");
      }
      const auto it = sectors_.find(label);
      if (it == sectors_.end()) fail(l.line, "rebuilding_sectors: unknown sector '" + label + "'");
      for (const auto& [k, s] : out) {
        if (k == it->second) fail(l.line, "rebuilding_sectors: sector '" + label + "' given twice");
      }
      out.emplace_back(it->second, share);
      total += share;
    }
    if (out.empty()) fail(l.line, "rebuilding_sectors: empty list");
    if (std::abs(total - 1) > 1e-9) {
      fail(l.line, "rebuilding_sectors: shares sum to " + csv::format_number(total) +
                       ", not 1 (write SECTOR:SHARE, ...)");
    }
    return out;
  }

  std::string path_;
  const TableLabels& labels_;
  std::map<std::string, std::size_t> regions_, sectors_;
};

}  // namespace

std::vector<DynamicScenarioSpec> read_dynamic_scenarios(const std::string& path,
                                                        const TableLabels& labels) {
  return DynamicScenarioReader(path, labels).read();
}

}  // namespace leontief::io
