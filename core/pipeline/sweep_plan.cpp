#include "pipeline/sweep_plan.h"

#include "error.h"
#include "pipeline/point_claim.h"
#include "pipeline/slurm.h"
#include "save_file.h"
#include <flicker/version.h>

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace flicker {
namespace fs = std::filesystem;
namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
std::string ss(const QJsonValue& v) {
    return v.toString().toStdString();
}

template <class T> std::string listText(const std::vector<T>& values) {
    std::ostringstream out;
    for (std::size_t i = 0; i < values.size(); ++i)
        out << (i ? "," : "") << values[i];
    return out.str();
}

std::string number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

QJsonArray stringArray(const std::vector<std::string>& list) {
    QJsonArray a;
    for (const std::string& s : list)
        a.append(qs(s));
    return a;
}
std::vector<std::string> stringList(const QJsonValue& v) {
    std::vector<std::string> out;
    for (const QJsonValue& item : v.toArray())
        out.push_back(item.toString().toStdString());
    return out;
}

// A path or word for a bash script: single-quoted unless it is plainly safe.
std::string shellQuote(const std::string& text) {
    if (!text.empty() &&
        text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "_-./:=+,%@") == std::string::npos)
        return text;
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// An #SBATCH option line; sbatch reads its value up to the end of the line, quotes allowed.
std::string sbatchLine(const std::string& option, const std::string& value) {
    const bool plain = value.find_first_of(" \t\"'") == std::string::npos;
    return "#SBATCH --" + option + "=" + (plain ? value : "\"" + value + "\"") + "\n";
}

std::string slurmFolder(const std::string& dir) {
    return (fs::path(dir) / kSlurmFolder).string();
}

std::string logFile(const std::string& dir, std::size_t index) {
    return (fs::path(slurmFolder(dir)) / ("point-" + std::to_string(index) + ".log")).string();
}

// The last `count` lines of a text file (empty when it cannot be read).
std::string lastLines(const std::string& path, std::size_t count) {
    std::ifstream in(path);
    std::deque<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        // Progress lines carry no news about why a task ended.
        if (line.rfind("  point ", 0) == 0 && lines.size() >= count) continue;
        lines.push_back(line.size() > 300 ? line.substr(0, 300) + " …" : line);
        if (lines.size() > count) lines.pop_front();
    }
    std::string text;
    for (const std::string& l : lines)
        text += (text.empty() ? "" : "\n") + l;
    return text;
}

std::string header(const std::string& what, const std::string& dir) {
    return "#!/bin/bash\n"
           "# " +
           what + " of the Flicker sweep in " + dir +
           "\n"
           "# Written by flicker-cli sweep --slurm on " +
           QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString() + " (Flicker " +
           kVersion +
           ").\n"
           "# The points and their settings are in " +
           dir +
           "/plan.json; a point that is done\n"
           "# is never recomputed, so this script can be edited and resubmitted by hand.\n";
}

void commonOptions(std::string& script, const SlurmOptions& o) {
    if (!o.partition.empty()) script += sbatchLine("partition", o.partition);
    if (!o.account.empty()) script += sbatchLine("account", o.account);
    if (!o.time.empty()) script += sbatchLine("time", o.time);
    for (const std::string& extra : o.extra)
        script += "#SBATCH " + extra + "\n";
}

} // namespace

SweepPlan makeSweepPlan(const SweepSettings& s, const Provenance& data,
                        std::vector<std::string> arguments) {
    SweepPlan plan;
    plan.programVersion = kVersion;
    plan.arguments = std::move(arguments);
    plan.datasetName = data.datasetName;
    plan.datasetSource = data.datasetSource;
    plan.datasetSha256 = data.datasetSha256;
    plan.datasetReviews = data.datasetReviews;
    auto& set = plan.settings;
    set.emplace_back("hidden", listText(s.hidden));
    set.emplace_back("seeds", listText(s.seeds));
    std::vector<std::string> noise;
    for (double n : s.noise)
        noise.push_back(number(n));
    set.emplace_back("noise", noise.empty() ? "none" : listText(noise));
    set.emplace_back("noise_on", s.noise.empty() ? "-" : noiseTargetName(s.noiseOn));
    set.emplace_back("embedding", std::to_string(s.model.embedding));
    set.emplace_back("vocabulary_words", std::to_string(s.vocabularyWords));
    set.emplace_back("epochs", std::to_string(s.training.epochs));
    set.emplace_back("batch", std::to_string(s.training.batchSize));
    set.emplace_back("learning_rate", number(s.training.learningRate));
    set.emplace_back("gradient_clip", number(s.training.gradientClip));
    set.emplace_back("training_length", std::to_string(s.training.maxLength));
    set.emplace_back("input_noise", number(s.training.inputNoise));
    set.emplace_back("hidden_noise", number(s.training.hiddenNoise));
    for (auto& [key, value] : studySettingsList(s.study))
        set.emplace_back("study." + key, value);
    plan.points = plannedPoints(s);
    return plan;
}

