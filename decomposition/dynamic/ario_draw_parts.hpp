#pragma once
/// @file ario_draw_parts.hpp
/// @brief The part files of an ensemble: each finished draw of `leontief dynamic` is a small
/// text record `<parts>/<ensemble>/draw_<k>.txt`, written under a temporary name and renamed
/// when complete, headed by the run's fingerprint (table, scenario file, model options) and
/// the dimensions, so a rerun reuses only complete records of the same run.

#include <cstddef>
#include <string>
#include <vector>

namespace leontief::decomposition {

/// One finished draw.
struct DrawRecord {
  std::string events;               ///< the events drawn, one line
  std::vector<double> world;        ///< kArioMeasureCount
  std::vector<double> economy;      ///< G × kArioMeasureCount
  std::vector<double> production;   ///< G × T (economy series; empty when T = 0)
};

class DrawParts {
 public:
  /// @param directory `<output>.parts`; G economies, T recorded days (0: no series).
  DrawParts(std::string directory, std::string fingerprint, std::size_t G, std::size_t T)
      : directory_(std::move(directory)), fingerprint_(std::move(fingerprint)), G_(G), T_(T) {}

  std::string path(const std::string& ensemble, std::size_t draw) const;
  /// @brief Writes the record (temporary name, then renamed). @throws Error if it cannot.
  void write(const std::string& ensemble, std::size_t draw, const DrawRecord& record) const;
  /// True and the record if a complete record of this run exists.
  bool read(const std::string& ensemble, std::size_t draw, DrawRecord& record) const;

 private:
  std::string header(const std::string& ensemble, std::size_t draw) const;

  std::string directory_, fingerprint_;
  std::size_t G_, T_;
};

}  // namespace leontief::decomposition
