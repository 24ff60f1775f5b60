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

SweepResult runSweep(const Corpus& corpus, const SweepSettings& settings,
                     const std::function<void(const SweepProgress&)>& onProgress,
                     const std::function<void(const SweepPoint&)>& onPoint, std::stop_token stop) {
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

    SweepResult result;
    SweepProgress progress;
    progress.points = settings.hidden.size() * settings.seeds.size();
    for (int hidden : settings.hidden) {
        for (std::uint64_t seed : settings.seeds) {
            SweepPoint point;
            point.hidden = hidden;
            point.seed = seed;
            point.folder = (fs::path(settings.outDir) / pointFolder(hidden, seed)).string();
            progress.hidden = hidden;
            progress.seed = seed;
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
                progress.state = PointState::Done;
                if (onProgress) onProgress(progress);
                if (onPoint) onPoint(point);
                ++progress.point;
                continue;
            }
            if (stop.stop_requested()) {
                result.cancelled = true;
                return result;
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
                progress.state = PointState::Training;
                progress.epochs = ts.epochs;
                TrainCallbacks callbacks;
                callbacks.onBatch = [&](const BatchProgress& b) {
                    progress.epoch = b.epoch;
                    progress.batch = b.batch;
                    progress.batches = b.batches;
                    if (onProgress) onProgress(progress);
                };
                CorpusTraining trained =
                    trainOnCorpus(corpus, ms, ts, settings.vocabularyWords, callbacks, stop);
                if (trained.stop == TrainStop::Cancelled) {
                    result.cancelled = true;
                    return result; // nothing of this point is kept: it reruns next time
                }
                if (trained.stop == TrainStop::NonFinite)
                    throw Error(ErrorCode::Internal, "point H = " + std::to_string(hidden) +
                                                         ", seed " + std::to_string(seed) + ": " +
                                                         trained.model.history.note);
                model = std::move(trained.model);
            }
            saveCheckpoint(model, modelFile);
            point.testAccuracy =
                model.history.epochs.empty() ? kNoValue : model.history.epochs.back().testAccuracy;
            progress.state = PointState::Analysing;
            point.study = runStudy(
                model, corpus, settings.study,
                [&](const std::vector<ReviewResult>&, std::size_t done, std::size_t total) {
                    progress.reviewsDone = done;
                    progress.reviews = total;
                    if (onProgress) onProgress(progress);
                },
                stop);
            if (point.study.cancelled) {
                result.cancelled = true;
                return result;
            }
            writeStudy(point.folder, point.study, makeProvenance(model, modelFile, corpus));
            result.points.push_back(point);
            progress.state = PointState::Done;
            if (onProgress) onProgress(progress);
            if (onPoint) onPoint(point);
            ++progress.point;
        }
    }
    return result;
}

} // namespace flicker
