// The DFA figure (see fluctuation_plot.h).
#include "fluctuation_plot.h"

#include "plot_style.h"
#include "review_plot_support.h"

#include <qcustomplot.h>
#include <QFontMetrics>

#include <algorithm>
#include <cmath>
#include <map>

namespace flicker {
namespace {

QPen referencePen(const QColor& color, bool presentation) {
    QPen pen(color, presentation ? 2.2 : 1.4, Qt::DashLine);
    pen.setCapStyle(Qt::FlatCap);
    return pen;
}

/// Window sizes and fluctuations of `result` that a log axis can show (F > 0).
void positivePoints(const DfaResult& result, QVector<double>& scales, QVector<double>& values) {
    scales.clear();
    values.clear();
    for (std::size_t i = 0; i < result.scales.size() && i < result.fluctuation.size(); ++i) {
        if (result.fluctuation[i] > 0) {
            scales.push_back(result.scales[i]);
            values.push_back(result.fluctuation[i]);
        }
    }
}

bool hasFit(const DfaResult& r) {
    return !r.silent && r.fitCount >= 2 && r.fitFirst >= 0 &&
           r.fitFirst + r.fitCount <= int(r.scales.size());
}

const char* const kBandLayer = "fitband"; // above the grid, below the curves
const char* const kCurveLayer = "curves"; // below the aggregate ("main")
constexpr double kEdgeGrabPixels = 6.0;   // how near an edge the mouse grabs it

} // namespace

FluctuationPlot::FluctuationPlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("fluctuation"));
    QCustomPlot* p = plot();
    style::makeLogAxis(p->xAxis);
    style::makeLogAxis(p->yAxis);
    p->xAxis->setLabel(tr("window size n (%1)").arg(m_windowUnit));
    p->yAxis->setLabel(tr("fluctuation F(n)"));
    p->addLayer(QString::fromLatin1(kBandLayer), p->layer(QStringLiteral("grid")),
                QCustomPlot::limAbove);
    p->addLayer(QString::fromLatin1(kCurveLayer), p->layer(QString::fromLatin1(kBandLayer)),
                QCustomPlot::limAbove);

    // Drawn first so that the measured points and the fit lie on top of them.
    m_white = p->addGraph();
    m_pink = p->addGraph();
    m_brown = p->addGraph();
    m_fit = p->addGraph();
    m_points = p->addGraph();
    m_white->setName(tr("white noise, α = 0.5"));
    m_pink->setName(tr("pink noise, α = 1"));
    m_brown->setName(tr("brown noise, α = 1.5"));
    m_fit->setName(tr("fitted line"));
    m_points->setName(tr("F(n)"));

    p->legend->setVisible(true);
    p->legend->clearItems();
    for (QCPGraph* graph : {m_points, m_fit})
        graph->addToLegend();
    // The references are guides, not data: a legend may cover them (style::dataUnder skips
    // them). Their names sit in the right margin beside each line's end, where they are never
    // cut off and never on the data.
    for (QCPGraph* graph : {m_white, m_pink, m_brown})
        graph->setProperty(style::kGuideProperty, true);
    for (const QString& name : {tr("white"), tr("pink"), tr("brown")}) {
        auto* label = new QCPItemText(p);
        label->setText(name);
        label->setClipToAxisRect(false);
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->position->setTypeY(QCPItemPosition::ptPlotCoords);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setVisible(false);
        m_referenceLabels.push_back(label);
    }
    // Every line rises from the bottom left (F grows with n), so the bottom right stays free.
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);

    // The fit range: a shaded band over the fitted window sizes, its edges drawn as lines.
    m_band = new QCPItemRect(p);
    m_bandLowEdge = new QCPItemStraightLine(p);
    m_bandHighEdge = new QCPItemStraightLine(p);
    for (QCPAbstractItem* item :
         std::initializer_list<QCPAbstractItem*>{m_band, m_bandLowEdge, m_bandHighEdge}) {
        item->setLayer(QString::fromLatin1(kBandLayer));
        item->setSelectable(false);
        item->setVisible(false);
    }
    for (QCPItemPosition* corner : {m_band->topLeft, m_band->bottomRight}) {
        corner->setTypeX(QCPItemPosition::ptPlotCoords);
        corner->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }
    p->setMouseTracking(true); // hover feedback over the band's edges
    connect(p, &QCustomPlot::mousePress, this, &FluctuationPlot::onMousePress);
    connect(p, &QCustomPlot::mouseMove, this, &FluctuationPlot::onMouseMove);
    connect(p, &QCustomPlot::mouseRelease, this, &FluctuationPlot::onMouseRelease);

    clear();
    applyStyle();
}

