// Several activation series against the step (see traces_plot.h).
#include "traces_plot.h"

#include "plot_style.h"
#include "review_plot_support.h"

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace flicker {

TracesPlot::TracesPlot(QWidget* parent) : StepPlot(parent) {
    setFigureName(QStringLiteral("activation-traces"));
    QCustomPlot* p = plot();
    p->yAxis->setLabel(tr("activation (a.u.)"));
    p->legend->setVisible(false);
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    // Zoom and pan along the steps only (StepPlot); the y range follows the data.
    setSeries({});
    applyStyle();
}

std::size_t TracesPlot::stepCount() const {
    std::size_t steps = 0;
    for (const TraceSeries& s : m_series)
        steps = std::max(steps, s.values.size());
    return steps;
}

void TracesPlot::setSeries(const std::vector<TraceSeries>& series) {
    m_series = series;
    for (QCPGraph* graph : m_graphs)
        plot()->removeGraph(graph);
    m_graphs.clear();

    QCustomPlot* p = plot();
    p->legend->clearItems();
    double low = HUGE_VAL, high = -HUGE_VAL;
    for (const TraceSeries& s : m_series) {
        QCPGraph* graph = p->addGraph();
        graph->setName(s.label);
        QVector<double> steps(qsizetype(s.values.size()));
        for (qsizetype t = 0; t < steps.size(); ++t)
            steps[t] = double(t);
        graph->setData(steps, QVector<double>(s.values.begin(), s.values.end()), true);
        m_graphs.push_back(graph);
        for (double v : s.values) {
            if (!std::isfinite(v)) continue;
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
    p->legend->setVisible(!m_series.empty() && int(m_series.size()) <= kMaxLegendSeries);
    if (low <= high) {
        const double margin = std::max(1e-9, 0.06 * (high - low));
        p->yAxis->setRange(low - margin, high + margin);
    } else {
        p->yAxis->setRange(-1, 1);
    }
    stepAxis()->setStepCount(stepCount());
    applyStyle(); // pens of the new graphs
    updateTicks();
    requestReplot();
}

void TracesPlot::setWords(const QStringList& words) {
    m_words = words;
    updateTicks(true);
    requestReplot();
}

void TracesPlot::updateTicks(bool rebuild) {
    QCPAxis* axis = plot()->xAxis;
    const QCPRange range = axis->range();
    // Integer steps inside the visible range.
    const double visible = std::floor(range.upper) - std::ceil(range.lower) + 1;
    const bool words = !m_words.isEmpty() && visible <= kMaxWordTicks;
    if (words == m_wordTicks && !rebuild) return;
    m_wordTicks = words;
    if (words) {
        auto ticker = QSharedPointer<QCPAxisTickerText>::create();
        for (qsizetype t = 0; t < m_words.size(); ++t)
            ticker->addTick(double(t), m_words[t]);
        ticker->setSubTickCount(0);
        axis->setTicker(ticker);
        axis->setTickLabelRotation(60);
    } else {
        axis->setTicker(makeWordTicker());
        axis->setTickLabelRotation(0);
    }
}

void TracesPlot::setAxisLabels(const QString& xLabel, const QString& yLabel) {
    plot()->xAxis->setLabel(xLabel);
    plot()->yAxis->setLabel(yLabel);
    requestReplot();
}

void TracesPlot::onStepRangeChanged() {
    updateTicks();
    requestReplot();
}

QColor TracesPlot::unitColor(int index) {
    // Tableau 10: distinguishable for the common forms of colour blindness.
    static const std::array<QColor, 10> kColors{QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b),
                                                QColor(0xe1, 0x57, 0x59), QColor(0x76, 0xb7, 0xb2),
                                                QColor(0x59, 0xa1, 0x4f), QColor(0xed, 0xc9, 0x48),
                                                QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7),
                                                QColor(0x9c, 0x75, 0x5f), QColor(0xba, 0xb0, 0xac)};
    const int n = int(kColors.size());
    return kColors[std::size_t(((index % n) + n) % n)];
}

QString TracesPlot::dataCsv() const {
    const std::size_t steps = stepCount();
    if (m_series.empty() || steps == 0) return {};
    const bool withWords = !m_words.isEmpty();
    QString text = QStringLiteral("word_number"); // 1 = the first word, as on the axis
    if (withWords) text += QStringLiteral(",word");
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const QString label =
            m_series[i].label.isEmpty() ? QStringLiteral("series_%1").arg(i) : m_series[i].label;
        text += QLatin1Char(',') + csv::field(label);
    }
    text += QLatin1Char('\n');
    for (std::size_t t = 0; t < steps; ++t) {
        text += QString::number(t + 1);
        if (withWords)
            text += QLatin1Char(',') +
                    csv::quoted(qsizetype(t) < m_words.size() ? m_words[qsizetype(t)] : QString());
        for (const TraceSeries& s : m_series) {
            text += QLatin1Char(',');
            if (t < s.values.size()) text += csv::number(s.values[t]);
        }
        text += QLatin1Char('\n');
    }
    return text;
}

void TracesPlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    for (std::size_t i = 0; i < m_graphs.size() && i < m_series.size(); ++i) {
        const QColor color = m_series[i].color.isValid() ? m_series[i].color : unitColor(int(i));
        m_graphs[i]->setPen(QPen(color, big ? 2.2 : 1.3));
        m_graphs[i]->setLineStyle(QCPGraph::lsLine);
    }
    cursor()->setPen(QPen(style::palette(darkTheme()).ink, big ? 2.5 : 1.5, Qt::DashLine));
    requestReplot();
}

} // namespace flicker
