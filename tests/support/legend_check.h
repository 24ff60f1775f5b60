// For figure tests: the plotted points that a legend hides (pixels as laid out last), counted
// independently of the placement code in widgets/plot_style.
#pragma once

#include <qcustomplot.h>

#include <cmath>

namespace flicker::test {

/// Points of the visible graphs and the tops of visible bars under the legend's rectangle.
inline int pointsUnderLegend(QCustomPlot* plot) {
    if (!plot->legend || !plot->legend->realVisibility()) return 0;
    const QRectF legend = plot->legend->outerRect();
    int hidden = 0;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        const QCPAbstractPlottable* p = plot->plottable(i);
        if (!p->realVisibility() || p->property("flickerGuide").toBool()) continue; // guides
        const auto count = [&](double key, double value) {
            const double x = p->keyAxis()->coordToPixel(key);
            const double y = p->valueAxis()->coordToPixel(value);
            if (std::isfinite(x) && std::isfinite(y) && std::isfinite(value) &&
                legend.contains(QPointF(x, y)))
                ++hidden;
        };
        if (const auto* graph = qobject_cast<const QCPGraph*>(p))
            for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
                count(it->key, it->value);
        else if (const auto* bars = qobject_cast<const QCPBars*>(p))
            for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
                count(it->key, it->value);
    }
    return hidden;
}

} // namespace flicker::test
