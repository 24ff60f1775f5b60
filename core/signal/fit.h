// Ordinary least-squares straight-line fit with R² and the slope's standard error, shared by
// DFA (ln F against ln s) and the power spectrum (ln P against ln f).
#pragma once

#include <cstddef>
#include <span>

namespace flicker {

struct LineFit {
    double slope = 0.0;
    double intercept = 0.0;
    double r2 = 0.0;            ///< coefficient of determination, 1 for a perfect line
    double slopeStdError = 0.0; ///< standard error of the slope (0 when n = 2)
    std::size_t n = 0;          ///< number of points fitted
};

/// Fits y = intercept + slope·x. Needs at least two points with distinct x; throws
/// flicker::Error(InvalidArgument) otherwise.
LineFit fitLine(std::span<const double> x, std::span<const double> y);

} // namespace flicker
