// Figures of the explorer screen (one review): the activation heatmap, the traces of selected
// units, the fluctuation curves with their draggable fit range, and the data behind each figure.
#include "fluctuation_plot.h"
#include "heatmap_plot.h"
#include "plot_style.h"
#include "review_plot_support.h"
#include "support/legend_check.h"
#include "trace_plot.h"
#include "traces_plot.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <qcustomplot.h>

#include <cmath>
#include <map>
#include <set>

using namespace flicker;

namespace {

/// A T × U row-major matrix with both signs: v(t, u) = sin(0.3 t + u) · (u + 1).
std::vector<float> sampleMatrix(std::size_t steps, std::size_t units) {
    std::vector<float> values(steps * units);
    for (std::size_t t = 0; t < steps; ++t)
        for (std::size_t u = 0; u < units; ++u)
            values[t * units + u] = float(std::sin(0.3 * double(t) + double(u)) * double(u + 1));
    return values;
}

/// F(n) = c · n^alpha exactly, fitted over scales[first … first + count − 1].
DfaResult powerLaw(double c, double alpha, int first, int count) {
    DfaResult r;
    r.scales = {4, 8, 16, 32, 64, 128};
    for (int s : r.scales)
        r.fluctuation.push_back(c * std::pow(s, alpha));
    r.alpha = alpha;
    r.beta = 2 * alpha - 1;
    r.intercept = std::log(c);
    r.r2 = 1.0;
    r.fitFirst = first;
    r.fitCount = count;
    return r;
}

QStringList csvLines(const QString& csv) {
    return csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

/// Shows a figure at a fixed size and lays it out, so that pixel coordinates mean something.
void showLaidOut(PlotView& view) {
    view.resize(900, 560);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.replotNow();
}

/// One notch of the mouse wheel over the middle of the axes (positive = zoom in).
void wheelAtCentre(QCustomPlot* plot, int notches) {
    const QPointF at = plot->axisRect()->rect().center();
    QWheelEvent event(at, plot->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(plot, &event);
}

/// The rows (unit indices) that carry a filled highlight tab, with the tab's colour; checks that
/// each tab covers exactly its row.
std::map<double, QColor> markedRows(const HeatmapPlot& heatmap) {
    std::map<double, QColor> rows;
    for (int i = 0; i < heatmap.plot()->itemCount(); ++i) {
        auto* rect = qobject_cast<QCPItemRect*>(heatmap.plot()->item(i));
        if (!rect || rect->brush().style() == Qt::NoBrush) continue;
        const double top = rect->topLeft->coords().y(), bottom = rect->bottomRight->coords().y();
        if (top - bottom != 1.0) return {};
        rows[(top + bottom) / 2] = rect->brush().color();
    }
    return rows;
}

QPoint pixelAt(QCustomPlot* plot, double x) {
    return QPoint(int(std::lround(plot->xAxis->coordToPixel(x))),
                  plot->axisRect()->rect().center().y());
}

} // namespace

class TestReviewPlots : public QObject {
    Q_OBJECT

private slots:
    void heatmapCellsEqualTheInput();
    void stepAxesTickOnlyIntegers();
    void wordAxesCountFromOne();
    void heatmapColourRanges();
    void heatmapHighlightsAndCursor();
    void heatmapCsvIsWide();
    void stepRangeFromProgramDoesNotEmit();
    void wheelAndDragEmitStepRange();
    void linkedFiguresFollowEachOther();
    void tracesSeriesLegendAndRange();
    void legendsHideNoData();
    void wordTicksOnlyWhenZoomedIn();
    void tracesCsvHasStepsWordsAndSeries();
    void unitColoursAreFixed();
    void fluctuationCurvesAndAggregateFit();
    void fluctuationBandStartsAtTheFit();
    void dragFitEdgeSnapsAndEmits();
    void mouseDragsFitRange();
    void fluctuationCsv();
    void tracePlotCsv();
    void everyFigureExports();
    void darkThemeTogglesBackground();
};

void TestReviewPlots::heatmapCellsEqualTheInput() {
    HeatmapPlot heatmap;
    const std::size_t steps = 7, units = 4;
    const std::vector<float> values = sampleMatrix(steps, units);
    heatmap.setData(values, steps, units, QStringLiteral("h (a.u.)"), true);
    QCPColorMapData* cells = heatmap.colorMap()->data();
    QCOMPARE(cells->keySize(), int(steps));
    QCOMPARE(cells->valueSize(), int(units));
    for (std::size_t t = 0; t < steps; ++t)
        for (std::size_t u = 0; u < units; ++u)
            QCOMPARE(cells->cell(int(t), int(u)), double(values[t * units + u]));
    // Cell (t, u) sits at x = t, y = u.
    QCOMPARE(cells->data(3.0, 2.0), double(values[3 * units + 2]));
    QCOMPARE(heatmap.colorScale()->label(), QStringLiteral("h (a.u.)"));
    QCOMPARE(heatmap.plot()->yAxis->range().lower, -0.5);
    QCOMPARE(heatmap.plot()->yAxis->range().upper, double(units) - 0.5);
    QCOMPARE(heatmap.stepLower(), -0.5);
    QCOMPARE(heatmap.stepUpper(), double(steps) - 0.5);

    heatmap.setData({}, 0, 0, QStringLiteral("h (a.u.)"), true);
    QCOMPARE(heatmap.colorMap()->data()->keySize(), 0);
    QVERIFY(heatmap.dataCsv().isEmpty());
    heatmap.replotNow(); // drawing an empty map must not crash
}

void TestReviewPlots::stepAxesTickOnlyIntegers() {
    QCOMPARE(integerTickStep(0.5), 1.0);
    QCOMPARE(integerTickStep(2.5), 5.0);
    QCOMPARE(integerTickStep(1.5), 2.0);
    QCOMPARE(integerTickStep(20.0), 20.0);
    QCOMPARE(integerTickStep(250.0), 500.0);
    // While playing, the heatmap's step axis runs over every range from a few words to 500:
    // QCustomPlot alone ticks 12.5-wide windows at 2.5, 7.5, … — only integers may show.
    HeatmapPlot heatmap;
    heatmap.resize(600, 300);
    heatmap.setData(sampleMatrix(500, 4), 500, 4, QStringLiteral("h (a.u.)"), true);
    int checked = 0;
    for (double width : {3.0, 7.0, 12.5, 13.0, 25.0, 40.0, 130.0, 499.0}) {
        heatmap.plot()->xAxis->setRange(-0.5, width - 0.5);
        heatmap.plot()->yAxis->setRange(-0.5, 3.5);
        heatmap.replotNow();
        for (QCPAxis* axis : {heatmap.plot()->xAxis, heatmap.plot()->yAxis})
            for (double tick : axis->tickVector()) {
                QVERIFY2(tick == std::round(tick),
                         qPrintable(QStringLiteral("tick %1 at width %2").arg(tick).arg(width)));
                ++checked;
            }
    }
    QVERIFY(checked > 20);
}

// Issue 15: tooltips counted words from 1, the axes from 0. The heatmap's and the traces' word
// axes label step t as word t + 1 (the review text's tooltip says "word t + 1" for the same
// word), at round word numbers, in the one vocabulary "word".
void TestReviewPlots::wordAxesCountFromOne() {
    HeatmapPlot heatmap;
    heatmap.resize(600, 300);
    heatmap.setData(sampleMatrix(500, 4), 500, 4, QStringLiteral("h (a.u.)"), true);
    TracesPlot traces;
    traces.resize(600, 300);
    traces.setSeries({{QStringLiteral("unit 1"), QColor(), std::vector<double>(500, 0.5)}});
    for (StepPlot* figure : {static_cast<StepPlot*>(&heatmap), static_cast<StepPlot*>(&traces)}) {
        QCPAxis* axis = figure->plot()->xAxis;
        QCOMPARE(axis->label(), wordAxisLabel());
        QVERIFY(axis->label().startsWith(QStringLiteral("word")));
        for (double width : {12.0, 60.0, 500.0}) {
            axis->setRange(-0.5, width - 0.5);
            figure->replotNow();
            const QVector<double> ticks = axis->tickVector();
            const QVector<QString> labels = axis->tickVectorLabels();
            QVERIFY(!ticks.isEmpty());
            for (int k = 0; k < ticks.size(); ++k) {
                const QString where = QStringLiteral("width %1: tick %2 reads %3")
                                          .arg(width)
                                          .arg(ticks[k])
                                          .arg(labels[k]);
                QCOMPARE(labels[k].toInt(), int(ticks[k]) + 1); // step t is word t + 1
                QVERIFY2(labels[k].toInt() >= 0, qPrintable(where));
            }
            // Round word numbers: 1 or a multiple of the tick step (10, 20 … , 100 …).
            if (width >= 60) {
                const QStringList round(labels.begin(), labels.end());
                QVERIFY2(round.contains(QStringLiteral("50")) ||
                             round.contains(QStringLiteral("100")),
                         qPrintable(round.join(' ')));
            }
        }
        // The first step of the full range is labelled 1 when the tick step is 1.
        axis->setRange(-0.5, 4.5);
        figure->replotNow();
        QCOMPARE(axis->tickVectorLabels().first(), QStringLiteral("1"));
        QCOMPARE(axis->tickVector().first(), 0.0);
    }
}

void TestReviewPlots::heatmapColourRanges() {
    HeatmapPlot heatmap;
    const std::vector<float> values{0.2f, -3.5f, 1.0f, 2.0f, 0.0f, -1.0f};
    heatmap.setData(values, 3, 2, QStringLiteral("h (a.u.)"), true);
    QVERIFY(heatmap.symmetric());
    QCOMPARE(heatmap.colorLower(), -3.5);
    QCOMPARE(heatmap.colorUpper(), 3.5);
    QCOMPARE(heatmap.colorMap()->dataRange().lower, -3.5);
    QCOMPARE(heatmap.colorMap()->dataRange().upper, 3.5);
    QCOMPARE(heatmap.colorScale()->dataRange().upper, 3.5);
    // Diverging: the middle of the range is (nearly) white, the ends blue and red.
    QCPColorGradient gradient = heatmap.colorMap()->gradient();
    const QColor middle = QColor::fromRgb(gradient.color(0.0, QCPRange(-1, 1)));
    QVERIFY(middle.lightness() > 230);
    QVERIFY(QColor::fromRgb(gradient.color(-1.0, QCPRange(-1, 1))).blue() > 150);
    QVERIFY(QColor::fromRgb(gradient.color(1.0, QCPRange(-1, 1))).red() > 150);

    const std::vector<float> gates{0.25f, 0.5f, 0.75f, 0.9f};
    heatmap.setData(gates, 2, 2, QStringLiteral("i (gate, 0…1)"), false);
    QVERIFY(!heatmap.symmetric());
    QCOMPARE(heatmap.colorLower(), double(0.25f));
    QCOMPARE(heatmap.colorUpper(), double(0.9f));
    QVERIFY(heatmap.colorMap()->gradient() != gradient);
}

void TestReviewPlots::heatmapHighlightsAndCursor() {
    HeatmapPlot heatmap;
    heatmap.setData(sampleMatrix(20, 6), 20, 6, QStringLiteral("h (a.u.)"), true);
    QVERIFY(markedRows(heatmap).empty());
    const QColor red(Qt::red);
    heatmap.setHighlightedUnits({1, 4, 99}, {QColor(), red}); // 99 does not exist: ignored
    QCOMPARE(heatmap.highlightedUnits(), (std::vector<int>{1, 4, 99}));
    QCOMPARE(markedRows(heatmap),
             (std::map<double, QColor>{{1.0, style::palette(false).ink}, {4.0, red}}));
    // Highlights survive new data of the same review (another kind).
    heatmap.setData(sampleMatrix(20, 6), 20, 6, QStringLiteral("c (a.u.)"), true);
    QCOMPARE(markedRows(heatmap).size(), std::size_t(2));
    heatmap.setHighlightedUnits({});
    QVERIFY(markedRows(heatmap).empty());

    QCPItemStraightLine* cursor = nullptr;
    for (int i = 0; i < heatmap.plot()->itemCount(); ++i)
        if (auto* line = qobject_cast<QCPItemStraightLine*>(heatmap.plot()->item(i))) cursor = line;
    QVERIFY(cursor);
    QVERIFY(!cursor->visible());
    heatmap.setCursorStep(7);
    QVERIFY(cursor->visible());
    QCOMPARE(cursor->point1->coords().x(), 7.0);
    QCOMPARE(cursor->point2->coords().x(), 7.0);
    QCOMPARE(heatmap.cursorStep(), 7);
    heatmap.setCursorStep(-1);
    QVERIFY(!cursor->visible());
}

void TestReviewPlots::heatmapCsvIsWide() {
    HeatmapPlot heatmap;
    const std::vector<float> values = sampleMatrix(5, 3);
    heatmap.setData(values, 5, 3, QStringLiteral("h (a.u.)"), true);
    const QStringList lines = csvLines(heatmap.dataCsv());
    QCOMPARE(lines.size(), 1 + 5);
    QCOMPARE(lines[0], QStringLiteral("word_number,u0,u1,u2"));
    for (int t : {0, 1, 4}) {
        const QStringList cells = lines[1 + t].split(QLatin1Char(','));
        QCOMPARE(cells.size(), 4);
        QCOMPARE(cells[0], QString::number(t + 1)); // the first word is word 1
        for (int u = 0; u < 3; ++u) // shortest float text reads back to the same float
            QCOMPARE(cells[1 + u].toFloat(), values[std::size_t(t) * 3 + std::size_t(u)]);
    }
}

void TestReviewPlots::stepRangeFromProgramDoesNotEmit() {
    HeatmapPlot heatmap;
    heatmap.setData(sampleMatrix(200, 4), 200, 4, QStringLiteral("h (a.u.)"), true);
    QSignalSpy spy(&heatmap, &HeatmapPlot::stepRangeChanged);
    heatmap.setStepRange(10, 50);
    QCOMPARE(heatmap.stepLower(), 10.0);
    QCOMPARE(heatmap.stepUpper(), 50.0);
    // Clamped to the review [−0.5, T − 0.5], keeping the width.
    heatmap.setStepRange(-100, 20);
    QCOMPARE(heatmap.stepLower(), -0.5);
    QCOMPARE(heatmap.stepUpper(), 119.5);
    heatmap.setStepRange(150, 400);
    QCOMPARE(heatmap.stepLower(), -0.5);
    QCOMPARE(heatmap.stepUpper(), 199.5);
    // Never narrower than a few steps.
    heatmap.setStepRange(10, 10.1);
    QVERIFY(heatmap.stepUpper() - heatmap.stepLower() >= StepAxis::kMinWidth - 1e-9);

    TracesPlot traces;
    traces.setSeries({{QStringLiteral("u0"), QColor(), std::vector<double>(80, 1.0)}});
    QSignalSpy traceSpy(&traces, &TracesPlot::stepRangeChanged);
    traces.setStepRange(5, 25);
    QCOMPARE(traces.stepLower(), 5.0);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(traceSpy.count(), 0);
}

void TestReviewPlots::wheelAndDragEmitStepRange() {
    HeatmapPlot heatmap;
    heatmap.setData(sampleMatrix(200, 8), 200, 8, QStringLiteral("h (a.u.)"), true);
    showLaidOut(heatmap);
    QCustomPlot* plot = heatmap.plot();
    QSignalSpy spy(&heatmap, &HeatmapPlot::stepRangeChanged);

    wheelAtCentre(plot, 2); // zoom in
    QTRY_VERIFY(spy.count() >= 1);
    const QList<QVariant> last = spy.last();
    const double lower = last[0].toDouble(), upper = last[1].toDouble();
    QVERIFY(upper - lower < 199.0);
    QCOMPARE(heatmap.stepLower(), lower);
    QCOMPARE(heatmap.stepUpper(), upper);
    // Only the step axis zooms; all units stay visible.
    QCOMPARE(plot->yAxis->range().lower, -0.5);
    QCOMPARE(plot->yAxis->range().upper, 7.5);

    // Dragging to the right shows earlier steps.
    const int before = spy.count();
    const QPoint from = plot->axisRect()->rect().center();
    const QPoint to = from + QPoint(120, 40);
    QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(plot, from + QPoint(60, 20));
    QTest::mouseMove(plot, to);
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, to);
    QVERIFY(spy.count() > before);
    QVERIFY(heatmap.stepLower() < lower);
    QVERIFY(heatmap.stepLower() >= -0.5);
    QCOMPARE(heatmap.stepUpper() - heatmap.stepLower(), upper - lower); // panned, not zoomed
    QCOMPARE(plot->yAxis->range().upper, 7.5);

    // Zooming far out stops at the whole review.
    wheelAtCentre(plot, -20);
    QCOMPARE(heatmap.stepLower(), -0.5);
    QCOMPARE(heatmap.stepUpper(), 199.5);
}

void TestReviewPlots::linkedFiguresFollowEachOther() {
    HeatmapPlot heatmap;
    TracesPlot traces;
    heatmap.setData(sampleMatrix(120, 4), 120, 4, QStringLiteral("h (a.u.)"), true);
    traces.setSeries({{QStringLiteral("unit 1"), QColor(), std::vector<double>(120, 0.5)}});
    connect(&heatmap, &HeatmapPlot::stepRangeChanged, &traces, &TracesPlot::setStepRange);
    connect(&traces, &TracesPlot::stepRangeChanged, &heatmap, &HeatmapPlot::setStepRange);
    QSignalSpy heatmapSpy(&heatmap, &HeatmapPlot::stepRangeChanged);
    QSignalSpy tracesSpy(&traces, &TracesPlot::stepRangeChanged);
    showLaidOut(heatmap);
    wheelAtCentre(heatmap.plot(), 3);
    QCOMPARE(heatmapSpy.count(), 1);
    QCOMPARE(tracesSpy.count(), 0); // no loop back
    QCOMPARE(traces.stepLower(), heatmap.stepLower());
    QCOMPARE(traces.stepUpper(), heatmap.stepUpper());
}

void TestReviewPlots::legendsHideNoData() {
    // F(n) of three units and their mean (the legend used to hide n = 4 … 15), of six units
    // (one legend entry for the thin lines), and traces that fill the axes: at two sizes on
    // screen and in an export, no plotted point lies under a legend.
    const auto check = [](PlotView& view, const char* what) {
        for (QSize size : {QSize(900, 560), QSize(420, 320)}) {
            view.resize(size);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.replotNow();
            QVERIFY(view.plot()->legend->visible());
            QVERIFY2(test::pointsUnderLegend(view.plot()) == 0,
                     qPrintable(QStringLiteral("%1 at %2 × %3: %4 points hidden")
                                    .arg(what)
                                    .arg(size.width())
                                    .arg(size.height())
                                    .arg(test::pointsUnderLegend(view.plot()))));
        }
        QVERIFY(!view.renderImage({1600, 1000}, 192).isNull());
        QCOMPARE(test::pointsUnderLegend(view.plot()), 0); // as laid out for the export
    };
    for (int units : {3, 6}) {
        FluctuationPlot figure;
        std::vector<FluctuationCurve> curves;
        for (int k = 0; k < units; ++k)
            curves.push_back({QStringLiteral("h unit %1").arg(k), TracesPlot::unitColor(k),
                              powerLaw(0.15 + 0.05 * k, 0.6 + 0.1 * k, 0, 6)});
        figure.setCurves(curves, powerLaw(0.3, 0.8, 0, 6), QStringLiteral("mean F(n)"),
                         QStringLiteral("UDFA, order 1"));
        QStringList names;
        for (int k = 0; k < figure.plot()->legend->itemCount(); ++k)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(figure.plot()->legend->item(k)))
                names << item->plottable()->name();
        if (units == 6)
            QVERIFY2(names.contains(QStringLiteral("6 units (thin lines)")),
                     qPrintable(names.join(", ")));
        check(figure, units == 3 ? "F(n), 3 units" : "F(n), 6 units");
        // The reference names sit beside the axes, whole ("brown" was cut off at the top and
        // "pink"/"white" sat on the data).
        figure.replotNow();
        int referenceNames = 0;
        for (int i = 0; i < figure.plot()->itemCount(); ++i) {
            auto* label = qobject_cast<QCPItemText*>(figure.plot()->item(i));
            if (!label || !label->visible() ||
                !QStringList{"white", "pink", "brown"}.contains(label->text()))
                continue;
            ++referenceNames;
            const QRectF r(label->topLeft->pixelPosition(), label->bottomRight->pixelPosition());
            QVERIFY(r.left() >= figure.plot()->axisRect()->rect().right() - 1);
            QVERIFY(r.top() >= 0 && r.bottom() <= figure.plot()->height() &&
                    r.right() <= figure.plot()->width());
        }
        QCOMPARE(referenceNames, 3);
    }
    TracesPlot traces;
    std::vector<TraceSeries> series;
    for (int k = 0; k < 5; ++k) {
        TraceSeries s{QStringLiteral("h unit %1").arg(k), TracesPlot::unitColor(k), {}};
        for (int t = 0; t < 500; ++t)
            s.values.push_back(std::sin(0.37 * t * (k + 1)));
        series.push_back(s);
    }
    traces.setSeries(series);
    check(traces, "traces");
}

