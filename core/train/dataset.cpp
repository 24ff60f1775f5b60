#include "train/dataset.h"

#include "error.h"

#include <flicker/version.h>

namespace flicker {

LabelledIds encodeSplit(const Corpus& corpus, Split split, const Vocabulary& vocabulary,
                        std::size_t maxLength) {
    LabelledIds out;
    for (const Review& r : corpus.reviews) {
        if (r.split != split || r.label < 0 || r.tokens.empty()) continue;
        out.ids.push_back(vocabulary.encode(r.tokens, maxLength));
        out.labels.push_back(r.label);
    }
    return out;
}

TrainingPlan planTraining(const Corpus& corpus, ModelSettings settings,
                          const TrainingSettings& training, std::size_t vocabularyWords) {
    Vocabulary vocabulary = Vocabulary::build(corpus, Split::Train, vocabularyWords);
    TrainingPlan plan;
    plan.trainSet = encodeSplit(corpus, Split::Train, vocabulary, training.maxLength);
    plan.testSet = encodeSplit(corpus, Split::Test, vocabulary, training.maxLength);
    if (plan.trainSet.ids.empty())
        throw Error(ErrorCode::InvalidArgument,
                    corpus.name +
                        " has no labelled training reviews: training needs a data set "
                        "with labels (aclImdb train/pos and train/neg, or a CSV label column)");
    settings.vocabularySize = std::int32_t(vocabulary.size());
    plan.model = Model{LstmClassifier(settings),
                       std::move(vocabulary),
                       {},
                       {},
                       std::string("trained by Flicker ") + kVersion};
    plan.model.history.dataset = corpus.name;
    return plan;
}

Outcome<Model> trainOnCorpus(const Corpus& corpus, ModelSettings settings,
                             const TrainingSettings& training, std::size_t vocabularyWords,
                             const TrainCallbacks& callbacks, const ProgressFn& progress,
                             std::stop_token stop) {
    TrainingPlan plan = planTraining(corpus, settings, training, vocabularyWords);
    Outcome<TrainingHistory> r =
        train(plan.model.network, plan.trainSet, plan.testSet, training, callbacks, progress, stop);
    r.value.dataset = corpus.name;
    plan.model.history = std::move(r.value);
    return {std::move(plan.model), r.cancelled};
}

} // namespace flicker