void FluctuationPlot::removeCurveGraphs() {
    for (QCPGraph* graph : m_curveGraphs)
        plot()->removeGraph(graph);
    m_curveGraphs.clear();
}

void FluctuationPlot::clear() {
    endBandDrag(false);
    m_result = DfaResult{};
    m_hasResult = false;
    m_curves.clear();
    removeCurveGraphs();
    for (QCPGraph* graph : {m_points, m_fit, m_white, m_pink, m_brown})
        graph->data()->clear();
    m_fit->setName(tr("fitted line")); // no "fit, α = …" of the last series beside "no data yet"
    m_points->setName(tr("F(n)"));
    for (QCPItemText* label : m_referenceLabels)
        label->setVisible(false);
    m_snapScales.clear();
    m_bandLow = m_bandHigh = -1;
    updateBand();
    setSubtitle(annotationText());
    plot()->xAxis->setRange(4, 128);
    plot()->yAxis->setRange(0.1, 10);
    requestReplot();
}

void FluctuationPlot::setResult(const DfaResult& result, const QString& methodLabel) {
    setCurves({}, result, {}, methodLabel);
}

void FluctuationPlot::setCurves(const std::vector<FluctuationCurve>& curves,
                                const DfaResult& aggregate, const QString& aggregateLabel,
                                const QString& methodLabel) {
    endBandDrag(false); // new data replaces a band being dragged, without a report
    m_result = aggregate;
    m_hasResult = true;
    m_curves = curves;
    m_aggregateLabel = aggregateLabel;
    const QString name = aggregateLabel.isEmpty() ? tr("F(n)") : aggregateLabel;
    m_points->setName(methodLabel.isEmpty() ? name : tr("%1, %2").arg(name, methodLabel));

    QVector<double> scales, fluctuations;
    positivePoints(aggregate, scales, fluctuations);
    m_points->setData(scales, fluctuations, true);

    // One thin line per curve, on a layer under the aggregate; in the legend while few.
    removeCurveGraphs();
    const bool curvesInLegend = curves.size() <= 3;
    QVector<double> curveScales, curveValues;
    for (const FluctuationCurve& curve : curves) {
        QCPGraph* graph = plot()->addGraph();
        graph->setLayer(QString::fromLatin1(kCurveLayer));
        graph->setName(curve.label);
        positivePoints(curve.result, curveScales, curveValues);
        graph->setData(curveScales, curveValues, true);
        if (!curvesInLegend && !m_curveGraphs.empty()) graph->removeFromLegend();
        m_curveGraphs.push_back(graph);
    }

    // Many curves: one legend entry stands for all the thin lines.
    if (!curvesInLegend)
        m_curveGraphs.front()->setName(tr("%1 units (thin lines)").arg(curves.size()));

    for (QCPGraph* graph : {m_fit, m_white, m_pink, m_brown})
        graph->data()->clear();
    for (QCPItemText* label : m_referenceLabels)
        label->setVisible(false);
    const DfaResult& r = aggregate;
    if (hasFit(r) && !scales.isEmpty()) {
        const int first = r.fitFirst;
        const int last = r.fitFirst + r.fitCount - 1;
        const double s0 = r.scales[first], s1 = r.scales[last];
        auto fitAt = [&](double s) { return std::exp(r.intercept + r.alpha * std::log(s)); };
        m_fit->setData({s0, s1}, {fitAt(s0), fitAt(s1)}, true);
        m_fit->setName(tr("fit, α = %1").arg(style::formatNumber(r.alpha, 2)));

        // References start at the first fitted point and span all scales.
        const double anchorF = r.fluctuation[first];
        if (anchorF > 0) {
            const double lo = scales.front(), hi = scales.back();
            auto reference = [&](QCPGraph* graph, double alpha) {
                graph->setData(
                    {lo, hi},
                    {anchorF * std::pow(lo / s0, alpha), anchorF * std::pow(hi / s0, alpha)}, true);
            };
            reference(m_white, kWhiteAlpha);
            reference(m_pink, kPinkAlpha);
            reference(m_brown, kBrownAlpha);
            const double alphas[] = {kWhiteAlpha, kPinkAlpha, kBrownAlpha};
            for (std::size_t k = 0; k < m_referenceLabels.size(); ++k) {
                m_referenceLabels[k]->position->setCoords(1.0,
                                                          anchorF * std::pow(hi / s0, alphas[k]));
                m_referenceLabels[k]->setVisible(true);
            }
        }
    } else {
        m_fit->setName(tr("fitted line"));
    }
    setSubtitle(annotationText());

    // The band snaps to the aggregate's window sizes (or, without them, to the curves').
    m_snapScales.clear();
    for (int s : r.scales)
        m_snapScales.push_back(s);
    if (m_snapScales.empty()) {
        for (const FluctuationCurve& curve : curves)
            for (int s : curve.result.scales)
                m_snapScales.push_back(s);
    }
    std::sort(m_snapScales.begin(), m_snapScales.end());
    m_snapScales.erase(std::unique(m_snapScales.begin(), m_snapScales.end()), m_snapScales.end());
    m_bandLow = m_bandHigh = -1;
    if (hasFit(r)) {
        m_bandLow = nearestScaleIndex(r.scales[r.fitFirst]);
        m_bandHigh = nearestScaleIndex(r.scales[r.fitFirst + r.fitCount - 1]);
        if (m_bandHigh <= m_bandLow) m_bandLow = m_bandHigh = -1;
    }
    updateBand();

    // Axis ranges over everything drawn.
    double low = HUGE_VAL, high = 0, left = HUGE_VAL, right = 0;
    std::vector<QCPGraph*> drawn{m_points, m_fit, m_white, m_pink, m_brown};
    drawn.insert(drawn.end(), m_curveGraphs.begin(), m_curveGraphs.end());
    for (QCPGraph* graph : drawn) {
        for (const QCPGraphData& point : *graph->data()) {
            low = std::min(low, point.value);
            high = std::max(high, point.value);
            left = std::min(left, point.key);
            right = std::max(right, point.key);
        }
    }
    if (low <= high && left <= right) {
        // Log-space padding: a little above, more below for the legend in the bottom right.
        const double decades = std::max(0.5, std::log10(high / low));
        plot()->xAxis->setRange(left / 1.2, right * 1.2);
        plot()->yAxis->setRange(low / std::pow(10.0, 0.12 * decades),
                                high * std::pow(10.0, 0.05 * decades));
    }
    applyStyle(); // pens of the new curves
}

