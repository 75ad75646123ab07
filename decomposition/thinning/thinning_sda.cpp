/// @file thinning_sda.cpp
/// @brief SDA of the change in the DVA share of exports (see thinning_sda.hpp and
/// docs/methods/thinning.md).

#include "decomposition/thinning/thinning_sda.hpp"

#include <petscsys.h>
// petscblaslapack.h needs petscsys.h first
#include <petscblaslapack.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

const std::array<const char*, kSdaFactors>& sda_factor_names() {
  static const std::array<const char*, kSdaFactors> names = {"DOMESTIC_INPUTS", "IMPORTED_INPUTS",
                                                             "VALUE_ADDED", "EXPORT_COMPOSITION"};
  return names;
}

SdaEconomyInputs SdaLocalInputs::economy(std::size_t region) const {
  if (region < first_region || region >= first_region + regions) {
    throw_library_error("SDA inputs of an economy not owned by this rank", __FILE__, __LINE__);
  }
  const std::size_t N = sectors, r = region - first_region;
  const auto rows = [&](const std::vector<double>& all, std::size_t width) {
    return std::vector<double>(all.begin() + static_cast<std::ptrdiff_t>(r * N * width),
                               all.begin() + static_cast<std::ptrdiff_t>((r + 1) * N * width));
  };
  return {N, rows(domestic_coefficients, N), rows(domestic_leontief, N), rows(va_coefficients, 1),
          rows(exports, 1)};
}

SdaLocalInputs sda_inputs(const GvcContext& c) {
  const std::size_t N = c.sectors(), G = c.regions();
  SdaLocalInputs in;
  in.first_region = c.first_exporter();
  in.regions = c.exporter_count();
  in.sectors = N;
  const std::size_t rows = in.regions * N;
  in.domestic_coefficients.resize(rows * N);
  in.domestic_leontief.resize(rows * N);
  in.va_coefficients.resize(rows);
  in.exports.assign(rows, 0.0);
  const LeontiefRows& b = c.leontief_rows();  // collective on first use
  for (std::size_t k = 0; k < in.regions; ++k) {
    const std::size_t s = in.first_region + k;
    const DenseMatrix a = c.a_block(s, s);
    for (std::size_t i = 0; i < N; ++i) {
      const std::size_t local = k * N + i, global = s * N + i;
      for (std::size_t j = 0; j < N; ++j) {
        in.domestic_coefficients[local * N + j] = a(i, j);
        in.domestic_leontief[local * N + j] = b(local, s * N + j);
      }
      in.va_coefficients[local] = c.va_coefficients()[global];
      for (std::size_t r = 0; r < G; ++r) in.exports[local] += c.exports()(global, r);
    }
  }
  return in;
}

namespace {

/// m_j = Σ_i v_i B_ij.
std::vector<double> multipliers(const std::vector<double>& v, const std::vector<double>& b,
                                std::size_t N) {
  std::vector<double> m(N, 0.0);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = 0; j < N; ++j) m[j] += v[i] * b[i * N + j];
  }
  return m;
}

/// w = e / 1'e (NaN without exports).
std::vector<double> composition(const std::vector<double>& e) {
  const double total = std::accumulate(e.begin(), e.end(), 0.0);
  std::vector<double> w(e.size(), std::numeric_limits<double>::quiet_NaN());
  if (total != 0.0) {
    for (std::size_t j = 0; j < e.size(); ++j) w[j] = e[j] / total;
  }
  return w;
}

}  // namespace

