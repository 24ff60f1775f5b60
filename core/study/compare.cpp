// Two studies side by side (see compare.h).
#include "study/compare.h"

#include <cmath>

namespace flicker {
namespace {

constexpr double kZ95 = 1.959963984540054; // the normal distribution's 97.5 % quantile

} // namespace

std::vector<ComparisonRow> compareStudies(const StudyResult& a, const StudyResult& b,
                                          const std::string& suffixA, const std::string& suffixB,
                                          const std::vector<std::string>& keys) {
    auto summaryOf = [](const StudyResult& r, const std::string& key) {
        const auto it = r.summary.find(key);
        return it == r.summary.end() ? Summary{} : it->second.beta;
    };
    std::vector<ComparisonRow> rows;
    for (const std::string& key : keys) {
        ComparisonRow row;
        row.key = key;
        row.a = summaryOf(a, key + suffixA);
        row.b = summaryOf(b, key + suffixB);
        if (row.a.count == 0 && row.b.count == 0) continue;
        if (row.a.count > 0 && row.b.count > 0) row.difference = row.a.mean - row.b.mean;
        if (row.a.count > 1 && row.b.count > 1)
            row.differenceCi = kZ95 * std::sqrt(row.a.sd * row.a.sd / double(row.a.count) +
                                                row.b.sd * row.b.sd / double(row.b.count));
        rows.push_back(row);
    }
    return rows;
}

std::vector<double> reviewBetas(const StudyResult& result, const std::string& key) {
    std::vector<double> out;
    out.reserve(result.reviews.size());
    for (const ReviewResult& review : result.reviews) {
        const auto it = review.rows.find(key);
        out.push_back(it == review.rows.end() ? std::nan("") : it->second.beta);
    }
    return out;
}

bool hasUntrainedTwin(const StudyResult& result) {
    const std::string suffix = std::string("_") + conditionName(Condition::Untrained);
    for (const auto& [key, row] : result.summary)
        if (row.beta.count > 0 && key.size() > suffix.size() &&
            key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

} // namespace flicker
