// The sparsity lab's own figures: a bar histogram (biases, weight-row norms, active units per
// input) and an image figure (the receptive-field grid, clean / noisy / reconstructed images),
// each a PlotView so that export and presentation mode work as for every other figure. Its
// curves (fraction active against epoch and σ) are CurvePlots (curve_plot.h).
#pragma once

#include "plot_view.h"

#include <QImage>
#include <QString>

#include <vector>

class QCPItemPixmap;

namespace flicker {

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
