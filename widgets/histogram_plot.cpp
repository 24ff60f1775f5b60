// Overlaid histograms of per-review β on common bins (see histogram_plot.h).
#include "histogram_plot.h"

#include "plot_style.h"
#include "review_plot_support.h"
#include "study/statistics.h"
#include "study_plot_support.h"

#include <QFontMetrics>

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <optional>
#include <utility>

namespace flicker {
namespace {

/// A bin width of the 1, 2, 2.5, 5 × 10^k ladder, kept as integers so that stepping up and down
/// never drifts and the bin edges are the doubles nearest to their decimal values (0.3, not
/// 0.30000000000000004).
struct NiceWidth {
    static constexpr std::array<int, 4> kTenths{10, 20, 25, 50}; ///< mantissa × 10
    int mantissa = 0;                                            ///< index into kTenths
    int exponent = 0;                                            ///< power of ten of the mantissa

    /// Edge number `i` (a multiple of the width): i · tenths · 10^(exponent − 1), one rounding.
    double edge(double i) const {
        const double scaled = i * kTenths[std::size_t(mantissa)];
        const int power = exponent - 1;
        return power >= 0 ? scaled * std::pow(10.0, power) : scaled / std::pow(10.0, -power);
    }
    double value() const { return edge(1.0); }
    void up() {
        if (++mantissa == int(kTenths.size())) {
            mantissa = 0;
            ++exponent;
        }
    }
    void down() {
        if (--mantissa < 0) {
            mantissa = int(kTenths.size()) - 1;
            --exponent;
        }
    }
    /// The ladder value nearest to `raw` (> 0) on a log scale.
    static NiceWidth nearest(double raw) {
        NiceWidth best;
        const int decade = int(std::floor(std::log10(raw)));
        double bestDistance = INFINITY;
        for (int e = decade - 1; e <= decade + 1; ++e) {
            for (int m = 0; m < int(kTenths.size()); ++m) {
                const NiceWidth candidate{m, e};
                const double distance = std::abs(std::log(candidate.value() / raw));
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = candidate;
                }
            }
        }
        return best;
    }
};

constexpr int kMaxManualBins = 1000; ///< a hand-set width finer than this is coarsened

/// The finite values of a group: how many, their mean and sample standard deviation (n − 1).
struct GroupStats {
    int n = 0;
    double mean = 0;
    double sd = 0; ///< 0 when n < 2
};

GroupStats groupStats(const std::vector<double>& values) {
    GroupStats s;
    double sum = 0;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        sum += v;
        ++s.n;
    }
    s.mean = s.n > 0 ? sum / s.n : 0.0;
    double squares = 0;
    for (double v : values)
        if (std::isfinite(v)) squares += (v - s.mean) * (v - s.mean);
    s.sd = s.n > 1 ? std::sqrt(squares / (s.n - 1)) : 0.0;
    return s;
}

/// The range the bins cover: from the smallest to the largest value (ascending), widened
/// around one repeated value.
std::pair<double, double> binnedRange(const std::vector<double>& sorted) {
    double low = sorted.front(), high = sorted.back();
    if (high - low <= 1e-9 * std::max({1.0, std::abs(low), std::abs(high)})) {
        low -= 0.25; // one repeated value: centre a few bins on it
        high += 0.25;
    }
    return {low, high};
}

/// Bins [edge i, edge i+1) for i = first … first + bins − 1.
struct BinLayout {
    double first = 0;
    int bins = 0;
};

/// The fewest bins of `width` that cover [low, high]; edgeAt(i) is edge number i.
template <class EdgeAt> BinLayout binLayout(double low, double high, EdgeAt edgeAt, double width) {
    BinLayout layout{std::floor(low / width), 0};
    if (edgeAt(layout.first) > low) layout.first -= 1; // the division rounded across an edge
    if (edgeAt(layout.first + 1) <= low) layout.first += 1;
    layout.bins = std::max(1, int(std::floor(high / width) - layout.first) + 1);
    while (edgeAt(layout.first + layout.bins) <= high)
        ++layout.bins;
    while (layout.bins > 1 && edgeAt(layout.first + layout.bins - 1) > high)
        --layout.bins;
    return layout;
}