void TestReviewPlots::tracesSeriesLegendAndRange() {
    TracesPlot traces;
    std::vector<TraceSeries> series;
    for (int k = 0; k < 3; ++k) {
        TraceSeries s{QStringLiteral("unit %1").arg(k), TracesPlot::unitColor(k), {}};
        for (int t = 0; t < 50; ++t)
            s.values.push_back(std::sin(0.2 * t + k) * (k + 1));
        series.push_back(s);
    }
    traces.setSeries(series);
    QCustomPlot* plot = traces.plot();
    QCOMPARE(plot->graphCount(), 3);
    QCOMPARE(plot->graph(2)->dataCount(), 50);
    QCOMPARE(plot->graph(1)->data()->at(7)->value, series[1].values[7]);
    QCOMPARE(plot->graph(0)->pen().color(), TracesPlot::unitColor(0));
    QVERIFY(plot->legend->visible());
    QCOMPARE(plot->legend->itemCount(), 3);
    QVERIFY(plot->yAxis->range().lower < -2.9 && plot->yAxis->range().upper > 2.9);
    QVERIFY(plot->yAxis->range().lower > -3.5 && plot->yAxis->range().upper < 3.5);
    QCOMPARE(plot->xAxis->label(), wordAxisLabel());
    QCOMPARE(plot->yAxis->label(), QStringLiteral("activation (a.u.)"));

    for (int k = 3; k < 9; ++k)
        series.push_back({QStringLiteral("unit %1").arg(k), QColor(), std::vector<double>(50, k)});
    traces.setSeries(series);
    QCOMPARE(plot->graphCount(), 9);
    QVERIFY(!plot->legend->visible()); // more than 8 series
    traces.setAxisLabels(QStringLiteral("word"), QStringLiteral("c (a.u.)"));
    QCOMPARE(plot->yAxis->label(), QStringLiteral("c (a.u.)"));
    traces.clear();
    QCOMPARE(plot->graphCount(), 0);
    QVERIFY(traces.dataCsv().isEmpty());
}

