// Plain value types of the LSTM sentiment classifier: its sizes, its weights as float arrays
// (PyTorch's layout and gate order i, f, g, o) and its training history. No LibTorch here.
#pragma once

#include "signal/random.h"

#include <cstdint>
#include <string>
#include <vector>

namespace flicker {

struct ModelSettings {
    std::int32_t vocabularySize = 10002; ///< words incl. <pad> = 0 and <unk> = 1
    std::int32_t embedding = 64;         ///< E, size of a word vector
    std::int32_t hidden = 64;            ///< H, number of LSTM cells
    std::uint64_t seed = kDefaultSeed;   ///< initialisation seed
};

/// Largest sizes a network may have: far beyond the paper's (E = 64, H ≤ 512) and any real
/// vocabulary, small enough that a mistyped size is refused instead of allocating gigabytes.
inline constexpr std::int32_t kMaxEmbedding = 4096;
inline constexpr std::int32_t kMaxHidden = 4096;
inline constexpr std::int32_t kMaxVocabulary = 4'000'000;
/// At most this many parameters in all (1 GiB of float32).
inline constexpr std::uint64_t kMaxParameters = std::uint64_t(1) << 28;

/// Number of parameters of a network of these sizes (embedding, LSTM, output layer).
std::uint64_t parameterCount(const ModelSettings& settings);

/// Throws flicker::Error(InvalidArgument) naming the setting when a size is out of range
/// (vocabulary 3 … kMaxVocabulary, embedding 1 … kMaxEmbedding, hidden 1 … kMaxHidden) or the
/// network would hold more than kMaxParameters.
void checkModelSettings(const ModelSettings& settings);

/// All parameters, row-major, as torch::nn::Embedding / LSTM / Linear hold them.
struct ModelWeights {
    std::vector<float> embedding; ///< V × E
    std::vector<float> weightIh;  ///< 4H × E, gate blocks i, f, g, o
    std::vector<float> weightHh;  ///< 4H × H
    std::vector<float> biasIh;    ///< 4H
    std::vector<float> biasHh;    ///< 4H
    std::vector<float> fcWeight;  ///< 1 × H
    std::vector<float> fcBias;    ///< 1
};

/// Throws flicker::Error(InvalidArgument) when a weight array does not fit the settings,
/// naming the array and both sizes.
void checkWeights(const ModelSettings& settings, const ModelWeights& weights);

/// How training runs the LSTM layer. Both compute the same function of the same parameters
/// (checkpoints do not record which); only the speed differs (BENCHMARKS.md).
enum class LstmKernel {
    Fused,    ///< Flicker's fused layer: core/model/fused_lstm.h
    LibTorch, ///< torch::nn::LSTM, for comparison
};

struct TrainingSettings {
    int epochs = 10;
    int batchSize = 64;
    double learningRate = 1e-3;        ///< Adam
    double gradientClip = 5.0;         ///< max global L2 norm of the gradient
    std::size_t maxLength = 500;       ///< training sequences: the first maxLength tokens
    std::uint64_t seed = kDefaultSeed; ///< shuffling and initialisation
    int threads = 0;                   ///< LibTorch intra-op threads, 0 → the tuned default
    /// Gaussian noise during training only (science.md §4; the recorder, predictions and
    /// studies always run clean). SD of N(0, σ²) added to every word vector at every step
    /// (Bricken-style input noise), in the units of the embedding; 0 = none.
    double inputNoise = 0;
    /// SD of N(0, σ²) added to h after every step (Farrell-style): the noisy h is what the next
    /// step and the readout see. Needs the step-by-step LSTM (slower); 0 = none, and the fused
    /// torch::nn::LSTM path runs as before.
    double hiddenNoise = 0;
    /// The LSTM layer's implementation in training without hidden noise (hidden noise always
    /// runs the step-by-step cell). Predictions, the recorder and studies are unaffected.
    LstmKernel lstmKernel = LstmKernel::Fused;
};

/// Largest noise SD accepted: far above anything useful (h lies in (−1, 1)), small enough
/// that a mistyped value is refused instead of drowning the signal.
inline constexpr double kMaxTrainingNoise = 100.0;

/// One epoch's summary (epoch 0 = before training).
struct EpochRecord {
    int epoch = 0;
    double trainLoss = 0;       ///< mean BCE over the epoch's batches (NaN-free)
    double trainAccuracy = 0;   ///< fraction of training reviews classified right
    double testAccuracy = 0;    ///< on the test split, −1 when not evaluated
    double seconds = 0;         ///< wall time of the epoch
    double tokensPerSecond = 0; ///< training tokens processed per second
};

struct TrainingHistory {
    TrainingSettings settings;
    std::string dataset; ///< name of the corpus trained on
    std::vector<EpochRecord> epochs;
    bool completed = false; ///< all epochs ran (not cancelled or stopped by NaN)
    std::string note;       ///< why it stopped early, if it did
};

} // namespace flicker