QString FluctuationPlot::annotationText() const {
    if (!m_hasResult) return tr("no data yet");
    const DfaResult& r = m_result;
    if (r.silent) return tr("silent series (variance < 10⁻¹²): no exponent");
    if (r.fitCount < 2 || r.fitFirst < 0 || r.fitFirst + r.fitCount > int(r.scales.size()))
        return tr("too few window sizes for a fit");
    const int s0 = r.scales[r.fitFirst];
    const int s1 = r.scales[r.fitFirst + r.fitCount - 1];
    return tr("α = %1 ± %2, %3 = %4, R² = %5, fit %6–%7 %8")
        .arg(style::formatNumber(r.alpha, 2), style::formatNumber(r.alphaStdError, 2),
             m_exponentName, style::formatNumber(r.beta, 2), style::formatNumber(r.r2, 3))
        .arg(s0)
        .arg(s1)
        .arg(m_windowUnit);
}

void FluctuationPlot::setWindowUnit(const QString& plural) {
    m_windowUnit = plural;
    plot()->xAxis->setLabel(tr("window size n (%1)").arg(plural));
    setSubtitle(annotationText());
    requestReplot();
}

void FluctuationPlot::setExponentName(const QString& name) {
    m_exponentName = name;
    setSubtitle(annotationText());
    requestReplot();
}

