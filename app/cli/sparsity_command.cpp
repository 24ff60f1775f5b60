// flicker-cli sparsity: the sparsity lab's noise sweep (Bricken et al. 2023) on Fashion-MNIST
// or any folder of IDX files — one ReLU network per σ × width × seed, each point kept in --out
// (a rerun resumes), sparsity.json / sparsity.csv with provenance, and the receptive fields of
// a point as a PNG.
#include "cli_commands.h"
#include "cli_data.h"

#include "field_grid.h"
#include "io/output_path.h"
#include "sparsity/sparsity_io.h"
#include "sparsity/sparsity_sweep.h"

#include <flicker/version.h>

#include <QImage>
#include <QImageWriter>

#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>

namespace flicker::cli {
namespace {

std::vector<double> parseDoubleList(const std::string& name, const std::string& text) {
    std::vector<double> values;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
        values.push_back(parseValue<double>(name, item));
    if (values.empty() || text.back() == ',')
        throw Error(ErrorCode::InvalidArgument, "--" + name + " needs a list such as 0,0.1,0.8");
    return values;
}

SparsitySweepSettings settingsFrom(const Options& o) {
    SparsitySweepSettings s;
    s.base.epochs = 5; // the CLI's laptop default (the paper trains for hundreds)
    s.outDir = valueOr(o, "out", "");
    if (o.values.count("task")) {
        const auto t = sparsityTaskFromName(o.values.at("task"));
        if (!t) throw Error(ErrorCode::InvalidArgument, "--task must be reconstruct or classify");
        s.base.task = *t;
    }
    if (o.values.count("noise")) {
        const auto n = inputNoiseFromName(o.values.at("noise"));
        if (!n) throw Error(ErrorCode::InvalidArgument, "--noise must be gaussian or laplace");
        s.base.noise = *n;
    }
    if (o.values.count("scaling")) {
        const auto n = inputScalingFromName(o.values.at("scaling"));
        if (!n)
            throw Error(ErrorCode::InvalidArgument, "--scaling must be unit-range or standardised");
        s.base.scaling = *n;
    }
    if (o.values.count("sigma")) s.sigmas = parseDoubleList("sigma", o.values.at("sigma"));
    if (o.values.count("width")) s.widths = parseIntList("width", o.values.at("width"));
    if (o.values.count("seeds")) s.seeds = parseSeedList(o.values.at("seeds"));
    if (o.values.count("epochs")) s.base.epochs = parseValue<int>("epochs", o.values.at("epochs"));
    if (o.values.count("batch")) s.base.batchSize = parseValue<int>("batch", o.values.at("batch"));
    if (o.values.count("lr")) s.base.learningRate = parseValue<double>("lr", o.values.at("lr"));
    if (o.values.count("train-images"))
        s.base.trainImages = parseValue<std::size_t>("train-images", o.values.at("train-images"));
    if (o.values.count("test-images"))
        s.base.testImages = parseValue<std::size_t>("test-images", o.values.at("test-images"));
    if (o.values.count("anneal")) {
        const std::vector<int> a = parseIntList("anneal", o.values.at("anneal"));
        if (a.size() != 2)
            throw Error(ErrorCode::InvalidArgument,
                        "--anneal takes two epoch counts E1,E2 (σ held for E1 epochs, then "
                        "lowered to 0 over E2)");
        s.base.annealHold = a[0];
        s.base.annealRamp = a[1];
        if (!o.values.count("epochs")) s.base.epochs = std::max(s.base.epochs, a[0] + a[1]);
    }
    s.base.sharedBias = o.flags.count("shared-bias") > 0;
    return s;
}

// Progress on stderr: each change of point or stage, and every few seconds.
ProgressFn printer(std::ostream& err) {
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

// --export-fields PNG: the last point's receptive fields, most active first (the 100 most
// active at most, a 10 × 10 grid, as on the page).
void exportFields(const std::string& path, const SparsityPoint& point,
                  const SparsityProvenance& provenance) {
    std::vector<std::size_t> order = unitsOrderedBy(point.run.measures.activity.unitFraction);
    if (order.size() > 100) order.resize(100);
    QImage image = fieldGridImage(point.weights, order);
    if (image.isNull()) throw Error(ErrorCode::Internal, "no receptive fields to draw");
    char caption[300];
    std::snprintf(caption, sizeof caption,
                  "%s; receptive fields (first-layer weight rows, most active first) of the "
                  "%s network, width %d, sigma %g, seed %llu, %d epochs; data %s (sha256 %s)",
                  provenance.program.c_str(), sparsityTaskName(point.run.settings.task),
                  point.run.settings.width, point.run.settings.sigma,
                  static_cast<unsigned long long>(point.run.settings.seed),
                  point.run.settings.epochs, provenance.datasetName.c_str(),
                  provenance.datasetSha256.substr(0, 16).c_str());
    image.setText("Description", QString::fromUtf8(caption));
    const std::string tmp = path + ".part";
    QImageWriter writer(QString::fromStdString(tmp), "png");
    if (!writer.write(image) || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw Error(ErrorCode::Io, "cannot write " + path, path);
    }
}

std::string fmt(double v, const char* f = "%.3f") {
    if (!std::isfinite(v)) return "—";
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

} // namespace

int runSparsity(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(args,
                                       {"data", "task", "sigma", "width", "epochs", "anneal",
                                        "seeds", "out", "noise", "scaling", "batch", "lr",
                                        "train-images", "test-images", "threads", "export-fields"},
                                       {"json", "shared-bias"});
        const SparsitySweepSettings s = settingsFrom(o);
        if (s.outDir.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "--out DIR is required (the sweep keeps its points there)");
        const std::string dataArg = valueOr(o, "data", kFashionMnistName);
        const std::string fields = valueOr(o, "export-fields", "");
        for (const SparsitySettings& p : sweepPoints(s))
            checkSparsitySettings(p);
        prepareOutputFolder(s.outDir, {dataArg == kFashionMnistName ? "" : dataArg});
        if (!fields.empty()) checkOutputFile(fields);
        configureThreads(o, err);
        const auto start = std::chrono::steady_clock::now();
        const ImageData data = loadImageData(dataArg);
        err << "data: " << data.name << " (" << data.train.size() << " training, "
            << data.test.size() << " test images of " << data.train.rows << " × " << data.train.cols
            << ")\n";
        const SparsitySweepResult result = runSparsitySweep(data, s, {}, printer(err)).value;
        const SparsityProvenance p = makeSparsityProvenance(data);
        writeSparsitySweep(s.outDir, result, p);
        if (!fields.empty() && !result.points.empty())
            exportFields(fields, result.points.back(), p);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        err << "finished in " << fmt(seconds, "%.1f") << " s; results in " << s.outDir << "\n";
        if (o.flags.count("json")) {
            out << sparsitySweepToJson(result, p);
            return kExitOk;
        }
        char line[240];
        std::snprintf(line, sizeof line, "%7s %7s %5s %11s %9s %8s %9s %9s %10s %9s %8s\n", "sigma",
                      "width", "seed", "task", "active", "dead", "bias", "norm CV", "test loss",
                      "accuracy", "time");
        out << line;
        for (const SparsityPoint& pt : result.points) {
            const SparsityRun& r = pt.run;
            std::snprintf(
                line, sizeof line, "%7g %7d %5llu %11s %9s %8s %9s %9s %10s %9s %7.0fs\n",
                r.settings.sigma, r.settings.width,
                static_cast<unsigned long long>(r.settings.seed), sparsityTaskName(r.settings.task),
                fmt(r.measures.activity.fractionActive).c_str(),
                fmt(r.measures.activity.deadFraction).c_str(), fmt(r.measures.bias.mean).c_str(),
                fmt(r.measures.norm.cv()).c_str(), fmt(r.measures.testLoss, "%.4f").c_str(),
                fmt(r.measures.testAccuracy).c_str(), r.seconds);
            out << line;
        }
        return kExitOk;
    });
}

} // namespace flicker::cli
