// The capacity sweep page: a small sweep (two tiny sizes) is cancelled after its first point,
// the finished point stays on disk, and starting again resumes to completion; the figure and
// the exported table hold the points.
#include "curve_plot.h"
#include "error.h"
#include "io/study_io.h"
#include "job_runner.h"
#include "support/small_model.h"
#include "sweep/sweep_page.h"
#include "sweep_plot.h"
#include "text/demo_corpus.h"
#include "workspace.h"

#include <QComboBox>
#include <qcustomplot.h>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
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
        // The second point is large (H = 256, about a second to train here, more under the
        // sanitizers) so that the cancel, sent once the first point is seen, lands inside it:
        // a tiny second point trained and saved within one poll of QTRY (seen on CI machines).
        page.sizesEdit()->setText(QStringLiteral("2, 256"));
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
        QVERIFY(page.stateOf(256, 1) != QStringLiteral("done"));
        QVERIFY(
            QFile::exists(QDir(dir.path()).filePath(QStringLiteral("h0002_seed1/model.flicker"))));
        QVERIFY(
            !QFile::exists(QDir(dir.path()).filePath(QStringLiteral("h0256_seed1/model.flicker"))));

        finished.clear();
        page.startSweep(); // the same folder: resumes
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        QCOMPARE(finished.front().at(1).toBool(), false);
        QCOMPARE(page.stateOf(2, 1), QStringLiteral("done (from disk)"));
        QCOMPARE(page.stateOf(256, 1), QStringLiteral("done"));
        QCOMPARE(page.finishedPoints().size(), std::size_t(2));
        QVERIFY(page.finishedPoints()[0].resumed); // read back from the folder
        // The figure: one point per size, β(h) the mean of the studied reviews.
        const auto& points = page.sweepPlot()->points();
        QCOMPARE(points.size(), std::size_t(2));
        QCOMPARE(points[0].hidden, 2);
        QCOMPARE(points[1].hidden, 256);
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
        QVERIFY(text.contains("\"hidden\": 256") || text.contains("\"hidden\":256"));
        QVERIFY(text.contains("provenance"));
    }

    // A noise sweep from the page: one tiny network per SD, trained with noise on h; the table
    // names each point by its SD, and the second figure fills with β(h), the PR of h and the
    // accuracy against the SD; the exported table carries the noise.
    void noiseSweepFillsItsFigure() {
        Workspace workspace;
        workspace.setCorpus(std::make_shared<const Corpus>(test::smallDemoCorpus(200)));
        JobRunner jobs;
        SweepPage page(&workspace, &jobs);
        page.resize(1400, 900);
        page.show();
        QTemporaryDir dir;
        page.sizesEdit()->setText(QStringLiteral("3"));
        page.noiseEdit()->setText(QStringLiteral("0, 0.3"));
        page.noiseOnCombo()->setCurrentIndex(
            page.noiseOnCombo()->findData(QStringLiteral("hidden")));
        page.epochsSpin()->setValue(1);
        page.reviewsSpin()->setValue(2);
        page.folderEdit()->setText(dir.path());
        QSignalSpy finished(&page, &SweepPage::sweepFinished);
        page.startSweep();
        QCOMPARE(page.pointsTable()->rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 240000);
        QVERIFY2(finished.front().at(0).toString().isEmpty(),
                 qPrintable(finished.front().at(0).toString()));
        QCOMPARE(page.stateOf(3, 1, 0.0), QStringLiteral("done"));
        QCOMPARE(page.stateOf(3, 1, 0.3), QStringLiteral("done"));
        QVERIFY(QFile::exists(
            QDir(dir.path()).filePath(QStringLiteral("h0003_hidden0.3_seed1/model.flicker"))));
        QCOMPARE(page.finishedPoints()[1].hiddenNoise, 0.3);

        const CurvePlot* plot = page.noisePlot();
        QCOMPARE(plot->curves().size(), std::size_t(3)); // β(h), PR(h), accuracy
        QCOMPARE(plot->pointCount(), 6);                 // two SDs each
        QCOMPARE(plot->curves()[0].x, (std::vector<double>{0.0, 0.3}));
        QVERIFY(std::abs(plot->curves()[0].y[1] -
                         page.finishedPoints()[1].study.summary.at("h").beta.mean) < 1e-12);
        QCOMPARE(plot->curves()[1].y[1], page.finishedPoints()[1].study.prStepMean);
        QCOMPARE(plot->curves()[2].y[1], page.finishedPoints()[1].testAccuracy);
        QVERIFY(plot->plot()->xAxis->label().simplified().contains(QStringLiteral("SD")));
        // A label may break into lines where its axis is short (plot_style fitAxisLabels).
        QVERIFY(plot->plot()->yAxis2->label().simplified().contains(
            QStringLiteral("participation ratio")));
        QVERIFY(plot->dataCsv().startsWith(QStringLiteral("curve,x,y,error\n")));
        QVERIFY(page.figures().contains(page.noisePlot()));
        // The capacity figure keeps the noise-free network only.
        QCOMPARE(page.sweepPlot()->points().size(), std::size_t(1));
        QVERIFY(std::abs(page.sweepPlot()->points()[0].betaMean -
                         page.finishedPoints()[0].study.summary.at("h").beta.mean) < 1e-12);
        QVERIFY(plot->provenance().contains(QStringLiteral("training noise SD 0, 0.3 on hidden")));

        QTemporaryDir out;
        QString error;
        QVERIFY2(page.exportTable(out.path(), &error), qPrintable(error));
        QFile json(QDir(out.path()).filePath(QStringLiteral("sweep.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray text = json.readAll();
        QVERIFY(text.contains("\"hidden_noise\": 0.3"));
        QVERIFY(text.contains("\"pr_step_mean\""));

        page.noiseEdit()->setText(QStringLiteral("0.1, loud"));
        try {
            page.settingsFromControls();
            QFAIL("a bad noise SD was accepted");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("loud")));
        }
        const SweepPage::State state = page.state();
        QCOMPARE(state.noise, QStringLiteral("0.1, loud"));
        QCOMPARE(state.noiseOn, QStringLiteral("hidden"));
    }

    // Issue 15: the page (and classroom step 4) shows the shipped precomputed sweep at once,
    // labelled as such with where it came from; "Run it live" starts the real run.
    void showsThePrecomputedExampleAtOnce() {
        const QString dir = shippedExampleSweepDir();
        QVERIFY2(!dir.isEmpty(), "the build tree has share/flicker/sweeps/demo-capacity");
        const SweepResult shipped =
            readSweep(QDir(dir).filePath(QStringLiteral("sweep.json")).toStdString());
        QVERIFY(shipped.points.size() >= 5);

        Workspace workspace;
        workspace.setCorpus(std::make_shared<const Corpus>(test::smallDemoCorpus(200)));
        JobRunner jobs;
        SweepPage page(&workspace, &jobs);
        QVERIFY(page.showsLoadedSweep());
        QVERIFY(page.finishedPoints().empty()); // nothing was run here
        QVERIFY(page.loadedLabel()->text().contains(QStringLiteral("Precomputed example")));
        QVERIFY(page.loadedLabel()->text().contains(QStringLiteral("not run on this computer")));
        QVERIFY(page.loadedLabel()->text().contains(QStringLiteral("commit ")));
        QVERIFY(page.loadedLabel()->text().contains(QStringLiteral("README.md")));
        QVERIFY(page.sweepPlot()->subtitle().contains(QStringLiteral("precomputed example")));
        QVERIFY(page.sweepPlot()->provenance().contains(QStringLiteral("flicker-cli sweep")));
        QVERIFY(!page.runLiveButton()->isHidden());

        // The figure holds the shipped points: one per size, β(h) as in sweep.json.
        const std::vector<SweepPlotPoint>& shown = page.sweepPlot()->points();
        QCOMPARE(shown.size(), shipped.points.size());
        for (std::size_t k = 0; k < shown.size(); ++k) {
            const SweepPoint& p = shipped.points[k];
            QCOMPARE(shown[k].hidden, p.hidden);
            QVERIFY(std::abs(shown[k].betaMean - p.study.summary.at("h").beta.mean) < 1e-12);
            QVERIFY(std::abs(shown[k].betaSd - p.study.summary.at("h").beta.sd) < 1e-9);
            QCOMPARE(shown[k].accuracy, p.testAccuracy);
        }
        QCOMPARE(page.pointsTable()->rowCount(), int(shipped.points.size()));
        QCOMPARE(page.stateOf(shipped.points[0].hidden, 1), QStringLiteral("precomputed"));

        // Run it live: the example's settings, a real sweep in the chosen folder.
        QTemporaryDir folder;
        page.folderEdit()->setText(folder.path());
        QSignalSpy finished(&page, &SweepPage::sweepFinished);
        page.runLiveButton()->click();
        QVERIFY(page.isRunning());
        QVERIFY(!page.showsLoadedSweep());
        QVERIFY(page.loadedLabel()->text().isEmpty());
        QCOMPARE(page.stateOf(shipped.points[0].hidden, 1), QStringLiteral("queued"));
        QCOMPARE(page.pointsTable()->rowCount(), int(shipped.points.size()));
        QVERIFY(page.sweepPlot()->points().empty());
        QCOMPARE(page.epochsSpin()->value(), 3);
        page.cancelSweep();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);

        QString error;
        QVERIFY(!page.loadSweep(folder.filePath(QStringLiteral("missing.json")), &error));
        QVERIFY(error.contains(QStringLiteral("missing.json")));
        QVERIFY(page.loadSweep(QDir(dir).filePath(QStringLiteral("sweep.json")), &error));
        QVERIFY(page.loadedLabel()->text().contains(QStringLiteral("Loaded results")));
        QCOMPARE(page.stateOf(shipped.points[0].hidden, 1), QStringLiteral("loaded"));
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
