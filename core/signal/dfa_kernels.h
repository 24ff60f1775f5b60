// Private to the core: the inner loops of DFA over a profile, shared by dfa() and dfaDirect().
#pragma once

#include "signal/dfa.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <stop_token>

namespace flicker::detail {

/// What one scale's windows add up to: F(s) and the number of exactly linear windows.
struct ScaleFluctuation {
    double fluctuation = 0;
    std::size_t linearWindows = 0;
};

/// UDFA's per-window fluctuation f_m from the window's residual sums (science.md step 5).
/// The correlation sums c± are clamped to [−s, s], their exact mathematical range
/// (Cauchy–Schwarz), so rounding in a nearly degenerate window cannot blow up.
inline double udfaWindow(double s, double S2, double S1, double A, double L, double e0,
                         double eLast, double altSign /* (−1)^(s+1) */) {
    const double mp = S1 / s, vp = S2 / s - mp * mp;
    const double mm = A / s, vm = S2 / s - mm * mm;
    const double np = L + mp * (e0 + eLast - mp * (s + 1));
    const double nm = -L + mm * (e0 + altSign * eLast - mm * (s + 1));
    const double cp = vp > 0 ? std::clamp(np / vp, -s, s) : 0.0;
    const double cm = vm > 0 ? std::clamp(nm / vm, -s, s) : 0.0;
    const double rA = (s + cp) / (2 * s - 1), rB = (s + cm) / (2 * s - 1);
    const double rAs = rA + (1 + 3 * rA) / (2 * s), rBs = rB + (1 + 3 * rB) / (2 * s);
    return (rAs + rBs) * (1 - 1 / (2 * s)) * vp;
}

/// A window counts as exactly linear (zero fluctuation, science.md step 8) when its residual
/// variance is below this fraction of the whole series' variance: far below any real
/// fluctuation, far above the rounding left by an exactly straight profile.
inline constexpr double kLinearWindowTolerance = 1e-9;

/// Series analysed side by side by the batch kernel: one AVX-512 register of doubles.
inline constexpr std::size_t kDfaLanes = 8;
/// Step t of kDfaLanes series (lane l = series l of the group), aligned for the vector unit.
struct alignas(64) LaneBlock {
    double v[kDfaLanes];
};

/// F(s) of order-1 UDFA with sliding window sums, O(N) per scale. `profile` has N points;
/// `seriesVariance` sets the scale for the linear-window test.
ScaleFluctuation udfaOrder1(std::span<const double> profile, int s, double seriesVariance);
/// The same for kDfaLanes series at once (profile[t].v[l] = point t of series l): every lane
/// gives exactly what udfaOrder1 gives for that series alone. Writes fluctuation.v[l] and adds
/// the linear windows of series l to linearWindows[l].
void udfaOrder1Lanes(std::span<const LaneBlock> profile, int s, const LaneBlock& seriesVariance,
                     LaneBlock& fluctuation, std::array<std::size_t, kDfaLanes>& linearWindows);
/// F(s) of UDFA with detrending of order 1 … 3 from per-block prefix sums of τ^i·y, O(N) per
/// scale (the general form of udfaOrder1; the tests compare it with fluctuationDirect).
ScaleFluctuation udfaHigherOrder(std::span<const double> profile, int s, int order,
                                 double seriesVariance);
/// F(s) of order-1 standard DFA from per-window moment sums, O(N) per scale.
ScaleFluctuation dfaOrder1(std::span<const double> profile, int s, bool bothEnds);
/// F(s) by detrending every window explicitly with an orthonormal polynomial basis.
/// Checks `stop` every few thousand windows (Error Cancelled).
ScaleFluctuation fluctuationDirect(std::span<const double> profile, int s, int order,
                                   DfaMethod method, bool bothEnds, double seriesVariance,
                                   std::stop_token stop = {});

} // namespace flicker::detail
