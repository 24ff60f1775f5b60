// Training the LSTM classifier: Adam, binary cross-entropy on the logit, gradient clipping,
// batches bucketed by length, progress per batch and per epoch, cancel within one batch, and
// an error, before the bad step is applied, when the loss or a gradient stops being finite.
#pragma once

#include "model/lstm_classifier.h"
#include "model/model_types.h"
#include "task.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <vector>

namespace flicker {

/// Encoded reviews (ids, already truncated to the training length) with labels 0/1.
struct LabelledIds {
    std::vector<std::vector<std::int32_t>> ids;
    std::vector<int> labels;
};

struct BatchRecord {
    int epoch = 1; ///< 1-based
    int epochs = 1;
    std::size_t batch = 0;      ///< batches done in this epoch
    std::size_t batches = 0;    ///< batches per epoch
    double loss = 0;            ///< this batch's mean BCE
    double tokensPerSecond = 0; ///< over the epoch so far
};

struct TrainCallbacks {
    std::function<void(const BatchRecord&)> onBatch;
    /// After each epoch (and once for epoch 0, before training, when evaluateInitial is set),
    /// with the model as it is then: the place to run a training-trajectory probe.
    std::function<void(const EpochRecord&, const LstmClassifier&)> onEpoch;
    bool evaluateInitial = false;
    /// After each batch, with the model as it is then (for probes every k batches).
    std::function<void(const BatchRecord&, const LstmClassifier&)> onBatchModel;
};

/// Fraction of reviews whose predicted class (P > 0.5) equals the label (predict() with
/// `kernel`).
double accuracy(const LstmClassifier& model, const LabelledIds& data,
                LstmKernel kernel = LstmKernel::Fused);

/// Trains `model` in place and returns its history. On a stop the weights are those after the
/// last finished batch and the outcome is cancelled (history.note says where). A loss or
/// gradient that is not finite throws Error(NonFinite) before the bad step is applied, and a
/// step that leaves a weight not finite (e.g. an enormous learning rate) is undone before the
/// same error: `model` then holds the last good weights. Callers keep no file of such a run.
/// Throws Error(InvalidArgument) for empty data or bad settings. Progress: stage "training",
/// batches done of all epochs' batches.
Outcome<TrainingHistory> train(LstmClassifier& model, const LabelledIds& trainSet,
                               const LabelledIds& testSet, const TrainingSettings& settings,
                               const TrainCallbacks& callbacks = {},
                               const ProgressFn& progress = {}, std::stop_token stop = {});

} // namespace flicker
