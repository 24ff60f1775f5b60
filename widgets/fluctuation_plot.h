// The DFA figure: fluctuation F(n) against window size n on log-log axes, the fitted line, the
// reference slopes of white, pink and brown noise, and the fitted exponents written above the axes.
#pragma once

#include "plot_view.h"

#include "signal/dfa.h"

class QCPGraph;

namespace flicker {

class FluctuationPlot : public PlotView {
    Q_OBJECT

public:
    explicit FluctuationPlot(QWidget* parent = nullptr);

    /// Shows `result`; `methodLabel` names the method in the legend (e.g. "UDFA, order 1").
    void setResult(const DfaResult& result, const QString& methodLabel = {});
    const DfaResult& result() const { return m_result; }
    void clear();

    /// The text written above the axes, e.g. "α = 0.98 ± 0.02, β = 0.96, R² = 0.998, fit 4–125
    /// steps"; for a silent series it says there is no exponent.
    QString annotationText() const;

    /// The slopes drawn as dashed references (white 0.5, pink 1, brown 1.5).
    static constexpr double kWhiteAlpha = 0.5, kPinkAlpha = 1.0, kBrownAlpha = 1.5;

protected:
    void applyStyle() override;

private:
    QCPGraph* m_points = nullptr;
    QCPGraph* m_fit = nullptr;
    QCPGraph* m_white = nullptr;
    QCPGraph* m_pink = nullptr;
    QCPGraph* m_brown = nullptr;
    DfaResult m_result;
    bool m_hasResult = false;
};

} // namespace flicker
