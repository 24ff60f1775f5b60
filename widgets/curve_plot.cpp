// Named curves against one x axis (see curve_plot.h).
#include "curve_plot.h"

#include "plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace flicker {
namespace {

// [low, high] of values widened by a margin; [0, 1] for none.
std::pair<double, double> paddedRange(double low, double high) {
    if (!(low <= high)) return {0, 1};
    const double pad = high > low ? 0.06 * (high - low) : std::max(0.5, 0.1 * std::abs(high));
    return {low - pad, high + pad};
}

} // namespace

CurvePlot::CurvePlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("curves"));
    plot()->legend->setVisible(true);
    applyStyle();
}

void CurvePlot::setAxisLabels(const QString& x, const QString& left, const QString& right) {
    plot()->xAxis->setLabel(x);
    plot()->yAxis->setLabel(left);
    plot()->yAxis2->setVisible(!right.isEmpty());
    plot()->yAxis2->setLabel(right);
    requestReplot();
}

void CurvePlot::setRightRange(double lower, double upper) {
    m_fixedRight = true;
    m_rightLower = lower;
    m_rightUpper = upper;
    plot()->yAxis2->setRange(lower, upper);
    requestReplot();
}

void CurvePlot::setReferenceLevels(const std::vector<double>& levels) {
    m_levels = levels;
    setCurves(m_curves);
}

void CurvePlot::setCurves(std::vector<Curve> curves) {
    m_curves = std::move(curves);
    QCustomPlot* p = plot();
    p->clearPlottables();
    p->clearItems();
    constexpr double inf = std::numeric_limits<double>::infinity();
    double xLow = inf, xHigh = -inf, yLow = inf, yHigh = -inf, rLow = inf, rHigh = -inf;
    for (const double level : m_levels)
        yLow = std::min(yLow, level), yHigh = std::max(yHigh, level);
    for (const Curve& c : m_curves) {
        QVector<double> xs, ys, errors;
        for (std::size_t k = 0; k < std::min(c.x.size(), c.y.size()); ++k) {
            if (!std::isfinite(c.y[k]) || !std::isfinite(c.x[k])) continue;
            const double e =
                k < c.error.size() && std::isfinite(c.error[k]) ? std::abs(c.error[k]) : 0.0;
            xs << c.x[k];
            ys << c.y[k];
            errors << e;
            xLow = std::min(xLow, c.x[k]);
            xHigh = std::max(xHigh, c.x[k]);
            double& low = c.rightAxis ? rLow : yLow;
            double& high = c.rightAxis ? rHigh : yHigh;
            low = std::min(low, c.y[k] - e);
            high = std::max(high, c.y[k] + e);
        }
        QCPGraph* g = p->addGraph(p->xAxis, c.rightAxis ? p->yAxis2 : p->yAxis);
        g->setName(c.name);
        g->setData(xs, ys, true);
        if (!c.error.empty()) {
            auto* bars = new QCPErrorBars(p->xAxis, c.rightAxis ? p->yAxis2 : p->yAxis);
            bars->setDataPlottable(g);
            bars->setData(errors);
            bars->removeFromLegend();
        }
    }
    for (const double level : m_levels) {
        auto* line = new QCPItemStraightLine(p);
        line->point1->setCoords(0, level);
        line->point2->setCoords(1, level);
    }
    if (xLow <= xHigh) {
        const auto [lo, hi] = paddedRange(xLow, xHigh);
        p->xAxis->setRange(lo, hi);
    }
    if (yLow <= yHigh) {
        const auto [lo, hi] = paddedRange(yLow, yHigh);
        p->yAxis->setRange(lo, hi);
    }
    if (m_fixedRight)
        p->yAxis2->setRange(m_rightLower, m_rightUpper);
    else if (rLow <= rHigh) {
        const auto [lo, hi] = paddedRange(rLow, rHigh);
        p->yAxis2->setRange(lo, hi);
    }
    applyStyle();
}

int CurvePlot::pointCount() const {
    int n = 0;
    for (int k = 0; k < plot()->graphCount(); ++k)
        n += plot()->graph(k)->dataCount();
    return n;
}

QString CurvePlot::dataCsv() const {
    if (m_curves.empty()) return {};
    QString out = QStringLiteral("curve,x,y,error\n");
    const auto number = [](double v) {
        return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
    };
    for (const Curve& c : m_curves) {
        QString name = c.name;
        name.replace(QLatin1Char('"'), QLatin1String("\"\""));
        for (std::size_t k = 0; k < std::min(c.x.size(), c.y.size()); ++k)
            out += QStringLiteral("\"%1\",%2,%3,%4\n")
                       .arg(name, number(c.x[k]), number(c.y[k]),
                            number(k < c.error.size() ? c.error[k] : NAN));
    }
    return out;
}

void CurvePlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    QCustomPlot* p = plot();
    int graph = 0;
    for (const Curve& c : m_curves) {
        if (graph >= p->graphCount()) break;
        QCPGraph* g = p->graph(graph++);
        // At graphics contrast (AA, 3:1) on the theme's background.
        const QColor colour = style::legible(c.colour, style::palette(darkTheme()).background,
                                             style::kGraphicsContrast);
        g->setPen(QPen(colour, big ? 2.6 : 1.6, c.dashed ? Qt::DashLine : Qt::SolidLine));
        g->setScatterStyle(c.markers ? QCPScatterStyle(QCPScatterStyle::ssDisc, colour, big ? 9 : 6)
                                     : QCPScatterStyle(QCPScatterStyle::ssNone));
    }
    for (int k = 0; k < p->plottableCount(); ++k)
        if (auto* bars = qobject_cast<QCPErrorBars*>(p->plottable(k)))
            if (auto* g = qobject_cast<QCPGraph*>(bars->dataPlottable()))
                bars->setPen(QPen(g->pen().color(), big ? 2.0 : 1.2));
    for (int k = 0; k < p->itemCount(); ++k)
        if (auto* line = qobject_cast<QCPItemStraightLine*>(p->item(k)))
            line->setPen(QPen(style::kWhiteNoise, 1, Qt::DashLine));
    requestReplot();
}

} // namespace flicker
