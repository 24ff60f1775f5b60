// The Flicker desktop application: the main window, plus --screenshot for documentation (and
// the hidden --print-resource-dir for the package test).
#include "dimensionality/dimensionality_page.h"
#include "explorer/explorer_page.h"
#include "explorer/range_match_panel.h"
#include "explorer/review_text.h"
#include "explorer/study_page.h"
#include "flicker/version.h"
#include "main_window.h"
#include "noise_page.h"
#include "sparsity/sparsity_page.h"
#include "sweep/sweep_page.h"
#include "workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QPushButton>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>

namespace {

/// What the command line asks for.
struct Request {
    std::optional<QString> screenshot; ///< where to save it
    QString page;
    std::optional<bool> presentation; ///< --presentation; unset: as saved (screenshots: off)
    std::optional<bool> dark;         ///< --dark; unset: as saved (screenshots: light)
    bool printResourceDir = false;
};

/// Reads the command line (--help, --version and a mistake print and quit here).
Request parseCommandLine(const QApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Flicker: find 1/f (pink) noise inside neural networks."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Show the window, wait for the first results, save the window as a PNG "
                       "<file> and quit."),
        QStringLiteral("file"));
    parser.addOption(screenshot);
    const QCommandLineOption page(
        QStringLiteral("page"),
        QStringLiteral("The page to show: explorer (default), study, noise, sweep, "
                       "dimensionality or sparsity; for screenshots also compare (the study "
                       "beside its untrained twin) and range (the explorer with words "
                       "selected and the units that follow them)."),
        QStringLiteral("name"), QStringLiteral("explorer"));
    parser.addOption(page);
    const QCommandLineOption presentation(
        QStringLiteral("presentation"),
        QStringLiteral("Start in presentation mode (large fonts for a projector; View › "
                       "Presentation mode, F5)."));
    parser.addOption(presentation);
    const QCommandLineOption dark(QStringLiteral("dark"),
                                  QStringLiteral("Start with the dark theme (View › Dark theme)."));
    parser.addOption(dark);
    // For tests of an installed or unpacked copy (tests/packaging/test_deb.sh): where the shipped
    // data were found, without opening a window. Not in --help.
    QCommandLineOption printResourceDir(
        QStringLiteral("print-resource-dir"),
        QStringLiteral("Print the folder of the shipped data (share/flicker) and quit."));
    printResourceDir.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(printResourceDir);
    parser.process(app);

    Request request;
    if (parser.isSet(screenshot)) request.screenshot = parser.value(screenshot);
    request.page = parser.value(page);
    if (parser.isSet(presentation)) request.presentation = true;
    if (parser.isSet(dark)) request.dark = true;
    if (request.screenshot) { // the same picture every time, whatever was saved last
        request.presentation = request.presentation.value_or(false);
        request.dark = request.dark.value_or(false);
    }
    request.printResourceDir = parser.isSet(printResourceDir);
    return request;
}

/// --print-resource-dir: the exit code.
int printResourceDir() {
    const QString dir = flicker::resourceDir();
    if (dir.isEmpty() || flicker::shippedDemoModelPath().isEmpty()) {
        std::fprintf(stderr, "flicker: no share/flicker/models/demo.flicker beside %s\n",
                     qPrintable(QDir::toNativeSeparators(QApplication::applicationDirPath())));
        return 1;
    }
    std::printf("%s\n", qPrintable(QDir::toNativeSeparators(dir)));
    return 0;
}

/// Shows the page of that name; false, saying so, for an unknown name.
bool showPage(flicker::MainWindow& window, const QString& pageName) {
    if (pageName == QLatin1String("study") || pageName == QLatin1String("compare"))
        window.showPage(window.studyPage());
    else if (pageName == QLatin1String("noise"))
        window.showPage(window.noisePage());
    else if (pageName == QLatin1String("sweep"))
        window.showPage(window.sweepPage());
    else if (pageName == QLatin1String("dimensionality"))
        window.showPage(window.dimensionalityPage());
    else if (pageName == QLatin1String("sparsity"))
        window.showPage(window.sparsityPage());
    else if (pageName != QLatin1String("explorer") && pageName != QLatin1String("range")) {
        std::fprintf(stderr,
                     "flicker: unknown page '%s' (use explorer, study, noise, sweep, "
                     "dimensionality, sparsity, compare or range)\n",
                     qPrintable(pageName));
        return false;
    }
    return true;
}

/// The words selected for --page range (0-based, end exclusive).
constexpr int kRangeBegin = 12, kRangeEnd = 16;

