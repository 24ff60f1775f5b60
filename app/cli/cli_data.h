// Data and model loading shared by flicker-cli's model and study commands (progress on stderr).
#pragma once

#include "cli_options.h"

#include "model/model.h"
#include "task.h"
#include "text/review.h"

#include <functional>
#include <ostream>

namespace flicker::cli {

/// --data: "demo" (the built-in corpus; --demo-reviews N per split, --demo-seed S) or a path.
Corpus loadData(const Options& o, std::ostream& err);
/// --model FILE [--vocab FILE.json].
Model loadModelOption(const Options& o);
/// --threads N (LibTorch), or the tuned default; more than the cores is capped (said on err).
void configureThreads(const Options& o, std::ostream& err);
/// Sweep progress on stderr: each change of point or stage, and progress every few seconds.
ProgressFn sweepPrinter(std::ostream& err);
/// Runs body, turning flicker::Error into the exit code and message of fail().
int guarded(std::ostream& err, const std::function<int()>& body);

} // namespace flicker::cli
