// The application's look in every mode: WCAG contrast of every text colour of both themes,
// presentation mode scaling the whole window (tables, panels, the status bar) and still fitting
// a 1280 × 800 screen, the dark theme reaching non-plot widgets and coming back, and figures
// in presentation mode with no title cut off and no colliding tick labels.
#include "app_theme.h"
#include "classroom.h"
#include "explorer/explorer_page.h"
#include "explorer/review_list.h"
#include "explorer/unit_panel.h"
#include "fluctuation_plot.h"
#include "main_window.h"
#include "noise_page.h"
#include "plot_style.h"
#include "plot_view.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include <qcustomplot.h>

using namespace flicker;

namespace {

QString pairText(const char* what, const QColor& a, const QColor& b, double ratio) {
    return QStringLiteral("%1: %2 on %3 = %4:1")
        .arg(QLatin1String(what), a.name(QColor::HexArgb), b.name(QColor::HexArgb))
        .arg(ratio, 0, 'f', 2);
}

/// The lines of every title of `figure` narrower than its plot (none cut off).
bool titleFits(PlotView* figure, QString* why) {
    QCustomPlot* plot = figure->plot();
    QCPLayoutGrid* grid = plot->plotLayout();
    for (int k = 0; k < grid->elementCount(); ++k) {
        auto* text = qobject_cast<QCPTextElement*>(grid->elementAt(k));
        if (!text) continue;
        const QFontMetrics metrics(text->font());
        for (const QString& line : text->text().split(QLatin1Char('\n'))) {
            const int width = metrics.horizontalAdvance(line);
            if (width > plot->width()) {
                *why = QStringLiteral("“%1” is %2 px wide in a figure of %3 px")
                           .arg(line)
                           .arg(width)
                           .arg(plot->width());
                return false;
            }
        }
    }
    return true;
}

/// Every line of every axis label of `figure` no longer than its axis (plus the 16 pixels
/// style::fitAxisLabels allows) unless it is one word: none runs into the title or off the
/// figure.
bool axisLabelsFit(PlotView* figure, QString* why) {
    for (QCPAxisRect* rect : figure->plot()->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            if (!axis->visible() || axis->label().isEmpty()) continue;
            const int length =
                (axis->orientation() == Qt::Horizontal ? rect->width() : rect->height()) + 16;
            const QFontMetrics metrics(axis->labelFont());
            for (const QString& line : axis->label().split(QLatin1Char('\n'))) {
                // Words are never cut: a single word may be longer than a very short axis.
                if (metrics.horizontalAdvance(line) > length && line.contains(QLatin1Char(' '))) {
                    *why = QStringLiteral("axis label “%1” is %2 px long on an axis of %3 px")
                               .arg(line)
                               .arg(metrics.horizontalAdvance(line))
                               .arg(length - 16);
                    return false;
                }
            }
        }
    }
    return true;
}

/// No two tick labels of a horizontal axis of `figure` overlap (a label is centred on its
/// tick: adjacent ticks must be at least the mean of their widths apart).
bool ticksApart(PlotView* figure, QString* why) {
    QCustomPlot* plot = figure->plot();
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes(QCPAxis::atBottom | QCPAxis::atTop)) {
            if (!axis->visible() || !axis->tickLabels()) continue;
            const QVector<double> ticks = axis->tickVector();
            const QVector<QString> labels = axis->tickVectorLabels();
            const QFontMetrics metrics(axis->tickLabelFont());
            for (int k = 1; k < ticks.size() && k < labels.size(); ++k) {
                const double apart =
                    std::abs(axis->coordToPixel(ticks[k]) - axis->coordToPixel(ticks[k - 1]));
                const double needed = 0.5 * (metrics.horizontalAdvance(labels[k - 1]) +
                                             metrics.horizontalAdvance(labels[k]));
                if (apart < needed) {
                    *why = QStringLiteral("“%1” and “%2” are %3 px apart, need %4 (axis of "
                                          "%5 px, %6 ticks asked, log %7)")
                               .arg(labels[k - 1], labels[k])
                               .arg(apart)
                               .arg(needed)
                               .arg(rect->width())
                               .arg(axis->ticker()->tickCount())
                               .arg(axis->scaleType() == QCPAxis::stLogarithmic);
                    return false;
                }
            }
        }
    }
    return true;
}

} // namespace

