#include "signal/dfa.h"

#include "error.h"
#include "signal/dfa_kernels.h"
#include "signal/fit.h"
#include "signal/parallel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace flicker {
namespace {

double meanOf(std::span<const double> x) {
    double sum = 0;
    for (double v : x)
        sum += v;
    return sum / double(x.size());
}

double varianceOf(std::span<const double> x, double mean) {
    double sum = 0;
    for (double v : x)
        sum += (v - mean) * (v - mean);
    return sum / double(x.size());
}

// Y_k = Σ_{j≤k} (x_j − mean), k = 1 … N.
void buildProfile(std::span<const double> x, double mean, std::vector<double>& profile) {
    profile.resize(x.size());
    double sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sum += x[i] - mean;
        profile[i] = sum;
    }
}

void fitResult(DfaResult& r, double minScale, double maxScale) {
    std::vector<double> lx, ly;
    int first = -1, last = -1;
    for (std::size_t i = 0; i < r.scales.size(); ++i) {
        const double s = r.scales[i];
        if ((minScale > 0 && s < minScale) || (maxScale > 0 && s > maxScale)) continue;
        if (first < 0) first = int(i);
        last = int(i);
        if (r.fluctuation[i] > 0) {
            lx.push_back(std::log(s));
            ly.push_back(std::log(r.fluctuation[i]));
        }
    }
    if (first < 0 || last == first)
        throw Error(ErrorCode::InvalidArgument,
                    "the fit range holds fewer than two window sizes; widen it", "fit range");
    r.fitFirst = first;
    r.fitCount = last - first + 1;
    r.alpha = r.intercept = r.r2 = r.alphaStdError = r.beta = 0;
    if (r.silent) return;
    if (lx.size() < 2) {
        r.silent = true; // F(s) = 0 at all but one fitted scale: nothing fluctuates there
        return;
    }
    const LineFit fit = fitLine(lx, ly);
    r.alpha = fit.slope;
    r.intercept = fit.intercept;
    r.r2 = fit.r2;
    r.alphaStdError = fit.slopeStdError;
    r.beta = 2 * r.alpha - 1;
}

struct Prepared {
    std::vector<int> scales;
    double variance = 0;
    bool silent = false;
};

Prepared prepare(std::span<const double> x, const DfaSettings& settings,
                 std::vector<double>& profile) {
    checkFinite(x);
    Prepared p;
    p.scales = resolveScales(x.size(), settings);
    const double mean = meanOf(x);
    p.variance = varianceOf(x, mean);
    p.silent = !(p.variance >= kSilentVariance);
    if (!p.silent) buildProfile(x, mean, profile);
    return p;
}

template <class Kernel>
DfaResult run(std::span<const double> x, const DfaSettings& settings, std::stop_token stop,
              Kernel kernel) {
    thread_local std::vector<double> profile;
    const Prepared p = prepare(x, settings, profile);
    DfaResult r;
    r.scales = p.scales;
    r.fluctuation.assign(r.scales.size(), 0.0);
    r.silent = p.silent;
    if (!r.silent) {
        for (std::size_t i = 0; i < r.scales.size(); ++i) {
            if (stop.stop_requested()) throw Error(ErrorCode::Cancelled, "DFA cancelled");
            const detail::ScaleFluctuation f = kernel(profile, r.scales[i], p.variance);
            r.fluctuation[i] = f.fluctuation;
            r.linearWindows += f.linearWindows;
        }
    }
    fitResult(r, settings.fitMinScale, settings.fitMaxScale);
    return r;
}

} // namespace

DfaResult dfaAnyUnit(std::span<const double> x, const DfaSettings& settings, std::stop_token stop) {
    checkFinite(x);
    double peak = 0;
    for (double v : x)
        peak = std::max(peak, std::abs(v));
    if (peak == 0) return dfa(x, settings, stop); // all zero: silent
    // First to [−2, 2), so that the mean and the deviations cannot overflow ...
    int exponent = std::ilogb(peak);
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        y[i] = std::ldexp(x[i], -exponent);
    const double mean = meanOf(y);
    double spread = 0;
    for (double v : y)
        spread = std::max(spread, std::abs(v - mean));
    // ... then, unless the series is constant to rounding, so that the largest deviation is in
    // [1, 2): its variance is then far above kSilentVariance.
    if (spread >= 0x1p-45) {
        const int more = std::ilogb(spread);
        for (double& v : y)
            v = std::ldexp(v, -more);
        exponent += more;
    }
    DfaResult r = dfa(y, settings, stop);
    for (double& f : r.fluctuation)
        f = std::ldexp(f, exponent);
    if (!r.silent) r.intercept += exponent * std::log(2.0);
    return r;
}

