// Surrogate series for controls: a random permutation destroys all temporal structure
// (beta → 0); phase randomisation keeps the amplitude spectrum exactly, so beta stays.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace flicker {

std::vector<double> permutationSurrogate(std::span<const double> x, std::uint64_t seed);
/// Same |FFT| as x at every frequency, random phases (DC and Nyquist kept), same mean.
std::vector<double> phaseSurrogate(std::span<const double> x, std::uint64_t seed);

} // namespace flicker
