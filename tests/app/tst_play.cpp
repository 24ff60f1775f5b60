// Play and the classroom lesson end to end in the main window, as a teacher would run them:
// a whole demo review read word by word at the fastest speed with several units of two kinds
// (the kind changed halfway) after dragging the fit range, then every classroom step. Play
// crashed the app within seconds while the UDFA kernel wrote past a buffer; this test runs in
// the sanitizer build too (packaging/test.sh --sanitize), where any such write fails it.
#include "classroom.h"
#include "explorer/explorer_page.h"
#include "explorer/study_page.h"
#include "explorer/unit_panel.h"
#include "fluctuation_plot.h"
#include "heatmap_plot.h"
#include "job_runner.h"
#include "main_window.h"
#include "model/model.h"
#include "noise_page.h"
#include "support/small_model.h"
#include "sweep/sweep_page.h"
#include "text/demo_corpus.h"
#include "traces_plot.h"
#include "train/dataset.h"
#include "workspace.h"

#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace flicker;

namespace {
constexpr int kTimeoutMs = 600000; // a safety limit for a loaded machine, not a speed claim

// The steps Play showed, in order, must be 0, 1, … last without a gap or a repeat.
bool consecutive(const QSignalSpy& spy, int last) {
    if (spy.count() != last + 1) return false;
    for (int k = 0; k < spy.count(); ++k)
        if (spy.at(k).at(0).toInt() != k) return false;
    return true;
}
} // namespace

class TestPlay : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void playWholeReviewThenTheLesson() {
        auto corpus = std::make_shared<const Corpus>(test::smallDemoCorpus(300));
        const QString modelPath = m_dir.filePath(QStringLiteral("play.flicker"));
        saveCheckpoint(test::trainSmallModel(*corpus, 8, 12, 100), modelPath.toStdString());

        MainWindow window(false);
        window.resize(1400, 900);
        window.show();
        window.studyPage()->reviewsSpin()->setValue(2);
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        window.workspace()->setCorpus(corpus);
        window.openModel(modelPath);
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), kTimeoutMs);
        ExplorerPage* explorer = window.explorerPage();
        QVERIFY(explorer->analysis());
        const int steps = int(explorer->analysis()->steps);
        QCOMPARE(steps, 500);

        // Units of h, the fit range dragged, the fastest speed, then Play from the first word.
        explorer->unitPanel()->setKind(ActivationKind::H);
        explorer->unitPanel()->selectUnits({0, 3, 5, 9});
        explorer->fluctuationPlot()->dragFitEdge(false, 8);
        explorer->fluctuationPlot()->dragFitEdge(true, 60);
        QVERIFY(explorer->fitMin() > 0);
        explorer->speedSlider()->setValue(explorer->speedSlider()->maximum());
        QSignalSpy played(explorer, &ExplorerPage::playStepShown);
        QTest::mouseClick(explorer->playButton(), Qt::LeftButton);
        QVERIFY(explorer->isPlaying());
        // Halfway the reader looks at the cell state instead: three units of c.
        QTRY_VERIFY_WITH_TIMEOUT(played.count() > steps / 2, kTimeoutMs);
        explorer->unitPanel()->setKind(ActivationKind::C);
        explorer->unitPanel()->selectUnits({1, 2, 7});
        QVERIFY(explorer->isPlaying());
        const int atSwitch = played.count();
        QTRY_VERIFY_WITH_TIMEOUT(!explorer->isPlaying(), kTimeoutMs);
        QVERIFY2(consecutive(played, steps - 1),
                 qPrintable(QString("%1 steps shown, the last %2")
                                .arg(played.count())
                                .arg(played.isEmpty() ? -1 : played.last().at(0).toInt())));
        QVERIFY(played.count() > atSwitch);
        // At the end the whole review is back, with the c units selected.
        QCOMPARE(explorer->heatmap()->steps(), std::size_t(steps));
        QCOMPARE(explorer->traces()->series().size(), std::size_t(3));
        for (const TraceSeries& s : explorer->traces()->series())
            QCOMPARE(s.values.size(), std::size_t(steps));
        QVERIFY(explorer->fluctuationPlot()->curveCount() > 0);

        // The classroom lesson, every step in order (step 2 plays by itself).
        window.setClassroomMode(true);
        ClassroomBar* bar = window.classroomBar();
        QCOMPARE(bar->stepCount(), 6);
        bar->goTo(0);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.noisePage()));
        played.clear();
        bar->goTo(1);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(explorer));
        QVERIFY(explorer->isPlaying());
        explorer->speedSlider()->setValue(explorer->speedSlider()->maximum());
        QTRY_VERIFY_WITH_TIMEOUT(!explorer->isPlaying(), kTimeoutMs);
        QVERIFY(consecutive(played, steps - 1));
        QCOMPARE(explorer->unitPanel()->kind(), ActivationKind::H);
        QSignalSpy studied(window.studyPage(), &StudyPage::studyFinished);
        bar->goTo(2);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.studyPage()));
        if (window.studyPage()->isRunning() || window.studyPage()->result().reviews.empty())
            QTRY_VERIFY_WITH_TIMEOUT(!studied.isEmpty() || !window.studyPage()->isRunning(),
                                     kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(!window.studyPage()->result().reviews.empty(), kTimeoutMs);
        bar->goTo(3);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.sweepPage()));
        bar->goTo(1); // back to the reader once more, then the end of the lesson mid-play
        QVERIFY(explorer->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(played.count() > steps + 20, kTimeoutMs);
        emit bar->endRequested();
        QVERIFY(!window.classroomMode());
        QTest::mouseClick(explorer->playButton(), Qt::LeftButton); // Stop
        QVERIFY(!explorer->isPlaying());
        QCOMPARE(explorer->heatmap()->steps(), std::size_t(steps));
        window.jobs()->cancel(true);
        window.jobs()->waitForAll();
    }
};

QTEST_MAIN(TestPlay)
#include "tst_play.moc"