void TestReviewPlots::wordTicksOnlyWhenZoomedIn() {
    TracesPlot traces;
    QStringList words;
    for (int t = 0; t < 100; ++t)
        words << QStringLiteral("w%1").arg(t);
    traces.setSeries({{QStringLiteral("u0"), QColor(), std::vector<double>(100, 0.1)}});
    traces.setWords(words);
    showLaidOut(traces);
    QCustomPlot* plot = traces.plot();
    QVERIFY(!traces.showsWords());
    QVERIFY(!plot->xAxis->tickVectorLabels().contains(QStringLiteral("w20")));

    traces.setStepRange(10, 45); // 36 steps visible
    traces.replotNow();
    QVERIFY(traces.showsWords());
    const QVector<QString> labels = plot->xAxis->tickVectorLabels();
    for (int t = 10; t <= 45; ++t)
        QVERIFY2(labels.contains(QStringLiteral("w%1").arg(t)), qPrintable(QString::number(t)));
    QVERIFY(!labels.contains(QStringLiteral("w60")));
    QVERIFY(plot->xAxis->tickLabelRotation() != 0);

    traces.setStepRange(10, 60); // 51 steps visible: numbers again
    traces.replotNow();
    QVERIFY(!traces.showsWords());
    QVERIFY(!plot->xAxis->tickVectorLabels().contains(QStringLiteral("w20")));
    QVERIFY(plot->xAxis->tickVectorLabels().contains(QStringLiteral("20")));

    // Zooming in with the wheel switches to words.
    for (int i = 0; i < 10 && !traces.showsWords(); ++i)
        wheelAtCentre(plot, 1);
    QVERIFY(traces.showsWords());
    QVERIFY(traces.stepUpper() - traces.stepLower() <= TracesPlot::kMaxWordTicks);
}

