// A figure of one review against the step (word index): what the heatmap and the traces share —
// a vertical cursor at the current word, zoom and pan along the steps only (clamped to the
// review), and the visible step range that the explorer links between the two.
#pragma once

#include "plot_view.h"

class QCPItemStraightLine;

namespace flicker {

class StepAxis;

class StepPlot : public PlotView {
    Q_OBJECT

public:
    explicit StepPlot(QWidget* parent = nullptr);

    /// A vertical line at the current word (step index); −1 hides it.
    void setCursorStep(int step);
    int cursorStep() const { return m_cursorStep; }

    /// Visible step range (x axis, in steps).
    double stepLower() const;
    double stepUpper() const;

public slots:
    /// Shows steps [lower, upper] (clamped to the review) without emitting stepRangeChanged.
    void setStepRange(double lower, double upper);

signals:
    /// The user zoomed or panned the step axis (mouse wheel or drag).
    void stepRangeChanged(double lower, double upper);

protected:
    /// Any change of the visible range (user or program); the default replots.
    virtual void onStepRangeChanged();
    StepAxis* stepAxis() const { return m_stepAxis; }
    QCPItemStraightLine* cursor() const { return m_cursor; }

private:
    StepAxis* m_stepAxis = nullptr;
    QCPItemStraightLine* m_cursor = nullptr;
    int m_cursorStep = -1;
};

} // namespace flicker
