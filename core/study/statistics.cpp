#include "study/statistics.h"

#include "signal/random.h"
#include "signal/uniform_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace flicker {

Summary summarize(std::span<const double> values, std::uint64_t seed, int resamples) {
    std::vector<double> v;
    v.reserve(values.size());
    for (double x : values)
        if (!std::isnan(x)) v.push_back(x);
    Summary s;
    s.count = v.size();
    if (v.empty()) return s;
    double sum = 0;
    for (double x : v)
        sum += x;
    s.mean = sum / double(v.size());
    double ss = 0;
    for (double x : v)
        ss += (x - s.mean) * (x - s.mean);
    s.sd = v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0.0;
    std::vector<double> sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();
    s.median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    s.ciLow = s.ciHigh = s.mean;
    if (n < 2 || resamples < 10) return s;
    Rng rng(seed);
    const UniformIndex draw(n); // rng.below(n)'s numbers, without its divisions
    std::vector<double> means(static_cast<std::size_t>(resamples));
    for (double& m : means) {
        double total = 0;
        for (std::size_t k = 0; k < n; ++k)
            total += v[draw(rng)];
        m = total / double(n);
    }
    std::sort(means.begin(), means.end());
    auto quantile = [&](double q) {
        const double pos = q * double(means.size() - 1);
        const std::size_t lo = std::size_t(std::floor(pos));
        const std::size_t hi = std::min(lo + 1, means.size() - 1);
        return means[lo] + (pos - double(lo)) * (means[hi] - means[lo]);
    };
    s.ciLow = quantile(0.025);
    s.ciHigh = quantile(0.975);
    return s;
}

double freedmanDiaconisWidth(std::span<const double> values) {
    std::vector<double> sorted;
    for (double v : values)
        if (std::isfinite(v)) sorted.push_back(v);
    if (sorted.size() < 2) return 0;
    std::sort(sorted.begin(), sorted.end());
    auto quantile = [&](double p) {
        const double h = double(sorted.size() - 1) * p;
        const std::size_t i = std::size_t(std::floor(h));
        const double above = sorted[std::min(i + 1, sorted.size() - 1)];
        return sorted[i] + (h - double(i)) * (above - sorted[i]);
    };
    return 2.0 * (quantile(0.75) - quantile(0.25)) / std::cbrt(double(sorted.size()));
}

double pearson(std::span<const double> a, std::span<const double> b) {
    const std::size_t size = std::min(a.size(), b.size());
    const auto both = [&](std::size_t k) { return !std::isnan(a[k]) && !std::isnan(b[k]); };
    double ma = 0, mb = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < size; ++k)
        if (both(k)) ma += a[k], mb += b[k], ++n;
    if (n < 3) return std::numeric_limits<double>::quiet_NaN();
    ma /= double(n);
    mb /= double(n);
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t k = 0; k < size; ++k)
        if (both(k)) {
            sab += (a[k] - ma) * (b[k] - mb);
            saa += (a[k] - ma) * (a[k] - ma);
            sbb += (b[k] - mb) * (b[k] - mb);
        }
    return sab / std::sqrt(saa * sbb);
}

} // namespace flicker