class TestAppTheme : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // leave real settings alone

    void contrastRatioFollowsWcag() {
        QCOMPARE(style::contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(style::contrastRatio(Qt::white, Qt::black), 21.0);
        QCOMPARE(style::contrastRatio(QColor(0x12, 0x34, 0x56), QColor(0x12, 0x34, 0x56)), 1.0);
        // #777777 on white: 4.48, the classic "just fails AA" grey; #767676 passes (4.54).
        QVERIFY(std::abs(style::contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) - 4.48) < 0.01);
        QVERIFY(style::contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) >= 4.5);
        // A translucent colour counts as drawn over its background: black at 50 % on white.
        QVERIFY(std::abs(style::contrastRatio(QColor(0, 0, 0, 128), Qt::white) -
                         style::contrastRatio(QColor(127, 127, 127), Qt::white)) < 0.05);
        // legible() keeps a colour that passes and fixes one that does not, keeping its side.
        QCOMPARE(style::legible(Qt::black, Qt::white), QColor(Qt::black));
        const QColor brownOnDark = style::legible(style::kBrownNoise, QColor(0x1e, 0x22, 0x28));
        QVERIFY(style::contrastRatio(brownOnDark, QColor(0x1e, 0x22, 0x28)) >= 4.5);
        QVERIFY(brownOnDark.red() > brownOnDark.blue()); // still brown, not grey
    }

    void everyTextColourMeetsAA() {
        QApplication::setPalette(QApplication::style()->standardPalette());
        int count = 0;
        const theme::ColourPair* pairs = theme::textPairs(&count);
        QVERIFY(count >= 8);
        for (bool dark : {false, true}) {
            // The application's palette: every text role on its background.
            const QPalette palette = dark ? theme::darkPalette() : theme::lightPalette();
            for (auto group : {QPalette::Active, QPalette::Inactive}) {
                for (int k = 0; k < count; ++k) {
                    const QColor text = palette.color(group, pairs[k].text);
                    const QColor back = palette.color(group, pairs[k].background);
                    const double ratio = style::contrastRatio(text, back);
                    QVERIFY2(ratio >= style::kTextContrast,
                             qPrintable(pairText(pairs[k].name, text, back, ratio)));
                }
            }
            // Error text in rich-text labels, on the window.
            const QColor window = palette.color(QPalette::Window);
            QVERIFY(style::contrastRatio(style::errorColor(window), window) >= 4.5);
            // The figures: ink (axes, titles, tick labels, annotations) on the background,
            // legend text on the legend's fill, the reference labels (white, pink, brown).
            const style::Palette& plot = style::palette(dark);
            const struct {
                const char* what;
                QColor text;
                QColor back;
            } figure[] = {{"plot ink", plot.ink, plot.background},
                          {"legend text", plot.ink, plot.legendFill},
                          {"white noise label", plot.whiteNoise, plot.background},
                          {"pink noise label", plot.pinkNoise, plot.background},
                          {"brown noise label", plot.brownNoise, plot.background}};
            for (const auto& pair : figure) {
                // The legend's fill is translucent over the plot's background.
                const QColor back =
                    pair.back.alpha() < 255
                        ? QColor::fromRgbF(
                              float(pair.back.alphaF() * pair.back.redF() +
                                    (1 - pair.back.alphaF()) * plot.background.redF()),
                              float(pair.back.alphaF() * pair.back.greenF() +
                                    (1 - pair.back.alphaF()) * plot.background.greenF()),
                              float(pair.back.alphaF() * pair.back.blueF() +
                                    (1 - pair.back.alphaF()) * plot.background.blueF()))
                        : pair.back;
                const double ratio = style::contrastRatio(pair.text, back);
                QVERIFY2(ratio >= style::kTextContrast,
                         qPrintable(pairText(pair.what, pair.text, back, ratio)));
            }
            // Graphics: the data colours' lines on the plot background (AA 3:1) after legible().
            for (const QColor& data :
                 {style::kData, style::kFit, style::kControl, style::kWhiteNoise, style::kPinkNoise,
                  style::kBrownNoise, QColor(0x7f, 0x7f, 0x7f)}) {
                const QColor shown =
                    style::legible(data, plot.background, style::kGraphicsContrast);
                QVERIFY(style::contrastRatio(shown, plot.background) >= 3.0);
            }
        }
        // The light theme's palette starts from the platform's: its window stays light.
        QVERIFY(style::relativeLuminance(theme::lightPalette().color(QPalette::Window)) > 0.5);
        QVERIFY(style::relativeLuminance(theme::darkPalette().color(QPalette::Window)) < 0.05);
    }

    void presentationScalesTheWholeWindow() {
        MainWindow window(false);
        window.resize(MainWindow::fittedSize({1400, 900}, {1280, 800 - 32}));
        window.show();
        QTableView* reviews = window.explorerPage()->findChild<ReviewListPanel*>()->table();
        QTableWidget* units = window.explorerPage()->findChild<UnitPanel*>()->table();
        const double tableBefore = reviews->font().pointSizeF();
        const double unitsBefore = units->font().pointSizeF();
        const double statusBefore = window.statusBar()->font().pointSizeF();
        const double appBefore = QApplication::font().pointSizeF();
        QVERIFY(tableBefore > 0);

        window.setPresentationMode(true);
        const double scale = theme::kPresentationFontScale;
        QCOMPARE(QApplication::font().pointSizeF(), appBefore * scale);
        QCOMPARE(reviews->font().pointSizeF(), tableBefore * scale);
        QCOMPARE(units->font().pointSizeF(), unitsBefore * scale);
        QCOMPARE(window.statusBar()->font().pointSizeF(), statusBefore * scale);
        // The figures grew too.
        QVERIFY(window.noisePage()->fluctuationPlot()->presentationMode());

        window.setPresentationMode(false);
        QCOMPARE(QApplication::font().pointSizeF(), appBefore);
        QCOMPARE(reviews->font().pointSizeF(), tableBefore);
    }

    void presentationFitsSmallScreens_data() {
        QTest::addColumn<QSize>("screen");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1366x768") << QSize(1366, 768);
    }

    void presentationFitsSmallScreens() {
        // The free area of the screen less a panel; the window opens inside it in presentation
        // mode too, and every control of every page lies inside the window (or in a scroll
        // area, which scrolls to it).
        QFETCH(QSize, screen);
        const QSize free = screen - QSize(0, 32);
        MainWindow window(false);
        window.setPresentationMode(true);
        window.resize(MainWindow::fittedSize({1400, 900}, free));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QSize least = window.minimumSizeHint();
        QVERIFY2(
            least.width() <= free.width() - 16 && least.height() <= free.height() - 48,
            qPrintable(QStringLiteral("needs %1 × %2").arg(least.width()).arg(least.height())));
        QVERIFY(window.width() <= free.width() - 16 && window.height() <= free.height() - 48);
        for (int p = 0; p < window.pageCount(); ++p) {
            FigurePage* page = window.page(p);
            window.showPage(page);
            QCoreApplication::sendPostedEvents(); // layouts
            const QRect inside = window.rect();
            const auto controls = page->findChildren<QWidget*>();
            for (QWidget* control : controls) {
                const bool interactive = qobject_cast<QAbstractButton*>(control) ||
                                         qobject_cast<QAbstractSpinBox*>(control) ||
                                         qobject_cast<QComboBox*>(control);
                if (!interactive || !control->isVisibleTo(page)) continue;
                bool scrolls = false;
                for (QWidget* up = control->parentWidget(); up && up != page;
                     up = up->parentWidget())
                    scrolls = scrolls || qobject_cast<QScrollArea*>(up);
                if (scrolls) continue;
                const QRect at(control->mapTo(&window, QPoint(0, 0)), control->size());
                QVERIFY2(inside.contains(at),
                         qPrintable(QStringLiteral("%1: %2 “%3” at %4,%5 %6 × %7 outside %8 × %9")
                                        .arg(page->pageTitle(),
                                             QLatin1String(control->metaObject()->className()),
                                             control->objectName())
                                        .arg(at.x())
                                        .arg(at.y())
                                        .arg(at.width())
                                        .arg(at.height())
                                        .arg(inside.width())
                                        .arg(inside.height())));
            }
        }
        window.setPresentationMode(false);
    }

    void classroomStepOneShowsTheWholeBeta() {
        // Classroom step 1 at 1280 × 800 cut "β = 1.00" in half: the noise page's panel now
        // scrolls, and the β line gets its full height.
        MainWindow window(false);
        QSignalSpy computed(window.noisePage(), &NoisePage::resultsUpdated);
        window.resize(MainWindow::fittedSize({1400, 900}, {1280, 800 - 32}));
        window.show();
        window.setClassroomMode(true);
        QVERIFY(window.presentationMode());
        QCOMPARE(window.currentPage(), static_cast<FigurePage*>(window.noisePage()));
        QTRY_VERIFY_WITH_TIMEOUT(!computed.isEmpty(), 60000);
        QCoreApplication::sendPostedEvents();
        QLabel* beta = nullptr;
        for (QLabel* label : window.noisePage()->findChildren<QLabel*>())
            if (label->text() == window.noisePage()->displayedBetaText()) beta = label;
        QVERIFY(beta);
        QVERIFY2(beta->height() >= beta->sizeHint().height(),
                 qPrintable(QStringLiteral("“%1” is %2 px tall, needs %3")
                                .arg(beta->text())
                                .arg(beta->height())
                                .arg(beta->sizeHint().height())));
        // Visible as the page opens: inside the window, and inside the panel's scroll area
        // without scrolling.
        QWidget* visible = &window;
        for (QWidget* up = beta->parentWidget(); up; up = up->parentWidget())
            if (auto* scroll = qobject_cast<QScrollArea*>(up)) {
                visible = scroll->viewport();
                break;
            }
        const QRect at(beta->mapTo(visible, QPoint(0, 0)), beta->size());
        QVERIFY2(visible->rect().contains(at),
                 qPrintable(QStringLiteral("β line at y %1 … %2, visible 0 … %3")
                                .arg(at.top())
                                .arg(at.bottom())
                                .arg(visible->height())));
        QVERIFY(QRect(QPoint(0, 0), window.size())
                    .contains(QRect(beta->mapTo(&window, QPoint(0, 0)), beta->size())));
        window.setClassroomMode(false);
    }

    void darkThemeReachesEveryWidgetAndComesBack() {
        MainWindow window(false);
        window.show();
        QTableView* reviews = window.explorerPage()->findChild<ReviewListPanel*>()->table();
        const QColor lightBase = reviews->palette().color(QPalette::Base);
        const QColor lightWindow = window.statusBar()->palette().color(QPalette::Window);
        QVERIFY(style::relativeLuminance(lightBase) > 0.5);

        window.setDarkTheme(true);
        QCOMPARE(QApplication::palette().color(QPalette::Window),
                 theme::darkPalette().color(QPalette::Window));
        QVERIFY(style::relativeLuminance(reviews->palette().color(QPalette::Base)) < 0.05);
        QVERIFY(style::relativeLuminance(window.statusBar()->palette().color(QPalette::Window)) <
                0.05);
        QVERIFY(style::contrastRatio(reviews->palette().color(QPalette::Text),
                                     reviews->palette().color(QPalette::Base)) >= 4.5);
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        for (int p = 0; p < window.pageCount(); ++p)
            for (PlotView* figure : window.page(p)->figures())
                QVERIFY(figure->darkTheme());

        window.setDarkTheme(false);
        QCOMPARE(reviews->palette().color(QPalette::Base), lightBase);
        QCOMPARE(window.statusBar()->palette().color(QPalette::Window), lightWindow);
        for (PlotView* figure : window.page(0)->figures())
            QVERIFY(!figure->darkTheme());
    }

    void presentationFiguresKeepTitlesAndTicksReadable() {
        // At 1280 × 800 in presentation mode: every figure's title fits its figure (in two
        // lines when needed), every axis label its axis, and no two tick labels of a
        // horizontal axis collide. The noise
        // page computes its figures by itself.
        MainWindow window(false);
        QSignalSpy computed(window.noisePage(), &NoisePage::resultsUpdated);
        window.setPresentationMode(true);
        window.resize(MainWindow::fittedSize({1400, 900}, {1280, 800 - 32}));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(!computed.isEmpty(), 60000);
        for (int p = 0; p < window.pageCount(); ++p) {
            window.showPage(window.page(p));
            QCoreApplication::sendPostedEvents();
            for (PlotView* figure : window.page(p)->figures()) {
                // A figure in a tab not shown (the study comparison before one is chosen) is
                // laid out when its tab is shown.
                if (!figure->isVisible()) continue;
                figure->replotNow();
                figure->replotNow(); // the tick counts settle after one layout
                QString why;
                QVERIFY2(titleFits(figure, &why),
                         qPrintable(figure->figureName() + QStringLiteral(": ") + why));
                QVERIFY2(axisLabelsFit(figure, &why),
                         qPrintable(figure->figureName() + QStringLiteral(": ") + why));
                QVERIFY2(ticksApart(figure, &why),
                         qPrintable(figure->figureName() + QStringLiteral(": ") + why));
            }
        }
        window.setPresentationMode(false);
    }
};

QTEST_MAIN(TestAppTheme)
#include "tst_app_theme.moc"
