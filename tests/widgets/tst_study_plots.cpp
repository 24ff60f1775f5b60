// GUI tests of the across-review figures: histogram bins and legend, box statistics, scatter
// correlation and clicks, the CSV behind each figure, exports and the dark theme.
#include "box_plot.h"
#include "histogram_plot.h"
#include "plot_style.h"
#include "scatter_plot.h"
#include "spectrum_plot.h"
#include "support/legend_check.h"
#include "sweep_plot.h"

#include "signal/spectrum.h"
#include "signal/synthetic.h"

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

using namespace flicker;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Number of finite values in [low, high), counted directly.
int countIn(const std::vector<double>& values, double low, double high) {
    int count = 0;
    for (double v : values)
        if (std::isfinite(v) && v >= low && v < high) ++count;
    return count;
}

/// Mean ± sample SD written as on the plots (two decimals, typographic minus).
QString meanSd(const std::vector<double>& values, int* n) {
    double sum = 0;
    int count = 0;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        sum += v;
        ++count;
    }
    const double mean = sum / count;
    double squares = 0;
    for (double v : values)
        if (std::isfinite(v)) squares += (v - mean) * (v - mean);
    *n = count;
    return style::formatNumber(mean, 2) + QStringLiteral(" ± ") +
           style::formatNumber(std::sqrt(squares / (count - 1)), 2);
}

