#include "study/sweep.h"

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
