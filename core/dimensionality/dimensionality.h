// The dimensionality lab (Farrell et al. 2022): a vanilla RNN learns the delayed classification
// of clustered points; the participation ratio of its hidden states per step is measured before,
// during and after training, with held-out-cluster generalisation, the Lyapunov spectrum and
// PCA snapshots. Settings and results are plain structs; the training (LibTorch) lives in
// dimensionality.cpp.
#pragma once

#include "dimensionality/rnn.h"
#include "task.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace flicker {

enum class DimensionalityLoss {
    CrossEntropy, ///< cross-entropy of the readout at the last step (the paper's main loss)
    Mse,          ///< mean squared error to the one-hot target × 0.7 (the variant)
};
const char* dimensionalityLossName(DimensionalityLoss loss); ///< "ce", "mse"
std::optional<DimensionalityLoss> dimensionalityLossFromName(const std::string& name);

/// One run: one γ, one input dimension, one seed. Defaults are the paper's unless noted.
struct DimensionalitySettings {
    // The task.
    std::size_t inputDim = 200; ///< d: 200 or 2
    std::size_t clusters = 60;
    double clusterSd = 0.02;             ///< σ_c
    std::size_t steps = 10;              ///< the input at step 0, the loss at step `steps`
    std::size_t extraSteps = 5;          ///< measured past the horizon (zero input): steps 0 … 15
    std::size_t trainSamples = 800;      ///< fresh every epoch
    std::size_t validationSamples = 120; ///< fresh every epoch (plateau rule, curves)
    std::size_t measureSamples = 500;    ///< fixed set for PR, generalisation, PCA, test accuracy
    // The network.
    std::size_t units = 200;
    double gamma = 20; ///< 20 "edge of chaos", 250 "strongly chaotic"
    double dt = 0.01;
    InputMapping inputMapping = InputMapping::Orthogonal;
    // Training.
    int epochs = 0; ///< 0 = the paper's: 40 when d > 2, 80 when d ≤ 2
    DimensionalityLoss loss = DimensionalityLoss::CrossEntropy;
    double learningRate = 0; ///< 0 = the loss' default: 1e-3 (CE), 5e-3 (MSE)
    std::size_t batchSize = 10;
    double rmspropAlpha = 0.9; ///< RMSprop smoothing, no momentum
    int plateauPatience = 5;   ///< epochs without a lower validation loss before halving lr
    double plateauFactor = 0.5;
    double mseTargetScale = 0.7;
    double noiseSd = 0; ///< Gaussian noise on every unit after tanh, every step, training
    double dropout = 0; ///< dropout probability of the hidden units, training only
    // Measures.
    int prEvery = 1; ///< PR after every k-th epoch (and always after the last)
    std::size_t lyapunovExponents = 20;
    std::size_t lyapunovSteps = 500;
    std::size_t lyapunovTransient = 100;
    int generalisationRepeats = 5;
    double heldOutFraction = 0.2;
    std::uint64_t seed = 1; ///< task, network, samples, noise: the same seed, the same run
};

/// The epochs a run trains for (the paper's default when settings.epochs is 0).
int effectiveEpochs(const DimensionalitySettings& s);
/// The learning rate a run uses (the loss' default when settings.learningRate is 0).
double effectiveLearningRate(const DimensionalitySettings& s);
/// Throws Error(InvalidArgument) naming the first setting out of range.
void validate(const DimensionalitySettings& s);

/// One epoch of training (epoch 0: before training, evaluated only, its "validation" numbers on
/// the measuring set).
struct DimensionalityEpoch {
    int epoch = 0;
    double trainLoss = 0;      ///< mean over the epoch's batches (NaN for epoch 0)
    double trainAccuracy = 0;  ///< of the epoch's batches, at the last step
    double validationLoss = 0; ///< on the epoch's fresh validation samples, no noise
    double validationAccuracy = 0;
    double learningRate = 0; ///< used in this epoch
    std::vector<double> pr;  ///< PR per step 0 … steps + extraSteps; empty when not measured
    double seconds = 0;
};

/// Hidden states of the measuring set projected on their two leading principal components.
struct PcaSnapshot {
    int epoch = 0;
    /// Per step 0 … 15: samples × 2 coordinates, row-major (step 0: the inputs themselves).
    std::vector<std::vector<float>> coordinates;
    std::vector<std::vector<double>> explained; ///< per step: the fraction of variance per PC
};

struct DimensionalityResult {
    DimensionalitySettings settings;       ///< as run (epochs and learning rate resolved)
    std::vector<int> steps;                ///< 0 … steps + extraSteps
    std::vector<double> prBefore, prAfter; ///< per step
    std::vector<double> generalisationBefore, generalisationAfter; ///< per step, in [0, 1]
    std::vector<double> lyapunovBefore, lyapunovAfter;             ///< top exponents, ln per step
    std::vector<DimensionalityEpoch> epochs;                       ///< epoch 0 … last finished
    std::optional<PcaSnapshot> pcaBefore, pcaAfter;
    std::vector<int> measureLabels; ///< the class of each measuring sample (PCA colours)
    double testAccuracyBefore = 0;  ///< on the measuring set, at the last step
    double testAccuracy = 0;
    double connectivityRadius = 0; ///< |λ_max| of γ·J/|λ_max(J)| (= γ)
    double seconds = 0;
    bool completed = false; ///< trained all epochs and measured the end
};

/// Step index 0 is the input itself (its PR equals that of W_in·x, W_in being a scaled
/// orthogonal map); step t ≥ 1 is h_t, the input entering at step 1.
struct DimensionalityCallbacks {
    /// After each epoch (and epoch 0) and after each set of measures, with the run so far.
    std::function<void(const DimensionalityResult&)> onUpdate;
};

/// Trains one network and measures it, with LibTorch on one thread (the caller's thread count
/// is restored at the end: the tensors are too small to share). Progress: stage "measuring" or
/// "training" (batches of all epochs). On a stop: the outcome is cancelled and holds what was
/// finished (completed = false). Throws Error(InvalidArgument) for bad settings, Error(NonFinite)
/// when the loss stops being finite (nothing of the run is kept), Error(Cancelled) on a stop before
/// anything was measured.
Outcome<DimensionalityResult> runDimensionality(const DimensionalitySettings& settings,
                                                const DimensionalityCallbacks& callbacks = {},
                                                const ProgressFn& progress = {},
                                                std::stop_token stop = {});

/// Several runs: every γ × every seed (each from `base`), in that order.
struct DimensionalityLabSettings {
    DimensionalitySettings base;
    std::vector<double> gammas{20, 250};
    std::vector<std::uint64_t> seeds{1};
};

struct DimensionalityLabResult {
    DimensionalityLabSettings settings;
    std::vector<DimensionalityResult> runs; ///< finished runs, then the stopped one, if any
    double seconds = 0;
};

/// Runs the lab. onRun(index, run) after each update of run `index` (the live figures).
/// Progress: part = run index, parts = runs. A stop returns the runs so far, cancelled.
Outcome<DimensionalityLabResult> runDimensionalityLab(
    const DimensionalityLabSettings& settings,
    const std::function<void(std::size_t, const DimensionalityResult&)>& onRun = {},
    const ProgressFn& progress = {}, std::stop_token stop = {});

} // namespace flicker
