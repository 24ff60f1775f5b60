#include "pipeline/sweep_runner.h"

#include "error.h"
#include "io/output_path.h"
#include "io/study_io.h"
#include "model/model.h"
#include "pipeline/identity.h"
#include "pipeline/point_claim.h"
#include "train/dataset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace flicker {
namespace fs = std::filesystem;
namespace {

// Refuses settings a sweep cannot run with.
void checkSweepSettings(const SweepSettings& settings) {
    if (settings.hidden.empty() || settings.seeds.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "a sweep needs at least one hidden size and one seed");
    for (int h : settings.hidden) {
        if (h < 1)
            throw Error(ErrorCode::InvalidArgument,
                        "hidden sizes must be at least 1 (got " + std::to_string(h) + ")");
        ModelSettings sizes = settings.model;
        sizes.hidden = h;
        sizes.vocabularySize = std::int32_t(
            std::min<std::size_t>(settings.vocabularyWords + 2, std::size_t(kMaxVocabulary) + 1));
        checkModelSettings(sizes);
    }
    // The same point twice would be trained once and counted twice in the error bars.
    for (std::size_t k = 0; k < settings.hidden.size(); ++k)
        if (std::count(settings.hidden.begin(), settings.hidden.begin() + long(k),
                       settings.hidden[k]))
            throw Error(ErrorCode::InvalidArgument,
                        "the hidden size " + std::to_string(settings.hidden[k]) +
                            " is listed twice: each size × seed is one point");
    for (std::size_t k = 0; k < settings.seeds.size(); ++k)
        if (std::count(settings.seeds.begin(), settings.seeds.begin() + long(k), settings.seeds[k]))
            throw Error(ErrorCode::InvalidArgument,
                        "the seed " + std::to_string(settings.seeds[k]) +
                            " is listed twice: each size × seed is one point");
    for (std::size_t k = 0; k < settings.noise.size(); ++k) {
        const double sd = settings.noise[k];
        if (!(sd >= 0 && sd <= kMaxTrainingNoise))
            throw Error(ErrorCode::InvalidArgument,
                        "noise SDs must be 0 … " + std::to_string(int(kMaxTrainingNoise)) +
                            " (got " + std::to_string(sd) + ")",
                        "noise");
        if (std::count(settings.noise.begin(), settings.noise.begin() + long(k), sd))
            throw Error(ErrorCode::InvalidArgument,
                        "the noise SD " + std::to_string(sd) +
                            " is listed twice: each size × noise × seed is one point",
                        "noise");
    }
    if (settings.outDir.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "a sweep needs an output folder to keep its points");
}

// Refuses settings a sweep cannot run with, and makes its output folder.
void prepareSweep(const SweepSettings& settings) {
    checkSweepSettings(settings);
    prepareOutputFolder(settings.outDir);
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

    TrainingSettings training; // the point's own: its seed and noise

    PointRun(const SweepSettings& s, const ProgressFn& p, const PlannedPoint& planned,
             std::size_t n)
        : settings(s), progress(p), index(planned.index), count(n), name(planned.name),
          training(
              pointTraining(s, std::isnan(planned.noise) ? 0.0 : planned.noise, planned.seed)) {
        point.hidden = planned.hidden;
        point.seed = planned.seed;
        point.inputNoise = training.inputNoise;
        point.hiddenNoise = training.hiddenNoise;
        point.noise = planned.noise;
        point.folder = (fs::path(s.outDir) / planned.folder).string();
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
// is there (written last, atomically). A point made from other data or settings is refused.
bool resumePoint(const Provenance& data, PointRun& run) {
    if (!fs::exists(run.studyFile()) || !fs::exists(run.modelFile())) return false;
    Provenance provenance;
    run.point.study = readStudy(run.studyFile(), &provenance);
    checkSameData(provenance, data, run.studyFile());
    checkSameStudy(run.point.study.settings, run.settings.study, run.studyFile());
    const Model model = loadCheckpoint(run.modelFile());
    ModelSettings ms = run.settings.model;
    ms.hidden = run.point.hidden;
    ms.seed = run.point.seed;
    checkSameTraining(model, ms, run.training, run.modelFile());
    run.point.testAccuracy = lastTestAccuracy(model.history);
    run.point.resumed = true;
    run.stage(kSweepResumed, 1, 1, "found on disk");
    return true;
}

// The point's model: its pretrained checkpoint, or one trained now with the point's size and
// seed (cancelled by a stop).
Outcome<Model> modelForPoint(const Corpus& corpus, const PointRun& run, std::stop_token stop) {
    const SweepSettings& settings = run.settings;
    // A checkpoint stands for a (size, seed) of the capacity sweep; a noise sweep trains its own.
    const auto pre = settings.pretrained.find({run.point.hidden, run.point.seed});
    if (pre != settings.pretrained.end() && settings.noise.empty())
        return {loadCheckpoint(pre->second)};
    ModelSettings ms = settings.model;
    ms.hidden = run.point.hidden;
    ms.seed = run.point.seed;
    run.stage(kSweepTraining, 0, 0, "training");
    try {
        return trainOnCorpus(corpus, ms, run.training, settings.vocabularyWords, {},
                             run.stageProgress(kSweepTraining), stop);
    } catch (const Error& e) {
        throw Error(e.code(), "point " + run.name + ": " + e.what(), e.context());
    }
}

// Trains (or loads) and studies a point and writes it to its folder; false when a stop ended
// it first (nothing of it is kept: it reruns next time).
bool computePoint(const Corpus& corpus, PointRun& run, std::stop_token stop) {
    const Outcome<Model> model = modelForPoint(corpus, run, stop);
    if (model.cancelled) return false;
    saveCheckpoint(model.value, run.modelFile());
    run.point.inputNoise = model.value.history.settings.inputNoise;
    run.point.hiddenNoise = model.value.history.settings.hiddenNoise;
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

std::vector<PlannedPoint> plannedPoints(const SweepSettings& settings) {
    checkSweepSettings(settings);
    // Without a noise dimension, one pass with the training settings' own noise.
    const bool noiseSweep = !settings.noise.empty();
    const std::vector<double> noises = noiseSweep ? settings.noise : std::vector<double>{kNoValue};
    std::vector<PlannedPoint> points;
    for (int hidden : settings.hidden)
        for (double noise : noises)
            for (std::uint64_t seed : settings.seeds) {
                PlannedPoint p;
                p.index = points.size();
                p.hidden = hidden;
                p.noise = noise;
                p.seed = seed;
                p.folder = noiseSweep ? pointFolder(hidden, noise, settings.noiseOn, seed)
                                      : pointFolder(hidden, seed);
                p.name = "H = " + std::to_string(hidden);
                if (noiseSweep) {
                    char sd[32];
                    std::snprintf(sd, sizeof sd, "%g", noise);
                    p.name +=
                        std::string(", ") + noiseTargetName(settings.noiseOn) + " noise " + sd;
                }
                p.name += ", seed " + std::to_string(seed);
                points.push_back(std::move(p));
            }
    return points;
}

bool pointFinished(const std::string& sweepDir, const PlannedPoint& point) {
    const fs::path folder = fs::path(sweepDir) / point.folder;
    std::error_code ec;
    return fs::is_regular_file(folder / "study.json", ec) &&
           fs::is_regular_file(folder / "model.flicker", ec);
}

namespace {

// Claims the point, or says who has it (an Error for a sweep that needs every point).
PointClaim claimOrThrow(const PointRun& run) {
    ClaimResult claim = claimPoint(run.point.folder);
    if (!claim.claim.held())
        throw Error(ErrorCode::InvalidArgument,
                    "point " + run.name + " is being computed by another worker (" +
                        describeHolder(*claim.holder) + "; its claim is " + run.point.folder + "/" +
                        kClaimFile +
                        "): wait for it, or remove that file if you know the worker is gone",
                    run.point.folder);
    return std::move(claim.claim);
}

} // namespace

Outcome<SweepResult> runSweep(const Corpus& corpus, const SweepSettings& settings,
                              const std::function<void(const SweepPoint&)>& onPoint,
                              const ProgressFn& progress, std::stop_token stop) {
    prepareSweep(settings);
    const Provenance data = makeProvenance(corpus);
    const std::vector<PlannedPoint> planned = plannedPoints(settings);
    Outcome<SweepResult> outcome;
    for (const PlannedPoint& p : planned) {
        PointRun run(settings, progress, p, planned.size());
        if (!resumePoint(data, run)) {
            if (stop.stop_requested()) {
                outcome.cancelled = true; // the points finished so far are on disk
                return outcome;
            }
            PointClaim claim = claimOrThrow(run);
            // Another worker may have finished it between our look and our claim.
            if (!resumePoint(data, run) && !computePoint(corpus, run, stop)) {
                outcome.cancelled = true;
                return outcome;
            }
        }
        outcome.value.points.push_back(run.point);
        if (onPoint) onPoint(outcome.value.points.back());
    }
    return outcome;
}

PointOutcome runSweepPoint(const Corpus& corpus, const SweepSettings& settings, std::size_t index,
                           const ProgressFn& progress, std::stop_token stop) {
    prepareSweep(settings);
    const Provenance data = makeProvenance(corpus);
    const std::vector<PlannedPoint> planned = plannedPoints(settings);
    if (index >= planned.size())
        throw Error(ErrorCode::InvalidArgument,
                    "point " + std::to_string(index) + " is not in the sweep (it has " +
                        std::to_string(planned.size()) + " points, 0 … " +
                        std::to_string(planned.size() - 1) + ")");
    PointOutcome outcome;
    PointRun run(settings, progress, planned[index], planned.size());
    if (!resumePoint(data, run)) {
        ClaimResult claim = claimPoint(run.point.folder);
        if (!claim.claim.held()) {
            outcome.busy = describeHolder(*claim.holder);
            return outcome;
        }
        if (!resumePoint(data, run) && !computePoint(corpus, run, stop)) {
            outcome.point.cancelled = true;
            return outcome;
        }
    }
    outcome.point.value = run.point;
    return outcome;
}

CollectedSweep collectSweep(const SweepSettings& settings, const Provenance& data) {
    const std::vector<PlannedPoint> planned = plannedPoints(settings);
    CollectedSweep collected;
    const ProgressFn silent; // PointRun keeps a reference: it must outlive the runs
    for (const PlannedPoint& p : planned) {
        PointRun run(settings, silent, p, planned.size());
        if (resumePoint(data, run))
            collected.result.points.push_back(run.point);
        else
            collected.missing.push_back(p);
    }
    return collected;
}

} // namespace flicker
