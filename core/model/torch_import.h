// Private to core: reads the weights of a TorchScript LSTM classifier (LibTorch's JIT loader).
#pragma once

#include "model/model_types.h"

#include <string>
#include <utility>

namespace flicker::detail {

/// Sizes and weights of the module saved at `path` (attributes embedding, lstm, fc).
std::pair<ModelSettings, ModelWeights> readTorchScriptWeights(const std::string& path);

} // namespace flicker::detail
