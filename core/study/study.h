// A study over a data set: the paper's measurement. For every analysed review (≥ minLength
// tokens, first `steps` tokens, never padded) and every activation kind, DFA and power-spectrum
// exponents aggregated over units, beside the controls (shuffled words, untrained network,
// permutation and phase surrogates), and their summary over reviews. Results stream per batch.
#pragma once

#include "model/model.h"
#include "record/activation_kind.h"
#include "signal/dfa.h"
#include "signal/spectrum.h"
#include "study/statistics.h"
#include "task.h"
#include "text/review.h"

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace flicker {

/// The paper's analysis: reviews of at least kLongReviewWords words, their first kAnalysedWords.
inline constexpr std::size_t kLongReviewWords = 500; ///< shorter reviews are left out
inline constexpr std::size_t kAnalysedWords = 500;   ///< steps analysed per review
/// A unit of h counts as used when its temporal SD, averaged over reviews, exceeds this.
inline constexpr double kUtilisationThreshold = 0.05;

/// How one review's units become one number per kind (science.md, "One number per review").
enum class Aggregation {
    MeanAlpha,       ///< (a) mean alpha over non-silent units, beta = 2·mean − 1 (default)
    MeanFluctuation, ///< (b) arithmetic mean of F(s) over units, then one fit
    AveragedSignal,  ///< (c) DFA of the unit-averaged signal
};
const char* aggregationName(Aggregation a); ///< "mean-alpha", "mean-fluctuation", "averaged-signal"
/// The mode named so by aggregationName; nothing for any other text.
std::optional<Aggregation> aggregationFromName(std::string_view name);

/// The measured network and its controls.
enum class Condition { Real, Shuffled, Untrained, Permuted, Phase };
const char* conditionName(Condition c); ///< "real", "shuffled", "untrained", "permuted", "phase"
/// The condition named so by conditionName; nothing for any other text.
std::optional<Condition> conditionFromName(std::string_view name);

struct StudySettings {
    std::vector<ActivationKind> kinds{kAllKinds.begin(), kAllKinds.end()};
    DfaSettings dfa; ///< scales generated for `steps` unless given
    WelchSettings welch;
    Aggregation aggregation = Aggregation::MeanAlpha;
    Split split = Split::Test;
    std::size_t minLength = kLongReviewWords; ///< reviews with fewer tokens are left out
    std::size_t steps = kAnalysedWords;       ///< analysed steps: the first `steps` tokens
    std::size_t maxReviews = 0;               ///< 0 → every qualifying review (corpus order)
    std::vector<Condition> controls{Condition::Shuffled, Condition::Untrained, Condition::Permuted,
                                    Condition::Phase};
    std::uint64_t seed = kDefaultSeed; ///< word shuffles, surrogates and the bootstrap
    std::size_t batchReviews = 32;     ///< reviews recorded and analysed together
    double utilisationThreshold = kUtilisationThreshold;
    unsigned threads = 0; ///< analysis threads (0 → all cores)
};

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

/// One review × one row key ("h", "internal", "h_shuffled", …).
struct Measure {
    double alpha = kNoValue;   ///< aggregated DFA exponent (NaN when every unit is silent)
    double beta = kNoValue;    ///< 2·alpha − 1
    double r2 = kNoValue;      ///< mode (a): mean R² of the units' fits; (b), (c): of the one fit
    double betaPsd = kNoValue; ///< Welch exponent, aggregated like beta
    int units = 0;             ///< unit series in the row
    int silentUnits = 0;       ///< of which silent (variance < kSilentVariance)
    double unitBetaMean = kNoValue; ///< mean beta of the single non-silent unit series
    double unitBetaSd = kNoValue;   ///< their population SD (spread over single series)
};

struct ReviewResult {
    std::string id;
    std::size_t corpusIndex = 0;
    int label = -1;
    float probability = 0.5f;            ///< the model's P(positive) after `steps` words
    std::map<std::string, Measure> rows; ///< by row key
    /// Beta of every single unit series of the real network, by kind name ("x" … "h"); NaN
    /// for a silent unit. Kept in memory; files carry only their means over reviews
    /// (StudyResult::unitBetaMeans).
    std::map<std::string, std::vector<float>> unitBetas;
};

struct SummaryRow {
    Summary beta; ///< over reviews (the paper's "β ± SD" is beta.mean ± beta.sd)
    Summary betaPsd;
    double meanR2 = kNoValue;
    std::size_t silentUnits = 0;    ///< summed over reviews
    std::size_t unitSeries = 0;     ///< non-silent single series pooled over reviews
    double unitBetaMean = kNoValue; ///< mean beta of single unit series
    double unitBetaSd = kNoValue; ///< SD of beta over single unit series (science.md asks for both)
};

struct StudyResult {
    StudySettings settings;
    std::vector<ReviewResult> reviews;
    std::map<std::string, SummaryRow> summary;
    std::size_t reviewsQualifying = 0;    ///< reviews of the split with ≥ minLength tokens
    double utilisation = kNoValue;        ///< fraction of h units with mean temporal SD > threshold
    double participationRatio = kNoValue; ///< (Σλ)² / Σλ² of the covariance of h over all steps
    std::vector<double> unitTemporalSd;   ///< per h unit, temporal SD averaged over reviews
    /// The PR over the steps of a review (study/dimension.h): at each step t of prSteps
    /// (1-based word number), the PR of the covariance of h_t across the analysed reviews.
    /// Every step up to `steps` for H ≤ 128, every k-th for larger networks. At most
    /// reviews − 1 (n samples span n − 1 dimensions) and at most H.
    std::vector<int> prSteps;
    std::vector<double> prByStep;          ///< of the network studied
    std::vector<double> prByStepUntrained; ///< of its untrained twin (with that control only)
    double prStepMean = kNoValue;          ///< mean of prByStep over prSteps
    /// Per unit, its mean beta across reviews (meanUnitBetas), by kind name. Kept by
    /// summarizeStudy when no review carries unit betas (results read back from a file).
    std::map<std::string, std::vector<double>> unitBetaMeans;
};

/// One row from given unit series (each of equal length): the per-unit DFA and Welch
/// exponents aggregated as settings.aggregation says. settings.dfa.scales must resolve for the
/// series' length. What the study does for each kind; exposed for views and tests.
Measure measureUnits(const std::vector<std::vector<double>>& units, const StudySettings& settings);

/// Row key of a kind or group under a condition: "h", "internal", "h_shuffled", …
std::string rowKey(const std::string& kindOrGroup, Condition condition);

/// Corpus indices of the reviews the study analyses, in corpus order.
std::vector<std::size_t> analysisSet(const Corpus& corpus, const StudySettings& settings);

/// Receives each batch of finished reviews as it is done (to show them live).
using StudyBatchFn = std::function<void(const std::vector<ReviewResult>& batch)>;

/// Runs the study. Progress: stage "analysing", reviews done of the analysis set. A stop ends
/// it after the batch in hand: the outcome is cancelled and holds the reviews finished.
Outcome<StudyResult> runStudy(const Model& model, const Corpus& corpus,
                              const StudySettings& settings, const StudyBatchFn& onBatch = {},
                              const ProgressFn& progress = {}, std::stop_token stop = {});
/// The same for a network and its vocabulary (e.g. while it is being trained).
Outcome<StudyResult> runStudy(const LstmClassifier& network, const Vocabulary& vocabulary,
                              const Corpus& corpus, const StudySettings& settings,
                              const StudyBatchFn& onBatch = {}, const ProgressFn& progress = {},
                              std::stop_token stop = {});

/// (Re)computes result.summary from result.reviews (also after reading results back), and
/// result.unitBetaMeans when the reviews carry unit betas.
void summarizeStudy(StudyResult& result);

/// Mean beta of each unit of `kind` over the reviews that carry unit betas (silent units left
/// out of their mean; NaN for a unit silent in every review). Empty when no review has them.
std::vector<double> meanUnitBetas(const std::vector<ReviewResult>& reviews,
                                  const std::string& kind);

} // namespace flicker
