// Box plots of per-review β, one box per category: the activation kinds, internal vs external
// activations, or the real network beside its controls, with human fMRI exponents for reference.
#pragma once

#include "plot_view.h"
#include "study_plot_support.h"

#include <QColor>
#include <QString>

#include <utility>
#include <vector>

class QCPGraph;
class QCPStatisticalBox;

namespace flicker {

/// One box: the per-review exponents of one category.
struct BoxGroup {
    QString label;              ///< category label under the axis, e.g. "h shuffled words"
    QColor color;               ///< box colour
    std::vector<double> values; ///< β per review (dimensionless); NaN/±inf skipped
};

/// Tukey box statistics of a sample. Quartiles use linear interpolation between order
/// statistics (Hyndman & Fan type 7, as R's default and numpy's "linear"): for p in [0, 1] and
/// the sorted finite values v[0] ≤ … ≤ v[n−1], h = (n − 1)·p and
/// Q(p) = v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋ + 1] − v[⌊h⌋]).
/// Whiskers reach the most extreme values within [q1 − 1.5·IQR, q3 + 1.5·IQR]; values beyond
/// are outliers. With n = 0 every number is NaN.
struct BoxStats {
    double whiskerLow = 0;        ///< smallest value ≥ q1 − 1.5·IQR
    double q1 = 0;                ///< lower quartile Q(0.25)
    double median = 0;            ///< Q(0.5)
    double q3 = 0;                ///< upper quartile Q(0.75)
    double whiskerHigh = 0;       ///< largest value ≤ q3 + 1.5·IQR
    double mean = 0;              ///< of the finite values
    std::vector<double> outliers; ///< values outside the whiskers, ascending
    int n = 0;                    ///< number of finite values
};

class BoxPlot : public PlotView {
    Q_OBJECT

public:
    explicit BoxPlot(QWidget* parent = nullptr);

    /// One box per group, left to right in the given order; labels under the axis (rotated when
    /// they do not fit side by side).
    void setBoxes(const std::vector<BoxGroup>& boxes);
    void clear();

    /// Horizontal dashed lines (β, label) with the label right of the axes, e.g. {0.83 "human
    /// fMRI, rest"}. Default {0 "white", 1 "pink"}.
    void setReferenceLines(const std::vector<std::pair<double, QString>>& lines);
    const std::vector<std::pair<double, QString>>& referenceLines() const {
        return m_reference.lines();
    }

    static BoxStats stats(std::vector<double> values);

    int boxCount() const { return int(m_boxes.size()); }
    const BoxStats& boxStats(int box) const { return m_boxes.at(box).stats; }
    QString boxLabel(int box) const { return m_boxes.at(box).label; }
    /// Whether the category labels are currently drawn rotated.
    bool labelsRotated() const;

    /// label, n, mean, whisker_low, q1, median, q3, whisker_high — one row per box.
    QString dataCsv() const override;

protected:
    void applyStyle() override;
    void resizeEvent(QResizeEvent* event) override;
    /// Filled while hidden (a study finishing on another page), the labels were fitted to the
    /// export size: fit them to the window once it is shown.
    void showEvent(QShowEvent* event) override;

private:
    struct Box {
        QString label;
        QColor color;
        BoxStats stats;
        QCPStatisticalBox* plottable = nullptr;
    };

    void updateTicker();
    void updateLabelRotation();
    void updateRanges();
    void updateRightMargin();

    std::vector<Box> m_boxes;
    QCPGraph* m_means = nullptr;
    ReferenceLines m_reference{plot(), Qt::Horizontal};
};

} // namespace flicker
