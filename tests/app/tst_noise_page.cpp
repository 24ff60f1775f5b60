// GUI test of the "What is 1/f noise?" page and the figure export: results arrive off the GUI
// thread, match core's DFA exactly, follow the noise kind, and exported files are valid.
#include "explorer/explorer_page.h"
#include "fluctuation_plot.h"
#include "main_window.h"
#include "noise_page.h"
#include "spectrum_plot.h"
#include "trace_plot.h"

#include "signal/dfa.h"
#include "signal/spectrum.h"
#include "signal/synthetic.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QImageReader>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <qcustomplot.h>

#include <cmath>

using namespace flicker;

namespace {

constexpr int kTimeoutMs = 30000;

/// The number in a text like "β = −0.03" (typographic minus allowed).
double numberIn(const QString& text) {
    static const QRegularExpression number(QStringLiteral("[-\u2212]?\\d+(\\.\\d+)?"));
    const QRegularExpressionMatch match = number.match(text);
    if (!match.hasMatch()) return std::nan("");
    QString digits = match.captured(0);
    digits.replace(QChar(0x2212), QLatin1Char('-'));
    return digits.toDouble();
}

/// Selects `kind` in the page's combobox and waits until the plots show it.
bool showKind(NoisePage& page, NoiseKind kind) {
    QSignalSpy spy(&page, &NoisePage::resultsUpdated);
    QComboBox* combo = page.kindCombo();
    const int index = combo->findData(int(kind));
    if (index < 0) return false;
    combo->setCurrentIndex(index);
    return QTest::qWaitFor(
        [&] {
            return !spy.isEmpty() && !page.isComputing() &&
                   page.displayedRequest().noise.kind == kind;
        },
        kTimeoutMs);
}

} // namespace

class TestNoisePage : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void firstResultsArrive();
    void kindsChangeTraceFitAndBeta();
    void newestSettingsWin();
    void exportPngCarriesSizeAndProvenance();
    void exportSvgIsValidWithDescription();
    void exportPdfStartsLikeAPdf();
    void exportFailuresAreReported();
    void exportAllWritesEveryFigure();
    void rightClickExportGoesThroughTheApp();
    void fluctuationAnnotationNamesTheFit();
    void mainWindowShowsTheNoisePage();
};

void TestNoisePage::initTestCase() {
    // Keep QSettings of the test away from the user's own.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Flicker"));
    QCoreApplication::setApplicationName(QStringLiteral("FlickerTest"));
}

void TestNoisePage::firstResultsArrive() {
    NoisePage page;
    QSignalSpy spy(&page, &NoisePage::resultsUpdated);
    QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), kTimeoutMs);
    QVERIFY(page.hasResults());
    QCOMPARE(page.currentSignal().size(), std::size_t(500)); // the default length
    QCOMPARE(page.displayedRequest().noise.kind, NoiseKind::Pink);
    QCOMPARE(page.tracePlot()->values(), page.currentSignal());
    QVERIFY(!page.currentDfa().scales.empty());
    QCOMPARE(page.currentDfa().scales.front(), 4);
    QCOMPARE(page.currentDfa().scales.back(), 125);
    QVERIFY(page.displayedBetaText().startsWith(QStringLiteral("β = ")));
    QVERIFY(page.errorText().isEmpty());
}

