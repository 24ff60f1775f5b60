// The capacity sweep's figure without a screen: β(h) against the number of LSTM cells (log axis,
// ticks at the sizes trained), mean ± SD over reviews and seeds, ± SD over seeds where several
// networks were trained, test accuracy on the right axis, and the white (β = 0) and pink (β = 1)
// levels — as SVG with its text kept as text. flicker-cli writes it beside sweep.json (also when
// a SLURM job collects the points); the app draws the same figure with its own widgets.
#pragma once

#include "study/sweep.h"

#include <string>

namespace flicker {

/// The figure of `sizes` (summarizeBySize) with `caption` (provenance) under it.
std::string sweepFigureSvg(const std::vector<SizeSummary>& sizes, const std::string& caption);

/// Writes <dir>/sweep.svg whole or not at all; Error(Io) naming it.
void writeSweepFigure(const std::string& dir, const SweepResult& sweep, const std::string& caption);

} // namespace flicker
