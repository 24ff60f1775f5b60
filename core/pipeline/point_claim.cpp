#include "pipeline/point_claim.h"

#include "error.h"
#include "pipeline/slurm.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <thread>
#include <unistd.h>

namespace flicker {
namespace fs = std::filesystem;
namespace {

std::string hostName() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
    std::string host(name);
    // The short name: SLURM and squeue use it, and a fully qualified name may differ by node.
    if (const auto dot = host.find('.'); dot != std::string::npos) host.resize(dot);
    return host;
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

std::string holderJson(const ClaimHolder& h) {
    return QJsonDocument(QJsonObject{{"host", QString::fromStdString(h.host)},
                                     {"pid", qint64(h.pid)},
                                     {"job", QString::fromStdString(h.job)},
                                     {"since", QString::fromStdString(h.since)}})
        .toJson(QJsonDocument::Compact)
        .toStdString();
}

// Creates `file` only if it does not exist, with `text` in it; false when it exists.
bool createExclusive(const std::string& file, const std::string& text) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST) return false;
        throw Error(ErrorCode::Io,
                    file + ": the claim cannot be written (" + std::strerror(errno) +
                        "; is the folder read-only or the disk full?)",
                    file);
    }
    const ssize_t written = ::write(fd, text.data(), text.size());
    const bool ok = written == ssize_t(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        ::unlink(file.c_str());
        throw Error(ErrorCode::Io, file + ": the claim cannot be written (is the disk full?)",
                    file);
    }
    return true;
}

} // namespace

std::string describeHolder(const ClaimHolder& h) {
    std::string text = "host " + h.host + ", process " + std::to_string(h.pid);
    if (!h.job.empty()) text += ", SLURM job " + h.job;
    if (!h.since.empty()) text += ", since " + h.since;
    return text;
}

std::optional<ClaimHolder> readClaim(const std::string& folder) {
    QFile f(QString::fromStdString((fs::path(folder) / kClaimFile).string()));
    if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(f.read(4096)).object();
    ClaimHolder h;
    h.host = o["host"].toString().toStdString();
    h.pid = long(o["pid"].toInteger());
    h.job = o["job"].toString().toStdString();
    h.since = o["since"].toString().toStdString();
    return h;
}

ClaimHolder thisWorker() {
    ClaimHolder h;
    h.host = hostName();
    h.pid = long(::getpid());
    const std::string array = env("SLURM_ARRAY_JOB_ID"), task = env("SLURM_ARRAY_TASK_ID");
    h.job = !array.empty() && !task.empty() ? array + "_" + task : env("SLURM_JOB_ID");
    h.since = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    return h;
}

bool holderAlive(const ClaimHolder& h) {
    if (!h.job.empty()) {
        const auto states = slurm::queueStates({h.job});
        if (!states) return true; // squeue cannot answer: do not take a claim that may run
        return states->count(h.job) > 0;
    }
    if (h.host == hostName() && h.pid > 0) return ::kill(pid_t(h.pid), 0) == 0 || errno == EPERM;
    return true; // another host, no job: cannot be checked
}

PointClaim::PointClaim(PointClaim&& other) noexcept : m_file(std::move(other.m_file)) {
    other.m_file.clear();
}

PointClaim& PointClaim::operator=(PointClaim&& other) noexcept {
    if (this != &other) {
        release();
        m_file = std::move(other.m_file);
        other.m_file.clear();
    }
    return *this;
}

PointClaim::~PointClaim() {
    release();
}

void PointClaim::release() {
    if (m_file.empty()) return;
    std::error_code ec;
    fs::remove(m_file, ec);
    m_file.clear();
}

ClaimResult claimPoint(const std::string& folder,
                       const std::function<bool(const ClaimHolder&)>& alive) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        throw Error(ErrorCode::Io,
                    folder + ": the point's folder cannot be made (" + ec.message() + ")", folder);
    const std::string file = (fs::path(folder) / kClaimFile).string();
    const ClaimHolder me = thisWorker();
    ClaimResult result;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (createExclusive(file, holderJson(me))) {
            result.claim = PointClaim(file);
            return result;
        }
        const std::optional<ClaimHolder> holder = readClaim(folder);
        // A claim being written this instant reads empty: wait a moment and look again.
        if (!holder || holder->host.empty()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            if (const auto again = readClaim(folder); again && !again->host.empty()) {
                if (alive(*again)) {
                    result.holder = again;
                    return result;
                }
            } else if (!fs::exists(file)) {
                continue;
            }
        } else if (alive(*holder)) {
            result.holder = holder;
            return result;
        }
        // Stale: move it aside under a name of our own (atomic; only one taker wins), then
        // claim afresh.
        const std::string aside = file + ".stale-" + me.host + "-" + std::to_string(me.pid);
        if (::rename(file.c_str(), aside.c_str()) == 0) {
            ::unlink(aside.c_str());
            result.tookOverStale = true;
        }
    }
    // Another worker kept winning the race: it has the point.
    result.holder = readClaim(folder);
    if (!result.holder) result.holder = ClaimHolder{"unknown", 0, "", ""};
    return result;
}

} // namespace flicker
