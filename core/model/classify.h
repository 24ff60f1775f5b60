// What a model says about every review of a data set: the ids it reads and P(positive). The
// explorer's review list and the app's start use it; the same function for GUI and CLI.
#pragma once

#include "model/model.h"
#include "task.h"
#include "text/review.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <vector>

namespace flicker {

/// The model's view of a corpus: every review's token ids (first `maxLength` words, the
/// model's own tokenizer and vocabulary) and P(positive) (NaN until classified).
struct CorpusPredictions {
    std::vector<std::vector<std::int32_t>> ids;
    std::vector<float> probability;
};

/// Encodes and classifies every review of `corpus` with `model`, in batches. Progress: stage
/// "classifying", reviews done; a stop throws Error(Cancelled) between batches.
CorpusPredictions classifyCorpus(const Model& model, const Corpus& corpus, std::size_t maxLength,
                                 const ProgressFn& progress = {}, std::stop_token stop = {});

/// Called after each batch with the index of its first review and its probabilities.
using ClassifiedBatchFn =
    std::function<void(std::size_t first, const std::vector<float>& probability)>;

/// The same, handing each batch's probabilities to `onBatch` as soon as it is classified (the
/// explorer fills its list while the rest is still being classified).
CorpusPredictions classifyCorpusStreaming(const Model& model, const Corpus& corpus,
                                          std::size_t maxLength, const ClassifiedBatchFn& onBatch,
                                          const ProgressFn& progress = {},
                                          std::stop_token stop = {});

} // namespace flicker
