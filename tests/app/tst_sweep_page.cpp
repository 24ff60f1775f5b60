// The capacity sweep page: a small sweep (two tiny sizes) is cancelled after its first point,
// the finished point stays on disk, and starting again resumes to completion; the figure and
// the exported table hold the points.
#include "error.h"
#include "job_runner.h"
#include "support/small_model.h"
#include "sweep/sweep_page.h"
#include "sweep_plot.h"
#include "text/demo_corpus.h"
#include "workspace.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace flicker;

class TestSweepPage : public QObject {
    Q_OBJECT

private slots:
    void cancelAfterTheFirstPointThenResume() {
        Workspace workspace;
        workspace.setCorpus(std::make_shared<const Corpus>(test::smallDemoCorpus(200)));
        JobRunner jobs;
        SweepPage page(&workspace, &jobs);
        QTemporaryDir dir;
        page.sizesEdit()->setText(QStringLiteral("2, 3"));
        page.seedsEdit()->setText(QStringLiteral("1"));
        page.epochsSpin()->setValue(1);
        page.reviewsSpin()->setValue(2);
        page.folderEdit()->setText(dir.path());

        QSignalSpy finished(&page, &SweepPage::sweepFinished);
        page.startSweep();
        QVERIFY(page.isRunning());
        QCOMPARE(page.pointsTable()->rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(page.finishedPoints().size() == 1, 120000);
        page.cancelSweep();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        QCOMPARE(finished.front().at(1).toBool(), true); // cancelled
        QCOMPARE(page.stateOf(2, 1), QStringLiteral("done"));
        QVERIFY(page.stateOf(3, 1) != QStringLiteral("done"));
        QVERIFY(
            QFile::exists(QDir(dir.path()).filePath(QStringLiteral("h0002_seed1/model.flicker"))));
        QVERIFY(
            !QFile::exists(QDir(dir.path()).filePath(QStringLiteral("h0003_seed1/model.flicker"))));

        finished.clear();
        page.startSweep(); // the same folder: resumes
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        QCOMPARE(finished.front().at(1).toBool(), false);
        QCOMPARE(page.stateOf(2, 1), QStringLiteral("done (from disk)"));
        QCOMPARE(page.stateOf(3, 1), QStringLiteral("done"));
        QCOMPARE(page.finishedPoints().size(), std::size_t(2));
        QVERIFY(page.finishedPoints()[0].resumed); // read back from the folder
        // The figure: one point per size, β(h) the mean of the studied reviews.
        const auto& points = page.sweepPlot()->points();
        QCOMPARE(points.size(), std::size_t(2));
        QCOMPARE(points[0].hidden, 2);
        QCOMPARE(points[1].hidden, 3);
        const SweepPoint& second = page.finishedPoints()[1];
        QVERIFY(std::abs(points[1].betaMean - second.study.summary.at("h").beta.mean) < 1e-12);
        QCOMPARE(points[1].reviews, 2);
        QVERIFY(page.sweepPlot()->dataCsv().startsWith(QStringLiteral("cells,beta_mean")));

        QTemporaryDir out;
        QString error;
        QVERIFY2(page.exportTable(out.path(), &error), qPrintable(error));
        QFile json(QDir(out.path()).filePath(QStringLiteral("sweep.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray text = json.readAll();
        QVERIFY(text.contains("\"hidden\": 3") || text.contains("\"hidden\":3"));
        QVERIFY(text.contains("provenance"));
    }

    void badSizesSayWhatIsWrong() {
        Workspace workspace;
        JobRunner jobs;
        SweepPage page(&workspace, &jobs);
        page.sizesEdit()->setText(QStringLiteral("4, lots"));
        QVERIFY_THROWS_EXCEPTION(Error, page.settingsFromControls());
        try {
            page.settingsFromControls();
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("lots")));
        }
    }

    void thePresetFollowsTheSizes() {
        Workspace workspace;
        JobRunner jobs;
        SweepPage page(&workspace, &jobs);
        QComboBox* presets = page.presetCombo();
        QCOMPARE(presets->currentData().toString(), SweepPage::kPaperSizes);
        page.sizesEdit()->setText(QStringLiteral("4,16 ,  64")); // typed, other spacing
        QCOMPARE(presets->currentData().toString(), SweepPage::kQuickSizes);
        page.sizesEdit()->setText(QStringLiteral("4, 16, 64, 128"));
        QCOMPARE(presets->currentIndex(), presets->count() - 1); // "your own sizes"
        QVERIFY(presets->currentData().toString().isEmpty());
        // Choosing "your own sizes" keeps the typed list; choosing a preset replaces it.
        presets->activated(presets->count() - 1);
        QCOMPARE(page.sizesEdit()->text(), QStringLiteral("4, 16, 64, 128"));
        presets->setCurrentIndex(1);
        presets->activated(1);
        QCOMPARE(page.sizesEdit()->text(), SweepPage::kQuickSizes);
        page.setState({});
        QCOMPARE(presets->currentData().toString(), SweepPage::kPaperSizes);
    }
};

QTEST_MAIN(TestSweepPage)
#include "tst_sweep_page.moc"
