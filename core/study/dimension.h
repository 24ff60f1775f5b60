// The dimensionality of h (science.md §2 transferred to the LSTM, §4): the participation ratio
// PR = (Σλ)² / Σλ² = tr(C)² / tr(C²) of a covariance C (centred, n − 1), and its curve over
// the steps of a review — at step t, C is the covariance of h_t across the analysed reviews
// (each review one sample), as Farrell et al. measure an RNN's PR at each step over samples.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace flicker {

/// Step Gram matrices kept at once (doubles): T · H² up to this; beyond it every k-th step
/// is kept (H = 64 and 128: every step of 500; H = 256: every 4th; H = 512: every 16th).
inline constexpr std::size_t kStepGramBudget = std::size_t(1) << 23;

/// PR of the covariance given by its sums over n samples of dimension d: gram = Σ x xᵀ
/// (d × d, row-major) and sum = Σ x. NaN for n < 2 or a zero covariance. 1 ≤ PR ≤ min(d, n−1).
double participationRatioFromSums(std::span<const double> gram, std::span<const double> sum,
                                  std::size_t samples, std::size_t dims);

// The PR of a samples × units matrix itself: participationRatio() in
// dimensionality/participation_ratio.h (the tests compare the two).

/// The steps (0-based) a per-step PR of `steps` steps of `units` units keeps: every step when
/// steps · units² ≤ kStepGramBudget, else every k-th from step 0, k as small as fits.
std::vector<std::size_t> participationSteps(std::size_t steps, std::size_t units);

/// Running sums of h_t over reviews at the kept steps, then the PR at each.
class StepParticipation {
public:
    StepParticipation(std::size_t steps, std::size_t units);

    /// Adds one batch of reviews: pointers to their h (T' × units, row-major, T' ≥ steps).
    void add(const std::vector<const float*>& reviews);

    const std::vector<std::size_t>& steps() const { return m_steps; } ///< 0-based
    std::size_t reviews() const { return m_reviews; }
    /// PR at each kept step (NaN with fewer than two reviews).
    std::vector<double> ratios() const;

private:
    std::size_t m_units;
    std::vector<std::size_t> m_steps;
    std::vector<double> m_grams, m_sums; // per kept step: units² and units
    std::size_t m_reviews = 0;
};

/// Mean of the finite values (NaN when none).
double finiteMean(const std::vector<double>& values);

} // namespace flicker
