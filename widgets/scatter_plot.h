// Per-review scatter of two exponents (β(x) against β(h) by default) with Pearson r: the paper
// finds no correlation between how white the input is and how pink the hidden state is.
#pragma once

#include "plot_view.h"

#include <QPoint>
#include <QString>
#include <QStringList>

#include <vector>

class QCPGraph;
class QCPItemStraightLine;
class QMouseEvent;

namespace flicker {

class ScatterPlot : public PlotView {
    Q_OBJECT

public:
    explicit ScatterPlot(QWidget* parent = nullptr);

    /// One point per review: xs[k], ys[k], named ids[k] (the review id shown in the tooltip).
    /// Pairs with a NaN (or ±inf) are not drawn and not counted in r, but keep their index.
    /// `ids` may be shorter than the values (missing ids read as "#k").
    void setPoints(const std::vector<double>& xs, const std::vector<double>& ys,
                   const QStringList& ids);
    void clear();

    /// Axis titles; default "β(x), inputs" and "β(h), hidden state" (β is dimensionless).
    void setAxisLabels(const QString& x, const QString& y);

    /// The dashed y = x diagonal (default shown).
    void setDiagonalVisible(bool on);
    bool diagonalVisible() const { return m_diagonalVisible; }
    /// Dotted lines at β = 0 (white) and β = 1 (pink) on both axes (default shown).
    void setReferenceLinesVisible(bool on);
    bool referenceLinesVisible() const { return m_referencesVisible; }

    /// Draws point `index` larger in a contrasting colour; −1 (or an index out of range) none.
    /// Clicking does not highlight by itself: the receiver of pointClicked decides.
    void setHighlighted(int index);
    int highlighted() const { return m_highlighted; }

    /// Index of the drawn point nearest to `pixel` (plot() widget coordinates) within
    /// kPickRadius pixels, or −1. Uses the current layout (after a replot).
    int pointAt(const QPoint& pixel) const;
    /// The tooltip of point `index`: its id and both values.
    QString tooltipText(int index) const;

    /// Pearson correlation of the finite pairs (NaN when fewer than 3 or a constant series) and
    /// their number.
    double pearsonR() const { return m_r; }
    int pairCount() const { return m_pairs; }
    /// Pearson r of the pairs where both values are finite; `pairs` receives their number.
    static double pearson(const std::vector<double>& xs, const std::vector<double>& ys,
                          int* pairs = nullptr);
    /// The text above the axes, e.g. "Pearson r = 0.05, n = 300".
    QString annotationText() const;

    /// id, x, y for every given point (NaN written as "nan"), in the given order.
    QString dataCsv() const override;

    static constexpr double kPickRadius = 8.0; ///< pixels

signals:
    /// A left click within kPickRadius of a drawn point; index into the vectors of setPoints.
    void pointClicked(int index);

protected:
    void applyStyle() override;

private:
    void onMousePress(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);
    void updateRanges();
    void updateHighlight();

    QCPGraph* m_points = nullptr;
    QCPGraph* m_highlight = nullptr;
    QCPItemStraightLine* m_diagonal = nullptr;
    std::vector<QCPItemStraightLine*> m_references; ///< x = 0, x = 1, y = 0, y = 1
    std::vector<double> m_xs, m_ys;
    QStringList m_ids;
    double m_r = 0;
    int m_pairs = 0;
    int m_highlighted = -1;
    bool m_diagonalVisible = true;
    bool m_referencesVisible = true;
    QPoint m_pressPosition;
    bool m_pressed = false;
};

} // namespace flicker
