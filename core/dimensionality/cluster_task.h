// The task of the dimensionality lab (Farrell et al. 2022): delayed classification of points
// drawn around 60 cluster centres in [−2, 2]^d, two classes (cluster k has label k mod 2).
// Plain C++, deterministic by seed.
#pragma once

#include "signal/random.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace flicker {

struct ClusterTaskSettings {
    std::size_t inputDim = 200; ///< d: 200 ("high-d") or 2 ("low-d")
    std::size_t clusters = 60;  ///< cluster centres; cluster k has label k mod 2
    double clusterSd = 0.02;    ///< σ_c: a sample is its centre + N(0, σ_c² I)
    double halfWidth = 2.0;     ///< centres uniform in [−halfWidth, halfWidth]^d
};

/// The centres and their labels.
struct ClusterTask {
    ClusterTaskSettings settings;
    std::vector<double> centres; ///< clusters × inputDim, row-major
    std::vector<int> labels;     ///< per cluster: k mod 2
    double minSeparation = 0;    ///< the rule's minimum distance between two centres
};

/// A batch of samples: inputs (count × inputDim, row-major), their class and their cluster.
struct ClusterSamples {
    std::size_t count = 0;
    std::size_t inputDim = 0;
    std::vector<double> inputs;
    std::vector<int> labels;
    std::vector<int> clusters;
};

/// The released code's rule: two centres are at least σ_c·(0.5994·(d − 1)^0.5783 + 4.8916)
/// apart (about 0.11 for d = 2, 0.35 for d = 200 with σ_c = 0.02).
double minimumSeparation(double clusterSd, std::size_t inputDim);

/// Draws the centres uniformly, rejecting one closer than minimumSeparation to any earlier
/// centre. Throws Error(InvalidArgument) for bad settings, or when 10,000 draws in a row are
/// rejected (too many clusters for the space: use fewer clusters or a smaller σ_c).
ClusterTask makeClusterTask(const ClusterTaskSettings& settings, std::uint64_t seed);

/// `count` samples; each from a cluster chosen uniformly at random, or, with `balanced`,
/// sample i from cluster i mod clusters (every cluster equally often: the measuring set).
ClusterSamples drawSamples(const ClusterTask& task, std::size_t count, Rng& rng,
                           bool balanced = false);

} // namespace flicker
