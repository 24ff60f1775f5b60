#include "sparsity/sparsity_sweep.h"

#include "error.h"
#include "input_file.h"
#include "io/output_path.h"
#include "sparsity/sparsity_io.h"

#include <flicker/version.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace flicker {
namespace fs = std::filesystem;
namespace {

constexpr std::uint64_t kMaxPointFileBytes = 512ull << 20;

template <class T> void checkList(const std::vector<T>& v, const char* what) {
    if (v.empty())
        throw Error(ErrorCode::InvalidArgument,
                    std::string("the sweep needs at least one ") + what);
    for (std::size_t k = 0; k < v.size(); ++k)
        if (std::count(v.begin(), v.begin() + std::ptrdiff_t(k), v[k]))
            throw Error(ErrorCode::InvalidArgument,
                        std::string("a ") + what +
                            " is listed twice: each σ × width × seed is one point");
}

std::string pointName(const SparsitySettings& s) {
    char b[120];
    std::snprintf(b, sizeof b, "σ = %g, width %d, seed %llu", s.sigma, s.width,
                  static_cast<unsigned long long>(s.seed));
    return b;
}

// A finished point from its folder, or false when it is not (wholly) there. A point made from
// other data, settings or by another version is refused, naming what differs.
bool resumePoint(const ImageData& data, SparsityPoint& point, const SparsitySettings& wanted,
                 const ProgressFn& stage) {
    const std::string json = point.folder + "/point.json";
    const std::string fields = point.folder + "/fields.f32";
    std::error_code ec;
    if (!fs::exists(json, ec) || !fs::exists(fields, ec)) return false;
    SparsityProvenance p;
    point.run =
        sparsityRunFromJson(readInputFile(json, kMaxPointFileBytes, "sparsity point"), json, &p);
    if (p.datasetSha256 != data.sha256)
        throw Error(ErrorCode::InvalidArgument, json + " was made from another data set (" +
                                                    p.datasetName + ", " + p.datasetSource +
                                                    "); use another --out folder, or remove it to "
                                                    "recompute");
    const auto differences = sparsitySettingsDifferences(point.run.settings, wanted);
    if (!differences.empty()) {
        std::string text;
        for (const std::string& d : differences)
            text += (text.empty() ? "" : "; ") + d;
        throw Error(ErrorCode::InvalidArgument,
                    json + " was made with other settings (" + text +
                        "); use another output folder, or remove it to recompute");
    }
    if (p.program != std::string("Flicker ") + kVersion)
        throw Error(ErrorCode::InvalidArgument,
                    json + " was made by " + p.program + ", not Flicker " + kVersion +
                        "; use another output folder, or remove it to recompute");
    point.weights =
        readSparseWeights(fields, std::size_t(wanted.width), data.train.pixelsPerImage());
    point.resumed = true;
    report(stage, {"resumed", 1, 1, "found on disk"});
    return true;
}

} // namespace

std::vector<SparsitySettings> sweepPoints(const SparsitySweepSettings& settings) {
    std::vector<SparsitySettings> points;
    for (int width : settings.widths)
        for (double sigma : settings.sigmas)
            for (std::uint64_t seed : settings.seeds) {
                SparsitySettings s = settings.base;
                s.width = width;
                s.sigma = sigma;
                s.seed = seed;
                points.push_back(s);
            }
    return points;
}

std::string sparsityPointFolder(const SparsitySettings& s) {
    char b[120];
    std::snprintf(b, sizeof b, "w%d_s%g_seed%llu", s.width, s.sigma,
                  static_cast<unsigned long long>(s.seed));
    return b;
}