std::vector<double> sample(std::size_t n, double mean, double sd, std::uint64_t seed) {
    std::vector<double> values = whiteNoise(n, seed);
    for (double& v : values)
        v = mean + sd * v;
    return values;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QPoint pixelOf(const ScatterPlot& view, double x, double y) {
    return QPoint(int(std::lround(view.plot()->xAxis->coordToPixel(x))),
                  int(std::lround(view.plot()->yAxis->coordToPixel(y))));
}

bool near(const QColor& a, const QColor& b, int tolerance = 12) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

class TestStudyPlots : public QObject {
    Q_OBJECT

private slots:
    void narrowGroupKeepsItsShapeBesideAWideOne() {
        // Inputs near 0 and a hidden state spread over [0.5, 1]: the bins follow the narrow
        // group's Freedman–Diaconis width (limited to 60 bins), not the pooled one (≈ 0.12).
        HistogramPlot plot;
        std::vector<double> narrow, wide;
        for (int k = 0; k < 300; ++k) {
            narrow.push_back(0.05 * k / 299.0);
            wide.push_back(0.5 + 0.5 * k / 299.0);
        }
        plot.setGroups(
            {{QStringLiteral("x"), Qt::gray, narrow}, {QStringLiteral("h"), Qt::red, wide}});
        const auto& edges = plot.binEdges();
        const double width = edges[1] - edges[0];
        QVERIFY2(width <= 0.025 + 1e-12, qPrintable(QString::number(width)));
        QVERIFY(int(edges.size()) - 1 <= HistogramPlot::kMaxBins);
        int inNarrowRange = 0;
        for (int c : plot.counts(0))
            inNarrowRange += c > 0;
        QVERIFY(inNarrowRange >= 2); // x spread over several bins, not a single bar
    }

    // Nearly equal values (spread 1e-14) beside a wide group: their Freedman–Diaconis width
    // would ask for ~1e14 bins; the width starts where 60 bins cover the range (this hung).
    void nearlyEqualGroupBesideAWideOne() {
        HistogramPlot plot;
        std::vector<double> equal, wide;
        for (int k = 0; k < 10; ++k) {
            equal.push_back(0.5 + k * 1e-15);
            wide.push_back(0.2 * k);
        }
        QElapsedTimer timer;
        timer.start();
        plot.setGroups(
            {{QStringLiteral("x"), Qt::gray, equal}, {QStringLiteral("h"), Qt::red, wide}});
        QVERIFY(timer.elapsed() < 5000); // a cap, not a timing: it hung before
        const int bins = int(plot.binEdges().size()) - 1;
        QVERIFY2(bins >= HistogramPlot::kMinBins && bins <= HistogramPlot::kMaxBins,
                 qPrintable(QString::number(bins)));
        int total = 0;
        for (int c : plot.counts(0))
            total += c;
        QCOMPARE(total, 10);
    }

    void histogramBinsMatchDirectCounts();
    void sweepTicksAtTheTrainedSizes();
    void sweepErrorBarsOverSeeds();
    void legendsHideNoData();
    void histogramKnownBins();
    void histogramManualBinWidth();
    void histogramLegendMeanSd();
    void histogramKeepsRangeWhileStreaming();
    void histogramCsv();
    void boxStatsKnownSamples();
    void boxPlotBoxes();
    void boxPlotReferenceLinesAndLabels();
    void boxLabelsFitWhenFilledWhileHidden();
    void scatterPearson();
    void scatterClickAndHover();
    void scatterHighlight();
    void scatterCsv();
    void spectrumCsv();
    void spectrumOfWhiteNoiseHasReadableYTicks();
    void exportsEveryFormat();
    void darkThemeSwitchesBackground();
    void negativeTicksUseTypographicMinus();
};

void TestStudyPlots::histogramBinsMatchDirectCounts() {
    HistogramPlot view;
    const std::vector<double> x = {0.05, -0.12, 0.02, kNaN, 0.11, -0.03, 0.0, 0.07, -0.2, 0.15};
    std::vector<double> h = sample(300, 0.8, 0.13, 7);
    h[5] = kNaN;
    h[17] = kNaN;
    view.setGroups({{"x", style::kWhiteNoise, x}, {"h", style::kPinkNoise, h}});

    const std::vector<double>& edges = view.binEdges();
    const int bins = int(edges.size()) - 1;
    QVERIFY(bins >= HistogramPlot::kMinBins && bins <= HistogramPlot::kMaxBins);
    const double width = edges[1] - edges[0];
    for (int k = 0; k < bins; ++k)
        QVERIFY(std::abs(edges[std::size_t(k) + 1] - edges[std::size_t(k)] - width) < 1e-12);

    const std::vector<double>* values[2] = {&x, &h};
    const int finite[2] = {9, 298};
    for (int g = 0; g < 2; ++g) {
        const std::vector<int>& counts = view.counts(g);
        QCOMPARE(int(counts.size()), bins);
        int total = 0;
        for (int k = 0; k < bins; ++k) {
            QCOMPARE(counts[std::size_t(k)],
                     countIn(*values[g], edges[std::size_t(k)], edges[std::size_t(k) + 1]));
            total += counts[std::size_t(k)];
        }
        QCOMPARE(total, finite[g]);
        QCOMPARE(view.finiteCount(g), finite[g]);
    }
    // The bars show the same counts (one bar per non-empty bin).
    auto* bars = qobject_cast<QCPBars*>(view.plot()->plottable(1));
    QVERIFY(bars);
    int drawn = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        drawn += int(it->value);
    QCOMPARE(drawn, 298);
    QCOMPARE(bars->width(), width);
}

void TestStudyPlots::histogramKnownBins() {
    // 0.00, 0.01, …, 0.99: IQR = 0.495 (linear interpolation), Freedman–Diaconis width
    // 2·0.495/100^(1/3) = 0.213 → nearest of 1, 2, 2.5, 5 × 10^k is 0.2, giving 5 bins, fewer than
    // 10, so the next finer width 0.1: ten bins of ten values each.
    std::vector<double> values;
    for (int k = 0; k < 100; ++k)
        values.push_back(k / 100.0);
    HistogramPlot view;
    view.setGroups({{"h", style::kPinkNoise, values}});
    const std::vector<double>& edges = view.binEdges();
    QCOMPARE(int(edges.size()), 11);
    for (int k = 0; k <= 10; ++k)
        QCOMPARE(edges[std::size_t(k)], k / 10.0);
    for (int count : view.counts(0))
        QCOMPARE(count, 10);
    // The reference labels: "white" right of its line, "pink" (at the right end) left of it.
    QList<QCPItemText*> labels;
    for (int k = 0; k < view.plot()->itemCount(); ++k)
        if (auto* text = qobject_cast<QCPItemText*>(view.plot()->item(k))) labels << text;
    QCOMPARE(labels.size(), 2);
    QCOMPARE(labels[0]->text(), QStringLiteral("white"));
    QVERIFY(labels[0]->positionAlignment() & Qt::AlignLeft);
    QCOMPARE(labels[1]->text(), QStringLiteral("pink (1/f)"));
    QVERIFY(labels[1]->positionAlignment() & Qt::AlignRight);

    // One repeated value still gets at least kMinBins bins around it.
    view.setGroups({{"h", style::kPinkNoise, {0.5, 0.5, 0.5}}});
    QVERIFY(int(view.binEdges().size()) - 1 >= HistogramPlot::kMinBins);
    int total = 0;
    for (int count : view.counts(0))
        total += count;
    QCOMPARE(total, 3);
}

void TestStudyPlots::histogramManualBinWidth() {
    HistogramPlot view;
    view.setGroups({{"h", style::kPinkNoise, {0.05, 0.15, 0.15, 0.25, kNaN}}});
    QVERIFY(int(view.binEdges().size()) - 1 >= HistogramPlot::kMinBins); // automatic
    view.setBinWidth(0.1); // rebins the shown values at once
    QCOMPARE(view.binWidth(), 0.1);
    const std::vector<double>& edges = view.binEdges();
    QCOMPARE(int(edges.size()), 4);
    QVERIFY(std::abs(edges.front()) < 1e-12);
    QVERIFY(std::abs(edges.back() - 0.3) < 1e-12);
    QCOMPARE(view.counts(0), (std::vector<int>{1, 2, 1}));
    QCOMPARE(view.finiteCount(0), 4);
    view.setBinWidth(0); // back to automatic
    QCOMPARE(view.binWidth(), 0.0);
    QVERIFY(int(view.binEdges().size()) - 1 >= HistogramPlot::kMinBins);
}

void TestStudyPlots::histogramLegendMeanSd() {
    HistogramPlot view;
    // By hand: mean 0.7, SD sqrt((0.2² + 0 + 0.2²)/2) = 0.2; the NaN is not counted.
    view.setGroups({{"h", style::kPinkNoise, {0.5, 0.7, 0.9, kNaN}},
                    {"x", style::kWhiteNoise, {-0.1, -0.3}},
                    {"c", style::kData, {kNaN}}});
    QCOMPARE(view.legendText(0), QStringLiteral("h: β = 0.70 ± 0.20 (n = 3)"));
    QCOMPARE(view.legendText(1), QStringLiteral("x: β = \u22120.20 ± 0.14 (n = 2)"));
    QCOMPARE(view.legendText(2), QStringLiteral("c: no exponent (n = 0)"));

    const std::vector<double> x = sample(500, 0.0, 0.12, 3), h = sample(500, 0.83, 0.13, 4);
    view.setGroups({{"x", style::kWhiteNoise, x}, {"h", style::kPinkNoise, h}});
    int n = 0;
    const QString expectedX = meanSd(x, &n);
    QCOMPARE(view.legendText(0), QStringLiteral("x: β = %1 (n = %2)").arg(expectedX).arg(n));
    const QString expectedH = meanSd(h, &n);
    QCOMPARE(view.legendText(1), QStringLiteral("h: β = %1 (n = %2)").arg(expectedH).arg(n));
    // The legend shows exactly these texts.
    QCOMPARE(view.plot()->plottable(1)->name(), view.legendText(1));
    QVERIFY(view.plot()->legend->visible());
    QCOMPARE(view.plot()->legend->itemCount(), 2);
}

void TestStudyPlots::histogramKeepsRangeWhileStreaming() {
    HistogramPlot view;
    const std::vector<double> all = sample(2000, 0.8, 0.1, 11);
    std::vector<double> shown(all.begin(), all.begin() + 200);
    view.setGroups({{"h", style::kPinkNoise, shown}});
    const QCPRange first = view.plot()->xAxis->range();
    QVERIFY(first.contains(0.0) && first.contains(1.0)); // the reference lines are in view
    QCPRange previous = first;
    int unchanged = 0;
    for (std::size_t end = 400; end <= 2000; end += 200) {
        shown.assign(all.begin(), all.begin() + std::ptrdiff_t(end));
        view.setGroups({{"h", style::kPinkNoise, shown}});
        const QCPRange now = view.plot()->xAxis->range();
        const std::vector<double>& edges = view.binEdges();
        if (previous.contains(edges.front()) && previous.contains(edges.back())) {
            QCOMPARE(now, previous); // the data stayed inside: the range holds still
            ++unchanged;
        } else {
            QVERIFY(now.contains(previous.lower) && now.contains(previous.upper)); // only grows
        }
        QVERIFY(now.contains(edges.front()) && now.contains(edges.back()));
        previous = now;
    }
    QVERIFY(unchanged > 0);
    // Data beyond the range widens it, keeping what was in view.
    shown.push_back(2.5);
    view.setGroups({{"h", style::kPinkNoise, shown}});
    const QCPRange wider = view.plot()->xAxis->range();
    QVERIFY(wider.upper >= 2.5);
    QVERIFY(wider.lower <= previous.lower);
    // Seven groups of 2,000 values: the counts stay right.
    std::vector<HistogramGroup> groups;
    for (int kind = 0; kind < 7; ++kind)
        groups.push_back({QStringLiteral("k%1").arg(kind), style::kData, all});
    view.setGroups(groups);
    QCOMPARE(view.groupCount(), 7);
    for (int g = 0; g < 7; ++g) {
        int total = 0;
        for (int count : view.counts(g))
            total += count;
        QCOMPARE(total, 2000);
    }
    // clear() forgets the range.
    view.clear();
    QCOMPARE(view.groupCount(), 0);
    QVERIFY(view.binEdges().empty());
    QVERIFY(view.dataCsv().isEmpty());
}

void TestStudyPlots::histogramCsv() {
    HistogramPlot view;
    view.setBinWidth(0.5);
    view.setGroups(
        {{"x", style::kWhiteNoise, {0.1, 0.2, 0.6}}, {"h, real", style::kPinkNoise, {0.7, kNaN}}});
    QCOMPARE(view.dataCsv(), QStringLiteral("bin_low,bin_high,x,\"h, real\"\n"
                                            "0,0.5,2,0\n"
                                            "0.5,1,1,1\n"));
}

void TestStudyPlots::boxStatsKnownSamples() {
    // 1 … 9: quartiles 3, 5, 7 (h = 8p lands on order statistics), whiskers at the extremes.
    BoxStats s = BoxPlot::stats({9, 1, 8, 2, 7, 3, 6, 4, 5, kNaN});
    QCOMPARE(s.n, 9);
    QCOMPARE(s.q1, 3.0);
    QCOMPARE(s.median, 5.0);
    QCOMPARE(s.q3, 7.0);
    QCOMPARE(s.whiskerLow, 1.0);
    QCOMPARE(s.whiskerHigh, 9.0);
    QCOMPARE(s.mean, 5.0);
    QVERIFY(s.outliers.empty());

    // 1 … 9 and 50: h = 9p, q1 = 3 + 0.25 = 3.25, median 5.5, q3 = 7 + 0.75 = 7.75, IQR 4.5,
    // upper fence 14.5: 50 is an outlier and the whisker stops at 9; mean 95/10.
    s = BoxPlot::stats({1, 2, 3, 4, 5, 6, 7, 8, 9, 50});
    QCOMPARE(s.n, 10);
    QCOMPARE(s.q1, 3.25);
    QCOMPARE(s.median, 5.5);
    QCOMPARE(s.q3, 7.75);
    QCOMPARE(s.whiskerLow, 1.0);
    QCOMPARE(s.whiskerHigh, 9.0);
    QCOMPARE(s.mean, 9.5);
    QCOMPARE(s.outliers, std::vector<double>{50.0});

    // A low outlier: −20, 1 … 9 → q1 = 2 + 0.25 = 2.25, q3 = 6 + 0.75 = 6.75, lower fence −4.5.
    s = BoxPlot::stats({-20, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    QCOMPARE(s.q1, 2.25);
    QCOMPARE(s.q3, 6.75);
    QCOMPARE(s.whiskerLow, 1.0);
    QCOMPARE(s.outliers, std::vector<double>{-20.0});

    s = BoxPlot::stats({kNaN, kNaN});
    QCOMPARE(s.n, 0);
    QVERIFY(std::isnan(s.median));
    s = BoxPlot::stats({0.4});
    QCOMPARE(s.n, 1);
    QCOMPARE(s.q1, 0.4);
    QCOMPARE(s.q3, 0.4);
    QCOMPARE(s.whiskerHigh, 0.4);
}

void TestStudyPlots::boxPlotBoxes() {
    BoxPlot view;
    view.setBoxes({{"x", style::kWhiteNoise, {1, 2, 3, 4, 5, 6, 7, 8, 9}},
                   {"h", style::kPinkNoise, {1, 2, 3, 4, 5, 6, 7, 8, 9, 50}},
                   {"empty", style::kData, {kNaN}}});
    QCOMPARE(view.boxCount(), 3);
    QCOMPARE(view.boxLabel(1), QStringLiteral("h"));
    QCOMPARE(view.boxStats(1).median, 5.5);

    // One QCPStatisticalBox per category at keys 1, 2, … with the computed numbers.
    QList<QCPStatisticalBox*> boxes;
    for (int k = 0; k < view.plot()->plottableCount(); ++k)
        if (auto* box = qobject_cast<QCPStatisticalBox*>(view.plot()->plottable(k))) boxes << box;
    QCOMPARE(boxes.size(), 3);
    const QCPStatisticalBoxData& h = *boxes[1]->data()->constBegin();
    QCOMPARE(h.key, 2.0);
    QCOMPARE(h.minimum, 1.0);
    QCOMPARE(h.lowerQuartile, 3.25);
    QCOMPARE(h.median, 5.5);
    QCOMPARE(h.upperQuartile, 7.75);
    QCOMPARE(h.maximum, 9.0);
    QCOMPARE(h.outliers, QVector<double>{50.0});
    QVERIFY(boxes[2]->data()->isEmpty());

    // The means as markers, the labels on the axis.
    QCPGraph* means = view.plot()->graph(0);
    QCOMPARE(means->dataCount(), 2);
    QCOMPARE(means->data()->at(1)->value, 9.5);
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(view.plot()->xAxis->ticker());
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().value(1.0), QStringLiteral("x"));
    QCOMPARE(ticker->ticks().value(3.0), QStringLiteral("empty"));
    // The outlier is in view.
    QVERIFY(view.plot()->yAxis->range().contains(50.0));

    QCOMPARE(view.dataCsv(), QStringLiteral("label,n,mean,whisker_low,q1,median,q3,whisker_high\n"
                                            "x,9,5,1,3,5,7,9\n"
                                            "h,10,9.5,1,3.25,5.5,7.75,9\n"
                                            "empty,0,nan,nan,nan,nan,nan,nan\n"));
    view.clear();
    QCOMPARE(view.boxCount(), 0);
    QVERIFY(view.dataCsv().isEmpty());
}

void TestStudyPlots::boxPlotReferenceLinesAndLabels() {
    BoxPlot view;
    QCOMPARE(int(view.referenceLines().size()), 2);
    QCOMPARE(view.referenceLines()[1].first, 1.0);
    view.setReferenceLines(
        {{0.83, "human fMRI, rest"}, {0.69, "human fMRI, task"}, {0.0, "white"}, {1.0, "pink"}});
    view.setBoxes(
        {{"x", style::kWhiteNoise, {0.0, 0.1, -0.1}}, {"h", style::kPinkNoise, {0.7, 0.8}}});
    // Every reference level is in view, each with its label.
    const QCPRange range = view.plot()->yAxis->range();
    for (double level : {0.0, 0.69, 0.83, 1.0})
        QVERIFY(range.contains(level));
    QStringList labels;
    for (int k = 0; k < view.plot()->itemCount(); ++k)
        if (auto* text = qobject_cast<QCPItemText*>(view.plot()->item(k))) labels << text->text();
    QCOMPARE(labels, (QStringList{"human fMRI, rest", "human fMRI, task", "white", "pink"}));
    // The right margin makes room for the longest label.
    QVERIFY(view.plot()->axisRect()->margins().right() >
            QFontMetrics(style::figureFont(false, 0.9)).horizontalAdvance("human fMRI, task"));

    // Short kind labels fit side by side; long control names in a narrow window are rotated.
    view.resize(900, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    std::vector<BoxGroup> kinds;
    for (const char* kind : {"x", "i", "f", "g", "o", "c", "h"})
        kinds.push_back({kind, style::kData, {0.1, 0.2, 0.3}});
    view.setBoxes(kinds);
    QVERIFY(!view.labelsRotated());
    view.setBoxes({{"h", style::kPinkNoise, {0.8}},
                   {"h shuffled words", style::kData, {0.1}},
                   {"h untrained", style::kData, {0.3}},
                   {"h permuted", style::kData, {0.0}},
                   {"h phase-randomised", style::kData, {0.8}}});
    view.resize(420, 360);
    QTRY_VERIFY(view.labelsRotated());
    view.replotNow();
}

namespace {

// Whether two neighbouring category labels under the x axis overlap as drawn: flat labels need
// their half widths between the tick positions, rotated ones (parallel, at the axis' angle) a
// line height across.
bool categoryLabelsOverlap(const BoxPlot& view) {
    QCPAxis* axis = view.plot()->xAxis;
    const QFontMetrics metrics(axis->tickLabelFont());
    const double angle = axis->tickLabelRotation() * M_PI / 180.0;
    for (int k = 0; k + 1 < view.boxCount(); ++k) {
        const double gap = axis->coordToPixel(k + 2) - axis->coordToPixel(k + 1);
        const bool overlap = angle == 0.0
                                 ? gap < (metrics.horizontalAdvance(view.boxLabel(k)) +
                                          metrics.horizontalAdvance(view.boxLabel(k + 1))) /
                                             2.0
                                 : gap * std::sin(std::abs(angle)) < metrics.height();
        if (overlap) return true;
    }
    return false;
}

} // namespace

// The study finished while its page was hidden (issue 15: "internaexternal"): the boxes were
// set on a plot that was not on screen; once shown, its labels must not overlap.
void TestStudyPlots::boxLabelsFitWhenFilledWhileHidden() {
    QStackedWidget stack;
    auto* other = new QWidget;
    auto* view = new BoxPlot;
    stack.addWidget(other);
    stack.addWidget(view);
    stack.resize(380, 320);
    stack.show();
    QVERIFY(QTest::qWaitForWindowExposed(&stack));
    QVERIFY(!view->isVisible());
    std::vector<BoxGroup> boxes;
    for (const char* kind : {"x", "i", "f", "g", "o", "c", "h", "internal", "external"})
        boxes.push_back({kind, style::kData, {0.1, 0.2, 0.3}});
    view->setBoxes(boxes); // while hidden
    stack.setCurrentWidget(view);
    QVERIFY(view->isVisible());
    view->replotNow();
    QVERIFY2(
        !categoryLabelsOverlap(*view),
        qPrintable(QString("width %1, rotated %2").arg(view->width()).arg(view->labelsRotated())));
    // Wide again: the same labels lie flat and still do not overlap.
    stack.resize(1200, 400);
    QTRY_VERIFY(!view->labelsRotated());
    view->replotNow();
    QVERIFY(!categoryLabelsOverlap(*view));
}

void TestStudyPlots::scatterPearson() {
    // By hand: dx = −2 … 2, dy = −2, 0, 1, 0, 1: Sxy = 6, Sxx = 10, Syy = 6, r = 6/√60.
    const std::vector<double> xs = {1, 2, 3, 4, 5, kNaN, 7}, ys = {2, 4, 5, 4, 5, 3, kNaN};
    int pairs = 0;
    QCOMPARE(ScatterPlot::pearson(xs, ys, &pairs), 6.0 / std::sqrt(60.0));
    QCOMPARE(pairs, 5);

    ScatterPlot view;
    view.setPoints(xs, ys, {});
    QCOMPARE(view.pearsonR(), 6.0 / std::sqrt(60.0));
    QCOMPARE(view.pairCount(), 5);
    QCOMPARE(view.subtitle(), QStringLiteral("Pearson r = 0.77, n = 5"));
    QCOMPARE(view.plot()->graph(0)->dataCount(), 5); // NaN pairs are not drawn

    view.setPoints({0.1, 0.2, 0.3, 0.4}, {0.9, 0.8, 0.7, 0.6}, {});
    QCOMPARE(view.pearsonR(), -1.0);
    QCOMPARE(view.subtitle(), QStringLiteral("Pearson r = \u22121.00, n = 4"));
    view.setPoints({0.1, 0.2}, {0.3, 0.4}, {});
    QVERIFY(std::isnan(view.pearsonR()));
    QCOMPARE(view.subtitle(), QStringLiteral("Pearson r undefined, n = 2"));
    view.setPoints({0.1, 0.1, 0.1}, {0.3, 0.4, 0.5}, {}); // constant x: no correlation defined
    QVERIFY(std::isnan(view.pearsonR()));
}

void TestStudyPlots::scatterClickAndHover() {
    ScatterPlot view;
    view.resize(640, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const std::vector<double> xs = {0.0, 0.3, kNaN, 0.6, 0.9}, ys = {0.8, 0.2, 0.5, 0.9, 0.4};
    view.setPoints(xs, ys, {"r0", "r1", "r2", "r3", "r4"});
    view.replotNow();

    QSignalSpy clicked(&view, &ScatterPlot::pointClicked);
    const QPoint third = pixelOf(view, 0.6, 0.9);
    QCOMPARE(view.pointAt(third), 3);
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, third);
    QTRY_COMPARE(clicked.size(), 1);
    QCOMPARE(clicked.takeFirst().at(0).toInt(), 3);

    // Within the pick radius counts; the NaN pair cannot be hit.
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, pixelOf(view, 0.3, 0.2) + QPoint(5, -4));
    QTRY_COMPARE(clicked.size(), 1);
    QCOMPARE(clicked.takeFirst().at(0).toInt(), 1);
    QCOMPARE(view.pointAt(pixelOf(view, 0.5, 0.5)), -1);

    // Empty space emits nothing.
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, pixelOf(view, 0.45, 0.6));
    QTest::mouseClick(view.plot(), Qt::LeftButton, {}, pixelOf(view, 0.3, 0.2) + QPoint(12, 0));
    QCOMPARE(clicked.size(), 0);

    QCOMPARE(view.tooltipText(3),
             QStringLiteral("r3\nβ(x), inputs: 0.600\nβ(h), hidden state: 0.900"));
    view.setAxisLabels("β(i)", "β(c)");
    QCOMPARE(view.plot()->xAxis->label(), QStringLiteral("β(i)"));
    QCOMPARE(view.tooltipText(0), QStringLiteral("r0\nβ(i): 0.000\nβ(c): 0.800"));
    view.close();
}

void TestStudyPlots::scatterHighlight() {
    ScatterPlot view;
    view.resize(640, 480);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setPoints({0.0, 0.3, 0.6, 0.9}, {0.8, 0.2, 0.9, 0.4}, {"a", "b", "c", "d"});
    view.replotNow();
    const QSize size = view.plot()->size();
    const QPoint at = pixelOf(view, 0.6, 0.9);

    QImage before = view.renderImage(size, 96);
    QVERIFY(!near(before.pixelColor(at), style::kFit, 30));
    view.setHighlighted(2);
    QCOMPARE(view.highlighted(), 2);
    QImage after = view.renderImage(size, 96);
    QVERIFY2(near(after.pixelColor(at), style::kFit),
             qPrintable(after.pixelColor(at).name() + " instead of " + style::kFit.name()));
    // The highlight ring is larger than a point: a pixel 4 px off the centre is coloured too.
    QVERIFY(near(after.pixelColor(at + QPoint(4, 0)), style::kFit));

    view.setHighlighted(-1);
    QCOMPARE(view.highlighted(), -1);
    QVERIFY(!near(view.renderImage(size, 96).pixelColor(at), style::kFit, 30));
    view.setHighlighted(99);
    QCOMPARE(view.highlighted(), -1);
    view.setHighlighted(3);
    view.setPoints({0.1, 0.2}, {0.3, 0.4}, {}); // fewer points: the highlight goes
    QCOMPARE(view.highlighted(), -1);

    view.setDiagonalVisible(false);
    QVERIFY(!view.diagonalVisible());
    // The axes fit the data, with or without the reference lines (a fixed 0 … 1 squeezed a
    // cloud at x 0.1 … 0.2 into a corner).
    for (bool references : {false, true}) {
        view.setReferenceLinesVisible(references);
        const QCPRange x = view.plot()->xAxis->range(), y = view.plot()->yAxis->range();
        QVERIFY(x.contains(0.1) && x.contains(0.2) && y.contains(0.3) && y.contains(0.4));
        QVERIFY(x.size() < 0.25 && y.size() < 0.25);
    }
    view.setPoints({}, {}, {});
    QVERIFY(view.plot()->xAxis->range().contains(0.0) && view.plot()->xAxis->range().contains(1.0));
}

void TestStudyPlots::sweepTicksAtTheTrainedSizes() {
    // The log x axis is labelled at every size trained (QCustomPlot's log ticker labelled
    // only 10 and 100 of the paper's 2 … 512, leaving 4 and 8 without labels).
    SweepPlot view;
    view.resize(700, 420);
    std::vector<SweepPlotPoint> points;
    for (int h = 2; h <= 512; h *= 2)
        points.push_back({h, 0.5, 0.1, 0.8, 0.9, 1, 10});
    view.setPoints(points);
    view.replotNow();
    const QVector<double> ticks = view.plot()->xAxis->tickVector();
    const QVector<QString> labels = view.plot()->xAxis->tickVectorLabels();
    QCOMPARE(ticks.size(), 9);
    for (int k = 0; k < 9; ++k) {
        QCOMPARE(ticks[k], double(2 << k));
        QCOMPARE(labels[k], QString::number(2 << k));
    }
    view.setPoints({}); // no sizes: the log ticker again
    QVERIFY(qSharedPointerDynamicCast<QCPAxisTickerText>(view.plot()->xAxis->ticker()).isNull());
    QVERIFY(qSharedPointerDynamicCast<QCPAxisTickerLog>(view.plot()->xAxis->ticker()));
}

void TestStudyPlots::sweepErrorBarsOverSeeds() {
    // With several seeds per size the figure shows the spread between networks (SD over the
    // seeds' mean β) as bold bars, named in the legend; with one seed there are none.
    SweepPlot view;
    view.resize(700, 420);
    const auto seedBars = [&view]() -> QCPErrorBars* {
        for (int i = 0; i < view.plot()->plottableCount(); ++i)
            if (auto* bars = qobject_cast<QCPErrorBars*>(view.plot()->plottable(i)))
                if (bars->name().contains(QStringLiteral("over seeds"))) return bars;
        return nullptr;
    };
    QVERIFY(seedBars());
    view.setPoints({{4, 0.5, 0.2, 0.8, 0.9, 3, 30, 0.07}, {16, 0.6, 0.2, 0.8, 0.9, 3, 30, 0.11}});
    view.replotNow();
    QVERIFY(seedBars()->visible());
    QVERIFY(view.plot()->legend->hasItemWithPlottable(seedBars()));
    QCOMPARE(seedBars()->dataCount(), 2);
    QCOMPARE(seedBars()->data()->at(0).errorMinus, 0.07);
    QCOMPARE(seedBars()->data()->at(1).errorPlus, 0.11);
    QVERIFY(view.dataCsv().contains(QStringLiteral("beta_seed_sd")));
    QVERIFY(view.dataCsv().contains(QStringLiteral(",0.07\n")));
    view.setPoints({{4, 0.5, 0.2, 0.8, 0.9, 1, 10}});
    view.replotNow();
    QVERIFY(!seedBars()->visible());
    QVERIFY(!view.plot()->legend->hasItemWithPlottable(seedBars()));
}

void TestStudyPlots::legendsHideNoData() {
    // The spectrum of white, pink and brown noise (flat, falling, steep) and the β histogram
    // of two groups: at two sizes no plotted point or bar top lies under the legend.
    std::vector<std::pair<QString, PlotView*>> figures;
    std::vector<std::unique_ptr<SpectrumPlot>> spectra;
    for (double beta : {0.0, 1.0, 2.0}) {
        NoiseSettings noise;
        noise.length = 2048;
        noise.kind = NoiseKind::PowerLaw;
        noise.beta = beta;
        noise.seed = 7;
        spectra.push_back(std::make_unique<SpectrumPlot>());
        spectra.back()->setResult(spectralExponent(generateNoise(noise)));
        figures.emplace_back(QStringLiteral("spectrum, β = %1").arg(beta), spectra.back().get());
    }
    HistogramPlot histogram;
    histogram.setGroups({{"x", style::kWhiteNoise, sample(500, 0.0, 0.12, 3)},
                         {"h", style::kPinkNoise, sample(500, 0.83, 0.13, 4)}});
    figures.emplace_back(QStringLiteral("histogram"), &histogram);
    for (auto& [what, view] : figures)
        for (QSize size : {QSize(900, 560), QSize(420, 320)}) {
            view->resize(size);
            view->show();
            QVERIFY(QTest::qWaitForWindowExposed(view));
            view->replotNow();
            QVERIFY(view->plot()->legend->visible());
            QVERIFY2(test::pointsUnderLegend(view->plot()) == 0,
                     qPrintable(QStringLiteral("%1 at %2 × %3")
                                    .arg(what)
                                    .arg(size.width())
                                    .arg(size.height())));
        }
}

void TestStudyPlots::scatterCsv() {
    ScatterPlot view;
    QVERIFY(view.dataCsv().isEmpty());
    view.setPoints({0.1, kNaN, -0.25}, {0.8, 0.5, 1.0}, {"test/pos/1", "a \"quoted\", id"});
    QCOMPARE(view.dataCsv(), QStringLiteral("id,x,y\n"
                                            "test/pos/1,0.1,0.8\n"
                                            "\"a \"\"quoted\"\", id\",nan,0.5\n"
                                            "#2,-0.25,1\n"));
}

void TestStudyPlots::spectrumCsv() {
    SpectrumPlot view;
    QVERIFY(view.dataCsv().isEmpty());
    const SpectralExponent result = spectralExponent(whiteNoise(1024, 5));
    view.setResult(result);
    const QStringList lines = view.dataCsv().split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QStringLiteral("frequency,power,fitted_power"));
    int plotted = 0;
    for (std::size_t i = 0; i < result.spectrum.frequency.size(); ++i)
        if (result.spectrum.frequency[i] > 0 && result.spectrum.power[i] > 0) ++plotted;
    QCOMPARE(lines.size() - 1, plotted);
    // A row inside the fit band carries the fitted power law at its frequency.
    const QStringList row = lines[1].split(',');
    QCOMPARE(row.size(), 3);
    const double f = row[0].toDouble();
    QCOMPARE(f, result.spectrum.frequency[1]);
    QCOMPARE(row[1].toDouble(), result.spectrum.power[1]);
    QVERIFY(f >= result.bandLow);
    const double fitted = std::exp(result.fit.intercept + result.fit.slope * std::log(f));
    QVERIFY(std::abs(row[2].toDouble() - fitted) <= 1e-12 * fitted);
}

