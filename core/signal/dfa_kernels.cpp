#include "signal/dfa_kernels.h"

#include <cmath>
#include <vector>

namespace flicker::detail {
namespace {

// Window starts handled with one set of prefix sums. Each block of starts gets its own sums
// over the points its windows cover, taken relative to the straight line through the block's
// end points: order-1 residuals do not change when a straight line is subtracted, and the
// sums then stay of the size of the local fluctuation, so that long or trending series lose
// no precision to cancellation (a global prefix sum of Y² over 100,000 points would).
std::size_t blockStarts(int s) { return std::size_t(std::max(2 * s, 32)); }

struct Prefix {
    std::vector<double> y, p1, p2, pt, pa, pl;
    void resize(std::size_t m) {
        y.resize(m);
        p1.resize(m + 1);
        p2.resize(m + 1);
        pt.resize(m + 1);
        pa.resize(m + 1);
        pl.resize(m + 1);
    }
};

// Builds the block's prefix sums over m points starting at `first`.
void buildPrefix(Prefix& P, const double* Y, std::size_t m) {
    P.resize(m);
    const double y0 = Y[0], slope = m > 1 ? (Y[m - 1] - Y[0]) / double(m - 1) : 0.0;
    for (std::size_t t = 0; t < m; ++t)
        P.y[t] = Y[t] - (y0 + slope * double(t));
    double s1 = 0, s2 = 0, st = 0, sa = 0, sl = 0;
    P.p1[0] = P.p2[0] = P.pt[0] = P.pa[0] = P.pl[0] = 0;
    for (std::size_t t = 0; t < m; ++t) {
        const double v = P.y[t];
        s1 += v;
        s2 += v * v;
        st += double(t) * v;
        sa += (t & 1) ? -v : v;
        if (t + 1 < m) sl += v * P.y[t + 1];
        P.p1[t + 1] = s1;
        P.p2[t + 1] = s2;
        P.pt[t + 1] = st;
        P.pa[t + 1] = sa;
        P.pl[t + 1] = sl;
    }
}

} // namespace

ScaleFluctuation udfaOrder1(std::span<const double> profile, int scale, double seriesVariance) {
    const std::size_t n = profile.size(), su = std::size_t(scale);
    const std::size_t windows = n - su + 1;
    const double s = scale;
    const double c = (s - 1) / 2;                   // window time u_j = j − c, centred
    const double U2 = s * (s * s - 1) / 12;         // Σ u_j²
    const double altSum = (scale & 1) ? 1.0 : 0.0;  // Σ (−1)^j
    const double altJ = (scale & 1) ? c : -s / 2;   // Σ (−1)^j j
    const double altU = altJ - c * altSum;          // Σ (−1)^j u_j
    const double adjU = U2 - c * c - c;             // Σ_{j<s−1} u_j u_{j+1}
    const double altSign = (scale & 1) ? 1.0 : -1.0; // (−1)^(s+1)
    const double linearLimit = kLinearWindowTolerance * seriesVariance;

    thread_local Prefix P;
    double total = 0;
    std::size_t linear = 0;
    const std::size_t block = blockStarts(scale);
    for (std::size_t b0 = 0; b0 < windows; b0 += block) {
        const std::size_t b1 = std::min(windows, b0 + block);
        buildPrefix(P, profile.data() + b0, b1 - b0 + su - 1);
        const double* p1 = P.p1.data();
        const double* p2 = P.p2.data();
        const double* pt = P.pt.data();
        const double* pa = P.pa.data();
        const double* pl = P.pl.data();
        const double* y = P.y.data();
        for (std::size_t r = 0; r < b1 - b0; ++r) {
            const std::size_t e = r + su;
            const double Sy = p1[e] - p1[r];
            const double Syy = p2[e] - p2[r];
            const double Suy = (pt[e] - pt[r]) - (double(r) + c) * Sy;
            const double Sa = (r & 1) ? -(pa[e] - pa[r]) : (pa[e] - pa[r]);
            const double Syy1 = pl[e - 1] - pl[r];
            const double y0 = y[r], yl = y[e - 1];
            const double a = Sy / s, bb = Suy / U2;
            const double S2 = Syy - a * Sy - bb * Suy;
            const double e0 = y0 - a + bb * c, eL = yl - a - bb * c;
            const double A = Sa - a * altSum - bb * altU;
            const double L = Syy1 - (a * (Sy - y0) + bb * (Suy + c * y0 - (Sy - y0))) -
                             (a * (Sy - yl) + bb * (Suy - c * yl + Sy - yl)) +
                             (s - 1) * a * a + bb * bb * adjU;
            if (S2 / s <= linearLimit) {
                ++linear;
                continue;
            }
            // Order-1 residuals sum to zero exactly, so S1 = 0.
            total += udfaWindow(s, S2, 0.0, A, L, e0, eL, altSign);
        }
    }
    const double meanF = total / double(windows);
    return {std::sqrt(std::max(0.0, std::sqrt((s - 1) / s) * meanF)), linear};
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
                                   DfaMethod method, bool bothEnds, double seriesVariance) {
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
