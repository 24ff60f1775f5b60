// The top Lyapunov exponents of a discrete dynamical system by QR iteration of its tangent
// dynamics (Benettin's method): k orthonormal tangent vectors are pushed through the Jacobian
// at every step and re-orthonormalised; the logs of the R diagonal, averaged, are the exponents.
// Plain C++.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <vector>

namespace flicker {

struct LyapunovSettings {
    std::size_t exponents = 20;  ///< the k largest
    std::size_t steps = 500;     ///< steps averaged over
    std::size_t transient = 100; ///< steps run first (state and tangent vectors), not counted
    std::uint64_t seed = 1;      ///< of the initial tangent vectors
};

/// One step of the system: advances its own state and writes J_t·q_j into out_j for each of the
/// k tangent vectors; q and out hold k vectors of n values one after the other.
using TangentStep =
    std::function<void(std::span<const double> q, std::span<double> out, std::size_t k)>;

/// The k largest exponents, in natural-log units per step, largest first (as the QR order gives
/// them). Throws Error(InvalidArgument) for k = 0, k > n or no steps; Error(NonFinite) when the
/// tangent map produces NaN; Error(Cancelled) on a stop.
std::vector<double> lyapunovSpectrum(std::size_t n, const TangentStep& step,
                                     const LyapunovSettings& settings, std::stop_token stop = {});

/// The exponents of the constant linear map x → A·x (n × n, row-major): the logs of the moduli
/// of A's eigenvalues, largest first (a known answer for the method).
std::vector<double> linearMapLyapunov(std::span<const double> a, std::size_t n,
                                      const LyapunovSettings& settings);

/// The exponents of the autonomous RNN h → tanh(W·h + b) (W: n × n row-major), from `h0`, with
/// the Jacobian diag(1 − h_{t+1}²)·W.
std::vector<double> rnnLyapunov(std::span<const double> w, std::span<const double> b,
                                std::span<const double> h0, const LyapunovSettings& settings,
                                std::stop_token stop = {});

} // namespace flicker
