// Named curves against one x axis (see curve_plot.h).
#include "curve_plot.h"

#include "plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The smallest and largest value seen; empty until the first.
struct Extent {
    double low = kInf, high = -kInf;
    void add(double v) { low = std::min(low, v), high = std::max(high, v); }
    bool empty() const { return !(low <= high); }
};

// The x range: 5 % beyond the outermost points (half a unit around a single one).
QCPRange paddedX(const Extent& e) {
    const double pad = e.high > e.low ? 0.05 * (e.high - e.low) : 0.5;
    return {e.low - pad, e.high + pad};
}

// A y range: 6 % above and below (a tenth of the value around a single one, at least 0.5:
// a flat curve of 1 dimension reads 0.5 … 1.5, not 0.9 … 1.1).
QCPRange paddedY(const Extent& e) {
    const double pad =
        e.high > e.low ? 0.06 * (e.high - e.low) : std::max(0.5, 0.1 * std::abs(e.low));
    return {e.low - pad, e.high + pad};
}

QString number(double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
}

} // namespace

CurvePlot::CurvePlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("curves"));
    plot()->legend->setVisible(false); // shown with the first entry: no empty box before data
    applyStyle();
}

CurvePlot::CurvePlot(const QString& figureName, const QString& xLabel, const QString& yLabel,
                     QWidget* parent)
    : CurvePlot(parent) {
    setFigureName(figureName);
    setAxisLabels(xLabel, yLabel);
}

void CurvePlot::setAxisLabels(const QString& x, const QString& left, const QString& right) {
    plot()->xAxis->setLabel(x);
    plot()->yAxis->setLabel(left);
    plot()->yAxis2->setVisible(!right.isEmpty());
    plot()->yAxis2->setLabel(right);
    requestReplot();
}

void CurvePlot::setYRange(double lower, double upper) {
    m_yLower = lower;
    m_yUpper = upper;
    rebuild();
}

void CurvePlot::setRightRange(double lower, double upper) {
    m_fixedRight = true;
    m_rightLower = lower;
    m_rightUpper = upper;
    rebuild();
}

void CurvePlot::setReferenceLines(const ReferenceLines& lines) {
    m_levels = lines;
    rebuild();
}

void CurvePlot::setCurves(std::vector<Curve> curves) {
    m_curves = std::move(curves);
    rebuild();
}

void CurvePlot::rebuild() {
    QCustomPlot* p = plot();
    for (QCPItemStraightLine* line : m_levelLines)
        p->removeItem(line);
    m_levelLines.clear();
    m_levelKeys.clear();
    m_drawn.clear();
    p->clearPlottables(); // the curves' graphs, bands and error bars, and the legend keys

    Extent x, left, right;
    for (const Curve& c : m_curves) {
        QCPAxis* axis = c.rightAxis ? p->yAxis2 : p->yAxis;
        Extent& y = c.rightAxis ? right : left;
        QVector<double> xs, ys, errors, lows, highs;
        bool spread = false;
        for (std::size_t k = 0; k < std::min(c.x.size(), c.y.size()); ++k) {
            if (!std::isfinite(c.x[k]) || !std::isfinite(c.y[k])) continue;
            const double e =
                k < c.error.size() && std::isfinite(c.error[k]) ? std::abs(c.error[k]) : 0.0;
            spread = spread || e > 0;
            xs << c.x[k];
            ys << c.y[k];
            errors << e;
            lows << c.y[k] - e;
            highs << c.y[k] + e;
            x.add(c.x[k]);
            y.add(c.y[k] - e);
            y.add(c.y[k] + e);
        }
        Drawn d;
        if (spread && c.band) { // under the line: drawn first
            d.bandLow = p->addGraph(p->xAxis, axis);
            d.bandHigh = p->addGraph(p->xAxis, axis);
            d.bandLow->setData(xs, lows, true);
            d.bandHigh->setData(xs, highs, true);
            d.bandLow->setPen(Qt::NoPen);
            d.bandHigh->setPen(Qt::NoPen);
            d.bandHigh->setChannelFillGraph(d.bandLow);
            d.bandLow->removeFromLegend();
            d.bandHigh->removeFromLegend();
        }
        d.line = p->addGraph(p->xAxis, axis);
        d.line->setName(c.name);
        d.line->setData(xs, ys, true);
        if (spread && !c.band) {
            d.bars = new QCPErrorBars(p->xAxis, axis);
            d.bars->setDataPlottable(d.line);
            d.bars->setData(errors);
            d.bars->removeFromLegend();
        }
        m_drawn.push_back(d);
    }
    for (const auto& [level, label] : m_levels) {
        auto* line = new QCPItemStraightLine(p);
        line->setLayer(QStringLiteral("grid")); // under the data
        line->point1->setCoords(0, level);
        line->point2->setCoords(1, level);
        m_levelLines.push_back(line);
        if (!label.isEmpty()) { // an empty graph in the line's pen stands for it in the legend
            QCPGraph* key = p->addGraph();
            key->setName(label);
            m_levelKeys.push_back(key);
        }
        left.add(level);
    }

    if (!x.empty()) p->xAxis->setRange(paddedX(x));
    if (std::isfinite(m_yLower))
        p->yAxis->setRange(m_yLower, m_yUpper);
    else if (!left.empty())
        p->yAxis->setRange(paddedY(left));
    if (m_fixedRight)
        p->yAxis2->setRange(m_rightLower, m_rightUpper);
    else if (!right.empty())
        p->yAxis2->setRange(paddedY(right));
    p->legend->setVisible(p->legend->itemCount() > 0);
    applyStyle();
}

int CurvePlot::pointCount() const {
    int n = 0;
    for (const Drawn& d : m_drawn)
        n += d.line->dataCount();
    return n;
}

QString CurvePlot::dataCsv() const {
    if (m_curves.empty()) return {};
    QString out = QStringLiteral("curve,x,y,error\n");
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
    const QColor background = style::palette(darkTheme()).background;
    for (std::size_t k = 0; k < m_drawn.size() && k < m_curves.size(); ++k) {
        const Curve& c = m_curves[k];
        const Drawn& d = m_drawn[k];
        // At graphics contrast (AA, 3:1) on the theme's background.
        const QColor colour = style::legible(c.colour, background, style::kGraphicsContrast);
        const double width = c.reference ? (big ? 2.0 : 1.3) : (big ? 3.0 : 2.0);
        d.line->setPen(QPen(colour, width, c.dashed || c.reference ? Qt::DashLine : Qt::SolidLine));
        d.line->setScatterStyle(c.markers && !c.reference
                                    ? QCPScatterStyle(QCPScatterStyle::ssDisc, colour, big ? 9 : 6)
                                    : QCPScatterStyle(QCPScatterStyle::ssNone));
        if (d.bandHigh) {
            QColor fill = colour;
            fill.setAlpha(c.dashed || c.reference ? 35 : 60);
            d.bandHigh->setBrush(fill);
        }
        if (d.bars) d.bars->setPen(QPen(colour, big ? 2.0 : 1.2));
    }
    const QPen levelPen(style::legible(style::kWhiteNoise, background, style::kGraphicsContrast),
                        big ? 2.0 : 1.2, Qt::DashLine);
    for (QCPItemStraightLine* line : m_levelLines)
        line->setPen(levelPen);
    for (QCPGraph* key : m_levelKeys)
        key->setPen(levelPen);
    requestReplot();
}

} // namespace flicker
