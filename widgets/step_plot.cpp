// The step-axis figure base (see step_plot.h).
#include "step_plot.h"

#include "review_plot_support.h"

#include <qcustomplot.h>

namespace flicker {

StepPlot::StepPlot(QWidget* parent) : PlotView(parent) {
    QCustomPlot* p = plot();
    p->xAxis->setLabel(wordAxisLabel());
    p->xAxis->setTicker(makeWordTicker());

    m_cursor = new QCPItemStraightLine(p);
    m_cursor->setSelectable(false);
    m_cursor->setVisible(false);

    // Zoom and pan along the steps only; the other axis is the subclass's.
    p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    p->axisRect()->setRangeDrag(Qt::Horizontal);
    p->axisRect()->setRangeZoom(Qt::Horizontal);
    p->axisRect()->setRangeDragAxes(p->xAxis, nullptr);
    p->axisRect()->setRangeZoomAxes(p->xAxis, nullptr);
    m_stepAxis = new StepAxis(p->xAxis, this);
    connect(m_stepAxis, &StepAxis::userRangeChanged, this, &StepPlot::stepRangeChanged);
    connect(m_stepAxis, &StepAxis::rangeChanged, this, [this] { onStepRangeChanged(); });
}

void StepPlot::onStepRangeChanged() {
    requestReplot();
}

void StepPlot::setCursorStep(int step) {
    m_cursorStep = step < 0 ? -1 : step;
    m_cursor->setVisible(m_cursorStep >= 0);
    m_cursor->point1->setCoords(m_cursorStep, 0.0);
    m_cursor->point2->setCoords(m_cursorStep, 1.0);
    requestReplot();
}

double StepPlot::stepLower() const {
    return m_stepAxis->lower();
}

double StepPlot::stepUpper() const {
    return m_stepAxis->upper();
}

void StepPlot::setStepRange(double lower, double upper) {
    m_stepAxis->setRange(lower, upper);
}

} // namespace flicker
