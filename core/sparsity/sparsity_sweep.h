// The sparsity lab's noise sweep: one network per σ × width × seed on the same data, each
// finished point written to a folder of its own (point.json written last, after its fields)
// before the next starts, so a cancel or crash loses nothing and a rerun resumes. A point on
// disk is reused only when the data set, the settings and the program made it as asked now.
#pragma once

#include "sparsity/image_data.h"
#include "sparsity/sparse_network.h"
#include "sparsity/sparsity.h"
#include "task.h"

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace flicker {

struct SparsitySweepSettings {
    SparsitySettings base; ///< everything but σ, width and seed, which the lists give
    std::vector<double> sigmas{0, 0.05, 0.1, 0.3, 0.8, 1.5};
    std::vector<int> widths{100, 1000};
    std::vector<std::uint64_t> seeds{1};
    std::string outDir; ///< one sub-folder per point, and sparsity.json / sparsity.csv
};

/// Provenance of the lab's results: the program, the time and the data set's identity.
struct SparsityProvenance {
    std::string program;       ///< "Flicker 0.1.0"
    std::string created;       ///< ISO 8601, UTC
    std::string datasetName;   ///< "fashion-mnist"
    std::string datasetSource; ///< the folder read
    std::string datasetSha256;
    std::size_t trainImages = 0, testImages = 0; ///< in the data set (before settings' limits)
};
SparsityProvenance makeSparsityProvenance(const ImageData& data);

struct SparsityPoint {
    SparsityRun run;
    SparseWeights weights; ///< the trained first layer (receptive fields)
    std::string folder;
    bool resumed = false; ///< read from disk in this run
};

struct SparsitySweepResult {
    std::vector<SparsityPoint> points; ///< finished ones, in sweep order (widths, σ, seeds)
};

/// The points in sweep order: widths outer, then σ, then seeds (each a full SparsitySettings).
std::vector<SparsitySettings> sweepPoints(const SparsitySweepSettings& settings);
/// "w1000_s0.3_seed1".
std::string sparsityPointFolder(const SparsitySettings& point);

struct SparsitySweepCallbacks {
    /// After each point is on disk (or found there).
    std::function<void(const SparsityPoint&)> onPoint;
    /// After each epoch of the point in hand (its index in sweepPoints order).
    std::function<void(std::size_t point, const SparsityEpoch&, const SparseNetwork&)> onEpoch;
};

/// Runs or resumes the sweep. Throws Error(InvalidArgument) for bad settings (an empty list,
/// a value listed twice, no folder) or a point on disk made otherwise (naming what differs),
/// Error(Io) for a folder that cannot be written. A stop ends within one batch: the outcome
/// is cancelled and holds the points finished. Progress: stages "training", "measuring",
/// "resumed", "done", each point as part k of n.
Outcome<SparsitySweepResult> runSparsitySweep(const ImageData& data,
                                              const SparsitySweepSettings& settings,
                                              const SparsitySweepCallbacks& callbacks = {},
                                              const ProgressFn& progress = {},
                                              std::stop_token stop = {});

/// Every finished point in the sub-folders of `dir` (point.json and fields.f32), in folder-name
/// order, whatever its settings (a session shows them again without training). A damaged point
/// is left out and named in `problems`. A missing folder gives none. Slow for wide networks
/// (784 × width floats a point): progress, stage "reading", counts the points; the stop token
/// is checked between points and a stop throws Error(Cancelled).
std::vector<SparsityPoint> readSparsityPoints(const std::string& dir,
                                              std::vector<std::string>* problems = nullptr,
                                              const ProgressFn& progress = {},
                                              std::stop_token stop = {});

} // namespace flicker
