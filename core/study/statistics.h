// Summary statistics of per-review values: mean, SD, median and a bootstrap 95 % confidence
// interval of the mean (percentile method, seeded, so reruns give the same interval).
#pragma once

#include "signal/random.h"

#include <cstdint>
#include <span>

namespace flicker {

/// Resamples of the bootstrap confidence interval.
inline constexpr int kBootstrapResamples = 2000;

struct Summary {
    std::size_t count = 0;
    double mean = 0;
    double sd = 0; ///< sample standard deviation (n − 1); 0 for fewer than 2 values
    double median = 0;
    double ciLow = 0; ///< bootstrap 95 % CI of the mean (equal to the mean for n < 2)
    double ciHigh = 0;
};

/// NaN values are ignored (they mark "no value", e.g. a review whose units were all silent).
Summary summarize(std::span<const double> values, std::uint64_t seed = kDefaultSeed,
                  int resamples = kBootstrapResamples);

/// Freedman–Diaconis histogram bin width 2·IQR·n^(−1/3) of the finite values (quartiles by
/// linear interpolation of the order statistics); 0 when fewer than two finite values or no
/// spread between the quartiles.
double freedmanDiaconisWidth(std::span<const double> values);

/// Pearson's correlation of a and b over the pairs where both are numbers (a pair with a NaN
/// is left out); NaN when fewer than three pairs are left. a and b have the same length.
double pearson(std::span<const double> a, std::span<const double> b);

} // namespace flicker
