#include "signal/dfa_kernels.h"

#include "error.h"

#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace flicker::detail {
namespace {

// Window starts handled together. Each block of starts is detrended by the straight line through
// its end points first: order-p residuals do not change when a polynomial of degree ≤ p is
// subtracted, and the running sums then stay of the size of the local fluctuation, so that long
// or trending series lose no precision to cancellation (sums over the raw profile of 100,000
// points would). The sums restart in every block, so their rounding cannot pile up either.
std::size_t blockStarts(int s) {
    return std::size_t(std::max(2 * s, 64));
}

// kDfaLanes doubles in one register (one AVX-512 register; two AVX2 or four SSE2 registers where
// the machine has no AVX-512), GCC's vector extension. A lane holds either one series of a batch
// (dfaBatch) or one block of starts of a single series (dfa): both run the very same compiled
// loop, each lane's sums restart at every block, and the callers add the blocks' totals in the
// same order, so a series gives bit for bit the same F(s) either way.
typedef double Lanes __attribute__((vector_size(kDfaLanes * sizeof(double)), may_alias));
static_assert(sizeof(Lanes) == sizeof(LaneBlock) && alignof(Lanes) <= alignof(LaneBlock));

// Everything about a scale that does not depend on the window.
struct UdfaScale {
    double s, c, invS, invU2, halfS, twoC, sMinusC, sPlus1, cPlus1, kappa, k1, kS2;
    explicit UdfaScale(int scale) {
        s = scale;
        c = (s - 1) / 2;                        // window time u_j = j − c, centred
        const double U2 = s * (s * s - 1) / 12; // Σ u_j²
        invS = 1 / s;
        invU2 = 1 / U2;
        halfS = s / 2;
        twoC = 2 * c;
        sMinusC = s - c;
        sPlus1 = s + 1;
        cPlus1 = c + 1;
        kappa = (U2 - c * c - c) - 2 * U2; // Σ_{j<s−1} u_j u_{j+1} − 2 Σ u_j²
        // f_m = (ρA* + ρB*)(1 − 1/2s) v⁺ = k1 (2s v⁺ + c⁺v⁺ + c⁻v⁺) + k2 v⁺, with S2 = s v⁺:
        // f_m = kS2 S2 + k1 (c⁺v⁺ + c⁻v⁺).
        k1 = (1 - 1 / (2 * s)) * (1 + 3 / (2 * s)) / (2 * s - 1);
        const double k2 = (1 - 1 / (2 * s)) / s;
        kS2 = 2 * k1 + k2 / s;
    }
};

// One pass over kDfaLanes blocks side by side: lane l's block has points Y[0 … m_l − 1].v[l]
// and window starts 0 … count_l − 1 (count_l = counts.v[l] ≤ count, m_l = count_l + s − 1;
// end.v[l] = Y[m_l − 1].v[l]; Y holds m = count + s − 1 points, beyond m_l anything finite).
struct BlockPass {
    int scale = 0, count = 0;
    bool ragged = true;           // false: every count_l = count (the loop then skips the test)
    LaneBlock end, counts, limit; // limit: s × the linear-window limit of the lane's series
};

// The block is first detrended by the straight line through its end points. The window sums
// (y, y², u·y, (−1)^j y, y_j y_{j+1}) then slide along it, one point in and one out per window,
// and each window's f_m follows from them in closed form (order-1 residuals e_j = y_j − a − b u_j):
//   S2 = Σ e² = Syy − a Sy − b Suy        (S1 = Σ e = 0, so m⁺ = 0 and v⁺ = S2 / s)
//   A = Σ (−1)^j e_j,  L = Σ e_j e_{j+1},  e_0 + (−1)^(s+1) e_{s−1}
// The block's f_m are summed into total where S2 > limit, else `linear` counts the window.
// No branch and no call inside: the compiler keeps everything in registers.
template <bool Odd, bool Ragged>
[[gnu::always_inline]] inline void udfaBlock(const Lanes* __restrict Y, Lanes* __restrict y,
                                             const BlockPass& pass, const UdfaScale& k,
                                             Lanes& total, Lanes& linear) {
    using V = Lanes;
    const int scale = pass.scale, count = pass.count, m = count + scale - 1;
    const V zero = V{}, one = zero + 1.0, minusOne = zero - 1.0;
    const V infinite = zero + std::numeric_limits<double>::infinity();
    const V& counts = *reinterpret_cast<const V*>(&pass.counts);
    const V& limit = *reinterpret_cast<const V*>(&pass.limit);
    const V anchor = Y[0];
    const V slope =
        (*reinterpret_cast<const V*>(&pass.end) - anchor) / (counts + double(scale - 2));
    for (int t = 0; t < m; ++t)
        y[t] = Y[t] - (anchor + slope * double(t));
    V Sy = zero, Syy = zero, Suy = zero, A = zero, L = zero;
    for (int j = 0; j < scale; ++j) {
        const V v = y[j];
        Sy += v;
        Syy += v * v;
        Suy += (double(j) - k.c) * v;
        A += (j & 1) ? zero - v : v;
    }
    for (int j = 0; j + 1 < scale; ++j)
        L += y[j] * y[j + 1];
    V tot = zero, lin = zero, start = zero;
    for (int r = 0;; ++r) {
        const V first = y[r], last = y[r + scale - 1];
        const V a = Sy * k.invS, b = Suy * k.invU2;
        const V S2 = Syy - a * Sy - b * Suy;
        const V sum = first + last, diff = first - last;
        V Ar, ePair; // A of the residuals; e_0 + (−1)^(s+1) e_{s−1}
        if constexpr (Odd) {
            Ar = A - a;
            ePair = sum - 2.0 * a;
        } else {
            Ar = A + b * k.halfS;
            ePair = diff + k.twoC * b;
        }
        const V mm = Ar * k.invS;  // m⁻
        const V Vm = S2 - mm * Ar; // s v⁻
        const V Lr = L + a * (sum - k.sPlus1 * a) + b * (k.kappa * b - k.cPlus1 * diff);
        const V nm = mm * (ePair - k.sPlus1 * mm) - Lr; // c⁻ v⁻
        const V negS2 = zero - S2;
        V cp = Lr > negS2 ? Lr : negS2; // c⁺ v⁺ = L, clamped to |c⁺| ≤ s
        cp = cp < S2 ? cp : S2;
        V q = nm / Vm; // c⁻ / s, clamped to [−1, 1]; where v⁻ = 0 the mask below drops it
        q = q > minusOne ? q : minusOne;
        q = q < one ? q : one;
        const V cm = Vm > zero ? q * S2 : zero; // c⁻ v⁺
        const V f = k.kS2 * S2 + k.k1 * (cp + cm);
        // Past the lane's last start the limit is infinite: nothing is added there, and the
        // caller takes those windows off the linear count.
        V lim = limit;
        if constexpr (Ragged) lim = start < counts ? limit : infinite;
        tot += S2 > lim ? f : zero;
        lin += S2 > lim ? zero : one;
        if (r + 1 == count) break;
        if constexpr (Ragged) start += one;
        const V in = y[r + scale], next = y[r + 1];
        Sy += in - first;
        Suy += k.c * first + k.sMinusC * in - Sy;
        Syy += in * in - first * first;
        if constexpr (Odd)
            A = first - A + in;
        else
            A = first - A - in;
        L += last * in - first * next;
    }
    total = tot;
    linear = lin;
}

// Compiled for AVX-512, AVX2 and the baseline, picked at load time. y is scratch for
// count + s − 1 points.
__attribute__((target_clones("avx512f", "avx2", "default"))) void
udfaBlocks(const LaneBlock* Y, LaneBlock* y, const BlockPass& pass, LaneBlock& total,
           LaneBlock& linear) {
    const UdfaScale k(pass.scale);
    const auto* Yv = reinterpret_cast<const Lanes*>(Y);
    auto* yv = reinterpret_cast<Lanes*>(y);
    auto& tv = *reinterpret_cast<Lanes*>(&total);
    auto& lv = *reinterpret_cast<Lanes*>(&linear);
    const bool ragged = pass.ragged;
    if (pass.scale & 1) {
        if (ragged)
            udfaBlock<true, true>(Yv, yv, pass, k, tv, lv);
        else
            udfaBlock<true, false>(Yv, yv, pass, k, tv, lv);
    } else {
        if (ragged)
            udfaBlock<false, true>(Yv, yv, pass, k, tv, lv);
        else
            udfaBlock<false, false>(Yv, yv, pass, k, tv, lv);
    }
}

// Scratch reused per thread; a guard value written right after the entries a pass may use is
// checked once it is done, so that a write past the end is caught in every build, not only under
// a sanitizer.
struct Scratch {
    static constexpr double kGuard = -1.2345678901234567e300;
    std::vector<LaneBlock> data;
    std::size_t used = 0;
    LaneBlock* reserve(std::size_t entries) {
        used = entries;
        if (data.size() < used + 1) data.resize(used + 1);
        data[used].v[0] = kGuard;
        return data.data();
    }
    void check() const {
        if (data[used].v[0] != kGuard)
            throw Error(ErrorCode::Internal, "UDFA: a scratch buffer was written past its end");
    }
};

double udfaFluctuation(int scale, std::size_t windows, double total) {
    const double s = scale;
    const double meanF = total / double(windows);
    return std::sqrt(std::max(0.0, std::sqrt((s - 1) / s) * meanF));
}

} // namespace

