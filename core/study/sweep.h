// The capacity sweep's settings and results: the same data and training for every hidden
// size × seed, each model studied on the same analysis set, each finished point in a folder of
// its own. Running it (training, studying, writing) is pipeline/sweep_runner.h.
#pragma once

#include "model/model_types.h"
#include "study/study.h"
#include "text/vocabulary.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flicker {

/// Where the noise sweep puts its noise (TrainingSettings::inputNoise / hiddenNoise).
enum class NoiseTarget { Input, Hidden, Both };
const char* noiseTargetName(NoiseTarget t); ///< "input", "hidden", "both"
/// The target named so by noiseTargetName; nothing for any other text.
std::optional<NoiseTarget> noiseTargetFromName(std::string_view name);

struct SweepSettings {
    std::vector<int> hidden{2, 4, 8, 16, 32, 64, 128, 256, 512}; ///< LSTM cells per point
    std::vector<std::uint64_t> seeds{kDefaultSeed};
    ModelSettings model;       ///< embedding size etc.; hidden and seed are the sweep's
    TrainingSettings training; ///< the same for every point (its seed is the point's)
    std::size_t vocabularyWords = kDefaultVocabularyWords;
    StudySettings study; ///< the analysis of every point
    std::string outDir;  ///< one sub-folder per point, and sweep.json
    /// The noise sweep (science.md §4): training-noise SDs, one point per hidden size × SD ×
    /// seed, the SD put where noiseOn says. Empty = no noise dimension: the training settings'
    /// own noise and the capacity sweep's folder names.
    std::vector<double> noise;
    NoiseTarget noiseOn = NoiseTarget::Hidden;
    /// Already trained checkpoints to use instead of training, by (hidden, seed).
    std::map<std::pair<int, std::uint64_t>, std::string> pretrained;
};

struct SweepPoint {
    int hidden = 0;
    std::uint64_t seed = kDefaultSeed;
    double noise = kNoValue; ///< the swept SD (NaN when the sweep has no noise dimension)
    double inputNoise = 0;   ///< as trained: SD on the word vectors
    double hiddenNoise = 0;  ///< as trained: SD on h at every step
    double testAccuracy = kNoValue;
    std::string folder;   ///< where its checkpoint and study are
    bool resumed = false; ///< read from disk, not recomputed, in this run
    StudyResult study;    ///< its summary, utilisation and participation ratio
};

struct SweepResult {
    std::vector<SweepPoint> points; ///< finished ones, in sweep order
};

/// One network size of a sweep with its seeds pooled: what the figure of β(h) against the
/// number of cells shows.
struct SizeSummary {
    int hidden = 0;
    double betaMean = kNoValue; ///< mean β(h) over the reviews of every seed
    double betaSd = 0;          ///< SD over those reviews (n − 1)
    /// SD (n − 1) over seeds of each network's mean β(h): the spread between training runs.
    /// NaN with fewer than two seeds.
    double seedSd = kNoValue;
    double accuracy = kNoValue;    ///< mean test accuracy over the seeds
    double utilisation = kNoValue; ///< mean utilisation of h over the seeds
    int seeds = 0;                 ///< networks behind it
    int reviews = 0;               ///< per-review values behind it (all seeds)
};

/// Per size, in increasing order, over the points trained without swept noise (no noise
/// dimension, or SD 0): in a noise sweep the noisy points belong to the noise figure.
std::vector<SizeSummary> summarizeBySize(const std::vector<SweepPoint>& points);

/// The Progress stages of a sweep: each report names the point in hand as part k of n
/// (hidden sizes outer, then noise SDs, seeds inner) and its stage, one of these.
inline constexpr const char* kSweepTraining = "training";   ///< done/total: batches
inline constexpr const char* kSweepAnalysing = "analysing"; ///< done/total: reviews
inline constexpr const char* kSweepDone = "done";           ///< the point is on disk
inline constexpr const char* kSweepResumed = "resumed";     ///< found on disk, not recomputed

/// Folder name of a point: "h0064_seed1".
std::string pointFolder(int hidden, std::uint64_t seed);
/// Folder name of a point of a noise sweep: "h0064_hidden0.1_seed1".
std::string pointFolder(int hidden, double noise, NoiseTarget target, std::uint64_t seed);

/// The training settings of a point: `training` with its seed and, in a noise sweep, the SD
/// where noiseOn says (the other noise stays as `training` has it).
TrainingSettings pointTraining(const SweepSettings& settings, double noise, std::uint64_t seed);

} // namespace flicker