std::optional<DfaMethod> dfaMethodFromName(std::string_view name) {
    for (DfaMethod m : {DfaMethod::Unbiased, DfaMethod::Standard})
        if (name == dfaMethodName(m)) return m;
    return std::nullopt;
}

const char* dfaMethodName(DfaMethod method) {
    return method == DfaMethod::Unbiased ? "udfa" : "dfa";
}

std::vector<int> logSpacedScales(int minScale, int maxScale, int count) {
    std::vector<int> scales;
    if (count <= 0 || maxScale < minScale || minScale <= 0) return scales;
    if (count == 1 || maxScale == minScale) return {minScale};
    const double lo = std::log(double(minScale)), hi = std::log(double(maxScale));
    for (int i = 0; i < count; ++i) {
        const int s = int(std::lround(std::exp(lo + (hi - lo) * i / (count - 1))));
        if (scales.empty() || s != scales.back()) scales.push_back(s);
    }
    return scales;
}

std::vector<int> resolveScales(std::size_t n, const DfaSettings& settings) {
    const int order = settings.order;
    if (order < 1 || order > 3)
        throw Error(ErrorCode::InvalidArgument,
                    "DFA order must be 1, 2 or 3 (got " + std::to_string(order) + ")", "order");
    if (n == 0)
        throw Error(ErrorCode::EmptyInput, "the series is empty: there is nothing to analyse");
    const int smallestAllowed = order + 2; // a window needs more points than fit parameters
    std::vector<int> scales;
    if (!settings.scales.empty()) {
        scales = settings.scales;
        std::sort(scales.begin(), scales.end());
        scales.erase(std::unique(scales.begin(), scales.end()), scales.end());
        for (int s : scales) {
            if (s < smallestAllowed)
                throw Error(ErrorCode::InvalidArgument,
                            "window size " + std::to_string(s) + " is too small for order " +
                                std::to_string(order) + " detrending: use at least " +
                                std::to_string(smallestAllowed),
                            "scales");
        }
        if (n < std::size_t(std::int64_t(scales.front()) + order))
            throw Error(ErrorCode::TooShort, "the series has " + std::to_string(n) +
                                                 " points, fewer than the smallest window (" +
                                                 std::to_string(scales.front()) +
                                                 ") plus the order (" + std::to_string(order) +
                                                 ")");
        if (std::size_t(scales.back()) > n)
            throw Error(ErrorCode::InvalidArgument,
                        "window size " + std::to_string(scales.back()) +
                            " is larger than the series (" + std::to_string(n) + " points)",
                        "scales");
    } else {
        // Generated windows start at order + 2 at least: a window needs more points than
        // the polynomial has parameters.
        const int minScale = std::max(settings.minScale, smallestAllowed);
        if (settings.scaleCount < 2)
            throw Error(ErrorCode::InvalidArgument,
                        "at least two window sizes are needed for a fit (count " +
                            std::to_string(settings.scaleCount) + ")",
                        "count");
        if (n < std::size_t(std::int64_t(minScale) + order))
            throw Error(ErrorCode::TooShort, "the series has " + std::to_string(n) +
                                                 " points, fewer than the smallest window (" +
                                                 std::to_string(minScale) + ") plus the order (" +
                                                 std::to_string(order) + ")");
        const int maxScale = settings.maxScale > 0 ? settings.maxScale : int(n / 4);
        if (std::size_t(maxScale) > n)
            throw Error(ErrorCode::InvalidArgument,
                        "the largest window (" + std::to_string(maxScale) +
                            ") is larger than the series (" + std::to_string(n) + " points)",
                        "max");
        if (maxScale <= minScale)
            throw Error(ErrorCode::TooShort,
                        "the series has " + std::to_string(n) +
                            " points: too short for windows from " + std::to_string(minScale) +
                            " to N/4 = " + std::to_string(maxScale) + " (need at least " +
                            std::to_string(4 * (std::int64_t(minScale) + 1)) +
                            " points, or set a larger maximum window)");
        scales = logSpacedScales(minScale, maxScale, settings.scaleCount);
    }
    if (scales.size() < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "at least two distinct window sizes are needed for a fit", "scales");
    return scales;
}

