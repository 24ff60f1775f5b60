// One review under the microscope (the explorer's core): record every activation of a review
// and analyse every unit of every kind, so that any view of it (units, traces, F(n), spectra)
// is a lookup, and moving the fit range is a refit, not a new DFA.
#pragma once

#include "model/lstm_classifier.h"
#include "record/activation_kind.h"
#include "record/recorder.h"
#include "signal/dfa.h"
#include "study/study.h"

#include <array>
#include <cstdint>
#include <span>
#include <stop_token>
#include <vector>

namespace flicker {

struct ReviewAnalysisSettings {
    DfaSettings dfa; ///< method, order, scales (generated for the analysed length)
    std::size_t maxSteps = kAnalysedWords; ///< analyse the first maxSteps words (0 → all)
    unsigned threads = 0;                  ///< DFA threads (0 → all cores)
};

/// Every unit of one kind in one review.
struct KindAnalysis {
    ActivationKind kind = ActivationKind::H;
    std::vector<double> temporalSd; ///< per unit: SD of its activation over the analysed steps
    std::vector<DfaResult> units;   ///< per unit: F(n), alpha, beta (silent units flagged)
    /// The kind's aggregate curve: F(n) averaged over the non-silent units, then fitted
    /// (science.md aggregation (b)); silent when every unit is.
    DfaResult meanFluctuation;
    /// The study's default number for the kind: 2·(mean alpha over non-silent units) − 1
    /// (aggregation (a)); NaN when every unit is silent.
    double meanAlphaBeta = 0.0;
    int silentUnits = 0;
};

struct ReviewAnalysis {
    Recording recording;                     ///< all seven kinds of the analysed steps
    std::size_t steps = 0;                   ///< analysed steps T (≤ the review's length)
    std::vector<int> scales;                 ///< the window sizes used for every unit
    double fitMinScale = 0, fitMaxScale = 0; ///< the fit range now applied (0 = no limit)
    std::array<KindAnalysis, kKindCount> kinds;

    const KindAnalysis& of(ActivationKind kind) const { return kinds[std::size_t(kind)]; }
    /// The series of one unit over the analysed steps.
    std::vector<double> unitSeries(ActivationKind kind, std::size_t unit) const;
};

/// Records the review (first maxSteps ids) with `network` and runs DFA on every unit of every
/// kind. Throws Error: InvalidArgument for an empty review or bad settings, TooShort when the
/// review is too short for the DFA windows (the message says how many words are needed),
/// Cancelled when `stop` is requested.
ReviewAnalysis analyzeReview(const LstmClassifier& network, std::span<const std::int32_t> ids,
                             const ReviewAnalysisSettings& settings = {},
                             std::stop_token stop = {});

/// Refits every unit and aggregate over window sizes in [minScale, maxScale] (0 = no limit)
/// without recomputing F(n). Throws InvalidArgument when fewer than two scales remain.
void refitReview(ReviewAnalysis& analysis, double minScale, double maxScale);

} // namespace flicker
