// Private FFTW wrapper of the core: real ↔ half-complex transforms with plans cached per length.
// Plans are created under one mutex (FFTW's planner is not thread-safe); execution is.
#pragma once

#include <complex>
#include <cstddef>
#include <vector>

namespace flicker::fft {

/// Forward real transform of n = in.size() points: n/2 + 1 complex bins, unnormalised
/// (X_k = Σ x_j e^{−2πijk/n}).
std::vector<std::complex<double>> forward(const std::vector<double>& in);

/// Inverse of forward() for a series of n points, unnormalised (x_j = Σ_k X_k e^{+2πijk/n},
/// Hermitian symmetry implied): divide by n to undo forward().
std::vector<double> inverse(const std::vector<std::complex<double>>& in, std::size_t n);

} // namespace flicker::fft
