#include "study/trajectory.h"

#include "error.h"

#include <flicker/version.h>

namespace flicker {

TrajectoryResult trainWithTrajectory(const Corpus& corpus, ModelSettings settings,
                                     const TrainingSettings& training,
                                     const TrajectorySettings& trajectory,
                                     std::size_t vocabularyWords, const TrainCallbacks& callbacks,
                                     const std::function<void(const TrajectoryPoint&)>& onPoint,
                                     std::stop_token stop) {
    Vocabulary vocabulary = Vocabulary::build(corpus, Split::Train, vocabularyWords);
    const LabelledIds trainSet = encodeSplit(corpus, Split::Train, vocabulary, training.maxLength);
    const LabelledIds testSet = encodeSplit(corpus, Split::Test, vocabulary, training.maxLength);
    if (trainSet.ids.empty())
        throw Error(ErrorCode::InvalidArgument,
                    corpus.name + " has no labelled training reviews: nothing to train on");
    settings.vocabularySize = std::int32_t(vocabulary.size());
    TrajectoryResult result;
    result.training.model = Model{LstmClassifier(settings),
                                  std::move(vocabulary),
                                  {},
                                  {},
                                  std::string("trained by Flicker ") + kVersion};
    const Vocabulary& vocab = result.training.model.vocabulary;

    auto probe = [&](const LstmClassifier& network, TrajectoryPoint point) {
        const StudyResult s = runStudy(network, vocab, corpus, trajectory.probe, {}, stop);
        point.summary = s.summary;
        point.probeReviews = s.reviews.size();
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
        inner.onBatchModel = [&](const BatchProgress& b, const LstmClassifier& network) {
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
    TrainResult r = train(result.training.model.network, trainSet, testSet, training, inner, stop);
    r.history.dataset = corpus.name;
    result.training.model.history = std::move(r.history);
    result.training.stop = r.stop;
    return result;
}

} // namespace flicker
