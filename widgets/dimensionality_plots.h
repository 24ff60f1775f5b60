// Figures of the dimensionality lab beside its curves (PR or generalisation against the step,
// accuracy, the Lyapunov spectrum: CurvePlots with SD bands, curve_plot.h): a PCA scatter
// coloured by class, and the lab's colours. They draw what they are given.
#pragma once

#include "plot_view.h"

#include <QColor>

#include <vector>

namespace flicker {

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