// --- the fit-range band -------------------------------------------------------------------

int FluctuationPlot::nearestScaleIndex(double scale) const {
    if (m_snapScales.empty()) return -1;
    if (!(scale > 0)) return 0;
    const double target = std::log(scale);
    int best = 0;
    for (int i = 1; i < int(m_snapScales.size()); ++i) {
        if (std::abs(std::log(m_snapScales[i]) - target) <
            std::abs(std::log(m_snapScales[best]) - target))
            best = i;
    }
    return best;
}

double FluctuationPlot::fitRangeMin() const {
    return m_bandLow >= 0 ? m_snapScales[std::size_t(m_bandLow)] : 0.0;
}

double FluctuationPlot::fitRangeMax() const {
    return m_bandHigh >= 0 ? m_snapScales[std::size_t(m_bandHigh)] : 0.0;
}

void FluctuationPlot::setFitRange(double minScale, double maxScale) {
    if (m_snapScales.size() < 2) return;
    int low = nearestScaleIndex(std::min(minScale, maxScale));
    int high = nearestScaleIndex(std::max(minScale, maxScale));
    if (high <= low) { // both snapped to one scale: widen by one
        if (high + 1 < int(m_snapScales.size()))
            ++high;
        else
            --low;
    }
    m_bandLow = low;
    m_bandHigh = high;
    updateBand();
}

void FluctuationPlot::setFitRangeEditable(bool editable) {
    m_editable = editable;
    if (!editable) {
        endBandDrag(false);
        plot()->unsetCursor();
    }
}

void FluctuationPlot::updateBand() {
    const bool shown = m_bandLow >= 0 && m_bandHigh > m_bandLow;
    for (QCPAbstractItem* item :
         std::initializer_list<QCPAbstractItem*>{m_band, m_bandLowEdge, m_bandHighEdge})
        item->setVisible(shown);
    if (shown) {
        const double lo = fitRangeMin(), hi = fitRangeMax();
        m_band->topLeft->setCoords(lo, 0.0);
        m_band->bottomRight->setCoords(hi, 1.0);
        m_bandLowEdge->point1->setCoords(lo, 1.0);
        m_bandLowEdge->point2->setCoords(lo, 10.0);
        m_bandHighEdge->point1->setCoords(hi, 1.0);
        m_bandHighEdge->point2->setCoords(hi, 10.0);
    }
    requestReplot();
}

FluctuationPlot::BandDrag FluctuationPlot::bandPartAt(const QPointF& position) const {
    if (!hasFitRange()) return BandDrag::None;
    const QRect axes = plot()->axisRect()->rect();
    if (position.y() < axes.top() || position.y() > axes.bottom()) return BandDrag::None;
    const double x = position.x();
    const double lowX = plot()->xAxis->coordToPixel(fitRangeMin());
    const double highX = plot()->xAxis->coordToPixel(fitRangeMax());
    const double toLow = std::abs(x - lowX), toHigh = std::abs(x - highX);
    const double grab = presentationMode() ? 1.5 * kEdgeGrabPixels : kEdgeGrabPixels;
    if (std::min(toLow, toHigh) <= grab) return toHigh < toLow ? BandDrag::Upper : BandDrag::Lower;
    if (x > lowX && x < highX) return BandDrag::Whole;
    return BandDrag::None;
}

