// The capacity sweep: the same data and training for every hidden size × seed, each model
// studied on the same analysis set. Every finished point is written to its own folder before
// the next starts, so a crash or a cancel loses nothing and a rerun skips what is done.
#pragma once

#include "model/model_types.h"
#include "study/study.h"
#include "text/review.h"
#include "train/trainer.h"

#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

namespace flicker {

struct SweepSettings {
    std::vector<int> hidden{2, 4, 8, 16, 32, 64, 128, 256, 512}; ///< LSTM cells per point
    std::vector<std::uint64_t> seeds{1};
    ModelSettings model;       ///< embedding size etc.; hidden and seed are the sweep's
    TrainingSettings training; ///< the same for every point (its seed is the point's)
    std::size_t vocabularyWords = 10000;
    StudySettings study; ///< the analysis of every point
    std::string outDir;  ///< one sub-folder per point, and sweep.json
    /// Already trained checkpoints to use instead of training, by (hidden, seed).
    std::map<std::pair<int, std::uint64_t>, std::string> pretrained;
};

struct SweepPoint {
    int hidden = 0;
    std::uint64_t seed = 1;
    double testAccuracy = kNoValue;
    std::string folder;   ///< where its checkpoint and study are
    bool resumed = false; ///< read from disk, not recomputed, in this run
    StudyResult study;    ///< its summary, utilisation and participation ratio
};

enum class PointState { Queued, Training, Analysing, Done };

struct SweepProgress {
    std::size_t point = 0; ///< index of the point in hand
    std::size_t points = 0;
    int hidden = 0;
    std::uint64_t seed = 1;
    PointState state = PointState::Queued;
    int epoch = 0, epochs = 0; ///< while training
    std::size_t batch = 0, batches = 0;
    std::size_t reviewsDone = 0, reviews = 0; ///< while analysing
};

struct SweepResult {
    std::vector<SweepPoint> points; ///< finished ones, in sweep order
    bool cancelled = false;
};

/// Folder name of a point: "h0064_seed1".
std::string pointFolder(int hidden, std::uint64_t seed);

/// Runs or resumes the sweep. onPoint is called after each point is on disk.
SweepResult runSweep(const Corpus& corpus, const SweepSettings& settings,
                     const std::function<void(const SweepProgress&)>& onProgress = {},
                     const std::function<void(const SweepPoint&)>& onPoint = {},
                     std::stop_token stop = {});

} // namespace flicker
