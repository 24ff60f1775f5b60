// Claims of sweep points (core/pipeline/point_claim): one worker per point, the holder named, a
// dead worker's claim taken over, a live one's never; the claim file goes when released.
#include "error.h"
#include "pipeline/point_claim.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/wait.h>
#include <unistd.h>

using namespace flicker;

class TestPointClaim : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string folder(const char* name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void secondClaimSeesTheFirstHolder() {
        const std::string f = folder("a");
        ClaimResult first = claimPoint(f, [](const ClaimHolder&) { return true; });
        QVERIFY(first.claim.held());
        QVERIFY(QFile::exists(QString::fromStdString(f + "/" + kClaimFile)));
        const auto holder = readClaim(f);
        QVERIFY(holder);
        QCOMPARE(holder->pid, long(::getpid()));
        QVERIFY(!holder->host.empty());
        QVERIFY(!holder->since.empty());

        ClaimResult second = claimPoint(f, [](const ClaimHolder&) { return true; });
        QVERIFY(!second.claim.held());
        QVERIFY(second.holder);
        QCOMPARE(second.holder->pid, long(::getpid()));
        QVERIFY(describeHolder(*second.holder).find("process " + std::to_string(::getpid())) !=
                std::string::npos);

        first.claim.release();
        QVERIFY(!QFile::exists(QString::fromStdString(f + "/" + kClaimFile)));
        ClaimResult third = claimPoint(f, [](const ClaimHolder&) { return true; });
        QVERIFY(third.claim.held());
        QVERIFY(!third.tookOverStale);
    }

    void staleClaimIsTakenOver() {
        const std::string f = folder("b");
        ClaimResult first = claimPoint(f);
        QVERIFY(first.claim.held());
        // The first worker "died": its file stays, the checker says it no longer runs.
        const std::string file = f + "/" + kClaimFile;
        const std::string copy = f + "/kept";
        QVERIFY(QFile::copy(QString::fromStdString(file), QString::fromStdString(copy)));
        first.claim.release();
        QVERIFY(QFile::rename(QString::fromStdString(copy), QString::fromStdString(file)));
        ClaimResult taken = claimPoint(f, [](const ClaimHolder&) { return false; });
        QVERIFY(taken.claim.held());
        QVERIFY(taken.tookOverStale);
        // No stale copies are left beside it.
        QCOMPARE(QDir(QString::fromStdString(f)).entryList(QDir::Files).size(), 1);
    }

    void deadProcessOnThisHostIsStale() {
        // A child that claims and exits without releasing (as a killed worker would).
        const std::string f = folder("c");
        const pid_t child = ::fork();
        if (child == 0) {
            ClaimResult r = claimPoint(f);
            // Leave the file behind: skip destructors.
            ::_exit(r.claim.held() ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        const auto holder = readClaim(f);
        QVERIFY(holder);
        QCOMPARE(holder->pid, long(child));
        QVERIFY(holder->job.empty() || !qEnvironmentVariableIsEmpty("SLURM_JOB_ID"));
        if (holder->job.empty()) {
            QVERIFY(!holderAlive(*holder)); // the process is gone
            ClaimResult taken = claimPoint(f);
            QVERIFY(taken.claim.held());
            QVERIFY(taken.tookOverStale);
        }
        // This process is alive.
        QVERIFY(holderAlive(thisWorker()) || !thisWorker().job.empty());
    }

    void unwritableFolderIsAnError() {
        if (::geteuid() == 0) {
            // root writes anywhere: a file where the folder should be still fails.
            const std::string f = folder("file");
            QFile block(QString::fromStdString(f));
            QVERIFY(block.open(QIODevice::WriteOnly));
            block.close();
            QVERIFY_THROWS_EXCEPTION(Error, claimPoint(f + "/point"));
            return;
        }
        const std::string f = folder("ro");
        QVERIFY(QDir().mkpath(QString::fromStdString(f)));
        QFile::setPermissions(QString::fromStdString(f), QFile::ReadOwner | QFile::ExeOwner);
        QVERIFY_THROWS_EXCEPTION(Error, claimPoint(f + "/point"));
    }
};

QTEST_GUILESS_MAIN(TestPointClaim)
#include "tst_point_claim.moc"