void TestNoisePage::kindsChangeTraceFitAndBeta() {
    NoisePage page;
    page.lengthSpin()->setValue(4096);
    page.seedSpin()->setValue(1);
    QTRY_VERIFY_WITH_TIMEOUT(page.hasResults() && !page.isComputing() &&
                                 page.currentSignal().size() == 4096,
                             kTimeoutMs);

    struct Case {
        NoiseKind kind;
        double beta;      // what the kind should give
        double tolerance; // measured on seed 1, N = 4096: white −0.008, pink 1.008, brown 2.032
    };
    const Case cases[] = {
        {NoiseKind::White, 0.0, 0.3}, {NoiseKind::Pink, 1.0, 0.3}, {NoiseKind::Brown, 2.0, 0.35}};
    std::vector<double> previousTrace;
    QString previousBeta;
    for (const Case& c : cases) {
        QVERIFY2(showKind(page, c.kind), noiseKindName(c.kind));
        const NoiseRequest& request = page.displayedRequest();
        QCOMPARE(request.noise.length, std::size_t(4096));
        QCOMPARE(request.noise.seed, std::uint64_t(1));

        // The page shows exactly what core computes for the same settings.
        const std::vector<double> expected = generateNoise(request.noise);
        QCOMPARE(page.currentSignal(), expected);
        QCOMPARE(page.tracePlot()->values(), expected);
        QVERIFY(page.tracePlot()->values() != previousTrace);
        previousTrace = page.tracePlot()->values();

        const DfaResult reference = dfa(expected, request.dfa);
        const DfaResult& shown = page.fluctuationPlot()->result();
        QVERIFY(!shown.silent);
        QVERIFY(std::abs(shown.alpha - reference.alpha) <= 1e-12);
        QVERIFY(std::abs(shown.beta - reference.beta) <= 1e-12);
        QCOMPARE(shown.scales, reference.scales);
        QCOMPARE(page.fluctuationPlot()->plot()->graphCount(), 5);

        const SpectralExponent spectrum = spectralExponent(expected, request.welch);
        QVERIFY(std::abs(page.spectrumPlot()->result().beta - spectrum.beta) <= 1e-12);
        QVERIFY(page.spectrumPlot()->annotationText().contains(
            QStringLiteral("β from the spectrum = ")));

        const QString betaText = page.displayedBetaText();
        QVERIFY2(betaText != previousBeta, qPrintable(betaText));
        previousBeta = betaText;
        const double displayed = numberIn(betaText);
        qInfo("%s noise, N = 4096, seed 1: beta_DFA = %.3f, beta_PSD = %.3f", noiseKindName(c.kind),
              reference.beta, spectrum.beta);
        QVERIFY2(std::abs(displayed - reference.beta) <= 0.005 + 1e-9, qPrintable(betaText));
        QVERIFY2(std::abs(displayed - c.beta) < c.tolerance,
                 qPrintable(QStringLiteral("%1: %2").arg(noiseKindName(c.kind), betaText)));
    }
}

void TestNoisePage::newestSettingsWin() {
    NoisePage page;
    QTRY_VERIFY_WITH_TIMEOUT(page.hasResults() && !page.isComputing(), kTimeoutMs);
    // Several changes in a row, faster than the worker: only the last one may end up shown.
    QSignalSpy spy(&page, &NoisePage::resultsUpdated);
    page.lengthSpin()->setValue(20000);
    page.seedSpin()->setValue(7);
    page.kindCombo()->setCurrentIndex(page.kindCombo()->findData(int(NoiseKind::Brown)));
    page.orderSpin()->setValue(2);
    page.seedSpin()->setValue(8);
    QTRY_VERIFY_WITH_TIMEOUT(!page.isComputing(), kTimeoutMs);
    const NoiseRequest shown = page.displayedRequest();
    QCOMPARE(shown.noise.length, std::size_t(20000));
    QCOMPARE(shown.noise.seed, std::uint64_t(8));
    QCOMPARE(shown.noise.kind, NoiseKind::Brown);
    QCOMPARE(shown.dfa.order, 2);
    QCOMPARE(page.currentSignal(), generateNoise(shown.noise));
    // The first computation was already out of date when it ended: it was never shown.
    QCOMPARE(spy.count(), 1);
}

void TestNoisePage::exportPngCarriesSizeAndProvenance() {
    NoisePage page;
    QTRY_VERIFY_WITH_TIMEOUT(page.hasResults() && !page.isComputing(), kTimeoutMs);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FluctuationPlot* figure = page.fluctuationPlot();
    QVERIFY(figure->provenance().contains(QStringLiteral("seed 1")));
    QVERIFY(figure->provenance().contains(QStringLiteral("N = 500")));

    const QString path = dir.filePath(QStringLiteral("f.png"));
    QString error;
    QVERIFY2(figure->exportPng(path, QSize(1000, 640), 192, &error), qPrintable(error));
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage image = reader.read();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1000, 640));
    QCOMPARE(image.text(QStringLiteral("Description")), figure->provenance());
    QCOMPARE(std::lround(image.dotsPerMeterX() * 0.0254), 192L);
    // Not a blank page: the plotted points are in the data colour somewhere.
    int coloured = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            coloured += QColor(image.pixel(x, y)).saturation() > 100;
    QVERIFY(coloured > 100);

    // exportTo: the suffix picks the format, the size is exportSize() × dpi / 96.
    const QString viaSuffix = dir.filePath(QStringLiteral("g.PNG"));
    QVERIFY2(figure->exportTo(viaSuffix, &error), qPrintable(error));
    const QImage second(viaSuffix);
    QCOMPARE(second.size(), figure->exportSize() * figure->exportDpi() / 96);
}

