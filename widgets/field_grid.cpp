#include "field_grid.h"

#include <QColor>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace flicker {
namespace {

// Diverging scale: −1 blue, 0 white, +1 red.
QRgb diverging(double v) {
    v = std::clamp(v, -1.0, 1.0);
    const int fade = int(std::lround(255 * (1 - std::abs(v))));
    return v >= 0 ? qRgb(255, fade, fade) : qRgb(fade, fade, 255);
}

} // namespace

QImage fieldGridImage(const SparseWeights& w, const std::vector<std::size_t>& unitsIn,
                      const FieldGridOptions& o) {
    std::vector<std::size_t> units = unitsIn;
    if (units.empty()) {
        units.resize(w.units);
        std::iota(units.begin(), units.end(), std::size_t{0});
    }
    units.erase(
        std::remove_if(units.begin(), units.end(), [&](std::size_t u) { return u >= w.units; }),
        units.end());
    if (units.empty() || w.imageRows == 0 || w.imageCols == 0 ||
        w.w1.size() != w.units * w.inputs || w.inputs != w.imageRows * w.imageCols)
        return {};
    const int n = int(units.size());
    const int columns = o.columns > 0 ? o.columns : int(std::ceil(std::sqrt(double(n))));
    const int rowsOfTiles = (n + columns - 1) / columns;
    const int scale = std::max(1, o.scale), gap = std::max(0, o.gap);
    const int tileW = int(w.imageCols) * scale, tileH = int(w.imageRows) * scale;
    QImage image(columns * (tileW + gap) + gap, rowsOfTiles * (tileH + gap) + gap,
                 QImage::Format_RGB32);
    image.fill(o.dark ? QColor(30, 30, 30) : QColor(160, 160, 160));
    for (int t = 0; t < n; ++t) {
        const float* row = w.w1.data() + units[std::size_t(t)] * w.inputs;
        float peak = 0;
        for (std::size_t p = 0; p < w.inputs; ++p)
            peak = std::max(peak, std::abs(row[p]));
        const double inv = peak > 0 ? 1.0 / peak : 0.0;
        const int x0 = gap + (t % columns) * (tileW + gap);
        const int y0 = gap + (t / columns) * (tileH + gap);
        for (std::size_t r = 0; r < w.imageRows; ++r)
            for (std::size_t c = 0; c < w.imageCols; ++c) {
                const QRgb colour = diverging(row[r * w.imageCols + c] * inv);
                for (int dy = 0; dy < scale; ++dy) {
                    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y0 + int(r) * scale + dy));
                    for (int dx = 0; dx < scale; ++dx)
                        line[x0 + int(c) * scale + dx] = colour;
                }
            }
    }
    return image;
}

std::vector<std::size_t> unitsOrderedBy(const std::vector<double>& key, bool descending) {
    std::vector<std::size_t> order(key.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return descending ? key[a] > key[b] : key[a] < key[b];
    });
    return order;
}

QImage greyImage(const std::vector<float>& pixels, std::size_t rows, std::size_t cols, double low,
                 double high, int scale) {
    if (rows == 0 || cols == 0 || pixels.size() != rows * cols) return {};
    scale = std::max(1, scale);
    QImage image(int(cols) * scale, int(rows) * scale, QImage::Format_RGB32);
    const double span = high > low ? high - low : 1.0;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) {
            const double v = std::isfinite(pixels[r * cols + c]) ? pixels[r * cols + c] : low;
            const int g = int(std::lround(255 * std::clamp((v - low) / span, 0.0, 1.0)));
            for (int dy = 0; dy < scale; ++dy) {
                auto* line = reinterpret_cast<QRgb*>(image.scanLine(int(r) * scale + dy));
                for (int dx = 0; dx < scale; ++dx)
                    line[int(c) * scale + dx] = qRgb(g, g, g);
            }
        }
    return image;
}

} // namespace flicker