// The spectrum of white noise spans about a decade (issue 15: it showed three odd y labels):
// its log axis carries at least two labelled ticks, each a distinct 1, 2 or 5 × 10^k, inside
// the range, and no two labels read the same.
void TestStudyPlots::spectrumOfWhiteNoiseHasReadableYTicks() {
    SpectrumPlot view;
    view.resize(520, 360);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    for (int length : {256, 500, 1000, 5000, 20000, 100000})
        for (std::uint64_t seed : {1, 2, 3, 7}) {
            view.setResult(spectralExponent(whiteNoise(std::size_t(length), seed)));
            view.replotNow();
            QCPAxis* axis = view.plot()->yAxis;
            const QVector<double> ticks = axis->tickVector();
            const QVector<QString> labels = axis->tickVectorLabels();
            const QString where = QString("N %1, seed %2: range %3 … %4, labels %5")
                                      .arg(length)
                                      .arg(seed)
                                      .arg(axis->range().lower)
                                      .arg(axis->range().upper)
                                      .arg(QStringList(labels.begin(), labels.end()).join(" | "));
            int inRange = 0;
            for (int k = 0; k < ticks.size(); ++k) {
                if (!axis->range().contains(ticks[k])) continue;
                ++inRange;
                const double exponent = std::floor(std::log10(ticks[k]) + 1e-9);
                const double mantissa = ticks[k] / std::pow(10.0, exponent);
                QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                             std::abs(mantissa - 5) < 1e-9,
                         qPrintable(where));
                QVERIFY2(!labels[k].isEmpty(), qPrintable(where));
            }
            QVERIFY2(inRange >= 2 && inRange <= 7, qPrintable(where));
            QVERIFY2(QSet<QString>(labels.begin(), labels.end()).size() == labels.size(),
                     qPrintable(where));
        }
    // A range holding only one of 1, 2, 5 × 10^k (0.6 … 1.9): every integer mantissa is labelled.
    view.plot()->yAxis->setRange(0.6, 1.9);
    view.replotNow();
    QStringList shown;
    for (int k = 0; k < view.plot()->yAxis->tickVector().size(); ++k)
        if (view.plot()->yAxis->range().contains(view.plot()->yAxis->tickVector()[k]))
            shown << view.plot()->yAxis->tickVectorLabels()[k];
    QCOMPARE(shown.join(' '), QStringLiteral("0.6 0.7 0.8 0.9 1"));
}