void TestReviewPlots::tracesCsvHasStepsWordsAndSeries() {
    TracesPlot traces;
    traces.setSeries({{QStringLiteral("unit 3"), QColor(), {0.5, -1.25, 2.0}},
                      {QStringLiteral("unit 7, h"), QColor(), {0.1, 0.2}}});
    QStringList lines = csvLines(traces.dataCsv());
    QCOMPARE(lines[0], QStringLiteral("word_number,unit 3,\"unit 7, h\""));
    QCOMPARE(lines[1], QStringLiteral("1,0.5,0.1"));
    QCOMPARE(lines[3], QStringLiteral("3,2,")); // the shorter series has no word 3

    traces.setWords({QStringLiteral("the"), QStringLiteral("\"best\""), QStringLiteral("film")});
    lines = csvLines(traces.dataCsv());
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], QStringLiteral("word_number,word,unit 3,\"unit 7, h\""));
    QCOMPARE(lines[1], QStringLiteral("1,\"the\",0.5,0.1"));
    QCOMPARE(lines[2], QStringLiteral("2,\"\"\"best\"\"\",-1.25,0.2"));
}

void TestReviewPlots::unitColoursAreFixed() {
    std::set<QRgb> distinct;
    for (int i = 0; i < 10; ++i)
        distinct.insert(TracesPlot::unitColor(i).rgb());
    QCOMPARE(int(distinct.size()), 10);
    QCOMPARE(TracesPlot::unitColor(12), TracesPlot::unitColor(2));
    QCOMPARE(TracesPlot::unitColor(-1), TracesPlot::unitColor(9));
    QCOMPARE(TracesPlot::unitColor(0), QColor(0x4e, 0x79, 0xa7)); // Tableau blue
}

