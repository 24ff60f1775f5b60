// Faults injected (issue 17 §4). flicker-cli is killed with SIGKILL at seeded random moments
// spread over an uninterrupted run's measured duration — during training (over an existing good
// model and into an empty place), a study (over an earlier study), a sweep, a noise sweep and
// the sparsity lab's sweep (resumed between kills) — and a session save is killed the same way:
// after every kill no half-written file may be taken for a result, and the rerun's results equal
// the uninterrupted run's. Then a full disk (a small tmpfs as root; otherwise, or with
// FLICKER_FAULTS_FSIZE=1, a file-size limit) under checkpoint, study and sweep writes: a clear
// error naming the path, the earlier good files intact, and a rerun with room completes.
#include "error.h"
#include "io/study_companion.h"
#include "model/model.h"
#include "save_file.h"
#include "support/image_fixtures.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <functional>

#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

using namespace flicker;

namespace {

constexpr int kKills = 20;        // kills that must land mid-run, per surface
constexpr int kMaxAttempts = 100; // a bound on the kills tried to get kKills that land
constexpr int kCapMs = 600000;    // a cap, not a timing: a hang still ends the test
const QString kCli = QStringLiteral(FLICKER_CLI_PATH);
const QString kWriter = QStringLiteral(FLICKER_SESSION_WRITER_PATH);
const QStringList kData{"--data", "demo", "--demo-reviews", "200", "--threads", "1"};
const QStringList kStudyFiles{kStudyCompanionName, "study.json", "study_pr_steps.csv",
                              "study_reviews.csv", "study_summary.csv"};

struct Run {
    int exitCode = -1;
    QString out, err;
    qint64 ms = 0; // wall time from start to exit
};

/// Waits until the running `p` has written a line holding `marker` to standard error (true), or
/// has ended first (false). Nothing to wait for when `marker` is empty.
bool waitForLine(QProcess& p, const QByteArray& marker) {
    if (marker.isEmpty()) return true;
    p.setReadChannel(QProcess::StandardError); // what waitForReadyRead waits for
    QByteArray seen;
    while (!seen.contains(marker)) {
        if (p.state() == QProcess::NotRunning || !p.waitForReadyRead(kCapMs)) return false;
        seen += p.readAllStandardError();
    }
    return true;
}

/// Runs `program` to its end; `childSetup`, if given, runs in the child before the program (to
/// set a resource limit).
Run run(const QString& program, const QStringList& args,
        const std::function<void()>& childSetup = {}) {
    QProcess p;
    if (childSetup) p.setChildProcessModifier(childSetup);
    QElapsedTimer clock;
    clock.start();
    p.start(program, args);
    if (!p.waitForFinished(kCapMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, QStringLiteral("did not finish within 10 minutes"), clock.elapsed()};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()), clock.elapsed()};
}

/// Starts the program, and `delayMs` after it started (or, with a `marker`, after it wrote a line
/// holding it to standard error) kills it with SIGKILL if it still runs. True when the kill
/// landed mid-run (the process died of it), false when it had finished first.
bool killAfter(const QString& program, const QStringList& args, int delayMs,
               const QByteArray& marker = {}) {
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    if (marker.isEmpty()) p.setStandardErrorFile(QProcess::nullDevice());
    p.start(program, args);
    if (!p.waitForStarted() || !waitForLine(p, marker)) return false;
    if (p.waitForFinished(delayMs)) return false; // finished before the kill
    ::kill(pid_t(p.processId()), SIGKILL);
    p.waitForFinished(kCapMs);
    return p.exitStatus() == QProcess::CrashExit;
}

struct Tally {
    int attempts = 0, landed = 0;
};

/// Kills `args` runs at seeded random moments in [0, runMs) until kKills have landed mid-run.
/// `prepare(k)` sets the stage before attempt k; `check(k)` looks at what the kill left and
/// returns a problem ("" when none). With a `marker` the moments count from the line holding it
/// on standard error (the command's own work begins; loading the program, which takes most of a
/// tiny run and longer on a busy machine, is left out), and `runMs` is the time from there on.
/// `left()`, if given, says what fraction of the work is still to do after prepare (a sweep
/// resumed in its folder has only its unfinished points to run): the moments are drawn over
/// that share of runMs, so that kills land in the shorter resumed runs too.
Tally killRepeatedly(const QString& program, const QStringList& args, qint64 runMs, quint32 seed,
                     const std::function<void(int)>& prepare,
                     const std::function<QString(int)>& check, QString* problem,
                     const QByteArray& marker = {}, const std::function<double()>& left = {}) {
    QRandomGenerator random(seed);
    Tally tally;
    while (tally.landed < kKills && tally.attempts < kMaxAttempts) {
        const int k = tally.attempts++;
        prepare(k);
        const double share = left ? std::clamp(left(), 0.1, 1.0) : 1.0;
        const qint64 span = std::max<qint64>(qint64(double(runMs) * share), 1);
        const int delay = int(random.bounded(quint32(span)));
        tally.landed += killAfter(program, args, delay, marker);
        if (const QString p = check(k); !p.isEmpty()) {
            *problem = QStringLiteral("after kill %1 (at %2 ms): %3").arg(k).arg(delay).arg(p);
            return tally;
        }
    }
    return tally;
}

