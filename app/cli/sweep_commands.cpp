// flicker-cli sweep (on this computer, or as a SLURM job array with --slurm), and the commands the
// cluster runs and a user checks it with: sweep-point (one array task), sweep-collect (the job
// after the array) and sweep-status (each point's state; --resubmit what is missing).
#include "cli_commands.h"
#include "cli_data.h"

#include "io/output_path.h"
#include "io/study_io.h"
#include "io/sweep_figure.h"
#include "pipeline/point_claim.h"
#include "pipeline/slurm.h"
#include "pipeline/sweep_plan.h"
#include "pipeline/sweep_runner.h"
#include "study/sweep.h"
#include <flicker/version.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <stop_token>
#include <thread>

namespace flicker::cli {
namespace fs = std::filesystem;
namespace {

// The options that define a sweep (what a plan keeps to rebuild it on another node).
const std::set<std::string> kSweepValues{
    "data",  "hidden",       "seeds",     "epochs",     "embedding",  "reviews", "min-length",
    "steps", "demo-reviews", "demo-seed", "max-length", "vocab-size", "noise",   "noise-on"};
const std::set<std::string> kSweepFlags{"no-controls"};
// Options of this run only: where and how it runs.
const std::set<std::string> kRunValues{"out",     "threads",       "partition",
                                       "time",    "cpus-per-task", "mem",
                                       "account", "max-parallel",  "sbatch-args"};
const std::set<std::string> kRunFlags{"json", "slurm", "dry-run", "restart"};

std::set<std::string> joined(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::set<std::string> all = a;
    all.insert(b.begin(), b.end());
    return all;
}

// --noise 0,0.05,0.1: training-noise SDs of a noise sweep.
std::vector<double> parseNoiseList(const std::string& text) {
    std::vector<double> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        out.push_back(parseValue<double>("noise", text.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

// The sweep's settings from its options (the same for a local run, a submission and a worker).
SweepSettings sweepSettingsFrom(const Options& o, const std::string& outDir) {
    SweepSettings s;
    s.outDir = outDir;
    if (s.outDir.empty())
        throw Error(ErrorCode::InvalidArgument,
                    "--out DIR is required (the sweep keeps its points there)");
    if (o.values.count("noise")) {
        // A noise sweep: one network size (the default 64 unless --hidden says) × SDs.
        s.noise = parseNoiseList(o.values.at("noise"));
        s.hidden = {ModelSettings{}.hidden};
    }
    if (o.values.count("noise-on")) {
        const auto target = noiseTargetFromName(o.values.at("noise-on"));
        if (!target)
            throw Error(ErrorCode::InvalidArgument,
                        "--noise-on must be input, hidden or both, not " + o.values.at("noise-on"),
                        "noise-on");
        if (s.noise.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "--noise-on needs --noise SD,SD,… (the noise levels to sweep)", "noise-on");
        s.noiseOn = *target;
    }
    if (o.values.count("hidden")) s.hidden = parseIntList("hidden", o.values.at("hidden"));
    if (o.values.count("seeds")) s.seeds = parseSeedList(o.values.at("seeds"));
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
        s.study.steps = s.study.minLength = parseValue<std::size_t>("steps", o.values.at("steps"));
    if (o.values.count("min-length"))
        s.study.minLength = parseValue<std::size_t>("min-length", o.values.at("min-length"));
    if (o.flags.count("no-controls")) s.study.controls.clear();
    return s;
}

// The options a plan keeps: the sweep's own, the data path made absolute (workers start in
// other folders, on other nodes).
std::vector<std::string> planArguments(const Options& o) {
    std::vector<std::string> args;
    for (const auto& [name, value] : o.values) {
        if (!kSweepValues.count(name)) continue;
        std::string v = value;
        if (name == "data" && v != "demo") v = fs::absolute(v).lexically_normal().string();
        args.push_back("--" + name);
        args.push_back(v);
    }
    for (const std::string& flag : o.flags)
        if (kSweepFlags.count(flag)) args.push_back("--" + flag);
    return args;
}

// The program the batch scripts run: this very flicker-cli, by its absolute path.
std::string thisProgram() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("flicker-cli") : self.string();
}

SlurmOptions slurmOptionsFrom(const Options& o) {
    SlurmOptions s;
    s.partition = valueOr(o, "partition", "");
    s.time = valueOr(o, "time", "");
    s.memory = valueOr(o, "mem", "");
    s.account = valueOr(o, "account", "");
    if (o.values.count("cpus-per-task"))
        s.cpusPerTask = parseValue<int>("cpus-per-task", o.values.at("cpus-per-task"));
    if (s.cpusPerTask < 1)
        throw Error(ErrorCode::InvalidArgument, "--cpus-per-task must be at least 1");
    if (o.values.count("max-parallel"))
        s.maxParallel = parseValue<int>("max-parallel", o.values.at("max-parallel"));
    if (s.maxParallel < 0)
        throw Error(ErrorCode::InvalidArgument, "--max-parallel must be 0 (no limit) or more");
    std::istringstream extra(valueOr(o, "sbatch-args", ""));
    for (std::string word; extra >> word;)
        s.extra.push_back(word);
    for (const std::string& word : s.extra)
        if (!word.starts_with("-"))
            throw Error(ErrorCode::InvalidArgument,
                        "--sbatch-args takes sbatch options in the --name=value form, not " +
                            quoteInput(word));
    return s;
}

// The removal --restart asks for: the points of the old plan (and of this one), the plan, the
// collected results and the batch scripts and logs. Nothing else in the folder is touched.
void discardSweep(const std::string& dir, const std::optional<SweepPlan>& old, const SweepPlan& now,
                  std::ostream& err) {
    std::set<std::string> folders;
    for (const SweepPlan* plan : {old ? &*old : nullptr, &now})
        if (plan)
            for (const PlannedPoint& p : plan->points)
                folders.insert(p.folder);
    std::size_t removed = 0;
    for (const std::string& f : folders) {
        std::error_code ec;
        const fs::path path = fs::path(dir) / f;
        if (!fs::exists(path, ec)) continue;
        if (const auto holder = readClaim(path.string()); holder && holderAlive(*holder))
            throw Error(ErrorCode::InvalidArgument,
                        path.string() + " is being computed by " + describeHolder(*holder) +
                            ": cancel that worker before --restart",
                        path.string());
        fs::remove_all(path, ec);
        if (ec)
            throw Error(ErrorCode::Io, path.string() + ": cannot be removed (" + ec.message() + ")",
                        path.string());
        ++removed;
    }
    for (const char* file : {kPlanFile, "sweep.json", "sweep.csv"}) {
        std::error_code ec;
        fs::remove(fs::path(dir) / file, ec);
    }
    std::error_code ec;
    fs::remove_all(fs::path(dir) / kSlurmFolder, ec);
    err << "--restart: removed " << removed << " point folder(s) and the plan in " << dir << "\n";
}

void printTable(std::ostream& out, const SweepResult& result) {
    char line[240];
    std::snprintf(line, sizeof line, "%8s %8s %8s %6s %10s %12s %8s %10s %14s %14s\n", "hidden",
                  "in-noise", "h-noise", "seed", "accuracy", "utilisation", "PR(h)", "PR steps",
                  "beta(h)", "beta(x)");
    out << line;
    for (const SweepPoint& pt : result.points) {
        const auto& h = pt.study.summary.at("h").beta;
        const auto& x = pt.study.summary.at("x").beta;
        std::snprintf(line, sizeof line,
                      "%8d %8.3g %8.3g %6llu %10.3f %12.3f %8.2f %10.2f %7.3f ± %4.3f "
                      "%7.3f ± %4.3f\n",
                      pt.hidden, pt.inputNoise, pt.hiddenNoise,
                      static_cast<unsigned long long>(pt.seed), pt.testAccuracy,
                      pt.study.utilisation, pt.study.participationRatio, pt.study.prStepMean,
                      h.mean, h.sd, x.mean, x.sd);
        out << line;
    }
}

void printSubmission(std::ostream& out, const Submission& sub, const std::string& dir,
                     bool dryRun) {
    if (sub.indices.empty()) {
        out << "nothing to submit: every point of " << dir
            << " is done, queued or running (flicker-cli sweep-status " << dir << ")\n";
        return;
    }
    std::string list;
    for (std::size_t i : sub.indices) {
        if (!list.empty()) list += ',';
        list += std::to_string(i);
    }
    if (dryRun) {
        out << "dry run: would submit " << sub.indices.size() << " point(s) (" << list
            << ") with\n  sbatch " << sub.arrayScriptPath << "\n----- " << sub.arrayScriptPath
            << "\n"
            << sub.arrayScript << "-----\nthen\n  sbatch --dependency=afterany:<that job> "
            << sub.collectScriptPath << "\n----- " << sub.collectScriptPath << "\n"
            << sub.collectScript << "-----\n";
        return;
    }
    out << "submitted " << sub.indices.size() << " point(s) (" << list << ") as SLURM array job "
        << sub.arrayJob << ", and job " << sub.collectJob
        << " to collect them when it ends\n"
           "  follow it:  flicker-cli sweep-status "
        << dir << "\n  cancel it:  scancel " << sub.arrayJob << " " << sub.collectJob
        << "\n  the batch scripts (edit and resubmit by hand if needed): " << sub.arrayScriptPath
        << ", " << sub.collectScriptPath << "\n";
}

// The figure's caption: where its numbers come from.
std::string figureCaption(const SweepPlan& plan) {
    std::string caption = "Flicker " + plan.programVersion + " · " + plan.datasetName + " (" +
                          std::to_string(plan.datasetReviews) + " reviews)";
    for (const auto& [key, value] : plan.settings)
        if (key == "epochs" || key == "seeds" || key == "embedding")
            caption += " · " + key + " " + value;
    return caption;
}

SweepPlan requirePlan(const std::string& dir) {
    std::optional<SweepPlan> plan = readSweepPlan(dir);
    if (!plan)
        throw Error(ErrorCode::InvalidArgument,
                    dir + " holds no sweep plan (" + kPlanFile +
                        "): start the sweep with flicker-cli sweep … --out " + dir,
                    dir);
    return *plan;
}

// The settings of a plan, rebuilt from its options (without loading the data).
SweepSettings planSettings(const SweepPlan& plan, const std::string& dir, Options* options) {
    Options o = parseOptions(plan.arguments, kSweepValues, kSweepFlags);
    SweepSettings s = sweepSettingsFrom(o, dir);
    // The plan's points must be what these settings give (a plan edited by hand is refused).
    const std::vector<PlannedPoint> points = plannedPoints(s);
    bool same = points.size() == plan.points.size();
    for (std::size_t i = 0; same && i < points.size(); ++i)
        same = points[i].folder == plan.points[i].folder;
    if (!same)
        throw Error(ErrorCode::ParseError,
                    dir + "/" + kPlanFile +
                        ": its points do not match its settings (was it edited?); start the "
                        "sweep again with --restart",
                    dir);
    if (options) *options = std::move(o);
    return s;
}

// SIGTERM (scancel, a time limit) and SIGINT stop the worker within one batch, so that it
// releases its claim and leaves nothing half-written; SLURM's SIGKILL comes only after KillWait.
// The handler only records the signal (any thread may receive it: libraries start threads
// before main); a watcher turns it into a stop request.
std::atomic<int> g_stopSignal{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void recordStopSignal(int signal) {
    g_stopSignal.store(signal);
}

class StopOnSignal {
public:
    StopOnSignal() {
        struct sigaction action {};
        action.sa_handler = recordStopSignal;
        sigemptyset(&action.sa_mask);
        sigaction(SIGTERM, &action, nullptr);
        sigaction(SIGINT, &action, nullptr);
        m_thread = std::jthread([this](std::stop_token done) {
            while (!done.stop_requested()) {
                if (g_stopSignal.load() != 0) {
                    m_source.request_stop();
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        });
    }
    std::stop_token token() const { return m_source.get_token(); }
    int signal() const { return g_stopSignal.load(); }

private:
    std::stop_source m_source;
    std::jthread m_thread;
};

} // namespace

int runSweepCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o =
            parseOptions(args, joined(kSweepValues, kRunValues), joined(kSweepFlags, kRunFlags));
        std::string dir = valueOr(o, "out", "");
        // Batch scripts run in other folders, on other nodes: the folder by its absolute path.
        if (!dir.empty()) dir = fs::absolute(dir).lexically_normal().string();
        if (dir.size() > 1 && dir.back() == '/') dir.pop_back();
        const SweepSettings s = sweepSettingsFrom(o, dir);
        plannedPoints(s); // bad sizes, seeds listed twice, …: refused before the data is read
        const bool slurmRun = o.flags.count("slurm") > 0, dryRun = o.flags.count("dry-run") > 0;
        if (dryRun && !slurmRun)
            throw Error(ErrorCode::InvalidArgument,
                        "--dry-run goes with --slurm (it prints what would be submitted)");
        for (const char* option : {"partition", "time", "cpus-per-task", "mem", "account",
                                   "max-parallel", "sbatch-args"})
            if (o.values.count(option) && !slurmRun)
                throw Error(ErrorCode::InvalidArgument,
                            std::string("--") + option + " goes with --slurm", option);
        SlurmOptions slurmOptions;
        if (slurmRun) slurmOptions = slurmOptionsFrom(o);
        if (!dryRun) prepareOutputFolder(dir, {valueOr(o, "data", "")});
        configureThreads(o, err);
        const Corpus corpus = loadData(o, err);
        const Provenance data = makeProvenance(corpus);
        SweepPlan plan = makeSweepPlan(s, data, planArguments(o));
        const std::optional<SweepPlan> old = readSweepPlan(dir);
        const bool restart = o.flags.count("restart") > 0;
        if (old) {
            const std::vector<std::string> differences = planDifferences(*old, plan);
            if (!differences.empty() && !restart) {
                std::string list;
                for (const std::string& d : differences)
                    list += "\n  " + d;
                throw Error(
                    ErrorCode::InvalidArgument,
                    dir + " holds a sweep planned with other settings, data or program:" + list +
                        "\nIts points are not reused. Choose another --out, or add "
                        "--restart to remove them and start again.",
                    dir);
            }
            if (differences.empty()) {
                plan.jobs = old->jobs;
                plan.collectJobs = old->collectJobs;
            }
        }
        if (restart && !dryRun) discardSweep(dir, old, plan, err);
        if (slurmRun) {
            plan.slurm = slurmOptions;
            if (!dryRun) writeSweepPlan(dir, plan);
            const Submission sub = submitSweep(dir, plan, thisProgram(), dryRun);
            printSubmission(out, sub, dir, dryRun);
            return kExitOk;
        }
        writeSweepPlan(dir, plan);
        const SweepResult result = runSweep(corpus, s, {}, sweepPrinter(err)).value;
        writeSweep(dir, result, data);
        writeSweepFigure(dir, result, figureCaption(plan));
        if (o.flags.count("json"))
            out << sweepToJson(result, data);
        else
            printTable(out, result);
        return kExitOk;
    });
}

int runSweepPointCommand(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err) {
    // A scancel (SIGTERM) stops the training cleanly.
    StopOnSignal stop;
    return guarded(err, [&] {
        const Options run = parseOptions(args, {"index", "threads"}, {});
        if (run.positional.size() != 1 || !run.values.count("index"))
            throw Error(ErrorCode::InvalidArgument,
                        "usage: flicker-cli sweep-point DIR --index K [--threads N]");
        const std::string dir = run.positional.front();
        const SweepPlan plan = requirePlan(dir);
        if (plan.programVersion != kVersion)
            throw Error(ErrorCode::InvalidArgument,
                        dir + " was planned by Flicker " + plan.programVersion +
                            "; this is Flicker " + kVersion +
                            ": run the sweep's points with the same version (or --restart it)",
                        dir);
        const auto index = parseValue<std::size_t>("index", run.values.at("index"));
        Options o;
        const SweepSettings s = planSettings(plan, dir, &o);
        if (run.values.count("threads")) o.values["threads"] = run.values.at("threads");
        configureThreads(o, err);
        const Corpus corpus = loadData(o, err);
        const Provenance data = makeProvenance(corpus);
        if (data.datasetSha256 != plan.datasetSha256)
            throw Error(ErrorCode::InvalidArgument,
                        "the data set read here (" + data.datasetName + ", " +
                            std::to_string(data.datasetReviews) +
                            " reviews) is not the one the sweep was planned on (" +
                            plan.datasetName + ", " + std::to_string(plan.datasetReviews) +
                            " reviews): is " + data.datasetSource + " the same file on every node?",
                        dir);
        const PointOutcome outcome =
            flicker::runSweepPoint(corpus, s, index, sweepPrinter(err), stop.token());
        const std::string name =
            index < plan.points.size() ? plan.points[index].name : std::to_string(index);
        if (outcome.busy) {
            out << "point " << index << " (" << name << ") is being computed by " << *outcome.busy
                << ": nothing to do here\n";
            return kExitOk;
        }
        if (outcome.point.cancelled) {
            err << "point " << index << " (" << name << ") stopped by signal " << stop.signal()
                << " before it finished: nothing of it was kept, it runs again when resubmitted\n";
            return kExitFailure;
        }
        const SweepPoint& pt = outcome.point.value;
        const auto& h = pt.study.summary.at("h").beta;
        out << "point " << index << " (" << name << ") " << (pt.resumed ? "was done" : "done")
            << ": test accuracy " << pt.testAccuracy << ", beta(h) " << h.mean << " ± " << h.sd
            << ", in " << pt.folder << "\n";
        return kExitOk;
    });
}

int runSweepCollectCommand(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(args, {}, {"json"});
        if (o.positional.size() != 1)
            throw Error(ErrorCode::InvalidArgument,
                        "usage: flicker-cli sweep-collect DIR [--json]");
        const std::string dir = o.positional.front();
        const SweepPlan plan = requirePlan(dir);
        const SweepSettings s = planSettings(plan, dir, nullptr);
        const Provenance data = planData(plan);
        const CollectedSweep collected = collectSweep(s, data);
        writeSweep(dir, collected.result, data);
        writeSweepFigure(dir, collected.result, figureCaption(plan));
        if (o.flags.count("json"))
            out << sweepToJson(collected.result, data);
        else
            printTable(out, collected.result);
        err << collected.result.points.size() << " of " << plan.points.size()
            << " point(s) collected into " << dir << "/sweep.json and sweep.csv\n";
        if (collected.missing.empty()) return kExitOk;
        err << "missing:";
        for (const PlannedPoint& p : collected.missing)
            err << " " << p.index << " (" << p.name << ")";
        err << "\nsee flicker-cli sweep-status " << dir << "; --resubmit runs them again\n";
        return kExitFailure;
    });
}

int runSweepStatusCommand(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(args, {}, {"json", "resubmit", "dry-run"});
        if (o.positional.size() != 1)
            throw Error(ErrorCode::InvalidArgument,
                        "usage: flicker-cli sweep-status DIR [--resubmit [--dry-run]] [--json]");
        const std::string dir = o.positional.front();
        SweepPlan plan = requirePlan(dir);
        planSettings(plan, dir, nullptr);
        const std::vector<PointState> states = sweepStatus(dir, plan);
        std::map<std::string, int> counts;
        if (o.flags.count("json")) {
            QJsonArray points;
            for (const PointState& st : states)
                points.append(QJsonObject{{"index", qint64(st.point.index)},
                                          {"name", QString::fromStdString(st.point.name)},
                                          {"folder", QString::fromStdString(st.point.folder)},
                                          {"state", pointStateName(st.state)},
                                          {"detail", QString::fromStdString(st.detail)}});
            QJsonArray jobs;
            for (const std::string& j : plan.jobs)
                jobs.append(QString::fromStdString(j));
            out << QJsonDocument(QJsonObject{{"points", points}, {"jobs", jobs}})
                       .toJson(QJsonDocument::Indented)
                       .toStdString();
        } else {
            for (const PointState& st : states) {
                char line[200];
                std::snprintf(line, sizeof line, "%4zu  %-40s %-12s", st.point.index,
                              st.point.name.c_str(), pointStateName(st.state));
                out << line;
                std::string detail = st.detail;
                for (std::size_t at = 0; (at = detail.find('\n', at)) != std::string::npos; at += 7)
                    detail.replace(at, 1, "\n      ");
                out << (detail.empty() ? "" : " " + detail) << "\n";
            }
        }
        for (const PointState& st : states)
            ++counts[pointStateName(st.state)];
        for (const auto& [name, n] : counts)
            err << n << " " << name << "  ";
        err << "(" << states.size() << " points)\n";
        if (o.flags.count("resubmit")) {
            const bool dryRun = o.flags.count("dry-run") > 0;
            const Submission sub = submitSweep(dir, plan, thisProgram(), dryRun);
            printSubmission(o.flags.count("json") ? err : out, sub, dir, dryRun);
        }
        return kExitOk;
    });
}

} // namespace flicker::cli
