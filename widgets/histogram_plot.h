// Overlaid histograms of per-review spectral exponents β, one group per activation kind (the
// paper's figure: inputs x are white, the hidden state h is pink), on common bins.
#pragma once

#include "plot_view.h"
#include "study_plot_support.h"

#include <QColor>
#include <QString>

#include <utility>
#include <vector>

class QCPBars;

namespace flicker {

/// One histogram: the per-review exponents of one activation kind (or of one control).
struct HistogramGroup {
    QString label;              ///< shown in the legend, e.g. "h"
    QColor color;               ///< bar colour (drawn semi-transparent with an opaque outline)
    std::vector<double> values; ///< β per review (dimensionless); NaN/±inf = no exponent, skipped
};

class HistogramPlot : public PlotView {
    Q_OBJECT

public:
    explicit HistogramPlot(QWidget* parent = nullptr);

    /// Replaces all groups (cheap: call it after every streamed batch). The x range stays as it
    /// is unless the data leaves it; clear() or a change of the group labels fits it afresh.
    void setGroups(const std::vector<HistogramGroup>& groups);
    /// Removes all groups and forgets the x range.
    void clear();

    /// Bin width in β units; 0 (the default) chooses it from the Freedman–Diaconis rule: the
    /// finest width of the groups with at least 8 values (else of the pooled values), rounded to
    /// 1, 2, 2.5 or 5 × 10^k and kept to kMinBins … kMaxBins bins.
    /// A hand-set width is used as given (coarsened only beyond 1,000 bins). Rebins at once.
    void setBinWidth(double width);
    double binWidth() const { return m_binWidthSetting; }

    /// Vertical dashed lines labelled at the top: (β, label). Default {0 "white", 1 "pink (1/f)"}.
    void setReferenceLines(const std::vector<std::pair<double, QString>>& lines);
    const std::vector<std::pair<double, QString>>& referenceLines() const {
        return m_reference.lines();
    }

    /// The common bin edges (bins + 1 values, ascending, multiples of the bin width; empty
    /// without data). Bin k holds the values in [edge k, edge k+1).
    const std::vector<double>& binEdges() const { return m_edges; }
    int groupCount() const { return int(m_groups.size()); }
    /// Reviews of group `group` in each bin (size binEdges().size() − 1).
    const std::vector<int>& counts(int group) const { return m_groups.at(group).counts; }
    /// Number of finite values of the group (NaN and ±inf are not counted).
    int finiteCount(int group) const { return m_groups.at(group).n; }
    /// The legend entry, e.g. "h: β = 0.66 ± 0.09 (n = 300)" — mean ± sample SD (n − 1).
    QString legendText(int group) const;

    /// bin_low, bin_high, then one count column per group (named by the group label).
    QString dataCsv() const override;

    static constexpr int kMinBins = 10, kMaxBins = 60;
    static constexpr double kBarAlpha = 0.45; ///< opacity of the bar fill

protected:
    void applyStyle() override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Group {
        QString label;
        QColor color;
        std::vector<int> counts;
        int n = 0;       ///< finite values
        double mean = 0; ///< of the finite values
        double sd = 0;   ///< sample standard deviation (n − 1), 0 when n < 2
        QCPBars* bars = nullptr;
    };

    void computeBins(const std::vector<HistogramGroup>& groups);
    void updateRanges(bool labelsChanged);
    void styleGroup(Group& group) const;
    void updateLegendColumns();

    std::vector<Group> m_groups;
    std::vector<HistogramGroup> m_values; ///< the last setGroups, for rebinning
    std::vector<double> m_edges;
    ReferenceLines m_reference{plot(), Qt::Vertical};
    double m_binWidthSetting = 0;
    bool m_haveXRange = false; ///< false until data arrives (and after clear())
};

} // namespace flicker
