// The training trajectory: the network's exponents on a fixed probe set of long reviews at
// initialisation and after every epoch (or every k batches) — how a user sees the network
// organise itself towards 1/f while it learns.
#pragma once

#include "study/study.h"
#include "train/dataset.h"

#include <functional>
#include <stop_token>

namespace flicker {

/// Reviews a probe studies by default (the first long test reviews; no controls).
inline constexpr std::size_t kProbeReviews = 200;

struct TrajectorySettings {
    StudySettings probe;          ///< the probe study (default: kProbeReviews, no controls)
    std::size_t everyBatches = 0; ///< also probe every k batches (0 → once per epoch)
    TrajectorySettings() {
        probe.maxReviews = kProbeReviews;
        probe.controls.clear();
    }
};

struct TrajectoryPoint {
    int epoch = 0;         ///< 0 = before training
    std::size_t batch = 0; ///< batches done in that epoch (0 at an epoch's end, see atEpochEnd)
    bool atEpochEnd = true;
    double trainLoss = kNoValue;    ///< the epoch's mean loss, or the last batch's loss mid-epoch
    double testAccuracy = kNoValue; ///< at epoch ends
    std::map<std::string, SummaryRow> summary; ///< beta per kind and group on the probe set
    std::size_t probeReviews = 0;
};

struct TrajectoryResult {
    Model model; ///< the trained model (cancelled: as after the last finished batch)
    std::vector<TrajectoryPoint> points;
};

/// Trains like trainOnCorpus and probes along the way. onPoint is called for each point as it
/// is made (to plot it live); batches go to callbacks.onBatch, progress as train() reports it.
Outcome<TrajectoryResult>
trainWithTrajectory(const Corpus& corpus, ModelSettings settings, const TrainingSettings& training,
                    const TrajectorySettings& trajectory,
                    std::size_t vocabularyWords = kDefaultVocabularyWords,
                    const TrainCallbacks& callbacks = {},
                    const std::function<void(const TrajectoryPoint&)>& onPoint = {},
                    const ProgressFn& progress = {}, std::stop_token stop = {});

} // namespace flicker
