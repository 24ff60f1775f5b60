// Running the capacity sweep (its settings and results are in study/sweep.h): every point is
// trained (or taken from a checkpoint), studied, and written to its own folder before the next
// starts, so a crash or a cancel loses nothing and a rerun skips what is done.
#pragma once

#include "io/study_io.h"
#include "study/sweep.h"
#include "task.h"
#include "text/review.h"

#include <functional>
#include <optional>
#include <stop_token>

namespace flicker {

/// Runs or resumes the sweep. onPoint is called after each point is on disk. A stop ends it
/// within one batch: the outcome is cancelled and holds the points finished (a point in hand
/// is dropped and reruns next time). Progress: the kSweep* stages, each point as part k of n.
Outcome<SweepResult> runSweep(const Corpus& corpus, const SweepSettings& settings,
                              const std::function<void(const SweepPoint&)>& onPoint = {},
                              const ProgressFn& progress = {}, std::stop_token stop = {});

/// A point of the sweep as planned: its place in sweep order (hidden sizes outer, then noise
/// SDs, seeds inner), what it is and where its files go.
struct PlannedPoint {
    std::size_t index = 0;
    int hidden = 0;
    double noise = kNoValue; ///< the swept SD; NaN without a noise dimension
    std::uint64_t seed = kDefaultSeed;
    std::string folder; ///< its folder's name inside the sweep's folder ("h0064_seed1")
    std::string name;   ///< "H = 64, seed 1", for progress and messages
};

/// Every point of `settings` in sweep order (the settings are checked first: Error on a bad
/// size, a repeated size/seed/SD, …; the folder is not touched).
std::vector<PlannedPoint> plannedPoints(const SweepSettings& settings);

/// Whether a point's results are on disk (its study, written last, and its checkpoint).
bool pointFinished(const std::string& sweepDir, const PlannedPoint& point);

/// Runs the point `index` of plannedPoints(settings) alone (one SLURM array task): reads it back
/// when it is done, else claims it (point_claim.h), trains, studies and writes it. When another
/// live worker holds its claim, nothing is run and `busy` names that worker.
struct PointOutcome {
    Outcome<SweepPoint> point;
    std::optional<std::string> busy; ///< describeHolder of the worker that has it
};
PointOutcome runSweepPoint(const Corpus& corpus, const SweepSettings& settings, std::size_t index,
                           const ProgressFn& progress = {}, std::stop_token stop = {});

/// The finished points of a sweep read back (each checked against `data`, the study and the
/// training settings, as a resumed sweep checks them) and the points not finished, in order.
struct CollectedSweep {
    SweepResult result;
    std::vector<PlannedPoint> missing;
};
CollectedSweep collectSweep(const SweepSettings& settings, const Provenance& data);

} // namespace flicker
