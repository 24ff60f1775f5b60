#include "study/sweep.h"

#include "study/statistics.h"

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
        for (const SweepPoint* p : seeds) {
            double sum = 0;
            int n = 0;
            for (const ReviewResult& r : p->study.reviews) {
                const auto it = r.rows.find("h");
                if (it != r.rows.end() && std::isfinite(it->second.beta)) {
                    betas.push_back(it->second.beta);
                    sum += it->second.beta;
                    ++n;
                }
            }
            if (n > 0) seedMeans.push_back(sum / n);
            if (std::isfinite(p->testAccuracy)) accuracy += p->testAccuracy, ++accuracies;
            if (std::isfinite(p->study.utilisation))
                utilisation += p->study.utilisation, ++utilisations;
        }
        const Summary pooled = summarize(betas, 1, 0); // mean and SD only, no bootstrap
        size.betaMean = betas.empty() ? kNoValue : pooled.mean;
        size.betaSd = pooled.sd;
        if (seedMeans.size() >= 2) size.seedSd = summarize(seedMeans, 1, 0).sd;
        size.reviews = int(betas.size());
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
