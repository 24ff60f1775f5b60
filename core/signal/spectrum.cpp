#include "signal/spectrum.h"

#include "error.h"
#include "signal/dfa.h"
#include "signal/fft.h"

#include <cmath>
#include <numbers>
#include <string>

namespace flicker {

Spectrum welchSpectrum(std::span<const double> x, const WelchSettings& settings) {
    checkFinite(x);
    if (settings.segment < 4)
        throw Error(ErrorCode::InvalidArgument,
                    "Welch segment length must be at least 4 (got " +
                        std::to_string(settings.segment) + ")",
                    "segment");
    if (!(settings.overlap >= 0 && settings.overlap < 1))
        throw Error(ErrorCode::InvalidArgument, "Welch overlap must be in [0, 1)", "overlap");
    if (x.size() < 4)
        throw Error(ErrorCode::TooShort,
                    "a spectrum needs at least 4 points (got " + std::to_string(x.size()) + ")");
    const std::size_t seg = std::min<std::size_t>(std::size_t(settings.segment), x.size());
    const std::size_t step =
        std::max<std::size_t>(1, std::size_t(std::lround(double(seg) * (1 - settings.overlap))));

    std::vector<double> window(seg);
    double windowPower = 0;
    for (std::size_t j = 0; j < seg; ++j) { // periodic Hann window, as in spectral analysis
        window[j] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * double(j) / double(seg));
        windowPower += window[j] * window[j];
    }
    const std::size_t bins = seg / 2 + 1;
    Spectrum out;
    out.segmentLength = int(seg);
    out.frequency.resize(bins);
    out.power.assign(bins, 0.0);
    for (std::size_t k = 0; k < bins; ++k)
        out.frequency[k] = double(k) / double(seg);

    std::vector<double> buffer(seg);
    for (std::size_t start = 0; start + seg <= x.size(); start += step) {
        double mean = 0;
        if (settings.removeMean) {
            for (std::size_t j = 0; j < seg; ++j)
                mean += x[start + j];
            mean /= double(seg);
        }
        for (std::size_t j = 0; j < seg; ++j)
            buffer[j] = (x[start + j] - mean) * window[j];
        const auto X = fft::forward(buffer);
        for (std::size_t k = 0; k < bins; ++k)
            out.power[k] += std::norm(X[k]);
        ++out.segments;
    }
    // One-sided density for unit sampling rate: |X|² / Σw², doubled except at DC and Nyquist.
    for (std::size_t k = 0; k < bins; ++k) {
        const bool edge = k == 0 || (seg % 2 == 0 && k == bins - 1);
        out.power[k] *= (edge ? 1.0 : 2.0) / (windowPower * out.segments);
    }
    return out;
}

SpectralExponent spectralExponent(std::span<const double> x, const WelchSettings& settings) {
    SpectralExponent r;
    r.spectrum = welchSpectrum(x, settings);
    double mean = 0, var = 0;
    for (double v : x)
        mean += v;
    mean /= double(x.size());
    for (double v : x)
        var += (v - mean) * (v - mean);
    var /= double(x.size());
    if (!(var >= kSilentVariance)) {
        r.silent = true;
        return r;
    }
    std::vector<double> lf, lp;
    const auto& f = r.spectrum.frequency;
    const auto& p = r.spectrum.power;
    for (std::size_t k = 1; k < f.size(); ++k) {
        if (f[k] < settings.fitMinFrequency || f[k] > settings.fitMaxFrequency) continue;
        if (!(p[k] > 0)) continue;
        if (lf.empty()) r.bandLow = f[k];
        r.bandHigh = f[k];
        lf.push_back(std::log(f[k]));
        lp.push_back(std::log(p[k]));
    }
    if (lf.size() < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "the spectrum's fit band holds fewer than two frequencies; widen the band "
                    "or use a longer segment",
                    "band");
    r.fit = fitLine(lf, lp);
    r.beta = -r.fit.slope;
    return r;
}

} // namespace flicker