std::vector<double> hybrid_dva_multipliers(const std::vector<double>& va,
                                           const SdaEconomyInputs& domestic,
                                           const SdaEconomyInputs& feedback) {
  const std::size_t N = feedback.sectors;
  const std::vector<double>& b = feedback.domestic_leontief;
  // X = I + B^b (D^b − D^a), row-major. Its row-major storage is Xᵀ in LAPACK's column-major
  // convention, so gesv on it solves Xᵀ z = v, i.e. z' = v' X⁻¹.
  std::vector<double> delta(N * N);
  for (std::size_t k = 0; k < N * N; ++k) {
    delta[k] = feedback.domestic_coefficients[k] - domestic.domestic_coefficients[k];
  }
  std::vector<double> x(N * N, 0.0);
  for (std::size_t i = 0; i < N; ++i) {
    x[i * N + i] = 1.0;
    for (std::size_t k = 0; k < N; ++k) {
      const double bik = b[i * N + k];
      if (bik == 0.0) continue;
      for (std::size_t j = 0; j < N; ++j) x[i * N + j] += bik * delta[k * N + j];
    }
  }
  std::vector<double> z = va;
  const PetscBLASInt order = static_cast<PetscBLASInt>(N), one = 1;
  std::vector<PetscBLASInt> pivots(N);
  PetscBLASInt info = 0;
  LAPACKgesv_(&order, &one, x.data(), &order, pivots.data(), z.data(), &order, &info);
  if (info != 0) {
    throw Error(
        "structural decomposition: the hybrid domestic block I + B_ss(D^b - D^a) is "
        "singular (LAPACK gesv info " +
        std::to_string(info) + ")");
  }
  // m = z' B^b: v' (I + B^b ΔD)⁻¹ B^b = v' (I − D^a − K^b)⁻¹.
  return multipliers(z, b, N);
}

DvaShareSda dva_share_sda(const SdaEconomyInputs& first, const SdaEconomyInputs& second) {
  const std::size_t N = first.sectors;
  if (second.sectors != N) {
    throw_library_error("SDA years with different numbers of sectors", __FILE__, __LINE__);
  }
  const std::array<const SdaEconomyInputs*, 2> year = {&first, &second};
  // multiplier[v][d][f]: DVA multipliers with v from year v, A_ss from year d and the rest
  // of A (through the feedback K) from year f. Where d == f the domestic block is the year's
  // own B_ss; otherwise a hybrid solve.
  std::vector<double> multiplier[2][2][2];
  for (int v = 0; v < 2; ++v) {
    for (int d = 0; d < 2; ++d) {
      for (int f = 0; f < 2; ++f) {
        const std::vector<double>& va = year[v]->va_coefficients;
        multiplier[v][d][f] = d == f ? multipliers(va, year[d]->domestic_leontief, N)
                                     : hybrid_dva_multipliers(va, *year[d], *year[f]);
      }
    }
  }
  const std::array<std::vector<double>, 2> weights = {composition(first.exports),
                                                      composition(second.exports)};
  // f_j(state) = 100 · m_j w_j with each factor from year state[factor].
  const auto level = [&](const std::array<int, kSdaFactors>& state, std::size_t j) {
    return 100.0 *
           multiplier[state[kValueAdded]][state[kDomesticInputs]][state[kImportedInputs]][j] *
           weights[static_cast<std::size_t>(state[kExportComposition])][j];
  };

  DvaShareSda out;
  out.from.resize(N);
  out.to.resize(N);
  for (auto& p : out.parts) p.assign(N, 0.0);
  const std::array<std::size_t, kSdaFactors> forward = {kDomesticInputs, kImportedInputs,
                                                        kValueAdded, kExportComposition};
  for (std::size_t j = 0; j < N; ++j) {
    out.from[j] = level({0, 0, 0, 0}, j);
    out.to[j] = level({1, 1, 1, 1}, j);
    // Polar form 1 switches the factors to the second year in the order D, F, V, W; polar
    // form 2 in the reverse order. Each telescopes from `from` to `to`.
    for (int polar = 0; polar < 2; ++polar) {
      std::array<int, kSdaFactors> state = {0, 0, 0, 0};
      double previous = out.from[j];
      for (std::size_t step = 0; step < kSdaFactors; ++step) {
        const std::size_t factor = polar == 0 ? forward[step] : forward[kSdaFactors - 1 - step];
        state[factor] = 1;
        const double now = level(state, j);
        out.parts[factor][j] += 0.5 * (now - previous);
        previous = now;
      }
    }
  }
  return out;
}

}  // namespace leontief::decomposition
