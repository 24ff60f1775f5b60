// Several activation series of one review against the step (word index): one line per selected
// unit, the words as tick labels when zoomed in, horizontal zoom and pan linked to the heatmap.
#pragma once

#include "step_plot.h"

#include <QColor>
#include <QStringList>

#include <vector>

class QCPGraph;

namespace flicker {

/// One line of the figure: values[t] at step t, in the activation's units.
struct TraceSeries {
    QString label;
    QColor color;
    std::vector<double> values;
};

class TracesPlot : public StepPlot {
    Q_OBJECT

public:
    /// Word tick labels are shown when at most this many steps are visible.
    static constexpr int kMaxWordTicks = 40;
    /// The legend is hidden above this many series.
    static constexpr int kMaxLegendSeries = 8;

    explicit TracesPlot(QWidget* parent = nullptr);

    /// One line per series; y range fits all values. Keeps the visible step range when the
    /// number of steps is unchanged, otherwise shows all steps.
    void setSeries(const std::vector<TraceSeries>& series);
    const std::vector<TraceSeries>& series() const { return m_series; }
    void clear() { setSeries({}); }

    /// The words of the review (words[t] read at step t), used as tick labels when zoomed in.
    void setWords(const QStringList& words);
    const QStringList& words() const { return m_words; }
    /// True while the x tick labels are words (≤ kMaxWordTicks steps visible and words set).
    bool showsWords() const { return m_wordTicks; }

    /// Axis titles; defaults "step (word index)" and "activation (a.u.)".
    void setAxisLabels(const QString& xLabel, const QString& yLabel);

    /// A fixed colour-blind-friendly qualitative palette (Tableau 10), repeating after 10, so
    /// that the same unit has the same colour in every figure.
    static QColor unitColor(int index);

    /// "step,word,<label>,…": one row per step; word (quoted) only when words are set.
    QString dataCsv() const override;

protected:
    void applyStyle() override;
    void onStepRangeChanged() override;

private:
    /// Words or numbers on the x axis for the visible range; `rebuild` after new words.
    void updateTicks(bool rebuild = false);
    std::size_t stepCount() const;

    std::vector<QCPGraph*> m_graphs;
    std::vector<TraceSeries> m_series;
    QStringList m_words;
    bool m_wordTicks = false;
};

} // namespace flicker
