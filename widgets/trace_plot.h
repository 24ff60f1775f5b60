// A series plotted against its step: a recorded activation or a synthetic noise signal.
#pragma once

#include "plot_view.h"

#include <QColor>

#include <vector>

class QCPGraph;

namespace flicker {

class TracePlot : public PlotView {
    Q_OBJECT

public:
    explicit TracePlot(QWidget* parent = nullptr);

    /// Plots values[t] against t = 0 … size − 1 and rescales the axes.
    void setData(const std::vector<double>& values);
    const std::vector<double>& values() const { return m_values; }
    void clear() { setData({}); }

    /// Axis titles; defaults "step (word index)" and "activation (a.u.)".
    void setAxisLabels(const QString& xLabel, const QString& yLabel);
    void setColor(const QColor& color);
    QColor color() const { return m_color; }

    /// "step,value": one row per step.
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    QCPGraph* m_graph = nullptr;
    std::vector<double> m_values;
    QColor m_color;
};

} // namespace flicker