void TestReviewPlots::fluctuationCurvesAndAggregateFit() {
    FluctuationPlot figure;
    const DfaResult aggregate = powerLaw(0.3, 0.9, 1, 4);
    std::vector<FluctuationCurve> curves;
    for (int k = 0; k < 3; ++k)
        curves.push_back({QStringLiteral("unit %1").arg(k), TracesPlot::unitColor(k),
                          powerLaw(0.2 + 0.1 * k, 0.7 + 0.2 * k, 0, 6)});
    figure.setCurves(curves, aggregate, QStringLiteral("mean over units"),
                     QStringLiteral("UDFA, order 1"));
    QCustomPlot* plot = figure.plot();
    QCOMPARE(figure.curveCount(), 3);
    QCOMPARE(plot->graphCount(), 5 + 3);
    QCOMPARE(plot->graph(4)->dataCount(), 6); // the aggregate's points
    QCOMPARE(plot->graph(4)->name(), QStringLiteral("mean over units, UDFA, order 1"));
    QCOMPARE(plot->graph(5)->dataCount(), 6); // the first curve
    QCOMPARE(plot->graph(5)->pen().color(), TracesPlot::unitColor(0));
    QCOMPARE(plot->graph(6)->data()->at(2)->value, curves[1].result.fluctuation[2]);
    // Curves lie under the aggregate.
    QVERIFY(plot->graph(5)->layer()->index() < plot->graph(4)->layer()->index());
    // The fitted line spans the aggregate's fitted scales 8 … 64.
    QCPGraph* fit = plot->graph(3);
    QCOMPARE(fit->dataCount(), 2);
    QCOMPARE(fit->data()->at(0)->key, 8.0);
    QCOMPARE(fit->data()->at(1)->key, 64.0);
    QVERIFY(std::abs(fit->data()->at(1)->value - 0.3 * std::pow(64.0, 0.9)) < 1e-9);
    QCOMPARE(figure.annotationText(), QStringLiteral("α = 0.90 ± 0.00, β = 0.80, R² = 1.000, "
                                                     "fit 8–64 steps"));
    QCOMPARE(figure.subtitle(), figure.annotationText());

    figure.setResult(aggregate);
    QCOMPARE(figure.curveCount(), 0);
    QCOMPARE(plot->graphCount(), 5);
    QCOMPARE(plot->graph(4)->name(), QStringLiteral("F(n)"));
    // Cleared: no "fit, α = 0.90" of the last series stays beside "no data yet".
    QVERIFY(plot->graph(3)->name().startsWith(QStringLiteral("fit, α = 0.90")));
    figure.clear();
    QCOMPARE(figure.subtitle(), QStringLiteral("no data yet"));
    QCOMPARE(plot->graph(3)->name(), QStringLiteral("fitted line"));
    QCOMPARE(plot->graph(4)->name(), QStringLiteral("F(n)"));
}

