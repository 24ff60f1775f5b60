#include "pipeline/sweep_runner.h"

#include "error.h"
#include "io/study_io.h"
#include "model/model.h"
#include "pipeline/output_folder.h"
#include "train/dataset.h"

#include <filesystem>

namespace flicker {
namespace fs = std::filesystem;
namespace {

// Refuses settings a sweep cannot run with, and makes its output folder.
void prepareSweep(const SweepSettings& settings) {
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
    detail::createOutputFolder(settings.outDir);
}

double lastTestAccuracy(const TrainingHistory& history) {
    return history.epochs.empty() ? kNoValue : history.epochs.back().testAccuracy;
}

// One point as it runs: what it is, where its files go, and how it reports.
struct PointRun {
    const SweepSettings& settings;
    const ProgressFn& progress;
    std::size_t index = 0, count = 0; // the point is part `index` of `count`
    SweepPoint point;
    std::string name; // "H = 64, seed 1", in progress and errors

    PointRun(const SweepSettings& s, const ProgressFn& p, std::size_t k, std::size_t n, int hidden,
             std::uint64_t seed)
        : settings(s), progress(p), index(k), count(n) {
        point.hidden = hidden;
        point.seed = seed;
        point.folder = (fs::path(s.outDir) / pointFolder(hidden, seed)).string();
        name = "H = " + std::to_string(hidden) + ", seed " + std::to_string(seed);
    }
    std::string studyFile() const { return point.folder + "/study.json"; }
    std::string modelFile() const { return point.folder + "/model.flicker"; }

    void stage(const char* what, std::size_t done, std::size_t total,
               const std::string& text) const {
        Progress p{what, done, total, name + ": " + text};
        p.part = index;
        p.parts = count;
        report(progress, p);
    }
    // Passes a step's progress on as this point's `what` stage.
    ProgressFn stageProgress(const char* what) const {
        return [this, what](const Progress& p) { stage(what, p.done, p.total, p.text); };
    }
};

// Reads a finished point back; false when it is not on disk. A point is done when its study
// is there (written last, atomically).
bool resumePoint(PointRun& run) {
    if (!fs::exists(run.studyFile()) || !fs::exists(run.modelFile())) return false;
    run.point.study = readStudy(run.studyFile());
    run.point.testAccuracy = lastTestAccuracy(loadCheckpoint(run.modelFile()).history);
    run.point.resumed = true;
    run.stage(kSweepResumed, 1, 1, "found on disk");
    return true;
}

// The point's model: its pretrained checkpoint, or one trained now with the point's size and
// seed (cancelled by a stop).
Outcome<Model> modelForPoint(const Corpus& corpus, const PointRun& run, std::stop_token stop) {
    const SweepSettings& settings = run.settings;
    const auto pre = settings.pretrained.find({run.point.hidden, run.point.seed});
    if (pre != settings.pretrained.end()) return {loadCheckpoint(pre->second)};
    ModelSettings ms = settings.model;
    ms.hidden = run.point.hidden;
    ms.seed = run.point.seed;
    TrainingSettings ts = settings.training;
    ts.seed = run.point.seed;
    run.stage(kSweepTraining, 0, 0, "training");
    try {
        return trainOnCorpus(corpus, ms, ts, settings.vocabularyWords, {},
                             run.stageProgress(kSweepTraining), stop);
    } catch (const Error& e) {
        throw Error(e.code(), "point " + run.name + ": " + e.what(), e.context());
    }
}

// Trains (or loads) and studies a point and writes it to its folder; false when a stop ended
// it first (nothing of it is kept: it reruns next time).
bool computePoint(const Corpus& corpus, PointRun& run, std::stop_token stop) {
    std::error_code ec;
    fs::create_directories(run.point.folder, ec);
    const Outcome<Model> model = modelForPoint(corpus, run, stop);
    if (model.cancelled) return false;
    saveCheckpoint(model.value, run.modelFile());
    run.point.testAccuracy = lastTestAccuracy(model.value.history);
    run.stage(kSweepAnalysing, 0, 0, "analysing");
    Outcome<StudyResult> study = runStudy(model.value, corpus, run.settings.study, {},
                                          run.stageProgress(kSweepAnalysing), stop);
    if (study.cancelled) return false;
    run.point.study = std::move(study.value);
    writeStudy(run.point.folder, run.point.study,
               makeProvenance(model.value, run.modelFile(), corpus));
    run.stage(kSweepDone, 1, 1, "done");
    return true;
}

} // namespace

Outcome<SweepResult> runSweep(const Corpus& corpus, const SweepSettings& settings,
                              const std::function<void(const SweepPoint&)>& onPoint,
                              const ProgressFn& progress, std::stop_token stop) {
    prepareSweep(settings);
    Outcome<SweepResult> outcome;
    const std::size_t count = settings.hidden.size() * settings.seeds.size();
    std::size_t index = 0;
    for (int hidden : settings.hidden) {
        for (std::uint64_t seed : settings.seeds) {
            PointRun run(settings, progress, index++, count, hidden, seed);
            if (!resumePoint(run) && (stop.stop_requested() || !computePoint(corpus, run, stop))) {
                outcome.cancelled = true; // the points finished so far are on disk
                return outcome;
            }
            outcome.value.points.push_back(run.point);
            if (onPoint) onPoint(outcome.value.points.back());
        }
    }
    return outcome;
}

} // namespace flicker