// Freedman–Diaconis widths (core). The finest width any group asks for (of groups with a few
// values), so that a narrow group (inputs x, all near 0) keeps its shape beside a wide one (h);
// the pooled values alone would give the wide one's coarse bins. 0 when no group has one.
double finestGroupWidth(const std::vector<HistogramGroup>& groups) {
    double raw = 0;
    for (const HistogramGroup& group : groups) {
        const auto finite = std::count_if(group.values.begin(), group.values.end(),
                                          [](double v) { return std::isfinite(v); });
        if (finite < 8) continue;
        const double groupWidth = freedmanDiaconisWidth(group.values);
        if (groupWidth > 0 && (raw == 0 || groupWidth < raw)) raw = groupWidth;
    }
    return raw;
}

/// The width chosen when none is set: the finest group's (else the pooled values'), on the
/// ladder, stepped until [low, high] takes kMinBins … kMaxBins bins.
NiceWidth automaticWidth(const std::vector<HistogramGroup>& groups,
                         const std::vector<double>& pooled, double low, double high) {
    double raw = finestGroupWidth(groups);
    if (!(raw > 0)) raw = freedmanDiaconisWidth(pooled);
    if (!(raw > 0)) raw = (high - low) / HistogramPlot::kMinBins; // most values equal: no IQR
    // A group of nearly equal values has a tiny width; beside a wide group it would ask for
    // billions of bins (the stepping below then ran for minutes): start at the finest width
    // that can still fit the range in kMaxBins bins.
    raw = std::max(raw, (high - low) / HistogramPlot::kMaxBins);
    NiceWidth nice = NiceWidth::nearest(raw);
    for (int step = 0; step < 64; ++step) {
        const int bins = binLayout(
                             low, high, [&](double i) { return nice.edge(i); }, nice.value())
                             .bins;
        if (bins > HistogramPlot::kMaxBins)
            nice.up();
        else if (bins < HistogramPlot::kMinBins)
            nice.down();
        else
            break;
    }
    return nice;
}

/// How many of the finite values fall in each bin [edge k, edge k+1) of `width`.
std::vector<int> binCounts(const std::vector<double>& values, const std::vector<double>& edges,
                           double width) {
    const int bins = int(edges.size()) - 1;
    std::vector<int> counts(std::size_t(bins), 0);
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        // Bin k is [edge k, edge k+1): correct the division's rounding against the edges.
        int k = std::clamp(int(std::floor((v - edges.front()) / width)), 0, bins - 1);
        while (k > 0 && v < edges[std::size_t(k)])
            --k;
        while (k + 1 < bins && v >= edges[std::size_t(k) + 1])
            ++k;
        ++counts[std::size_t(k)];
    }
    return counts;
}

} // namespace

HistogramPlot::HistogramPlot(QWidget* parent) : PlotView(parent) {
    setFigureName(QStringLiteral("beta-histogram"));
    QCustomPlot* p = plot();
    p->xAxis->setLabel(tr("β (spectral exponent)"));
    p->yAxis->setLabel(tr("reviews"));
    p->xAxis->setTicker(makeSignedTicker());
    p->yAxis->setTicker(makeIntegerTicker()); // the y axis counts reviews

    // The legend sits in its own row under the axes, so that it never hides a bar.
    p->axisRect()->insetLayout()->take(p->legend);
    p->plotLayout()->addElement(1, 0, p->legend);
    p->plotLayout()->setRowStretchFactor(1, 0.001);
    p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    p->legend->setVisible(false);

    setReferenceLines({{0.0, tr("white")}, {1.0, tr("pink (1/f)")}});
    clear();
    applyStyle();
}

void HistogramPlot::clear() {
    for (Group& group : m_groups)
        plot()->removePlottable(group.bars);
    m_groups.clear();
    m_values.clear();
    m_edges.clear();
    m_haveXRange = false;
    plot()->legend->setVisible(false);
    setSubtitle({});
    updateRanges(true);
    requestReplot();
}

void HistogramPlot::setBinWidth(double width) {
    const double setting = std::isfinite(width) && width > 0 ? width : 0.0;
    if (setting == m_binWidthSetting) return;
    m_binWidthSetting = setting;
    if (!m_values.empty()) {
        const std::vector<HistogramGroup> groups = m_values; // setGroups replaces m_values
        setGroups(groups);
    }
}