void FluctuationPlot::beginBandDrag(BandDrag part, double fromScale) {
    m_drag = part;
    m_dragFrom = fromScale;
    m_dragLow = m_bandLow;
    m_dragHigh = m_bandHigh;
    // The plot must not pan while the band moves.
    m_rangeDragWasOn = plot()->interactions().testFlag(QCP::iRangeDrag);
    plot()->setInteraction(QCP::iRangeDrag, false);
}

void FluctuationPlot::moveBandDrag(double toScale) {
    const int last = int(m_snapScales.size()) - 1;
    switch (m_drag) {
    case BandDrag::None:
        return;
    case BandDrag::Lower:
        m_bandLow = std::clamp(nearestScaleIndex(toScale), 0, m_bandHigh - 1);
        break;
    case BandDrag::Upper:
        m_bandHigh = std::clamp(nearestScaleIndex(toScale), m_bandLow + 1, last);
        break;
    case BandDrag::Whole: {
        // Move by the mouse's factor in n, in whole scales, keeping the band's width in scales.
        const double from = m_snapScales[std::size_t(m_dragLow)];
        const double factor = m_dragFrom > 0 && toScale > 0 ? toScale / m_dragFrom : 1.0;
        const int shift =
            std::clamp(nearestScaleIndex(from * factor) - m_dragLow, -m_dragLow, last - m_dragHigh);
        m_bandLow = m_dragLow + shift;
        m_bandHigh = m_dragHigh + shift;
        break;
    }
    }
    updateBand();
}

void FluctuationPlot::endBandDrag(bool report) {
    if (m_drag == BandDrag::None) return;
    const bool changed = m_bandLow != m_dragLow || m_bandHigh != m_dragHigh;
    m_drag = BandDrag::None;
    if (m_rangeDragWasOn) plot()->setInteraction(QCP::iRangeDrag, true);
    if (report && changed && hasFitRange()) emit fitRangeChanged(fitRangeMin(), fitRangeMax());
}

void FluctuationPlot::dragFitEdge(bool upperEdge, double toScale) {
    if (!hasFitRange()) return;
    beginBandDrag(upperEdge ? BandDrag::Upper : BandDrag::Lower,
                  upperEdge ? fitRangeMax() : fitRangeMin());
    moveBandDrag(toScale);
    endBandDrag(true);
}

void FluctuationPlot::onMousePress(QMouseEvent* event) {
    if (!m_editable || event->button() != Qt::LeftButton || m_drag != BandDrag::None) return;
    const BandDrag part = bandPartAt(event->position());
    if (part == BandDrag::None) return;
    beginBandDrag(part, plot()->xAxis->pixelToCoord(event->position().x()));
    if (part == BandDrag::Whole) plot()->setCursor(Qt::ClosedHandCursor);
}

void FluctuationPlot::onMouseMove(QMouseEvent* event) {
    if (m_drag != BandDrag::None) {
        moveBandDrag(plot()->xAxis->pixelToCoord(event->position().x()));
        return;
    }
    if (!m_editable) return;
    switch (bandPartAt(event->position())) {
    case BandDrag::Lower:
    case BandDrag::Upper:
        plot()->setCursor(Qt::SizeHorCursor);
        break;
    case BandDrag::Whole:
        plot()->setCursor(Qt::OpenHandCursor);
        break;
    case BandDrag::None:
        plot()->unsetCursor();
        break;
    }
}

void FluctuationPlot::onMouseRelease(QMouseEvent* event) {
    if (m_drag == BandDrag::None || event->button() != Qt::LeftButton) return;
    moveBandDrag(plot()->xAxis->pixelToCoord(event->position().x()));
    endBandDrag(true);
    plot()->unsetCursor();
}

// --- data and style -----------------------------------------------------------------------