void TestNoisePage::exportSvgIsValidWithDescription() {
    NoisePage page;
    QTRY_VERIFY_WITH_TIMEOUT(page.hasResults() && !page.isComputing(), kTimeoutMs);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.svg"));
    QString error;
    SpectrumPlot* figure = page.spectrumPlot();
    QVERIFY2(figure->exportTo(path, &error), qPrintable(error));
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString svg = QString::fromUtf8(file.readAll());
    QVERIFY(svg.contains(QStringLiteral("<desc>")));
    QVERIFY(svg.contains(figure->provenance().toHtmlEscaped()));
    QVERIFY(svg.contains(QStringLiteral("frequency")));
}

void TestNoisePage::exportPdfStartsLikeAPdf() {
    NoisePage page;
    QTRY_VERIFY_WITH_TIMEOUT(page.hasResults() && !page.isComputing(), kTimeoutMs);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.pdf"));
    QString error;
    QVERIFY2(page.tracePlot()->exportTo(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.size() > 1000);
}

void TestNoisePage::exportFailuresAreReported() {
    NoisePage page;
    QTRY_VERIFY_WITH_TIMEOUT(page.hasResults() && !page.isComputing(), kTimeoutMs);
    QTemporaryDir dir;
    PlotView* figure = page.fluctuationPlot();
    QString error;

    const QString missing = dir.filePath(QStringLiteral("no/such/folder/f.png"));
    QVERIFY(!figure->exportTo(missing, &error));
    QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
    QVERIFY(!QFile::exists(missing));

    error.clear();
    QVERIFY(!figure->exportTo(dir.filePath(QStringLiteral("no/such/f.svg")), &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!figure->exportTo(dir.filePath(QStringLiteral("no/such/f.pdf")), &error));
    QVERIFY(!error.isEmpty());

    error.clear();
    QVERIFY(!figure->exportTo(dir.filePath(QStringLiteral("f.bmp")), &error));
    QVERIFY2(error.contains(QStringLiteral(".bmp")), qPrintable(error));

    // A read-only folder (meaningless for root, who may write anywhere).
    const QString locked = dir.filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkdir(locked));
    QVERIFY(QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner));
    QFile probe(locked + QStringLiteral("/probe"));
    if (!probe.open(QIODevice::WriteOnly)) {
        error.clear();
        QVERIFY(!figure->exportTo(locked + QStringLiteral("/f.png"), &error));
        QVERIFY2(error.contains(QStringLiteral("f.png")), qPrintable(error));
    } else {
        probe.close();
        probe.remove();
        qInfo("running as a user who can write to read-only folders; that case is not checked");
    }
    QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

void TestNoisePage::exportAllWritesEveryFigure() {
    NoisePage page;
    QTRY_VERIFY_WITH_TIMEOUT(page.hasResults() && !page.isComputing(), kTimeoutMs);
    QTemporaryDir dir;
    QString error;
    QStringList written;
    QVERIFY2(page.exportAll(dir.path(), &error, &written), qPrintable(error));
    QCOMPARE(written.size(), 12); // three figures × PNG, SVG, PDF and the CSV of their numbers
    for (const char* stem : {"noise-signal", "noise-fluctuation", "noise-spectrum"}) {
        for (const char* suffix : {".png", ".svg", ".pdf", ".csv"})
            QVERIFY2(QFile::exists(dir.filePath(QString::fromLatin1(stem) + suffix)), stem);
    }
    QVERIFY(!page.exportAll(dir.filePath(QStringLiteral("missing")), &error));
    QVERIFY(error.contains(QStringLiteral("does not exist")));
}

void TestNoisePage::rightClickExportGoesThroughTheApp() {
    // The figure's menu only asks (exportRequested); the app's one export flow proposes a file
    // in the folder used last, asks a PNG's size, writes the file and remembers the folder.
    MainWindow window(false);
    QTRY_VERIFY_WITH_TIMEOUT(window.noisePage()->hasResults(), kTimeoutMs);
    QTemporaryDir dir;
    QString answer, proposed;
    int dialogs = 0;
    QTimer user; // answers the modal dialogs as they open
    user.setInterval(20);
    connect(&user, &QTimer::timeout, this, [&] {
        QWidget* modal = QApplication::activeModalWidget();
        if (auto* files = qobject_cast<QFileDialog*>(modal)) {
            ++dialogs;
            proposed = QFileInfo(files->selectedFiles().value(0)).fileName();
            // selectFile() leaves the name field alone while it has the focus: type the name.
            auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            QVERIFY(name);
            name->setText(answer);
            static_cast<QDialog*>(files)->accept(); // QFileDialog::accept is protected
        } else if (auto* options = qobject_cast<QDialog*>(modal)) {
            ++dialogs;
            options->accept(); // the PNG size and resolution as proposed
        }
    });
    user.start();
    SpectrumPlot* figure = window.noisePage()->spectrumPlot();
    answer = dir.filePath(QStringLiteral("chosen.svg"));
    emit figure->exportRequested(QStringLiteral("svg"));
    QCOMPARE(dialogs, 1);
    QCOMPARE(proposed, QStringLiteral("noise-spectrum.svg"));
    QVERIFY(QSvgRenderer(answer).isValid());
    QCOMPARE(QSettings().value(QStringLiteral("export/lastFolder")).toString(),
             QFileInfo(answer).absolutePath());
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("chosen.svg")));

    dialogs = 0;
    answer = dir.filePath(QStringLiteral("chosen.png"));
    emit figure->exportRequested(QStringLiteral("png"));
    user.stop();
    QCOMPARE(dialogs, 2); // the file, then the size and resolution
    QCOMPARE(proposed, QStringLiteral("noise-spectrum.png"));
    QCOMPARE(QImage(answer).size(), figure->exportSize() * figure->exportDpi() / 96);
}

