// The capacity sweep's settings and results: the same data and training for every hidden
// size × seed, each model studied on the same analysis set, each finished point in a folder of
// its own. Running it (training, studying, writing) is pipeline/sweep_runner.h.
#pragma once

#include "model/model_types.h"
#include "study/study.h"
#include "text/vocabulary.h"

#include <map>
#include <string>
#include <vector>

namespace flicker {

struct SweepSettings {
    std::vector<int> hidden{2, 4, 8, 16, 32, 64, 128, 256, 512}; ///< LSTM cells per point
    std::vector<std::uint64_t> seeds{kDefaultSeed};
    ModelSettings model;       ///< embedding size etc.; hidden and seed are the sweep's
    TrainingSettings training; ///< the same for every point (its seed is the point's)
    std::size_t vocabularyWords = kDefaultVocabularyWords;
    StudySettings study; ///< the analysis of every point
    std::string outDir;  ///< one sub-folder per point, and sweep.json
    /// Already trained checkpoints to use instead of training, by (hidden, seed).
    std::map<std::pair<int, std::uint64_t>, std::string> pretrained;
};

struct SweepPoint {
    int hidden = 0;
    std::uint64_t seed = kDefaultSeed;
    double testAccuracy = kNoValue;
    std::string folder;   ///< where its checkpoint and study are
    bool resumed = false; ///< read from disk, not recomputed, in this run
    StudyResult study;    ///< its summary, utilisation and participation ratio
};

struct SweepResult {
    std::vector<SweepPoint> points; ///< finished ones, in sweep order
};

/// The Progress stages of a sweep: each report names the point in hand as part k of n
/// (hidden sizes outer, seeds inner) and its stage, one of these.
inline constexpr const char* kSweepTraining = "training";   ///< done/total: batches
inline constexpr const char* kSweepAnalysing = "analysing"; ///< done/total: reviews
inline constexpr const char* kSweepDone = "done";           ///< the point is on disk
inline constexpr const char* kSweepResumed = "resumed";     ///< found on disk, not recomputed

/// Folder name of a point: "h0064_seed1".
std::string pointFolder(int hidden, std::uint64_t seed);

} // namespace flicker
