// Units matching a range of words (see range_match.h).
#include "study/range_match.h"

#include "error.h"
#include "signal/dfa.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace flicker {

std::vector<RangeMatch> matchUnitsToRange(std::span<const float> values, std::size_t steps,
                                          std::size_t units, std::size_t begin, std::size_t end) {
    if (values.size() != steps * units)
        throw Error(ErrorCode::InvalidArgument, "range match: " + std::to_string(values.size()) +
                                                    " values for " + std::to_string(steps) +
                                                    " steps × " + std::to_string(units) + " units");
    if (end > steps)
        throw Error(ErrorCode::InvalidArgument, "range match: the range ends at step " +
                                                    std::to_string(end) + ", after the " +
                                                    std::to_string(steps) + " steps analysed");
    std::vector<RangeMatch> out;
    if (begin >= end || end - begin >= steps) return out;
    const double inside = double(end - begin), outside = double(steps - (end - begin));
    for (std::size_t u = 0; u < units; ++u) {
        // Two passes (mean, then squares about it): activations of a saturated unit sit near
        // ±1 with tiny spread, where the one-pass formula loses the variance to cancellation.
        double sumIn = 0, sumAll = 0;
        for (std::size_t t = 0; t < steps; ++t) {
            const double v = values[t * units + u];
            sumAll += v;
            if (t >= begin && t < end) sumIn += v;
        }
        const double mean = sumAll / double(steps);
        double squares = 0;
        for (std::size_t t = 0; t < steps; ++t) {
            const double d = values[t * units + u] - mean;
            squares += d * d;
        }
        const double variance = squares / double(steps);
        // Silent as DFA counts it (or NaN): no score.
        if (!(variance >= kSilentVariance) || !std::isfinite(variance)) continue;
        const double sd = std::sqrt(variance);
        RangeMatch m;
        m.unit = int(u);
        m.meanInside = sumIn / inside;
        m.meanOutside = (sumAll - sumIn) / outside;
        m.score = (m.meanInside - m.meanOutside) / sd;
        out.push_back(m);
    }
    std::stable_sort(out.begin(), out.end(), [](const RangeMatch& a, const RangeMatch& b) {
        return std::abs(a.score) > std::abs(b.score); // stable: ties keep unit order
    });
    return out;
}

} // namespace flicker
