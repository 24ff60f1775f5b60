// Box plots of per-review β by category, with labelled reference levels (see box_plot.h).
#include "box_plot.h"

#include "plot_style.h"
#include "review_plot_support.h"
#include "study_plot_support.h"

#include <QFontMetrics>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

constexpr double kBoxWidth = 0.6;    ///< in category units (boxes sit at 1, 2, …)
constexpr double kLabelAngle = 35.0; ///< degrees clockwise, when the labels do not fit flat
constexpr int kLeftMarginGuess = 70; ///< pixels of y tick labels and axis title (for fitting)

} // namespace

BoxStats BoxPlot::stats(std::vector<double> values) {
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    BoxStats s;
    s.n = int(values.size());
    if (values.empty()) {
        const double nan = std::nan("");
        s.whiskerLow = s.q1 = s.median = s.q3 = s.whiskerHigh = s.mean = nan;
        return s;
    }
    std::sort(values.begin(), values.end());
    auto quantile = [&](double p) { // Hyndman & Fan type 7, see box_plot.h
        const double h = double(values.size() - 1) * p;
        const std::size_t i = std::size_t(std::floor(h));
        const double above = values[std::min(i + 1, values.size() - 1)];
        return values[i] + (h - double(i)) * (above - values[i]);
    };
    s.q1 = quantile(0.25);
    s.median = quantile(0.5);
    s.q3 = quantile(0.75);
    const double iqr = s.q3 - s.q1;
    const double lowFence = s.q1 - 1.5 * iqr, highFence = s.q3 + 1.5 * iqr;
    s.whiskerLow = s.q1;
    s.whiskerHigh = s.q3;
    double sum = 0;
    for (double v : values) {
        sum += v;
        if (v < lowFence || v > highFence) {
            s.outliers.push_back(v);
            continue;
        }
        s.whiskerLow = std::min(s.whiskerLow, v);
        s.whiskerHigh = std::max(s.whiskerHigh, v);
    }
    s.mean = sum / double(values.size());
    return s;
}

BoxPlot::BoxPlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("beta-boxes"));
    QCustomPlot* p = plot();
    p->yAxis->setLabel(tr("β (spectral exponent)"));
    p->yAxis->setTicker(makeSignedTicker());
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    ticker->setSubTickCount(0);
    p->xAxis->setTicker(ticker);
    p->xAxis->grid()->setVisible(false);
    // The right margin is kept free for the reference labels.
    p->axisRect()->setAutoMargins(QCP::msLeft | QCP::msTop | QCP::msBottom);

    m_means = p->addGraph();
    m_means->setLineStyle(QCPGraph::lsNone);
    m_means->removeFromLegend();
    p->legend->setVisible(false);

    setReferenceLines({{0.0, tr("white")}, {1.0, tr("pink")}});
    clear();
    applyStyle();
}

void BoxPlot::clear() {
    setBoxes({});
}

void BoxPlot::setBoxes(const std::vector<BoxGroup>& boxes) {
    QCustomPlot* p = plot();
    for (Box& box : m_boxes)
        p->removePlottable(box.plottable);
    m_boxes.clear();
    m_means->data()->clear();
    for (std::size_t k = 0; k < boxes.size(); ++k) {
        Box box;
        box.label = boxes[k].label;
        box.color = boxes[k].color;
        box.stats = stats(boxes[k].values);
        box.plottable = new QCPStatisticalBox(p->xAxis, p->yAxis);
        box.plottable->removeFromLegend();
        const double key = double(k + 1);
        const BoxStats& s = box.stats;
        if (s.n > 0) {
            box.plottable->addData(key, s.whiskerLow, s.q1, s.median, s.q3, s.whiskerHigh,
                                   QVector<double>(s.outliers.begin(), s.outliers.end()));
            m_means->addData(key, s.mean);
        }
        m_boxes.push_back(box);
    }
    setSubtitle(m_boxes.empty() ? QString()
                                : tr("box: quartiles and median, whiskers: 1.5 × IQR, ◆ mean"));
    updateTicker();
    updateRanges();
    applyStyle(); // styles the new boxes
}

void BoxPlot::updateTicker() {
    auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(plot()->xAxis->ticker());
    ticker->clear();
    for (std::size_t k = 0; k < m_boxes.size(); ++k)
        ticker->addTick(double(k + 1), m_boxes[k].label);
    plot()->xAxis->setRange(0.5, double(m_boxes.size()) + 0.5);
    updateLabelRotation();
}

