// The power-spectrum figure: Welch PSD against frequency on log-log axes with the fitted power
// law and the spectral β written above the axes — the cross-check of the DFA exponent.
#pragma once

#include "plot_view.h"

#include "signal/spectrum.h"

class QCPGraph;

namespace flicker {

class SpectrumPlot : public PlotView {
    Q_OBJECT

public:
    explicit SpectrumPlot(QWidget* parent = nullptr);

    void setResult(const SpectralExponent& result);
    /// What one step of the series is, singular, for the axes' units: "step" (default, a
    /// synthetic series) or "word" (a review): frequency in cycles per word.
    void setStepName(const QString& singular);
    const SpectralExponent& result() const { return m_result; }
    void clear();

    /// The text written above the axes, e.g. "β from the spectrum = 1.02 ± 0.05, R² = 0.95"; for a
    /// silent series it says there is no exponent.
    QString annotationText() const;

    /// frequency, power, fitted_power for every plotted bin (f > 0, P > 0); fitted_power is the
    /// fitted power law inside the fit band and empty outside it. Frequencies in cycles/step.
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    QCPGraph* m_power = nullptr;
    QCPGraph* m_fit = nullptr;
    SpectralExponent m_result;
    bool m_hasResult = false;
};

} // namespace flicker
