// Private to core: the LibTorch module behind LstmClassifier. Include only from the few core
// .cpp files that need LibTorch (never together with a Qt header: Qt's `slots` macro breaks it).
#pragma once

#include "model/lstm_classifier.h"

#include <torch/torch.h>

namespace flicker::detail {

struct ClassifierImpl {
    ModelSettings settings;
    torch::nn::Embedding embedding{nullptr};
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Linear fc{nullptr};

    explicit ClassifierImpl(const ModelSettings& s);

    /// Logits (B) for a right-padded batch of ids (B × T, int64) with true lengths (B, int64,
    /// ≥ 1). Each review's logit comes from the hidden state at its own last word; the padding
    /// after it cannot influence that state (the LSTM reads left to right).
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& lengths);

    std::vector<torch::Tensor> parameters() const;
};

/// Pads a list of reviews (ids) into a B × maxLen int64 tensor and their lengths.
std::pair<torch::Tensor, torch::Tensor>
padBatch(const std::vector<const std::vector<std::int32_t>*>& batch);

} // namespace flicker::detail
