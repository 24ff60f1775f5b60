// A series against its step (see trace_plot.h).
#include "trace_plot.h"

#include "plot_style.h"
#include "review_plot_support.h"

#include <qcustomplot.h>

#include <algorithm>

namespace flicker {

TracePlot::TracePlot(QWidget* parent) : PlotView(parent), m_color(style::kData) {
    setFigureName(QStringLiteral("trace"));
    m_graph = plot()->addGraph();
    plot()->xAxis->setLabel(tr("step (word index)"));
    plot()->yAxis->setLabel(tr("activation (a.u.)"));
    applyStyle();
}

void TracePlot::setData(const std::vector<double>& values) {
    m_values = values;
    QVector<double> steps(qsizetype(values.size()));
    for (qsizetype t = 0; t < steps.size(); ++t)
        steps[t] = double(t);
    m_graph->setData(steps, QVector<double>(values.begin(), values.end()), true);
    if (values.empty()) {
        plot()->xAxis->setRange(0, 1);
        plot()->yAxis->setRange(-1, 1);
    } else {
        plot()->xAxis->setRange(0, std::max<double>(1.0, double(values.size() - 1)));
        const auto [low, high] = std::minmax_element(values.begin(), values.end());
        const double margin = std::max(1e-12, 0.06 * (*high - *low));
        plot()->yAxis->setRange(*low - margin, *high + margin);
    }
    requestReplot();
}

void TracePlot::setAxisLabels(const QString& xLabel, const QString& yLabel) {
    plot()->xAxis->setLabel(xLabel);
    plot()->yAxis->setLabel(yLabel);
    requestReplot();
}

void TracePlot::setColor(const QColor& color) {
    m_color = color;
    applyStyle();
}

QString TracePlot::dataCsv() const {
    if (m_values.empty()) return {};
    QString text = QStringLiteral("step,value\n");
    for (std::size_t t = 0; t < m_values.size(); ++t)
        text +=
            QString::number(t) + QLatin1Char(',') + csv::number(m_values[t]) + QLatin1Char('\n');
    return text;
}

void TracePlot::applyStyle() {
    PlotView::applyStyle();
    // Long series are drawn with thin lines so that the texture of the noise stays visible.
    // At graphics contrast (AA, 3:1) on the theme's background: brown noise on the dark one.
    const QColor color =
        style::legible(m_color, style::palette(darkTheme()).background, style::kGraphicsContrast);
    m_graph->setPen(QPen(color, presentationMode() ? 1.6 : 1.0));
    m_graph->setLineStyle(QCPGraph::lsLine);
    requestReplot();
}

} // namespace flicker