QString FluctuationPlot::dataCsv() const {
    if (!m_hasResult) return {};
    // Every window size of any curve or the aggregate, ascending.
    std::map<int, std::size_t> rows;
    auto collect = [&rows](const DfaResult& r) {
        for (int s : r.scales)
            rows.emplace(s, 0);
    };
    for (const FluctuationCurve& curve : m_curves)
        collect(curve.result);
    collect(m_result);
    if (rows.empty()) return {};

    QString text = QStringLiteral("n");
    for (std::size_t i = 0; i < m_curves.size(); ++i) {
        const QString label =
            m_curves[i].label.isEmpty() ? QStringLiteral("curve_%1").arg(i) : m_curves[i].label;
        text += QLatin1Char(',') + csv::field(label);
    }
    text += QLatin1Char(',') +
            csv::field(m_aggregateLabel.isEmpty() ? QStringLiteral("F(n)") : m_aggregateLabel);
    text += QStringLiteral(",fit\n");

    auto valueAt = [](const DfaResult& r, int scale) -> QString {
        for (std::size_t i = 0; i < r.scales.size() && i < r.fluctuation.size(); ++i)
            if (r.scales[i] == scale) return csv::number(r.fluctuation[i]);
        return {};
    };
    const DfaResult& r = m_result;
    const bool fitted = hasFit(r);
    for (const auto& [scale, unused] : rows) {
        (void)unused;
        text += QString::number(scale);
        for (const FluctuationCurve& curve : m_curves)
            text += QLatin1Char(',') + valueAt(curve.result, scale);
        text += QLatin1Char(',') + valueAt(r, scale);
        text += QLatin1Char(',');
        if (fitted && scale >= r.scales[r.fitFirst] &&
            scale <= r.scales[r.fitFirst + r.fitCount - 1])
            text += csv::number(std::exp(r.intercept + r.alpha * std::log(double(scale))));
        text += QLatin1Char('\n');
    }
    return text;
}

void FluctuationPlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    m_points->setLineStyle(QCPGraph::lsNone);
    m_points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(style::kData, 1.5),
                                              QBrush(style::kData), big ? 10 : 7));
    m_fit->setPen(QPen(style::kFit, big ? 3.5 : 2.2));
    // The reference colours of the theme: legible as text on its background (the brown of
    // the light theme is too dark on the dark one).
    const style::Palette& colours = style::palette(darkTheme());
    m_white->setPen(referencePen(colours.whiteNoise, big));
    m_pink->setPen(referencePen(colours.pinkNoise, big));
    m_brown->setPen(referencePen(colours.brownNoise, big));
    const QColor referenceColors[] = {colours.whiteNoise, colours.pinkNoise, colours.brownNoise};
    for (std::size_t k = 0; k < m_referenceLabels.size(); ++k) {
        m_referenceLabels[k]->setColor(referenceColors[k]);
        m_referenceLabels[k]->setFont(style::figureFont(big, 0.9));
        m_referenceLabels[k]->setPadding(QMargins(4, 0, 2, 0));
    }
    // Room in the right margin for the reference names.
    const QFontMetrics metrics(style::figureFont(big, 0.9));
    int widest = 0;
    for (QCPItemText* label : m_referenceLabels)
        widest = std::max(widest, metrics.horizontalAdvance(label->text()));
    plot()->axisRect()->setMinimumMargins(QMargins(0, 0, widest + 10, 0));
    for (std::size_t i = 0; i < m_curveGraphs.size() && i < m_curves.size(); ++i) {
        QColor color = m_curves[i].color.isValid() ? m_curves[i].color : style::kWhiteNoise;
        m_curveGraphs[i]->setPen(QPen(color, big ? 1.6 : 1.0));
        m_curveGraphs[i]->setLineStyle(QCPGraph::lsLine);
        m_curveGraphs[i]->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssDisc, color, big ? 6 : 4));
    }
    const QColor ink = style::palette(darkTheme()).ink;
    QColor fill = ink;
    fill.setAlpha(darkTheme() ? 40 : 22);
    m_band->setPen(Qt::NoPen);
    m_band->setBrush(fill);
    QColor edge = ink;
    edge.setAlpha(140);
    for (QCPItemStraightLine* line : {m_bandLowEdge, m_bandHighEdge})
        line->setPen(QPen(edge, big ? 2.0 : 1.2, Qt::DotLine));
    requestReplot();
}

} // namespace flicker
