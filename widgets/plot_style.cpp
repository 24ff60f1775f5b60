// The shared look of Flicker's figures (see plot_style.h).
#include "plot_style.h"

#include <qcustomplot.h>

#include <cmath>

namespace flicker::style {

QString errorHtml(const QString& html) {
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(kError.name(), html);
}
namespace {

/// Logarithmic ticks that stay readable on short ranges: below 3 decades the labels sit at
/// 1, 2 and 5 × 10^k (with minor ticks at the other integers), above only at powers of ten.
class ReadableLogTicker : public QCPAxisTickerLog {
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
        m_fine = range.lower > 0 && range.upper > range.lower &&
                 std::log10(range.upper / range.lower) < 3.0;
        if (!m_fine) return QCPAxisTickerLog::createTickVector(tickStep, range);
        const int first = int(std::floor(std::log10(range.lower))) - 1;
        const int last = int(std::ceil(std::log10(range.upper))) + 1;
        const auto ticksAt = [&](std::initializer_list<double> mantissas, int* inRange) {
            QVector<double> ticks;
            *inRange = 0;
            for (int k = first; k <= last; ++k)
                for (double mantissa : mantissas) {
                    ticks.push_back(mantissa * std::pow(10.0, k));
                    if (range.contains(ticks.back())) ++*inRange;
                }
            return ticks; // QCPAxisTicker::generate trims them to the range
        };
        // A range narrower than 1 … 2 (a flat spectrum, e.g. white noise) gets every integer
        // mantissa, so that at least two labels are drawn.
        int inRange = 0;
        const QVector<double> coarse = ticksAt({1.0, 2.0, 5.0}, &inRange);
        if (inRange >= 2) return coarse;
        return ticksAt({1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0}, &inRange);
    }

    QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override {
        if (!m_fine || ticks.size() < 2)
            return QCPAxisTickerLog::createSubTickVector(subTickCount, ticks);
        QVector<double> subTicks;
        const int first = int(std::floor(std::log10(ticks.front())));
        const int last = int(std::ceil(std::log10(ticks.back())));
        for (int k = first; k <= last; ++k) {
            for (int mantissa : {3, 4, 6, 7, 8, 9}) {
                const double value = mantissa * std::pow(10.0, k);
                if (value > ticks.front() && value < ticks.back()) subTicks.push_back(value);
            }
        }
        return subTicks;
    }

private:
    bool m_fine = false;
};

} // namespace

const Palette& palette(bool dark) {
    static const Palette light{Qt::white, kInk, kGrid, kSubGrid, QColor(255, 255, 255, 230)};
    static const Palette night{QColor(0x1e, 0x22, 0x28), QColor(0xe3, 0xe6, 0xea),
                               QColor(0x3a, 0x40, 0x48), QColor(0x2a, 0x2f, 0x36),
                               QColor(0x1e, 0x22, 0x28, 230)};
    return dark ? night : light;
}

double basePointSize(bool presentation) {
    return presentation ? 15.0 : 9.5;
}

QFont figureFont(bool presentation, double scale, bool bold) {
    QFont font;
    font.setPointSizeF(basePointSize(presentation) * scale);
    font.setBold(bold);
    return font;
}

void applyTheme(QCustomPlot* plot, bool presentation, bool dark) {
    const Palette& colours = palette(dark);
    const QColor& ink = colours.ink;
    plot->setBackground(QBrush(colours.background));
    const double lineWidth = presentation ? 1.6 : 1.0;
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(QBrush(colours.background));
        for (QCPAxis* axis : rect->axes()) {
            const QPen axisPen(ink, lineWidth);
            axis->setBasePen(axisPen);
            axis->setTickPen(axisPen);
            axis->setSubTickPen(QPen(ink, lineWidth * 0.8));
            axis->setTickLabelColor(ink);
            axis->setLabelColor(ink);
            axis->setTickLabelFont(figureFont(presentation));
            axis->setLabelFont(figureFont(presentation, 1.1));
            axis->setTickLengthIn(presentation ? 7 : 5);
            axis->setSubTickLengthIn(presentation ? 4 : 3);
            axis->setLabelPadding(presentation ? 8 : 5);
            axis->grid()->setPen(QPen(colours.grid, 1, Qt::SolidLine));
            axis->grid()->setSubGridPen(QPen(colours.subGrid, 1, Qt::SolidLine));
            axis->grid()->setZeroLinePen(QPen(colours.grid, 1, Qt::SolidLine));
        }
    }
    plot->legend->setFont(figureFont(presentation, 0.95));
    plot->legend->setTextColor(ink);
    plot->legend->setBorderPen(QPen(colours.grid));
    plot->legend->setBrush(QBrush(colours.legendFill));
    plot->legend->setIconSize(presentation ? QSize(36, 18) : QSize(26, 12));
}

void makeLogAxis(QCPAxis* axis) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<ReadableLogTicker>::create();
    ticker->setLogBase(10);
    ticker->setSubTickCount(8);
    axis->setTicker(ticker);
    axis->setNumberFormat("gb"); // plain 10, 100 … and powers written as 10⁶ beyond that
    axis->setNumberPrecision(6);
    axis->grid()->setSubGridVisible(true);
}

QString formatNumber(double value, int decimals) {
    QString text = QString::number(value, 'f', decimals);
    // "-0.00" reads as a sign error; show zero without one.
    if (text.startsWith('-') && text.mid(1).toDouble() == 0.0) text.remove(0, 1);
    if (text.startsWith('-')) text.replace(0, 1, QChar(0x2212));
    return text;
}