void HistogramPlot::setGroups(const std::vector<HistogramGroup>& groups) {
    m_values = groups; // kept for rebinning when the bin width changes (a few 10⁴ doubles)
    bool labelsChanged = groups.size() != m_groups.size();
    for (std::size_t g = 0; !labelsChanged && g < groups.size(); ++g)
        labelsChanged = groups[g].label != m_groups[g].label;
    if (labelsChanged) {
        for (Group& group : m_groups)
            plot()->removePlottable(group.bars);
        m_groups.assign(groups.size(), Group{});
        for (std::size_t g = 0; g < groups.size(); ++g) {
            m_groups[g].bars = new QCPBars(plot()->xAxis, plot()->yAxis);
            m_groups[g].bars->setWidthType(QCPBars::wtPlotCoords);
        }
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
        m_groups[g].label = groups[g].label;
        m_groups[g].color = groups[g].color;
    }
    computeBins(groups);

    const double width = m_edges.size() >= 2 ? m_edges[1] - m_edges[0] : 0.0;
    for (Group& group : m_groups) {
        QVector<double> keys, values;
        for (std::size_t k = 0; k < group.counts.size(); ++k) {
            if (group.counts[k] == 0) continue; // an empty bin would draw a line on the axis
            keys.push_back(0.5 * (m_edges[k] + m_edges[k + 1]));
            values.push_back(group.counts[k]);
        }
        group.bars->setWidth(width);
        group.bars->setData(keys, values, true);
        group.bars->setName(legendText(int(&group - m_groups.data())));
        styleGroup(group);
    }
    plot()->legend->setVisible(!m_groups.empty());
    updateLegendColumns();
    setSubtitle(m_edges.size() >= 2
                    ? tr("bin width %1").arg(style::formatNumber(width, width < 0.01 ? 3 : 2))
                    : QString());
    updateRanges(labelsChanged);
    requestReplot();
}

void HistogramPlot::computeBins(const std::vector<HistogramGroup>& groups) {
    std::vector<double> pooled; // the finite values of all groups
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const GroupStats stats = groupStats(groups[g].values);
        m_groups[g].n = stats.n;
        m_groups[g].mean = stats.mean;
        m_groups[g].sd = stats.sd;
        std::copy_if(groups[g].values.begin(), groups[g].values.end(), std::back_inserter(pooled),
                     [](double v) { return std::isfinite(v); });
    }
    m_edges.clear();
    for (Group& group : m_groups)
        group.counts.clear();
    if (pooled.empty()) return;

    std::sort(pooled.begin(), pooled.end());
    const auto [low, high] = binnedRange(pooled);
    double width = 0;
    std::optional<NiceWidth> nice;
    if (m_binWidthSetting > 0) {
        width = std::max(m_binWidthSetting, (high - low) / kMaxManualBins);
    } else {
        nice = automaticWidth(groups, pooled, low, high);
        width = nice->value();
    }
    auto edgeAt = [&](double i) { return nice ? nice->edge(i) : i * width; };
    const BinLayout layout = binLayout(low, high, edgeAt, width);
    m_edges.resize(std::size_t(layout.bins) + 1);
    for (int k = 0; k <= layout.bins; ++k)
        m_edges[std::size_t(k)] = edgeAt(layout.first + k);
    for (std::size_t g = 0; g < groups.size(); ++g)
        m_groups[g].counts = binCounts(groups[g].values, m_edges, width);
}

void HistogramPlot::updateRanges(bool labelsChanged) {
    QCustomPlot* p = plot();
    if (labelsChanged) m_haveXRange = false;
    if (m_edges.size() >= 2) {
        double low = m_edges.front(), high = m_edges.back();
        for (const auto& [value, label] : m_reference.lines()) {
            if (!std::isfinite(value)) continue;
            low = std::min(low, value);
            high = std::max(high, value);
        }
        const QCPRange current = p->xAxis->range();
        const bool inside = m_haveXRange && current.contains(low) && current.contains(high);
        if (!inside) {
            const double pad = 0.04 * (high - low);
            QCPRange wanted(low - pad, high + pad);
            if (m_haveXRange) wanted.expand(current); // grows, never jumps back
            p->xAxis->setRange(wanted);
            m_haveXRange = true;
        }
    } else {
        p->xAxis->setRange(-0.5, 1.5);
    }
    int highest = 0;
    for (const Group& group : m_groups)
        for (int count : group.counts)
            highest = std::max(highest, count);
    // Head room for the reference labels along the top.
    p->yAxis->setRange(0, std::max(1.0, highest * 1.2));
    m_reference.placeLabels();
}

