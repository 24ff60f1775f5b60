// The dimensionality page: a tiny lab (two γ × two seeds, 20 units, d = 2) fills every figure
// while it runs and when it ends; a longer one is cancelled from the button; the figures and
// the results export with provenance; the page's state (with its results) survives a session.
#include "curve_plot.h"
#include "dimensionality/dimensionality_page.h"
#include "dimensionality_plots.h"
#include "job_runner.h"
#include "session.h"

#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace flicker;

namespace {
void tiny(DimensionalityPage& page, int epochs) {
    page.gammaEdit()->setText(QStringLiteral("20, 250"));
    page.inputDimSpin()->setValue(2);
    page.unitsSpin()->setValue(20);
    page.epochsSpin()->setValue(epochs);
    page.seedsEdit()->setText(QStringLiteral("1, 2"));
}
} // namespace

class TestDimensionalityPage : public QObject {
    Q_OBJECT

private slots:
    void runFillsTheFiguresAndExports() {
        JobRunner jobs;
        DimensionalityPage page(&jobs);
        tiny(page, 3);
        QSignalSpy finished(&page, &DimensionalityPage::runFinished);
        page.startRun();
        QVERIFY(page.isRunning());
        QCOMPARE(page.startButton()->text(), QStringLiteral("Cancel"));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 300000);
        QCOMPARE(finished.front().at(0).toString(), QString());
        QCOMPARE(finished.front().at(1).toBool(), false);
        QVERIFY(!page.isRunning());
        QCOMPARE(page.runs().size(), std::size_t(4));
        for (const DimensionalityResult& r : page.runs())
            QVERIFY(r.completed);

        // PR: before and after per γ, 16 steps, bands over the two seeds, the paper's colours.
        const auto& pr = page.prPlot()->curves();
        QCOMPARE(pr.size(), std::size_t(4));
        QCOMPARE(pr[0].colour, gammaColour(20));
        QCOMPARE(pr[2].colour, gammaColour(250));
        QVERIFY(pr[0].dashed);  // before training
        QVERIFY(!pr[1].dashed); // after
        QVERIFY(pr[0].band && pr[1].band);
        QVERIFY(pr[0].name.contains("2 seeds"));
        for (const Curve& s : pr) {
            QCOMPARE(s.x.size(), std::size_t(16));
            QCOMPARE(s.x.back(), 15.0);
        }
        bool band = false;
        for (double sd : pr[1].error)
            band = band || sd > 0;
        QVERIFY(band);
        QCOMPARE(page.accuracyPlot()->curves().size(), std::size_t(2));
        QCOMPARE(page.accuracyPlot()->curves()[0].y.size(), std::size_t(4)); // epochs 0 … 3
        QCOMPARE(page.generalisationPlot()->curves().size(), std::size_t(4));
        QCOMPARE(page.lyapunovPlot()->curves().size(), std::size_t(4));
        QCOMPARE(page.lyapunovPlot()->curves()[0].x.front(), 1.0); // exponent 1 first
        QCOMPARE(page.pcaPlot()->pointCount(), std::size_t(500));
        const QString atTen = page.pcaPlot()->dataCsv();
        page.stepSlider()->setValue(0);
        QVERIFY(page.pcaPlot()->dataCsv() != atTen); // step 0: the inputs themselves
        QVERIFY(page.pcaPlot()->subtitle().contains("step 0"));

        // Export: every figure (PNG, SVG, PDF, CSV with provenance) and the results.
        QTemporaryDir dir;
        QString error;
        QStringList written;
        QVERIFY2(page.exportAll(dir.path(), &error, &written), qPrintable(error));
        for (const char* name :
             {"dimensionality-pr", "dimensionality-accuracy", "dimensionality-generalisation",
              "dimensionality-lyapunov", "dimensionality-pca"})
            for (const char* suffix : {".png", ".svg", ".pdf", ".csv"})
                QVERIFY2(QFile::exists(dir.filePath(QString(name) + suffix)), name);
        QFile csv(dir.filePath("dimensionality-pr.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csv.readAll());
        QVERIFY(text.startsWith("# Flicker"));
        QVERIFY(text.contains("γ 20, 250"));
        QVERIFY(text.contains("curve,x,y,error"));
        QVERIFY2(page.exportResults(dir.path(), &error), qPrintable(error));
        QVERIFY(QFile::exists(dir.filePath("dimensionality.json")));

        // The state keeps settings and results: through a session file into a new page.
        SessionState session;
        session.dimensionality = page.state();
        const SessionState back =
            sessionFromJson(sessionToJson(session), QStringLiteral("test.flicker-session"));
        QCOMPARE(back.dimensionality.units, 20);
        QCOMPARE(back.dimensionality.seeds, QStringLiteral("1, 2"));
        QCOMPARE(back.dimensionality.pcaStep, 0);
        DimensionalityPage restored(&jobs);
        restored.setState(back.dimensionality);
        QCOMPARE(restored.runs().size(), std::size_t(4));
        QCOMPARE(restored.unitsSpin()->value(), 20);
        QCOMPARE(restored.prPlot()->dataCsv(), page.prPlot()->dataCsv());
        QCOMPARE(restored.pcaPlot()->dataCsv(), page.pcaPlot()->dataCsv());
    }
    void cancelFromTheButton() {
        JobRunner jobs;
        DimensionalityPage page(&jobs);
        tiny(page, 500);
        QSignalSpy finished(&page, &DimensionalityPage::runFinished);
        page.startButton()->click();
        QVERIFY(page.isRunning());
        // The figures fill while it trains: PR before and during training, accuracy per epoch.
        QTRY_VERIFY_WITH_TIMEOUT(page.prPlot()->curves().size() >= 2, 120000);
        QVERIFY(page.isRunning());
        QVERIFY(page.prPlot()->curves()[1].name.contains("training"));
        QVERIFY(!page.accuracyPlot()->curves().empty());
        QVERIFY(!page.lyapunovPlot()->curves().empty()); // before training, measured first
        page.startButton()->click();                     // now "Cancel"
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 120000);
        QCOMPARE(finished.front().at(1).toBool(), true);
        QVERIFY(!page.isRunning());
        QCOMPARE(page.startButton()->text(), QStringLiteral("Run"));
        QVERIFY(!page.runs().empty());
        QVERIFY(!page.runs().front().completed);
        QVERIFY(!page.prPlot()->curves().empty()); // what was finished stays on screen
    }
    void badSettingsAreRefused() {
        JobRunner jobs;
        DimensionalityPage page(&jobs);
        page.gammaEdit()->setText(QStringLiteral("20, chaos"));
        page.startRun();
        QVERIFY(!page.isRunning());
        QVERIFY(!jobs.busy());
        bool threw = false;
        try {
            page.settingsFromControls();
        } catch (const Error& e) {
            threw = QString::fromStdString(e.what()).contains("“chaos”");
        }
        QVERIFY(threw);
    }
};

QTEST_MAIN(TestDimensionalityPage)
#include "tst_dimensionality_page.moc"
