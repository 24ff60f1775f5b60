#include "study/review_analysis.h"

#include "error.h"

#include <cmath>
#include <limits>

namespace flicker {
namespace {

void aggregateKind(KindAnalysis& k, const std::vector<int>& scales, double fitMin, double fitMax) {
    k.silentUnits = 0;
    double alphaSum = 0;
    std::vector<const std::vector<double>*> curves;
    for (const DfaResult& u : k.units) {
        if (u.silent) {
            ++k.silentUnits;
            continue;
        }
        alphaSum += u.alpha;
        curves.push_back(&u.fluctuation);
    }
    k.meanFluctuation = meanFluctuation(scales, curves, fitMin, fitMax);
    k.meanAlphaBeta = curves.empty() ? std::numeric_limits<double>::quiet_NaN()
                                     : 2.0 * alphaSum / double(curves.size()) - 1.0;
}

} // namespace

std::vector<double> ReviewAnalysis::unitSeries(ActivationKind kind, std::size_t unit) const {
    const std::size_t U = recording.units(kind);
    if (unit >= U)
        throw Error(ErrorCode::InvalidArgument, "unit " + std::to_string(unit) +
                                                    " does not exist (the kind has " +
                                                    std::to_string(U) + " units)");
    const auto values = recording.values(kind);
    std::vector<double> out(steps);
    for (std::size_t t = 0; t < steps; ++t)
        out[t] = double(values[t * U + unit]);
    return out;
}

ReviewAnalysis analyzeReview(const LstmClassifier& network, std::span<const std::int32_t> ids,
                             const ReviewAnalysisSettings& settings, std::stop_token stop) {
    if (ids.empty()) throw Error(ErrorCode::InvalidArgument, "the review has no words to read");
    const std::size_t T =
        settings.maxSteps == 0 ? ids.size() : std::min(ids.size(), settings.maxSteps);
    ReviewAnalysis a;
    try {
        a.scales = resolveScales(T, settings.dfa);
    } catch (const Error& e) {
        throw Error(ErrorCode::TooShort,
                    "the review has " + std::to_string(T) +
                        " words, too few for detrended fluctuation analysis with these window "
                        "sizes (" +
                        e.what() + "); choose a longer review or smaller windows");
    }
    DfaSettings dfaSettings = settings.dfa;
    dfaSettings.scales = a.scales;
    a.fitMinScale = settings.dfa.fitMinScale;
    a.fitMaxScale = settings.dfa.fitMaxScale;

    a.recording = Recorder(network).record(ids.first(T));
    a.steps = T;
    for (ActivationKind kind : kAllKinds) {
        if (stop.stop_requested()) throw Error(ErrorCode::Cancelled, "review analysis cancelled");
        KindAnalysis& k = a.kinds[std::size_t(kind)];
        k.kind = kind;
        const std::size_t U = a.recording.units(kind);
        const auto values = a.recording.values(kind);
        k.units = dfaBatch(SeriesMatrix::rowMajor(values, T, U), dfaSettings, settings.threads);
        k.temporalSd.assign(U, 0.0);
        for (std::size_t u = 0; u < U; ++u) {
            double mean = 0, ss = 0;
            for (std::size_t t = 0; t < T; ++t)
                mean += values[t * U + u];
            mean /= double(T);
            for (std::size_t t = 0; t < T; ++t)
                ss += (values[t * U + u] - mean) * (values[t * U + u] - mean);
            k.temporalSd[u] = std::sqrt(ss / double(T));
        }
        aggregateKind(k, a.scales, a.fitMinScale, a.fitMaxScale);
    }
    return a;
}

void refitReview(ReviewAnalysis& a, double minScale, double maxScale) {
    int inside = 0;
    for (int s : a.scales)
        inside += (minScale <= 0 || s >= minScale) && (maxScale <= 0 || s <= maxScale);
    if (inside < 2)
        throw Error(ErrorCode::InvalidArgument,
                    "the fit range must hold at least two window sizes");
    a.fitMinScale = minScale;
    a.fitMaxScale = maxScale;
    for (KindAnalysis& k : a.kinds) {
        for (DfaResult& u : k.units)
            if (!u.silent) refit(u, minScale, maxScale);
        aggregateKind(k, a.scales, minScale, maxScale);
    }
}

} // namespace flicker