void TestReviewPlots::fluctuationBandStartsAtTheFit() {
    FluctuationPlot figure;
    QVERIFY(!figure.hasFitRange());
    figure.setResult(powerLaw(0.3, 0.9, 1, 4));
    QVERIFY(figure.hasFitRange());
    QCOMPARE(figure.fitRangeMin(), 8.0);
    QCOMPARE(figure.fitRangeMax(), 64.0);
    QSignalSpy spy(&figure, &FluctuationPlot::fitRangeChanged);
    figure.setFitRange(15, 40); // snaps to 16 and 32
    QCOMPARE(figure.fitRangeMin(), 16.0);
    QCOMPARE(figure.fitRangeMax(), 32.0);
    QCOMPARE(spy.count(), 0);
    DfaResult silent = powerLaw(0.3, 0.9, 1, 4);
    silent.silent = true;
    figure.setResult(silent);
    QVERIFY(!figure.hasFitRange());
}

void TestReviewPlots::dragFitEdgeSnapsAndEmits() {
    FluctuationPlot figure;
    figure.setResult(powerLaw(0.3, 0.9, 1, 4)); // band 8 … 64
    QSignalSpy spy(&figure, &FluctuationPlot::fitRangeChanged);

    figure.dragFitEdge(false, 5.0); // nearest computed scale: 4
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last()[0].toDouble(), 4.0);
    QCOMPARE(spy.last()[1].toDouble(), 64.0);

    figure.dragFitEdge(true, 100.0); // 100 is nearer 128 than 64 on a log axis
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.last()[0].toDouble(), 4.0);
    QCOMPARE(spy.last()[1].toDouble(), 128.0);

    figure.dragFitEdge(true, 2.0); // never below the lower edge: two scales at least
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.last()[1].toDouble(), 8.0);
    QCOMPARE(figure.fitRangeMax(), 8.0);

    figure.dragFitEdge(true, 8.3); // snaps to where it already is: nothing changed
    QCOMPARE(spy.count(), 3);
}

