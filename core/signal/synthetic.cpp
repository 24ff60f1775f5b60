#include "signal/synthetic.h"

#include "error.h"
#include "signal/fft.h"
#include "signal/random.h"

#include <cmath>
#include <complex>
#include <string>

namespace flicker {
namespace {

void standardise(std::vector<double>& x) {
    if (x.empty()) return;
    double mean = 0;
    for (double v : x)
        mean += v;
    mean /= double(x.size());
    double var = 0;
    for (double v : x)
        var += (v - mean) * (v - mean);
    var /= double(x.size());
    const double sd = var > 0 ? std::sqrt(var) : 1.0;
    for (double& v : x)
        v = (v - mean) / sd;
}

void checkLength(std::size_t n) {
    if (n < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "a synthetic series needs at least 2 points (got " + std::to_string(n) + ")",
                    "length");
    if (n > 100'000'000)
        throw Error(ErrorCode::InvalidArgument, "a synthetic series is limited to 10⁸ points",
                    "length");
}

} // namespace

const char* noiseKindName(NoiseKind kind) {
    switch (kind) {
    case NoiseKind::White:
        return "white";
    case NoiseKind::Pink:
        return "pink";
    case NoiseKind::Brown:
        return "brown";
    case NoiseKind::PowerLaw:
        return "powerlaw";
    case NoiseKind::Fgn:
        return "fgn";
    }
    return "white";
}

std::optional<NoiseKind> noiseKindFromName(std::string_view name) {
    for (NoiseKind k :
         {NoiseKind::White, NoiseKind::Pink, NoiseKind::Brown, NoiseKind::PowerLaw, NoiseKind::Fgn})
        if (name == noiseKindName(k)) return k;
    if (name == "beta") return NoiseKind::PowerLaw;
    return std::nullopt;
}

double expectedBeta(const NoiseSettings& s) {
    switch (s.kind) {
    case NoiseKind::White:
        return 0;
    case NoiseKind::Pink:
        return 1;
    case NoiseKind::Brown:
        return 2;
    case NoiseKind::PowerLaw:
        return s.beta;
    case NoiseKind::Fgn:
        return 2 * s.hurst - 1;
    }
    return 0;
}

std::vector<double> whiteNoise(std::size_t n, std::uint64_t seed) {
    checkLength(n);
    Rng rng(seed);
    std::vector<double> x(n);
    for (double& v : x)
        v = rng.normal();
    return x;
}

std::vector<double> powerLawNoise(std::size_t n, double beta, std::uint64_t seed) {
    checkLength(n);
    if (!(beta >= -2 && beta <= 4))
        throw Error(ErrorCode::InvalidArgument,
                    "spectral exponent beta must be between −2 and 4 (got " + std::to_string(beta) +
                        ")",
                    "beta");
    // Synthesise twice the length and keep the first half: the circular series' wrap-around
    // would otherwise make the two ends meet, which a real 1/f^beta process does not do.
    const std::size_t m = 2 * n;
    Rng rng(seed);
    std::vector<std::complex<double>> bins(m / 2 + 1);
    for (std::size_t k = 1; k < bins.size(); ++k) {
        const double f = double(k) / double(m);
        const double amplitude = std::pow(f, -beta / 2);
        const double re = rng.normal(), im = rng.normal();
        bins[k] = amplitude * std::complex<double>(re, (k == m / 2) ? 0.0 : im);
    }
    std::vector<double> x = fft::inverse(bins, m);
    x.resize(n);
    standardise(x);
    return x;
}

std::vector<double> fractionalGaussianNoise(std::size_t n, double hurst, std::uint64_t seed) {
    checkLength(n);
    if (!(hurst > 0 && hurst < 1))
        throw Error(ErrorCode::InvalidArgument,
                    "Hurst exponent must be strictly between 0 and 1 (got " +
                        std::to_string(hurst) + ")",
                    "hurst");
    // Circulant embedding of the autocovariance γ(k) = ½(|k+1|^2H − 2|k|^2H + |k−1|^2H) into
    // a circle of M = 2n points; its eigenvalues are the real FFT of the first row.
    const std::size_t M = 2 * n;
    const double h2 = 2 * hurst;
    auto gamma = [h2](double k) {
        return 0.5 * (std::pow(std::abs(k + 1), h2) - 2 * std::pow(std::abs(k), h2) +
                      std::pow(std::abs(k - 1), h2));
    };
    std::vector<double> row(M);
    for (std::size_t k = 0; k <= n; ++k)
        row[k] = gamma(double(k));
    for (std::size_t k = n + 1; k < M; ++k)
        row[k] = row[M - k];
    const auto eig = fft::forward(row);
    Rng rng(seed);
    std::vector<std::complex<double>> z(M / 2 + 1);
    for (std::size_t k = 0; k < z.size(); ++k) {
        const double lambda = std::max(0.0, eig[k].real()); // ≥ 0 for fGn; clip rounding
        if (k == 0 || k == M / 2) {
            z[k] = std::sqrt(lambda / double(M)) * rng.normal();
        } else {
            const double re = rng.normal(), im = rng.normal();
            z[k] = std::sqrt(lambda / (2.0 * double(M))) * std::complex<double>(re, im);
        }
    }
    std::vector<double> x = fft::inverse(z, M);
    x.resize(n);
    return x; // exact unit variance in expectation: no rescaling, so the covariance is exact
}

std::vector<double> generateNoise(const NoiseSettings& s) {
    switch (s.kind) {
    case NoiseKind::White:
        return whiteNoise(s.length, s.seed);
    case NoiseKind::Pink:
        return powerLawNoise(s.length, 1.0, s.seed);
    case NoiseKind::Brown:
        return powerLawNoise(s.length, 2.0, s.seed);
    case NoiseKind::PowerLaw:
        return powerLawNoise(s.length, s.beta, s.seed);
    case NoiseKind::Fgn:
        return fractionalGaussianNoise(s.length, s.hurst, s.seed);
    }
    throw Error(ErrorCode::InvalidArgument, "unknown noise kind", "kind");
}

} // namespace flicker
