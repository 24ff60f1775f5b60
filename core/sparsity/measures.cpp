#include "error.h"
#include "sparsity/sparsity.h"

#include <algorithm>
#include <numeric>

namespace flicker {

const char* sparsityTaskName(SparsityTask t) {
    return t == SparsityTask::Classify ? "classify" : "reconstruct";
}
const char* inputNoiseName(InputNoise k) {
    return k == InputNoise::Laplace ? "laplace" : "gaussian";
}
const char* inputScalingName(InputScaling s) {
    return s == InputScaling::Standardised ? "standardised" : "unit-range";
}
std::optional<SparsityTask> sparsityTaskFromName(const std::string& name) {
    if (name == "reconstruct") return SparsityTask::Reconstruct;
    if (name == "classify") return SparsityTask::Classify;
    return std::nullopt;
}
std::optional<InputNoise> inputNoiseFromName(const std::string& name) {
    if (name == "gaussian") return InputNoise::Gaussian;
    if (name == "laplace") return InputNoise::Laplace;
    return std::nullopt;
}
std::optional<InputScaling> inputScalingFromName(const std::string& name) {
    if (name == "unit-range") return InputScaling::UnitRange;
    if (name == "standardised") return InputScaling::Standardised;
    return std::nullopt;
}

void checkSparsitySettings(const SparsitySettings& s) {
    auto bad = [](const std::string& what) { throw Error(ErrorCode::InvalidArgument, what); };
    if (s.width < 1 || s.width > kMaxSparsityWidth)
        bad("the width (hidden units) must be between 1 and " + std::to_string(kMaxSparsityWidth) +
            ", not " + std::to_string(s.width));
    if (!(s.sigma >= 0) || !std::isfinite(s.sigma) || s.sigma > 100)
        bad("σ (the noise SD) must be between 0 and 100, not " + std::to_string(s.sigma));
    if (s.epochs < 0 || s.epochs > 100'000)
        bad("epochs must be between 0 and 100,000, not " + std::to_string(s.epochs));
    if (s.annealHold < 0 || s.annealRamp < 0 || s.annealHold + s.annealRamp > s.epochs)
        bad("annealing: hold (" + std::to_string(s.annealHold) + ") and ramp (" +
            std::to_string(s.annealRamp) + ") epochs must be ≥ 0 and fit in the " +
            std::to_string(s.epochs) + " epochs");
    if (s.batchSize < 1 || s.batchSize > 65'536)
        bad("the batch size must be between 1 and 65,536, not " + std::to_string(s.batchSize));
    // LibTorch's Adam keeps these as floats: larger values would throw inside it.
    if (!(s.learningRate > 0) || !(s.learningRate <= 1e30))
        bad("the learning rate must be a positive number up to 1e30");
    if (!(s.gradientClip > 0) || !(s.gradientClip <= 1e30))
        bad("the gradient clip must be a positive number up to 1e30");
}

double sigmaAt(const SparsitySettings& s, int epoch, double fraction) {
    if (s.annealHold + s.annealRamp == 0) return s.sigma;
    const double t = double(epoch - 1) + std::clamp(fraction, 0.0, 1.0); // epochs done
    if (t < s.annealHold) return s.sigma;
    if (s.annealRamp == 0) return 0;
    const double left = 1.0 - (t - s.annealHold) / double(s.annealRamp);
    return s.sigma * std::clamp(left, 0.0, 1.0);
}

ActivityTally::ActivityTally(std::size_t units, std::vector<bool> dead)
    : m_units(units), m_dead(std::move(dead)), m_onCount(units, 0) {
    if (!m_dead.empty() && m_dead.size() != units)
        throw Error(ErrorCode::InvalidArgument,
                    "the dead-unit mask has " + std::to_string(m_dead.size()) + " entries for " +
                        std::to_string(units) + " units");
    m_dead.resize(units, false);
}

void ActivityTally::add(std::span<const float> activations, std::size_t rows) {
    if (activations.size() != rows * m_units)
        throw Error(ErrorCode::InvalidArgument,
                    "activations: " + std::to_string(activations.size()) + " values for " +
                        std::to_string(rows) + " inputs × " + std::to_string(m_units) + " units");
    for (std::size_t r = 0; r < rows; ++r) {
        const float* row = activations.data() + r * m_units;
        std::uint32_t on = 0;
        for (std::size_t k = 0; k < m_units; ++k) {
            const bool active = row[k] > 0.0f;
            m_onCount[k] += active;
            on += active && !m_dead[k];
        }
        m_perInput.push_back(on);
    }
}

ActivityStats ActivityTally::stats() const {
    ActivityStats s;
    s.inputs = m_perInput.size();
    s.units = m_units;
    s.deadUnits = std::size_t(std::count(m_dead.begin(), m_dead.end(), true));
    s.deadFraction = m_units ? double(s.deadUnits) / double(m_units) : 0.0;
    s.activePerInput = m_perInput;
    s.unitFraction.resize(m_units);
    std::uint64_t onAll = 0, onLiving = 0;
    for (std::size_t k = 0; k < m_units; ++k) {
        s.unitFraction[k] = s.inputs ? double(m_onCount[k]) / double(s.inputs) : 0.0;
        onAll += m_onCount[k];
        if (!m_dead[k]) onLiving += m_onCount[k];
    }
    const std::size_t living = m_units - s.deadUnits;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    s.fractionActiveAll = s.inputs && m_units ? double(onAll) / double(s.inputs * m_units) : nan;
    s.fractionActive = s.inputs && living ? double(onLiving) / double(s.inputs * living) : nan;
    if (s.inputs) {
        double sum = 0;
        for (std::uint32_t c : m_perInput)
            sum += c;
        s.activeMean = sum / double(s.inputs);
        double ss = 0;
        for (std::uint32_t c : m_perInput)
            ss += (c - s.activeMean) * (c - s.activeMean);
        s.activeSd = s.inputs > 1 ? std::sqrt(ss / double(s.inputs - 1)) : 0.0;
    }
    return s;
}

ActivityStats activityStats(std::span<const float> activations, std::size_t inputs,
                            std::size_t units, const std::vector<bool>& dead) {
    ActivityTally tally(units, dead);
    tally.add(activations, inputs);
    return tally.stats();
}

std::vector<bool> deadUnits(std::span<const double> summedActivity, double threshold) {
    std::vector<bool> dead(summedActivity.size());
    for (std::size_t k = 0; k < summedActivity.size(); ++k)
        dead[k] = !(summedActivity[k] >= threshold);
    return dead;
}

Distribution describe(std::span<const double> values) {
    Distribution d;
    d.n = values.size();
    if (values.empty()) return d;
    std::vector<double> v(values.begin(), values.end());
    std::sort(v.begin(), v.end());
    d.min = v.front();
    d.max = v.back();
    d.median = v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
    d.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    double ss = 0;
    for (double x : v)
        ss += (x - d.mean) * (x - d.mean);
    d.sd = v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0.0;
    return d;
}

std::vector<double> rowNorms(std::span<const float> matrix, std::size_t rows, std::size_t cols) {
    if (matrix.size() != rows * cols)
        throw Error(ErrorCode::InvalidArgument, "rowNorms: the matrix is not rows × cols");
    std::vector<double> norms(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        double ss = 0;
        for (std::size_t c = 0; c < cols; ++c)
            ss += double(matrix[r * cols + c]) * matrix[r * cols + c];
        norms[r] = std::sqrt(ss);
    }
    return norms;
}

} // namespace flicker
