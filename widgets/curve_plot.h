// The app's one figure of named curves against one x axis: lines with markers, redrawn live as
// data come (setCurves again), a ± spread per point as error bars or as a shaded band (mean ± SD
// over seeds), dashed curves (e.g. before training), reference curves from other data
// (published values: thin, dashed, no markers), a second y axis, horizontal reference lines
// (β = 0 and 1, chance at 0.5), a legend, fixed or fitted ranges and the CSV of the points.
// Used for the PR of h over a review's steps, the noise sweep, the dimensionality lab's PR,
// accuracy and Lyapunov spectra, and the sparsity lab's fraction active against epoch and σ.
#pragma once

#include "plot_view.h"

#include <QColor>
#include <QString>

#include <limits>
#include <utility>
#include <vector>

class QCPErrorBars;
class QCPGraph;
class QCPItemStraightLine;

namespace flicker {

/// One curve. Every field has a default, so designated initializers name only what they set:
/// {.name = …, .colour = …, .x = …, .y = …, .dashed = true}.
struct Curve {
    QString name{};               ///< legend entry
    QColor colour{};              ///< line, marker and spread colour (kept legible on the theme)
    std::vector<double> x{}, y{}; ///< points (a non-finite x or y is left out)
    std::vector<double> error{}; ///< ± spread per point (error, SD over seeds); empty or NaN: none
    bool band = false;           ///< the spread as a shaded band instead of error bars
    bool dashed = false;         ///< a dashed line, e.g. "before training"
    bool markers = true;         ///< a disc at each point
    bool reference = false;      ///< other data (published values): thin, dashed, no markers
    bool rightAxis = false;      ///< on the second y axis (its label says which curves)
};

class CurvePlot : public PlotView {
    Q_OBJECT

public:
    explicit CurvePlot(QWidget* parent = nullptr);
    /// A figure with its export name (e.g. "sparsity-sigma") and axis labels with their units.
    CurvePlot(const QString& figureName, const QString& xLabel, const QString& yLabel,
              QWidget* parent = nullptr);

    /// Axis labels with their units; an empty `right` hides the second y axis.
    void setAxisLabels(const QString& x, const QString& left, const QString& right = {});
    /// A fixed range for the left y axis (e.g. 0 … 1.05 for fractions); NaN: fit the data
    /// (the default).
    void setYRange(double lower, double upper);
    /// A fixed range for the second y axis (e.g. 0 … 1 for accuracy); default: fit the data.
    void setRightRange(double lower, double upper);
    /// Horizontal dashed lines across the plot on the left axis (value, label); a labelled one
    /// gets a legend entry (e.g. "chance"), an unlabelled one none. None by default.
    using ReferenceLines = std::vector<std::pair<double, QString>>;
    void setReferenceLines(const ReferenceLines& lines);
    const ReferenceLines& referenceLines() const { return m_levels; }

    /// Replaces the curves; the axes fit their data (and the reference lines) unless fixed.
    /// Empty clears the figure.
    void setCurves(std::vector<Curve> curves);
    const std::vector<Curve>& curves() const { return m_curves; }
    /// Points drawn in all (finite x and y), for tests.
    int pointCount() const;

    /// "curve,x,y,error": one row per point of every curve (error empty when none).
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    /// What one curve is drawn with: its line and, with a spread, a band or error bars.
    struct Drawn {
        QCPGraph* line = nullptr;
        QCPGraph* bandLow = nullptr;
        QCPGraph* bandHigh = nullptr;
        QCPErrorBars* bars = nullptr;
    };
    void rebuild();

    std::vector<Curve> m_curves;
    std::vector<Drawn> m_drawn;
    ReferenceLines m_levels;
    std::vector<QCPItemStraightLine*> m_levelLines;
    std::vector<QCPGraph*> m_levelKeys; ///< empty graphs: the legend entries of labelled lines
    double m_yLower = std::numeric_limits<double>::quiet_NaN(), m_yUpper = 1;
    bool m_fixedRight = false;
    double m_rightLower = 0, m_rightUpper = 1;
};

} // namespace flicker