ScaleFluctuation udfaOrder1(std::span<const double> profile, int scale, double seriesVariance) {
    // Lane l takes block b + l: its points are copied side by side, then one pass does them all.
    constexpr std::size_t W = kDfaLanes;
    thread_local Scratch points, work;
    const std::size_t n = profile.size(), su = std::size_t(scale), windows = n - su + 1;
    const std::size_t block = blockStarts(scale), blocks = (windows + block - 1) / block;
    const double limit = double(scale) * (kLinearWindowTolerance * seriesVariance);
    double total = 0;
    std::size_t linear = 0;
    for (std::size_t b = 0; b < blocks; b += W) {
        const std::size_t lanes = std::min(W, blocks - b);
        BlockPass pass;
        pass.scale = scale;
        pass.count = int(std::min(block, windows - b * block));
        const std::size_t m = std::size_t(pass.count) + su - 1;
        LaneBlock* Y = points.reserve(m);
        LaneBlock* y = work.reserve(m);
        for (std::size_t l = 0; l < W; ++l) {
            const std::size_t b0 = (b + l) * block;
            const std::size_t count = l < lanes ? std::min(block, windows - b0) : 0;
            const std::size_t ml = count > 0 ? count + su - 1 : 0;
            for (std::size_t t = 0; t < m; ++t)
                Y[t].v[l] = t < ml ? profile[b0 + t] : 0.0;
            pass.counts.v[l] = double(count);
            pass.end.v[l] = ml > 0 ? profile[b0 + ml - 1] : 0.0;
            pass.limit.v[l] = limit;
        }
        LaneBlock blockTotal, blockLinear;
        udfaBlocks(Y, y, pass, blockTotal, blockLinear);
        points.check();
        work.check();
        for (std::size_t l = 0; l < lanes; ++l) {
            total += blockTotal.v[l];
            linear += std::size_t(blockLinear.v[l] - (pass.count - pass.counts.v[l]));
        }
    }
    return {udfaFluctuation(scale, windows, total), linear};
}

