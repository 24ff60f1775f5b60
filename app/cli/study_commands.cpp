// flicker-cli study and reproduce: the paper's measurement over a data set with controls, and
// the whole experiment end to end (the sweep commands are in sweep_commands.cpp).
#include "cli_commands.h"
#include "cli_data.h"

#include "io/output_path.h"
#include "io/study_io.h"
#include "pipeline/reproduce.h"
#include "pipeline/sweep_runner.h"
#include "study/study.h"
#include "study/sweep.h"

#include <chrono>
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
        prepareOutputFolder(
            outDir, {valueOr(o, "model", ""), valueOr(o, "vocab", ""), valueOr(o, "data", "")});
        configureThreads(o, err);
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
        if (!result.prSteps.empty()) {
            std::snprintf(line, sizeof line,
                          "PR of h over the steps of a review (across %zu reviews): mean %.2f, "
                          "step %d %.2f, step %d %.2f (all steps in study_pr_steps.csv)\n",
                          result.reviews.size(), result.prStepMean, result.prSteps.front(),
                          result.prByStep.front(), result.prSteps.back(), result.prByStep.back());
            out << line;
        }
        return kExitOk;
    });
}

} // namespace flicker::cli

// ---- reproduce ----------------------------------------------------------------------------

namespace flicker::cli {

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

namespace {

// --restart: removes what reproduce made in `dir` (its model, trajectory, study, sweep and
// report), nothing else, so that a folder made with other data or settings is computed again.
void discardReproduction(const std::string& dir, std::ostream& err) {
    namespace fs = std::filesystem;
    int removed = 0;
    for (const char* name : {"model.flicker", "trajectory", "study", "sweep", "reproduce.json"}) {
        std::error_code ec;
        const fs::path path = fs::path(dir) / name;
        if (!fs::exists(path, ec)) continue;
        fs::remove_all(path, ec);
        if (ec)
            throw Error(ErrorCode::Io, path.string() + ": cannot be removed (" + ec.message() + ")",
                        path.string());
        ++removed;
    }
    err << "--restart: removed " << removed << " earlier result(s) of reproduce in " << dir << "\n";
}

// Reproduce progress on stderr: the main study every kStudyProgressReviews reviews, then the
// sweep's points as sweepPrinter shows them.
ProgressFn reproducePrinter(std::ostream& err) {
    const ProgressFn sweep = sweepPrinter(err);
    return [&err, sweep](const Progress& p) {
        if (p.parts > 0)
            sweep(p);
        else if (p.stage == kReproduceStudying &&
                 (p.done == p.total || p.done % kStudyProgressReviews == 0))
            err << "  " << p.done << " / " << p.total << " reviews\n";
    };
}

} // namespace

int runReproduce(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o =
            parseOptions(args, {"data", "out", "threads", "demo-reviews", "demo-seed"},
                         {"json", "quick", "restart"});
        const std::string dir = valueOr(o, "out", "");
        if (dir.empty()) throw Error(ErrorCode::InvalidArgument, "--out DIR is required");
        if (o.flags.count("restart")) discardReproduction(dir, err);
        const ReproduceSettings settings = reproduceSettings(dir, o.flags.count("quick") > 0);
        prepareOutputFolder(dir, {valueOr(o, "data", "")});
        configureThreads(o, err);
        const Corpus corpus = loadData(o, err);
        const ReproduceResult result =
            flicker::runReproduce(
                corpus, settings, [&](const std::string& line) { err << line << "\n"; },
                reproducePrinter(err))
                .value;
        // With --json, standard output is JSON only (the table goes nowhere: it is in the JSON).
        if (o.flags.count("json"))
            out << reproduceToJson(result, settings);
        else
            out << reproduceReport(result, settings, corpus.name);
        return kExitOk;
    });
}

} // namespace flicker::cli
