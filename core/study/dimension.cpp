#include "study/dimension.h"

#include "study/gram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flicker {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double participationRatioFromSums(std::span<const double> gram, std::span<const double> sum,
                                  std::size_t samples, std::size_t dims) {
    if (samples < 2) return kNaN;
    const double n = double(samples);
    double trace = 0, trace2 = 0;
    for (std::size_t i = 0; i < dims; ++i)
        for (std::size_t j = 0; j < dims; ++j) {
            const double c = (gram[i * dims + j] - sum[i] * sum[j] / n) / (n - 1);
            if (i == j) trace += c;
            trace2 += c * c;
        }
    return trace2 > 0 ? trace * trace / trace2 : kNaN;
}

std::vector<std::size_t> participationSteps(std::size_t steps, std::size_t units) {
    const std::size_t perStep = std::max<std::size_t>(1, units * units);
    const std::size_t fit = std::max<std::size_t>(1, kStepGramBudget / perStep);
    const std::size_t stride = std::max<std::size_t>(1, (steps + fit - 1) / fit);
    std::vector<std::size_t> out;
    for (std::size_t t = 0; t < steps; t += stride)
        out.push_back(t);
    return out;
}

StepParticipation::StepParticipation(std::size_t steps, std::size_t units)
    : m_units(units), m_steps(participationSteps(steps, units)),
      m_grams(m_steps.size() * units * units, 0.0), m_sums(m_steps.size() * units, 0.0) {}

void StepParticipation::add(const std::vector<const float*>& reviews) {
    detail::addStepGrams(reviews, m_steps, m_units, m_grams, m_sums);
    m_reviews += reviews.size();
}

std::vector<double> StepParticipation::ratios() const {
    const std::size_t U = m_units;
    std::vector<double> out(m_steps.size());
    for (std::size_t k = 0; k < m_steps.size(); ++k)
        out[k] = participationRatioFromSums(std::span(m_grams).subspan(k * U * U, U * U),
                                            std::span(m_sums).subspan(k * U, U), m_reviews, U);
    return out;
}

double finiteMean(const std::vector<double>& values) {
    double sum = 0;
    std::size_t n = 0;
    for (double v : values)
        if (std::isfinite(v)) sum += v, ++n;
    return n ? sum / double(n) : kNaN;
}

} // namespace flicker
