// The sparsity lab (Bricken et al. 2023, docs: science.md §3): a one-hidden-layer ReLU network
// trained on noisy inputs — x + σ·ε → Linear(d, n) → ReLU → Linear(n, out) — to reconstruct the
// clean input or to classify it, and the measures of how sparse its hidden code becomes. This
// header holds the settings and result structs and the measures, as plain functions on plain
// arrays; the network and its training are sparse_network.h, the sweep sparsity_sweep.h.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace flicker {

enum class SparsityTask {
    Reconstruct, ///< MSE to the clean input (a denoising autoencoder)
    Classify,    ///< cross-entropy over the classes
};
enum class InputNoise {
    Gaussian, ///< ε ~ N(0, 1)
    Laplace,  ///< ε ~ Laplace of variance 1 (scale 1/√2), so σ is the noise's SD in both
};
enum class InputScaling {
    UnitRange,    ///< pixel / 255, in [0, 1] (the default)
    Standardised, ///< per pixel: (x − mean) / SD over the training images (SD floored at 1e-3)
};

const char* sparsityTaskName(SparsityTask t); ///< "reconstruct", "classify"
const char* inputNoiseName(InputNoise k);     ///< "gaussian", "laplace"
const char* inputScalingName(InputScaling s); ///< "unit-range", "standardised"
std::optional<SparsityTask> sparsityTaskFromName(const std::string& name);
std::optional<InputNoise> inputNoiseFromName(const std::string& name);
std::optional<InputScaling> inputScalingFromName(const std::string& name);

/// A unit whose summed activation over a training epoch is below this is dead (science.md §3).
inline constexpr double kDeadThreshold = 1e-5;
/// Networks wider than this are refused (the paper's largest is 100,000; 10,000 is its main).
inline constexpr int kMaxSparsityWidth = 100'000;

/// One network of the lab: its data handling, architecture and training. Units are stated.
struct SparsitySettings {
    SparsityTask task = SparsityTask::Reconstruct;
    int width = 1000;   ///< hidden ReLU units n
    double sigma = 0.3; ///< noise SD on the inputs (in input units: [0, 1] pixels by default)
    InputNoise noise = InputNoise::Gaussian;
    InputScaling scaling = InputScaling::UnitRange;
    bool sharedBias = false; ///< one scalar bias shared by all hidden units (the paper's variant)
    /// Training epochs in all. The paper trains for hundreds; 10 is a laptop default.
    int epochs = 10;
    /// Annealing (0, 0 = off): σ for the first annealHold epochs, then lowered linearly to 0
    /// over annealRamp epochs (per batch), then 0 for the epochs left. Needs hold + ramp ≤ epochs.
    int annealHold = 0, annealRamp = 0;
    int batchSize = 512;
    double learningRate = 1e-4;  ///< Adam
    double gradientClip = 1.0;   ///< on the norm of all gradients together
    std::size_t trainImages = 0; ///< the first N training images (0 = all)
    std::size_t testImages = 0;  ///< the first N test images (0 = all)
    std::uint64_t seed = 1;      ///< initialisation, shuffles and noise
};

/// Throws Error(InvalidArgument) naming the setting that is out of range.
void checkSparsitySettings(const SparsitySettings& s);

/// σ during epoch `epoch` (1-based) at `fraction` ∈ [0, 1) of its batches: the annealing schedule.
double sigmaAt(const SparsitySettings& s, int epoch, double fraction);

/// How active a layer's units are on a set of inputs. Dead units are counted apart and left
/// out of the fractions and counts (a dead unit is not a sparse code).
struct ActivityStats {
    std::size_t inputs = 0, units = 0;
    std::size_t deadUnits = 0;
    double deadFraction = 0;      ///< dead units / units
    double fractionActive = 0;    ///< P(a > 0) over living units and inputs (NaN: none alive)
    double fractionActiveAll = 0; ///< the same over all units, dead ones included
    double activeMean = 0;        ///< living units active per input: mean
    double activeSd = 0;          ///< … and its SD over inputs (a Top-K code has SD 0)
    std::vector<std::uint32_t> activePerInput; ///< living units active, per input
    std::vector<double> unitFraction;          ///< per unit: the fraction of inputs it is on
};

