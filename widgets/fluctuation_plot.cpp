// The DFA figure (see fluctuation_plot.h).
#include "fluctuation_plot.h"

#include "plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

QPen referencePen(const QColor& color, bool presentation) {
    QPen pen(color, presentation ? 2.2 : 1.4, Qt::DashLine);
    pen.setCapStyle(Qt::FlatCap);
    return pen;
}

} // namespace

FluctuationPlot::FluctuationPlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("fluctuation"));
    QCustomPlot* p = plot();
    style::makeLogAxis(p->xAxis);
    style::makeLogAxis(p->yAxis);
    p->xAxis->setLabel(tr("window size n (steps)"));
    p->yAxis->setLabel(tr("fluctuation F(n)"));

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
    for (QCPGraph* graph : {m_points, m_fit, m_white, m_pink, m_brown})
        graph->addToLegend();
    // Every line starts at the bottom left and rises, so the top left stays free.
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    clear();
    applyStyle();
}

void FluctuationPlot::clear() {
    m_result = DfaResult{};
    m_hasResult = false;
    for (QCPGraph* graph : {m_points, m_fit, m_white, m_pink, m_brown})
        graph->data()->clear();
    setSubtitle(annotationText());
    plot()->xAxis->setRange(4, 128);
    plot()->yAxis->setRange(0.1, 10);
    requestReplot();
}

void FluctuationPlot::setResult(const DfaResult& result, const QString& methodLabel) {
    m_result = result;
    m_hasResult = true;
    m_points->setName(methodLabel.isEmpty() ? tr("F(n)") : tr("F(n), %1").arg(methodLabel));

    QVector<double> scales, fluctuations;
    for (std::size_t i = 0; i < result.scales.size() && i < result.fluctuation.size(); ++i) {
        if (result.fluctuation[i] > 0) { // a zero cannot be shown on a log axis
            scales.push_back(result.scales[i]);
            fluctuations.push_back(result.fluctuation[i]);
        }
    }
    m_points->setData(scales, fluctuations, true);

    for (QCPGraph* graph : {m_fit, m_white, m_pink, m_brown})
        graph->data()->clear();
    const int first = result.fitFirst;
    const int last = result.fitFirst + result.fitCount - 1;
    const bool fitted = !result.silent && result.fitCount >= 2 && first >= 0 &&
                        last < int(result.scales.size()) && !scales.isEmpty();
    if (fitted) {
        const double s0 = result.scales[first], s1 = result.scales[last];
        auto fitAt = [&](double s) {
            return std::exp(result.intercept + result.alpha * std::log(s));
        };
        m_fit->setData({s0, s1}, {fitAt(s0), fitAt(s1)}, true);
        m_fit->setName(tr("fit, α = %1").arg(style::formatNumber(result.alpha, 2)));

        // References start at the first fitted point and span all scales.
        const double anchorF = result.fluctuation[first];
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
        }
    } else {
        m_fit->setName(tr("fitted line"));
    }
    setSubtitle(annotationText());

    if (!scales.isEmpty()) {
        double low = HUGE_VAL, high = 0;
        for (QCPGraph* graph : {m_points, m_fit, m_white, m_pink, m_brown}) {
            for (const QCPGraphData& point : *graph->data()) {
                low = std::min(low, point.value);
                high = std::max(high, point.value);
            }
        }
        // Log-space padding: a little below, more above for the legend in the top left.
        const double decades = std::max(0.5, std::log10(high / low));
        plot()->xAxis->setRange(scales.front() / 1.2, scales.back() * 1.2);
        plot()->yAxis->setRange(low / std::pow(10.0, 0.06 * decades),
                                high * std::pow(10.0, 0.15 * decades));
    }
    requestReplot();
}

QString FluctuationPlot::annotationText() const {
    if (!m_hasResult) return tr("no data yet");
    const DfaResult& r = m_result;
    if (r.silent) return tr("silent series (variance < 10⁻¹²): no exponent");
    if (r.fitCount < 2 || r.fitFirst < 0 || r.fitFirst + r.fitCount > int(r.scales.size()))
        return tr("too few window sizes for a fit");
    const int s0 = r.scales[r.fitFirst];
    const int s1 = r.scales[r.fitFirst + r.fitCount - 1];
    return tr("α = %1 ± %2, β = %3, R² = %4, fit %5–%6 steps")
        .arg(style::formatNumber(r.alpha, 2), style::formatNumber(r.alphaStdError, 2),
             style::formatNumber(r.beta, 2), style::formatNumber(r.r2, 3))
        .arg(s0)
        .arg(s1);
}

void FluctuationPlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    m_points->setLineStyle(QCPGraph::lsNone);
    m_points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(style::kData, 1.5),
                                              QBrush(style::kData), big ? 10 : 7));
    m_fit->setPen(QPen(style::kFit, big ? 3.5 : 2.2));
    m_white->setPen(referencePen(style::kWhiteNoise, big));
    m_pink->setPen(referencePen(style::kPinkNoise, big));
    m_brown->setPen(referencePen(style::kBrownNoise, big));
    requestReplot();
}

} // namespace flicker
