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
        QVector<double> ticks;
        const int first = int(std::floor(std::log10(range.lower))) - 1;
        const int last = int(std::ceil(std::log10(range.upper))) + 1;
        for (int k = first; k <= last; ++k) {
            for (double mantissa : {1.0, 2.0, 5.0})
                ticks.push_back(mantissa * std::pow(10.0, k));
        }
        return ticks; // QCPAxisTicker::generate trims them to the range
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

} // namespace flicker::style
