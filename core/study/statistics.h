// Summary statistics of per-review values: mean, SD, median and a bootstrap 95 % confidence
// interval of the mean (percentile method, seeded, so reruns give the same interval).
#pragma once

#include <cstdint>
#include <span>

namespace flicker {

struct Summary {
    std::size_t count = 0;
    double mean = 0;
    double sd = 0; ///< sample standard deviation (n − 1); 0 for fewer than 2 values
    double median = 0;
    double ciLow = 0; ///< bootstrap 95 % CI of the mean (equal to the mean for n < 2)
    double ciHigh = 0;
};

/// NaN values are ignored (they mark "no value", e.g. a review whose units were all silent).
Summary summarize(std::span<const double> values, std::uint64_t seed = 1, int resamples = 2000);

} // namespace flicker
