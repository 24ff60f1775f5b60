// Welch estimate of the power spectral density (Hann window, FFTW real transforms) and the
// spectral exponent beta_psd from a log-log fit — the cross-check of DFA.
#pragma once

#include "signal/fit.h"

#include <span>
#include <vector>

namespace flicker {

struct WelchSettings {
    int segment = 128;            ///< segment length in steps (clamped to the series length)
    double overlap = 0.5;         ///< fraction of a segment shared with the next, 0 ≤ overlap < 1
    bool removeMean = true;       ///< subtract each segment's mean before windowing
    double fitMinFrequency = 0;   ///< fit band, cycles per step; 0 → the lowest non-zero bin
    double fitMaxFrequency = 0.5; ///< fit band upper end, cycles per step (Nyquist is 0.5)
};

struct Spectrum {
    std::vector<double> frequency; ///< cycles per step, 0 … 0.5
    std::vector<double> power;     ///< one-sided PSD, series units² per (cycle/step)
    int segmentLength = 0;         ///< the segment length actually used
    int segments = 0;              ///< number of averaged segments
};

struct SpectralExponent {
    Spectrum spectrum;
    LineFit fit;                      ///< ln P against ln f over the band
    double beta = 0;                  ///< −slope: PSD ∝ 1/f^beta
    double bandLow = 0, bandHigh = 0; ///< frequencies of the first and last fitted bins
    bool silent = false;              ///< variance below kSilentVariance: no exponent
};

/// Welch PSD of x. Throws flicker::Error for empty/non-finite input or bad settings.
Spectrum welchSpectrum(std::span<const double> x, const WelchSettings& settings = {});

/// Welch PSD and its log-log fit over the settings' band (f = 0 always excluded).
SpectralExponent spectralExponent(std::span<const double> x, const WelchSettings& settings = {});

} // namespace flicker
