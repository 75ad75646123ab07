#include "decomposition/methods.hpp"

namespace leontief::decomposition {

const std::vector<Method>& methods() {
  static const std::vector<Method> all = {
      {"kww", "Koopman-Wang-Wei (2014): 9 terms of gross exports by exporting economy", kww, true,
       [](std::size_t) { return 1.0; }},
      // 20 measures and 3 keys per exporter x sector x importer.
      {"wwz", "Wang-Wei-Zhu (2013): 16 terms by exporter x sector x importer", wwz, true,
       [](std::size_t G) { return 23.0 * static_cast<double>(G > 0 ? G - 1 : 0); }},
      {"bm", "Borin-Mancini (2023): source- and sink-based, exporter / bilateral / sector",
       borin_mancini, true, [](std::size_t) { return 30.0; }},
      {"tiva", "OECD TiVA core indicators, VAX ratio, Hummels-Ishii-Yi VS and VS1", tiva, false,
       [](std::size_t) { return 60.0; }},
      {"position", "GVC participation, production length, upstreamness and position", position,
       false, [](std::size_t) { return 30.0; }},
  };
  return all;
}

}  // namespace leontief::decomposition
