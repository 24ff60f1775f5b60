// Linear ticks with a typographic minus (see study_plot_support.h).
#include "study_plot_support.h"

#include "plot_style.h"

#include <qcustomplot.h>

namespace flicker {
namespace {

class SignedTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                         int precision) override {
        QString label = QCPAxisTicker::getTickLabel(tick, locale, formatChar, precision);
        if (label.startsWith(QLatin1Char('-'))) label[0] = QChar(0x2212);
        return label;
    }
};

} // namespace

QSharedPointer<QCPAxisTicker> makeSignedTicker() {
    return QSharedPointer<SignedTicker>::create();
}

ReferenceLines::ReferenceLines(QCustomPlot* plot, Qt::Orientation orientation)
    : m_plot(plot), m_orientation(orientation) {}

void ReferenceLines::set(const Lines& lines) {
    for (Item& item : m_items) {
        m_plot->removeItem(item.line);
        m_plot->removeItem(item.label);
    }
    m_items.clear();
    m_lines = lines;
    const bool vertical = m_orientation == Qt::Vertical;
    for (const auto& [value, text] : m_lines) {
        Item item;
        item.line = new QCPItemStraightLine(m_plot);
        item.line->setLayer(QStringLiteral("grid")); // under the data
        item.label = new QCPItemText(m_plot);
        item.label->setText(text);
        if (vertical) {
            item.line->point1->setCoords(value, 0);
            item.line->point2->setCoords(value, 1);
            item.label->position->setTypeX(QCPItemPosition::ptPlotCoords);
            item.label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            item.label->position->setCoords(value, 0);
            item.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        } else {
            item.line->point1->setCoords(0, value);
            item.line->point2->setCoords(1, value);
            item.label->setClipToAxisRect(false); // it sits in the right margin
            item.label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
            item.label->position->setTypeY(QCPItemPosition::ptPlotCoords);
            item.label->position->setCoords(1, value);
            item.label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        }
        m_items.push_back(item);
    }
}

void ReferenceLines::applyStyle(const QColor& ink, bool big) {
    QColor lineColour = ink;
    lineColour.setAlphaF(0.7f);
    const QMargins padding =
        m_orientation == Qt::Vertical ? QMargins(4, 2, 4, 2) : QMargins(6, 0, 2, 0);
    for (Item& item : m_items) {
        item.line->setPen(QPen(lineColour, big ? 2.0 : 1.2, Qt::DashLine));
        item.label->setColor(ink);
        item.label->setFont(style::figureFont(big, 0.9));
        item.label->setPadding(padding);
    }
}

void ReferenceLines::placeLabels() {
    if (m_orientation != Qt::Vertical) return;
    const QCPRange x = m_plot->xAxis->range();
    for (Item& item : m_items) {
        const bool nearRight = item.line->point1->coords().x() > x.lower + 0.85 * x.size();
        item.label->setPositionAlignment((nearRight ? Qt::AlignRight : Qt::AlignLeft) |
                                         Qt::AlignTop);
    }
}

} // namespace flicker
