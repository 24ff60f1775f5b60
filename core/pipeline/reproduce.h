// The paper's experiment end to end (`flicker-cli reproduce`): train the default model with its
// training trajectory, study it with controls, run the capacity sweep with the main model as
// one of its points, and set the measured exponents beside the published ones. Every step keeps
// its results in the output folder, and a rerun reuses what an earlier run of it left there:
//   model.flicker, trajectory/, study/, sweep/ (one folder per point), reproduce.json.
#pragma once

#include "model/model.h"
#include "study/study.h"
#include "study/sweep.h"
#include "study/trajectory.h"
#include "task.h"
#include "text/review.h"
#include "text/vocabulary.h"

#include <array>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace flicker {

inline constexpr int kReproduceEpochs = 10; ///< epochs of the main model and every sweep point
inline constexpr int kQuickEpochs = 3;      ///< the same for a quick run (`reproduce --quick`)
/// A quick run studies the first this many long test reviews (the main study and each point's).
inline constexpr std::size_t kQuickReviews = 300;
inline constexpr std::array<int, 3> kQuickSweepHidden{4, 16, 64}; ///< a quick run's LSTM sizes

/// One thing the paper reports, beside the row of the study it is compared with.
struct PublishedValue {
    const char* key;        ///< the study's row key: "x", "h", "internal", "h_permuted", …
    const char* label;      ///< its name in the report: "beta(h), hidden state"
    const char* statement;  ///< what the paper says when it gives no numbers: "< external", "—"
    double mean = kNoValue; ///< its beta, mean ± SD over reviews, where it gives them
    double sd = kNoValue;
};

/// Chong & Feng (2024), the rows of the report in order.
inline constexpr std::array<PublishedValue, 8> kPublished{{
    {"x", "beta(x), inputs", "", 0.002, 0.116},
    {"h", "beta(h), hidden state", "", 0.833, 0.132},
    {"internal", "beta, internal (i,f,g,o)", "< external"},
    {"external", "beta, external (c,h)", "> internal"},
    {"h_shuffled", "beta(h), shuffled words", "—"},
    {"h_untrained", "beta(h), untrained network", "—"},
    {"h_permuted", "beta(h), permuted", "≈ 0 (theory)"},
    {"h_phase", "beta(h), phase-randomised", "≈ beta(h)"},
}};
/// The paper finds no correlation between a review's beta(x) and its beta(h).
inline constexpr PublishedValue kPublishedCorrelation{"", "corr(beta(x), beta(h))", "none"};

/// Where the published values come from, as the report names it under the measured model.
inline constexpr const char* kPublishedSource =
    "Chong & Feng, Self-organization toward 1/f noise in deep neural networks, Chaos 34, 081101 "
    "(2024), doi:10.1063/5.0224138: their LSTM sentiment classifier on IMDb, test reviews of "
    ">= 500 words, mean ± SD over reviews; their training set-up is not fully published";

/// A published value as the report shows it: "0.833 ± 0.132", or its statement.
std::string publishedText(const PublishedValue& value);

struct ReproduceSettings {
    std::string outDir;        ///< where every step keeps its results
    bool quick = false;        ///< fewer epochs, reviews and sizes (see reproduceSettings)
    ModelSettings model;       ///< the main model (the spec's defaults: E = 64, H = 64, seed 1)
    TrainingSettings training; ///< the main model's and every sweep point's
    std::size_t vocabularyWords = kDefaultVocabularyWords;
    TrajectorySettings trajectory; ///< the probes while the main model trains
    StudySettings study;           ///< the main study and every sweep point's
    std::vector<int> sweepHidden = SweepSettings{}.hidden; ///< the sweep's LSTM sizes
};

/// The settings of `flicker-cli reproduce [--quick]`: the defaults of every step, with
/// kReproduceEpochs, or for a quick run kQuickEpochs, kQuickReviews and kQuickSweepHidden.
ReproduceSettings reproduceSettings(const std::string& outDir, bool quick);

struct ReproduceResult {
    Model model;                             ///< the main model
    std::vector<TrajectoryPoint> trajectory; ///< its training trajectory
    StudyResult study;                       ///< its study with controls
    SweepResult sweep;                       ///< the capacity sweep (the main model among it)
    double correlation = kNoValue; ///< Pearson r of beta(x) and beta(h) over the study's reviews
    bool modelReused = false;      ///< the model and trajectory were found in the output folder
    bool studyReused = false;      ///< the study was found in the output folder
    double trainingSeconds = 0, studySeconds = 0; ///< wall time of the first two steps
    double seconds = 0;                           ///< of the whole run (the sweep: the rest)
};

/// Receives the lines a person follows the run by ("[reproduce] study found: reused", each
/// epoch, each probe), without their line ends.
using ReproduceLog = std::function<void(const std::string&)>;

/// The Progress stages of the first two steps (part = parts = 0); the sweep's reports follow
/// as runSweep makes them (kSweep* stages, each point as part k of n, parts > 0).
inline constexpr const char* kReproduceTraining = "training"; ///< done/total: batches
inline constexpr const char* kReproduceStudying = "studying"; ///< done/total: reviews

/// Runs or resumes the experiment and writes <outDir>/reproduce.json. The main model and its
/// trajectory are reused only when their epochs are the run's (else Error(InvalidArgument):
/// the folder holds a model this command did not make); the study and the sweep's points are
/// reused as they are. A stop ends it within one batch: the outcome is cancelled, holds the
/// steps finished, and nothing unfinished is written (a rerun continues from there).
Outcome<ReproduceResult> runReproduce(const Corpus& corpus, const ReproduceSettings& settings,
                                      const ReproduceLog& log = {}, const ProgressFn& progress = {},
                                      std::stop_token stop = {});

/// The "published vs measured" report: the model, kPublished beside the study's rows, the
/// correlation, the sweep's beta(h) by size, and the time taken.
std::string reproduceReport(const ReproduceResult& result, const ReproduceSettings& settings,
                            const std::string& datasetName);

/// The text of reproduce.json: the study's summary, the sweep's points, the trajectory, the
/// correlation, quick, seconds, and the published means and SDs.
std::string reproduceToJson(const ReproduceResult& result, const ReproduceSettings& settings);

} // namespace flicker
