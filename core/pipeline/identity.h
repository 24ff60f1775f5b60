// A result found in an output folder is reused only when it was made from what this run asks
// for: the same data set, study settings and training. Otherwise a rerun with other settings
// would report the old numbers under the new settings' name (and rewrite their provenance).
#pragma once

#include "io/study_io.h"
#include "model/model.h"
#include "study/study.h"

#include <string>

namespace flicker {

/// Epochs a model was trained for: its history's records after epoch 0 (the evaluation before
/// training that a model trained with its trajectory also has).
std::size_t epochsTrained(const TrainingHistory& history);

/// Each throws Error(InvalidArgument) naming `file`, what differs and what to do (another
/// --out, or removing the folder to recompute it).
void checkSameData(const Provenance& stored, const Corpus& corpus, const std::string& file);
/// The same against the data set identity in `now` (a sweep plan's, without the corpus).
void checkSameData(const Provenance& stored, const Provenance& now, const std::string& file);
void checkSameStudy(const StudySettings& stored, const StudySettings& wanted,
                    const std::string& file);
/// The network's size and seed and the training settings (epochs, batch, learning rate, clip,
/// training length, seed, input and hidden noise).
void checkSameTraining(const Model& stored, const ModelSettings& model,
                       const TrainingSettings& training, const std::string& file);

} // namespace flicker