/// Saves the window as a PNG at `path` and quits: exit code 0, or 1 if it cannot be written.
void saveScreenshotAndQuit(flicker::MainWindow* window, const QString& path) {
    // Grab on the next turn of the event loop, once the layouts that the new results asked for
    // (posted before this timer) have been applied.
    QTimer::singleShot(300, window, [window, path] {
        const QImage image = window->grabScreenshot();
        if (image.isNull() || !image.save(path, "PNG")) {
            std::fprintf(stderr, "flicker: could not write the screenshot to %s\n",
                         qPrintable(QDir::toNativeSeparators(path)));
            QApplication::exit(1);
            return;
        }
        QApplication::exit(0);
    });
}

/// --screenshot: saves the window once the page's first results are in. A failed computation
/// quits with exit code 1, no results after 5 minutes with 2.
void screenshotWhenReady(flicker::MainWindow& window, const QString& pageName,
                         const QString& path) {
    const auto grab = [window = &window, path] { saveScreenshotAndQuit(window, path); };
    if (pageName == QLatin1String("noise"))
        QObject::connect(window.noisePage(), &flicker::NoisePage::resultsUpdated, &window, grab,
                         Qt::SingleShotConnection);
    else if (pageName == QLatin1String("study"))
        QObject::connect(window.studyPage(), &flicker::StudyPage::studyFinished, &window, grab,
                         Qt::SingleShotConnection);
    else if (pageName == QLatin1String("compare")) // the study beside its untrained twin
        QObject::connect(
            window.studyPage(), &flicker::StudyPage::studyFinished, &window,
            [window = &window, grab] {
                window->studyPage()->compareWithUntrainedTwin();
                grab();
            },
            Qt::SingleShotConnection);
    else if (pageName == QLatin1String("range")) { // words selected, the best units shown
        auto waiting = std::make_shared<int>(2);
        const auto oneDone = [window = &window, grab, waiting] {
            if (--*waiting > 0) return;
            flicker::ExplorerPage* explorer = window->explorerPage();
            explorer->reviewText()->selectRange(kRangeBegin, kRangeEnd);
            explorer->rangeMatchPanel()->bestButton()->click();
            grab();
        };
        QObject::connect(&window, &flicker::MainWindow::workspaceReady, &window, oneDone,
                         Qt::SingleShotConnection);
        QObject::connect(&window, &flicker::MainWindow::reviewsClassified, &window, oneDone,
                         Qt::SingleShotConnection);
    } else { // the first review shown and every review classified (no "…" left in the list)
        auto waiting = std::make_shared<int>(2);
        const auto oneDone = [grab, waiting] {
            if (--*waiting == 0) grab();
        };
        QObject::connect(&window, &flicker::MainWindow::workspaceReady, &window, oneDone,
                         Qt::SingleShotConnection);
        QObject::connect(&window, &flicker::MainWindow::reviewsClassified, &window, oneDone,
                         Qt::SingleShotConnection);
    }
    QObject::connect(window.noisePage(), &flicker::NoisePage::computationFailed, &window,
                     [](const QString& message) {
                         std::fprintf(stderr, "flicker: %s\n", qPrintable(message));
                         QApplication::exit(1);
                     });
    QTimer::singleShot(300000, QCoreApplication::instance(), [] {
        std::fprintf(stderr, "flicker: no results after 5 min, no screenshot taken\n");
        QApplication::exit(2);
    });
}

} // namespace

int main(int argc, char* argv[]) {
    std::signal(SIGXFSZ, SIG_IGN); // past ulimit -f: a save fails with a message, not a crash
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Flicker"));
    QApplication::setApplicationName(QStringLiteral("Flicker"));
    QApplication::setApplicationVersion(QString::fromLatin1(flicker::kVersion));
    QGuiApplication::setDesktopFileName(
        QStringLiteral("flicker")); // matches flicker.desktop and its icon
    const Request request = parseCommandLine(app);
    if (request.printResourceDir) return printResourceDir();

    // Screenshots always show the demo; a normal start restores the last session.
    flicker::MainWindow window(request.screenshot ? flicker::MainWindow::Start::Demo
                                                  : flicker::MainWindow::Start::Restore);
    if (!showPage(window, request.page)) return 2;
    if (request.presentation) window.setPresentationMode(*request.presentation);
    if (request.dark) window.setDarkTheme(*request.dark);
    if (request.screenshot) {
        window.resize(1280, 800); // the same picture every time, whatever was saved last
        screenshotWhenReady(window, request.page, *request.screenshot);
    }
    window.show();
    return app.exec();
}