void TestNoisePage::fluctuationAnnotationNamesTheFit() {
    FluctuationPlot figure;
    DfaResult result;
    result.scales = {4, 8, 16, 32, 64, 125};
    for (int s : result.scales)
        result.fluctuation.push_back(0.3 * std::pow(s, 0.98));
    result.alpha = 0.98;
    result.alphaStdError = 0.02;
    result.beta = 0.96;
    result.r2 = 0.998;
    result.intercept = std::log(0.3);
    result.fitFirst = 0;
    result.fitCount = 6;
    figure.setResult(result);
    QCOMPARE(figure.annotationText(),
             QStringLiteral("α = 0.98 ± 0.02, β = 0.96, R² = 0.998, fit 4–125 steps"));
    QCOMPARE(figure.subtitle(), figure.annotationText());
    QCOMPARE(figure.plot()->graph(4)->dataCount(), 6); // the points
    QCOMPARE(figure.plot()->graph(3)->dataCount(), 2); // the fitted line

    result.silent = true;
    figure.setResult(result);
    QVERIFY(figure.annotationText().contains(QStringLiteral("no exponent")));
}

void TestNoisePage::mainWindowShowsTheNoisePage() {
    MainWindow window(false); // no demo workspace: this test is about the noise page
    QCOMPARE(window.windowTitle(), QStringLiteral("Flicker — 1/f noise in neural networks"));
    QVERIFY(window.noisePage());
    QCOMPARE(window.currentPage(), window.explorerPage()); // the explorer is the first page
    window.showPage(window.noisePage());
    QCOMPARE(window.currentPage(), window.noisePage());
    window.setDarkTheme(true);
    QVERIFY(window.noisePage()->fluctuationPlot()->darkTheme());
    window.setDarkTheme(false);
    QTRY_VERIFY_WITH_TIMEOUT(window.noisePage()->hasResults(), kTimeoutMs);
    window.setPresentationMode(true);
    QVERIFY(window.noisePage()->fluctuationPlot()->presentationMode());
    window.setPresentationMode(false);
    QVERIFY(!window.noisePage()->fluctuationPlot()->presentationMode());
}

QTEST_MAIN(TestNoisePage)
#include "tst_noise_page.moc"
