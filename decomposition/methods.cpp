#include "decomposition/methods.hpp"

#include <algorithm>
#include <sstream>

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

namespace {

template <std::vector<TermTable> (*method)(const GvcContext&)>
std::vector<TermTable> without_options(const GvcContext& context, const MethodOptions&) {
  return method(context);
}

std::vector<TermTable> position_method(const GvcContext& context, const MethodOptions& options) {
  return position(context, options.position);
}

std::string known_names() {
  std::string out;
  for (const auto& m : methods()) out += std::string(m.name) + ", ";
  return out + "all";
}

}  // namespace

const std::vector<Method>& methods() {
  static const std::vector<Method> all = {
      {"kww", "Koopman-Wang-Wei (2014): 9 terms of gross exports by exporting economy", 2,
       without_options<kww>, true, [](std::size_t) { return 1.0; }},
      // 20 measures and 3 keys per exporter x sector x importer.
      {"wwz", "Wang-Wei-Zhu (2013): 16 terms by exporter x sector x importer", 2,
       without_options<wwz>, true,
       [](std::size_t G) { return 23.0 * static_cast<double>(G > 0 ? G - 1 : 0); }},
      {"bm", "Borin-Mancini (2023): source- and sink-based, exporter / bilateral / sector", 2,
       without_options<borin_mancini>, true, [](std::size_t) { return 30.0; }},
      {"tiva", "OECD TiVA core indicators, VAX ratio, Hummels-Ishii-Yi VS and VS1", 2,
       without_options<tiva>, false, [](std::size_t) { return 60.0; }},
      {"position", "GVC participation, production length, upstreamness and position", 1,
       position_method, false, [](std::size_t) { return 30.0; }},
  };
  return all;
}

std::vector<const Method*> select_methods(const std::string& list) {
  std::vector<const Method*> out;
  const auto add = [&out](const Method* m) {
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  };
  std::stringstream in(list);
  std::string name;
  bool any = false;
  while (std::getline(in, name, ',')) {
    any = true;
    if (name.empty()) {
      throw InputError("an empty method name in '" + list + "' (known: " + known_names() + ")");
    }
    bool found = false;
    for (const auto& m : methods()) {
      if (name == "all" || name == m.name) {
        add(&m);
        found = true;
      }
    }
    if (!found) {
      throw InputError("unknown method '" + name + "' (known: " + known_names() + ")");
    }
  }
  if (!any || list.back() == ',') {
    throw InputError("an empty method name in '" + list + "' (known: " + known_names() + ")");
  }
  return out;
}

void require_economies(const std::vector<const Method*>& chosen, const io::TableLabels& labels,
                       const std::string& table_path) {
  std::string refused;
  std::size_t needed = 0;
  for (const Method* m : chosen) {
    if (labels.region_count() >= m->min_economies) continue;
    refused += (refused.empty() ? "" : ", ") + std::string(m->name);
    needed = std::max(needed, m->min_economies);
  }
  if (refused.empty()) return;
  const std::size_t G = labels.region_count();
  throw InputError(
      table_path + ": the table has " + std::to_string(G) +
          (G == 1 ? " economy (" + labels.regions.front() + ")" : " economies") + ", and " +
          refused + " decompose" + (refused.find(',') == std::string::npos ? "s" : "") +
          " exports between economies (at least " + std::to_string(needed) + " needed)" +
          (G == 1 ? ": a national table has none; --method position works on it" : ""),
      true);
}

}  // namespace leontief::decomposition
