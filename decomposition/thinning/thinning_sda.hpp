#pragma once
/// @file thinning_sda.hpp
/// @brief Structural decomposition of the change in an economy's domestic value-added share
/// of gross exports between two years (docs/methods/thinning.md).
///
/// The share of economy s is DVASH_s = 100 · V_s B_ss e_s / 1'e_s = 100 · Σ_j m_j w_j, with
/// the DVA multipliers m = V_s B_ss (1 x N) and the export composition w = e_s / 1'e_s. Four
/// factors: the domestic input coefficients A_ss (D), every other input coefficient (F: s's
/// imported inputs A_rs, r ≠ s, and — through the re-import loop only — the other
/// economies' input coefficients), the value-added coefficients v_s (V) and the export
/// composition w (W). B_ss depends on A only through D and the N x N feedback
/// K = A_s,−s (I − A_−s,−s)⁻¹ A_−s,s, a function of F alone:
///   B_ss = (I − A_ss − K)⁻¹,  so  K^b = I − D^b − (B_ss^b)⁻¹
/// and the domestic block of a hybrid A with D from year a and F from year b is
///   B_ss(D^a, F^b) = (I − D^a − K^b)⁻¹ = (I + B_ss^b (D^b − D^a))⁻¹ B_ss^b,
/// an N x N solve per economy: no hybrid n x n inverse is ever formed. The change splits by
/// the average of the two polar decompositions (Dietzenbacher and Los 1998), factor order
/// D, F, V, W; each polar form is exact, so their average is exact too.

#include <array>
#include <cstddef>
#include <vector>

#include "decomposition/gvc_context.hpp"

namespace leontief::decomposition {

/// The factors of the decomposition, in the order of the first polar form.
enum SdaFactor : std::size_t {
  kDomesticInputs,     ///< D = A_ss
  kImportedInputs,     ///< F = every block of A but A_ss
  kValueAdded,         ///< V = v_s
  kExportComposition,  ///< W = e_s / 1'e_s
  kSdaFactors
};

/// Column names of the factors in outputs: DOMESTIC_INPUTS, IMPORTED_INPUTS, VALUE_ADDED,
/// EXPORT_COMPOSITION.
const std::array<const char*, kSdaFactors>& sda_factor_names();

/// What the DVA share of exports of one economy (N sectors) depends on in one year.
struct SdaEconomyInputs {
  std::size_t sectors = 0;
  std::vector<double> domestic_coefficients;  ///< A_ss, N x N row-major
  std::vector<double> domestic_leontief;      ///< B_ss (block of the global inverse), N x N
  std::vector<double> va_coefficients;        ///< v_s, N
  std::vector<double> exports;                ///< e_s, total gross exports of each sector, N
};

/// The same for the economies a rank owns: rows of the owned economies, stacked.
struct SdaLocalInputs {
  std::size_t first_region = 0, regions = 0, sectors = 0;
  std::vector<double> domestic_coefficients;  ///< (regions·N) x N: A_ss of each economy
  std::vector<double> domestic_leontief;      ///< (regions·N) x N: B_ss of each economy
  std::vector<double> va_coefficients;        ///< regions·N
  std::vector<double> exports;                ///< regions·N
  /// Economy `region` (owned) as SdaEconomyInputs.
  SdaEconomyInputs economy(std::size_t region) const;
};

/// @brief Collects A_ss, B_ss, v_s, e_s of the owned economies. B_ss comes from this rank's
/// rows of B (GvcContext::leontief_rows: one solve with n identity columns).
/// @note Collective on the table's communicator.
SdaLocalInputs sda_inputs(const GvcContext& context);

/// Levels and parts by sector; the economy's values are their sums over sectors.
struct DvaShareSda {
  /// 100 · m_j w_j in the first and second year: sector j's domestic value added in exports
  /// per 100 of the economy's gross exports (sums to the economy's EXGR_DVASH).
  std::vector<double> from, to;
  /// Contribution of each factor to to − from, by sector (sums exactly to to − from).
  std::array<std::vector<double>, kSdaFactors> parts;
};

/// @brief Decomposes the change from `first` to `second` (both of the same economy).
/// Shares are NaN when the economy has no exports in a year.
/// @throws Error if I + B_ss (D^b − D^a) is singular (a hybrid economy without an inverse).
DvaShareSda dva_share_sda(const SdaEconomyInputs& first, const SdaEconomyInputs& second);

/// @brief The DVA multipliers m = v' (I − D^a − K^b)⁻¹ of a hybrid domestic block (exposed for
/// tests): `va` with D from `domestic` and F (through K) from `feedback`.
std::vector<double> hybrid_dva_multipliers(const std::vector<double>& va,
                                           const SdaEconomyInputs& domestic,
                                           const SdaEconomyInputs& feedback);

}  // namespace leontief::decomposition
