// Per-review scatter of two exponents with Pearson r, clickable points (see scatter_plot.h).
#include "scatter_plot.h"

#include "plot_style.h"
#include "review_plot_support.h"
#include "study_plot_support.h"

#include <QMouseEvent>
#include <QToolTip>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

constexpr int kClickSlop = 4; ///< pixels a press may move before its release is no click

} // namespace

ScatterPlot::ScatterPlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("beta-scatter"));
    QCustomPlot* p = plot();
    setAxisLabels(tr("β(x), inputs"), tr("β(h), hidden state"));
    p->xAxis->setTicker(makeSignedTicker());
    p->yAxis->setTicker(makeSignedTicker());

    m_diagonal = new QCPItemStraightLine(p);
    m_diagonal->point1->setCoords(0, 0);
    m_diagonal->point2->setCoords(1, 1);
    m_diagonal->setLayer(QStringLiteral("grid"));
    for (int k = 0; k < 4; ++k) {
        auto* line = new QCPItemStraightLine(p);
        const double at = k % 2 == 0 ? 0.0 : 1.0;
        if (k < 2) { // vertical: x = at
            line->point1->setCoords(at, 0);
            line->point2->setCoords(at, 1);
        } else { // horizontal: y = at
            line->point1->setCoords(0, at);
            line->point2->setCoords(1, at);
        }
        line->setLayer(QStringLiteral("grid"));
        m_references.push_back(line);
    }

    m_points = p->addGraph();
    m_points->setLineStyle(QCPGraph::lsNone);
    m_highlight = p->addGraph();
    m_highlight->setLineStyle(QCPGraph::lsNone);

    p->setMouseTracking(true); // hover tooltips
    connect(p, &QCustomPlot::mousePress, this, &ScatterPlot::onMousePress);
    connect(p, &QCustomPlot::mouseRelease, this, &ScatterPlot::onMouseRelease);
    connect(p, &QCustomPlot::mouseMove, this, &ScatterPlot::onMouseMove);

    clear();
    applyStyle();
}

void ScatterPlot::setAxisLabels(const QString& x, const QString& y) {
    plot()->xAxis->setLabel(x);
    plot()->yAxis->setLabel(y);
    requestReplot();
}

void ScatterPlot::clear() {
    setPoints({}, {}, {});
}

void ScatterPlot::setPoints(const std::vector<double>& xs, const std::vector<double>& ys,
                            const QStringList& ids) {
    const std::size_t n = std::min(xs.size(), ys.size());
    m_xs.assign(xs.begin(), xs.begin() + std::ptrdiff_t(n));
    m_ys.assign(ys.begin(), ys.begin() + std::ptrdiff_t(n));
    m_ids = ids;

    QVector<double> keys, values;
    for (std::size_t k = 0; k < n; ++k) {
        if (!std::isfinite(m_xs[k]) || !std::isfinite(m_ys[k])) continue;
        keys.push_back(m_xs[k]);
        values.push_back(m_ys[k]);
    }
    m_points->setData(keys, values);
    m_r = pearson(m_xs, m_ys, &m_pairs);
    setSubtitle(annotationText());
    if (m_highlighted >= int(n)) m_highlighted = -1;
    updateHighlight();
    updateRanges();
    requestReplot();
}

