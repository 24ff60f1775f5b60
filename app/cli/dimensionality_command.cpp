// flicker-cli dimensionality: the dimensionality lab (Farrell et al. 2022) headless — every γ ×
// seed trained and measured, results in a folder, a table or JSON on standard output.
#include "cli_commands.h"
#include "cli_data.h"

#include "dimensionality/dimensionality.h"
#include "dimensionality/dimensionality_io.h"
#include "io/output_path.h"

#include <chrono>
#include <cstdio>
#include <memory>

namespace flicker::cli {
namespace {

std::vector<double> parseDoubleList(const std::string& name, const std::string& text) {
    std::vector<double> values;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        values.push_back(parseValue<double>(name, text.substr(start, end - start)));
        start = end + 1;
    }
    return values;
}

DimensionalityLabSettings labSettingsFrom(const Options& o) {
    DimensionalityLabSettings lab;
    DimensionalitySettings& s = lab.base;
    if (o.values.count("gamma")) lab.gammas = parseDoubleList("gamma", o.values.at("gamma"));
    if (o.values.count("seeds")) {
        lab.seeds.clear();
        for (int v : parseIntList("seeds", o.values.at("seeds"))) {
            if (v < 0) throw Error(ErrorCode::InvalidArgument, "--seeds must be non-negative");
            lab.seeds.push_back(std::uint64_t(v));
        }
    }
    if (o.values.count("input-dim"))
        s.inputDim = parseValue<std::size_t>("input-dim", o.values.at("input-dim"));
    if (o.values.count("input-mapping")) {
        const std::string m = o.values.at("input-mapping");
        if (m == "orthogonal")
            s.inputMapping = InputMapping::Orthogonal;
        else if (m == "first-units")
            s.inputMapping = InputMapping::FirstUnits;
        else
            throw Error(ErrorCode::InvalidArgument,
                        "--input-mapping must be orthogonal or first-units, not " + quoteInput(m));
    }
    if (o.values.count("noise")) s.noiseSd = parseValue<double>("noise", o.values.at("noise"));
    if (o.values.count("dropout"))
        s.dropout = parseValue<double>("dropout", o.values.at("dropout"));
    if (o.values.count("loss")) {
        const auto loss = dimensionalityLossFromName(o.values.at("loss"));
        if (!loss)
            throw Error(ErrorCode::InvalidArgument,
                        "--loss must be ce or mse, not " + quoteInput(o.values.at("loss")));
        s.loss = *loss;
    }
    if (o.values.count("lr")) s.learningRate = parseValue<double>("lr", o.values.at("lr"));
    if (o.values.count("epochs")) {
        s.epochs = parseValue<int>("epochs", o.values.at("epochs"));
        if (s.epochs < 1)
            throw Error(ErrorCode::InvalidArgument,
                        "--epochs must be at least 1 (leave it out for the paper's 40 / 80)");
    }
    if (o.values.count("units")) s.units = parseValue<std::size_t>("units", o.values.at("units"));
    if (o.values.count("pr-every"))
        s.prEvery = parseValue<int>("pr-every", o.values.at("pr-every"));
    if (o.values.count("lyapunov-exponents"))
        s.lyapunovExponents =
            parseValue<std::size_t>("lyapunov-exponents", o.values.at("lyapunov-exponents"));
    return lab;
}

// Progress on stderr: each new run and stage, and training every few seconds.
ProgressFn labPrinter(std::ostream& err) {
    auto last = std::make_shared<std::pair<std::string, std::chrono::steady_clock::time_point>>();
    auto lastPart = std::make_shared<std::size_t>(std::size_t(-1));
    return [&err, last, lastPart](const Progress& p) {
        const auto now = std::chrono::steady_clock::now();
        const bool changed = p.stage != last->first || p.part != *lastPart;
        if (!changed && now - last->second < kProgressEvery) return;
        *last = {p.stage, now};
        *lastPart = p.part;
        err << "  run " << p.part + 1 << "/" << p.parts << " " << p.stage << ": " << p.text << "\n";
    };
}

} // namespace

int runDimensionalityCommand(const std::vector<std::string>& args, std::ostream& out,
                             std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(args,
                                       {"gamma", "input-dim", "input-mapping", "noise", "dropout",
                                        "loss", "lr", "epochs", "seeds", "units", "pr-every",
                                        "lyapunov-exponents", "out", "threads"},
                                       {"json"});
        if (!o.positional.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "dimensionality takes no file, only options (got " +
                            quoteInput(o.positional.front()) + ")");
        const std::string outDir = valueOr(o, "out", "");
        if (outDir.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "--out DIR is required (the results are written there)");
        const DimensionalityLabSettings settings = labSettingsFrom(o);
        validate(settings.base);
        prepareOutputFolder(outDir);
        configureThreads(o, err); // the lab itself trains on one LibTorch thread
        const auto result = runDimensionalityLab(settings, {}, labPrinter(err));
        const DimensionalityLabResult& lab = result.value;
        const DimensionalityProvenance provenance = makeDimensionalityProvenance();
        writeDimensionality(outDir, lab, provenance);
        err << lab.runs.size() << " runs in " << lab.seconds << " s; results in " << outDir << "\n";
        if (o.flags.count("json")) {
            out << dimensionalityToJson(lab, provenance);
            return kExitOk;
        }
        char line[240];
        std::snprintf(line, sizeof line, "%7s %5s %5s %6s %6s  %-23s %-23s %8s %8s\n", "gamma", "d",
                      "seed", "noise", "acc", "PR step 1/5/10/15 before", "PR step 1/5/10/15 after",
                      "lyap0", "lyap1");
        out << line;
        for (const DimensionalityResult& r : lab.runs) {
            auto pr = [](const std::vector<double>& v, std::size_t t) {
                return t < v.size() ? v[t] : 0.0;
            };
            std::snprintf(line, sizeof line,
                          "%7.1f %5zu %5llu %6.3f %6.3f  %5.1f %5.1f %5.1f %5.1f "
                          "  %5.1f %5.1f %5.1f %5.1f %8.3f %8.3f\n",
                          r.settings.gamma, r.settings.inputDim,
                          static_cast<unsigned long long>(r.settings.seed), r.settings.noiseSd,
                          r.testAccuracy, pr(r.prBefore, 1), pr(r.prBefore, 5), pr(r.prBefore, 10),
                          pr(r.prBefore, 15), pr(r.prAfter, 1), pr(r.prAfter, 5), pr(r.prAfter, 10),
                          pr(r.prAfter, 15), r.lyapunovBefore.empty() ? 0.0 : r.lyapunovBefore[0],
                          r.lyapunovAfter.empty() ? 0.0 : r.lyapunovAfter[0]);
            out << line;
        }
        return kExitOk;
    });
}

} // namespace flicker::cli
