// The capacity sweep's figure: beta of the hidden state against the number of LSTM cells (log
// axis) with error bars over seeds and reviews, test accuracy and utilisation on a second axis,
// and the beta = 1 (pink) and 0 (white) reference lines.
#pragma once

#include <limits>

#include "plot_view.h"

#include <vector>

class QCPErrorBars;
class QCPGraph;
class QCPItemStraightLine;

namespace flicker {

struct SweepPlotPoint {
    int hidden = 0;         ///< LSTM cells
    double betaMean = 0;    ///< mean beta(h) over reviews and seeds
    double betaSd = 0;      ///< SD over reviews and seeds (the error bar is ± this)
    double accuracy = 0;    ///< test accuracy, 0 … 1 (mean over seeds); NaN: not known
    double utilisation = 0; ///< fraction of used h units, 0 … 1 (mean over seeds); NaN: not known
    int seeds = 0;          ///< models behind the point
    int reviews = 0;        ///< per-review values behind the point (all seeds)
    /// SD over seeds of each network's mean beta(h) (n − 1): how much β moves between training
    /// runs, the spread a claim about network size must beat. NaN with fewer than 2 seeds.
    double seedSd = std::numeric_limits<double>::quiet_NaN();
};

class SweepPlot : public PlotView {
    Q_OBJECT

public:
    explicit SweepPlot(QWidget* parent = nullptr);

    /// Points in any order (drawn sorted by cells); empty clears.
    void setPoints(std::vector<SweepPlotPoint> points);
    const std::vector<SweepPlotPoint>& points() const { return m_points; }

    /// "cells,beta_mean,beta_sd,test_accuracy,utilisation,seeds,reviews".
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    QCPGraph* m_beta = nullptr;
    QCPErrorBars* m_errors = nullptr;
    QCPErrorBars* m_seedErrors = nullptr; ///< ± SD over seeds, drawn bolder, when ≥ 2 seeds
    QCPGraph* m_accuracy = nullptr;
    QCPGraph* m_utilisation = nullptr;
    QCPItemStraightLine* m_pinkLine = nullptr;
    QCPItemStraightLine* m_whiteLine = nullptr;
    std::vector<SweepPlotPoint> m_points;
};

} // namespace flicker
