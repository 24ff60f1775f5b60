#include "signal/dfa_kernels.h"

#include "error.h"

#include <cmath>
#include <vector>

namespace flicker::detail {
namespace {

// Window starts handled with one set of prefix sums. Each block of starts gets its own sums
// over the points its windows cover, taken relative to the straight line through the block's
// end points: order-1 residuals do not change when a straight line is subtracted, and the
// sums then stay of the size of the local fluctuation, so that long or trending series lose
// no precision to cancellation (a global prefix sum of Y² over 100,000 points would).
std::size_t blockStarts(int s) {
    return std::size_t(std::max(2 * s, 64));
}

// The buffers are thread-local and reused with a block size that changes with the window size,
// so every call states the entries it needs; a guard value written right after them is checked
// once the block is done (guardsIntact), so a write past the end is caught in every build, not
// only under a sanitizer.
struct Prefix {
    static constexpr double kGuard = -1.2345678901234567e300;
    std::vector<double> y, p1, p2, pt, pa, pl;
    std::size_t used = 0; // entries the current block may touch
    void reserve(std::size_t entries) {
        if (y.size() < entries + 1)
            for (auto* v : {&y, &p1, &p2, &pt, &pa, &pl})
                v->resize(entries + 1);
        used = entries;
        for (auto* v : {&y, &p1, &p2, &pt, &pa, &pl})
            (*v)[entries] = kGuard;
    }
    bool guardsIntact() const {
        for (const auto* v : {&y, &p1, &p2, &pt, &pa, &pl})
            if ((*v)[used] != kGuard) return false;
        return true;
    }
};

// Builds the block's prefix sums over the m points Y[0 … m−1]: entry k holds the sum over
// points 0 … k−1 of y, y², t·y, (−1)^t y and y_t·y_{t+1} (the last over pairs inside the block).
// Entries 0 … m of every array are written (m + 1 of them: y[m] is the zero pad).
void buildPrefix(Prefix& P, const double* Y, std::size_t m) {
    P.reserve(m + 1);
    double* __restrict y = P.y.data();
    const double y0 = Y[0], slope = m > 1 ? (Y[m - 1] - Y[0]) / double(m - 1) : 0.0;
    const int mi = int(m);
    for (int t = 0; t < mi; ++t) // int index: its conversion to double vectorises
        y[t] = Y[t] - (y0 + slope * double(t));
    y[m] = 0; // so that the lag-1 product of the last point adds nothing
    double* __restrict p1 = P.p1.data();
    double* __restrict p2 = P.p2.data();
    double* __restrict pt = P.pt.data();
    double* __restrict pa = P.pa.data();
    double* __restrict pl = P.pl.data();
    double s1 = 0, s2 = 0, st = 0, sa = 0, sl = 0;
    p1[0] = p2[0] = pt[0] = pa[0] = pl[0] = 0;
    std::size_t t = 0;
    double tt = 0;                        // t as a double, counted along
    for (; t + 2 <= m; t += 2, tt += 2) { // two points a turn: the alternating sign is fixed
        const double u = y[t], v = y[t + 1], w = y[t + 2];
        s1 += u;
        s2 += u * u;
        st += tt * u;
        sa += u;
        sl += u * v;
        p1[t + 1] = s1;
        p2[t + 1] = s2;
        pt[t + 1] = st;
        pa[t + 1] = sa;
        pl[t + 1] = sl;
        s1 += v;
        s2 += v * v;
        st += (tt + 1) * v;
        sa -= v;
        sl += (t + 2 < m) ? v * w : 0.0;
        p1[t + 2] = s1;
        p2[t + 2] = s2;
        pt[t + 2] = st;
        pa[t + 2] = sa;
        pl[t + 2] = sl;
    }
    if (t < m) {
        const double u = y[t];
        p1[t + 1] = s1 + u;
        p2[t + 1] = s2 + u * u;
        pt[t + 1] = st + double(t) * u;
        pa[t + 1] = sa + u;
        pl[t + 1] = sl;
    }
}

} // namespace

namespace {

// Everything about a scale that does not depend on the window.
struct UdfaScale {
    double s, c, invS, invU2, altSum, altU, adjU, altSign, k1, k2, linearLimit;
    explicit UdfaScale(int scale, double seriesVariance) {
        s = scale;
        c = (s - 1) / 2;                        // window time u_j = j − c, centred
        const double U2 = s * (s * s - 1) / 12; // Σ u_j²
        invS = 1 / s;
        invU2 = 1 / U2;
        altSum = (scale & 1) ? 1.0 : 0.0;             // Σ (−1)^j
        const double altJ = (scale & 1) ? c : -s / 2; // Σ (−1)^j j
        altU = altJ - c * altSum;                     // Σ (−1)^j u_j
        adjU = U2 - c * c - c;                        // Σ_{j<s−1} u_j u_{j+1}
        altSign = (scale & 1) ? 1.0 : -1.0;           // (−1)^(s+1)
        // f_m = (ρA* + ρB*)(1 − 1/2s) v⁺ rearranged as k1 (2s v⁺ + c⁺v⁺ + c⁻v⁺) + k2 v⁺.
        k1 = (1 - 1 / (2 * s)) * (1 + 3 / (2 * s)) / (2 * s - 1);
        k2 = (1 - 1 / (2 * s)) / s;
        linearLimit = kLinearWindowTolerance * seriesVariance;
    }
};

// f_m of windows starting at local positions 0 … count−1 of one block's prefix sums, written
// to out[]; returns the number of exactly linear windows. Branch-free so that the compiler
// vectorises it; compiled for AVX-512, AVX2 and the baseline, picked at load time. Without
// FMA contraction (ISO C++ mode) every variant rounds exactly like the scalar code.
__attribute__((target_clones("avx512f", "avx2", "default"))) std::size_t
udfaWindows(const double* __restrict p1, const double* __restrict p2, const double* __restrict pt,
            const double* __restrict pa, const double* __restrict pl, const double* __restrict y,
            std::size_t count, int scale, const UdfaScale& k, double* __restrict out) {
    const double s = k.s, c = k.c, invS = k.invS, invU2 = k.invU2, altSum = k.altSum;
    const double altU = k.altU, adjU = k.adjU, altSign = k.altSign, k1 = k.k1, k2 = k.k2;
    const double limit = k.linearLimit;
    int linear = 0;
    const int n = int(count); // int indices: their conversion to double vectorises
    for (int r = 0; r < n; ++r) {
        const int e = r + scale;
        const double Sy = p1[e] - p1[r];
        const double Syy = p2[e] - p2[r];
        const double Suy = (pt[e] - pt[r]) - (double(r) + c) * Sy;
        const double sign = double(1 - 2 * (r & 1));
        const double Sa = sign * (pa[e] - pa[r]);
        const double Syy1 = pl[e - 1] - pl[r];
        const double y0 = y[r], yl = y[e - 1];
        const double a = Sy * invS, b = Suy * invU2;
        const double S2 = Syy - a * Sy - b * Suy;
        const double e0 = y0 - a + b * c, eL = yl - a - b * c;
        const double A = Sa - a * altSum - b * altU;
        const double L = Syy1 - a * (2 * Sy - y0 - yl) - b * (2 * Suy + (c + 1) * (y0 - yl)) +
                         (s - 1) * a * a + b * b * adjU;
        const double vp = S2 * invS; // m⁺ = 0: order-1 residuals sum to zero
        const double mm = A * invS, vm = vp - mm * mm;
        const double nm = -L + mm * (e0 + altSign * eL - mm * (s + 1));
        const double cpv = std::min(std::max(L, -s * vp), s * vp); // c⁺ v⁺, |c⁺| ≤ s
        // c⁻ v⁺, |c⁻| ≤ s; 0 where v⁻ = 0 (the mask keeps the loop free of branches)
        const double vmMask = vm > 0 ? 1.0 : 0.0;
        const double q = nm / std::max(vm, 1e-300);
        const double cmv = vmMask * std::min(std::max(q, -s), s) * vp;
        const double f = k1 * (2 * s * vp + cpv + cmv) + k2 * vp;
        const double liveMask = vp > limit ? 1.0 : 0.0;
        out[r] = liveMask * f;
        linear += vp > limit ? 0 : 1;
    }
    return std::size_t(linear);
}

// Sum with four interleaved accumulators: fast, and the same order on every machine.
double sumOf(const double* x, std::size_t n) {
    double acc[4] = {0, 0, 0, 0};
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int j = 0; j < 4; ++j)
            acc[j] += x[i + j];
    for (; i < n; ++i)
        acc[0] += x[i];
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

} // namespace

ScaleFluctuation udfaOrder1(std::span<const double> profile, int scale, double seriesVariance) {
    const std::size_t n = profile.size(), su = std::size_t(scale);
    const std::size_t windows = n - su + 1;
    const UdfaScale k(scale, seriesVariance);
    thread_local Prefix P;
    thread_local std::vector<double> f;
    double total = 0;
    std::size_t linear = 0;
    const std::size_t block = blockStarts(scale);
    f.resize(block);
    for (std::size_t b0 = 0; b0 < windows; b0 += block) {
        const std::size_t count = std::min(windows, b0 + block) - b0;
        buildPrefix(P, profile.data() + b0, count + su - 1);
        linear += udfaWindows(P.p1.data(), P.p2.data(), P.pt.data(), P.pa.data(), P.pl.data(),
                              P.y.data(), count, scale, k, f.data());
        total += sumOf(f.data(), count);
        if (!P.guardsIntact())
            throw Error(ErrorCode::Internal, "UDFA: a prefix-sum buffer was written past its end");
    }
    const double meanF = total / double(windows);
    return {std::sqrt(std::max(0.0, std::sqrt((k.s - 1) / k.s) * meanF)), linear};
}

namespace {
// Residual sum of squares of an order-1 fit to y[0 … s−1], computed on y − y[0].
double windowResidual(const double* y, int scale) {
    const double s = scale, c = (s - 1) / 2, U2 = s * (s * s - 1) / 12;
    double Sy = 0, Syy = 0, Suy = 0;
    for (int j = 0; j < scale; ++j) {
        const double v = y[j] - y[0];
        Sy += v;
        Syy += v * v;
        Suy += (double(j) - c) * v;
    }
    return std::max(0.0, Syy - Sy * Sy / s - Suy * Suy / U2);
}
} // namespace

ScaleFluctuation dfaOrder1(std::span<const double> profile, int scale, bool bothEnds) {
    const std::size_t n = profile.size(), su = std::size_t(scale);
    const std::size_t windows = n / su;
    double total = 0;
    for (std::size_t w = 0; w < windows; ++w)
        total += windowResidual(profile.data() + w * su, scale);
    std::size_t count = windows;
    if (bothEnds) {
        for (std::size_t w = 0; w < windows; ++w)
            total += windowResidual(profile.data() + n - (w + 1) * su, scale);
        count *= 2;
    }
    return {std::sqrt(total / (double(count) * scale)), 0};
}

namespace {
// Orthonormal basis of polynomials of degree ≤ order on j = 0 … s−1 (modified Gram–Schmidt on
// centred, scaled time), stored basis[k * s + j].
std::vector<double> polynomialBasis(int s, int order) {
    std::vector<double> q(std::size_t(order + 1) * s);
    const double c = (s - 1) / 2.0, half = std::max(1.0, c);
    for (int k = 0; k <= order; ++k) {
        double* qk = &q[std::size_t(k) * s];
        for (int j = 0; j < s; ++j)
            qk[j] = std::pow((j - c) / half, k);
        for (int pass = 0; pass < 2; ++pass) { // twice is enough for orthogonality to rounding
            for (int i = 0; i < k; ++i) {
                const double* qi = &q[std::size_t(i) * s];
                double dot = 0;
                for (int j = 0; j < s; ++j)
                    dot += qi[j] * qk[j];
                for (int j = 0; j < s; ++j)
                    qk[j] -= dot * qi[j];
            }
        }
        double norm = 0;
        for (int j = 0; j < s; ++j)
            norm += qk[j] * qk[j];
        norm = std::sqrt(norm);
        for (int j = 0; j < s; ++j)
            qk[j] /= norm;
    }
    return q;
}

// Residuals of window y[0 … s−1] after removing its projection on the basis.
void residuals(const double* y, int s, int order, const std::vector<double>& q, double* e) {
    for (int j = 0; j < s; ++j)
        e[j] = y[j] - y[0];
    for (int k = 0; k <= order; ++k) {
        const double* qk = &q[std::size_t(k) * s];
        double dot = 0;
        for (int j = 0; j < s; ++j)
            dot += qk[j] * e[j];
        for (int j = 0; j < s; ++j)
            e[j] -= dot * qk[j];
    }
}
} // namespace

ScaleFluctuation fluctuationDirect(std::span<const double> profile, int scale, int order,
                                   DfaMethod method, bool bothEnds, double seriesVariance,
                                   std::stop_token stop) {
    const std::size_t n = profile.size(), su = std::size_t(scale);
    const std::vector<double> q = polynomialBasis(scale, order);
    std::vector<double> e(su);
    const double s = scale;
    if (method == DfaMethod::Standard) {
        const std::size_t windows = n / su;
        double total = 0;
        std::size_t count = 0;
        auto add = [&](std::size_t start) {
            residuals(profile.data() + start, scale, order, q, e.data());
            for (double v : e)
                total += v * v;
            ++count;
        };
        for (std::size_t w = 0; w < windows; ++w)
            add(w * su);
        if (bothEnds)
            for (std::size_t w = 0; w < windows; ++w)
                add(n - (w + 1) * su);
        return {std::sqrt(total / (double(count) * s)), 0};
    }
    const std::size_t windows = n - su + 1;
    const double altSign = (scale & 1) ? 1.0 : -1.0;
    double total = 0;
    std::size_t linear = 0;
    for (std::size_t m = 0; m < windows; ++m) {
        if (m % 4096 == 0 && stop.stop_requested())
            throw Error(ErrorCode::Cancelled, "DFA cancelled");
        residuals(profile.data() + m, scale, order, q, e.data());
        double S2 = 0, S1 = 0, A = 0, L = 0;
        for (std::size_t j = 0; j < su; ++j) {
            S2 += e[j] * e[j];
            S1 += e[j];
            A += (j & 1) ? -e[j] : e[j];
            if (j + 1 < su) L += e[j] * e[j + 1];
        }
        if (S2 / s - (S1 / s) * (S1 / s) <= kLinearWindowTolerance * seriesVariance) {
            ++linear;
            continue;
        }
        total += udfaWindow(s, S2, S1, A, L, e[0], e[su - 1], altSign);
    }
    const double meanF = total / double(windows);
    return {std::sqrt(std::max(0.0, std::sqrt((s - 1) / s) * meanF)), linear};
}

} // namespace flicker::detail