void udfaOrder1Lanes(std::span<const LaneBlock> profile, int scale, const LaneBlock& variance,
                     LaneBlock& fluctuation, std::array<std::size_t, kDfaLanes>& linearWindows) {
    thread_local Scratch work;
    const std::size_t n = profile.size(), su = std::size_t(scale), windows = n - su + 1;
    const std::size_t block = blockStarts(scale);
    BlockPass pass;
    pass.scale = scale;
    for (std::size_t l = 0; l < kDfaLanes; ++l)
        pass.limit.v[l] = double(scale) * (kLinearWindowTolerance * variance.v[l]);
    double total[kDfaLanes] = {};
    for (std::size_t b0 = 0; b0 < windows; b0 += block) {
        const std::size_t count = std::min(block, windows - b0), m = count + su - 1;
        pass.count = int(count);
        pass.ragged = false;
        for (std::size_t l = 0; l < kDfaLanes; ++l) {
            pass.counts.v[l] = double(count);
            pass.end.v[l] = profile[b0 + m - 1].v[l];
        }
        LaneBlock* y = work.reserve(m);
        LaneBlock blockTotal, blockLinear;
        udfaBlocks(profile.data() + b0, y, pass, blockTotal, blockLinear);
        work.check();
        for (std::size_t l = 0; l < kDfaLanes; ++l) {
            total[l] += blockTotal.v[l];
            linearWindows[l] += std::size_t(blockLinear.v[l]);
        }
    }
    for (std::size_t l = 0; l < kDfaLanes; ++l)
        fluctuation.v[l] = udfaFluctuation(scale, windows, total[l]);
}

namespace {

// Orthonormal polynomials of degree ≤ order on the window j = 0 … s−1, as coefficients of
// z = (j − c) / h (c the window's centre, h = max(1, c)), with the constants that turn the
// window's moments Σ z^i y into UDFA's residual sums (see udfaHigherOrder).
struct PolynomialWindow {
    static constexpr int kMax = 4; // order 3: four polynomials
    int terms = 0;
    double c = 0, h = 1;
    double coef[kMax][kMax] = {};               // q_k(z) = Σ_i coef[k][i] z^i
    double first[kMax] = {}, last[kMax] = {};   // q_k at j = 0 and j = s−1
    double before[kMax] = {}, after[kMax] = {}; // q_k at j = −1 and j = s
    double alt[kMax] = {};                      // Σ_j (−1)^j q_k(j)
    double lag[kMax][kMax] =
        {}; // L = Σ y_j y_{j+1} + cᵀ lag c + y_0 (c·before) + y_{s−1} (c·after)

