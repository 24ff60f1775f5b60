// Detrended fluctuation analysis (DFA) of a time series: standard DFA and the unbiased variant
// (UDFA, Yuan et al. 2018), with the scaling exponent alpha and the spectral exponent
// beta = 2·alpha − 1. Formulas: docs/science.md, "Detrended fluctuation analysis".
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <stop_token>
#include <string_view>
#include <vector>

namespace flicker {

enum class DfaMethod {
    Unbiased, ///< UDFA: maximally overlapping windows with the bias correction (the default)
    Standard, ///< non-overlapping windows from the start (optionally also from the end)
};

const char* dfaMethodName(DfaMethod method); ///< "udfa" or "dfa"
/// The method named so by dfaMethodName; nothing for any other text.
std::optional<DfaMethod> dfaMethodFromName(std::string_view name);

struct DfaSettings {
    DfaMethod method = DfaMethod::Unbiased;
    int order = 1;           ///< order of the detrending polynomial, 1 … 3
    std::vector<int> scales; ///< window sizes in steps; empty → generated from the three below
    int minScale = 4;        ///< smallest generated window in steps (raised to order + 2)
    int maxScale = 0;        ///< largest generated window in steps; 0 → N/4
    int scaleCount = 16;     ///< number of log-spaced generated windows (before de-duplication)
    bool bothEnds = false;   ///< standard DFA only: windows from the start and from the end
    double fitMinScale = 0;  ///< fit only scales ≥ this (0 → no lower limit)
    double fitMaxScale = 0;  ///< fit only scales ≤ this (0 → no upper limit)
};

/// Variance (population) below which a series counts as silent: it has no exponent.
inline constexpr double kSilentVariance = 1e-12;

struct DfaResult {
    std::vector<int> scales;         ///< window sizes s, in steps
    std::vector<double> fluctuation; ///< F(s), in the series' units
    double alpha = 0.0;              ///< slope of ln F against ln s over the fitted scales
    double intercept = 0.0;          ///< intercept of that fit (ln units)
    double r2 = 0.0;                 ///< R² of that fit
    double alphaStdError = 0.0;      ///< standard error of alpha
    double beta = 0.0; ///< spectral exponent 2·alpha − 1 (white 0, pink 1, brown 2)
    int fitFirst = 0;  ///< index into scales of the first fitted scale
    int fitCount = 0;  ///< number of fitted scales
    /// The series' variance is below kSilentVariance (or fewer than two scales had F > 0):
    /// no exponent; alpha, beta, r2 are 0 and must not be used.
    bool silent = false;
    /// UDFA windows whose detrended residuals were exactly zero (counted as zero fluctuation).
    std::size_t linearWindows = 0;
};

/// Log-spaced integer window sizes from minScale to maxScale, `count` points, rounded to the
/// nearest integer, duplicates removed.
std::vector<int> logSpacedScales(int minScale, int maxScale, int count);

/// The scales `settings` asks for on a series of n points, validated: throws
/// flicker::Error(InvalidArgument / TooShort) with a message naming the bad value.
std::vector<int> resolveScales(std::size_t n, const DfaSettings& settings);

/// Throws flicker::Error(NonFinite) naming the first NaN/infinity, or EmptyInput.
void checkFinite(std::span<const double> x);

/// DFA of one series, in O(N) per window size for every method and order (UDFA: window sums
/// that slide along blocks of starts, or prefix sums of τ^i·y per block for orders 2 and 3,
/// each block anchored so that long or trending series keep their precision). A requested stop
/// throws Error(Cancelled) between window sizes.
DfaResult dfa(std::span<const double> x, const DfaSettings& settings = {},
              std::stop_token stop = {});

/// DFA of data in any unit (what `flicker-cli dfa` runs). The series is scaled by a power of two
/// so that its largest deviation from its mean lies in [1, 2): exact in floating point, so alpha,
/// beta and R² are those of the series itself, F(s) and the intercept are scaled back, and values
/// up to the largest double never overflow. Silent only when the series is constant to rounding
/// (every deviation from the mean below 2⁻⁴⁵ of the largest value), whatever its unit — the
/// absolute kSilentVariance rule of dfa() is for activations, whose unit is known.
DfaResult dfaAnyUnit(std::span<const double> x, const DfaSettings& settings = {},
                     std::stop_token stop = {});

/// Reference implementation: every window detrended explicitly (O(N·s) per scale), any order.
/// Used by the tests and the benchmark as the ground truth for dfa().
DfaResult dfaDirect(std::span<const double> x, const DfaSettings& settings = {},
                    std::stop_token stop = {});

/// Refits alpha/beta of an existing result over a new fit range (scales in [minScale, maxScale],
/// 0 = no limit) without recomputing F(s).
void refit(DfaResult& result, double minScale, double maxScale);

/// The aggregate F(n) of several series analysed with the same window sizes: F averaged at
/// each window size over `curves` (the F(s) of each non-silent series; the caller leaves silent
/// ones out), then fitted over [minScale, maxScale] (0 = no limit). Silent when `curves` is
/// empty. Used by the study (aggregation "mean F(n)"), a review's analysis and the explorer.
DfaResult meanFluctuation(const std::vector<int>& scales,
                          std::span<const std::vector<double>* const> curves, double minScale,
                          double maxScale);

/// How a matrix of many equal-length series is laid out in memory.
struct SeriesMatrix {
    const float* floats = nullptr; ///< exactly one of floats / doubles is set
    const double* doubles = nullptr;
    std::size_t length = 0;       ///< T, steps per series
    std::size_t count = 0;        ///< K, number of series
    std::size_t stepStride = 0;   ///< distance between steps t and t+1 of one series
    std::size_t seriesStride = 0; ///< distance between series k and k+1

    /// A row-major T×K matrix: row t holds step t of every series (what the recorder writes).
    static SeriesMatrix rowMajor(std::span<const float> data, std::size_t steps,
                                 std::size_t series);
    static SeriesMatrix rowMajor(std::span<const double> data, std::size_t steps,
                                 std::size_t series);
    /// K series stored one after another.
    static SeriesMatrix columns(std::span<const double> data, std::size_t steps,
                                std::size_t series);
};

/// DFA of every series of the matrix with the same settings, on `threads` threads
/// (0 → all cores). Order-1 UDFA (the default) analyses eight series at once, one per vector
/// lane; every result equals dfa() of that series alone. Silent series give results with
/// silent = true; bad data throws; a stop throws Error(Cancelled) within eight series.
std::vector<DfaResult> dfaBatch(const SeriesMatrix& matrix, const DfaSettings& settings = {},
                                unsigned threads = 0, std::stop_token stop = {});

} // namespace flicker