Provenance planData(const SweepPlan& plan) {
    Provenance p;
    p.program = std::string("Flicker ") + plan.programVersion;
    p.datasetName = plan.datasetName;
    p.datasetSource = plan.datasetSource;
    p.datasetSha256 = plan.datasetSha256;
    p.datasetReviews = plan.datasetReviews;
    return p;
}

void writeSweepPlan(const std::string& dir, const SweepPlan& plan) {
    QJsonObject settings;
    QJsonArray order;
    for (const auto& [key, value] : plan.settings) {
        settings[qs(key)] = qs(value);
        order.append(qs(key));
    }
    QJsonArray points;
    for (const PlannedPoint& p : plan.points)
        points.append(QJsonObject{{"index", qint64(p.index)},
                                  {"hidden", p.hidden},
                                  {"noise", std::isnan(p.noise) ? QJsonValue() : p.noise},
                                  {"seed", QString::number(p.seed)},
                                  {"folder", qs(p.folder)},
                                  {"name", qs(p.name)}});
    const SlurmOptions& o = plan.slurm;
    const QJsonObject slurm{{"partition", qs(o.partition)},
                            {"time", qs(o.time)},
                            {"cpus_per_task", o.cpusPerTask},
                            {"memory", qs(o.memory)},
                            {"account", qs(o.account)},
                            {"max_parallel", o.maxParallel},
                            {"extra", stringArray(o.extra)},
                            {"jobs", stringArray(plan.jobs)},
                            {"collect_jobs", stringArray(plan.collectJobs)}};
    const QJsonObject root{{"format", "flicker-sweep-plan"},
                           {"version", 1},
                           {"program_version", qs(plan.programVersion)},
                           {"arguments", stringArray(plan.arguments)},
                           {"dataset", QJsonObject{{"name", qs(plan.datasetName)},
                                                   {"source", qs(plan.datasetSource)},
                                                   {"sha256", qs(plan.datasetSha256)},
                                                   {"reviews", qint64(plan.datasetReviews)}}},
                           {"settings", settings},
                           {"settings_order", order},
                           {"points", points},
                           {"slurm", slurm}};
    const std::string path = (fs::path(dir) / kPlanFile).string();
    saveFileWhole(path, QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString());
}