    double at(int k, double j) const {
        const double z = (j - c) / h;
        double v = 0;
        for (int i = terms - 1; i >= 0; --i)
            v = v * z + coef[k][i];
        return v;
    }

    PolynomialWindow(int s, int order) {
        terms = order + 1;
        c = (s - 1) / 2.0;
        h = std::max(1.0, c);
        const std::size_t su = std::size_t(s);
        std::vector<double> q(std::size_t(terms) * su);
        // Modified Gram–Schmidt on the monomials z^k, twice, carrying the coefficients along.
        for (int k = 0; k < terms; ++k) {
            double* qk = &q[std::size_t(k) * su];
            for (std::size_t j = 0; j < su; ++j)
                qk[j] = std::pow((double(j) - c) / h, k);
            coef[k][k] = 1;
            for (int pass = 0; pass < 2; ++pass)
                for (int i = 0; i < k; ++i) {
                    const double* qi = &q[std::size_t(i) * su];
                    double dot = 0;
                    for (std::size_t j = 0; j < su; ++j)
                        dot += qi[j] * qk[j];
                    for (std::size_t j = 0; j < su; ++j)
                        qk[j] -= dot * qi[j];
                    for (int d = 0; d < terms; ++d)
                        coef[k][d] -= dot * coef[i][d];
                }
            double norm = 0;
            for (std::size_t j = 0; j < su; ++j)
                norm += qk[j] * qk[j];
            norm = std::sqrt(norm);
            for (std::size_t j = 0; j < su; ++j)
                qk[j] /= norm;
            for (int d = 0; d < terms; ++d)
                coef[k][d] /= norm;
        }
        // Σ_{j<s−1} e_j e_{j+1} with e = y − Σ c_k q_k. The cross terms need
        // Σ_{j<s−1} q_k(j) y_{j+1} = Σ_j q_k(j−1) y_j − q_k(−1) y_0 and
        // Σ_{j<s−1} q_k(j+1) y_j = Σ_j q_k(j+1) y_j − q_k(s) y_{s−1}; q_k(j ± 1) is a
        // polynomial of degree k, so Σ_j q_k(j ± 1) y_j = Σ_l ⟨q_k(· ± 1), q_l⟩ c_l exactly.
        for (int k = 0; k < terms; ++k) {
            const double* qk = &q[std::size_t(k) * su];
            first[k] = qk[0];
            last[k] = qk[su - 1];
            before[k] = at(k, -1);
            after[k] = at(k, double(s));
            double sa = 0;
            for (std::size_t j = 0; j < su; ++j)
                sa += (j & 1) ? -qk[j] : qk[j];
            alt[k] = sa;
        }
        for (int k = 0; k < terms; ++k)
            for (int l = 0; l < terms; ++l) {
                const double* qk = &q[std::size_t(k) * su];
                const double* ql = &q[std::size_t(l) * su];
                double pair = 0, shifted = 0; // Σ q_k(j) q_l(j+1); Σ (q_k(j−1) + q_k(j+1)) q_l(j)
                for (std::size_t j = 0; j + 1 < su; ++j)
                    pair += qk[j] * ql[j + 1];
                for (std::size_t j = 0; j < su; ++j) {
                    const double down = j > 0 ? qk[j - 1] : before[k];
                    const double up = j + 1 < su ? qk[j + 1] : after[k];
                    shifted += (down + up) * ql[j];
                }
                lag[k][l] = pair - shifted;
            }
        for (int k = 0; k < terms; ++k) // only the symmetric part counts in cᵀ lag c
            for (int l = 0; l < k; ++l)
                lag[k][l] = lag[l][k] = (lag[k][l] + lag[l][k]) / 2;
    }
};

} // namespace

