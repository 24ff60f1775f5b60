// Sweeps through a real SLURM: a single-node cluster (munge, slurmctld, slurmd from Debian) is
// started in a temporary folder by tests/support/slurm-cluster.sh, and flicker-cli submits to it
// with sbatch as it would on an institute's cluster. Tested: a 3-point tiny sweep submitted as a
// job array runs to completion and is collected, with the same numbers as the same sweep run on
// this computer; one array task cancelled with scancel is reported and --resubmit completes it;
// a worker killed mid-point leaves no result, a worker stopped by SIGTERM releases its claim, and
// the next worker finishes the point; a folder reused with other settings is refused naming the
// difference, and --restart starts again. Label "slurm" (ctest -L slurm runs these alone).
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <csignal>
#include <unistd.h>

namespace {
struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runProgram(const QString& program, const QStringList& args, int timeoutMs = 600000) {
    QProcess p;
    p.start(program, args);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) { // a cap for a loaded machine, not a timing
        p.kill();
        p.waitForFinished();
        return {-1, QString(), program + QStringLiteral(" did not finish in time")};
    }
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

Run runCli(const QStringList& args) {
    return runProgram(QStringLiteral(FLICKER_CLI_PATH), args);
}

// The tiny sweep every test uses: 3 sizes, 1 epoch on 300 + 300 demo reviews.
QStringList tinySweep(const QString& out, const QStringList& hidden = {"2,4,8"}) {
    return {"sweep",       "--data",
            "demo",        "--demo-reviews",
            "300",         "--hidden",
            hidden.at(0),  "--epochs",
            "1",           "--reviews",
            "5",           "--steps",
            "100",         "--no-controls",
            "--embedding", "8",
            "--out",       out};
}

QJsonArray statusPoints(const QString& dir) {
    const Run r = runCli({"sweep-status", dir, "--json"});
    return QJsonDocument::fromJson(r.out.toUtf8()).object()["points"].toArray();
}

QStringList states(const QString& dir) {
    QStringList list;
    for (const QJsonValue v : statusPoints(dir))
        list << v.toObject()["state"].toString();
    return list;
}

// Waits until the cluster's queue is empty (every job of this test ended).
bool queueEmpties(int timeoutMs = 300000) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const Run r = runProgram("squeue", {"-h", "-o", "%i"}, 30000);
        if (r.exitCode == 0 && r.out.trimmed().isEmpty()) return true;
        QThread::msleep(500);
    }
    return false;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestClusterSweep : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_cluster;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_cluster = m_dir.filePath("cluster");
        // A port of this run's own, so that two suites (Release, sanitizers) never meet.
        qputenv("FLICKER_SLURM_PORT", QByteArray::number(20000 + (::getpid() % 10000) * 2));
        const Run start = runProgram("bash", {FLICKER_SLURM_FIXTURE, "start", m_cluster}, 120000);
        QVERIFY2(start.exitCode == 0,
                 qPrintable("the test cluster did not start (needs the Debian packages munge, "
                            "slurmctld, slurmd, slurm-client): " +
                            start.err));
        qputenv("SLURM_CONF", QDir(m_cluster).filePath("slurm.conf").toUtf8());
        const Run info = runProgram("sinfo", {"-h", "-o", "%T"}, 30000);
        QCOMPARE(info.out.trimmed(), QStringLiteral("idle"));
    }

    void cleanupTestCase() {
        runProgram("bash", {FLICKER_SLURM_FIXTURE, "stop", m_cluster}, 60000);
    }

    void dryRunSubmitsNothing() {
        const QString dir = m_dir.filePath("dry");
        const Run r = runCli(tinySweep(dir) << "--slurm"
                                            << "--dry-run"
                                            << "--max-parallel"
                                            << "2"
                                            << "--time"
                                            << "00:10:00");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("would submit 3 point(s) (0,1,2)"));
        QVERIFY(r.out.contains("#SBATCH --array=0,1,2%2"));
        QVERIFY(r.out.contains("#SBATCH --time=00:10:00"));
        QVERIFY(r.out.contains("sweep-point " + dir + " --index \"$SLURM_ARRAY_TASK_ID\""));
        QVERIFY(r.out.contains("sweep-collect " + dir));
        QVERIFY(!QDir(dir).exists()); // nothing written
        QVERIFY(queueEmpties(30000));
    }

    void arraySweepRunsAndIsCollectedLikeALocalOne() {
        const QString dir = m_dir.filePath("cluster-sweep");
        const Run submit = runCli(tinySweep(dir) << "--slurm"
                                                 << "--cpus-per-task"
                                                 << "1");
        QVERIFY2(submit.exitCode == 0, qPrintable(submit.err));
        QVERIFY2(submit.out.contains("submitted 3 point(s) (0,1,2) as SLURM array job"),
                 qPrintable(submit.out));
        QVERIFY(QFile::exists(dir + "/slurm/sweep-array.sh"));
        QVERIFY(QFile::exists(dir + "/slurm/collect.sh"));
        QVERIFY(queueEmpties());
        QCOMPARE(states(dir), (QStringList{"done", "done", "done"}));
        // The collecting job ran after the array and wrote the sweep.
        const QJsonObject sweep = QJsonDocument::fromJson(readAll(dir + "/sweep.json")).object();
        QCOMPARE(sweep["points"].toArray().size(), 3);
        QVERIFY(readAll(dir + "/slurm/collect.log").contains("3 of 3 point(s) collected"));
        // Each task used the one CPU it was given.
        QVERIFY(readAll(dir + "/slurm/point-0.log").contains("SLURM_CPUS_PER_TASK: 1 thread(s)"));

        // The same sweep on this computer, one thread like the tasks: the same numbers.
        const QString local = m_dir.filePath("local-sweep");
        const Run run = runCli(tinySweep(local) << "--threads"
                                                << "1");
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QList<QByteArray> a = readAll(dir + "/sweep.csv").split('\n');
        const QList<QByteArray> b = readAll(local + "/sweep.csv").split('\n');
        QCOMPARE(a.size(), b.size());
        QVERIFY(a.size() > 3);
        for (int i = 0; i < a.size(); ++i)
            QCOMPARE(a[i], b[i]);

        // Submitting again finds nothing to do.
        const Run again = runCli(tinySweep(dir) << "--slurm");
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY(again.out.contains("nothing to submit"));
    }

    void cancelledTaskIsResubmitted() {
        const QString dir = m_dir.filePath("cancelled");
        // One task at a time, so that the last one is still waiting when it is cancelled.
        const Run submit = runCli(tinySweep(dir) << "--slurm"
                                                 << "--max-parallel"
                                                 << "1"
                                                 << "--cpus-per-task"
                                                 << "1");
        QVERIFY2(submit.exitCode == 0, qPrintable(submit.err));
        const QJsonObject plan = QJsonDocument::fromJson(readAll(dir + "/plan.json")).object();
        const QString job = plan["slurm"].toObject()["jobs"].toArray().at(0).toString();
        QVERIFY(!job.isEmpty());
        const Run cancel = runProgram("scancel", {job + "_2"}, 30000);
        QVERIFY2(cancel.exitCode == 0, qPrintable(cancel.err));
        QVERIFY(queueEmpties());
        const QStringList after = states(dir);
        QCOMPARE(after.mid(0, 2), (QStringList{"done", "done"}));
        QVERIFY2(after[2] == "not started" || after[2] == "failed", qPrintable(after[2]));
        // The collecting job still ran (afterany) and said what is missing.
        const QByteArray collect = readAll(dir + "/slurm/collect.log");
        QVERIFY(collect.contains("2 of 3 point(s) collected"));
        QVERIFY(collect.contains("missing: 2 (H = 8, seed 1)"));

        const Run resubmit = runCli({"sweep-status", dir, "--resubmit"});
        QVERIFY2(resubmit.exitCode == 0, qPrintable(resubmit.err));
        QVERIFY2(resubmit.out.contains("submitted 1 point(s) (2)"), qPrintable(resubmit.out));
        QVERIFY(queueEmpties());
        QCOMPARE(states(dir), (QStringList{"done", "done", "done"}));
        const QJsonObject sweep = QJsonDocument::fromJson(readAll(dir + "/sweep.json")).object();
        QCOMPARE(sweep["points"].toArray().size(), 3);
    }

    void killedWorkerLeavesNoResultAndStoppedWorkerReleasesItsClaim() {
        const QString dir = m_dir.filePath("killed");
        // A plan with one longer point (3 epochs on 2,000 reviews), run by hand as a task would.
        const Run plan = runCli({"sweep", "--data", "demo", "--demo-reviews", "2000", "--hidden",
                                 "32", "--epochs", "3", "--reviews", "5", "--steps", "100",
                                 "--no-controls", "--out", dir, "--slurm", "--dry-run"});
        QVERIFY2(plan.exitCode == 0, qPrintable(plan.err));
        // --dry-run writes nothing: write the plan as a local run would, then stop that run.
        QProcess planner;
        planner.start(FLICKER_CLI_PATH,
                      {"sweep", "--data", "demo", "--demo-reviews", "2000", "--hidden", "32",
                       "--epochs", "3", "--reviews", "5", "--steps", "100", "--no-controls",
                       "--threads", "1", "--out", dir});
        QVERIFY(planner.waitForStarted());
        QElapsedTimer t;
        t.start();
        while (!QFile::exists(dir + "/h0032_seed1/claim.lock") && t.elapsed() < 120000)
            QThread::msleep(50);
        QVERIFY(QFile::exists(dir + "/h0032_seed1/claim.lock"));
        QThread::msleep(500);
        ::kill(pid_t(planner.processId()), SIGKILL); // killed mid-point
        planner.waitForFinished();
        QVERIFY(QFile::exists(dir + "/plan.json"));
        QVERIFY(!QFile::exists(dir + "/h0032_seed1/study.json"));
        QVERIFY(!QFile::exists(dir + "/h0032_seed1/model.flicker"));
        QVERIFY(QFile::exists(dir + "/h0032_seed1/claim.lock")); // the dead worker's, stale
        QCOMPARE(states(dir), QStringList{"not started"});

        // A worker stopped by SIGTERM (scancel, a time limit) stops within a batch, keeps
        // nothing and releases its claim (the stale one of the killed worker is taken over).
        QProcess worker;
        worker.start(FLICKER_CLI_PATH, {"sweep-point", dir, "--index", "0", "--threads", "1"});
        QVERIFY(worker.waitForStarted());
        t.restart();
        QByteArray err;
        while (!err.contains("training") && t.elapsed() < 120000) {
            worker.waitForReadyRead(200);
            err += worker.readAllStandardError();
        }
        QVERIFY2(err.contains("training"), err.constData());
        ::kill(pid_t(worker.processId()), SIGTERM);
        QVERIFY(worker.waitForFinished(120000));
        err += worker.readAllStandardError();
        QCOMPARE(worker.exitCode(), 1);
        QVERIFY2(err.contains("stopped by signal 15"), err.constData());
        QVERIFY(!QFile::exists(dir + "/h0032_seed1/claim.lock"));
        QVERIFY(!QFile::exists(dir + "/h0032_seed1/study.json"));

        // The next worker finishes it.
        const Run finish = runCli({"sweep-point", dir, "--index", "0", "--threads", "2"});
        QVERIFY2(finish.exitCode == 0, qPrintable(finish.err));
        QVERIFY(finish.out.contains("point 0 (H = 32, seed 1) done"));
        QCOMPARE(states(dir), QStringList{"done"});
        QVERIFY(!QFile::exists(dir + "/h0032_seed1/claim.lock"));
    }

    void otherSettingsAreRefusedUntilRestart() {
        const QString dir = m_dir.filePath("mismatch");
        Run first = runCli(tinySweep(dir, {"2,4"}) << "--threads"
                                                   << "1");
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QStringList other = tinySweep(dir, {"2,4"});
        other[other.indexOf("--epochs") + 1] = "2";
        const Run refused = runCli(other);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("epochs: 1 there, 2 here"), qPrintable(refused.err));
        QVERIFY(refused.err.contains("--restart"));
        QVERIFY(QFile::exists(dir + "/h0002_seed1/study.json")); // nothing lost
        // Another data set is named too.
        QStringList data = tinySweep(dir, {"2,4"});
        data[data.indexOf("--demo-reviews") + 1] = "301";
        const Run otherData = runCli(data);
        QCOMPARE(otherData.exitCode, 2);
        QVERIFY2(otherData.err.contains("data set:"), qPrintable(otherData.err));
        // The same for the cluster path, before anything is submitted.
        const Run refusedSlurm = runCli(QStringList(other) << "--slurm");
        QCOMPARE(refusedSlurm.exitCode, 2);
        // --restart removes the old points and runs the new plan.
        const Run restart = runCli(QStringList(other) << "--restart"
                                                      << "--threads"
                                                      << "1");
        QVERIFY2(restart.exitCode == 0, qPrintable(restart.err));
        QVERIFY(restart.err.contains("--restart: removed 2 point folder(s)"));
        const QJsonObject plan = QJsonDocument::fromJson(readAll(dir + "/plan.json")).object();
        QCOMPARE(plan["settings"].toObject()["epochs"].toString(), QStringLiteral("2"));
        // A worker refuses a plan whose points were edited by hand.
        QJsonObject edited = plan;
        QJsonArray points = edited["points"].toArray();
        QJsonObject p0 = points[0].toObject();
        p0["folder"] = "../elsewhere";
        points[0] = p0;
        edited["points"] = points;
        QFile f(dir + "/plan.json");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(edited).toJson());
        f.close();
        const Run bad = runCli({"sweep-point", dir, "--index", "0"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("not a plain folder name"), qPrintable(bad.err));
    }
};

QTEST_GUILESS_MAIN(TestClusterSweep)
#include "tst_cluster_sweep.moc"
