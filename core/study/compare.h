// Two studies side by side — two models, two seeds, or a study beside one of its own controls
// (the untrained twin): per kind, β over reviews (mean ± SD) of each side and the difference.
#pragma once

#include "study/study.h"

#include <string>
#include <vector>

namespace flicker {

/// The rows a comparison shows by default, in reading order: the kinds, then the groups.
inline const std::vector<std::string> kComparedRows{"x", "i", "f",        "g",       "o",
                                                    "c", "h", "internal", "external"};

/// One row of a comparison.
struct ComparisonRow {
    std::string key; ///< the kind or group ("h", "internal"), without the sides' suffixes
    Summary a;       ///< β over the reviews of side a (count 0: side a has no such row)
    Summary b;       ///< the same for side b
    double difference = kNoValue; ///< a.mean − b.mean; NaN unless both sides have values
    /// Half-width of the difference's 95 % confidence interval, 1.96·√(SDa²/na + SDb²/nb)
    /// (the sides' reviews taken as independent samples: wider than the paired interval when
    /// both sides read the same reviews and their β go together); NaN with fewer than two
    /// reviews on a side.
    double differenceCi = kNoValue;
};

/// Compares the summaries of two studies (summarizeStudy must have run on both). Side a reads
/// row key + suffixA, side b key + suffixB: "" is the network itself, "_untrained" its untrained
/// twin (any control's suffix, see rowKey), so a study compares with its own twin as
/// compareStudies(r, r, "", "_untrained"). Rows in the order of `keys`, left out when neither
/// side has a value.
std::vector<ComparisonRow> compareStudies(const StudyResult& a, const StudyResult& b,
                                          const std::string& suffixA = {},
                                          const std::string& suffixB = {},
                                          const std::vector<std::string>& keys = kComparedRows);

/// Per-review β of row `key`, in review order (NaN where a review has no value).
std::vector<double> reviewBetas(const StudyResult& result, const std::string& key);

/// True when the study measured its untrained twin (the "untrained" control) on any row.
bool hasUntrainedTwin(const StudyResult& result);

} // namespace flicker