ScaleFluctuation udfaHigherOrder(std::span<const double> profile, int scale, int order,
                                 double seriesVariance) {
    if (order < 1 || order > 3) throw Error(ErrorCode::InvalidArgument, "UDFA: order 1 … 3");
    const PolynomialWindow w(scale, order);
    const int terms = w.terms;
    const std::size_t n = profile.size(), su = std::size_t(scale);
    // Blocks of 2s starts: the residuals of a fit of order 2 or 3 can be tiny beside the profile's
    // curvature over a block, so the block stays within a few windows.
    const std::size_t windows = n - su + 1, block = 2 * su;
    const double s = scale, altSign = (scale & 1) ? 1.0 : -1.0;
    const double limit = kLinearWindowTolerance * seriesVariance;
    // Per block: the detrended points and their prefix sums (entry t: points 0 … t−1) of
    // τ^i y (τ = (t − centre) / h, i ≤ order), y², (−1)^t y and y_t y_{t+1}.
    thread_local std::vector<double> y, py[4], p2, pa, pl;
    const std::size_t most = std::min(windows, block) + su; // m + 1 entries
    for (auto* v : {&y, &py[0], &py[1], &py[2], &py[3], &p2, &pa, &pl})
        if (v->size() < most) v->resize(most);
    double total = 0;
    std::size_t linear = 0;
    for (std::size_t b0 = 0; b0 < windows; b0 += block) {
        const std::size_t count = std::min(windows, b0 + block) - b0, m = count + su - 1;
        const double* Y = profile.data() + b0;
        // Anchor: the polynomial of the detrending order through order + 1 evenly spread points
        // of the block (Newton's divided differences), which leaves every residual unchanged.
        double node[4], dd[4];
        for (int i = 0; i < terms; ++i) {
            node[i] = double((std::size_t(i) * (m - 1)) / std::size_t(order));
            dd[i] = Y[std::size_t(node[i])];
        }
        for (int j = 1; j < terms; ++j)
            for (int i = terms - 1; i >= j; --i)
                dd[i] = (dd[i] - dd[i - 1]) / (node[i] - node[i - j]);
        for (std::size_t t = 0; t < m; ++t) {
            const double tt = double(t);
            double v = dd[terms - 1];
            for (int i = terms - 2; i >= 0; --i)
                v = v * (tt - node[i]) + dd[i];
            y[t] = Y[t] - v;
        }
        const double centre = double(m - 1) / 2;
        double s1[4] = {0, 0, 0, 0}, s2 = 0, sa = 0, sl = 0;
        for (int i = 0; i < terms; ++i)
            py[i][0] = 0;
        p2[0] = pa[0] = pl[0] = 0;
        for (std::size_t t = 0; t < m; ++t) {
            const double v = y[t], tau = (double(t) - centre) / w.h;
            double power = v;
            for (int i = 0; i < terms; ++i) {
                s1[i] += power;
                py[i][t + 1] = s1[i];
                power *= tau;
            }
            s2 += v * v;
            sa += (t & 1) ? -v : v;
            if (t + 1 < m) sl += v * y[t + 1];
            p2[t + 1] = s2;
            pa[t + 1] = sa;
            pl[t + 1] = sl;
        }
        for (std::size_t r = 0; r < count; ++r) {
            const std::size_t e = r + su;
            // Moments of the window about its own centre: Σ z^i y with z = τ − shift.
            const double shift = (double(r) + w.c - centre) / w.h;
            double P[4], Z[4];
            for (int i = 0; i < terms; ++i)
                P[i] = py[i][e] - py[i][r];
            Z[0] = P[0];
            if (terms > 1) Z[1] = P[1] - shift * P[0];
            if (terms > 2) Z[2] = P[2] - 2 * shift * P[1] + shift * shift * P[0];
            if (terms > 3)
                Z[3] = P[3] - 3 * shift * P[2] + 3 * shift * shift * P[1] -
                       shift * shift * shift * P[0];
            double cf[4];
            for (int k = 0; k < terms; ++k) {
                double v = 0;
                for (int i = 0; i <= k; ++i)
                    v += w.coef[k][i] * Z[i];
                cf[k] = v;
            }
            const double y0 = y[r], yl = y[e - 1];
            double S2 = p2[e] - p2[r], A = (r & 1) ? pa[r] - pa[e] : pa[e] - pa[r];
            double L = pl[e - 1] - pl[r], e0 = y0, eL = yl;
            for (int k = 0; k < terms; ++k) {
                S2 -= cf[k] * cf[k];
                A -= cf[k] * w.alt[k];
                e0 -= cf[k] * w.first[k];
                eL -= cf[k] * w.last[k];
                L += cf[k] * (y0 * w.before[k] + yl * w.after[k]);
                for (int l = 0; l < terms; ++l)
                    L += cf[k] * w.lag[k][l] * cf[l];
            }
            if (S2 / s <= limit) {
                ++linear;
                continue;
            }
            total += udfaWindow(s, S2, 0.0, A, L, e0, eL, altSign);
        }
    }
    return {udfaFluctuation(scale, windows, total), linear};
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
