// The app's job runner: typed results, the queued and the latest-wins policies, cancel,
// posted results before `done`, errors as messages, waitForAll.
#include "error.h"
#include "job_runner.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace flicker;

class TestJobRunner : public QObject {
    Q_OBJECT

private slots:
    void queuedRunsInOrderAndCancels() {
        JobRunner jobs;
        QStringList order;
        std::atomic<bool> started{false};
        jobs.start(
            QStringLiteral("long"),
            [&](const JobContext& c) {
                started = true;
                while (!c.stop.stop_requested())
                    QThread::msleep(1);
            },
            [&](const JobResult<void>& r) {
                order << (r.cancelled ? "long cancelled" : "long done");
            });
        jobs.start(
            QStringLiteral("short"),
            [&](const JobContext& c) { c.post([&] { order << QStringLiteral("posted"); }); },
            [&](const JobResult<void>& r) {
                order << (r.error.isEmpty() ? "short done" : r.error);
            });
        QCOMPARE(jobs.queued(), std::size_t(1));
        QTRY_VERIFY(started.load());
        jobs.cancel();
        QTRY_COMPARE(order.size(), 3);
        QCOMPARE(order, (QStringList{"long cancelled", "posted", "short done"}));
        jobs.start(
            QStringLiteral("failing"),
            [](const JobContext&) -> int { throw Error(ErrorCode::Io, "disk full"); },
            [&](const JobResult<int>& r) {
                QVERIFY(!r.value);
                order << r.error;
            });
        QTRY_COMPARE(order.size(), 4);
        QCOMPARE(order.back(), QStringLiteral("disk full"));
    }

    void typedResultsArriveAsValues() {
        JobRunner jobs;
        std::vector<int> squares;
        std::shared_ptr<const std::string> text;
        for (int k = 1; k <= 4; ++k)
            jobs.start(
                QStringLiteral("square"), [k](const JobContext&) { return k * k; },
                [&](const JobResult<int>& r) {
                    QVERIFY(r.ok());
                    squares.push_back(*r.value);
                });
        jobs.start(
            QStringLiteral("text"),
            [](const JobContext&) { return std::make_shared<const std::string>("a review"); },
            [&](const JobResult<std::shared_ptr<const std::string>>& r) { text = *r.value; });
        jobs.waitForAll();
        QCOMPARE(squares, (std::vector<int>{1, 4, 9, 16}));
        QVERIFY(text && *text == "a review");
        QVERIFY(!jobs.busy());
    }

    // Latest wins: while one job runs, newer ones replace each other; the running one is
    // stopped and reports cancelled; only the newest waiting one runs after it.
    void latestWinsStopsAndReplaces() {
        JobRunner jobs(JobRunner::Policy::LatestWins);
        QStringList ended;
        std::atomic<bool> started{false};
        auto slow = [&](const QString& name) {
            jobs.start(
                name,
                [&started, name](const JobContext& c) {
                    started = true;
                    while (!c.stop.stop_requested())
                        QThread::msleep(1);
                    return name;
                },
                [&ended](const JobResult<QString>& r) {
                    ended << (*r.value + (r.cancelled ? " cancelled" : " done"));
                });
        };
        slow(QStringLiteral("first"));
        QTRY_VERIFY(started.load());
        slow(QStringLiteral("second")); // stops "first", waits
        jobs.start(
            QStringLiteral("third"), [](const JobContext&) { return QStringLiteral("third"); },
            [&ended](const JobResult<QString>& r) {
                ended << (*r.value + (r.cancelled ? " cancelled" : " done"));
            }); // replaces "second" before it ever ran
        QCOMPARE(jobs.queued(), std::size_t(1));
        jobs.waitForAll();
        QCOMPARE(ended, (QStringList{"first cancelled", "third done"}));
    }

    void progressReachesTheStatusBar() {
        JobRunner jobs;
        QSignalSpy progress(&jobs, &JobRunner::progressChanged);
        QSignalSpy finished(&jobs, &JobRunner::jobFinished);
        jobs.start(
            QStringLiteral("counting"),
            [](const JobContext& c) {
                c.progress(Progress{"counting", 1, 4, "one of four"});
            },
            [](const JobResult<void>&) {});
        QTRY_COMPARE(finished.count(), 1);
        bool seen = false;
        for (const auto& args : progress)
            seen =
                seen || (args.at(0).toDouble() == 0.25 && args.at(1).toString() == "one of four");
        QVERIFY(seen);
        QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("counting"));
    }
};

QTEST_MAIN(TestJobRunner)
#include "tst_job_runner.moc"