void BoxPlot::updateLabelRotation() {
    QCPAxis* axis = plot()->xAxis;
    const QFontMetrics metrics(axis->tickLabelFont());
    int widest = 0;
    for (const Box& box : m_boxes)
        widest = std::max(widest, metrics.horizontalAdvance(box.label));
    // The narrower of the window and the export size decides, so that exports never overlap.
    const int onScreen = isVisible() ? plot()->width() : exportSize().width();
    const int room = std::min(onScreen, exportSize().width()) - kLeftMarginGuess -
                     plot()->axisRect()->margins().right();
    const bool fits = m_boxes.empty() || (widest + 10) * int(m_boxes.size()) <= room;
    const double angle = fits ? 0.0 : kLabelAngle;
    if (axis->tickLabelRotation() != angle) {
        axis->setTickLabelRotation(angle);
        requestReplot();
    }
}

bool BoxPlot::labelsRotated() const {
    return plot()->xAxis->tickLabelRotation() != 0.0;
}

void BoxPlot::updateRanges() {
    double low = INFINITY, high = -INFINITY;
    auto include = [&](double v) {
        if (!std::isfinite(v)) return;
        low = std::min(low, v);
        high = std::max(high, v);
    };
    for (const Box& box : m_boxes) {
        include(box.stats.whiskerLow);
        include(box.stats.whiskerHigh);
        for (double v : box.stats.outliers)
            include(v);
    }
    for (const auto& [value, label] : m_reference.lines())
        include(value);
    if (!std::isfinite(low)) {
        low = 0;
        high = 1;
    }
    const double pad = std::max(0.06 * (high - low), 0.05);
    plot()->yAxis->setRange(low - pad, high + pad);
}

void BoxPlot::setReferenceLines(const std::vector<std::pair<double, QString>>& lines) {
    m_reference.set(lines);
    updateRanges();
    applyStyle(); // also sizes the right margin for the labels
}

void BoxPlot::updateRightMargin() {
    const QFontMetrics metrics(style::figureFont(presentationMode(), 0.9));
    int widest = 0;
    for (const auto& [value, text] : m_reference.lines())
        widest = std::max(widest, metrics.horizontalAdvance(text));
    plot()->axisRect()->setMargins(QMargins(0, 0, widest > 0 ? widest + 14 : 16, 0));
}

QString BoxPlot::dataCsv() const {
    if (m_boxes.empty()) return {};
    QString text = QStringLiteral("label,n,mean,whisker_low,q1,median,q3,whisker_high\n");
    for (const Box& box : m_boxes) {
        const BoxStats& s = box.stats;
        text += csv::field(box.label) + QLatin1Char(',') + QString::number(s.n);
        for (double v : {s.mean, s.whiskerLow, s.q1, s.median, s.q3, s.whiskerHigh})
            text += QLatin1Char(',') + csv::number(v);
        text += QLatin1Char('\n');
    }
    return text;
}

void BoxPlot::resizeEvent(QResizeEvent* event) {
    PlotView::resizeEvent(event);
    updateLabelRotation();
}

void BoxPlot::showEvent(QShowEvent* event) {
    PlotView::showEvent(event);
    updateLabelRotation();
}

void BoxPlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    const QColor ink = style::palette(darkTheme()).ink;
    const double width = big ? 2.0 : 1.2;
    const QColor background = style::palette(darkTheme()).background;
    for (Box& box : m_boxes) {
        // Outlines at graphics contrast (AA, 3:1) on the theme's background.
        const QColor edge = style::legible(box.color, background, style::kGraphicsContrast);
        QColor fill = edge;
        fill.setAlphaF(darkTheme() ? 0.5f : 0.35f);
        box.plottable->setBrush(fill);
        box.plottable->setPen(QPen(edge, width));
        box.plottable->setWhiskerPen(QPen(edge, width, Qt::SolidLine, Qt::FlatCap));
        box.plottable->setWhiskerBarPen(QPen(edge, width));
        box.plottable->setMedianPen(QPen(ink, big ? 3.5 : 2.2, Qt::SolidLine, Qt::FlatCap));
        box.plottable->setOutlierStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(edge, width),
                                                       Qt::NoBrush, big ? 7 : 5));
        box.plottable->setWidth(kBoxWidth);
        box.plottable->setWhiskerWidth(kBoxWidth / 2);
    }
    m_means->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(ink, big ? 1.8 : 1.2),
                                             QBrush(style::palette(darkTheme()).background),
                                             big ? 11 : 8));
    m_reference.applyStyle(ink, big);
    updateRightMargin();
    updateLabelRotation();
    requestReplot();
}

} // namespace flicker
