#include "study/trajectory.h"

#include "error.h"

#include "train/dataset.h"

namespace flicker {

Outcome<TrajectoryResult>
trainWithTrajectory(const Corpus& corpus, ModelSettings settings, const TrainingSettings& training,
                    const TrajectorySettings& trajectory, std::size_t vocabularyWords,
                    const TrainCallbacks& callbacks,
                    const std::function<void(const TrajectoryPoint&)>& onPoint,
                    const ProgressFn& progress, std::stop_token stop) {
    TrainingPlan plan = planTraining(corpus, settings, training, vocabularyWords);
    Outcome<TrajectoryResult> outcome;
    TrajectoryResult& result = outcome.value;
    result.model = std::move(plan.model);
    const Vocabulary& vocab = result.model.vocabulary;

    auto probe = [&](const LstmClassifier& network, TrajectoryPoint point) {
        // A stop during a probe ends it; the training loop sees the same stop next batch.
        const Outcome<StudyResult> s =
            runStudy(network, vocab, corpus, trajectory.probe, {}, {}, stop);
        if (s.cancelled) return;
        point.summary = s.value.summary;
        point.probeReviews = s.value.reviews.size();
        result.points.push_back(point);
        if (onPoint) onPoint(result.points.back());
    };
    TrainCallbacks inner = callbacks;
    inner.evaluateInitial = true;
    inner.onEpoch = [&](const EpochRecord& e, const LstmClassifier& network) {
        TrajectoryPoint p;
        p.epoch = e.epoch;
        p.trainLoss = e.epoch == 0 ? kNoValue : e.trainLoss;
        p.testAccuracy = e.testAccuracy;
        probe(network, p);
        if (callbacks.onEpoch) callbacks.onEpoch(e, network);
    };
    if (trajectory.everyBatches > 0) {
        inner.onBatchModel = [&](const BatchRecord& b, const LstmClassifier& network) {
            if (callbacks.onBatchModel) callbacks.onBatchModel(b, network);
            if (b.batch % trajectory.everyBatches != 0 || b.batch == b.batches) return;
            TrajectoryPoint p;
            p.epoch = b.epoch;
            p.batch = b.batch;
            p.atEpochEnd = false;
            p.trainLoss = b.loss;
            probe(network, p);
        };
    }
    Outcome<TrainingHistory> r =
        train(result.model.network, plan.trainSet, plan.testSet, training, inner, progress, stop);
    r.value.dataset = corpus.name;
    result.model.history = std::move(r.value);
    outcome.cancelled = r.cancelled;
    return outcome;
}

} // namespace flicker