std::optional<SweepPlan> readSweepPlan(const std::string& dir) {
    const std::string path = (fs::path(dir) / kPlanFile).string();
    QFile f(qs(path));
    if (!f.exists()) return std::nullopt;
    if (f.size() > (64 << 20) || !f.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Io, path + ": cannot be read", path);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    const QJsonObject root = doc.object();
    if (doc.isNull() || root["format"].toString() != "flicker-sweep-plan")
        throw Error(ErrorCode::ParseError,
                    path + ": not a Flicker sweep plan (remove it, or choose another --out)", path);
    SweepPlan plan;
    plan.programVersion = ss(root["program_version"]);
    plan.arguments = stringList(root["arguments"]);
    const QJsonObject data = root["dataset"].toObject();
    plan.datasetName = ss(data["name"]);
    plan.datasetSource = ss(data["source"]);
    plan.datasetSha256 = ss(data["sha256"]);
    plan.datasetReviews = std::size_t(data["reviews"].toInteger());
    const QJsonObject settings = root["settings"].toObject();
    for (const QJsonValue& key : root["settings_order"].toArray())
        plan.settings.emplace_back(key.toString().toStdString(), ss(settings[key.toString()]));
    for (const QJsonValue& v : root["points"].toArray()) {
        const QJsonObject o = v.toObject();
        PlannedPoint p;
        p.index = std::size_t(o["index"].toInteger());
        p.hidden = o["hidden"].toInt();
        p.noise = o["noise"].isDouble() ? o["noise"].toDouble() : kNoValue;
        p.seed = o["seed"].toString().toULongLong();
        p.folder = ss(o["folder"]);
        p.name = ss(o["name"]);
        // A folder name is a single path component: a plan cannot send a worker elsewhere.
        if (p.folder.empty() || p.folder.find('/') != std::string::npos || p.folder == "." ||
            p.folder == "..")
            throw Error(ErrorCode::ParseError,
                        path + ": point " + std::to_string(p.index) + " has the folder " +
                            quoteInput(p.folder) + ", not a plain folder name",
                        path);
        plan.points.push_back(std::move(p));
    }
    const QJsonObject slurm = root["slurm"].toObject();
    plan.slurm.partition = ss(slurm["partition"]);
    plan.slurm.time = ss(slurm["time"]);
    plan.slurm.cpusPerTask = slurm["cpus_per_task"].toInt(2);
    plan.slurm.memory = ss(slurm["memory"]);
    plan.slurm.account = ss(slurm["account"]);
    plan.slurm.maxParallel = slurm["max_parallel"].toInt(0);
    plan.slurm.extra = stringList(slurm["extra"]);
    plan.jobs = stringList(slurm["jobs"]);
    plan.collectJobs = stringList(slurm["collect_jobs"]);
    return plan;
}

std::vector<std::string> planDifferences(const SweepPlan& there, const SweepPlan& here) {
    std::vector<std::string> out;
    if (there.programVersion != here.programVersion)
        out.push_back("program: Flicker " + there.programVersion + " there, Flicker " +
                      here.programVersion + " here");
    if (there.datasetSha256 != here.datasetSha256)
        out.push_back("data set: " + there.datasetName + " (" +
                      std::to_string(there.datasetReviews) + " reviews) there, " +
                      here.datasetName + " (" + std::to_string(here.datasetReviews) +
                      " reviews) here");
    for (const auto& [key, value] : here.settings) {
        std::string old = "(not set)";
        for (const auto& [k, v] : there.settings)
            if (k == key) old = v;
        if (old != value) out.push_back(key + ": " + old + " there, " + value + " here");
    }
    return out;
}

std::string arrayScript(const std::string& dir, const SweepPlan& plan,
                        const std::vector<std::size_t>& indices, const std::string& cli) {
    std::string list;
    for (std::size_t i : indices)
        list += (list.empty() ? "" : ",") + std::to_string(i);
    if (plan.slurm.maxParallel > 0) list += "%" + std::to_string(plan.slurm.maxParallel);
    std::string script = header("One SLURM array task per point", dir);
    script += "# Point k of the plan is array task k; its output goes to slurm/point-k.log.\n";
    script += sbatchLine("job-name", "flicker-sweep");
    script += sbatchLine("array", list);
    script += sbatchLine("cpus-per-task", std::to_string(std::max(1, plan.slurm.cpusPerTask)));
    if (!plan.slurm.memory.empty()) script += sbatchLine("mem", plan.slurm.memory);
    script += sbatchLine("chdir", dir);
    script += sbatchLine("output", (fs::path(slurmFolder(dir)) / "point-%a.log").string());
    script += sbatchLine("open-mode", "append");
    commonOptions(script, plan.slurm);
    script +=
        "\n# Each task trains and studies its point; the threads follow SLURM_CPUS_PER_TASK.\n"
        "exec " +
        shellQuote(cli) + " sweep-point " + shellQuote(dir) + " --index \"$SLURM_ARRAY_TASK_ID\"\n";
    return script;
}

std::string collectScript(const std::string& dir, const SweepPlan& plan, const std::string& cli) {
    std::string script = header("Collects the points into sweep.json and sweep.csv", dir);
    script += "# Submitted to run after the array ends (afterany), whatever became of its tasks.\n";
    script += sbatchLine("job-name", "flicker-collect");
    script += sbatchLine("cpus-per-task", "1");
    script += sbatchLine("chdir", dir);
    script += sbatchLine("output", (fs::path(slurmFolder(dir)) / "collect.log").string());
    script += sbatchLine("open-mode", "append");
    commonOptions(script, plan.slurm);
    script += "\nexec " + shellQuote(cli) + " sweep-collect " + shellQuote(dir) + "\n";
    return script;
}

