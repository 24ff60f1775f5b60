// The sparsity lab's figures: lines (fraction active against epoch or σ, dashed reference
// curves from other data sets), a bar histogram (biases, weight-row norms, active units per
// input) and an image figure (the receptive-field grid, clean / noisy / reconstructed images),
// each a PlotView so that export and presentation mode work as for every other figure.
#pragma once

#include "plot_view.h"

#include <QColor>
#include <QImage>
#include <QString>

#include <vector>

class QCPItemPixmap;

namespace flicker {

struct CurveLine {
    QString label;
    QColor color;
    std::vector<double> x, y; ///< NaN points are skipped
    bool dashed = false;      ///< a reference (other data), drawn dashed without markers
};

class FractionCurvePlot : public PlotView {
    Q_OBJECT

public:
    explicit FractionCurvePlot(QWidget* parent = nullptr);
    void setAxisLabels(const QString& x, const QString& y);
    /// x on a "symlog"-like axis is not needed: σ includes 0, so the σ axis stays linear.
    void setLines(std::vector<CurveLine> lines);
    const std::vector<CurveLine>& lines() const { return m_lines; }
    /// The y range shown (default 0 … 1.05 for fractions).
    void setYRange(double low, double high);
    /// "line,x,y" rows.
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    std::vector<CurveLine> m_lines;
    double m_yLow = 0, m_yHigh = 1.05;
};

class BarHistogram : public PlotView {
    Q_OBJECT

public:
    explicit BarHistogram(QWidget* parent = nullptr);
    void setAxisLabel(const QString& x);
    /// Bins `values` (finite ones) into `bins` equal bins between their min and max (integers
    /// get one bin per value when there are few); empty clears.
    void setValues(const std::vector<double>& values, int bins = 30);
    const std::vector<double>& edges() const { return m_edges; }
    const std::vector<int>& counts() const { return m_counts; }
    /// "bin_low,bin_high,count".
    QString dataCsv() const override;

protected:
    void applyStyle() override;

private:
    std::vector<double> m_edges;
    std::vector<int> m_counts;
};

class ImageFigure : public PlotView {
    Q_OBJECT

public:
    explicit ImageFigure(QWidget* parent = nullptr);
    /// Shows `image` (kept at its aspect ratio), `csv` is what dataCsv() gives.
    void setImage(const QImage& image, const QString& csv = {});
    const QImage& image() const { return m_image; }
    bool hasImage() const { return !m_image.isNull(); }
    /// Magnification of the drawn image (1 = fit; zoom in with the wheel too).
    void setZoom(double zoom);
    double zoom() const { return m_zoom; }
    QString dataCsv() const override { return m_csv; }

protected:
    void applyStyle() override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void placeImage();
    QImage m_image;
    QString m_csv;
    QCPItemPixmap* m_pixmap = nullptr;
    double m_zoom = 1;
};

} // namespace flicker
