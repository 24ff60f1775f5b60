// Running the capacity sweep (its settings and results are in study/sweep.h): every point is
// trained (or taken from a checkpoint), studied, and written to its own folder before the next
// starts, so a crash or a cancel loses nothing and a rerun skips what is done.
#pragma once

#include "study/sweep.h"
#include "task.h"
#include "text/review.h"

#include <functional>
#include <stop_token>

namespace flicker {

/// Runs or resumes the sweep. onPoint is called after each point is on disk. A stop ends it
/// within one batch: the outcome is cancelled and holds the points finished (a point in hand
/// is dropped and reruns next time). Progress: the kSweep* stages, each point as part k of n.
Outcome<SweepResult> runSweep(const Corpus& corpus, const SweepSettings& settings,
                              const std::function<void(const SweepPoint&)>& onPoint = {},
                              const ProgressFn& progress = {}, std::stop_token stop = {});

} // namespace flicker
