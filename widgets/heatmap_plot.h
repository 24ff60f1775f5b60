// The activations of one review as a colour map: units (y) against steps (x, word index), with a
// colour scale, highlighted units, a cursor at the current word, and horizontal zoom and pan.
#pragma once

#include "step_plot.h"

#include <QColor>

#include <cstddef>
#include <vector>

class QCPColorMap;
class QCPColorScale;
class QCPItemRect;

namespace flicker {

class HeatmapPlot : public StepPlot {
    Q_OBJECT

public:
    explicit HeatmapPlot(QWidget* parent = nullptr);

    /// Shows a T × U matrix, row-major (row t = step t, as the recorder writes): cell (t, u) at
    /// x = t, y = u. `valueLabel` names the colour scale, e.g. "h (a.u.)". symmetric: diverging
    /// blue–white–red colours over ±max|v| (h, c, g); otherwise sequential colours over [min, max]
    /// (gates i, f, o in [0, 1]). Empty data clears. Keeps the visible step range when T is
    /// unchanged, otherwise shows all steps.
    void setData(const std::vector<float>& rowMajor, std::size_t steps, std::size_t units,
                 const QString& valueLabel, bool symmetric);
    void clear();
    const std::vector<float>& values() const { return m_values; }
    std::size_t steps() const { return m_steps; }
    std::size_t units() const { return m_units; }
    bool symmetric() const { return m_symmetric; }
    /// Range of the colour scale (value units): ±max|v| or [min, max].
    double colorLower() const { return m_colorLower; }
    double colorUpper() const { return m_colorUpper; }

    /// Outlines the rows of these units (unit indices) and marks them with a tab at the left
    /// edge; `colors` (optional, same order) colours each mark, otherwise the ink colour is used.
    /// Indices outside the data are ignored.
    void setHighlightedUnits(const std::vector<int>& units, const std::vector<QColor>& colors = {});
    const std::vector<int>& highlightedUnits() const { return m_highlighted; }

    QCPColorMap* colorMap() const { return m_map; }
    QCPColorScale* colorScale() const { return m_scale; }

    /// "step,u0,u1,…": one row per step, one column per unit.
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    void rebuildHighlights();

    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    std::vector<QCPItemRect*> m_outlines; ///< halo, outline and tab of each highlighted unit
    std::vector<float> m_values;
    std::size_t m_steps = 0;
    std::size_t m_units = 0;
    bool m_symmetric = true;
    double m_colorLower = -1, m_colorUpper = 1;
    std::vector<int> m_highlighted;
    std::vector<QColor> m_highlightColors;
};

} // namespace flicker
