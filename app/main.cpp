// The Flicker desktop application: the main window, plus --screenshot for documentation (and
// the hidden --print-resource-dir for the package test).
#include "explorer/study_page.h"
#include "flicker/version.h"
#include "main_window.h"
#include "noise_page.h"
#include "workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Flicker"));
    QApplication::setApplicationName(QStringLiteral("Flicker"));
    QApplication::setApplicationVersion(QString::fromLatin1(flicker::kVersion));
    QGuiApplication::setDesktopFileName(
        QStringLiteral("flicker")); // matches flicker.desktop and its icon

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
        QStringLiteral("The page to show: explorer (default), study or noise."),
        QStringLiteral("name"), QStringLiteral("explorer"));
    parser.addOption(page);
    // For tests of an installed or unpacked copy (tests/packaging/test_deb.sh): where the shipped
    // data were found, without opening a window. Not in --help.
    QCommandLineOption printResourceDir(
        QStringLiteral("print-resource-dir"),
        QStringLiteral("Print the folder of the shipped data (share/flicker) and quit."));
    printResourceDir.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(printResourceDir);
    parser.process(app);

    if (parser.isSet(printResourceDir)) {
        const QString dir = flicker::resourceDir();
        if (dir.isEmpty() || flicker::shippedDemoModelPath().isEmpty()) {
            std::fprintf(stderr, "flicker: no share/flicker/models/demo.flicker beside %s\n",
                         qPrintable(QDir::toNativeSeparators(QApplication::applicationDirPath())));
            return 1;
        }
        std::printf("%s\n", qPrintable(QDir::toNativeSeparators(dir)));
        return 0;
    }

    // Screenshots always show the demo; a normal start restores the last session.
    flicker::MainWindow window(parser.isSet(screenshot) ? flicker::MainWindow::Start::Demo
                                                        : flicker::MainWindow::Start::Restore);
    const QString pageName = parser.value(page);
    if (pageName == QLatin1String("study"))
        window.showPage(window.studyPage());
    else if (pageName == QLatin1String("noise"))
        window.showPage(window.noisePage());
    else if (pageName != QLatin1String("explorer")) {
        std::fprintf(stderr, "flicker: unknown page '%s' (use explorer, study or noise)\n",
                     qPrintable(pageName));
        return 2;
    }
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        window.resize(1400, 900); // the same picture every time, whatever was saved last
        auto grab = [&window, path] {
            // Grab on the next turn of the event loop, once the layouts that the new results
            // asked for (posted before this timer) have been applied.
            QTimer::singleShot(300, &window, [&window, path] {
                const QImage image = window.grabScreenshot();
                if (image.isNull() || !image.save(path, "PNG")) {
                    std::fprintf(stderr, "flicker: could not write the screenshot to %s\n",
                                 qPrintable(QDir::toNativeSeparators(path)));
                    QApplication::exit(1);
                    return;
                }
                QApplication::exit(0);
            });
        };
        if (pageName == QLatin1String("noise"))
            QObject::connect(window.noisePage(), &flicker::NoisePage::resultsUpdated, &window, grab,
                             Qt::SingleShotConnection);
        else if (pageName == QLatin1String("study"))
            QObject::connect(window.studyPage(), &flicker::StudyPage::studyFinished, &window, grab,
                             Qt::SingleShotConnection);
        else
            QObject::connect(&window, &flicker::MainWindow::workspaceReady, &window, grab,
                             Qt::SingleShotConnection);
        QObject::connect(window.noisePage(), &flicker::NoisePage::computationFailed, &window,
                         [](const QString& message) {
                             std::fprintf(stderr, "flicker: %s\n", qPrintable(message));
                             QApplication::exit(1);
                         });
        QTimer::singleShot(300000, &app, [] {
            std::fprintf(stderr, "flicker: no results after 5 min, no screenshot taken\n");
            QApplication::exit(2);
        });
    }
    window.show();
    return app.exec();
}
