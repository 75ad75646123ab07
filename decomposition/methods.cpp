#include "decomposition/methods.hpp"

namespace leontief::decomposition {

const std::vector<Method>& methods() {
  static const std::vector<Method> all = {
      {"kww", "Koopman-Wang-Wei (2014): 9 terms of gross exports by exporting economy", kww},
      {"wwz", "Wang-Wei-Zhu (2013): 16 terms by exporter x sector x importer", wwz},
      {"bm", "Borin-Mancini (2023): source- and sink-based, exporter / bilateral / sector",
       borin_mancini},
      {"tiva", "OECD TiVA core indicators, VAX ratio, Hummels-Ishii-Yi VS and VS1", tiva},
      {"position", "GVC participation, production length, upstreamness and position", position},
  };
  return all;
}

}  // namespace leontief::decomposition