void checkFinite(std::span<const double> x) {
    if (x.empty())
        throw Error(ErrorCode::EmptyInput, "the series is empty: there is nothing to analyse");
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]))
            throw Error(ErrorCode::NonFinite,
                        std::string("value ") + std::to_string(i + 1) + " (index " +
                            std::to_string(i) + ") is " + (std::isnan(x[i]) ? "NaN" : "infinite") +
                            ": remove or replace it before the analysis",
                        "index " + std::to_string(i));
    }
}

DfaResult dfa(std::span<const double> x, const DfaSettings& settings, std::stop_token stop) {
    const int order = settings.order;
    if (settings.method == DfaMethod::Unbiased) {
        if (order == 1)
            return run(x, settings, stop, [](std::span<const double> y, int s, double var) {
                return detail::udfaOrder1(y, s, var);
            });
        return run(x, settings, stop, [order](std::span<const double> y, int s, double var) {
            return detail::udfaHigherOrder(y, s, order, var);
        });
    }
    if (order != 1) return dfaDirect(x, settings, stop); // non-overlapping windows: O(N) already
    return run(x, settings, stop, [&](std::span<const double> y, int s, double) {
        return detail::dfaOrder1(y, s, settings.bothEnds);
    });
}

DfaResult dfaDirect(std::span<const double> x, const DfaSettings& settings, std::stop_token stop) {
    return run(x, settings, stop, [&](std::span<const double> y, int s, double var) {
        return detail::fluctuationDirect(y, s, settings.order, settings.method, settings.bothEnds,
                                         var, stop);
    });
}

void refit(DfaResult& result, double minScale, double maxScale) {
    if (result.scales.size() != result.fluctuation.size())
        throw Error(ErrorCode::InvalidArgument, "refit: scales and F(s) differ in length");
    fitResult(result, minScale, maxScale);
}

DfaResult meanFluctuation(const std::vector<int>& scales,
                          std::span<const std::vector<double>* const> curves, double minScale,
                          double maxScale) {
    DfaResult mean;
    mean.scales = scales;
    mean.fluctuation.assign(scales.size(), 0.0);
    if (curves.empty()) {
        mean.silent = true;
        return mean;
    }
    for (const std::vector<double>* f : curves) {
        if (f->size() != scales.size())
            throw Error(ErrorCode::InvalidArgument,
                        "mean F(n): a curve has " + std::to_string(f->size()) + " values for " +
                            std::to_string(scales.size()) + " window sizes");
        for (std::size_t s = 0; s < scales.size(); ++s)
            mean.fluctuation[s] += (*f)[s];
    }
    for (double& f : mean.fluctuation)
        f /= double(curves.size());
    refit(mean, minScale, maxScale);
    return mean;
}

SeriesMatrix SeriesMatrix::rowMajor(std::span<const float> data, std::size_t steps,
                                    std::size_t series) {
    if (data.size() < steps * series)
        throw Error(ErrorCode::InvalidArgument, "matrix data is smaller than steps × series");
    return {data.data(), nullptr, steps, series, series, 1};
}

SeriesMatrix SeriesMatrix::rowMajor(std::span<const double> data, std::size_t steps,
                                    std::size_t series) {
    if (data.size() < steps * series)
        throw Error(ErrorCode::InvalidArgument, "matrix data is smaller than steps × series");
    return {nullptr, data.data(), steps, series, series, 1};
}

SeriesMatrix SeriesMatrix::columns(std::span<const double> data, std::size_t steps,
                                   std::size_t series) {
    if (data.size() < steps * series)
        throw Error(ErrorCode::InvalidArgument, "matrix data is smaller than steps × series");
    return {nullptr, data.data(), steps, series, 1, steps};
}

