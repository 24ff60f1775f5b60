// The network: Embedding(V, E) → one LSTM layer of H cells → Linear(H → 1) on the last hidden
// state. LibTorch sits behind a pimpl: this header is plain C++.
#pragma once

#include "model/model_types.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace flicker {

namespace detail {
struct ClassifierImpl; // LibTorch module, defined in lstm_classifier_impl.h
}

class LstmClassifier {
public:
    /// A freshly initialised network (PyTorch's default initialisation, seeded).
    explicit LstmClassifier(const ModelSettings& settings = {});
    /// A network with the given weights (checked against the settings).
    LstmClassifier(const ModelSettings& settings, const ModelWeights& weights);
    ~LstmClassifier();
    LstmClassifier(LstmClassifier&&) noexcept;
    LstmClassifier& operator=(LstmClassifier&&) noexcept;
    LstmClassifier(const LstmClassifier& other);            ///< deep copy
    LstmClassifier& operator=(const LstmClassifier& other); ///< deep copy

    const ModelSettings& settings() const;
    ModelWeights weights() const;
    void setWeights(const ModelWeights& weights);

    /// Probability that each review is positive (ids already truncated as wanted; empty
    /// reviews give 0.5). Runs without gradients, batched by length, on Flicker's fused LSTM
    /// layer or torch::nn::LSTM (the same function; `kernel` only changes the speed).
    std::vector<float> predict(const std::vector<std::vector<std::int32_t>>& reviews,
                               LstmKernel kernel = LstmKernel::Fused) const;

    /// h of one review at every step (T × H, row-major) as training computes it: N(0,
    /// inputNoise²) on the word vectors and N(0, hiddenNoise²) on h after each step, drawn from
    /// a generator seeded with `noiseSeed` (a training run's seed draws the same stream); the
    /// step-by-step LSTM when hidden noise is on or `unrolled` is set, torch::nn::LSTM's fused
    /// one otherwise. No gradients. For checks: predictions and the recorder run clean.
    std::vector<float> trainingHiddenStates(std::span<const std::int32_t> ids, double inputNoise,
                                            double hiddenNoise, std::uint64_t noiseSeed,
                                            bool unrolled = false) const;

    detail::ClassifierImpl& impl() const { return *m_impl; }

private:
    std::unique_ptr<detail::ClassifierImpl> m_impl;
};

/// Sets LibTorch's thread count once for the process (0 → Flicker's tuned default for this
/// machine). Call from main() before any model work.
void configureTorchThreads(int threads = 0);
/// The default used for 0 above (measured: see BENCHMARKS.md).
int defaultTorchThreads();

} // namespace flicker