void TestReviewPlots::mouseDragsFitRange() {
    FluctuationPlot figure;
    figure.setResult(powerLaw(0.3, 0.9, 1, 4)); // band 8 … 64
    showLaidOut(figure);
    QCustomPlot* plot = figure.plot();
    QSignalSpy spy(&figure, &FluctuationPlot::fitRangeChanged);
    // Were the axes draggable, dragging the band must not pan them.
    plot->setInteraction(QCP::iRangeDrag, true);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
    const QCPRange axisRange = plot->xAxis->range();

    // Hovering over an edge offers to resize.
    const QPoint upperEdge = pixelAt(plot, 64.0);
    QTest::mouseMove(plot, upperEdge);
    QCOMPARE(plot->cursor().shape(), Qt::SizeHorCursor);

    // Drag the upper edge to 120 (snaps to 128).
    const QPoint target = pixelAt(plot, 120.0);
    QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, upperEdge);
    QVERIFY(!plot->interactions().testFlag(QCP::iRangeDrag));
    QTest::mouseMove(plot, (upperEdge + target) / 2);
    QTest::mouseMove(plot, target);
    QCOMPARE(figure.fitRangeMax(), 128.0); // the band follows while dragging
    QCOMPARE(spy.count(), 0);              // but reports only on release
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, target);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last()[0].toDouble(), 8.0);
    QCOMPARE(spy.last()[1].toDouble(), 128.0);
    QCOMPARE(plot->xAxis->range(), axisRange);
    QVERIFY(plot->interactions().testFlag(QCP::iRangeDrag)); // restored

    // Drag the lower edge from 8 to 17 (snaps to 16).
    const QPoint lowerEdge = pixelAt(plot, 8.0);
    const QPoint lowerTarget = pixelAt(plot, 17.0);
    QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, lowerEdge);
    QTest::mouseMove(plot, lowerTarget);
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, lowerTarget);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.last()[0].toDouble(), 16.0);
    QCOMPARE(spy.last()[1].toDouble(), 128.0);

    // Drag the whole band (16 … 128) left by a factor of four: 4 … 32.
    const QPoint inside = pixelAt(plot, 45.0);
    const QPoint moved = pixelAt(plot, 45.0 / 4);
    QTest::mouseMove(plot, inside);
    QCOMPARE(plot->cursor().shape(), Qt::OpenHandCursor);
    QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, inside);
    QTest::mouseMove(plot, moved);
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, moved);
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.last()[0].toDouble(), 4.0);
    QCOMPARE(spy.last()[1].toDouble(), 32.0);

    // Outside the band the mouse does nothing to it.
    const QPoint outside = pixelAt(plot, 100.0);
    QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, outside);
    QTest::mouseMove(plot, pixelAt(plot, 50.0));
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, pixelAt(plot, 50.0));
    QCOMPARE(spy.count(), 3);
    QCOMPARE(figure.fitRangeMin(), 4.0);

    // New data during a drag ends it without a report; the band shows the new fit.
    QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, pixelAt(plot, 32.0));
    QTest::mouseMove(plot, pixelAt(plot, 64.0));
    figure.setResult(powerLaw(0.3, 0.9, 2, 3)); // fitted 16 … 64
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, pixelAt(plot, 128.0));
    QCOMPARE(spy.count(), 3);
    QCOMPARE(figure.fitRangeMin(), 16.0);
    QCOMPARE(figure.fitRangeMax(), 64.0);
    QVERIFY(plot->interactions().testFlag(QCP::iRangeDrag));
    figure.setFitRange(4, 32);

    // A figure whose band is not editable ignores the mouse.
    figure.setFitRangeEditable(false);
    const QPoint edge = pixelAt(plot, 32.0);
    QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, edge);
    QTest::mouseMove(plot, pixelAt(plot, 128.0));
    QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, pixelAt(plot, 128.0));
    QCOMPARE(spy.count(), 3);
    QCOMPARE(figure.fitRangeMax(), 32.0);
}

