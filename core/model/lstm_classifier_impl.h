// Private to core: the LibTorch module behind LstmClassifier. Include only from the few core
// .cpp files that need LibTorch (never together with a Qt header: Qt's `slots` macro breaks it).
#pragma once

#include "model/lstm_classifier.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

namespace flicker::detail {

struct ClassifierImpl {
    ModelSettings settings;
    torch::nn::Embedding embedding{nullptr};
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Linear fc{nullptr};

    explicit ClassifierImpl(const ModelSettings& s);

    /// Noise for one forward pass in training (TrainingSettings::inputNoise, hiddenNoise),
    /// drawn from `generator` (a generator of its own, so that a seeded run repeats whatever
    /// else uses torch's global one). `unrolled` forces the step-by-step LSTM without noise.
    struct Noise {
        double input = 0, hidden = 0;
        at::Generator* generator = nullptr; ///< required when input or hidden > 0
        bool unrolled = false;
        /// Without hidden noise and unrolled: Flicker's fused layer (fused_lstm.h) instead of
        /// torch::nn::LSTM, with the same parameters (TrainingSettings::lstmKernel).
        bool fused = false;
    };

    /// h at every step (B × T × H) of the LSTM on embedded inputs x (B × T × E, batch first):
    /// torch::nn::LSTM (or Flicker's fused layer with noise.fused), or, with hidden noise or
    /// noise.unrolled, the same cell step by step with the same parameters (so checkpoints are
    /// unchanged), adding N(0, hidden²) to h after each step.
    torch::Tensor hiddenStates(const torch::Tensor& x, const Noise& noise);
    /// The embedded inputs (B × T × E) of ids, plus N(0, input²) when input noise is on.
    torch::Tensor embed(const torch::Tensor& ids, const Noise& noise);

    /// Logits (B) for a right-padded batch of ids (B × T, int64) with true lengths (B, int64,
    /// ≥ 1). Each review's logit comes from the hidden state at its own last word; the padding
    /// after it cannot influence that state (the LSTM reads left to right).
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& lengths);
    /// The same with training noise (noise-free Noise{} is exactly forward() above).
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& lengths,
                          const Noise& noise);

    std::vector<torch::Tensor> parameters() const;
};

/// The generator of a training run's noise: seeded from the run's seed, apart from the
/// batch order's and the initialisation's streams.
at::Generator noiseGenerator(std::uint64_t trainingSeed);

/// Pads a list of reviews (ids) into a B × maxLen int64 tensor and their lengths.
std::pair<torch::Tensor, torch::Tensor>
padBatch(const std::vector<const std::vector<std::int32_t>*>& batch);

} // namespace flicker::detail