const char* pointStateName(PointState::State s) {
    switch (s) {
    case PointState::State::Done:
        return "done";
    case PointState::State::Running:
        return "running";
    case PointState::State::Queued:
        return "queued";
    case PointState::State::Failed:
        return "failed";
    case PointState::State::NotStarted:
        return "not started";
    }
    return "not started";
}

std::vector<PointState> sweepStatus(const std::string& dir, const SweepPlan& plan) {
    using State = PointState::State;
    std::vector<std::string> jobs = plan.jobs;
    const auto queue = slurm::queueStates(jobs);
    std::optional<std::map<std::string, std::string>> accounting;
    bool askedAccounting = false;
    std::vector<PointState> states;
    for (const PlannedPoint& p : plan.points) {
        PointState st;
        st.point = p;
        const std::string folder = (fs::path(dir) / p.folder).string();
        if (pointFinished(dir, p)) {
            st.state = State::Done;
            states.push_back(st);
            continue;
        }
        // The newest submission that knows the point decides.
        std::string queued;
        if (queue)
            for (auto job = jobs.rbegin(); job != jobs.rend() && queued.empty(); ++job)
                if (const auto it = queue->find(*job + "_" + std::to_string(p.index));
                    it != queue->end())
                    queued = it->first + " " + it->second;
        if (!queued.empty()) {
            const bool running = queued.find("RUNNING") != std::string::npos ||
                                 queued.find("COMPLETING") != std::string::npos;
            st.state = running ? State::Running : State::Queued;
            st.detail = "SLURM job " + queued;
        } else if (const auto holder = readClaim(folder); holder && holderAlive(*holder)) {
            st.state = State::Running;
            st.detail = describeHolder(*holder);
        } else if (fs::exists(logFile(dir, p.index))) {
            st.state = State::Failed;
            if (!askedAccounting) {
                accounting = slurm::accountingStates(jobs);
                askedAccounting = true;
            }
            std::string how;
            if (accounting)
                for (auto job = jobs.rbegin(); job != jobs.rend() && how.empty(); ++job)
                    if (const auto it = accounting->find(*job + "_" + std::to_string(p.index));
                        it != accounting->end())
                        how = "SLURM says " + it->second + "; ";
            st.detail = how + "last lines of " + logFile(dir, p.index) + ":\n" +
                        lastLines(logFile(dir, p.index), 5);
        }
        states.push_back(st);
    }
    return states;
}

Submission submitSweep(const std::string& dir, SweepPlan& plan, const std::string& cli,
                       bool dryRun) {
    Submission sub;
    for (const PointState& st : sweepStatus(dir, plan))
        if (st.state == PointState::State::NotStarted || st.state == PointState::State::Failed)
            sub.indices.push_back(st.point.index);
    if (sub.indices.empty()) return sub;
    const fs::path folder = slurmFolder(dir);
    sub.arrayScriptPath = (folder / "sweep-array.sh").string();
    sub.collectScriptPath = (folder / "collect.sh").string();
    sub.arrayScript = arrayScript(dir, plan, sub.indices, cli);
    sub.collectScript = collectScript(dir, plan, cli);
    sub.collectArgs = {"--dependency=afterany:<array job>"};
    if (dryRun) return sub;
    std::error_code ec;
    fs::create_directories(folder, ec);
    for (const auto& [path, text] : {std::pair{sub.arrayScriptPath, sub.arrayScript},
                                     std::pair{sub.collectScriptPath, sub.collectScript}}) {
        saveFileWhole(path, text);
        fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add,
                        ec);
    }
    sub.arrayJob = slurm::submit(sub.arrayScriptPath, sub.arrayArgs);
    plan.jobs.push_back(sub.arrayJob);
    writeSweepPlan(dir, plan); // the job is known before anything else can fail
    sub.collectArgs = {"--dependency=afterany:" + sub.arrayJob};
    sub.collectJob = slurm::submit(sub.collectScriptPath, sub.collectArgs);
    plan.collectJobs.push_back(sub.collectJob);
    writeSweepPlan(dir, plan);
    return sub;
}

} // namespace flicker