void TestStudyPlots::exportsEveryFormat() {
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    auto histogram = std::make_unique<HistogramPlot>();
    histogram->setGroups({{"x", style::kWhiteNoise, sample(300, 0.0, 0.12, 1)},
                          {"h", style::kPinkNoise, sample(300, 0.83, 0.13, 2)}});
    auto scatter = std::make_unique<ScatterPlot>();
    scatter->setPoints(sample(300, 0.0, 0.12, 1), sample(300, 0.83, 0.13, 2), {});
    auto boxes = std::make_unique<BoxPlot>();
    boxes->setBoxes({{"x", style::kWhiteNoise, sample(300, 0.0, 0.12, 1)},
                     {"h", style::kPinkNoise, sample(300, 0.83, 0.13, 2)}});
    const std::vector<PlotView*> views = {histogram.get(), scatter.get(), boxes.get()};
    for (PlotView* view : views) {
        const QString provenance =
            QStringLiteral("Flicker test, figure %1, seed 1").arg(view->figureName());
        view->setProvenance(provenance);
        view->setCaptionInExports(true);
        const QString stem = folder.filePath(view->figureName());
        QString error;
        QVERIFY2(view->exportTo(stem + ".png", &error), qPrintable(error));
        QVERIFY2(view->exportTo(stem + ".svg", &error), qPrintable(error));
        QVERIFY2(view->exportTo(stem + ".pdf", &error), qPrintable(error));
        QVERIFY2(view->exportTo(stem + ".csv", &error), qPrintable(error));

        QVERIFY(readAll(stem + ".png").startsWith("\x89PNG\r\n\x1a\n"));
        const QImage image(stem + ".png");
        QCOMPARE(image.text("Description"), provenance);
        const QByteArray svg = readAll(stem + ".svg");
        QVERIFY(svg.contains("<desc>" + provenance.toUtf8() + "</desc>"));
        QVERIFY(readAll(stem + ".pdf").startsWith("%PDF"));
        const QStringList csv = QString::fromUtf8(readAll(stem + ".csv")).split('\n');
        QCOMPARE(csv.first(), "# " + provenance);
        QVERIFY(csv.size() > 3);
        QCOMPARE(QString::fromUtf8(readAll(stem + ".csv")).section('\n', 1),
                 view->dataCsv()); // provenance line, then exactly the data
    }
    QCOMPARE(histogram->figureName(), QStringLiteral("beta-histogram"));
    QCOMPARE(scatter->figureName(), QStringLiteral("beta-scatter"));
    QCOMPARE(boxes->figureName(), QStringLiteral("beta-boxes"));
}

