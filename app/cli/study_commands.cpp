// flicker-cli study, sweep and reproduce: the paper's measurement over a data set with controls,
// the capacity sweep, and the whole experiment end to end.
#include "cli_commands.h"
#include "cli_data.h"

#include "io/study_io.h"
#include "pipeline/sweep_runner.h"
#include "study/study.h"
#include "study/sweep.h"
#include "study/trajectory.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace flicker::cli {
namespace {

StudySettings studySettingsFrom(const Options& o) {
    StudySettings s;
    if (o.values.count("reviews"))
        s.maxReviews = parseValue<std::size_t>("reviews", o.values.at("reviews"));
    if (o.values.count("min-length"))
        s.minLength = parseValue<std::size_t>("min-length", o.values.at("min-length"));
    if (o.values.count("steps")) s.steps = parseValue<std::size_t>("steps", o.values.at("steps"));
    if (!o.values.count("min-length") && o.values.count("steps")) s.minLength = s.steps;
    if (o.values.count("seed")) s.seed = parseValue<std::uint64_t>("seed", o.values.at("seed"));
    if (o.values.count("method")) s.dfa.method = parseDfaMethod(o.values.at("method"));
    if (o.values.count("order")) s.dfa.order = parseValue<int>("order", o.values.at("order"));
    if (o.values.count("aggregation")) {
        const auto a = aggregationFromName(o.values.at("aggregation"));
        if (!a)
            throw Error(ErrorCode::InvalidArgument,
                        "--aggregation must be mean-alpha, mean-fluctuation or averaged-signal");
        s.aggregation = *a;
    }
    if (o.flags.count("no-controls")) s.controls.clear();
    return s;
}

} // namespace

int runStudy(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o =
            parseOptions(args,
                         {"model", "vocab", "data", "out", "reviews", "min-length", "steps", "seed",
                          "method", "order", "aggregation", "threads", "demo-reviews", "demo-seed"},
                         {"json", "no-controls"});
        const std::string outDir = valueOr(o, "out", "");
        if (outDir.empty()) throw Error(ErrorCode::InvalidArgument, "--out DIR is required");
        const StudySettings settings = studySettingsFrom(o);
        configureThreads(o);
        const Model model = loadModelOption(o);
        const Corpus corpus = loadData(o, err);
        const auto start = std::chrono::steady_clock::now();
        const StudyResult result = runStudy(model, corpus, settings, {}, [&](const Progress& p) {
                                       err << "  studied " << p.done << " / " << p.total
                                           << " reviews\n";
                                   }).value;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const Provenance provenance = makeProvenance(model, valueOr(o, "model", ""), corpus);
        writeStudy(outDir, result, provenance);
        err << "studied " << result.reviews.size() << " reviews in " << seconds << " s; results in "
            << outDir << "\n";
        if (o.flags.count("json")) {
            out << studyToJson(result, provenance);
            return kExitOk;
        }
        char line[200];
        std::snprintf(line, sizeof line, "%-20s %8s %8s %8s %8s %8s %10s\n", "row", "reviews",
                      "beta", "SD", "CI low", "CI high", "unit SD");
        out << line;
        for (const auto& [key, row] : result.summary) {
            std::snprintf(line, sizeof line, "%-20s %8zu %8.3f %8.3f %8.3f %8.3f %10.3f\n",
                          key.c_str(), row.beta.count, row.beta.mean, row.beta.sd, row.beta.ciLow,
                          row.beta.ciHigh, row.unitBetaSd);
            out << line;
        }
        std::snprintf(line, sizeof line, "utilisation of h %.3f, participation ratio of h %.2f\n",
                      result.utilisation, result.participationRatio);
        out << line;
        return kExitOk;
    });
}

} // namespace flicker::cli

// ---- sweep and reproduce ------------------------------------------------------------------

