#include "signal/fit.h"

#include "error.h"

#include <cmath>

namespace flicker {

LineFit fitLine(std::span<const double> x, std::span<const double> y) {
    if (x.size() != y.size())
        throw Error(ErrorCode::InvalidArgument, "fitLine: x and y have different lengths");
    const std::size_t n = x.size();
    if (n < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "a straight-line fit needs at least two points, got " + std::to_string(n));
    // Two passes about the means: no cancellation from raw sums of squares.
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= double(n);
    my /= double(n);
    double sxx = 0, sxy = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if (!(sxx > 0))
        throw Error(ErrorCode::InvalidArgument, "a straight-line fit needs distinct x values");
    LineFit fit;
    fit.n = n;
    fit.slope = sxy / sxx;
    fit.intercept = my - fit.slope * mx;
    const double ssr = std::max(0.0, syy - fit.slope * sxy);
    fit.r2 = syy > 0 ? 1.0 - ssr / syy : 1.0;
    fit.slopeStdError = n > 2 ? std::sqrt(ssr / double(n - 2) / sxx) : 0.0;
    return fit;
}

} // namespace flicker
