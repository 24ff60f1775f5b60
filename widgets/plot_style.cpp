// The shared look of Flicker's figures (see plot_style.h).
#include "plot_style.h"

#include <QGuiApplication>
#include <QPalette>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace flicker::style {

namespace {

// Lays `grid` out again at once (between the layout and the drawing of a replot or an export).
void layOutAgain(QCPLayoutGrid* grid) {
    for (auto phase :
         {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
        grid->update(phase);
}

double linearChannel(double c) {
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

/// `colour` drawn over the opaque `background`.
QColor over(const QColor& colour, const QColor& background) {
    const double a = colour.alphaF();
    if (a >= 1.0) return colour;
    return QColor::fromRgbF(float(a * colour.redF() + (1 - a) * background.redF()),
                            float(a * colour.greenF() + (1 - a) * background.greenF()),
                            float(a * colour.blueF() + (1 - a) * background.blueF()));
}

} // namespace

double relativeLuminance(const QColor& colour) {
    const QColor c = over(colour, Qt::white);
    return 0.2126 * linearChannel(c.redF()) + 0.7152 * linearChannel(c.greenF()) +
           0.0722 * linearChannel(c.blueF());
}

double contrastRatio(const QColor& foreground, const QColor& background) {
    const QColor back = over(background, Qt::white);
    const double a = relativeLuminance(over(foreground, back));
    const double b = relativeLuminance(back);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

QColor legible(const QColor& colour, const QColor& background, double ratio) {
    if (contrastRatio(colour, background) >= ratio) return colour;
    const bool darkBackground = relativeLuminance(background) < 0.18;
    const QColor target = darkBackground ? QColor(Qt::white) : QColor(Qt::black);
    // Mix towards white (or black) in small steps until the contrast is reached.
    for (int step = 1; step <= 50; ++step) {
        const double t = step / 50.0;
        const QColor mixed =
            QColor::fromRgbF(float((1 - t) * colour.redF() + t * target.redF()),
                             float((1 - t) * colour.greenF() + t * target.greenF()),
                             float((1 - t) * colour.blueF() + t * target.blueF()), colour.alphaF());
        if (contrastRatio(mixed, background) >= ratio) return mixed;
    }
    return target;
}

QColor errorColor(const QColor& background) {
    return legible(kError, background, kTextContrast);
}

QString errorHtml(const QString& html) {
    const QColor window = QGuiApplication::palette().color(QPalette::Window);
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(errorColor(window).name(), html);
}
namespace {

/// Logarithmic ticks that stay readable on short ranges: below 3 decades the labels sit at
/// 1, 2 and 5 × 10^k (with minor ticks at the other integers), above only at powers of ten.
class ReadableLogTicker : public QCPAxisTickerLog {
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
        // Fine labels only when the axis has room for them (fitTickCounts lowers the count on
        // a short axis; then powers of ten only).
        m_fine = range.lower > 0 && range.upper > range.lower &&
                 std::log10(range.upper / range.lower) < 3.0 && tickCount() >= 5;
        m_short = false;
        if (!m_fine) {
            // Below 1.6 decades QCPAxisTickerLog would fall back to linear ticks (…, 50, 75,
            // 100), crowded at the top of a log axis: powers of ten, and 3 × 10^k when fewer
            // than two powers fall inside.
            if (range.lower > 0 && range.upper > range.lower &&
                std::log10(range.upper / range.lower) < 1.6) {
                QVector<double> ticks;
                const int first = int(std::floor(std::log10(range.lower)));
                const int last = int(std::ceil(std::log10(range.upper)));
                int inside = 0;
                for (int k = first; k <= last; ++k)
                    inside += range.contains(std::pow(10.0, k));
                for (int k = first - 1; k <= last; ++k) {
                    ticks.push_back(std::pow(10.0, k));
                    if (inside < 2) ticks.push_back(3.0 * std::pow(10.0, k));
                }
                m_short = true;
                m_threes = inside < 2;
                return ticks;
            }
            return QCPAxisTickerLog::createTickVector(tickStep, range);
        }
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
        if (m_short && ticks.size() >= 2) { // the other integers × 10^k
            QVector<double> subTicks;
            const int first = int(std::floor(std::log10(ticks.front())));
            const int last = int(std::ceil(std::log10(ticks.back())));
            for (int k = first; k <= last; ++k) {
                for (int mantissa = 2; mantissa <= 9; ++mantissa) {
                    if (m_threes && mantissa == 3) continue;
                    const double value = mantissa * std::pow(10.0, k);
                    if (value > ticks.front() && value < ticks.back()) subTicks.push_back(value);
                }
            }
            return subTicks;
        }
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
    bool m_short = false;  ///< coarse on less than 1.6 decades: 10^k (and 3 × 10^k)
    bool m_threes = false; ///< 3 × 10^k are ticks
};

} // namespace

namespace {

Palette makePalette(bool dark) {
    Palette p;
    if (dark) {
        p.background = QColor(0x1e, 0x22, 0x28);
        p.ink = QColor(0xe3, 0xe6, 0xea);
        p.grid = QColor(0x3a, 0x40, 0x48);
        p.subGrid = QColor(0x2a, 0x2f, 0x36);
        p.legendFill = QColor(0x1e, 0x22, 0x28, 230);
    } else {
        p.background = Qt::white;
        p.ink = kInk;
        p.grid = kGrid;
        p.subGrid = kSubGrid;
        p.legendFill = QColor(255, 255, 255, 230);
    }
    p.whiteNoise = legible(kWhiteNoise, p.background);
    p.pinkNoise = legible(kPinkNoise, p.background);
    p.brownNoise = legible(kBrownNoise, p.background);
    return p;
}

} // namespace

const Palette& palette(bool dark) {
    static const Palette light = makePalette(false);
    static const Palette night = makePalette(true);
    return dark ? night : light;
}

double basePointSize(bool presentation) {
    return presentation ? 13.0 : 9.5;
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
    layOutAgain(grid);
}

} // namespace

namespace {

/// Whether `plot` was laid out for real: shown on screen, or exporting (its viewport set to
/// the page). A hidden widget's layout (before its first show) says nothing about the room.
bool laidOutForReal(const QCustomPlot* plot) {
    return plot->isVisible() || plot->viewport() != plot->rect();
}

} // namespace

QString fitInTwoLines(const QString& text, const QFontMetrics& metrics, int width) {
    if (metrics.horizontalAdvance(text) <= width) return text;
    int best = -1;
    for (int at = text.indexOf(QLatin1Char(' ')); at >= 0;
         at = text.indexOf(QLatin1Char(' '), at + 1)) {
        if (best < 0 || std::abs(at - text.size() / 2) < std::abs(best - text.size() / 2))
            best = at;
    }
    if (best < 0) return metrics.elidedText(text, Qt::ElideRight, width);
    return metrics.elidedText(text.left(best), Qt::ElideRight, width) + QLatin1Char('\n') +
           metrics.elidedText(text.mid(best + 1), Qt::ElideRight, width);
}

namespace {

/// `text` wrapped at spaces into as few lines as keep within `width` (greedy); words are never
/// cut or elided, so that the label still says everything (a single word may stay longer).
QString wrapWords(const QString& text, const QFontMetrics& metrics, int width) {
    if (metrics.horizontalAdvance(text) <= width) return text;
    QStringList lines;
    QString line;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (line.isEmpty() || metrics.horizontalAdvance(longer) <= width) {
            line = longer;
        } else {
            lines.append(line);
            line = word;
        }
    }
    if (!line.isEmpty()) lines.append(line);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

bool fitAxisLabels(QCustomPlot* plot) {
    static const char* const kFullProperty = "flickerFullLabel";
    static const char* const kFittedProperty = "flickerFittedLabel";
    if (!laidOutForReal(plot)) return false;
    bool changed = false;
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            const QString shown = axis->label();
            if (!axis->visible() || shown.isEmpty()) continue;
            // The figure's own label, unless what is shown is our fitted version of it.
            QString full = shown;
            if (shown == axis->property(kFittedProperty).toString())
                full = axis->property(kFullProperty).toString();
            // The label is centred on the axis; a little longer than the axis is fine, more
            // would reach the title (a subtitle spans the figure) or the next figure.
            const int length =
                (axis->orientation() == Qt::Horizontal ? rect->width() : rect->height()) + 16;
            if (length <= 0) continue;
            const QString fitted = wrapWords(full, QFontMetrics(axis->labelFont()), length);
            axis->setProperty(kFullProperty, full);
            axis->setProperty(kFittedProperty, fitted);
            if (fitted != shown) {
                axis->setLabel(fitted);
                changed = true;
            }
        }
    }
    if (changed) layOutAgain(plot->plotLayout());
    return changed;
}

bool fitTickCounts(QCustomPlot* plot) {
    static const char* const kWantedProperty = "flickerWantedTickCount";
    if (!laidOutForReal(plot)) return false;
    bool changed = false;
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            if (!axis->visible() || !axis->tickLabels() || !axis->ticks()) continue;
            const QSharedPointer<QCPAxisTicker> ticker = axis->ticker();
            if (!ticker || !ticker.dynamicCast<QCPAxisTickerText>().isNull()) continue;
            const QVector<QString> labels = axis->tickVectorLabels();
            if (labels.size() < 2) continue;
            // What the figure asked for, remembered on the axis the first time.
            QVariant wanted = axis->property(kWantedProperty);
            if (!wanted.isValid()) {
                wanted = ticker->tickCount();
                axis->setProperty(kWantedProperty, wanted);
            }
            const QFontMetrics metrics(axis->tickLabelFont());
            const bool horizontal = axis->orientation() == Qt::Horizontal;
            int extent = 0; // the widest (or tallest) label
            for (const QString& label : labels)
                extent = std::max(extent,
                                  horizontal ? metrics.horizontalAdvance(label) : metrics.height());
            const int gap =
                horizontal ? metrics.horizontalAdvance(QStringLiteral("00")) : metrics.height() / 2;
            const int length = horizontal ? rect->width() : rect->height();
            if (length <= 0 || extent <= 0) continue;
            const double room = double(length) / (extent + gap); // labels that fit side by side
            int count = wanted.toInt();
            if (axis->scaleType() == QCPAxis::stLogarithmic) {
                // The fine labels (1, 2, 5 per decade) when they fit, else powers of ten only
                // (ReadableLogTicker's coarse mode, below 5).
                const QCPRange range = axis->range();
                const double decades = range.lower > 0 && range.upper > range.lower
                                           ? std::log10(range.upper / range.lower)
                                           : 0.0;
                const bool readable = !ticker.dynamicCast<ReadableLogTicker>().isNull();
                const bool fine = readable && decades < 3.0 && 3.0 * decades + 1.0 <= room;
                if (readable && !fine) count = std::min(count, 4);
                // Below 1.6 decades a plain QCPAxisTickerLog places linear ticks (…, 50, 75,
                // 100), which crowd towards the top of a log axis: fewer of them.
                if (!readable && decades < 1.6) count = std::clamp(int(0.4 * room), 1, count);
            } else {
                // A ticker gives between about 3/4 and 4/3 of the count asked for, plus one:
                // ask for 60 % of the room. Independent of the count now, so it settles.
                count = std::clamp(int(0.6 * room), 1, count);
            }
            if (count != ticker->tickCount()) {
                ticker->setTickCount(count);
                changed = true;
            }
        }
    }
    if (changed) layOutAgain(plot->plotLayout());
    return changed;
}

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
