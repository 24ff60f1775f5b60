#include "signal/surrogates.h"

#include "error.h"
#include "signal/dfa.h"
#include "signal/fft.h"
#include "signal/random.h"

#include <cmath>
#include <complex>
#include <numbers>

namespace flicker {

std::vector<double> permutationSurrogate(std::span<const double> x, std::uint64_t seed) {
    checkFinite(x);
    std::vector<double> out(x.begin(), x.end());
    Rng rng(seed);
    for (std::size_t i = out.size(); i > 1; --i) // Fisher–Yates
        std::swap(out[i - 1], out[rng.below(i)]);
    return out;
}

std::vector<double> phaseSurrogate(std::span<const double> x, std::uint64_t seed) {
    checkFinite(x);
    const std::size_t n = x.size();
    if (n < 3) return std::vector<double>(x.begin(), x.end());
    auto bins = fft::forward(std::vector<double>(x.begin(), x.end()));
    Rng rng(seed);
    for (std::size_t k = 1; k < bins.size(); ++k) {
        if (n % 2 == 0 && k == n / 2) continue; // Nyquist bin is real: keep it
        const double phase = 2 * std::numbers::pi * rng.uniform();
        bins[k] = std::polar(std::abs(bins[k]), phase);
    }
    std::vector<double> out = fft::inverse(bins, n);
    for (double& v : out)
        v /= double(n);
    return out;
}

} // namespace flicker
