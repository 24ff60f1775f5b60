// Writes small TorchScript files of Flicker's LSTM classifier shape (embedding, lstm, fc) for
// the tests, some of them deliberately damaged, so that no binary fixture has to be shipped.
// Plain C++ types only: the tests that call it include Qt, which must not meet LibTorch's headers.
#pragma once

#include <string>

namespace flicker::testing {

enum class TorchScriptDamage {
    None,         ///< a valid module: V = 12, E = 4, H = 6, loads with tests/data/tiny_vocab.json
    OffsetBeyond, ///< embedding.weight's storage offset lies past the end of its storage
    StrideBeyond, ///< lstm.weight_hh_l0's strides reach past the end of its storage
    NonFinite,    ///< fc.weight holds a NaN
    ShortBias,    ///< lstm.bias_ih_l0 has 3 values instead of 4H
};

/// Saves a module with torch::jit::Module::save; the damage is made to the tensors in memory
/// before saving, so the file describes exactly what the unpickler will rebuild.
void writeTorchScriptClassifier(const std::string& path, TorchScriptDamage damage);

} // namespace flicker::testing
