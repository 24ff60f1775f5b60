// The vanilla RNN of the dimensionality lab (Farrell et al. 2022) as plain weights:
// h_{t+1} = tanh(W·h_t + W_in·x_t + b), y_t = W_out·h_t + b_out, with
// W = (1 − dt)·I + dt·γ·J/|λ_max(J)|. Building it and running it over many samples use LibTorch
// inside rnn.cpp; this header has plain types only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace flicker {

/// How the input reaches the units.
enum class InputMapping {
    Orthogonal, ///< W_in: a truncated random orthogonal N × d matrix / mean|entry| / √d
    FirstUnits, ///< x drives units 0 … d − 1 one to one (the low-d variant; W_in = [I; 0])
};
const char* inputMappingName(InputMapping m); ///< "orthogonal", "first-units"

struct RnnSettings {
    std::size_t units = 200;    ///< N
    std::size_t inputDim = 200; ///< d
    std::size_t outputs = 2;    ///< classes
    double gamma = 20;          ///< γ: 20 "edge of chaos", 250 "strongly chaotic"
    double dt = 0.01;           ///< the leak of W = (1 − dt)·I + dt·γ·J/|λ_max(J)|
    double readoutSd = 0.3;     ///< W_out ~ N(0, (readoutSd/√N)²)
    InputMapping inputMapping = InputMapping::Orthogonal;
};

struct RnnWeights {
    std::size_t units = 0, inputs = 0, outputs = 0;
    std::vector<double> w;    ///< N × N, row-major
    std::vector<double> wIn;  ///< N × d (fixed, not trained)
    std::vector<double> b;    ///< N
    std::vector<double> wOut; ///< outputs × N
    std::vector<double> bOut; ///< outputs
    /// |λ_max| of γ·J/|λ_max(J)| as computed again after scaling (should equal γ).
    double connectivityRadius = 0;
};

/// The largest eigenvalue modulus of a square (n × n, row-major) real matrix, through
/// LibTorch's general eigenvalue solver (torch::linalg_eigvals, LAPACK geev) in doubles.
double spectralRadius(std::span<const double> a, std::size_t n);

/// A fresh network for `settings`, deterministic by seed: J_ij ~ N(0, 1/N), its eigenvalues by
/// spectralRadius; W_in and W_out as above; b = b_out = 0. Throws Error(InvalidArgument) for
/// settings out of range (N 2 … 2048, d 1 … N for first-units, γ > 0 and finite, dt in (0, 1]).
RnnWeights initialRnn(const RnnSettings& settings, std::uint64_t seed);

/// One step for one sample, in plain C++: tanh(W·h + W_in·x + b) (x may be empty: no input).
std::vector<double> rnnStep(const RnnWeights& net, std::span<const double> h,
                            std::span<const double> x);

/// The hidden states of `count` samples (inputs: count × d) shown at step 0 only: element
/// t − 1 holds h_t (count × N, row-major) for t = 1 … steps, h_0 = 0. Through LibTorch (doubles).
std::vector<std::vector<double>> hiddenStates(const RnnWeights& net, std::span<const double> inputs,
                                              std::size_t count, std::size_t steps);

/// The readout W_out·h + b_out of states (count × N): count × outputs.
std::vector<double> readout(const RnnWeights& net, std::span<const double> states,
                            std::size_t count);

} // namespace flicker
