#include "dimensionality/lyapunov.h"

#include "error.h"
#include "signal/random.h"
#include "task.h"

#include <cmath>
#include <string>

namespace flicker {
namespace {

// Modified Gram–Schmidt on the k vectors of v (n values each, one after the other): v becomes
// orthonormal, r holds the norms (R's diagonal).
void orthonormalise(std::vector<double>& v, std::size_t n, std::size_t k, std::vector<double>& r) {
    for (std::size_t j = 0; j < k; ++j) {
        double* vj = v.data() + j * n;
        for (std::size_t i = 0; i < j; ++i) {
            const double* vi = v.data() + i * n;
            double dot = 0;
            for (std::size_t m = 0; m < n; ++m)
                dot += vi[m] * vj[m];
            for (std::size_t m = 0; m < n; ++m)
                vj[m] -= dot * vi[m];
        }
        double norm = 0;
        for (std::size_t m = 0; m < n; ++m)
            norm += vj[m] * vj[m];
        norm = std::sqrt(norm);
        r[j] = norm;
        if (norm > 0)
            for (std::size_t m = 0; m < n; ++m)
                vj[m] /= norm;
    }
}

// out_j = A·q_j for the k vectors q_j (A: n × n row-major).
void multiply(std::span<const double> a, std::size_t n, std::span<const double> q,
              std::span<double> out, std::size_t k) {
    for (std::size_t j = 0; j < k; ++j)
        for (std::size_t i = 0; i < n; ++i) {
            double s = 0;
            const double* ai = a.data() + i * n;
            const double* qj = q.data() + j * n;
            for (std::size_t m = 0; m < n; ++m)
                s += ai[m] * qj[m];
            out[j * n + i] = s;
        }
}

} // namespace

std::vector<double> lyapunovSpectrum(std::size_t n, const TangentStep& step,
                                     const LyapunovSettings& s, std::stop_token stop) {
    if (s.exponents == 0 || s.exponents > n || s.steps == 0)
        throw Error(ErrorCode::InvalidArgument,
                    "Lyapunov spectrum: ask for 1 … " + std::to_string(n) +
                        " exponents over at least one step (got " + std::to_string(s.exponents) +
                        " over " + std::to_string(s.steps) + ")");
    const std::size_t k = s.exponents;
    Rng rng(s.seed);
    std::vector<double> q(n * k), next(n * k), r(k), sum(k, 0.0);
    for (double& v : q)
        v = rng.normal();
    orthonormalise(q, n, k, r);
    for (std::size_t t = 0; t < s.transient + s.steps; ++t) {
        if ((t & 63) == 0) throwIfStopped(stop, "the Lyapunov spectrum was cancelled");
        step(q, next, k);
        orthonormalise(next, n, k, r);
        for (std::size_t j = 0; j < k; ++j) {
            if (!std::isfinite(r[j]))
                throw Error(ErrorCode::NonFinite,
                            "Lyapunov spectrum: a tangent vector is not finite at step " +
                                std::to_string(t + 1));
            // A tangent vector mapped to 0 (a zero Jacobian direction) has exponent −∞; it is
            // kept finite at log(1e-300) per step so that sums and plots stay numbers.
            if (t >= s.transient) sum[j] += std::log(std::max(r[j], 1e-300));
        }
        std::swap(q, next);
    }
    for (double& v : sum)
        v /= double(s.steps);
    return sum;
}

std::vector<double> linearMapLyapunov(std::span<const double> a, std::size_t n,
                                      const LyapunovSettings& s) {
    if (a.size() != n * n)
        throw Error(ErrorCode::InvalidArgument, "linear map: the matrix is not n × n");
    return lyapunovSpectrum(
        n,
        [&](std::span<const double> q, std::span<double> out, std::size_t k) {
            multiply(a, n, q, out, k);
        },
        s);
}

std::vector<double> rnnLyapunov(std::span<const double> w, std::span<const double> b,
                                std::span<const double> h0, const LyapunovSettings& s,
                                std::stop_token stop) {
    const std::size_t n = h0.size();
    if (w.size() != n * n || b.size() != n)
        throw Error(ErrorCode::InvalidArgument,
                    "RNN Lyapunov spectrum: W must be n × n and b n long for a state of " +
                        std::to_string(n) + " units");
    std::vector<double> h(h0.begin(), h0.end()), hn(n), gain(n);
    return lyapunovSpectrum(
        n,
        [&](std::span<const double> q, std::span<double> out, std::size_t k) {
            for (std::size_t i = 0; i < n; ++i) {
                double z = b[i];
                const double* wi = w.data() + i * n;
                for (std::size_t m = 0; m < n; ++m)
                    z += wi[m] * h[m];
                hn[i] = std::tanh(z);
                gain[i] = 1 - hn[i] * hn[i];
            }
            multiply(w, n, q, out, k);
            for (std::size_t j = 0; j < k; ++j)
                for (std::size_t i = 0; i < n; ++i)
                    out[j * n + i] *= gain[i];
            std::swap(h, hn);
        },
        s, stop);
}

} // namespace flicker