/// Counts activity batch by batch (a test pass of a wide layer never needs the whole matrix).
class ActivityTally {
public:
    /// `dead[k]` marks unit k as dead (empty: none is).
    ActivityTally(std::size_t units, std::vector<bool> dead = {});
    /// `rows` inputs × units activations, row-major.
    void add(std::span<const float> activations, std::size_t rows);
    ActivityStats stats() const;

private:
    std::size_t m_units;
    std::vector<bool> m_dead;
    std::vector<std::uint64_t> m_onCount;
    std::vector<std::uint32_t> m_perInput;
};

/// The same for a whole matrix at once.
ActivityStats activityStats(std::span<const float> activations, std::size_t inputs,
                            std::size_t units, const std::vector<bool>& dead = {});

/// Dead units from each unit's activation summed over an epoch: sum < threshold.
std::vector<bool> deadUnits(std::span<const double> summedActivity,
                            double threshold = kDeadThreshold);

/// Mean, SD (n − 1), min, median, max of a set of numbers (all NaN when empty).
struct Distribution {
    std::size_t n = 0;
    double mean = std::numeric_limits<double>::quiet_NaN();
    double sd = std::numeric_limits<double>::quiet_NaN();
    double min = std::numeric_limits<double>::quiet_NaN();
    double median = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();
    double cv() const { return mean != 0 ? sd / std::abs(mean) : std::nan(""); }
};
Distribution describe(std::span<const double> values);

/// Euclidean norm of each row of a rows × cols row-major matrix.
std::vector<double> rowNorms(std::span<const float> matrix, std::size_t rows, std::size_t cols);

/// The first layer of a trained network, as plain arrays (receptive fields, biases).
struct SparseWeights {
    std::size_t units = 0, inputs = 0;        ///< n hidden units, d inputs
    std::size_t imageRows = 0, imageCols = 0; ///< d = rows × cols
    std::vector<float> w1;    ///< units × inputs, row-major: row k is unit k's receptive field
    std::vector<float> bias1; ///< units values (one value when the bias is shared)
    double biasOf(std::size_t unit) const { return bias1.size() == 1 ? bias1[0] : bias1[unit]; }
};

/// One image of the lab's pictures: the clean input, the noisy one the network saw, and what
/// it reconstructed (empty for classification), each rows × cols in input units.
struct ImageTriplet {
    std::vector<float> clean, noisy, output;
    int label = -1;
};

/// After each epoch (and epoch 0, before training): how the network stands on the test set.
struct SparsityEpoch {
    int epoch = 0;
    double sigma = 0;                     ///< σ at the end of the epoch
    double trainLoss = std::nan("");      ///< mean over the epoch's batches (noisy inputs)
    double testLoss = std::nan("");       ///< on clean test inputs (MSE or cross-entropy)
    double testAccuracy = std::nan("");   ///< classification only
    double fractionActive = std::nan(""); ///< on clean test inputs, living units
    double deadFraction = std::nan("");   ///< units dead over this training epoch
    double seconds = 0;                   ///< of this epoch's training
};

/// Everything measured on a trained network (clean test inputs unless named otherwise).
struct SparsityMeasures {
    ActivityStats activity; ///< clean test inputs; dead from the last training epoch
    double fractionActiveNoisy = std::nan(""); ///< the same on test inputs with this run's σ
    double testLoss = std::nan("");            ///< clean test inputs
    double testLossNoisy = std::nan("");
    double testAccuracy = std::nan(""); ///< classification only
    Distribution bias;                  ///< hidden biases (living units; one value when shared)
    Distribution norm;                  ///< first-layer weight-row norms (living units)
    std::vector<double> biases;         ///< per unit (the shared one repeated)
    std::vector<double> norms;          ///< per unit
};

/// One trained network: what it was, how it went, what it does.
struct SparsityRun {
    SparsitySettings settings;
    std::vector<SparsityEpoch> epochs; ///< 0 (before training), 1, 2, …
    SparsityMeasures measures;
    std::vector<ImageTriplet> triplets;
    double seconds = 0; ///< training and measuring
    bool completed = false;
    std::string note; ///< "cancelled in epoch 3", …
};

} // namespace flicker