namespace {

// Point t of series k of the matrix, as a double.
double matrixAt(const SeriesMatrix& m, std::size_t k, std::size_t t) {
    const std::size_t at = k * m.seriesStride + t * m.stepStride;
    return m.floats ? double(m.floats[at]) : m.doubles[at];
}

// One series at a time (any method and order); errors name the series.
void batchOneByOne(const SeriesMatrix& m, const DfaSettings& settings, std::size_t begin,
                   std::size_t end, std::vector<DfaResult>& results, std::stop_token stop) {
    std::vector<double> series(m.length);
    for (std::size_t k = begin; k < end; ++k) {
        if (stop.stop_requested()) throw Error(ErrorCode::Cancelled, "DFA cancelled");
        for (std::size_t t = 0; t < m.length; ++t)
            series[t] = matrixAt(m, k, t);
        try {
            results[k] = dfa(series, settings, stop);
        } catch (const Error& e) {
            if (e.code() == ErrorCode::Cancelled) throw;
            throw Error(e.code(), "series " + std::to_string(k + 1) + ": " + e.what(), e.context());
        }
    }
}

// Order-1 UDFA of series first … first + kDfaLanes − 1 (those past the end are left out) side
// by side in the vector lanes. Each lane's mean, variance, profile and F(s) are computed with the
// same operations in the same order as dfa() on that series alone, so the results are equal.
void batchLanes(const SeriesMatrix& m, const DfaSettings& settings, const std::vector<int>& scales,
                std::size_t first, std::vector<DfaResult>& results, std::stop_token stop) {
    constexpr std::size_t W = detail::kDfaLanes;
    const std::size_t n = m.length, lanes = std::min(W, m.count - first);
    thread_local std::vector<detail::LaneBlock> x, profile;
    x.resize(n);
    profile.resize(n);
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t l = 0; l < W; ++l)
            x[t].v[l] = l < lanes ? matrixAt(m, first + l, t) : 0.0;
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t l = 0; l < lanes; ++l)
            if (!std::isfinite(x[t].v[l])) { // let the one-by-one path say which value
                batchOneByOne(m, settings, first, first + lanes, results, stop);
                return;
            }
    // meanOf, varianceOf and buildProfile, lane by lane.
    double sum[W] = {}, mean[W], var[W] = {};
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t l = 0; l < W; ++l)
            sum[l] += x[t].v[l];
    for (std::size_t l = 0; l < W; ++l)
        mean[l] = sum[l] / double(n);
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t l = 0; l < W; ++l)
            var[l] += (x[t].v[l] - mean[l]) * (x[t].v[l] - mean[l]);
    detail::LaneBlock variance;
    for (std::size_t l = 0; l < W; ++l) {
        variance.v[l] = var[l] / double(n);
        sum[l] = 0;
    }
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t l = 0; l < W; ++l) {
            sum[l] += x[t].v[l] - mean[l];
            profile[t].v[l] = sum[l];
        }
    std::array<std::size_t, W> linear{};
    std::vector<detail::LaneBlock> fluctuation(scales.size());
    for (std::size_t i = 0; i < scales.size(); ++i) {
        if (stop.stop_requested()) throw Error(ErrorCode::Cancelled, "DFA cancelled");
        detail::udfaOrder1Lanes(profile, scales[i], variance, fluctuation[i], linear);
    }
    for (std::size_t l = 0; l < lanes; ++l) {
        DfaResult& r = results[first + l];
        r.scales = scales;
        r.fluctuation.assign(scales.size(), 0.0);
        r.silent = !(variance.v[l] >= kSilentVariance);
        if (!r.silent) {
            for (std::size_t i = 0; i < scales.size(); ++i)
                r.fluctuation[i] = fluctuation[i].v[l];
            r.linearWindows = linear[l];
        }
        fitResult(r, settings.fitMinScale, settings.fitMaxScale);
    }
}

} // namespace

std::vector<DfaResult> dfaBatch(const SeriesMatrix& m, const DfaSettings& settings,
                                unsigned threads, std::stop_token stop) {
    if ((m.floats == nullptr) == (m.doubles == nullptr))
        throw Error(ErrorCode::InvalidArgument, "dfaBatch: set exactly one of floats / doubles");
    const std::vector<int> scales = resolveScales(m.length, settings); // fail once, early
    std::vector<DfaResult> results(m.count);
    if (settings.method != DfaMethod::Unbiased || settings.order != 1) {
        parallelFor(m.count, threads, [&](std::size_t begin, std::size_t end) {
            batchOneByOne(m, settings, begin, end, results, stop);
        });
        return results;
    }
    constexpr std::size_t W = detail::kDfaLanes;
    parallelFor((m.count + W - 1) / W, threads, [&](std::size_t begin, std::size_t end) {
        for (std::size_t g = begin; g < end; ++g)
            batchLanes(m, settings, scales, g * W, results, stop);
    });
    return results;
}

} // namespace flicker
