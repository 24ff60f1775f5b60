// The dimensionality lab's figures (see dimensionality_plots.h).
#include "dimensionality_plots.h"

#include "plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

QString number(double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
}

const QColor kClassColours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e)};

} // namespace

QColor gammaColour(double gamma) {
    if (std::abs(gamma - 20) < 1e-9) return {0x00, 0x89, 0x7b};  // teal
    if (std::abs(gamma - 250) < 1e-9) return {0xd6, 0x27, 0x28}; // red
    return {0x5b, 0x6c, 0x9a};
}

CurvesPlot::CurvesPlot(const QString& figureName, const QString& xLabel, const QString& yLabel,
                       QWidget* parent)
    : PlotView(parent) {
    setFigureName(figureName);
    plot()->xAxis->setLabel(xLabel);
    plot()->yAxis->setLabel(yLabel);
    plot()->legend->setVisible(false); // shown with the first series
    applyStyle();
}

void CurvesPlot::setYRange(double low, double high) {
    m_low = low;
    m_high = high;
    setSeries(m_series);
}

void CurvesPlot::setReferenceLine(double y, const QString& label) {
    m_reference = y;
    m_referenceLabel = label;
    setSeries(m_series);
}

void CurvesPlot::setSeries(std::vector<CurveSeries> series) {
    m_series = std::move(series);
    QCustomPlot* p = plot();
    p->clearGraphs();
    double xMin = INFINITY, xMax = -INFINITY, yMin = INFINITY, yMax = -INFINITY;
    const bool big = presentationMode();
    for (const CurveSeries& s : m_series) {
        QVector<double> x, y, lo, hi;
        bool band = false;
        for (std::size_t k = 0; k < s.x.size() && k < s.mean.size(); ++k) {
            if (!std::isfinite(s.mean[k])) continue;
            const double sd = k < s.sd.size() && std::isfinite(s.sd[k]) ? s.sd[k] : 0.0;
            band = band || sd > 0;
            x << s.x[k];
            y << s.mean[k];
            lo << s.mean[k] - sd;
            hi << s.mean[k] + sd;
            xMin = std::min(xMin, s.x[k]);
            xMax = std::max(xMax, s.x[k]);
            yMin = std::min(yMin, s.mean[k] - sd);
            yMax = std::max(yMax, s.mean[k] + sd);
        }
        if (band) {
            QCPGraph* low = p->addGraph();
            QCPGraph* high = p->addGraph();
            low->setData(x, lo, true);
            high->setData(x, hi, true);
            low->setPen(Qt::NoPen);
            high->setPen(Qt::NoPen);
            QColor fill = s.colour;
            fill.setAlpha(s.style == Qt::SolidLine ? 60 : 35);
            high->setBrush(fill);
            high->setChannelFillGraph(low);
            low->removeFromLegend();
            high->removeFromLegend();
        }
        QCPGraph* line = p->addGraph();
        line->setName(s.name);
        line->setData(x, y, true);
        line->setPen(QPen(s.colour, big ? 3.0 : 2.0, s.style));
        line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, s.colour, big ? 7 : 5));
    }
    if (std::isfinite(m_reference)) {
        QCPGraph* ref = p->addGraph();
        const double a = std::isfinite(xMin) ? xMin : 0, b = std::isfinite(xMax) ? xMax : 1;
        ref->setData(QVector<double>{a, b}, QVector<double>{m_reference, m_reference});
        ref->setPen(QPen(style::kWhiteNoise, 1, Qt::DashLine));
        if (m_referenceLabel.isEmpty())
            ref->removeFromLegend();
        else
            ref->setName(m_referenceLabel);
        yMin = std::min(yMin, m_reference);
        yMax = std::max(yMax, m_reference);
    }
    if (std::isfinite(xMin)) p->xAxis->setRange(xMin - 0.3, xMax + 0.3);
    if (std::isfinite(m_low))
        p->yAxis->setRange(m_low, m_high);
    else if (std::isfinite(yMin)) {
        const double pad = std::max(0.05 * (yMax - yMin), 1e-3);
        p->yAxis->setRange(yMin - pad, yMax + pad);
    }
    p->legend->setVisible(p->legend->itemCount() > 0); // no empty box before the first run
    requestReplot();
}

QString CurvesPlot::dataCsv() const {
    if (m_series.empty()) return {};
    QString out = QStringLiteral("series,x,mean,sd\n");
    for (const CurveSeries& s : m_series)
        for (std::size_t k = 0; k < s.x.size() && k < s.mean.size(); ++k)
            out += QStringLiteral("\"%1\",%2,%3,%4\n")
                       .arg(QString(s.name).replace('"', QStringLiteral("\"\"")), number(s.x[k]),
                            number(s.mean[k]), number(k < s.sd.size() ? s.sd[k] : NAN));
    return out;
}

void CurvesPlot::applyStyle() {
    PlotView::applyStyle();
    if (!m_series.empty()) setSeries(m_series); // line widths follow the mode
}

PcaScatterPlot::PcaScatterPlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("dimensionality-pca"));
    plot()->xAxis->setLabel(tr("PC 1"));
    plot()->yAxis->setLabel(tr("PC 2"));
    plot()->legend->setVisible(true);
    applyStyle();
}

void PcaScatterPlot::setPoints(const std::vector<float>& coordinates,
                               const std::vector<int>& labels) {
    m_coordinates = coordinates;
    m_labels = labels;
    QCustomPlot* p = plot();
    p->clearGraphs();
    const bool big = presentationMode();
    double lo = INFINITY, hi = -INFINITY;
    for (int c = 0; c < 2; ++c) {
        QVector<double> x, y;
        for (std::size_t i = 0; i < labels.size() && 2 * i + 1 < coordinates.size(); ++i)
            if (labels[i] == c) {
                x << coordinates[2 * i];
                y << coordinates[2 * i + 1];
                lo = std::min({lo, x.back(), y.back()});
                hi = std::max({hi, x.back(), y.back()});
            }
        QCPGraph* g = p->addGraph();
        g->setName(tr("class %1").arg(c));
        g->setData(x, y);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, kClassColours[c], big ? 7 : 5));
    }
    if (std::isfinite(lo)) {
        const double pad = std::max(0.05 * (hi - lo), 1e-3);
        p->xAxis->setRange(lo - pad, hi + pad);
        p->yAxis->setRange(lo - pad, hi + pad);
    }
    requestReplot();
}

QString PcaScatterPlot::dataCsv() const {
    if (m_labels.empty()) return {};
    QString out = QStringLiteral("sample,class,pc1,pc2\n");
    for (std::size_t i = 0; i < m_labels.size() && 2 * i + 1 < m_coordinates.size(); ++i)
        out += QStringLiteral("%1,%2,%3,%4\n")
                   .arg(i)
                   .arg(m_labels[i])
                   .arg(number(m_coordinates[2 * i]), number(m_coordinates[2 * i + 1]));
    return out;
}

void PcaScatterPlot::applyStyle() {
    PlotView::applyStyle();
    if (!m_labels.empty()) setPoints(m_coordinates, m_labels);
}

} // namespace flicker