QString HistogramPlot::legendText(int group) const {
    const Group& g = m_groups.at(std::size_t(group));
    if (g.n == 0) return tr("%1: no exponent (n = 0)").arg(g.label);
    if (g.n == 1) return tr("%1: β = %2 (n = 1)").arg(g.label, style::formatNumber(g.mean, 2));
    return tr("%1: β = %2 ± %3 (n = %4)")
        .arg(g.label, style::formatNumber(g.mean, 2), style::formatNumber(g.sd, 2))
        .arg(g.n);
}

void HistogramPlot::setReferenceLines(const std::vector<std::pair<double, QString>>& lines) {
    m_reference.set(lines);
    updateRanges(false);
    applyStyle();
}

void HistogramPlot::styleGroup(Group& group) const {
    if (!group.bars) return;
    // The outline carries the group's colour at graphics contrast (AA, 3:1) on the theme's
    // background (the grey of x is too dim on the dark one); the fill is a lighter veil of it,
    // more opaque on dark, where a translucent fill sinks into the background.
    const QColor background = style::palette(darkTheme()).background;
    const QColor edge = style::legible(group.color, background, style::kGraphicsContrast);
    QColor fill =
        darkTheme() ? style::legible(group.color, background, style::kTextContrast) : group.color;
    fill.setAlphaF(float(darkTheme() ? kBarAlpha + 0.15 : kBarAlpha));
    group.bars->setBrush(fill);
    group.bars->setPen(QPen(edge, presentationMode() ? 2.0 : 1.2));
}

QString HistogramPlot::dataCsv() const {
    if (m_edges.size() < 2) return {};
    QString text = QStringLiteral("bin_low,bin_high");
    for (const Group& group : m_groups)
        text += QLatin1Char(',') + csv::field(group.label);
    text += QLatin1Char('\n');
    for (std::size_t k = 0; k + 1 < m_edges.size(); ++k) {
        text += csv::number(m_edges[k]) + QLatin1Char(',') + csv::number(m_edges[k + 1]);
        for (const Group& group : m_groups)
            text += QLatin1Char(',') + QString::number(group.counts[k]);
        text += QLatin1Char('\n');
    }
    return text;
}

void HistogramPlot::applyStyle() {
    PlotView::applyStyle();
    const bool big = presentationMode();
    const QColor ink = style::palette(darkTheme()).ink;
    m_reference.applyStyle(ink, big);
    for (Group& group : m_groups)
        styleGroup(group);
    plot()->legend->setBorderPen(Qt::NoPen);
    plot()->legend->setBrush(Qt::NoBrush);
    updateLegendColumns();
    requestReplot();
}

void HistogramPlot::resizeEvent(QResizeEvent* event) {
    PlotView::resizeEvent(event);
    updateLegendColumns();
}

void HistogramPlot::updateLegendColumns() {
    // As many columns as fit the narrower of the window and the export size, so that an export
    // never cuts the legend off.
    QCPLegend* legend = plot()->legend;
    int widest = 1;
    const QFontMetrics metrics(legend->font());
    for (int g = 0; g < groupCount(); ++g)
        widest = std::max(widest, metrics.horizontalAdvance(legendText(g)));
    widest += legend->iconSize().width() + legend->iconTextPadding() + 24; // item margins
    const int onScreen = isVisible() ? plot()->width() : exportSize().width();
    const int room = std::min(onScreen, exportSize().width());
    const int columns = std::clamp(room / widest, 1, std::max(1, groupCount()));
    legend->setWrap(columns);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true); // re-flows the entries (cheap)
    requestReplot();
}

} // namespace flicker
