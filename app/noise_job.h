// The computation behind the "What is 1/f noise?" page: a synthetic signal, its DFA and its
// Welch spectrum, as one plain function of plain values that runs on a worker thread.
#pragma once

#include "signal/dfa.h"
#include "signal/spectrum.h"
#include "signal/synthetic.h"

#include <QString>

#include <stop_token>
#include <vector>

namespace flicker {

struct NoiseRequest {
    NoiseSettings noise;
    DfaSettings dfa;
    WelchSettings welch;
};

struct NoiseOutcome {
    NoiseRequest request;       ///< what was computed
    std::vector<double> signal; ///< the generated series (zero mean, unit variance)
    DfaResult dfa;              ///< F(n), alpha and beta = 2·alpha − 1
    SpectralExponent spectrum;  ///< Welch PSD and beta_PSD
    QString error;              ///< non-empty when core refused the request; then no results
};

/// Generates the signal, runs DFA and the spectrum. Never throws: errors land in `error`
/// (a requested stop gives the error "DFA cancelled").
NoiseOutcome computeNoise(const NoiseRequest& request, std::stop_token stop = {});

/// One line saying where a figure came from: program version, noise kind and its parameter,
/// length, seed, DFA method, order and windows, Welch settings.
QString describeRequest(const NoiseRequest& request, const DfaResult* dfa = nullptr);

/// A person's name of the kind, e.g. "pink noise (1/f, β = 1)".
QString describeNoise(const NoiseSettings& noise);

} // namespace flicker
