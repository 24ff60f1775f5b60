// The capacity sweep's figure (see sweep_plot.h).
#include "sweep_plot.h"

#include "plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace flicker {

SweepPlot::SweepPlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("capacity-sweep"));
    QCustomPlot* p = plot();
    style::makeLogAxis(p->xAxis);
    p->xAxis->setLabel(tr("LSTM cells H (log scale)"));
    p->yAxis->setLabel(tr("β of the hidden state h"));
    p->yAxis2->setVisible(true);
    p->yAxis2->setLabel(tr("test accuracy, utilisation"));
    p->yAxis2->setRange(0, 1.05);
    p->xAxis->setRange(1.5, 700);
    p->yAxis->setRange(-0.2, 1.2);

    m_beta = p->addGraph(p->xAxis, p->yAxis);
    m_beta->setName(tr("β(h), mean ± SD over reviews and seeds"));
    m_errors = new QCPErrorBars(p->xAxis, p->yAxis);
    m_errors->setDataPlottable(m_beta);
    m_errors->removeFromLegend();
    m_seedErrors = new QCPErrorBars(p->xAxis, p->yAxis);
    m_seedErrors->setDataPlottable(m_beta);
    m_seedErrors->setName(tr("± SD over seeds (between networks)"));
    m_seedErrors->removeFromLegend();
    m_accuracy = p->addGraph(p->xAxis, p->yAxis2);
    m_accuracy->setName(tr("test accuracy (right axis)"));
    m_utilisation = p->addGraph(p->xAxis, p->yAxis2);
    m_utilisation->setName(tr("utilisation of h (right axis)"));

    m_pinkLine = new QCPItemStraightLine(p);
    m_whiteLine = new QCPItemStraightLine(p);
    for (auto [line, level] : {std::pair{m_pinkLine, 1.0}, std::pair{m_whiteLine, 0.0}}) {
        line->point1->setCoords(1, level);
        line->point2->setCoords(1000, level);
    }
    p->legend->setVisible(true);
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    applyStyle();
}

void SweepPlot::setPoints(std::vector<SweepPlotPoint> points) {
    std::sort(points.begin(), points.end(),
              [](const SweepPlotPoint& a, const SweepPlotPoint& b) { return a.hidden < b.hidden; });
    m_points = points;
    QVector<double> cells, beta, sd, seedSd, cellsAcc, accuracy, cellsUse, used;
    bool bySeeds = false;
    for (const SweepPlotPoint& point : m_points) {
        if (point.hidden <= 0) continue;
        if (std::isfinite(point.betaMean)) {
            cells << point.hidden;
            beta << point.betaMean;
            sd << (std::isfinite(point.betaSd) ? point.betaSd : 0.0);
            seedSd << (std::isfinite(point.seedSd) ? point.seedSd : 0.0);
            bySeeds = bySeeds || (point.seeds >= 2 && std::isfinite(point.seedSd));
        }
        if (std::isfinite(point.accuracy)) cellsAcc << point.hidden, accuracy << point.accuracy;
        if (std::isfinite(point.utilisation)) cellsUse << point.hidden, used << point.utilisation;
    }
    m_beta->setData(cells, beta, true);
    m_errors->setData(sd);
    // Over seeds only where several networks were trained; then also in the legend.
    m_seedErrors->setData(seedSd);
    m_seedErrors->setVisible(bySeeds);
    if (bySeeds && !plot()->legend->hasItemWithPlottable(m_seedErrors))
        m_seedErrors->addToLegend();
    else if (!bySeeds)
        m_seedErrors->removeFromLegend();
    m_accuracy->setData(cellsAcc, accuracy, true);
    m_utilisation->setData(cellsUse, used, true);
    // Ticks at the sizes trained (2, 4, 8 … every one labelled), decades while there are none.
    std::set<int> sizes;
    for (const SweepPlotPoint& point : m_points)
        if (point.hidden > 0) sizes.insert(point.hidden);
    if (sizes.empty()) {
        style::makeLogAxis(plot()->xAxis);
    } else {
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (int size : sizes)
            ticker->addTick(size, QString::number(size));
        ticker->setSubTickCount(0);
        plot()->xAxis->setTicker(ticker);
    }
    if (!cells.isEmpty()) {
        const double low = *std::min_element(cells.begin(), cells.end());
        const double high = *std::max_element(cells.begin(), cells.end());
        plot()->xAxis->setRange(low / 1.6, high * 1.6);
        double bottom = 0, top = 1.1;
        for (int k = 0; k < beta.size(); ++k) {
            bottom = std::min(bottom, beta[k] - sd[k]);
            top = std::max(top, beta[k] + sd[k]);
        }
        plot()->yAxis->setRange(bottom - 0.1, top + 0.05);
    }
    requestReplot();
}

QString SweepPlot::dataCsv() const {
    if (m_points.empty()) return {};
    QString out = QStringLiteral("cells,beta_mean,beta_sd,test_accuracy,utilisation,seeds,reviews,"
                                 "beta_seed_sd\n");
    auto number = [](double v) {
        return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
    };
    for (const SweepPlotPoint& p : m_points)
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                   .arg(p.hidden)
                   .arg(number(p.betaMean), number(p.betaSd), number(p.accuracy),
                        number(p.utilisation))
                   .arg(p.seeds)
                   .arg(p.reviews)
                   .arg(number(p.seedSd));
    return out;
}

void SweepPlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    const QColor h(0xd6, 0x33, 0x84);
    m_beta->setPen(QPen(h, big ? 3.0 : 2.0));
    m_beta->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, h, big ? 11 : 8));
    m_errors->setPen(QPen(h, big ? 2.0 : 1.3));
    m_errors->setWhiskerWidth(big ? 10 : 7);
    // The spread between networks in the figure's ink (legible on both themes).
    m_seedErrors->setPen(QPen(style::palette(darkTheme()).ink, big ? 3.5 : 2.5));
    m_seedErrors->setWhiskerWidth(big ? 16 : 12);
    m_accuracy->setPen(QPen(style::palette(darkTheme()).ink, big ? 2.0 : 1.3, Qt::DashLine));
    m_accuracy->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, big ? 8 : 6));
    m_utilisation->setPen(QPen(style::kSecondary, big ? 2.0 : 1.3, Qt::DashDotLine));
    m_utilisation->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, big ? 8 : 6));
    m_pinkLine->setPen(QPen(style::kPinkNoise, 1, Qt::DashLine));
    m_whiteLine->setPen(QPen(style::kWhiteNoise, 1, Qt::DashLine));
    requestReplot();
}

} // namespace flicker
