#include "dimensionality/cluster_task.h"

#include "error.h"

#include <cmath>
#include <string>

namespace flicker {

double minimumSeparation(double clusterSd, std::size_t inputDim) {
    const double d = double(inputDim);
    return clusterSd * (0.5994 * std::pow(std::max(d - 1.0, 0.0), 0.5783) + 4.8916);
}

ClusterTask makeClusterTask(const ClusterTaskSettings& s, std::uint64_t seed) {
    if (s.inputDim < 1 || s.inputDim > 4096)
        throw Error(ErrorCode::InvalidArgument, "input dimension " + std::to_string(s.inputDim) +
                                                    " is out of range (1 … 4096)");
    if (s.clusters < 2 || s.clusters > 10000)
        throw Error(ErrorCode::InvalidArgument,
                    "the task needs 2 … 10,000 clusters (got " + std::to_string(s.clusters) + ")");
    if (!(s.clusterSd >= 0) || !(s.halfWidth > 0) || !std::isfinite(s.clusterSd + s.halfWidth))
        throw Error(ErrorCode::InvalidArgument,
                    "cluster SD must be ≥ 0 and the half width > 0 (both finite)");
    ClusterTask task;
    task.settings = s;
    task.minSeparation = minimumSeparation(s.clusterSd, s.inputDim);
    const std::size_t d = s.inputDim;
    Rng rng(seed);
    std::vector<double> candidate(d);
    const double min2 = task.minSeparation * task.minSeparation;
    for (std::size_t k = 0; k < s.clusters; ++k) {
        for (int attempt = 0;; ++attempt) {
            if (attempt == 10000)
                throw Error(ErrorCode::InvalidArgument,
                            "cannot place cluster " + std::to_string(k + 1) + " of " +
                                std::to_string(s.clusters) + " at least " +
                                std::to_string(task.minSeparation) +
                                " from the others; use fewer clusters or a smaller cluster SD");
            for (double& v : candidate)
                v = (2 * rng.uniform() - 1) * s.halfWidth;
            bool farEnough = true;
            for (std::size_t j = 0; j < k && farEnough; ++j) {
                double dist2 = 0;
                for (std::size_t c = 0; c < d; ++c) {
                    const double diff = candidate[c] - task.centres[j * d + c];
                    dist2 += diff * diff;
                }
                farEnough = dist2 >= min2;
            }
            if (farEnough) break;
        }
        task.centres.insert(task.centres.end(), candidate.begin(), candidate.end());
        task.labels.push_back(int(k % 2));
    }
    return task;
}

ClusterSamples drawSamples(const ClusterTask& task, std::size_t count, Rng& rng, bool balanced) {
    const std::size_t d = task.settings.inputDim, k = task.labels.size();
    ClusterSamples out;
    out.count = count;
    out.inputDim = d;
    out.inputs.resize(count * d);
    out.labels.resize(count);
    out.clusters.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t c = balanced ? i % k : std::size_t(rng.below(k));
        out.clusters[i] = int(c);
        out.labels[i] = task.labels[c];
        for (std::size_t j = 0; j < d; ++j)
            out.inputs[i * d + j] =
                task.centres[c * d + j] + task.settings.clusterSd * rng.normal();
    }
    return out;
}

} // namespace flicker