void TestReviewPlots::fluctuationCsv() {
    FluctuationPlot figure;
    QVERIFY(figure.dataCsv().isEmpty());
    const DfaResult aggregate = powerLaw(0.3, 0.9, 1, 4);
    DfaResult unit = powerLaw(0.5, 1.1, 0, 6);
    unit.scales.pop_back(); // the unit lacks n = 128
    unit.fluctuation.pop_back();
    unit.fitCount = 5;
    figure.setCurves({{QStringLiteral("unit 2"), QColor(), unit}}, aggregate,
                     QStringLiteral("mean"), {});
    const QStringList lines = csvLines(figure.dataCsv());
    QCOMPARE(lines.size(), 1 + 6);
    QCOMPARE(lines[0], QStringLiteral("n,unit 2,mean,fit"));
    QStringList first = lines[1].split(QLatin1Char(','));
    QCOMPARE(first[0], QStringLiteral("4"));
    QCOMPARE(first[1].toDouble(), unit.fluctuation[0]);
    QCOMPARE(first[2].toDouble(), aggregate.fluctuation[0]);
    QCOMPARE(first[3], QString()); // 4 is outside the fitted scales
    const QStringList second = lines[2].split(QLatin1Char(','));
    QVERIFY(std::abs(second[3].toDouble() - 0.3 * std::pow(8.0, 0.9)) < 1e-12);
    const QStringList last = lines[6].split(QLatin1Char(','));
    QCOMPARE(last[0], QStringLiteral("128"));
    QCOMPARE(last[1], QString());
    QCOMPARE(last[2].toDouble(), aggregate.fluctuation[5]);
}

void TestReviewPlots::tracePlotCsv() {
    TracePlot trace;
    QVERIFY(trace.dataCsv().isEmpty());
    trace.setData({0.25, -1.5, 3.0});
    QCOMPARE(trace.dataCsv(), QStringLiteral("step,value\n0,0.25\n1,-1.5\n2,3\n"));
}

void TestReviewPlots::everyFigureExports() {
    HeatmapPlot heatmap;
    heatmap.setData(sampleMatrix(60, 8), 60, 8, QStringLiteral("h (a.u.)"), true);
    heatmap.setHighlightedUnits({2, 5});
    heatmap.setCursorStep(12);
    TracesPlot traces;
    traces.setSeries({{QStringLiteral("unit 2"), TracesPlot::unitColor(0), {0.1, 0.4, -0.2}}});
    traces.setWords({QStringLiteral("a"), QStringLiteral("good"), QStringLiteral("film")});
    FluctuationPlot fluctuation;
    fluctuation.setCurves(
        {{QStringLiteral("unit 2"), TracesPlot::unitColor(0), powerLaw(0.4, 1.0, 0, 6)}},
        powerLaw(0.3, 0.9, 1, 4), QStringLiteral("mean"), {});
    TracePlot trace;
    trace.setData({1.0, 2.0, 0.5});

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::vector<PlotView*> figures{&heatmap, &traces, &fluctuation, &trace};
    for (PlotView* figure : figures) {
        figure->setProvenance(QStringLiteral("Flicker test\nreview 7, seed 3"));
        figure->setExportSize(QSize(500, 320));
        figure->setExportDpi(96);
        for (const char* suffix : {"png", "svg", "pdf", "csv"}) {
            const QString path =
                dir.filePath(figure->figureName() + QLatin1Char('.') + QLatin1String(suffix));
            QString error;
            QVERIFY2(figure->exportTo(path, &error), qPrintable(error));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY2(bytes.size() > 20, qPrintable(path));
            if (QLatin1String(suffix) == QLatin1String("pdf")) QVERIFY(bytes.startsWith("%PDF-"));
            if (QLatin1String(suffix) == QLatin1String("csv")) {
                const QString text = QString::fromUtf8(bytes);
                QVERIFY(text.startsWith(QStringLiteral("# Flicker test\n# review 7, seed 3\n")));
                QVERIFY(text.endsWith(figure->dataCsv()));
            }
        }
    }
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("activations-heatmap.png"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("activation-traces.svg"))));
}

void TestReviewPlots::darkThemeTogglesBackground() {
    HeatmapPlot heatmap;
    heatmap.setData(sampleMatrix(30, 5), 30, 5, QStringLiteral("h (a.u.)"), true);
    TracesPlot traces;
    traces.setSeries({{QStringLiteral("u"), QColor(), {0.0, 1.0}}});
    FluctuationPlot fluctuation;
    fluctuation.setResult(powerLaw(0.3, 0.9, 1, 4));
    for (PlotView* figure : std::vector<PlotView*>{&heatmap, &traces, &fluctuation}) {
        for (bool dark : {true, false}) {
            figure->setDarkTheme(dark);
            const QColor background = style::palette(dark).background;
            QCOMPARE(figure->plot()->axisRect()->backgroundBrush().color(), background);
            const QImage image = figure->renderImage(QSize(300, 200), 96);
            QCOMPARE(QColor(image.pixel(1, 1)), background);
            QCOMPARE(figure->plot()->xAxis->labelColor(), style::palette(dark).ink);
        }
    }
    heatmap.setDarkTheme(true);
    QCOMPARE(heatmap.colorScale()->axis()->labelColor(), style::palette(true).ink);
}

QTEST_MAIN(TestReviewPlots)
#include "tst_review_plots.moc"