void TestStudyPlots::darkThemeSwitchesBackground() {
    HistogramPlot histogram;
    ScatterPlot scatter;
    BoxPlot boxes;
    histogram.setGroups({{"h", style::kPinkNoise, {0.7, 0.8, 0.9}}});
    scatter.setPoints({0.1, 0.2, 0.3}, {0.7, 0.9, 0.8}, {});
    boxes.setBoxes({{"h", style::kPinkNoise, {0.7, 0.8, 0.9}}});
    for (PlotView* view : std::vector<PlotView*>{&histogram, &scatter, &boxes}) {
        const QColor light = view->renderImage(QSize(400, 300), 96).pixelColor(2, 2);
        QCOMPARE(light, style::palette(false).background);
        view->setDarkTheme(true);
        QCOMPARE(view->renderImage(QSize(400, 300), 96).pixelColor(2, 2),
                 style::palette(true).background);
        QCOMPARE(view->plot()->xAxis->labelColor(), style::palette(true).ink);
        // Reference labels follow the ink.
        for (int k = 0; k < view->plot()->itemCount(); ++k)
            if (auto* text = qobject_cast<QCPItemText*>(view->plot()->item(k)))
                QCOMPARE(text->color(), style::palette(true).ink);
        view->setPresentationMode(true); // restyles without losing data
        QVERIFY(!view->dataCsv().isEmpty());
    }
}

void TestStudyPlots::negativeTicksUseTypographicMinus() {
    HistogramPlot histogram;
    histogram.setGroups({{"x", style::kWhiteNoise, {-0.4, -0.1, 0.0, 0.2}}});
    ScatterPlot scatter;
    scatter.setPoints({-0.4, 0.1, 0.3}, {-0.3, 0.5, 0.9}, {});
    BoxPlot boxes;
    boxes.setBoxes({{"x", style::kWhiteNoise, {-0.4, -0.1, 0.0, 0.2}}});
    for (QCPAxis* axis : {histogram.plot()->xAxis, scatter.plot()->xAxis, scatter.plot()->yAxis,
                          boxes.plot()->yAxis}) {
        axis->parentPlot()->replot(QCustomPlot::rpImmediateRefresh);
        const QVector<QString> labels = axis->tickVectorLabels();
        QVERIFY(std::any_of(labels.begin(), labels.end(),
                            [](const QString& label) { return label.startsWith(QChar(0x2212)); }));
        for (const QString& label : labels)
            QVERIFY(!label.contains(QLatin1Char('-')));
    }
}

QTEST_MAIN(TestStudyPlots)
#include "tst_study_plots.moc"