namespace {

bool segmentMeetsRect(const QPointF& a, const QPointF& b, const QRectF& r) {
    if (r.contains(a) || r.contains(b)) return true;
    const QLineF segment(a, b);
    const QPointF corners[] = {r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft()};
    for (int k = 0; k < 4; ++k)
        if (segment.intersects(QLineF(corners[k], corners[(k + 1) % 4]), nullptr) ==
            QLineF::BoundedIntersection)
            return true;
    return false;
}

/// Where QCPLayoutInset puts an element of `size` aligned `alignment` inside `inner`.
QRectF alignedIn(const QRect& inner, QSize size, Qt::Alignment alignment) {
    QRectF r(QPointF(0, 0), QSizeF(size));
    if (alignment & Qt::AlignLeft)
        r.moveLeft(inner.left());
    else if (alignment & Qt::AlignRight)
        r.moveRight(inner.left() + inner.width());
    else
        r.moveLeft(inner.left() + 0.5 * (inner.width() - size.width()));
    if (alignment & Qt::AlignTop)
        r.moveTop(inner.top());
    else if (alignment & Qt::AlignBottom)
        r.moveBottom(inner.top() + inner.height());
    else
        r.moveTop(inner.top() + 0.5 * (inner.height() - size.height()));
    return r;
}

void moveLegendUnderAxes(QCustomPlot* plot) {
    QCPLegend* legend = plot->legend;
    plot->axisRect()->insetLayout()->take(legend);
    QCPLayoutGrid* grid = plot->plotLayout();
    int axisRow = grid->rowCount() - 1;
    for (int row = 0; row < grid->rowCount(); ++row)
        if (grid->hasElement(row, 0) && grid->element(row, 0) == plot->axisRect()) axisRow = row;
    grid->insertRow(axisRow + 1);
    grid->addElement(axisRow + 1, 0, legend);
    grid->setRowStretchFactor(axisRow + 1, 0.001);
    int widest = 1;
    for (int k = 0; k < legend->itemCount(); ++k)
        widest = std::max(widest, legend->item(k)->minimumOuterSizeHint().width());
    legend->setWrap(std::max(1, (plot->width() - 40) / (widest + legend->columnSpacing())));
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    // Lay out again now (we are between the layout and the drawing of a replot or an export).
    for (auto phase :
         {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
        grid->update(phase);
}

} // namespace

int dataUnder(const QCustomPlot* plot, const QRectF& area) {
    int covered = 0;
    for (int i = 0; i < plot->graphCount(); ++i) {
        const QCPGraph* graph = plot->graph(i);
        if (!graph->realVisibility() || graph->property(kGuideProperty).toBool()) continue;
        const QCPAxis* keyAxis = graph->keyAxis();
        const QCPAxis* valueAxis = graph->valueAxis();
        const bool lines = graph->lineStyle() != QCPGraph::lsNone;
        bool joined = false;
        QPointF previous;
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            const double k = keyAxis->coordToPixel(it->key);
            const double v = valueAxis->coordToPixel(it->value);
            if (!std::isfinite(k) || !std::isfinite(v) || !std::isfinite(it->value)) {
                joined = false;
                continue;
            }
            const QPointF point =
                keyAxis->orientation() == Qt::Horizontal ? QPointF(k, v) : QPointF(v, k);
            covered +=
                lines && joined ? segmentMeetsRect(previous, point, area) : area.contains(point);
            previous = point;
            joined = true;
        }
    }
    return covered;
}

int placeLegendOffData(QCustomPlot* plot) {
    QCPLegend* legend = plot->legend;
    if (!legend || !legend->realVisibility() || legend->itemCount() == 0) return 0;
    QCPLayoutInset* inset = plot->axisRect()->insetLayout();
    int index = -1;
    for (int k = 0; k < inset->elementCount(); ++k)
        if (inset->elementAt(k) == legend) index = k;
    if (index < 0) return dataUnder(plot, legend->outerRect()); // under the axes already
    const QRect inner = inset->rect(); // the axes less the inset layout's own margins
    const QSize size = legend->outerRect().size();
    if (size.width() > 0.75 * inner.width() || size.height() > 0.6 * inner.height()) {
        moveLegendUnderAxes(plot); // too big for the axes: it would hide them wherever it sat
        return 0;
    }
    const Qt::Alignment current = inset->insetAlignment(index);
    const Qt::Alignment places[] = {current,
                                    Qt::AlignTop | Qt::AlignRight,
                                    Qt::AlignTop | Qt::AlignLeft,
                                    Qt::AlignBottom | Qt::AlignRight,
                                    Qt::AlignBottom | Qt::AlignLeft,
                                    Qt::AlignTop | Qt::AlignHCenter,
                                    Qt::AlignBottom | Qt::AlignHCenter,
                                    Qt::AlignVCenter | Qt::AlignLeft,
                                    Qt::AlignVCenter | Qt::AlignRight};
    for (Qt::Alignment place : places) {
        if (dataUnder(plot, alignedIn(inner, size, place)) > 0) continue;
        if (place != current) {
            inset->setInsetAlignment(index, place);
            inset->update(QCPLayoutElement::upLayout);
        }
        return 0;
    }
    moveLegendUnderAxes(plot);
    return 0;
}

} // namespace flicker::style
