// The Sparsity page on Qt's offscreen platform: a tiny sweep on an IDX folder the test writes
// fills the curves against the epoch and against σ (with the dashed published references), the
// receptive-field grid, the image triplets and the histograms; a cancel keeps the finished
// networks on disk and Run resumes them; the page's state survives a session's JSON, and a
// page opened on the folder shows its results again without training — read off the GUI
// thread, so the page answers while it loads, a newer folder replaces an older one mid-load
// and closing the page while it loads is safe.
#include "curve_plot.h"
#include "field_grid.h"
#include "job_runner.h"
#include "session.h"
#include "sparsity/sparsity_page.h"
#include "sparsity_plots.h"
#include "support/image_fixtures.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace flicker;

class TestSparsityPage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_data;
    QString m_wide, m_narrow; ///< folders of finished networks, for the loading tests

private slots:
    void initTestCase() {
        m_data = m_dir.filePath(QStringLiteral("idx"));
        const ImageData images = testing::syntheticData(300, 60);
        testing::writeIdxFolder(m_data, images);
        // Two result folders made by the core sweep (one epoch each): six networks, three of
        // them 2,000 units wide (6 MB of fields each), and a single network of width 12.
        SparsitySweepSettings wide;
        wide.base.epochs = 1;
        wide.base.batchSize = 64;
        wide.sigmas = {0, 0.3, 0.8};
        wide.widths = {8, 2000};
        wide.outDir = (m_wide = m_dir.filePath(QStringLiteral("wide"))).toStdString();
        QCOMPARE(runSparsitySweep(images, wide).value.points.size(), std::size_t(6));
        SparsitySweepSettings narrow = wide;
        narrow.sigmas = {0.5};
        narrow.widths = {12};
        narrow.outDir = (m_narrow = m_dir.filePath(QStringLiteral("narrow"))).toStdString();
        QCOMPARE(runSparsitySweep(images, narrow).value.points.size(), std::size_t(1));
    }

    void runCancelResume() {
        JobRunner jobs;
        SparsityPage page(&jobs);
        page.resize(1400, 900);
        page.show();
        const QString folder = m_dir.filePath(QStringLiteral("results"));
        SparsityPage::State s = page.state();
        s.data = m_data;
        s.sigmas = QStringLiteral("0, 0.8");
        // Widths outer: the two narrow networks train in a blink, the wide ones take seconds,
        // so the cancel at the first point always lands before the last.
        s.widths = QStringLiteral("16, 3000");
        s.epochs = 2;
        s.trainImages = 0;
        s.testImages = 0;
        s.folder = folder;
        page.setState(s);
        QVERIFY(page.finishedPoints().empty());

        QSignalSpy finished(&page, &SparsityPage::runFinished);
        const auto cancelAtFirst =
            connect(&page, &SparsityPage::pointFinished, &page, [&page](int index) {
                if (index == 0) page.cancelRun();
            });
        page.startRun();
        QVERIFY(page.isRunning());
        QCOMPARE(page.startButton()->text(), QStringLiteral("Cancel"));
        // The first network: its curve against the epoch and its fields fill in; then cancel.
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        QCOMPARE(finished.front().at(1).toBool(), true); // cancelled
        const std::size_t kept = page.finishedPoints().size();
        QVERIFY(kept >= 1 && kept <= 3);
        QVERIFY(page.stateLabel()->text().contains(QStringLiteral("Cancelled")));
        QVERIFY(QFile::exists(folder + "/w16_s0_seed1/point.json"));
        QVERIFY(!QFile::exists(folder + "/w3000_s0.8_seed1/point.json"));
        QVERIFY(!page.epochPlot()->curves().empty());
        QCOMPARE(page.epochPlot()->curves().front().x.size(), std::size_t(3)); // epochs 0, 1, 2
        QVERIFY(page.fieldsFigure()->hasImage());

        disconnect(cancelAtFirst);
        finished.clear();
        page.startRun(); // the same folder: resumes
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 240000);
        QCOMPARE(finished.front().at(1).toBool(), false);
        QVERIFY(finished.front().at(0).toString().isEmpty());
        QCOMPARE(page.finishedPoints().size(), std::size_t(4));
        for (std::size_t k = 0; k < kept; ++k)
            QVERIFY(page.finishedPoints()[k].resumed);
        QVERIFY(!page.finishedPoints().back().resumed);

        // Against σ: one solid line per width, then the three dashed published curves.
        const auto& lines = page.sigmaPlot()->curves();
        QCOMPARE(lines.size(), std::size_t(5));
        QVERIFY(!lines[0].reference && !lines[1].reference && !lines[0].dashed);
        QCOMPARE(lines[0].x, (std::vector<double>{0, 0.8}));
        QVERIFY(lines[2].reference && lines[2].name.contains(QStringLiteral("MNIST")));
        QVERIFY(lines[3].name.contains(QStringLiteral("other data")));
        QCOMPARE(page.sigmaPlot()->plot()->yAxis->range().upper, 1.05); // fractions: 0 … 1
        QCOMPARE(page.epochPlot()->curves().size(), std::size_t(4));
        QVERIFY(!page.sigmaPlot()->dataCsv().isEmpty());
        // The shown network: fields grid of the 100 most active of 3,000 units, triplets,
        // histograms.
        QCOMPARE(page.shownPoint(), 3);
        QVERIFY(page.fieldsFigure()->hasImage());
        QCOMPARE(page.fieldsFigure()->dataCsv().count('\n'), 101); // header + 100 units
        QVERIFY(page.tripletsFigure()->hasImage());
        QCOMPARE(page.biasHistogram()->counts().empty(), false);
        int units = 0;
        for (int c : page.normHistogram()->counts())
            units += c;
        QCOMPARE(units, 3000);
        int inputs = 0;
        for (int c : page.activeHistogram()->counts())
            inputs += c;
        QCOMPARE(inputs, 60); // one count per test image
        // Another point; zoom; order.
        page.showPoint(0);
        QCOMPARE(page.fieldsFigure()->dataCsv().count('\n'), 17);
        page.fieldsFigure()->setZoom(4);
        QCOMPARE(page.fieldsFigure()->zoom(), 4.0);
        // Every figure carries the settings in its provenance.
        for (PlotView* f : page.figures())
            QVERIFY(f->provenance().contains(QStringLiteral("σ 0, 0.8")));
        // Export of the field grid as PNG works like every other figure.
        const QString png = m_dir.filePath(QStringLiteral("fields.png"));
        QString error;
        QVERIFY2(page.fieldsFigure()->exportTo(png, &error), qPrintable(error));
        QVERIFY(QFile::exists(png));
    }

    void sessionKeepsSettingsAndResults() {
        JobRunner jobs;
        SparsityPage page(&jobs);
        SparsityPage::State s = page.state();
        s.data = m_data;
        s.sigmas = QStringLiteral("0, 0.8");
        s.widths = QStringLiteral("16, 3000");
        s.epochs = 2;
        s.sharedBias = true;
        s.annealHold = 1;
        s.annealRamp = 1;
        s.fieldZoom = 3;
        s.folder = m_dir.filePath(QStringLiteral("results"));
        SessionState session;
        session.sparsity = s;
        const SessionState back = sessionFromJson(sessionToJson(session), QStringLiteral("t"));
        QCOMPARE(back.sparsity.sigmas, s.sigmas);
        QCOMPARE(back.sparsity.sharedBias, true);
        QCOMPARE(back.sparsity.annealRamp, 1);
        QCOMPARE(back.sparsity.fieldZoom, 3);
        QCOMPARE(back.sparsity.folder, s.folder);
        // A session without the key keeps the page's defaults.
        SessionState old;
        QJsonObject root = QJsonDocument::fromJson(sessionToJson(old)).object();
        root.remove(QStringLiteral("sparsity"));
        QCOMPARE(
            sessionFromJson(QJsonDocument(root).toJson(), QStringLiteral("old")).sparsity.sigmas,
            SparsityPage::State{}.sigmas);
        // Restoring the state shows the folder's finished networks without training (read off
        // the GUI thread: they arrive a little later).
        page.setState(back.sparsity);
        QCOMPARE(page.state().sigmas, s.sigmas);
        QTRY_COMPARE_WITH_TIMEOUT(page.finishedPoints().size(), std::size_t(4), 60000);
        QVERIFY(!page.isLoading());
        QVERIFY(page.fieldsFigure()->hasImage());
        QCOMPARE(page.sigmaPlot()->curves().size(), std::size_t(5));
        QVERIFY(!page.isRunning());
    }

    // A session restored on a folder of six networks (three of them 2,000 units wide) fills the
    // page asynchronously: setState returns at once with the page loading and empty, an event
    // loop turn happens, then the networks arrive and every figure fills.
    void restoredSessionLoadsOffTheGuiThread() {
        JobRunner jobs;
        SparsityPage page(&jobs);
        SparsityPage::State s = page.state();
        s.folder = m_wide;
        QSignalSpy shown(&page, &SparsityPage::folderResultsShown);
        bool turned = false, turnedBeforeData = false;
        // Posted before the load starts, so it runs before anything the load posts back.
        QMetaObject::invokeMethod(
            &page, [&turned] { turned = true; }, Qt::QueuedConnection);
        connect(&page, &SparsityPage::folderResultsShown, &page,
                [&] { turnedBeforeData = turned; });
        page.setState(s);
        QVERIFY(page.isLoading());
        QVERIFY(page.finishedPoints().empty());
        QVERIFY(page.stateLabel()->text().contains(QStringLiteral("Loading")));
        QVERIFY(page.epochPlot()->curves().empty());
        QVERIFY(!page.fieldsFigure()->hasImage());
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, 60000);
        QVERIFY(turnedBeforeData); // the GUI thread went on while the folder was read
        QCOMPARE(shown.front().at(0).toInt(), 6);
        QVERIFY(!page.isLoading());
        QCOMPARE(page.finishedPoints().size(), std::size_t(6));
        QVERIFY(page.stateLabel()->text().contains(QStringLiteral("6 finished networks")));
        QCOMPARE(page.epochPlot()->curves().size(), std::size_t(6));
        QCOMPARE(page.sigmaPlot()->curves().size(), std::size_t(2 + 3)); // widths + published
        QCOMPARE(page.pointCombo()->count(), 6);
        QVERIFY(page.fieldsFigure()->hasImage());
        QVERIFY(page.tripletsFigure()->hasImage());
        QVERIFY(!page.normHistogram()->counts().empty());
        QTRY_VERIFY(!jobs.busy());
    }

    // A second load while one runs supersedes it: only the newest folder's networks are shown,
    // never a mixture, and loading the same folder twice does not show its networks twice.
    void folderReplacedMidLoadShowsOnlyTheNewest() {
        JobRunner jobs;
        SparsityPage page(&jobs);
        QSignalSpy shown(&page, &SparsityPage::folderResultsShown);
        SparsityPage::State s = page.state();
        s.folder = m_wide;
        page.setState(s); // six networks, three of them wide: still reading when replaced
        QVERIFY(page.isLoading());
        s.folder = m_narrow;
        page.setState(s); // one network of width 12
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 60000);
        QTRY_VERIFY(!jobs.busy()); // the superseded load has ended too, and shown nothing
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.front().at(0).toInt(), 1);
        QCOMPARE(page.finishedPoints().size(), std::size_t(1));
        QCOMPARE(page.finishedPoints().front().run.settings.width, 12);
        QCOMPARE(page.epochPlot()->curves().size(), std::size_t(1));
        QVERIFY(page.epochPlot()->curves().front().name.contains(QStringLiteral("width 12")));
        QCOMPARE(page.sigmaPlot()->curves().front().name,
                 QStringLiteral("this data set, width 12"));

        shown.clear();
        page.showFolderResults();
        page.showFolderResults(); // the same folder twice in a row
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && !jobs.busy(), 60000);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(page.finishedPoints().size(), std::size_t(1));
        QCOMPARE(page.pointCombo()->count(), 1);
    }

    // Closing the page while its folder is read: the load stops and nothing calls back into it.
    void closingWhileLoadingIsSafe() {
        JobRunner jobs;
        auto* page = new SparsityPage(&jobs);
        page->show();
        SparsityPage::State s = page->state();
        s.folder = m_wide;
        page->setState(s);
        QVERIFY(page->isLoading());
        QVERIFY(jobs.busy());
        delete page;
        QTRY_VERIFY_WITH_TIMEOUT(!jobs.busy(), 60000);
        // And a page whose runner is closed while it loads (MainWindow's closeEvent does this).
        SparsityPage other(&jobs);
        QSignalSpy shown(&other, &SparsityPage::folderResultsShown);
        other.setState(s);
        jobs.cancel(true);
        jobs.waitForAll();
        QVERIFY(!other.isLoading());
        QCOMPARE(shown.size(), 1);
        QVERIFY(shown.front().at(0).toInt() == -1 || shown.front().at(0).toInt() == 6);
    }

    void badSettingsAreNamed() {
        JobRunner jobs;
        SparsityPage page(&jobs);
        page.sigmasEdit()->setText(QStringLiteral("0, loud"));
        page.startRun();
        QVERIFY(!page.isRunning());
        QVERIFY(page.stateLabel()->text().contains(QStringLiteral("loud")));
        page.sigmasEdit()->setText(QStringLiteral("0.1"));
        page.dataEdit()->setText(m_dir.filePath(QStringLiteral("missing")));
        page.folderEdit()->setText(m_dir.filePath(QStringLiteral("other")));
        QSignalSpy finished(&page, &SparsityPage::runFinished);
        page.startRun();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        QVERIFY(finished.front().at(0).toString().contains(QStringLiteral("does not exist")));
        QVERIFY(!page.isRunning());
    }

    void fieldGridImageShape() {
        SparseWeights w;
        w.units = 5;
        w.inputs = 6;
        w.imageRows = 2;
        w.imageCols = 3;
        for (int k = 0; k < 30; ++k)
            w.w1.push_back(float(k % 7) - 3);
        w.bias1.assign(5, 0);
        const QImage all = fieldGridImage(w, {}, {0, 2, 1, false});
        // 5 tiles → 3 columns × 2 rows of 6 × 4 pixels with 1-pixel gaps.
        QCOMPARE(all.width(), 3 * (6 + 1) + 1);
        QCOMPARE(all.height(), 2 * (4 + 1) + 1);
        QVERIFY(fieldGridImage(w, {9}).isNull()); // no such unit
        QCOMPARE(unitsOrderedBy({0.1, 0.9, 0.5}), (std::vector<std::size_t>{1, 2, 0}));
    }
};

QTEST_MAIN(TestSparsityPage)
#include "tst_sparsity_page.moc"
