// A figure of named curves against one x axis: lines with markers, optional ± error bars, and
// curves on a second y axis (e.g. the PR of h over the steps of a review, trained beside
// untrained; β(h), PR(h) and accuracy against the training noise SD). Axes carry their units.
#pragma once

#include "plot_view.h"

#include <QColor>

#include <vector>

namespace flicker {

struct Curve {
    QString name;              ///< legend entry
    QColor colour;             ///< line and marker colour
    std::vector<double> x, y;  ///< points (non-finite y are left out)
    std::vector<double> error; ///< ± error bar per point; empty = none
    bool rightAxis = false;    ///< on the second y axis (its label says which curves)
    bool dashed = false;
    bool markers = true;
};

class CurvePlot : public PlotView {
    Q_OBJECT

public:
    explicit CurvePlot(QWidget* parent = nullptr);

    /// Axis labels with their units; an empty `right` hides the second y axis.
    void setAxisLabels(const QString& x, const QString& left, const QString& right = {});
    /// A fixed range for the second y axis (e.g. 0 … 1 for accuracy); default: fit the data.
    void setRightRange(double lower, double upper);
    /// Horizontal dashed reference lines on the left axis (e.g. β = 0 and 1); none by default.
    void setReferenceLevels(const std::vector<double>& levels);

    /// Replaces the curves; the axes fit their data. Empty clears the figure.
    void setCurves(std::vector<Curve> curves);
    const std::vector<Curve>& curves() const { return m_curves; }
    /// Points drawn in all (finite y), for tests.
    int pointCount() const;

    /// "curve,x,y,error": one row per point of every curve.
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    std::vector<Curve> m_curves;
    std::vector<double> m_levels;
    bool m_fixedRight = false;
    double m_rightLower = 0, m_rightUpper = 1;
};

} // namespace flicker
