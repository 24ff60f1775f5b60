// The activations of one review as a colour map (see heatmap_plot.h).
#include "heatmap_plot.h"

#include "plot_style.h"
#include "review_plot_support.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace flicker {
namespace {

/// A 256-level gradient through evenly spaced colour stops; NaN cells stay transparent.
QCPColorGradient evenGradient(std::initializer_list<QColor> stops) {
    QCPColorGradient gradient;
    gradient.clearColorStops();
    const double last = double(stops.size() - 1);
    double k = 0;
    for (const QColor& colour : stops)
        gradient.setColorStopAt(k++ / last, colour);
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setLevelCount(256);
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    return gradient;
}

/// Blue – white – red (ColorBrewer RdBu, reversed): negative blue, zero white, positive red.
QCPColorGradient divergingGradient() {
    return evenGradient({QColor(0x21, 0x66, 0xac), QColor(0x67, 0xa9, 0xcf),
                         QColor(0xf7, 0xf7, 0xf7), QColor(0xef, 0x8a, 0x62),
                         QColor(0xb2, 0x18, 0x2b)});
}

/// Viridis: perceptually uniform and readable for colour-blind viewers, dark = low.
QCPColorGradient sequentialGradient() {
    return evenGradient({QColor(0x44, 0x01, 0x54), QColor(0x3b, 0x52, 0x8b),
                         QColor(0x21, 0x91, 0x8c), QColor(0x5e, 0xc9, 0x62),
                         QColor(0xfd, 0xe7, 0x25)});
}

} // namespace

