// The sparsity lab's network and its training (LibTorch behind a pimpl): noisy input →
// Linear(d, n) → ReLU → Linear(n, out), Adam with gradient-norm clipping, the annealing
// schedule, per-epoch measures on the test set, cancel within one batch, and an error before a
// non-finite step is kept (the network then holds the last good weights).
#pragma once

#include "sparsity/image_data.h"
#include "sparsity/sparsity.h"
#include "task.h"

#include <functional>
#include <memory>
#include <span>
#include <stop_token>

namespace flicker {

namespace detail {
struct SparseNetworkImpl;
}

class SparseNetwork {
public:
    /// A freshly initialised network for `inputs` pixels (rows × cols) and the task's outputs
    /// (inputs for reconstruction, `classes` for classification), seeded by settings.seed:
    /// weights and biases uniform in ±1/√fan-in (PyTorch's nn.Linear default).
    SparseNetwork(std::size_t imageRows, std::size_t imageCols, int classes,
                  const SparsitySettings& settings);
    ~SparseNetwork();
    SparseNetwork(SparseNetwork&&) noexcept;
    SparseNetwork& operator=(SparseNetwork&&) noexcept;

    const SparsitySettings& settings() const;
    std::size_t inputs() const;
    std::size_t outputs() const;
    /// Learnable numbers in all, and of them the hidden layer's biases (1 when shared).
    std::size_t parameterCount() const;
    std::size_t hiddenBiasCount() const;

    /// The first layer as plain arrays (receptive fields and biases).
    SparseWeights weights() const;
    /// ReLU activations (rows × width) and outputs (rows × outputs) of inputs already scaled
    /// (rows × inputs), no noise added.
    std::vector<float> hidden(std::span<const float> inputs, std::size_t rows) const;
    std::vector<float> output(std::span<const float> inputs, std::size_t rows) const;

    detail::SparseNetworkImpl& impl() { return *m_impl; }
    const detail::SparseNetworkImpl& impl() const { return *m_impl; }

private:
    std::unique_ptr<detail::SparseNetworkImpl> m_impl;
};

/// Inputs as the network sees them: the images of `set` at `indices`, scaled as `scaling` says
/// with the per-pixel statistics of `reference` (the training set), in input units.
std::vector<float> scaledImages(const ImageSet& set, std::span<const std::size_t> indices,
                                InputScaling scaling, const ImageSet& reference);

/// One training batch as the trainer builds it: inputs = clean + σ·ε (ε drawn from `noiseSeed`
/// as the trainer draws it), targets = the clean inputs (reconstruction) or the labels
/// (classification, as floats). Noise never reaches the targets.
struct TrainingBatch {
    std::vector<float> inputs;  ///< rows × pixels
    std::vector<float> targets; ///< rows × pixels, or rows labels
};
TrainingBatch makeTrainingBatch(const ImageData& data, const SparsitySettings& settings,
                                std::span<const std::size_t> indices, double sigma,
                                std::uint64_t noiseSeed);

struct SparsityCallbacks {
    /// After epoch 0 (before training) and after every epoch, with the network as it is then.
    std::function<void(const SparsityEpoch&, const SparseNetwork&)> onEpoch;
};

/// Trains `network` in place on data.train (the first settings.trainImages) and measures it on
/// data.test (the first settings.testImages): the epochs, the final measures on clean and noisy
/// test inputs and six image triplets. A stop ends within one batch: the outcome is cancelled,
/// the network keeps the weights of the last finished batch and the run holds the epochs
/// finished (no final measures). A non-finite loss, gradient or weight throws Error(NonFinite)
/// before the bad step is kept. Throws Error(InvalidArgument) for bad settings or data that do
/// not fit the network. Progress: stage "training", batches of all epochs; then "measuring".
Outcome<SparsityRun> trainSparseNetwork(SparseNetwork& network, const ImageData& data,
                                        const SparsityCallbacks& callbacks = {},
                                        const ProgressFn& progress = {}, std::stop_token stop = {});

} // namespace flicker
