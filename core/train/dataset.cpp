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

Outcome<Model> trainOnCorpus(const Corpus& corpus, ModelSettings settings,
                             const TrainingSettings& training, std::size_t vocabularyWords,
                             const TrainCallbacks& callbacks, const ProgressFn& progress,
                             std::stop_token stop) {
    Vocabulary vocabulary = Vocabulary::build(corpus, Split::Train, vocabularyWords);
    const LabelledIds trainSet = encodeSplit(corpus, Split::Train, vocabulary, training.maxLength);
    const LabelledIds testSet = encodeSplit(corpus, Split::Test, vocabulary, training.maxLength);
    if (trainSet.ids.empty())
        throw Error(ErrorCode::InvalidArgument,
                    corpus.name +
                        " has no labelled training reviews: training needs a data set "
                        "with labels (aclImdb train/pos and train/neg, or a CSV label column)");
    settings.vocabularySize = std::int32_t(vocabulary.size());
    Outcome<Model> result{Model{LstmClassifier(settings),
                                std::move(vocabulary),
                                {},
                                {},
                                std::string("trained by Flicker ") + kVersion}};
    Outcome<TrainingHistory> r =
        train(result.value.network, trainSet, testSet, training, callbacks, progress, stop);
    r.value.dataset = corpus.name;
    result.value.history = std::move(r.value);
    result.cancelled = r.cancelled;
    return result;
}

} // namespace flicker
