// A small binary logistic regression (L2-penalised, Newton's method) and the held-out-cluster
// generalisation measure built on it: fit on the states of 80 % of the clusters, test on the
// clusters it never saw. Plain C++.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace flicker {

struct LogisticSettings {
    /// λ of the penalty λ/2·‖w‖² (the intercept is not penalised); 1 is scikit-learn's default
    /// (C = 1/λ = 1). 0 = plain maximum likelihood (diverges on separable data: the iteration
    /// cap then stops it, and the fit still separates).
    double l2 = 1.0;
    int maxIterations = 100; ///< Newton steps
    /// Stop when the largest change of a coefficient is below this (Newton converges
    /// quadratically: the next step would change the coefficients by about its square).
    double tolerance = 1e-6;
};

struct LogisticModel {
    std::vector<double> weights; ///< one per feature
    double intercept = 0;
    int iterations = 0;
    bool converged = false;
};

/// Fits P(y = 1 | x) = σ(w·x + b) to the rows of `x` (rows × cols, row-major) and labels 0/1 by
/// Newton's method on the penalised negative log-likelihood (with step halving, so the objective
/// never rises). Throws Error(InvalidArgument) for shapes that do not match or labels that are
/// not 0/1, Error(NonFinite) for NaN in x.
LogisticModel fitLogistic(std::span<const double> x, std::size_t rows, std::size_t cols,
                          std::span<const int> labels, const LogisticSettings& settings = {});

/// σ(w·x + b) of one sample (cols values).
double logisticProbability(const LogisticModel& model, std::span<const double> sample);

/// Fraction of the rows whose predicted class (P > 0.5) is their label.
double logisticAccuracy(const LogisticModel& model, std::span<const double> x, std::size_t rows,
                        std::size_t cols, std::span<const int> labels);

struct GeneralisationSettings {
    double heldOutFraction = 0.2; ///< of each class's clusters, held out for testing
    int repeats = 5;              ///< random splits, averaged
    LogisticSettings logistic;
    std::uint64_t seed = 1; ///< of the splits
};

/// Accuracy of a logistic regression fitted on the samples of (1 − heldOutFraction) of the
/// clusters and tested on the samples of the others, averaged over `repeats` splits. The split
/// is stratified: the same fraction of each class's clusters is held out (at least one), so
/// both sets hold both classes. `clusters` and `labels` are per row.
double heldOutGeneralisation(std::span<const double> x, std::size_t rows, std::size_t cols,
                             std::span<const int> labels, std::span<const int> clusters,
                             const GeneralisationSettings& settings = {});

} // namespace flicker
