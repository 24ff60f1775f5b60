// Which units of one review follow a range of its words — LSTMVis's core gesture ("select a
// phrase, find the cells that switch on for it"): each unit's mean activation inside the range
// against outside it, in units of the unit's own temporal SD over the review.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace flicker {

/// One unit's match to a range of steps.
struct RangeMatch {
    int unit = 0;
    /// (mean inside − mean outside) / SD over every analysed step (population SD, n): how many
    /// of its own SDs the unit moves when the range starts. Positive: higher inside the range
    /// (it "fires" on the words); negative: lower inside (it switches off on them).
    double score = 0;
    double meanInside = 0;  ///< mean activation over the steps of the range (a.u.)
    double meanOutside = 0; ///< mean activation over the other analysed steps (a.u.)
};

/// Ranks the units of a steps × units activation matrix (row-major, row t = step t, as
/// Recording::values gives it) by how well they single out the steps [begin, end) (0-based, end
/// exclusive). Returns every unit that moves in the review (a silent unit, variance below
/// kSilentVariance, has no score), ordered by |score| descending — a unit that falls on the range
/// matches it as well as one that rises — ties by unit index ascending. Empty when the range is
/// empty (begin ≥ end) or covers every step (nothing outside to compare with). Throws
/// Error(InvalidArgument) when values.size() ≠ steps × units or end > steps.
std::vector<RangeMatch> matchUnitsToRange(std::span<const float> values, std::size_t steps,
                                          std::size_t units, std::size_t begin, std::size_t end);

} // namespace flicker
