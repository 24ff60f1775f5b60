// From a corpus to a trained model: vocabulary from the training split, reviews encoded and
// truncated as the spec says, training with progress, and the Model bundle that is saved.
#pragma once

#include "model/model.h"
#include "text/review.h"
#include "train/trainer.h"

#include <stop_token>

namespace flicker {

/// The labelled reviews of one split as ids (first maxLength tokens; 0 → all). Reviews
/// without a label or without tokens are left out.
LabelledIds encodeSplit(const Corpus& corpus, Split split, const Vocabulary& vocabulary,
                        std::size_t maxLength);

/// A new model for a data set and what it trains on: the vocabulary of the `vocabularyWords`
/// most frequent training words, an untrained network with settings.vocabularySize set from
/// it, and the labelled train and test reviews encoded (first training.maxLength tokens).
/// Throws Error(InvalidArgument) when the data set has no labelled training review.
struct TrainingPlan {
    Model model;
    LabelledIds trainSet, testSet;
};
TrainingPlan planTraining(const Corpus& corpus, ModelSettings settings,
                          const TrainingSettings& training, std::size_t vocabularyWords);

/// Builds the vocabulary (the `vocabularyWords` most frequent training words), encodes train
/// and test, and trains a new network. settings.vocabularySize is set from the vocabulary.
/// Cancelled: the model as it was after the last finished batch. As train() otherwise.
Outcome<Model> trainOnCorpus(const Corpus& corpus, ModelSettings settings,
                             const TrainingSettings& training,
                             std::size_t vocabularyWords = kDefaultVocabularyWords,
                             const TrainCallbacks& callbacks = {}, const ProgressFn& progress = {},
                             std::stop_token stop = {});

} // namespace flicker
