// Synthetic signals of known scaling for demonstrations and ground-truth tests: white noise,
// power-law noise of any beta by spectral synthesis (pink beta = 1, brown beta = 2) and
// fractional Gaussian noise of Hurst exponent H by the Davies–Harte method.
// All deterministic given the seed; all scaled to zero mean and unit variance.
#pragma once

#include "signal/random.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace flicker {

enum class NoiseKind { White, Pink, Brown, PowerLaw, Fgn };

const char* noiseKindName(NoiseKind kind); ///< "white", "pink", "brown", "powerlaw", "fgn"
std::optional<NoiseKind> noiseKindFromName(std::string_view name);

struct NoiseSettings {
    NoiseKind kind = NoiseKind::Pink;
    double beta = 1.0;        ///< spectral exponent for PowerLaw (PSD ∝ 1/f^beta), −2 … 4
    double hurst = 0.7;       ///< Hurst exponent for Fgn, 0 < H < 1 (DFA alpha ≈ H)
    std::size_t length = 500; ///< number of steps
    std::uint64_t seed = kDefaultSeed;
};

/// The exponent a kind should show: beta for White/Pink/Brown/PowerLaw, 2H − 1 for Fgn.
double expectedBeta(const NoiseSettings& settings);

std::vector<double> generateNoise(const NoiseSettings& settings);
std::vector<double> whiteNoise(std::size_t n, std::uint64_t seed);
/// Gaussian noise with PSD ∝ 1/f^beta: random phases and Gaussian amplitudes shaped by
/// f^(−beta/2), synthesised at twice the length and cut, so the result is not periodic.
std::vector<double> powerLawNoise(std::size_t n, double beta, std::uint64_t seed);
/// Exact fractional Gaussian noise by circulant embedding (Davies & Harte 1987).
std::vector<double> fractionalGaussianNoise(std::size_t n, double hurst, std::uint64_t seed);

} // namespace flicker