HeatmapPlot::HeatmapPlot(QWidget* parent) : StepPlot(parent) {
    setFigureName(QStringLiteral("activations-heatmap"));
    QCustomPlot* p = plot();
    p->yAxis->setLabel(tr("unit"));
    p->yAxis->setTicker(makeIntegerTicker());
    p->xAxis->grid()->setVisible(false);
    p->yAxis->grid()->setVisible(false);

    m_map = new QCPColorMap(p->xAxis, p->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    m_scale = new QCPColorScale(p);
    m_scale->setType(QCPAxis::atRight);
    m_scale->setRangeDrag(false);
    m_scale->setRangeZoom(false);
    p->plotLayout()->addElement(0, 1, m_scale);
    m_map->setColorScale(m_scale);
    // The colour bar spans exactly the height of the axes.
    auto* margins = new QCPMarginGroup(p);
    p->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    // Zoom and pan along the steps only (StepPlot); units always stay fully visible.
    clear();
    applyStyle();
}

void HeatmapPlot::clear() {
    setData({}, 0, 0, m_scale->label(), m_symmetric);
}

void HeatmapPlot::setData(const std::vector<float>& rowMajor, std::size_t steps, std::size_t units,
                          const QString& valueLabel, bool symmetric) {
    if (rowMajor.size() < steps * units || steps == 0 || units == 0) {
        steps = 0;
        units = 0;
    }
    m_values.assign(rowMajor.begin(), rowMajor.begin() + std::ptrdiff_t(steps * units));
    m_steps = steps;
    m_units = units;
    m_symmetric = symmetric;
    m_scale->setLabel(valueLabel);

    QCPColorMapData* cells = m_map->data();
    if (steps == 0) {
        cells->setSize(0, 0);
        m_colorLower = symmetric ? -1.0 : 0.0;
        m_colorUpper = 1.0;
        plot()->yAxis->setRange(-0.5, 0.5);
    } else {
        // Cell (t, u) is centred on x = t, y = u, so the map covers [−0.5, T − 0.5].
        cells->setSize(int(steps), int(units));
        cells->setRange(QCPRange(0, double(steps - 1)), QCPRange(0, double(units - 1)));
        double low = HUGE_VAL, high = -HUGE_VAL, largest = 0;
        for (std::size_t t = 0; t < steps; ++t) {
            for (std::size_t u = 0; u < units; ++u) {
                const double v = m_values[t * units + u];
                cells->setCell(int(t), int(u), v);
                if (!std::isfinite(v)) continue;
                low = std::min(low, v);
                high = std::max(high, v);
                largest = std::max(largest, std::abs(v));
            }
        }
        if (symmetric) {
            const double bound = largest > 0 ? largest : 1.0;
            m_colorLower = -bound;
            m_colorUpper = bound;
        } else if (low <= high) {
            m_colorLower = low;
            m_colorUpper = high > low ? high : low + 1.0;
        } else { // nothing finite
            m_colorLower = 0.0;
            m_colorUpper = 1.0;
        }
        plot()->yAxis->setRange(-0.5, double(units) - 0.5);
    }
    m_map->setGradient(symmetric ? divergingGradient() : sequentialGradient());
    m_map->setDataRange(QCPRange(m_colorLower, m_colorUpper));
    stepAxis()->setStepCount(steps);
    rebuildHighlights();
    requestReplot();
}

void HeatmapPlot::setHighlightedUnits(const std::vector<int>& units,
                                      const std::vector<QColor>& colors) {
    m_highlighted = units;
    m_highlightColors = colors;
    rebuildHighlights();
    requestReplot();
}

void HeatmapPlot::rebuildHighlights() {
    for (QCPItemRect* item : m_outlines)
        plot()->removeItem(item);
    m_outlines.clear();
    const style::Palette& colours = style::palette(darkTheme());
    const double width = presentationMode() ? 2.2 : 1.5;
    // A rectangle over the row of `unit`, x as a fraction of the axes (it spans the visible
    // steps whatever the zoom).
    auto addRect = [this](int unit, double fromX, double toX) {
        auto* rect = new QCPItemRect(plot());
        rect->setSelectable(false);
        for (QCPItemPosition* corner : {rect->topLeft, rect->bottomRight}) {
            corner->setTypeX(QCPItemPosition::ptAxisRectRatio);
            corner->setTypeY(QCPItemPosition::ptPlotCoords);
        }
        rect->topLeft->setCoords(fromX, unit + 0.5);
        rect->bottomRight->setCoords(toX, unit - 0.5);
        m_outlines.push_back(rect);
        return rect;
    };
    for (std::size_t i = 0; i < m_highlighted.size(); ++i) {
        const int unit = m_highlighted[i];
        if (unit < 0 || std::size_t(unit) >= m_units) continue;
        const QColor color = i < m_highlightColors.size() && m_highlightColors[i].isValid()
                                 ? m_highlightColors[i]
                                 : colours.ink;
        // The outline in the unit's colour on a halo of the background colour, so that it stays
        // visible on any cell colour, and a solid tab at the left edge.
        QCPItemRect* halo = addRect(unit, 0.0, 1.0);
        halo->setPen(QPen(colours.background, width + 2.0));
        halo->setBrush(Qt::NoBrush);
        QCPItemRect* outline = addRect(unit, 0.0, 1.0);
        outline->setPen(QPen(color, width));
        outline->setBrush(Qt::NoBrush);
        QCPItemRect* tab = addRect(unit, 0.0, 0.012);
        tab->setPen(Qt::NoPen);
        tab->setBrush(color);
    }
}

QString HeatmapPlot::dataCsv() const {
    if (m_steps == 0) return {};
    QString text = QStringLiteral("word_number"); // 1 = the first word, as on the axis
    for (std::size_t u = 0; u < m_units; ++u)
        text += QStringLiteral(",u%1").arg(u);
    text += QLatin1Char('\n');
    for (std::size_t t = 0; t < m_steps; ++t) {
        text += QString::number(t + 1);
        for (std::size_t u = 0; u < m_units; ++u)
            text += QLatin1Char(',') + csv::number(m_values[t * m_units + u]);
        text += QLatin1Char('\n');
    }
    return text;
}

void HeatmapPlot::applyStyle() {
    PlotView::applyStyle();
    const style::Palette& colours = style::palette(darkTheme());
    const bool big = presentationMode();
    QCPAxis* axis = m_scale->axis();
    const QPen axisPen(colours.ink, big ? 1.6 : 1.0);
    axis->setBasePen(axisPen);
    axis->setTickPen(axisPen);
    axis->setSubTickPen(axisPen);
    axis->setTickLabelColor(colours.ink);
    axis->setLabelColor(colours.ink);
    axis->setTickLabelFont(style::figureFont(big));
    axis->setLabelFont(style::figureFont(big, 1.1));
    m_scale->setBarWidth(big ? 18 : 12);
    cursor()->setPen(QPen(colours.ink, big ? 2.5 : 1.5));
    rebuildHighlights();
    requestReplot();
}

} // namespace flicker
