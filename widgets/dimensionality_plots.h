// Figures of the dimensionality lab: curves with error bands (PR or generalisation against the
// step, accuracy over training, the Lyapunov spectrum) and a PCA scatter coloured by class.
// They draw what they are given; the page computes means and SDs over seeds.
#pragma once

#include "plot_view.h"

#include <QColor>

#include <limits>

#include <vector>

class QCPGraph;

namespace flicker {

/// One line: mean ± sd at each x (sd empty or NaN: no band).
struct CurveSeries {
    QString name;
    QColor colour;
    Qt::PenStyle style = Qt::SolidLine;
    std::vector<double> x, mean, sd;
};

class CurvesPlot : public PlotView {
    Q_OBJECT

public:
    CurvesPlot(const QString& figureName, const QString& xLabel, const QString& yLabel,
               QWidget* parent = nullptr);

    /// Replaces the lines (empty clears). The axes fit the data, y from `yFloor` when set.
    void setSeries(std::vector<CurveSeries> series);
    const std::vector<CurveSeries>& series() const { return m_series; }
    /// Fixed y range (e.g. 0 … 1 for accuracies); NaN low = fit to the data.
    void setYRange(double low, double high);
    /// A horizontal reference line at y (NaN: none), e.g. chance at 0.5 or λ = 0.
    void setReferenceLine(double y, const QString& label = {});

    /// "series,x,mean,sd" — one row per point of every line.
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    std::vector<CurveSeries> m_series;
    double m_low = std::numeric_limits<double>::quiet_NaN(), m_high = 1;
    double m_reference = std::numeric_limits<double>::quiet_NaN();
    QString m_referenceLabel;
};

/// Hidden states on their two leading principal components, one colour per class.
class PcaScatterPlot : public PlotView {
    Q_OBJECT

public:
    explicit PcaScatterPlot(QWidget* parent = nullptr);

    /// coordinates: samples × 2, row-major; labels: the class of each sample (0 or 1).
    void setPoints(const std::vector<float>& coordinates, const std::vector<int>& labels);
    std::size_t pointCount() const { return m_labels.size(); }

    /// "sample,class,pc1,pc2".
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    std::vector<float> m_coordinates;
    std::vector<int> m_labels;
};

/// The lab's colours: γ = 20 teal, γ = 250 red (the paper's convention), others grey-blue.
QColor gammaColour(double gamma);

} // namespace flicker