QByteArray contents(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// A study.json without what differs between equal runs: its creation time, and the path and
/// hash of its model file (a sweep point's model is in the sweep's folder, and a checkpoint
/// holds its own creation time and timings; sameModel compares the weights themselves).
QByteArray comparable(const QString& path) {
    QByteArray kept;
    for (const QByteArray& line : contents(path).split('\n'))
        if (!line.contains("\"created\"") && !line.contains("\"model_path\"") &&
            !line.contains("\"model_sha256\""))
            kept += line + '\n';
    return kept;
}

/// A file of the sparsity lab without what differs between equal runs: the creation time, the
/// seconds taken, the points' folders (paths) and whether a point was resumed in the JSON; in the
/// CSV its provenance line and the last column (seconds).
QByteArray comparableSparsity(const QString& path) {
    const bool csv = path.endsWith(QLatin1String(".csv"));
    QByteArray kept;
    for (const QByteArray& line : contents(path).split('\n')) {
        if (csv) {
            if (!line.startsWith('#')) kept += line.left(line.lastIndexOf(',')) + '\n';
        } else if (!line.contains("\"created\"") && !line.contains("\"seconds\"") &&
                   !line.contains("\"folder\"") && !line.contains("\"resumed\"")) {
            kept += line + '\n';
        }
    }
    return kept;
}

/// Every name in `dir`, hidden ones too (a temporary file left behind would show here).
QStringList entries(const QString& dir) {
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

void clearFolder(const QString& dir) {
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
}

void copyFiles(const QString& from, const QString& to, const QStringList& names) {
    for (const QString& name : names)
        QFile::copy(QDir(from).filePath(name), QDir(to).filePath(name));
}

/// Copies the folder `from` with its sub-folders to `to`.
void copyTree(const QString& from, const QString& to) {
    QDir().mkpath(to);
    for (const QString& name : entries(from)) {
        const QString source = QDir(from).filePath(name);
        if (QFileInfo(source).isDir())
            copyTree(source, QDir(to).filePath(name));
        else
            QFile::copy(source, QDir(to).filePath(name));
    }
}

/// "" when the checkpoint loads and holds the same weights and training figures as `reference`
/// (a rerun differs only in its timings and creation time).
QString sameModel(const QString& path, const QString& reference) {
    try {
        const Model a = loadCheckpoint(path.toStdString());
        const Model b = loadCheckpoint(reference.toStdString());
        const ModelWeights wa = a.network.weights(), wb = b.network.weights();
        if (wa.embedding != wb.embedding || wa.weightIh != wb.weightIh ||
            wa.weightHh != wb.weightHh || wa.biasIh != wb.biasIh || wa.biasHh != wb.biasHh ||
            wa.fcWeight != wb.fcWeight || wa.fcBias != wb.fcBias)
            return path + QStringLiteral(": other weights than ") + reference;
        if (a.history.epochs.size() != b.history.epochs.size() ||
            a.history.epochs.back().trainLoss != b.history.epochs.back().trainLoss ||
            a.history.epochs.back().testAccuracy != b.history.epochs.back().testAccuracy)
            return path + QStringLiteral(": another training history than ") + reference;
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

/// "" when the study files in `dir` equal those in `reference` (all of them, or, when
/// `allowMissing`, those that are there).
QString sameStudy(const QString& dir, const QString& reference, bool allowMissing = false) {
    for (const QString& name : kStudyFiles) {
        const QString path = QDir(dir).filePath(name);
        if (!QFile::exists(path)) {
            if (allowMissing) continue;
            return path + QStringLiteral(" is missing");
        }
        if (name == QLatin1String(kStudyCompanionName)) {
            // It names its study.json's exact text (creation time included), so it differs
            // between equal runs: it must be the companion of the study.json beside it.
            const QString json = QDir(dir).filePath(QStringLiteral("study.json"));
            if (!QFile::exists(json)) continue;
            try {
                decodeStudyCompanion(contents(path).toStdString(), contents(json).toStdString(),
                                     path.toStdString());
            } catch (const Error& e) {
                return QString::fromStdString(e.what());
            }
            continue;
        }
        const bool same = name.endsWith(QLatin1String(".json"))
                              ? comparable(path) == comparable(QDir(reference).filePath(name))
                              : contents(path) == contents(QDir(reference).filePath(name));
        if (!same) return path + QStringLiteral(" differs from ") + reference;
    }
    return {};
}

/// The environment variable that makes the full-disk cases use a file-size limit even as root.
constexpr const char* kForceFileSizeLimit = "FLICKER_FAULTS_FSIZE";

/// A disk that fills up, for the full-disk cases. As root: a small tmpfs mounted on a temporary
/// folder and filled with one file until little room is left. Otherwise (or with
/// FLICKER_FAULTS_FSIZE=1, or where the mount fails): an ordinary temporary folder whose writer
/// runs under a file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so that a write past it fails
/// with EFBIG instead of killing the writer) — per file rather than for the disk, but the same
/// failing write() on the way to a result.
class FullDisk {
public:
    explicit FullDisk(qint64 tmpfsBytes) {
        if (!m_dir.isValid()) {
            m_why = QStringLiteral("cannot make a temporary folder");
            return;
        }
        if (qEnvironmentVariableIntValue(kForceFileSizeLimit) == 1) {
            m_note = QStringLiteral("%1=1: a file-size limit").arg(kForceFileSizeLimit);
        } else if (::geteuid() != 0) {
            m_note = QStringLiteral("not root (no tmpfs to mount): a file-size limit");
        } else {
            const QByteArray options = "size=" + QByteArray::number(tmpfsBytes) + ",mode=0755";
            if (::mount("flicker-faults", QFile::encodeName(m_dir.path()).constData(), "tmpfs",
                        MS_NOSUID | MS_NODEV, options.constData()) == 0) {
                m_mounted = true;
                m_note = QStringLiteral("a small tmpfs (%1 KiB)").arg(tmpfsBytes / 1024);
            } else {
                m_note = QStringLiteral("cannot mount a tmpfs on %1 (%2): a file-size limit")
                             .arg(m_dir.path(), QString::fromLocal8Bit(std::strerror(errno)));
            }
        }
        qInfo("full disk: %s", qPrintable(m_note));
    }
    ~FullDisk() {
        if (m_mounted) ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
    }
    FullDisk(const FullDisk&) = delete;
    FullDisk& operator=(const FullDisk&) = delete;

    bool ready() const { return m_why.isEmpty(); }
    QString why() const { return m_why; }
    bool limitsFileSize() const { return !m_mounted; }
    QString path(const QString& name = {}) const {
        return name.isEmpty() ? m_dir.path() : m_dir.filePath(name);
    }
    /// What the writer's message must say: the system's reason for the failed write.
    QString reason() const {
        return m_mounted ? QStringLiteral("No space left on device")
                         : QStringLiteral("File too large");
    }
    /// Leaves little room: on the tmpfs `freeBytes` for all files together (the rest is filled
    /// with one file), under the limit `fileBytes` for each file.
    bool leaveRoom(qint64 freeBytes, qint64 fileBytes) {
        if (!m_mounted) {
            m_fileLimit = fileBytes;
            return true;
        }
        struct statvfs s {};
        if (::statvfs(QFile::encodeName(m_dir.path()).constData(), &s) != 0) return false;
        qint64 fill = qint64(s.f_bavail) * qint64(s.f_frsize) - freeBytes;
        QFile filler(path(QStringLiteral("filler")));
        if (!filler.open(QIODevice::WriteOnly)) return false;
        const QByteArray block(4096, 'x');
        for (; fill >= block.size(); fill -= block.size())
            if (filler.write(block) != block.size()) return false;
        return filler.flush();
    }
    /// Room again: the filler removed, or no limit.
    void makeRoom() {
        if (m_mounted) QFile::remove(path(QStringLiteral("filler")));
        m_fileLimit = 0;
    }
    /// Every name in `dir` but the filler.
    static QStringList entriesIn(const QString& dir) {
        QStringList names = entries(dir);
        names.removeAll(QStringLiteral("filler"));
        return names;
    }
    /// Runs `program` as a writer on this disk (under the file-size limit, if one is set; with
    /// SIGXFSZ ignored, or, `ignoreSignal` false, as a shell's `ulimit -f` leaves it).
    Run run(const QString& program, const QStringList& args, bool ignoreSignal = true) const {
        if (m_fileLimit <= 0) return ::run(program, args);
        const rlim_t limit = rlim_t(m_fileLimit);
        return ::run(program, args, [limit, ignoreSignal] { // in the child, before exec
            if (ignoreSignal) ::signal(SIGXFSZ, SIG_IGN);   // kept across exec: EFBIG instead
            const struct rlimit r { limit, limit };
            ::setrlimit(RLIMIT_FSIZE, &r);
        });
    }
    /// Calls `write` in this process under the file-size limit, if one is set (the soft limit
    /// only, put back after; SIGXFSZ ignored meanwhile).
    template <class F> void write(F&& write) const {
        if (m_fileLimit <= 0) return write();
        struct rlimit old {};
        ::getrlimit(RLIMIT_FSIZE, &old);
        const auto oldAction = ::signal(SIGXFSZ, SIG_IGN);
        struct rlimit limited = old;
        limited.rlim_cur = std::min<rlim_t>(rlim_t(m_fileLimit), old.rlim_max);
        ::setrlimit(RLIMIT_FSIZE, &limited);
        struct Restore {
            rlimit old;
            decltype(oldAction) action;
            ~Restore() {
                ::setrlimit(RLIMIT_FSIZE, &old);
                ::signal(SIGXFSZ, action);
            }
        } restore{old, oldAction};
        write();
    }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
    qint64 m_fileLimit = 0; // bytes a file may have under the limit; 0: no limit
    QString m_why, m_note;
};

/// Bytes a file takes on a tmpfs (whole pages).
qint64 onDisk(const QString& path) {
    return (QFileInfo(path).size() + 4095) / 4096 * 4096;
}

} // namespace

class TestFaults : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model, m_oldModel, m_study, m_oldStudy, m_sweep, m_noiseSweep;
    QString m_images, m_sparsity, m_oldSparsity;
    qint64 m_trainMs = 0, m_studyMs = 0, m_sweepMs = 0, m_noiseSweepMs = 0, m_sparsityMs = 0;
    static constexpr const char* kDemoStart = "generating the demo corpus"; // first own line
    static constexpr const char* kImagesRead = "data: "; // sparsity: images read, sweep begins

    QStringList trainArgs(int seed, const QString& out) const {
        return QStringList{"train",    "--epochs", "1",      "--embedding",         "4",
                           "--hidden", "4",        "--seed", QString::number(seed), "--out",
                           out} +
               kData;
    }
    QStringList studyArgs(int reviews, const QString& out) const {
        return QStringList{"study",
                           "--model",
                           m_model,
                           "--steps",
                           "100",
                           "--reviews",
                           QString::number(reviews),
                           "--out",
                           out} +
               kData;
    }
    QStringList sweepArgs(const QString& out) const {
        return QStringList{"sweep",    "--hidden",  "2,3",         "--seeds", "1",
                           "--epochs", "1",         "--embedding", "4",       "--steps",
                           "100",      "--reviews", "5",           "--out",   out} +
               kData;
    }
    // A noise sweep: one size, two training-noise SDs (on the hidden units).
    QStringList noiseSweepArgs(const QString& out) const {
        return QStringList{"sweep", "--noise",   "0,0.1", "--hidden",    "3", "--seeds",
                           "1",     "--epochs",  "1",     "--embedding", "4", "--steps",
                           "100",   "--reviews", "5",     "--out",       out} +
               kData;
    }
    // The sparsity lab: three σ of a small ReLU network on small synthetic images.
    QStringList sparsityArgs(const QString& sigmas, const QString& out) const {
        return {"sparsity", "--data",  m_images, "--sigma",   sigmas, "--width", "32", "--epochs",
                "4",        "--seeds", "1",      "--threads", "1",    "--out",   out};
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }

    /// Runs flicker-cli to its end: the ms from its line holding `marker` to its exit, or -1
    /// when it failed (the reason logged).
    static qint64 timedFrom(const char* marker, const QStringList& args) {
        QProcess p;
        p.setStandardOutputFile(QProcess::nullDevice());
        p.start(kCli, args);
        QElapsedTimer clock;
        if (!p.waitForStarted() || !waitForLine(p, marker)) return -1;
        clock.start();
        p.waitForFinished(kCapMs);
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            qWarning("%s", p.readAllStandardError().constData());
            return -1;
        }
        return clock.elapsed();
    }

    /// "" when the sweep folder `dir` (killed or not) holds nothing but `points`' folders and the
    /// sweep's own files, a point with a study.json equals the reference's, and a sweep.csv that
    /// is there with its sweep.json equals the reference's. `finished` counts the points done.
    QString sweepProblem(const QString& dir, const QString& reference, const QStringList& points,
                         int* finished) const {
        const QStringList pointFiles = kStudyFiles + QStringList{"claim.lock", "model.flicker"};
        for (const QString& name : entries(dir))
            if (!points.contains(name) &&
                !QStringList{"plan.json", "sweep.csv", "sweep.json", "sweep.svg"}.contains(name))
                return "left: " + name;
        for (const QString& point : points) {
            const QString folder = QDir(dir).filePath(point);
            for (const QString& name : entries(folder))
                if (!pointFiles.contains(name)) return "left: " + point + "/" + name;
            if (!QFile::exists(QDir(folder).filePath("study.json"))) continue;
            ++*finished;
            const QString ref = QDir(reference).filePath(point);
            QString p = sameModel(QDir(folder).filePath("model.flicker"),
                                  QDir(ref).filePath("model.flicker"));
            if (p.isEmpty()) p = sameStudy(folder, ref);
            if (!p.isEmpty()) return p;
        }
        if (QFile::exists(QDir(dir).filePath("sweep.json")) &&
            contents(QDir(dir).filePath("sweep.csv")) !=
                contents(QDir(reference).filePath("sweep.csv")))
            return QStringLiteral("sweep.csv differs from the uninterrupted sweep's");
        return {};
    }

    /// A sweep killed again and again in the folder `dir` (each run resumes what the killed ones
    /// finished; the folder is emptied only after a run that completed), checked after every
    /// kill with sweepProblem; then the last rerun must equal the uninterrupted sweep.
    void killSweepRepeatedly(const QString& what, const QString& dir, const QStringList& args,
                             const QString& reference, const QStringList& points, qint64 runMs,
                             quint32 seed, const QByteArray& marker) {
        QString problem;
        int finished = 0;
        const Tally t = killRepeatedly(
            kCli, args, runMs, seed,
            [&](int) {
                if (QFile::exists(QDir(dir).filePath("sweep.json"))) clearFolder(dir);
            },
            [&](int) { return sweepProblem(dir, reference, points, &finished); }, &problem, marker,
            [&] {
                int done = 0;
                for (const QString& point : points)
                    done += QFile::exists(QDir(dir).filePath(point + "/study.json"));
                return 1.0 - double(done) / double(points.size());
            });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("%s: %d kills tried, %d landed mid-run; %d finished points found after kills",
              qPrintable(what), t.attempts, t.landed, finished);
        QVERIFY2(t.landed >= kKills, qPrintable(QString::number(t.landed)));
        const Run rerun = run(kCli, args);
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
        QCOMPARE(contents(QDir(dir).filePath("sweep.csv")),
                 contents(QDir(reference).filePath("sweep.csv")));
        for (const QString& point : points) {
            const QString folder = QDir(dir).filePath(point);
            const QString ref = QDir(reference).filePath(point);
            QCOMPARE(sameModel(QDir(folder).filePath("model.flicker"),
                               QDir(ref).filePath("model.flicker")),
                     QString());
            QCOMPARE(sameStudy(folder, ref), QString());
        }
    }

private slots:
    // The uninterrupted runs every fault is compared with, and their measured durations.
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_model = path("reference.flicker");
        m_oldModel = path("old.flicker");
        m_study = path("reference-study");
        m_oldStudy = path("old-study");
        m_sweep = path("reference-sweep");
        Run r = run(kCli, trainArgs(1, m_model));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_trainMs = r.ms;
        r = run(kCli, trainArgs(2, m_oldModel)); // an earlier good model, other weights
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = run(kCli, studyArgs(5, m_study));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_studyMs = r.ms;
        r = run(kCli, studyArgs(4, m_oldStudy)); // an earlier good study, other settings
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = run(kCli, sweepArgs(m_sweep));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_sweepMs = r.ms;
        m_noiseSweep = path("reference-noise-sweep");
        m_noiseSweepMs = timedFrom(kDemoStart, noiseSweepArgs(m_noiseSweep));
        QVERIFY(m_noiseSweepMs >= 0);
        m_images = path("images");
        flicker::testing::writeIdxFolder(m_images, flicker::testing::syntheticData(1000, 200));
        m_sparsity = path("reference-sparsity");
        m_sparsityMs = timedFrom(kImagesRead, sparsityArgs("0,0.3,0.8", m_sparsity));
        QVERIFY(m_sparsityMs >= 0);
        m_oldSparsity = path("old-sparsity"); // an earlier sweep of σ = 0 only
        r = run(kCli, sparsityArgs("0", m_oldSparsity));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        qInfo("uninterrupted runs: train %lld ms, study %lld ms, sweep of 2 points %lld ms, "
              "noise sweep of 2 points %lld ms (from its first line), sparsity sweep of 3 points "
              "%lld ms (from reading the images)",
              m_trainMs, m_studyMs, m_sweepMs, m_noiseSweepMs, m_sparsityMs);
        // Equal runs give equal results (what "equal to an uninterrupted run" rests on).
        const QString again = path("again.flicker");
        QCOMPARE(run(kCli, trainArgs(1, again)).exitCode, 0);
        QCOMPARE(sameModel(again, m_model), QString());
        QVERIFY(!sameModel(m_oldModel, m_model).isEmpty());
        QVERIFY(!sameStudy(m_oldStudy, m_study).isEmpty());
    }

    // Training killed: over an existing good model (even attempts) and into an empty folder
    // (odd). After each kill the file is the old one byte for byte, or none, or a complete new
    // model equal to the reference; nothing else is left in the folder.
    void killTraining() {
        const QString dir = path("kill-train");
        const QString target = QDir(dir).filePath("model.flicker");
        const QByteArray old = contents(m_oldModel);
        int replaced = 0;
        QString problem;
        const Tally t = killRepeatedly(
            kCli, trainArgs(1, target), m_trainMs, 17,
            [&](int k) {
                clearFolder(dir);
                if (k % 2 == 0) QFile::copy(m_oldModel, target);
            },
            [&](int k) -> QString {
                const QStringList left = entries(dir);
                if (left.isEmpty())
                    return k % 2 == 0 ? QStringLiteral("the old model is gone") : QString();
                if (left != QStringList{"model.flicker"}) return "left: " + left.join(", ");
                if (k % 2 == 0 && contents(target) == old) return {};
                ++replaced;
                return sameModel(target, m_model);
            },
            &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("training: %d kills tried, %d landed mid-run, %d after the new model was in place",
              t.attempts, t.landed, replaced);
        QVERIFY2(t.landed >= kKills, qPrintable(QString::number(t.landed)));
        const Run rerun = run(kCli, trainArgs(1, target));
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
        QCOMPARE(sameModel(target, m_model), QString());
    }

    // A study killed over an earlier study of other settings (even attempts) or into an empty
    // folder (odd): a study.json that is there always comes with the tables of its own run.
    void killStudy() {
        const QString dir = path("kill-study");
        QString problem;
        int finished = 0;
        const Tally t = killRepeatedly(
            kCli, studyArgs(5, dir), m_studyMs, 23,
            [&](int k) {
                clearFolder(dir);
                if (k % 2 == 0) copyFiles(m_oldStudy, dir, kStudyFiles);
            },
            [&](int) -> QString {
                for (const QString& name : entries(dir))
                    if (!kStudyFiles.contains(name)) return "left: " + name;
                if (!QFile::exists(QDir(dir).filePath("study.json")))
                    return {}; // no study: nothing taken for a result
                if (sameStudy(dir, m_oldStudy).isEmpty()) return {};
                ++finished;
                const QString p = sameStudy(dir, m_study);
                return p.isEmpty() ? QString() : p + " (a study.json beside other tables?)";
            },
            &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("study: %d kills tried, %d landed mid-run, %d after the new study was in place",
              t.attempts, t.landed, finished);
        QVERIFY2(t.landed >= kKills, qPrintable(QString::number(t.landed)));
        const Run rerun = run(kCli, studyArgs(5, dir));
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
        QCOMPARE(sameStudy(dir, m_study), QString());
    }

    // A sweep of two points killed again and again in the same folder (each run resumes what
    // the killed ones finished; the folder is emptied only after a run that completed): a point
    // with a study always has the reference's model and study; the last rerun equals the
    // uninterrupted sweep.
    void killSweep() {
        killSweepRepeatedly("sweep", path("kill-sweep"), sweepArgs(path("kill-sweep")), m_sweep,
                            {"h0002_seed1", "h0003_seed1"}, m_sweepMs, 29, {});
    }

    // The same for a noise sweep (training noise on the hidden units, two SDs), its kills spread
    // over the run from its first line on (after the program has loaded).
    void killNoiseSweep() {
        const QString dir = path("kill-noise-sweep");
        killSweepRepeatedly("noise sweep", dir, noiseSweepArgs(dir), m_noiseSweep,
                            {"h0003_hidden0_seed1", "h0003_hidden0.1_seed1"}, m_noiseSweepMs, 37,
                            kDemoStart);
    }

    // The sparsity lab's sweep (σ = 0, 0.3, 0.8: a network trained and measured per point, kept
    // in a folder of its own) killed again and again in one folder, each run resuming the last;
    // the folder starts (again after each run that completed) as an earlier sweep of σ = 0 only,
    // whose point the runs resume. After every kill: a point with point.json has the reference's
    // receptive fields byte for byte and its measures; sparsity.json and sparsity.csv are the
    // earlier sweep's pair or the reference's, or sparsity.json is missing (no result: a kill
    // while the pair was being replaced); nothing else is there. The rerun equals the
    // uninterrupted sweep.
    void killSparsitySweep() {
        const QString dir = path("kill-sparsity");
        const QStringList points{"w32_s0.3_seed1", "w32_s0.8_seed1", "w32_s0_seed1"};
        const QStringList summary{"sparsity.csv", "sparsity.json"};
        // Which sweep a summary file is from: "reference", "earlier", or "" (neither).
        auto from = [&](const QString& name) -> QString {
            const QByteArray now = comparableSparsity(QDir(dir).filePath(name));
            if (now == comparableSparsity(QDir(m_sparsity).filePath(name)))
                return QStringLiteral("reference");
            if (now == comparableSparsity(QDir(m_oldSparsity).filePath(name)))
                return QStringLiteral("earlier");
            return {};
        };
        int finished = 0, midPoint = 0, completed = 0;
        QString problem;
        const Tally t = killRepeatedly(
            kCli, sparsityArgs("0,0.3,0.8", dir), m_sparsityMs, 41,
            [&](int) {
                if (QFileInfo::exists(dir) && from("sparsity.json") != "reference") return;
                clearFolder(dir);
                copyTree(m_oldSparsity, dir);
            },
            [&](int) -> QString {
                for (const QString& name : entries(dir))
                    if (!points.contains(name) && !summary.contains(name)) return "left: " + name;
                for (const QString& point : points) {
                    const QString folder = QDir(dir).filePath(point);
                    if (!QFileInfo::exists(folder)) continue;
                    const QStringList left = entries(folder);
                    for (const QString& name : left)
                        if (name != "fields.f32" && name != "point.json")
                            return "left: " + point + "/" + name;
                    if (!left.contains("point.json")) {
                        ++midPoint; // killed inside this point: not taken for done
                        continue;
                    }
                    ++finished;
                    const QString ref = QDir(m_sparsity).filePath(point);
                    if (contents(QDir(folder).filePath("fields.f32")) !=
                        contents(QDir(ref).filePath("fields.f32")))
                        return point + "/fields.f32 differs from the uninterrupted sweep's";
                    if (comparableSparsity(QDir(folder).filePath("point.json")) !=
                        comparableSparsity(QDir(ref).filePath("point.json")))
                        return point + "/point.json differs from the uninterrupted sweep's";
                }
                // No sparsity.json: a kill between the old marker's removal and the new one's
                // arrival (saveFilesTogether), which says "no result here" — whatever table is
                // beside it, the next run writes both again.
                if (!QFileInfo::exists(QDir(dir).filePath("sparsity.json"))) return {};
                const QString json = from("sparsity.json"), csv = from("sparsity.csv");
                if (json.isEmpty() || json != csv)
                    return QStringLiteral("sparsity.json (%1) beside sparsity.csv (%2)")
                        .arg(json.isEmpty() ? "of neither sweep" : json,
                             csv.isEmpty() ? "of neither sweep" : csv);
                completed += json == "reference";
                return {};
            },
            &problem, kImagesRead,
            [&] {
                int done = 0;
                for (const QString& point : points)
                    done += QFile::exists(QDir(dir).filePath(point + "/point.json"));
                return 1.0 - double(done) / double(points.size());
            });
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("sparsity sweep: %d kills tried, %d landed mid-run; %d inside a point, %d finished "
              "points found after kills, %d after the whole sweep was written",
              t.attempts, t.landed, midPoint, finished, completed);
        QVERIFY2(t.landed >= kKills, qPrintable(QString::number(t.landed)));
        const Run rerun = run(kCli, sparsityArgs("0,0.3,0.8", dir));
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
        for (const QString& name : summary)
            QCOMPARE(comparableSparsity(QDir(dir).filePath(name)),
                     comparableSparsity(QDir(m_sparsity).filePath(name)));
        for (const QString& point : points) {
            const QString folder = QDir(dir).filePath(point);
            const QString ref = QDir(m_sparsity).filePath(point);
            QCOMPARE(contents(QDir(folder).filePath("fields.f32")),
                     contents(QDir(ref).filePath("fields.f32")));
            QCOMPARE(comparableSparsity(QDir(folder).filePath("point.json")),
                     comparableSparsity(QDir(ref).filePath("point.json")));
        }
    }

    // A session save killed: the file is absent (killed before the first save), or session A
    // or B whole; the rerun ends with B.
    void killSessionSave() {
        const QString dir = path("kill-session");
        const QString file = QDir(dir).filePath("work.flicker-session");
        QDir().mkpath(dir);
        QCOMPARE(run(kWriter, {file, "a"}).exitCode, 0);
        const QByteArray a = contents(file);
        QCOMPARE(run(kWriter, {file, "b"}).exitCode, 0);
        const QByteArray b = contents(file);
        QVERIFY(a.size() > 1000000 && a != b);
        const QStringList loop{file, "loop", "16"};
        const Run whole = run(kWriter, loop);
        QCOMPARE(whole.exitCode, 0);
        QString problem;
        int written = 0;
        const Tally t = killRepeatedly(
            kWriter, loop, whole.ms, 31,
            [&](int k) {
                clearFolder(dir);
                if (k % 2) QFile::copy(m_oldModel, file); // something else was there before
            },
            [&](int k) -> QString {
                const QStringList left = entries(dir);
                if (left.isEmpty()) return k % 2 ? QStringLiteral("the old file is gone") : "";
                if (left != QStringList{"work.flicker-session"}) return "left: " + left.join(", ");
                const QByteArray now = contents(file);
                if (now == a || now == b) {
                    ++written;
                    return {};
                }
                if (k % 2 && now == contents(m_oldModel)) return {};
                return QStringLiteral("the session file is neither the old file nor a whole "
                                      "session (%1 bytes)")
                    .arg(now.size());
            },
            &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        qInfo("session save: %d kills tried, %d landed mid-run, %d left a whole new session",
              t.attempts, t.landed, written);
        QVERIFY2(t.landed >= kKills, qPrintable(QString::number(t.landed)));
        QCOMPARE(run(kWriter, loop).exitCode, 0);
        QCOMPARE(contents(file), b);
    }

    // The two writers every result goes through, on a disk that fills up. Regressions: through
    // QSaveFile's buffered write a full disk read "Unknown error", and reproduce's writer took a
    // short write for a whole one and committed a truncated file; a file past a file-size limit
    // (EFBIG) was called "the disk is full".
    void wholeFileWritesOnAFullDisk() {
        FullDisk disk(256 * 1024);
        if (!disk.ready()) QSKIP(qPrintable(disk.why()));
        const QString file = disk.path("result.json");
        const std::string big(200 * 1024, 'n');
        saveFileWhole(file.toStdString(), "the earlier result");
        QVERIFY(disk.leaveRoom(64 * 1024, 64 * 1024));
        QString message;
        disk.write([&] {
            try {
                saveFileWhole(file.toStdString(), big);
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Io);
                message = QString::fromStdString(e.what());
            }
        });
        QVERIFY2(message.contains(file) && message.contains(disk.reason()), qPrintable(message));
        if (disk.limitsFileSize())
            QVERIFY2(message.contains("file-size limit") && !message.contains("disk is full"),
                     qPrintable(message));
        QCOMPARE(contents(file), QByteArray("the earlier result"));
        // A set of files: the earlier set stays whole when the last one does not fit.
        const std::string dir = disk.path("set").toStdString();
        QVERIFY(QDir().mkpath(disk.path("set")));
        saveFilesTogether(dir, {{"a.csv", "old a"}, {"done.json", "old marker"}});
        message.clear();
        disk.write([&] {
            try {
                saveFilesTogether(dir, {{"a.csv", "new a"}, {"done.json", big}});
            } catch (const Error& e) {
                message = QString::fromStdString(e.what());
            }
        });
        QVERIFY2(message.contains(disk.path("set/done.json")) && message.contains(disk.reason()),
                 qPrintable(message));
        QCOMPARE(contents(disk.path("set/a.csv")), QByteArray("old a"));
        QCOMPARE(contents(disk.path("set/done.json")), QByteArray("old marker"));
        QCOMPARE(entries(disk.path("set")), (QStringList{"a.csv", "done.json"}));
        disk.makeRoom();
        saveFilesTogether(dir, {{"a.csv", "new a"}, {"done.json", "new marker"}});
        QCOMPARE(contents(disk.path("set/a.csv")), QByteArray("new a"));
        QCOMPARE(contents(disk.path("set/done.json")), QByteArray("new marker"));
    }

    // The checkpoint written over a good model on a disk that fills up; with room again, the
    // rerun writes the reference's model.
    void checkpointOnAFullDisk() {
        FullDisk disk(1 << 20);
        if (!disk.ready()) QSKIP(qPrintable(disk.why()));
        const QString target = disk.path("model.flicker");
        QVERIFY(QFile::copy(m_oldModel, target));
        QVERIFY(disk.leaveRoom(16 * 1024, 16 * 1024)); // less than a checkpoint
        const Run r = disk.run(kCli, trainArgs(1, target));
        QVERIFY(r.exitCode > 0);
        QVERIFY2(r.err.contains(target) && r.err.contains(disk.reason()), qPrintable(r.err));
        QCOMPARE(contents(target), contents(m_oldModel));
        QCOMPARE(FullDisk::entriesIn(disk.path()), QStringList{"model.flicker"});
        if (disk.limitsFileSize()) {
            // Regression: under a shell's `ulimit -f` (SIGXFSZ not ignored) the signal killed
            // flicker-cli mid-write, with no message of its own.
            const Run plain = disk.run(kCli, trainArgs(1, target), false);
            QCOMPARE(plain.exitCode, r.exitCode);
            QVERIFY2(plain.err.contains(target) && plain.err.contains(disk.reason()),
                     qPrintable(plain.err));
            QCOMPARE(contents(target), contents(m_oldModel));
        }
        disk.makeRoom();
        const Run rerun = disk.run(kCli, trainArgs(1, target));
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
        QCOMPARE(sameModel(target, m_model), QString());
    }

    // A study written over an earlier one on a disk that fills up: the earlier study stays
    // whole (its study.json and its own tables), nothing else is left; with room again, the
    // rerun writes the reference's study.
    void studyOnAFullDisk() {
        FullDisk disk(1 << 20);
        if (!disk.ready()) QSKIP(qPrintable(disk.why()));
        const QString dir = disk.path("study");
        QDir().mkpath(dir);
        copyFiles(m_oldStudy, dir, kStudyFiles);
        // Room for the new tables and companion but not for the new study.json (the largest
        // file, written last).
        const qint64 half = onDisk(QDir(m_study).filePath("study.json")) / 2;
        qint64 others = 0;
        for (const QString& name : kStudyFiles)
            if (name != QLatin1String("study.json")) others += onDisk(QDir(m_study).filePath(name));
        QVERIFY(disk.leaveRoom(others + half, half));
        const Run r = disk.run(kCli, studyArgs(5, dir));
        QVERIFY(r.exitCode > 0);
        QVERIFY2(r.err.contains(QDir(dir).filePath("study.json")) && r.err.contains(disk.reason()),
                 qPrintable(r.err));
        QCOMPARE(sameStudy(dir, m_oldStudy), QString());
        QCOMPARE(entries(dir), kStudyFiles);
        disk.makeRoom();
        const Run rerun = disk.run(kCli, studyArgs(5, dir));
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
        QCOMPARE(sameStudy(dir, m_study), QString());
    }

    // A sweep on a disk with room for its first point only: an error naming the second point's
    // file, the first point whole, the second not taken for done; with room again, the rerun
    // resumes the first point and its results equal the uninterrupted sweep's. Under a file-size
    // limit "room for the first point" is a limit between the two points' study.json (the
    // second's is the larger; every other file of the sweep is smaller still).
    void sweepOnAFullDisk() {
        FullDisk disk(4 << 20);
        if (!disk.ready()) QSKIP(qPrintable(disk.why()));
        const QString dir = disk.path("sweep");
        const QString first = QDir(m_sweep).filePath("h0002_seed1");
        const QString second = QDir(m_sweep).filePath("h0003_seed1");
        qint64 room = 3 * 4096; // plan.json, a claim and the output folder's probe
        for (const QString& name : entries(first))
            room += onDisk(QDir(first).filePath(name));
        // study.json names its model by path: here the sweep's folder is another one.
        const qint64 pathDelta =
            contents(QDir(first).filePath("study.json")).count(m_sweep.toUtf8()) *
            (dir.toUtf8().size() - m_sweep.toUtf8().size());
        const qint64 small = QFileInfo(QDir(first).filePath("study.json")).size() + pathDelta;
        const qint64 large = QFileInfo(QDir(second).filePath("study.json")).size() + pathDelta;
        const qint64 limit = (small + large) / 2;
        QVERIFY2(large - small >= 64, qPrintable(QString::number(large - small)));
        for (const QString& name : entries(m_sweep) + entries(first) + entries(second))
            if (name != "study.json" && !name.startsWith("h000"))
                for (const QString& folder : {m_sweep, first, second})
                    if (QFile::exists(QDir(folder).filePath(name)))
                        QVERIFY2(QFileInfo(QDir(folder).filePath(name)).size() < limit - 1024,
                                 qPrintable(name));
        QVERIFY(disk.leaveRoom(room + 16 * 1024, limit));
        const Run r = disk.run(kCli, sweepArgs(dir));
        QVERIFY(r.exitCode > 0);
        QVERIFY2(r.err.contains(QDir(dir).filePath("h0003_seed1")) && r.err.contains(disk.reason()),
                 qPrintable(r.err));
        QCOMPARE(sameStudy(QDir(dir).filePath("h0002_seed1"), first), QString());
        QVERIFY(!QFile::exists(QDir(dir).filePath("h0003_seed1/study.json")));
        QVERIFY(!QFile::exists(QDir(dir).filePath("sweep.json")));
        disk.makeRoom();
        const Run rerun = disk.run(kCli, sweepArgs(dir));
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.err));
        QVERIFY2(rerun.err.contains("found on disk"), qPrintable(rerun.err));
        QCOMPARE(contents(QDir(dir).filePath("sweep.csv")),
                 contents(QDir(m_sweep).filePath("sweep.csv")));
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
