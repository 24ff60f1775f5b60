#include "study/sweep.h"

#include "error.h"
#include "io/study_io.h"
#include "model/model.h"
#include "train/dataset.h"

#include <cstdio>
#include <filesystem>

namespace flicker {
namespace fs = std::filesystem;

std::string pointFolder(int hidden, std::uint64_t seed) {
    char name[64];
    std::snprintf(name, sizeof name, "h%04d_seed%llu", hidden,
                  static_cast<unsigned long long>(seed));
    return name;
}

Outcome<SweepResult> runSweep(const Corpus& corpus, const SweepSettings& settings,
                              const std::function<void(const SweepPoint&)>& onPoint,
                              const ProgressFn& progress, std::stop_token stop) {
    if (settings.hidden.empty() || settings.seeds.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "a sweep needs at least one hidden size and one seed");
    for (int h : settings.hidden)
        if (h < 1)
            throw Error(ErrorCode::InvalidArgument,
                        "hidden sizes must be at least 1 (got " + std::to_string(h) + ")");
    if (settings.outDir.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "a sweep needs an output folder to keep its points");
    std::error_code ec;
    fs::create_directories(settings.outDir, ec);
    if (ec)
        throw Error(ErrorCode::Io,
                    settings.outDir + ": cannot create the folder (" + ec.message() + ")",
                    settings.outDir);

    Outcome<SweepResult> outcome;
    SweepResult& result = outcome.value;
    const std::size_t points = settings.hidden.size() * settings.seeds.size();
    std::size_t index = 0;
    for (int hidden : settings.hidden) {
        for (std::uint64_t seed : settings.seeds) {
            SweepPoint point;
            point.hidden = hidden;
            point.seed = seed;
            point.folder = (fs::path(settings.outDir) / pointFolder(hidden, seed)).string();
            const std::string name =
                "H = " + std::to_string(hidden) + ", seed " + std::to_string(seed);
            // What a stage of this point reports: the point is part `index` of `points`.
            auto stage = [&](const char* what, std::size_t done, std::size_t total,
                             const std::string& text) {
                Progress p{what, done, total, name + ": " + text};
                p.part = index;
                p.parts = points;
                report(progress, p);
            };
            const std::string studyFile = point.folder + "/study.json";
            const std::string modelFile = point.folder + "/model.flicker";
            // A point is done when its study is on disk (written last, atomically).
            if (fs::exists(studyFile) && fs::exists(modelFile)) {
                point.study = readStudy(studyFile);
                const TrainingHistory history = loadCheckpoint(modelFile).history;
                point.testAccuracy =
                    history.epochs.empty() ? kNoValue : history.epochs.back().testAccuracy;
                point.resumed = true;
                result.points.push_back(point);
                stage(kSweepResumed, 1, 1, "found on disk");
                if (onPoint) onPoint(point);
                ++index;
                continue;
            }
            if (stop.stop_requested()) {
                outcome.cancelled = true;
                return outcome;
            }
            fs::create_directories(point.folder, ec);
            Model model;
            const auto pre = settings.pretrained.find({hidden, seed});
            if (pre != settings.pretrained.end()) {
                model = loadCheckpoint(pre->second);
            } else {
                ModelSettings ms = settings.model;
                ms.hidden = hidden;
                ms.seed = seed;
                TrainingSettings ts = settings.training;
                ts.seed = seed;
                stage(kSweepTraining, 0, 0, "training");
                const ProgressFn training = [&](const Progress& p) {
                    stage(kSweepTraining, p.done, p.total, p.text);
                };
                Outcome<Model> trained;
                try {
                    trained =
                        trainOnCorpus(corpus, ms, ts, settings.vocabularyWords, {}, training, stop);
                } catch (const Error& e) {
                    throw Error(e.code(), "point " + name + ": " + e.what(), e.context());
                }
                if (trained.cancelled) {
                    outcome.cancelled = true;
                    return outcome; // nothing of this point is kept: it reruns next time
                }
                model = std::move(trained.value);
            }
            saveCheckpoint(model, modelFile);
            point.testAccuracy =
                model.history.epochs.empty() ? kNoValue : model.history.epochs.back().testAccuracy;
            const ProgressFn analysing = [&](const Progress& p) {
                stage(kSweepAnalysing, p.done, p.total, p.text);
            };
            stage(kSweepAnalysing, 0, 0, "analysing");
            Outcome<StudyResult> study =
                runStudy(model, corpus, settings.study, {}, analysing, stop);
            if (study.cancelled) {
                outcome.cancelled = true;
                return outcome;
            }
            point.study = std::move(study.value);
            writeStudy(point.folder, point.study, makeProvenance(model, modelFile, corpus));
            result.points.push_back(point);
            stage(kSweepDone, 1, 1, "done");
            if (onPoint) onPoint(point);
            ++index;
        }
    }
    return outcome;
}

} // namespace flicker