namespace flicker::cli {
namespace {

// Sweep progress on stderr: each change of point or stage, and progress every few seconds.
ProgressFn sweepPrinter(std::ostream& err) {
    auto last = std::make_shared<std::pair<std::string, std::chrono::steady_clock::time_point>>();
    auto lastPoint = std::make_shared<std::size_t>(std::size_t(-1));
    return [&err, last, lastPoint](const Progress& p) {
        const auto now = std::chrono::steady_clock::now();
        const bool changed = p.stage != last->first || p.part != *lastPoint;
        if (!changed && now - last->second < kProgressEvery) return;
        *last = {p.stage, now};
        *lastPoint = p.part;
        err << "  point " << p.part + 1 << "/" << p.parts << " " << p.stage << ": " << p.text
            << "\n";
    };
}

QJsonObject parse(const std::string& json) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
}

std::vector<std::uint64_t> parseSeeds(const std::string& text) {
    std::vector<std::uint64_t> seeds;
    for (int v : parseIntList("seeds", text)) {
        if (v < 0) throw Error(ErrorCode::InvalidArgument, "--seeds must be non-negative");
        seeds.push_back(std::uint64_t(v));
    }
    return seeds;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
    double ma = 0, mb = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!std::isnan(a[k]) && !std::isnan(b[k])) ma += a[k], mb += b[k], ++n;
    if (n < 3) return kNoValue;
    ma /= double(n);
    mb /= double(n);
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!std::isnan(a[k]) && !std::isnan(b[k])) {
            sab += (a[k] - ma) * (b[k] - mb);
            saa += (a[k] - ma) * (a[k] - ma);
            sbb += (b[k] - mb) * (b[k] - mb);
        }
    return sab / std::sqrt(saa * sbb);
}

} // namespace

int runSweepCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(args,
                                       {"data", "hidden", "seeds", "epochs", "out", "embedding",
                                        "reviews", "min-length", "steps", "threads", "demo-reviews",
                                        "demo-seed", "max-length", "vocab-size"},
                                       {"json", "no-controls"});
        SweepSettings s;
        s.outDir = valueOr(o, "out", "");
        if (s.outDir.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "--out DIR is required (the sweep keeps its points there)");
        if (o.values.count("hidden")) s.hidden = parseIntList("hidden", o.values.at("hidden"));
        if (o.values.count("seeds")) s.seeds = parseSeeds(o.values.at("seeds"));
        if (o.values.count("epochs"))
            s.training.epochs = parseValue<int>("epochs", o.values.at("epochs"));
        if (o.values.count("embedding"))
            s.model.embedding = parseValue<int>("embedding", o.values.at("embedding"));
        if (o.values.count("max-length"))
            s.training.maxLength = parseValue<std::size_t>("max-length", o.values.at("max-length"));
        if (o.values.count("vocab-size"))
            s.vocabularyWords = parseValue<std::size_t>("vocab-size", o.values.at("vocab-size"));
        if (o.values.count("reviews"))
            s.study.maxReviews = parseValue<std::size_t>("reviews", o.values.at("reviews"));
        if (o.values.count("steps"))
            s.study.steps = s.study.minLength =
                parseValue<std::size_t>("steps", o.values.at("steps"));
        if (o.values.count("min-length"))
            s.study.minLength = parseValue<std::size_t>("min-length", o.values.at("min-length"));
        if (o.flags.count("no-controls")) s.study.controls.clear();
        configureThreads(o);
        const Corpus corpus = loadData(o, err);
        const SweepResult result = runSweep(corpus, s, {}, sweepPrinter(err)).value;
        const Provenance p = makeProvenance(corpus);
        writeSweep(s.outDir, result, p);
        if (o.flags.count("json")) {
            out << sweepToJson(result, p);
        } else {
            char line[200];
            std::snprintf(line, sizeof line, "%8s %6s %10s %12s %8s %14s %14s\n", "hidden", "seed",
                          "accuracy", "utilisation", "PR(h)", "beta(h)", "beta(x)");
            out << line;
            for (const SweepPoint& pt : result.points) {
                const auto& h = pt.study.summary.at("h").beta;
                const auto& x = pt.study.summary.at("x").beta;
                std::snprintf(line, sizeof line,
                              "%8d %6llu %10.3f %12.3f %8.2f %7.3f ± %4.3f %7.3f ± %4.3f\n",
                              pt.hidden, static_cast<unsigned long long>(pt.seed), pt.testAccuracy,
                              pt.study.utilisation, pt.study.participationRatio, h.mean, h.sd,
                              x.mean, x.sd);
                out << line;
            }
        }
        return kExitOk;
    });
}

