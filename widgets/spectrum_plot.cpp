// The power-spectrum figure (see spectrum_plot.h).
#include "spectrum_plot.h"

#include "plot_style.h"
#include "review_plot_support.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace flicker {

SpectrumPlot::SpectrumPlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("spectrum"));
    QCustomPlot* p = plot();
    style::makeLogAxis(p->xAxis);
    style::makeLogAxis(p->yAxis);
    setStepName(tr("step"));

    m_power = p->addGraph();
    m_fit = p->addGraph();
    m_power->setName(tr("Welch PSD"));
    m_fit->setName(tr("fitted power law"));
    p->legend->setVisible(true);
    clear();
    applyStyle();
}

void SpectrumPlot::clear() {
    m_result = SpectralExponent{};
    m_hasResult = false;
    m_power->data()->clear();
    m_fit->data()->clear();
    m_fit->setName(tr("fitted power law"));
    setSubtitle(annotationText());
    plot()->xAxis->setRange(0.005, 0.5);
    plot()->yAxis->setRange(0.01, 100);
    requestReplot();
}

void SpectrumPlot::setResult(const SpectralExponent& result) {
    m_result = result;
    m_hasResult = true;
    const Spectrum& spectrum = result.spectrum;

    QVector<double> frequency, power;
    for (std::size_t i = 0; i < spectrum.frequency.size() && i < spectrum.power.size(); ++i) {
        if (spectrum.frequency[i] > 0 && spectrum.power[i] > 0) { // log axes: f = 0 excluded
            frequency.push_back(spectrum.frequency[i]);
            power.push_back(spectrum.power[i]);
        }
    }
    m_power->setData(frequency, power, true);

    m_fit->data()->clear();
    const bool fitted = !result.silent && result.fit.n >= 2 && result.bandLow > 0 &&
                        result.bandHigh > result.bandLow;
    if (fitted) {
        auto fitAt = [&](double f) {
            return std::exp(result.fit.intercept + result.fit.slope * std::log(f));
        };
        m_fit->setData({result.bandLow, result.bandHigh},
                       {fitAt(result.bandLow), fitAt(result.bandHigh)}, true);
        m_fit->setName(tr("fit, slope %1").arg(style::formatNumber(result.fit.slope, 2)));
    } else {
        m_fit->setName(tr("fitted power law"));
    }
    setSubtitle(annotationText());

    // A falling spectrum leaves the bottom left free for the legend, a rising one the top left.
    if (QCPLayoutInset* inset = plot()->axisRect()->insetLayout();
        inset->elementCount() > 0 && inset->elementAt(0) == plot()->legend) // else moved under
        inset->setInsetAlignment(
            0, (fitted && result.fit.slope > 0 ? Qt::AlignTop : Qt::AlignBottom) | Qt::AlignLeft);

    if (!frequency.isEmpty()) {
        const auto [low, high] = std::minmax_element(power.begin(), power.end());
        const double decades = std::max(0.5, std::log10(*high / *low));
        plot()->xAxis->setRange(frequency.front() / 1.15, 0.5 * 1.15);
        // More room below for the legend in the bottom left.
        plot()->yAxis->setRange(*low / std::pow(10.0, 0.15 * decades),
                                *high * std::pow(10.0, 0.08 * decades));
    }
    requestReplot();
}

void SpectrumPlot::setStepName(const QString& singular) {
    plot()->xAxis->setLabel(tr("frequency (cycles/%1)").arg(singular));
    plot()->yAxis->setLabel(tr("power spectral density (a.u.²·%1)").arg(singular));
    requestReplot();
}

QString SpectrumPlot::annotationText() const {
    if (!m_hasResult) return tr("no data yet");
    const SpectralExponent& r = m_result;
    if (r.silent) return tr("silent series (variance < 10⁻¹²): no exponent");
    if (r.fit.n < 2) return tr("too few frequencies for a fit");
    return tr("β from the spectrum = %1 ± %2, R² = %3")
        .arg(style::formatNumber(r.beta, 2), style::formatNumber(r.fit.slopeStdError, 2),
             style::formatNumber(r.fit.r2, 2));
}

QString SpectrumPlot::dataCsv() const {
    if (!m_hasResult) return {};
    const Spectrum& spectrum = m_result.spectrum;
    const bool fitted = !m_result.silent && m_result.fit.n >= 2 && m_result.bandLow > 0 &&
                        m_result.bandHigh > m_result.bandLow;
    QString text = QStringLiteral("frequency,power,fitted_power\n");
    for (std::size_t i = 0; i < spectrum.frequency.size() && i < spectrum.power.size(); ++i) {
        const double f = spectrum.frequency[i];
        if (!(f > 0 && spectrum.power[i] > 0)) continue; // as plotted on log axes
        text +=
            csv::number(f) + QLatin1Char(',') + csv::number(spectrum.power[i]) + QLatin1Char(',');
        if (fitted && f >= m_result.bandLow && f <= m_result.bandHigh)
            text +=
                csv::number(std::exp(m_result.fit.intercept + m_result.fit.slope * std::log(f)));
        text += QLatin1Char('\n');
    }
    return text;
}

void SpectrumPlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    m_power->setPen(QPen(style::kData, big ? 2.0 : 1.2));
    m_power->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, style::kData, big ? 5 : 3.5));
    m_fit->setPen(QPen(style::kFit, big ? 3.5 : 2.2));
    requestReplot();
}

} // namespace flicker
