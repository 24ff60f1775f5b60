// The sparsity lab's figures (see sparsity_plots.h).
#include "sparsity_plots.h"

#include "plot_style.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {
QString number(double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
}
} // namespace

// ---- BarHistogram ----------------------------------------------------------------------------

BarHistogram::BarHistogram(QWidget* parent) : PlotView(parent) {
    plot()->yAxis->setLabel(tr("count"));
    new QCPBars(plot()->xAxis, plot()->yAxis);
    applyStyle();
}

void BarHistogram::setAxisLabel(const QString& x) {
    plot()->xAxis->setLabel(x);
    requestReplot();
}

void BarHistogram::setValues(const std::vector<double>& values, int bins) {
    m_edges.clear();
    m_counts.clear();
    std::vector<double> v;
    for (double x : values)
        if (std::isfinite(x)) v.push_back(x);
    auto* bars = static_cast<QCPBars*>(plot()->plottable(0));
    if (v.empty()) {
        bars->data()->clear();
        requestReplot();
        return;
    }
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    double low = *lo, high = *hi;
    const bool integers =
        std::all_of(v.begin(), v.end(), [](double x) { return x == std::floor(x); });
    if (integers && high - low + 1 <= 2 * bins) {
        bins = int(high - low) + 1;
        low -= 0.5;
        high += 0.5;
    } else if (high == low) {
        low -= 0.5;
        high += 0.5;
        bins = 1;
    }
    bins = std::max(1, bins);
    const double width = (high - low) / bins;
    m_counts.assign(std::size_t(bins), 0);
    for (int k = 0; k <= bins; ++k)
        m_edges.push_back(low + k * width);
    for (double x : v)
        ++m_counts[std::size_t(std::clamp(int((x - low) / width), 0, bins - 1))];
    QVector<double> centre, count;
    for (int k = 0; k < bins; ++k) {
        centre << low + (k + 0.5) * width;
        count << m_counts[std::size_t(k)];
    }
    bars->setWidth(width * 0.95);
    bars->setData(centre, count, true);
    plot()->xAxis->setRange(low - width, high + width);
    plot()->yAxis->setRange(0, *std::max_element(count.begin(), count.end()) * 1.1 + 1);
    requestReplot();
}

QString BarHistogram::dataCsv() const {
    if (m_counts.empty()) return {};
    QString out = QStringLiteral("bin_low,bin_high,count\n");
    for (std::size_t k = 0; k < m_counts.size(); ++k)
        out += QStringLiteral("%1,%2,%3\n")
                   .arg(number(m_edges[k]), number(m_edges[k + 1]))
                   .arg(m_counts[k]);
    return out;
}

void BarHistogram::applyStyle() {
    PlotView::applyStyle();
    if (auto* bars = static_cast<QCPBars*>(plot()->plottable(0))) {
        bars->setPen(QPen(style::kData.darker(130)));
        bars->setBrush(style::kData);
    }
    requestReplot();
}

// ---- ImageFigure -----------------------------------------------------------------------------

ImageFigure::ImageFigure(QWidget* parent) : PlotView(parent) {
    QCustomPlot* p = plot();
    p->xAxis->setVisible(false);
    p->yAxis->setVisible(false);
    p->xAxis->setRange(0, 1);
    p->yAxis->setRange(0, 1);
    p->xAxis->grid()->setVisible(false);
    p->yAxis->grid()->setVisible(false);
    m_pixmap = new QCPItemPixmap(p);
    m_pixmap->setScaled(true, Qt::KeepAspectRatio, Qt::FastTransformation);
    m_pixmap->topLeft->setType(QCPItemPosition::ptPlotCoords);
    m_pixmap->bottomRight->setType(QCPItemPosition::ptPlotCoords);
    p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    applyStyle();
}

void ImageFigure::setImage(const QImage& image, const QString& csv) {
    m_image = image;
    m_csv = csv;
    if (image.isNull()) { // QCustomPlot complains about a null pixmap: show an empty one
        QPixmap empty(1, 1);
        empty.fill(Qt::transparent);
        m_pixmap->setPixmap(empty);
    } else {
        m_pixmap->setPixmap(QPixmap::fromImage(image));
    }
    placeImage();
}

void ImageFigure::setZoom(double zoom) {
    m_zoom = std::clamp(zoom, 1.0, 20.0);
    placeImage();
}

void ImageFigure::placeImage() {
    // The image fills the axis rect at zoom 1; zooming narrows the visible range about its
    // centre (the wheel and dragging move it further).
    m_pixmap->topLeft->setCoords(0, 1);
    m_pixmap->bottomRight->setCoords(1, 0);
    const double half = 0.5 / m_zoom;
    plot()->xAxis->setRange(0.5 - half, 0.5 + half);
    plot()->yAxis->setRange(0.5 - half, 0.5 + half);
    requestReplot();
}

void ImageFigure::resizeEvent(QResizeEvent* event) {
    PlotView::resizeEvent(event);
    placeImage();
}

void ImageFigure::applyStyle() {
    PlotView::applyStyle();
    plot()->xAxis->setVisible(false);
    plot()->yAxis->setVisible(false);
    plot()->xAxis->grid()->setVisible(false);
    plot()->yAxis->grid()->setVisible(false);
    requestReplot();
}

} // namespace flicker
