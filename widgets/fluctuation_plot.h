// The DFA figure: fluctuation F(n) against window size n on log-log axes — the aggregate's points
// and fitted line, optional thin curves of single units, reference slopes of white, pink and
// brown noise, the fitted exponents above the axes, and a fit range the user can drag.
#pragma once

#include "plot_view.h"

#include "signal/dfa.h"

#include <QColor>

#include <vector>

class QCPGraph;
class QCPItemText;
class QCPItemRect;
class QCPItemStraightLine;
class QMouseEvent;

namespace flicker {

/// One thin curve of the figure (e.g. one selected unit's F(n)).
struct FluctuationCurve {
    QString label;
    QColor color;
    DfaResult result;
};

class FluctuationPlot : public PlotView {
    Q_OBJECT

public:
    explicit FluctuationPlot(QWidget* parent = nullptr);

    /// Shows `result`; `methodLabel` names the method in the legend (e.g. "UDFA, order 1").
    /// Same as setCurves({}, result, {}, methodLabel).
    void setResult(const DfaResult& result, const QString& methodLabel = {});
    /// Thin lines with points for each curve, and the aggregate's points and fitted line on top
    /// (emphasised), with the references and the annotation of the aggregate. `aggregateLabel`
    /// names the aggregate in the legend (default "F(n)"). The fit-range band is set to the
    /// aggregate's fitted scales.
    void setCurves(const std::vector<FluctuationCurve>& curves, const DfaResult& aggregate,
                   const QString& aggregateLabel = {}, const QString& methodLabel = {});
    const DfaResult& result() const { return m_result; }
    const std::vector<FluctuationCurve>& curves() const { return m_curves; }
    int curveCount() const { return int(m_curves.size()); }
    void clear();

    /// The text written above the axes, e.g. "α = 0.98 ± 0.02, β = 0.96, R² = 0.998, fit 4–125
    /// steps"; for a silent series it says there is no exponent.
    QString annotationText() const;
    /// How the subtitle names the exponent: "β" (default), or e.g. "β of the mean F(n)" where
    /// another β of the same data is on screen.
    void setExponentName(const QString& name);
    /// What one step of the series is, plural, for the window sizes on the x axis and in the
    /// fit range: "steps" (default, a synthetic series) or "words" (a review).
    void setWindowUnit(const QString& plural);
    QString windowUnit() const { return m_windowUnit; }

    /// The shaded fit-range band, in window sizes n (steps), snapped to the nearest computed
    /// scales; does not emit fitRangeChanged. Ignored while there are fewer than two scales.
    void setFitRange(double minScale, double maxScale);
    bool hasFitRange() const { return m_bandLow >= 0; }
    double fitRangeMin() const; ///< smallest scale in the band (steps); 0 without a band
    double fitRangeMax() const; ///< largest scale in the band (steps); 0 without a band
    /// Whether the user may drag the band (default true). When false the band is still shown.
    void setFitRangeEditable(bool editable);
    bool fitRangeEditable() const { return m_editable; }

    /// Does what a mouse drag of one edge does: moves the lower or upper edge to the computed
    /// scale nearest `toScale` (keeping at least two scales in the band) and emits
    /// fitRangeChanged when the band changed.
    void dragFitEdge(bool upperEdge, double toScale);

    /// "n,<curve labels>,<aggregate>,fit": one row per window size; empty cells where a curve has
    /// no such scale and, for the fitted line, outside the fitted scales.
    QString dataCsv() const override;

    /// The slopes drawn as dashed references (white 0.5, pink 1, brown 1.5).
    static constexpr double kWhiteAlpha = 0.5, kPinkAlpha = 1.0, kBrownAlpha = 1.5;

signals:
    /// The user moved the fit range (on release of a drag): the smallest and largest fitted
    /// window sizes, in steps, both computed scales.
    void fitRangeChanged(double minScale, double maxScale);

protected:
    void applyStyle() override;

private:
    enum class BandDrag { None, Lower, Upper, Whole };

    void onMousePress(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);
    BandDrag bandPartAt(const QPointF& position) const;
    void beginBandDrag(BandDrag part, double fromScale);
    void moveBandDrag(double toScale);
    /// Ends a drag; `report`: emit fitRangeChanged when the band moved (false: new data came).
    void endBandDrag(bool report);
    int nearestScaleIndex(double scale) const;
    void updateBand();
    void removeCurveGraphs();

    QCPGraph* m_points = nullptr;
    QCPGraph* m_fit = nullptr;
    QCPGraph* m_white = nullptr;
    /// Names written at the right end of the reference lines (instead of legend rows, so that
    /// the legend stays small and off the data).
    std::vector<QCPItemText*> m_referenceLabels;
    QCPGraph* m_pink = nullptr;
    QCPGraph* m_brown = nullptr;
    std::vector<QCPGraph*> m_curveGraphs; ///< after the five above, drawn on a layer below them
    QCPItemRect* m_band = nullptr;
    QCPItemStraightLine* m_bandLowEdge = nullptr;
    QCPItemStraightLine* m_bandHighEdge = nullptr;
    DfaResult m_result;
    std::vector<FluctuationCurve> m_curves;
    QString m_aggregateLabel;
    QString m_exponentName = QStringLiteral("β");
    QString m_windowUnit = QStringLiteral("steps");
    bool m_hasResult = false;

    std::vector<double> m_snapScales; ///< computed window sizes (steps), ascending
    int m_bandLow = -1;               ///< index into m_snapScales of the band's lower edge
    int m_bandHigh = -1;              ///< index of its upper edge (> m_bandLow)
    bool m_editable = true;
    BandDrag m_drag = BandDrag::None;
    double m_dragFrom = 0; ///< scale where the drag began (steps)
    int m_dragLow = -1, m_dragHigh = -1;
    bool m_rangeDragWasOn = false;
};

} // namespace flicker