double ScatterPlot::pearson(const std::vector<double>& xs, const std::vector<double>& ys,
                            int* pairs) {
    const std::size_t n = std::min(xs.size(), ys.size());
    auto finite = [&](std::size_t k) { return std::isfinite(xs[k]) && std::isfinite(ys[k]); };
    double sumX = 0, sumY = 0;
    int count = 0;
    bool constantX = true, constantY = true;
    double firstX = 0, firstY = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (!finite(k)) continue;
        if (count == 0) {
            firstX = xs[k];
            firstY = ys[k];
        }
        constantX = constantX && xs[k] == firstX;
        constantY = constantY && ys[k] == firstY;
        sumX += xs[k];
        sumY += ys[k];
        ++count;
    }
    if (pairs) *pairs = count;
    // A constant series has no correlation (rounding would otherwise give a random ±1).
    if (count < 3 || constantX || constantY) return std::nan("");
    const double meanX = sumX / count, meanY = sumY / count;
    double sxx = 0, syy = 0, sxy = 0; // centred sums: no cancellation for offset data
    for (std::size_t k = 0; k < n; ++k) {
        if (!finite(k)) continue;
        const double dx = xs[k] - meanX, dy = ys[k] - meanY;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (!(sxx > 0) || !(syy > 0)) return std::nan("");
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

QString ScatterPlot::annotationText() const {
    if (m_xs.empty()) return {};
    if (!std::isfinite(m_r)) return tr("Pearson r undefined, n = %1").arg(m_pairs);
    return tr("Pearson r = %1, n = %2").arg(style::formatNumber(m_r, 2)).arg(m_pairs);
}

void ScatterPlot::updateRanges() {
    double lowX = INFINITY, highX = -INFINITY, lowY = INFINITY, highY = -INFINITY;
    for (std::size_t k = 0; k < m_xs.size(); ++k) {
        if (!std::isfinite(m_xs[k]) || !std::isfinite(m_ys[k])) continue;
        lowX = std::min(lowX, m_xs[k]);
        highX = std::max(highX, m_xs[k]);
        lowY = std::min(lowY, m_ys[k]);
        highY = std::max(highY, m_ys[k]);
    }
    if (!std::isfinite(lowX)) { // no data: white and pink in view; else the axes fit the data
        lowX = std::min(lowX, 0.0);
        highX = std::max(highX, 1.0);
        lowY = std::min(lowY, 0.0);
        highY = std::max(highY, 1.0);
    }
    auto padded = [](double low, double high) {
        const double pad = std::max(0.06 * (high - low), 0.05);
        return QCPRange(low - pad, high + pad);
    };
    plot()->xAxis->setRange(padded(lowX, highX));
    plot()->yAxis->setRange(padded(lowY, highY));
}

void ScatterPlot::setDiagonalVisible(bool on) {
    m_diagonalVisible = on;
    m_diagonal->setVisible(on);
    requestReplot();
}

void ScatterPlot::setReferenceLinesVisible(bool on) {
    m_referencesVisible = on;
    for (QCPItemStraightLine* line : m_references)
        line->setVisible(on);
    updateRanges();
    requestReplot();
}

void ScatterPlot::setHighlighted(int index) {
    m_highlighted = index >= 0 && index < int(m_xs.size()) ? index : -1;
    updateHighlight();
    requestReplot();
}

void ScatterPlot::updateHighlight() {
    m_highlight->data()->clear();
    if (m_highlighted < 0) return;
    const double x = m_xs[std::size_t(m_highlighted)], y = m_ys[std::size_t(m_highlighted)];
    if (std::isfinite(x) && std::isfinite(y)) m_highlight->addData(x, y);
}

int ScatterPlot::pointAt(const QPoint& pixel) const {
    const QCPAxis* xAxis = plot()->xAxis;
    const QCPAxis* yAxis = plot()->yAxis;
    int best = -1;
    double bestDistance = kPickRadius * kPickRadius;
    for (std::size_t k = 0; k < m_xs.size(); ++k) {
        if (!std::isfinite(m_xs[k]) || !std::isfinite(m_ys[k])) continue;
        const double dx = xAxis->coordToPixel(m_xs[k]) - pixel.x();
        const double dy = yAxis->coordToPixel(m_ys[k]) - pixel.y();
        const double distance = dx * dx + dy * dy;
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = int(k);
        }
    }
    return best;
}

QString ScatterPlot::tooltipText(int index) const {
    if (index < 0 || index >= int(m_xs.size())) return {};
    const QString id = index < m_ids.size() ? m_ids[index] : QStringLiteral("#%1").arg(index);
    return QStringLiteral("%1\n%2: %3\n%4: %5")
        .arg(id, plot()->xAxis->label(), style::formatNumber(m_xs[std::size_t(index)], 3),
             plot()->yAxis->label(), style::formatNumber(m_ys[std::size_t(index)], 3));
}

void ScatterPlot::onMousePress(QMouseEvent* event) {
    m_pressed = event->button() == Qt::LeftButton;
    m_pressPosition = event->position().toPoint();
}

void ScatterPlot::onMouseRelease(QMouseEvent* event) {
    const QPoint at = event->position().toPoint();
    const bool click = m_pressed && event->button() == Qt::LeftButton &&
                       (at - m_pressPosition).manhattanLength() <= kClickSlop;
    m_pressed = false;
    if (!click) return;
    const int index = pointAt(at);
    if (index >= 0) emit pointClicked(index);
}

void ScatterPlot::onMouseMove(QMouseEvent* event) {
    const int index = pointAt(event->position().toPoint());
    if (index >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), tooltipText(index), plot());
    else
        QToolTip::hideText();
}

QString ScatterPlot::dataCsv() const {
    if (m_xs.empty()) return {};
    QString text = QStringLiteral("id,x,y\n");
    for (std::size_t k = 0; k < m_xs.size(); ++k) {
        const int index = int(k);
        const QString id = index < m_ids.size() ? m_ids[index] : QStringLiteral("#%1").arg(k);
        text += csv::field(id) + QLatin1Char(',') + csv::number(m_xs[k]) + QLatin1Char(',') +
                csv::number(m_ys[k]) + QLatin1Char('\n');
    }
    return text;
}

void ScatterPlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    const QColor ink = style::palette(darkTheme()).ink;
    QColor fill = style::kData;
    fill.setAlphaF(0.6f);
    m_points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle,
                                              QPen(style::kData, big ? 1.4 : 1.0), QBrush(fill),
                                              big ? 8 : 5.5));
    m_highlight->setScatterStyle(QCPScatterStyle(
        QCPScatterStyle::ssCircle, QPen(ink, big ? 2.4 : 1.6), QBrush(style::kFit), big ? 18 : 12));
    QColor guide = ink;
    guide.setAlphaF(0.55f);
    m_diagonal->setPen(QPen(guide, big ? 2.0 : 1.2, Qt::DashLine));
    const style::Palette& theme = style::palette(darkTheme());
    const QColor colours[4] = {theme.whiteNoise, theme.pinkNoise, theme.whiteNoise,
                               theme.pinkNoise};
    for (std::size_t k = 0; k < m_references.size(); ++k)
        m_references[k]->setPen(QPen(colours[k], big ? 1.8 : 1.0, Qt::DotLine));
    requestReplot();
}

} // namespace flicker
