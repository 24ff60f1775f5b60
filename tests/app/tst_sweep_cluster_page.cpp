// The capacity sweep page on a real single-node SLURM (tests/support/slurm-cluster.sh): "Run on:
// SLURM cluster" submits the sweep with flicker-cli, the page follows the points from the folder
// until β(h) of both sizes is plotted; a second sweep is cancelled from the page (scancel after
// the question is answered), its missing points are offered for resubmission and complete; a
// new page opening the folder later shows the finished sweep. Label "slurm".
#include "job_runner.h"
#include "sweep/sweep_page.h"
#include "sweep_plot.h"
#include "text/demo_corpus.h"
#include "workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <unistd.h>

using namespace flicker;

namespace {
int runProgram(const QString& program, const QStringList& args, QString* err = nullptr) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000)) return -1;
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitCode();
}
} // namespace

class TestSweepClusterPage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_cluster;
    std::shared_ptr<const Corpus> m_corpus;

    void configure(SweepPage& page, const QString& sizes, const QString& folder) {
        page.setClusterAvailable(true);
        page.setClusterMode(true);
        page.sizesEdit()->setText(sizes);
        page.seedsEdit()->setText(QStringLiteral("1"));
        page.epochsSpin()->setValue(1);
        page.reviewsSpin()->setValue(2);
        page.cpusSpin()->setValue(1);
        page.folderEdit()->setText(folder);
    }

private slots:
    void initTestCase() {
        m_cluster = m_dir.filePath(QStringLiteral("cluster"));
        qputenv("FLICKER_SLURM_PORT", QByteArray::number(21000 + (::getpid() % 9000) * 2));
        QString err;
        QVERIFY2(
            runProgram(QStringLiteral("bash"),
                       {QStringLiteral(FLICKER_SLURM_FIXTURE), QStringLiteral("start"), m_cluster},
                       &err) == 0,
            qPrintable(QStringLiteral("the test cluster did not start: ") + err));
        qputenv("SLURM_CONF", QDir(m_cluster).filePath(QStringLiteral("slurm.conf")).toUtf8());
        // The demo corpus the workers rebuild from --data demo --demo-reviews 300.
        DemoCorpusSettings demo;
        demo.trainCount = demo.testCount = 300;
        m_corpus = std::make_shared<const Corpus>(generateDemoCorpus(demo));
    }

    void cleanupTestCase() {
        runProgram(QStringLiteral("bash"),
                   {QStringLiteral(FLICKER_SLURM_FIXTURE), QStringLiteral("stop"), m_cluster});
    }

    void submitFollowAndPlot() {
        Workspace workspace;
        workspace.setCorpus(m_corpus);
        JobRunner jobs;
        SweepPage page(&workspace, &jobs);
        const QString folder = m_dir.filePath(QStringLiteral("page-sweep"));
        configure(page, QStringLiteral("2, 3"), folder);
        QCOMPARE(page.runOnCombo()->currentIndex(), 1);
        page.startSweep();
        QCOMPARE(page.pointsTable()->rowCount(), 2);
        QVERIFY(page.isFollowing());
        QTRY_VERIFY_WITH_TIMEOUT(page.finishedPoints().size() == 2, 300000);
        QCOMPARE(page.sweepPlot()->points().size(), std::size_t(2));
        QCOMPARE(page.sweepPlot()->points()[0].hidden, 2);
        QTRY_VERIFY_WITH_TIMEOUT(page.stateLabel()->text().contains(QStringLiteral("complete")),
                                 60000);
        QVERIFY(page.stateLabel()->text().contains(QStringLiteral("2 of 2 points done")));

        // Reopened later (another page, as after a restart of the app): the state is shown.
        SweepPage later(&workspace, &jobs);
        QString error;
        QVERIFY2(later.openSweepFolder(folder, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(later.finishedPoints().size() == 2, 60000);
        QVERIFY(!later.resubmitButton()->isEnabled());
        QVERIFY(!later.openSweepFolder(m_dir.filePath(QStringLiteral("cluster")), &error));
        QVERIFY(error.contains(QStringLiteral("no sweep plan")));
    }

    void cancelFromThePageThenResubmit() {
        Workspace workspace;
        workspace.setCorpus(m_corpus);
        JobRunner jobs;
        SweepPage page(&workspace, &jobs);
        const QString folder = m_dir.filePath(QStringLiteral("page-cancel"));
        configure(page, QStringLiteral("2, 3, 4"), folder);
        page.startSweep();
        // Wait until SLURM knows the jobs, then cancel (answering the question with Yes).
        QTRY_VERIFY_WITH_TIMEOUT(page.stateLabel()->text().contains(QStringLiteral("SLURM job")),
                                 120000);
        QTimer::singleShot(300, [] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        page.cancelSweep();
        QTRY_VERIFY_WITH_TIMEOUT(page.resubmitButton()->isEnabled(), 120000);
        QVERIFY(page.stateLabel()->text().contains(QStringLiteral("missing")));
        const std::size_t before = page.finishedPoints().size();
        QVERIFY(before < 3);
        page.resubmitMissing();
        QTRY_VERIFY_WITH_TIMEOUT(page.finishedPoints().size() == 3, 300000);
        QTRY_VERIFY_WITH_TIMEOUT(page.stateLabel()->text().contains(QStringLiteral("complete")),
                                 60000);
    }
};

QTEST_MAIN(TestSweepClusterPage)
#include "tst_sweep_cluster_page.moc"
