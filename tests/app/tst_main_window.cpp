// The main window around the pages: classroom mode walks through its four steps on the right
// pages with presentation fonts; About the science lists the same steps; the models panel and
// the training dialog open on the workspace's data set; the dark theme reaches every figure.
#include "classroom.h"
#include "data/download_dialog.h"
#include "support/small_model.h"
#include "welcome_dialog.h"

#include "dimensionality/dimensionality_page.h"
#include "explorer/explorer_page.h"
#include "explorer/study_page.h"
#include "fluctuation_plot.h"
#include "heatmap_plot.h"
#include "job_runner.h"
#include "main_window.h"
#include "models_panel.h"
#include "noise_page.h"
#include "plot_view.h"
#include "sparsity/sparsity_page.h"
#include "sweep/sweep_page.h"
#include "sweep_plot.h"
#include "text/demo_corpus.h"
#include "train/train_dialog.h"
#include "workspace.h"
#include <QPushButton>

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

using namespace flicker;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // leave real settings alone

    void demoStartShowsAReview() {
        // What packaging/run.sh opens: the demo corpus and the shipped model, a review on screen.
        // About 17 s on an idle 2-core machine; the generous limit only keeps a loaded machine
        // (2.5 minutes were seen beside a training run) from failing it.
        MainWindow window; // Start::Demo
        QSignalSpy ready(&window, &MainWindow::workspaceReady);
        window.studyPage()->reviewsSpin()->setValue(2); // keep the background study short
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), 600000);
        QVERIFY(window.workspace()->ready());
        QCOMPARE(window.workspace()->corpus()->reviews.size(), std::size_t(20000));
        QCOMPARE(window.workspace()->model()->network.settings().hidden, 64);
        const ReviewAnalysis* a = window.explorerPage()->analysis();
        QVERIFY(a);
        QCOMPARE(a->steps, std::size_t(500));
        QCOMPARE(window.explorerPage()->heatmap()->units(), std::size_t(64));
        QVERIFY(window.explorerPage()->fluctuationPlot()->result().fitCount >= 2);
        window.jobs()->cancel(true);
        window.jobs()->waitForAll();
    }

    void classroomWalksThroughTheLesson() {
        MainWindow window(false);
        window.workspace()->setCorpus(std::make_shared<const Corpus>(test::smallDemoCorpus(100)));
        window.studyPage()->reviewsSpin()->setValue(1);
        QVERIFY(!window.classroomMode());
        window.setClassroomMode(true);
        QVERIFY(window.presentationMode());
        QVERIFY(window.explorerPage()->heatmap() &&
                window.noisePage()->fluctuationPlot()->presentationMode());
        ClassroomBar* bar = window.classroomBar();
        QVERIFY(!bar->isHidden());
        QCOMPARE(bar->stepCount(), 6);
        QCOMPARE(bar->step(), 0);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.noisePage()));
        bar->goTo(1);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.explorerPage()));
        bar->goTo(2);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.studyPage()));
        // Where the measured and the published numbers come from, under the summary.
        const QString sources = window.studyPage()->sourcesLabel()->text();
        QVERIFY(sources.contains(QStringLiteral("Measured here")));
        QVERIFY(sources.contains(QStringLiteral("Chong &amp; Feng")));
        QVERIFY(sources.contains(QStringLiteral("0.833 ± 0.132")));
        QVERIFY(sources.contains(QStringLiteral("He, J. Neurosci. 2011")));
        bar->goTo(3);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.sweepPage()));
        QCOMPARE(window.sweepPage()->sizesEdit()->text(), QStringLiteral("4, 16, 64"));
        // The network that is too big: the precomputed sweep is on screen at once.
        QVERIFY(window.sweepPage()->showsLoadedSweep());
        QVERIFY(!window.sweepPage()->sweepPlot()->points().empty());
        QVERIFY(!window.sweepPage()->isRunning());
        bar->goTo(4);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.dimensionalityPage()));
        QCOMPARE(window.dimensionalityPage()->gammaEdit()->text(), QStringLiteral("20, 250"));
        bar->goTo(5);
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.sparsityPage()));
        QCOMPARE(window.sparsityPage()->sigmasEdit()->text(), QStringLiteral("0, 0.8"));
        QVERIFY(!window.sparsityPage()->isRunning()); // the class presses Run
        bar->goTo(7);                                 // clamped to the last step
        QCOMPARE(bar->step(), 5);
        emit bar->endRequested();
        QVERIFY(!window.classroomMode());
        QVERIFY(bar->isHidden());
        QVERIFY(!window.presentationMode());
        window.jobs()->cancel(true);
        window.jobs()->waitForAll();
    }

    // Help › About the science: each finding's "Show me" sits in the finding's own box, in one
    // row with its paragraph; the project's measured IMDb values and the references are there.
    void scienceDialogKeepsShowMeWithItsParagraph() {
        MainWindow window(false);
        LessonPages pages{window.noisePage(),   window.explorerPage(), window.studyPage(),
                          window.sweepPage(),   [](FigurePage*) {},    window.dimensionalityPage(),
                          window.sparsityPage()};
        const std::vector<LessonStep> steps = lessonSteps(pages);
        ScienceDialog dialog(steps);
        dialog.resize(760, 640);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        int buttons = 0;
        for (QPushButton* button : dialog.findChildren<QPushButton*>()) {
            if (button->text() != QStringLiteral("Show me")) continue;
            auto* box = qobject_cast<QFrame*>(button->parentWidget());
            QVERIFY(box && box->objectName() == QStringLiteral("finding"));
            const QList<QLabel*> labels = box->findChildren<QLabel*>();
            QCOMPARE(labels.size(), 1);
            auto* row = qobject_cast<QHBoxLayout*>(box->layout());
            QVERIFY(row && row->indexOf(button) >= 0 && row->indexOf(labels[0]) >= 0);
            QVERIFY(labels[0]->text().contains(steps[std::size_t(buttons)].title));
            // Side by side: the button beside its paragraph, vertically within its extent.
            const QRect text = labels[0]->geometry(), place = button->geometry();
            QVERIFY(place.left() >= text.right());
            QVERIFY(place.center().y() >= text.top() && place.center().y() <= text.bottom());
            ++buttons;
        }
        QCOMPARE(buttons, int(steps.size()));
        auto* measured = dialog.findChild<QLabel*>(QStringLiteral("measuredOnImdb"));
        QVERIFY(measured);
        for (const char* value : {"86.3 % test accuracy", "1,885", "β(h) = 0.661 ± 0.087",
                                  "0.833 ± 0.132", "β(x) = −0.015 ± 0.017", "The full run"})
            QVERIFY2(measured->text().contains(QString::fromUtf8(value)), value);
        auto* references = dialog.findChild<QLabel*>(QStringLiteral("references"));
        QVERIFY(references);
        for (const char* part :
             {"Chong", "Feng", "Chaos", "2024", "doi:10.1063/5.0224138", "arXiv:2301.08530",
              "Journal of Neuroscience", "doi:10.1523/JNEUROSCI.2111-11.2011", "Physica A",
              "Nature Machine Intelligence", "doi:10.1038/s42256-022-00498-0", "PMLR 202"})
            QVERIFY2(references->text().contains(QString::fromUtf8(part)), part);
    }

    void fitsSmallScreens() {
        // 1280 × 800 and 1366 × 768 (free area less a panel): the window opens inside it.
        for (QSize screen : {QSize(1280, 800 - 32), QSize(1366, 768 - 32), QSize(1920, 1080)}) {
            const QSize opened = MainWindow::fittedSize({1400, 900}, screen);
            QVERIFY(opened.width() + 16 <= screen.width() &&
                    opened.height() + 48 <= screen.height());
        }
        QCOMPARE(MainWindow::fittedSize({1400, 900}, {1920, 1080}), QSize(1400, 900));
        // Every page, in both modes, lays out down to 1024 × 700 (was 1094 × 721: the explorer).
        MainWindow window(false);
        window.show();
        for (bool presentation : {false, true}) {
            window.setPresentationMode(presentation);
            const QSize least = window.minimumSizeHint();
            QString pages; // which page needs what, for the failure message
            for (int k = 0; k < window.pageCount(); ++k)
                pages += QStringLiteral(" %1: %2 × %3;")
                             .arg(window.page(k)->pageTitle())
                             .arg(window.page(k)->minimumSizeHint().width())
                             .arg(window.page(k)->minimumSizeHint().height());
            QVERIFY2(least.width() <= 1024 && least.height() <= 700,
                     qPrintable(QStringLiteral("%1 × %2;%3")
                                    .arg(least.width())
                                    .arg(least.height())
                                    .arg(pages)));
        }
        // Opened on a screen (offscreen: 800 × 600), the window is no larger than it allows.
        const QSize free = window.screen()->availableGeometry().size();
        QVERIFY(window.width() <= std::max(free.width() - 16, window.minimumSizeHint().width()));
        QVERIFY(window.height() <= std::max(free.height() - 48, window.minimumSizeHint().height()));
    }

    void welcomeOffersTheThreeStarts() {
        MainWindow window(false);
        window.showWelcome();
        auto* welcome = window.findChild<WelcomeDialog*>();
        QVERIFY(welcome && welcome->isVisible());
        QSignalSpy download(welcome, &WelcomeDialog::downloadChosen);
        QTest::mouseClick(welcome->downloadButton(), Qt::LeftButton);
        QCOMPARE(download.size(), 1);
        QTRY_VERIFY(!welcome->isVisible());
        // Choosing the download opens the download dialog (the test never starts it).
        auto* dialog = window.findChild<DownloadDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->address().startsWith(QStringLiteral("https://ai.stanford.edu/")));
        dialog->close();
    }

    void themeAndTrainingDialog() {
        MainWindow window(false);
        window.setDarkTheme(true);
        for (FigurePage* page : {static_cast<FigurePage*>(window.explorerPage()),
                                 static_cast<FigurePage*>(window.studyPage()),
                                 static_cast<FigurePage*>(window.sweepPage()),
                                 static_cast<FigurePage*>(window.noisePage())})
            for (PlotView* figure : page->figures())
                QVERIFY(figure->darkTheme());
        window.setDarkTheme(false);
        QVERIFY(!window.showTrainDialog()); // no data set yet: nothing to train on
        auto* message = window.findChild<QMessageBox*>(QStringLiteral("errorMessage"));
        QVERIFY(message);
        QVERIFY(message->text().contains(QStringLiteral("Open a data set first")));
        message->close();
        window.workspace()->setCorpus(std::make_shared<const Corpus>(test::smallDemoCorpus(50)));
        TrainDialog* dialog = window.showTrainDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->hiddenSpin()->value(), 64); // the spec's defaults
        QCOMPARE(dialog->epochsSpin()->value(), 10);
        dialog->close();
        QCOMPARE(window.modelsPanel()->entries().size(), std::size_t(0));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