int runReproduce(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(
            args, {"data", "out", "threads", "demo-reviews", "demo-seed"}, {"json", "quick"});
        const std::string dir = valueOr(o, "out", "");
        if (dir.empty()) throw Error(ErrorCode::InvalidArgument, "--out DIR is required");
        const bool quick = o.flags.count("quick") > 0;
        configureThreads(o);
        QDir().mkpath(QString::fromStdString(dir));
        const auto start = std::chrono::steady_clock::now();
        auto elapsed = [&] {
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        const Corpus corpus = loadData(o, err);

        ModelSettings modelSettings; // the spec's defaults: E = 64, H = 64, seed 1
        TrainingSettings training;   // Adam 1e-3, batch 64, clip 5, first 500 tokens
        training.epochs = quick ? 3 : 10;
        StudySettings study; // UDFA order 1, 4 … 125, mean alpha, ≥ 500 words, 500 steps
        if (quick) study.maxReviews = 300;

        // 1. Train the main model, probing the trajectory at initialisation and every epoch.
        const std::string modelPath = dir + "/model.flicker";
        const std::string trajectoryJson = dir + "/trajectory/trajectory.json";
        Model model;
        QJsonArray trajectory;
        if (std::filesystem::exists(modelPath) && std::filesystem::exists(trajectoryJson)) {
            err << "[reproduce] main model and trajectory found in " << dir << ": reused\n";
            model = loadCheckpoint(modelPath);
            // Only a model this command trained is reused: its history has one record per
            // epoch asked for (a model trained elsewhere, e.g. with --epochs 0, is not it).
            if (model.history.epochs.size() != std::size_t(training.epochs))
                throw Error(ErrorCode::InvalidArgument,
                            modelPath + " was trained for " +
                                std::to_string(model.history.epochs.size()) +
                                " epoch(s), this run trains " + std::to_string(training.epochs) +
                                ": it was not made by this reproduce run. Remove it and " +
                                trajectoryJson + ", or choose another --out",
                            modelPath);
            QFile f(QString::fromStdString(trajectoryJson));
            f.open(QIODevice::ReadOnly);
            trajectory = QJsonDocument::fromJson(f.readAll()).object()["points"].toArray();
        } else {
            err << "[reproduce] training the default model (" << training.epochs
                << " epochs) with the training trajectory\n";
            TrainCallbacks callbacks;
            callbacks.onEpoch = [&](const EpochRecord& e, const LstmClassifier&) {
                char line[200];
                std::snprintf(line, sizeof line,
                              "  epoch %d: loss %.4f, test accuracy %.3f (%.0f s)\n", e.epoch,
                              e.trainLoss, e.testAccuracy, e.seconds);
                err << line;
            };
            TrajectorySettings traj;
            const Outcome<TrajectoryResult> r =
                trainWithTrajectory(corpus, modelSettings, training, traj, 10000, callbacks,
                                    [&](const TrajectoryPoint& p) {
                                        const auto it = p.summary.find("h");
                                        if (it != p.summary.end())
                                            err << "  probe after epoch " << p.epoch
                                                << ": beta(h) = " << it->second.beta.mean << "\n";
                                    });
            model = r.value.model;
            saveCheckpoint(model, modelPath);
            const Provenance p = makeProvenance(model, modelPath, corpus);
            writeTrajectory(dir + "/trajectory", r.value.points, p);
            trajectory = parse(trajectoryToJson(r.value.points, p))["points"].toArray();
        }
        const double trainSeconds = elapsed();

        // 2. The study with controls.
        const std::string studyJson = dir + "/study/study.json";
        StudyResult main;
        if (std::filesystem::exists(studyJson)) {
            err << "[reproduce] study found: reused\n";
            main = readStudy(studyJson);
        } else {
            err << "[reproduce] studying " << (quick ? "300" : "all")
                << " long test reviews with controls\n";
            const auto t0 = std::chrono::steady_clock::now();
            main = runStudy(model, corpus, study, {}, [&](const Progress& p) {
                       if (p.done == p.total || p.done % 320 == 0)
                           err << "  " << p.done << " / " << p.total << " reviews\n";
                   }).value;
            err << "  study: "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
                << " s\n";
            writeStudy(dir + "/study", main, makeProvenance(model, modelPath, corpus));
        }
        const double studySeconds = elapsed() - trainSeconds;

        // 3. The capacity sweep (resumable); the main model is its H = 64, seed 1 point.
        SweepSettings sweep;
        sweep.outDir = dir + "/sweep";
        sweep.training = training;
        sweep.study = study;
        if (quick) sweep.hidden = {4, 16, 64};
        sweep.pretrained[{modelSettings.hidden, 1}] = modelPath;
        err << "[reproduce] capacity sweep over " << sweep.hidden.size() << " sizes\n";
        const SweepResult points = runSweep(corpus, sweep, {}, sweepPrinter(err)).value;
        const Provenance provenance = makeProvenance(model, modelPath, corpus);
        writeSweep(sweep.outDir, points, provenance);
        const double totalSeconds = elapsed();

        // 4. Published vs measured.
        std::vector<double> bx, bh;
        for (const ReviewResult& r : main.reviews) {
            bx.push_back(r.rows.at("x").beta);
            bh.push_back(r.rows.at("h").beta);
        }
        const double r = pearson(bx, bh);
        auto row = [&](const std::string& key) -> const SummaryRow& {
            return main.summary.at(key);
        };
        char line[256];
        out << "Chong & Feng (2024) vs Flicker — " << corpus.name << (quick ? " (--quick)" : "")
            << "\n";
        out << "model: E = 64, H = 64, " << training.epochs << " epochs, test accuracy ";
        if (model.history.epochs.empty())
            out << "unknown";
        else
            out << model.history.epochs.back().testAccuracy;
        out << "; " << main.reviews.size()
            << " test reviews of ≥ 500 words, first 500 words, UDFA\n\n";
        std::snprintf(line, sizeof line, "%-28s %-18s %-26s %s\n", "quantity", "published",
                      "measured (over reviews)", "SD over single units");
        out << line;
        auto print = [&](const char* label, const char* published, const std::string& key) {
            const SummaryRow& s = row(key);
            std::snprintf(line, sizeof line, "%-28s %-18s %6.3f ± %.3f [%.3f, %.3f]  %.3f\n", label,
                          published, s.beta.mean, s.beta.sd, s.beta.ciLow, s.beta.ciHigh,
                          s.unitBetaSd);
            out << line;
        };
        print("beta(x), inputs", "0.002 ± 0.116", "x");
        print("beta(h), hidden state", "0.833 ± 0.132", "h");
        print("beta, internal (i,f,g,o)", "< external", "internal");
        print("beta, external (c,h)", "> internal", "external");
        print("beta(h), shuffled words", "—", "h_shuffled");
        print("beta(h), untrained network", "—", "h_untrained");
        print("beta(h), permuted", "≈ 0 (theory)", "h_permuted");
        print("beta(h), phase-randomised", "≈ beta(h)", "h_phase");
        std::snprintf(line, sizeof line, "%-28s %-18s %6.3f\n", "corr(beta(x), beta(h))", "none",
                      r);
        out << line
            << "\nbeta(h) against the number of LSTM cells (published: falls toward 0 when "
               "oversized)\n";
        std::snprintf(line, sizeof line, "%8s %10s %12s %8s %16s\n", "cells", "accuracy",
                      "utilisation", "PR(h)", "beta(h)");
        out << line;
        for (const SweepPoint& pt : points.points) {
            const auto& h = pt.study.summary.at("h").beta;
            std::snprintf(line, sizeof line, "%8d %10.3f %12.3f %8.2f %8.3f ± %.3f\n", pt.hidden,
                          pt.testAccuracy, pt.study.utilisation, pt.study.participationRatio,
                          h.mean, h.sd);
            out << line;
        }
        std::snprintf(
            line, sizeof line,
            "\ntime: %.0f s (training %.0f s, study %.0f s, sweep %.0f s); results in %s\n",
            totalSeconds, trainSeconds, studySeconds, totalSeconds - trainSeconds - studySeconds,
            dir.c_str());
        out << line;

        QJsonObject all{
            {"summary", parse(studyToJson(main, provenance))["summary"]},
            {"points", parse(sweepToJson(points, provenance))["points"]},
            {"trajectory", trajectory},
            {"correlation_beta_x_beta_h", std::isnan(r) ? QJsonValue() : QJsonValue(r)},
            {"quick", quick},
            {"seconds", totalSeconds},
            {"published",
             QJsonObject{{"x", QJsonObject{{"beta_mean", 0.002}, {"beta_sd", 0.116}}},
                         {"h", QJsonObject{{"beta_mean", 0.833}, {"beta_sd", 0.132}}}}}};
        QFile f(QString::fromStdString(dir + "/reproduce.json"));
        if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(all).toJson()) < 0)
            throw Error(ErrorCode::Io, dir + "/reproduce.json: cannot be written");
        if (o.flags.count("json")) out << QJsonDocument(all).toJson().toStdString();
        return kExitOk;
    });
}

} // namespace flicker::cli