Outcome<SparsitySweepResult> runSparsitySweep(const ImageData& data,
                                              const SparsitySweepSettings& settings,
                                              const SparsitySweepCallbacks& callbacks,
                                              const ProgressFn& progress, std::stop_token stop) {
    checkList(settings.sigmas, "σ");
    checkList(settings.widths, "width");
    checkList(settings.seeds, "seed");
    const std::vector<SparsitySettings> points = sweepPoints(settings);
    for (const SparsitySettings& s : points)
        checkSparsitySettings(s);
    if (settings.outDir.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "the sweep needs an output folder to keep its points");
    prepareOutputFolder(settings.outDir, {data.source});
    const SparsityProvenance provenance = makeSparsityProvenance(data);

    Outcome<SparsitySweepResult> outcome;
    for (std::size_t k = 0; k < points.size(); ++k) {
        const SparsitySettings& s = points[k];
        const std::string name = pointName(s);
        const ProgressFn stage = [&](const Progress& p) {
            Progress q = p;
            q.text = name + ": " + p.text;
            q.part = k;
            q.parts = points.size();
            report(progress, q);
        };
        SparsityPoint point;
        point.folder = (fs::path(settings.outDir) / sparsityPointFolder(s)).string();
        if (!resumePoint(data, point, s, stage)) {
            if (stop.stop_requested()) {
                outcome.cancelled = true;
                return outcome;
            }
            std::error_code ec;
            fs::create_directories(point.folder, ec);
            if (ec)
                throw Error(ErrorCode::Io, "cannot make the folder " + point.folder, point.folder);
            SparseNetwork network(data.train.rows, data.train.cols, std::max(data.classes, 2), s);
            SparsityCallbacks cb;
            if (callbacks.onEpoch)
                cb.onEpoch = [&](const SparsityEpoch& e, const SparseNetwork& n) {
                    callbacks.onEpoch(k, e, n);
                };
            Outcome<SparsityRun> run;
            try {
                run = trainSparseNetwork(network, data, cb, stage, stop);
            } catch (const Error& e) {
                throw Error(e.code(), "point " + name + ": " + e.what(), e.context());
            }
            if (run.cancelled) {
                outcome.cancelled = true;
                return outcome;
            }
            point.run = std::move(run.value);
            point.weights = network.weights();
            writeSparseWeights(point.folder + "/fields.f32", point.weights);
            writeTextAtomically(point.folder + "/point.json",
                                sparsityRunToJson(point.run, provenance)); // last: marks it done
            report(stage, {"done", 1, 1, "done"});
        }
        outcome.value.points.push_back(std::move(point));
        if (callbacks.onPoint) callbacks.onPoint(outcome.value.points.back());
    }
    return outcome;
}

std::vector<SparsityPoint> readSparsityPoints(const std::string& dir,
                                              std::vector<std::string>* problems,
                                              const ProgressFn& progress, std::stop_token stop) {
    std::vector<SparsityPoint> points;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return points;
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_directory(ec) && fs::exists(entry.path() / "point.json", ec))
            folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    for (std::size_t k = 0; k < folders.size(); ++k) {
        const fs::path& folder = folders[k];
        throwIfStopped(stop, "reading the sparsity results was cancelled");
        Progress step;
        step.stage = "reading";
        step.done = k;
        step.total = folders.size();
        step.text = "reading network " + std::to_string(k + 1) + " of " +
                    std::to_string(folders.size()) + " (" + folder.filename().string() + ")";
        report(progress, step);
        try {
            SparsityPoint p;
            p.folder = folder.string();
            const std::string json = (folder / "point.json").string();
            p.run = sparsityRunFromJson(readInputFile(json, kMaxPointFileBytes, "sparsity point"),
                                        json);
            p.weights = readSparseWeights((folder / "fields.f32").string(),
                                          std::size_t(p.run.settings.width));
            p.resumed = true;
            points.push_back(std::move(p));
        } catch (const Error& e) {
            if (problems) problems->push_back(e.what());
        }
    }
    Progress end;
    end.stage = "reading";
    end.done = end.total = folders.size();
    end.text = "read " + std::to_string(points.size()) + " networks";
    report(progress, end);
    return points;
}

} // namespace flicker
