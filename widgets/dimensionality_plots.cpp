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
