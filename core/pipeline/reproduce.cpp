#include "pipeline/reproduce.h"

#include "error.h"
#include "io/output_path.h"
#include "io/study_io.h"
#include "pipeline/identity.h"
#include "pipeline/sweep_runner.h"
#include "save_file.h"
#include "study/statistics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace flicker {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void say(const ReproduceLog& log, const std::string& line) {
    if (log) log(line);
}

// The output folder's parts.
std::string modelPath(const ReproduceSettings& s) {
    return s.outDir + "/model.flicker";
}
std::string trajectoryFolder(const ReproduceSettings& s) {
    return s.outDir + "/trajectory";
}
std::string studyFolder(const ReproduceSettings& s) {
    return s.outDir + "/study";
}
std::string sweepFolder(const ReproduceSettings& s) {
    return s.outDir + "/sweep";
}

// What a number looks like written to a stream with its default format ("0.66103").
std::string streamed(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

// The main model and its trajectory as an earlier run left them. Only a model this command
// trained is reused: it was trained for the epochs asked for (a model trained elsewhere, e.g.
// with --epochs 0, is not it).
void reuseMainModel(const Corpus& corpus, const ReproduceSettings& settings,
                    ReproduceResult& result, const ReproduceLog& log) {
    const std::string model = modelPath(settings);
    const std::string trajectory = trajectoryFolder(settings) + "/trajectory.json";
    say(log, "[reproduce] main model and trajectory found in " + settings.outDir + ": reused");
    result.model = loadCheckpoint(model);
    const std::size_t epochs = epochsTrained(result.model.history);
    if (epochs != std::size_t(settings.training.epochs))
        throw Error(ErrorCode::InvalidArgument,
                    model + " was trained for " + std::to_string(epochs) +
                        " epoch(s), this run trains " + std::to_string(settings.training.epochs) +
                        ": it was not made by this reproduce run. Remove it and " + trajectory +
                        ", or choose another --out",
                    model);
    checkSameTraining(result.model, settings.model, settings.training, model);
    Provenance provenance;
    result.trajectory = readTrajectory(trajectory, &provenance);
    checkSameData(provenance, corpus, trajectory);
    result.modelReused = true;
}

// Trains the main model, probing its exponents at initialisation and after every epoch, and
// writes both; false when stopped first (nothing is written).
bool trainMainModel(const Corpus& corpus, const ReproduceSettings& settings,
                    ReproduceResult& result, const ReproduceLog& log, const ProgressFn& progress,
                    std::stop_token stop) {
    say(log, "[reproduce] training the default model (" + std::to_string(settings.training.epochs) +
                 " epochs) with the training trajectory");
    TrainCallbacks callbacks;
    callbacks.onEpoch = [&](const EpochRecord& e, const LstmClassifier&) {
        char line[200];
        std::snprintf(line, sizeof line, "  epoch %d: loss %.4f, test accuracy %.3f (%.0f s)",
                      e.epoch, e.trainLoss, e.testAccuracy, e.seconds);
        say(log, line);
    };
    const auto onProbe = [&](const TrajectoryPoint& p) {
        const auto it = p.summary.find("h");
        if (it != p.summary.end())
            say(log, "  probe after epoch " + std::to_string(p.epoch) +
                         ": beta(h) = " + streamed(it->second.beta.mean));
    };
    const ProgressFn training = [&](const Progress& p) {
        report(progress, {kReproduceTraining, p.done, p.total, p.text});
    };
    Outcome<TrajectoryResult> trained =
        trainWithTrajectory(corpus, settings.model, settings.training, settings.trajectory,
                            settings.vocabularyWords, callbacks, onProbe, training, stop);
    if (trained.cancelled) return false;
    result.model = std::move(trained.value.model);
    result.trajectory = std::move(trained.value.points);
    saveCheckpoint(result.model, modelPath(settings));
    writeTrajectory(trajectoryFolder(settings), result.trajectory,
                    makeProvenance(result.model, modelPath(settings), corpus));
    return true;
}

// Step 1: the main model with its trajectory, reused when an earlier run made them.
bool mainModel(const Corpus& corpus, const ReproduceSettings& settings, ReproduceResult& result,
               const ReproduceLog& log, const ProgressFn& progress, std::stop_token stop) {
    if (fs::exists(modelPath(settings)) &&
        fs::exists(trajectoryFolder(settings) + "/trajectory.json")) {
        reuseMainModel(corpus, settings, result, log);
        return true;
    }
    return trainMainModel(corpus, settings, result, log, progress, stop);
}

// Step 2: the main model's study with controls, reused when on disk; false when stopped.
bool mainStudy(const Corpus& corpus, const ReproduceSettings& settings, ReproduceResult& result,
               const ReproduceLog& log, const ProgressFn& progress, std::stop_token stop) {
    const std::string studyJson = studyFolder(settings) + "/study.json";
    if (fs::exists(studyJson)) {
        say(log, "[reproduce] study found: reused");
        Provenance provenance;
        result.study = readStudy(studyJson, &provenance);
        checkSameData(provenance, corpus, studyJson);
        checkSameStudy(result.study.settings, settings.study, studyJson);
        result.studyReused = true;
        return true;
    }
    const std::size_t reviews = settings.study.maxReviews;
    say(log, "[reproduce] studying " + (reviews ? std::to_string(reviews) : std::string("all")) +
                 " long test reviews with controls");
    const auto start = Clock::now();
    const ProgressFn studying = [&](const Progress& p) {
        report(progress, {kReproduceStudying, p.done, p.total, p.text});
    };
    Outcome<StudyResult> study = runStudy(result.model, corpus, settings.study, {}, studying, stop);
    if (study.cancelled) return false;
    result.study = std::move(study.value);
    say(log, "  study: " + streamed(secondsSince(start)) + " s");
    writeStudy(studyFolder(settings), result.study,
               makeProvenance(result.model, modelPath(settings), corpus));
    return true;
}

// Step 3: the capacity sweep (resumable), the main model standing in for its own size and
// seed; false when stopped.
bool capacitySweep(const Corpus& corpus, const ReproduceSettings& settings, ReproduceResult& result,
                   const ReproduceLog& log, const ProgressFn& progress, std::stop_token stop) {
    SweepSettings sweep;
    sweep.hidden = settings.sweepHidden;
    sweep.model = settings.model;
    sweep.training = settings.training;
    sweep.vocabularyWords = settings.vocabularyWords;
    sweep.study = settings.study;
    sweep.outDir = sweepFolder(settings);
    sweep.pretrained[{settings.model.hidden, settings.model.seed}] = modelPath(settings);
    say(log, "[reproduce] capacity sweep over " + std::to_string(sweep.hidden.size()) + " sizes");
    Outcome<SweepResult> points = runSweep(corpus, sweep, {}, progress, stop);
    result.sweep = std::move(points.value);
    if (points.cancelled) return false;
    writeSweep(sweep.outDir, result.sweep,
               makeProvenance(result.model, modelPath(settings), corpus));
    return true;
}

std::vector<double> betasOf(const StudyResult& study, const std::string& key) {
    std::vector<double> betas;
    for (const ReviewResult& r : study.reviews)
        betas.push_back(r.rows.at(key).beta);
    return betas;
}

void saveText(const std::string& path, const std::string& text) {
    // Through saveFileWhole: a short write on a full disk was taken for success here (only
    // a negative count was checked) and a truncated file committed.
    saveFileWhole(path, text);
}

QJsonObject parse(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

// "UDFA" or "DFA".
std::string methodName(DfaMethod method) {
    std::string name = dfaMethodName(method);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return name;
}

} // namespace

std::string publishedText(const PublishedValue& value) {
    if (std::isnan(value.mean)) return value.statement;
    char text[64];
    std::snprintf(text, sizeof text, "%.3f ± %.3f", value.mean, value.sd);
    return text;
}

ReproduceSettings reproduceSettings(const std::string& outDir, bool quick) {
    ReproduceSettings s;
    s.outDir = outDir;
    s.quick = quick;
    s.training.epochs = quick ? kQuickEpochs : kReproduceEpochs;
    if (quick) {
        s.study.maxReviews = kQuickReviews;
        s.sweepHidden.assign(kQuickSweepHidden.begin(), kQuickSweepHidden.end());
    }
    return s;
}

Outcome<ReproduceResult> runReproduce(const Corpus& corpus, const ReproduceSettings& settings,
                                      const ReproduceLog& log, const ProgressFn& progress,
                                      std::stop_token stop) {
    if (settings.outDir.empty())
        throw Error(ErrorCode::InvalidArgument, "reproduce needs an output folder");
    prepareOutputFolder(settings.outDir);
    const auto start = Clock::now();
    Outcome<ReproduceResult> outcome;
    ReproduceResult& result = outcome.value;
    outcome.cancelled = !mainModel(corpus, settings, result, log, progress, stop);
    if (outcome.cancelled) return outcome;
    result.trainingSeconds = secondsSince(start);
    outcome.cancelled = !mainStudy(corpus, settings, result, log, progress, stop);
    if (outcome.cancelled) return outcome;
    result.studySeconds = secondsSince(start) - result.trainingSeconds;
    outcome.cancelled = !capacitySweep(corpus, settings, result, log, progress, stop);
    if (outcome.cancelled) return outcome;
    result.seconds = secondsSince(start);
    result.correlation = pearson(betasOf(result.study, "x"), betasOf(result.study, "h"));
    saveText(settings.outDir + "/reproduce.json", reproduceToJson(result, settings));
    return outcome;
}

namespace {

// The report's first lines: the data set and the model as it was trained and studied.
void reportModel(std::ostream& out, const ReproduceResult& result,
                 const ReproduceSettings& settings, const std::string& datasetName) {
    const ModelSettings& model = result.model.network.settings();
    const StudySettings& study = settings.study;
    out << "Chong & Feng (2024) vs Flicker — " << datasetName
        << (settings.quick ? " (--quick)" : "") << "\n";
    out << "measured: " << datasetName << "; model: E = " << model.embedding
        << ", H = " << model.hidden << ", " << settings.training.epochs
        << " epochs, test accuracy ";
    if (result.model.history.epochs.empty())
        out << "unknown";
    else
        out << result.model.history.epochs.back().testAccuracy;
    out << "; " << result.study.reviews.size() << " " << splitName(study.split) << " reviews of ≥ "
        << study.minLength << " words, first " << study.steps << " words, "
        << methodName(study.dfa.method) << "\n";
    out << "published: " << kPublishedSource << "\n\n";
}

// The published values beside the study's rows, and the correlation.
void reportStudy(std::ostream& out, const ReproduceResult& result) {
    char line[256];
    std::snprintf(line, sizeof line, "%-28s %-18s %-26s %s\n", "quantity", "published",
                  "measured (over reviews)", "SD over single units");
    out << line;
    for (const PublishedValue& p : kPublished) {
        const SummaryRow& s = result.study.summary.at(p.key);
        std::snprintf(line, sizeof line, "%-28s %-18s %6.3f ± %.3f [%.3f, %.3f]  %.3f\n", p.label,
                      publishedText(p).c_str(), s.beta.mean, s.beta.sd, s.beta.ciLow, s.beta.ciHigh,
                      s.unitBetaSd);
        out << line;
    }
    std::snprintf(line, sizeof line, "%-28s %-18s %6.3f\n", kPublishedCorrelation.label,
                  publishedText(kPublishedCorrelation).c_str(), result.correlation);
    out << line;
}

// beta(h) of every sweep point by its number of cells.
void reportSweep(std::ostream& out, const ReproduceResult& result) {
    char line[256];
    out << "\nbeta(h) against the number of LSTM cells (published: falls toward 0 when "
           "oversized)\n";
    std::snprintf(line, sizeof line, "%8s %10s %12s %8s %16s\n", "cells", "accuracy", "utilisation",
                  "PR(h)", "beta(h)");
    out << line;
    for (const SweepPoint& pt : result.sweep.points) {
        const auto& h = pt.study.summary.at("h").beta;
        std::snprintf(line, sizeof line, "%8d %10.3f %12.3f %8.2f %8.3f ± %.3f\n", pt.hidden,
                      pt.testAccuracy, pt.study.utilisation, pt.study.participationRatio, h.mean,
                      h.sd);
        out << line;
    }
}

} // namespace

std::string reproduceReport(const ReproduceResult& result, const ReproduceSettings& settings,
                            const std::string& datasetName) {
    std::ostringstream out;
    reportModel(out, result, settings, datasetName);
    reportStudy(out, result);
    reportSweep(out, result);
    char line[512];
    const double sweepSeconds = result.seconds - result.trainingSeconds - result.studySeconds;
    std::snprintf(line, sizeof line,
                  "\ntime: %.0f s (training %.0f s, study %.0f s, sweep %.0f s); results in %s\n",
                  result.seconds, result.trainingSeconds, result.studySeconds, sweepSeconds,
                  settings.outDir.c_str());
    out << line;
    return out.str();
}

std::string reproduceToJson(const ReproduceResult& result, const ReproduceSettings& settings) {
    // The pieces come from the study, sweep and trajectory files' own JSON (their provenance,
    // left out here, is in those files).
    const Provenance none;
    QJsonObject published;
    for (const PublishedValue& p : kPublished)
        if (!std::isnan(p.mean))
            published[p.key] = QJsonObject{{"beta_mean", p.mean}, {"beta_sd", p.sd}};
    const double r = result.correlation;
    const QJsonObject all{
        {"summary", parse(studyToJson(result.study, none))["summary"]},
        {"points", parse(sweepToJson(result.sweep, none))["points"]},
        {"trajectory", parse(trajectoryToJson(result.trajectory, none))["points"]},
        {"correlation_beta_x_beta_h", std::isnan(r) ? QJsonValue() : QJsonValue(r)},
        {"quick", settings.quick},
        {"seconds", result.seconds},
        {"published", published}};
    return QJsonDocument(all).toJson().toStdString();
}

} // namespace flicker
