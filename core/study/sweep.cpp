#include "study/sweep.h"

#include "study/statistics.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <cstdio>

namespace flicker {

std::string pointFolder(int hidden, std::uint64_t seed) {
    char name[64];
    std::snprintf(name, sizeof name, "h%04d_seed%llu", hidden,
                  static_cast<unsigned long long>(seed));
    return name;
}

const char* noiseTargetName(NoiseTarget t) {
    switch (t) {
    case NoiseTarget::Input:
        return "input";
    case NoiseTarget::Hidden:
        return "hidden";
    case NoiseTarget::Both:
        return "both";
    }
    return "hidden";
}

std::optional<NoiseTarget> noiseTargetFromName(std::string_view name) {
    for (NoiseTarget t : {NoiseTarget::Input, NoiseTarget::Hidden, NoiseTarget::Both})
        if (name == noiseTargetName(t)) return t;
    return std::nullopt;
}

std::string pointFolder(int hidden, double noise, NoiseTarget target, std::uint64_t seed) {
    char name[96];
    std::snprintf(name, sizeof name, "h%04d_%s%g_seed%llu", hidden, noiseTargetName(target), noise,
                  static_cast<unsigned long long>(seed));
    return name;
}

std::vector<SizeSummary> summarizeBySize(const std::vector<SweepPoint>& points) {
    std::map<int, std::vector<const SweepPoint*>> bySize;
    for (const SweepPoint& p : points)
        if (!(p.noise > 0)) bySize[p.hidden].push_back(&p);
    std::vector<SizeSummary> out;
    for (const auto& [hidden, seeds] : bySize) {
        SizeSummary size;
        size.hidden = hidden;
        size.seeds = int(seeds.size());
        std::vector<double> betas, seedMeans;
        double accuracy = 0, utilisation = 0;
        int accuracies = 0, utilisations = 0;
        // Points read from a sweep.json carry only their summaries: for them the pooled mean is
        // weighted by reviews and the variance is within plus between points.
        double n = 0, sum = 0, squares = 0;
        bool fromSummaries = false;
        for (const SweepPoint* p : seeds) {
            double pointSum = 0;
            int pointCount = 0;
            for (const ReviewResult& r : p->study.reviews) {
                const auto it = r.rows.find("h");
                if (it != r.rows.end() && std::isfinite(it->second.beta)) {
                    betas.push_back(it->second.beta);
                    pointSum += it->second.beta;
                    ++pointCount;
                }
            }
            if (pointCount > 0) {
                seedMeans.push_back(pointSum / pointCount);
                n += pointCount;
                sum += pointSum;
                for (auto b = betas.end() - pointCount; b != betas.end(); ++b)
                    squares += *b * *b;
            } else if (const auto it = p->study.summary.find("h");
                       it != p->study.summary.end() && std::isfinite(it->second.beta.mean)) {
                const Summary& b = it->second.beta;
                const double k = double(std::max<std::size_t>(1, b.count));
                const double sd = std::isfinite(b.sd) ? b.sd : 0.0;
                n += k;
                sum += k * b.mean;
                squares += k * (sd * sd + b.mean * b.mean);
                seedMeans.push_back(b.mean);
                fromSummaries = true;
            }
            if (std::isfinite(p->testAccuracy)) accuracy += p->testAccuracy, ++accuracies;
            if (std::isfinite(p->study.utilisation))
                utilisation += p->study.utilisation, ++utilisations;
        }
        if (!fromSummaries) {
            const Summary pooled = summarize(betas, 1, 0); // mean and SD only, no bootstrap
            size.betaMean = betas.empty() ? kNoValue : pooled.mean;
            size.betaSd = pooled.sd;
        } else {
            size.betaMean = sum / n;
            size.betaSd = std::sqrt(std::max(0.0, squares / n - size.betaMean * size.betaMean));
        }
        if (seedMeans.size() >= 2) size.seedSd = summarize(seedMeans, 1, 0).sd;
        size.reviews = int(n);
        size.accuracy = accuracies ? accuracy / accuracies : kNoValue;
        size.utilisation = utilisations ? utilisation / utilisations : kNoValue;
        out.push_back(size);
    }
    return out;
}

TrainingSettings pointTraining(const SweepSettings& settings, double noise, std::uint64_t seed) {
    TrainingSettings t = settings.training;
    t.seed = seed;
    if (!settings.noise.empty()) {
        if (settings.noiseOn != NoiseTarget::Hidden) t.inputNoise = noise;
        if (settings.noiseOn != NoiseTarget::Input) t.hiddenNoise = noise;
    }
    return t;
}

} // namespace flicker
