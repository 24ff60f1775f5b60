// flicker-cli study: the paper's measurement over a data set, with controls.
#include "cli_commands.h"
#include "cli_data.h"

#include "io/study_io.h"
#include "study/study.h"

#include <chrono>
#include <cstdio>

namespace flicker::cli {
namespace {

StudySettings studySettingsFrom(const Options& o) {
    StudySettings s;
    if (o.values.count("reviews")) s.maxReviews = parseValue<std::size_t>("reviews", o.values.at("reviews"));
    if (o.values.count("min-length"))
        s.minLength = parseValue<std::size_t>("min-length", o.values.at("min-length"));
    if (o.values.count("steps")) s.steps = parseValue<std::size_t>("steps", o.values.at("steps"));
    if (!o.values.count("min-length") && o.values.count("steps")) s.minLength = s.steps;
    if (o.values.count("seed")) s.seed = parseValue<std::uint64_t>("seed", o.values.at("seed"));
    const std::string method = valueOr(o, "method", "udfa");
    if (method != "udfa" && method != "dfa")
        throw Error(ErrorCode::InvalidArgument, "--method must be udfa or dfa, not '" + method + "'");
    s.dfa.method = method == "dfa" ? DfaMethod::Standard : DfaMethod::Unbiased;
    if (o.values.count("order")) s.dfa.order = parseValue<int>("order", o.values.at("order"));
    const std::string agg = valueOr(o, "aggregation", "mean-alpha");
    bool known = false;
    for (Aggregation a : {Aggregation::MeanAlpha, Aggregation::MeanFluctuation, Aggregation::AveragedSignal})
        if (agg == aggregationName(a)) s.aggregation = a, known = true;
    if (!known)
        throw Error(ErrorCode::InvalidArgument,
                    "--aggregation must be mean-alpha, mean-fluctuation or averaged-signal");
    if (o.flags.count("no-controls")) s.controls.clear();
    return s;
}

} // namespace

int runStudy(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(args,
                                       {"model", "vocab", "data", "out", "reviews", "min-length",
                                        "steps", "seed", "method", "order", "aggregation",
                                        "threads", "demo-reviews", "demo-seed"},
                                       {"json", "no-controls"});
        const std::string outDir = valueOr(o, "out", "");
        if (outDir.empty()) throw Error(ErrorCode::InvalidArgument, "--out DIR is required");
        const StudySettings settings = studySettingsFrom(o);
        configureThreads(o);
        const Model model = loadModelOption(o);
        const Corpus corpus = loadData(o, err);
        const auto start = std::chrono::steady_clock::now();
        const StudyResult result = runStudy(
            model, corpus, settings, [&](const std::vector<ReviewResult>&, std::size_t done, std::size_t total) {
                err << "  studied " << done << " / " << total << " reviews\n";
            });
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
