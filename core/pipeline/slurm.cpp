#include "pipeline/slurm.h"

#include "error.h"

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <charconv>
#include <cstdlib>
#include <sstream>

namespace flicker::slurm {
namespace {

QStringList toQt(const std::vector<std::string>& args) {
    QStringList list;
    for (const std::string& a : args)
        list << QString::fromStdString(a);
    return list;
}

std::string joined(const std::vector<std::string>& jobs) {
    std::string list;
    for (const std::string& j : jobs)
        list += (list.empty() ? "" : ",") + j;
    return list;
}

// "JOBID|STATE" lines → map; array steps of sacct/squeue as "12_3".
std::map<std::string, std::string> parseStates(const std::string& text) {
    std::map<std::string, std::string> states;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const auto bar = line.find('|');
        if (bar == std::string::npos) continue;
        std::string id = line.substr(0, bar), state = line.substr(bar + 1);
        while (!state.empty() &&
               (state.back() == ' ' || state.back() == '|' || state.back() == '\r'))
            state.pop_back();
        // sacct: "CANCELLED by 0" → "CANCELLED"; skip the job steps ("12_3.batch").
        if (id.find('.') != std::string::npos) continue;
        if (const auto space = state.find(' '); space != std::string::npos) state.resize(space);
        if (!id.empty() && !state.empty()) states[id] = state;
    }
    return states;
}

} // namespace

bool available() {
    return !QStandardPaths::findExecutable(QStringLiteral("sbatch")).isEmpty();
}

CommandResult run(const std::string& program, const std::vector<std::string>& args, int timeoutMs) {
    CommandResult r;
    QProcess p;
    p.start(QString::fromStdString(program), toQt(args));
    if (!p.waitForStarted(timeoutMs)) return r;
    r.started = true;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(1000);
        r.err = program + " did not answer within " + std::to_string(timeoutMs / 1000) + " s";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err += p.readAllStandardError().toStdString();
    return r;
}

std::string submit(const std::string& script, const std::vector<std::string>& args) {
    std::vector<std::string> all{"--parsable"};
    all.insert(all.end(), args.begin(), args.end());
    all.push_back(script);
    const CommandResult r = run("sbatch", all);
    if (!r.started)
        throw Error(ErrorCode::Io,
                    "sbatch was not found: run this on a SLURM login node, or install "
                    "slurm-client and point SLURM_CONF at the cluster's slurm.conf");
    if (r.exitCode != 0)
        throw Error(ErrorCode::Io, "sbatch refused " + script + ": " + quoteInput(r.err, 400),
                    script);
    // --parsable: "jobid" or "jobid;cluster".
    std::string id = r.out.substr(0, r.out.find_first_of(";\n"));
    unsigned long long value = 0;
    const auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (id.empty() || ec != std::errc() || ptr != id.data() + id.size())
        throw Error(ErrorCode::Io, "sbatch answered " + quoteInput(r.out) + ", not a job id",
                    script);
    return id;
}

std::optional<std::map<std::string, std::string>>
queueStates(const std::vector<std::string>& jobs) {
    if (jobs.empty()) return std::map<std::string, std::string>{};
    const CommandResult r = run("squeue", {"-h", "-r", "-o", "%i|%T", "-j", joined(jobs)}, 15000);
    if (!r.started) return std::nullopt;
    // squeue fails with "Invalid job id specified" when every job has left the queue.
    if (r.exitCode != 0)
        return r.err.find("Invalid job id") != std::string::npos
                   ? std::optional(std::map<std::string, std::string>{})
                   : std::nullopt;
    return parseStates(r.out);
}

std::optional<std::map<std::string, std::string>>
accountingStates(const std::vector<std::string>& jobs) {
    if (jobs.empty()) return std::map<std::string, std::string>{};
    const CommandResult r =
        run("sacct", {"-n", "-P", "-X", "-o", "JobID,State", "-j", joined(jobs)}, 15000);
    if (!r.started || r.exitCode != 0) return std::nullopt;
    return parseStates(r.out);
}

void cancel(const std::vector<std::string>& jobs) {
    if (jobs.empty()) return;
    const CommandResult r = run("scancel", jobs);
    if (!r.started) throw Error(ErrorCode::Io, "scancel was not found on the PATH");
    if (r.exitCode != 0)
        throw Error(ErrorCode::Io,
                    "scancel " + joined(jobs) + " failed: " + quoteInput(r.err, 400));
}

int cpusPerTask() {
    const char* text = std::getenv("SLURM_CPUS_PER_TASK");
    if (!text) return 0;
    int value = 0;
    const std::string_view s(text);
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc() && ptr == s.data() + s.size() && value > 0 ? value : 0;
}

} // namespace flicker::slurm
