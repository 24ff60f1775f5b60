// Shared by the across-review figures (histogram, scatter, box plot): linear axis ticks whose
// labels write negative numbers with a typographic minus, as style::formatNumber does, and the
// labelled reference lines (β = 0 "white", 1 "pink", the fMRI values).
#pragma once

#include <QColor>
#include <QSharedPointer>
#include <QString>

#include <utility>
#include <vector>

class QCPAxisTicker;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;

namespace flicker {

/// QCustomPlot's default linear ticker, with "−0.25" (U+2212) instead of "-0.25" in its labels.
QSharedPointer<QCPAxisTicker> makeSignedTicker();

/// Dashed lines at fixed values, each with a text label, drawn under the data. Vertical lines
/// (x = value, the label along the top: histograms) or horizontal ones (y = value, the label in
/// the right margin: box plots).
class ReferenceLines {
public:
    using Lines = std::vector<std::pair<double, QString>>;
    ReferenceLines(QCustomPlot* plot, Qt::Orientation orientation);

    /// Replaces the lines (value in axis units, label).
    void set(const Lines& lines);
    const Lines& lines() const { return m_lines; }
    /// Pen and font for the theme (ink colour) and presentation mode (`big`).
    void applyStyle(const QColor& ink, bool big);
    /// Vertical lines: a label near the right end of the x range goes left of its line, where
    /// the axes do not cut it off.
    void placeLabels();

private:
    struct Item {
        QCPItemStraightLine* line = nullptr;
        QCPItemText* label = nullptr;
    };
    QCustomPlot* m_plot;
    Qt::Orientation m_orientation;
    Lines m_lines;
    std::vector<Item> m_items;
};

} // namespace flicker
