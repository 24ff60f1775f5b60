// A review tinted by a neuron's activation (see review_text.h).
#include "review_text.h"

#include <QHelpEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace flicker {

ReviewTextView::ReviewTextView(QWidget* parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    setReadOnly(true);
    setMouseTracking(true);
    setPlaceholderText(tr("Select a review in the list to read it here."));
    connect(this, &QTextEdit::selectionChanged, this, &ReviewTextView::onSelectionChanged);
}

std::pair<int, int> ReviewTextView::wordsBetween(int fromPosition, int toPosition) const {
    if (fromPosition > toPosition) std::swap(fromPosition, toPosition);
    int begin = -1, end = -1;
    for (std::size_t t = 0; t < m_wordStart.size(); ++t) {
        const int start = m_wordStart[t];
        const int stop = start + int(QString::fromStdString(m_words[t]).size());
        if (stop > fromPosition && start < toPosition) { // the selection overlaps word t
            if (begin < 0) begin = int(t);
            end = int(t) + 1;
        }
    }
    return begin < 0 ? std::pair{0, 0} : std::pair{begin, end};
}

void ReviewTextView::onSelectionChanged() {
    if (m_rebuilding) return;
    const QTextCursor cursor = textCursor();
    if (!cursor.hasSelection()) return; // a click: the range stays
    const auto range = wordsBetween(cursor.selectionStart(), cursor.selectionEnd());
    if (range.second <= range.first || range == m_range) return;
    m_range = range;
    emit rangeSelected(range.first, range.second);
}

void ReviewTextView::selectRange(int begin, int end) {
    begin = std::clamp(begin, 0, int(m_words.size()));
    end = std::clamp(end, begin, int(m_words.size()));
    if (end <= begin) {
        clearRange();
        return;
    }
    m_range = {begin, end};
    rebuild();
    emit rangeSelected(begin, end);
}

void ReviewTextView::clearRange() {
    if (m_range == std::pair{0, 0}) return;
    m_range = {0, 0};
    rebuild();
}

QColor ReviewTextView::tintOf(double value) const {
    if (std::isnan(value)) return QColor(Qt::transparent);
    const double v = std::clamp(value / (m_scale > 0 ? m_scale : 1.0), -1.0, 1.0);
    // Red for positive, blue for negative; the strength is the transparency.
    QColor c = v >= 0 ? QColor(0xd6, 0x27, 0x28) : QColor(0x1f, 0x77, 0xb4);
    c.setAlphaF(float(0.7 * std::abs(v)));
    return c;
}

void ReviewTextView::setReview(const std::vector<std::string>& words,
                               const std::vector<double>& values, const QString& valueName,
                               double scale) {
    if (words != m_words) m_range = {0, 0}; // another review
    m_words = words;
    m_values = values;
    m_valueName = valueName;
    m_scale = scale;
    if (m_scale <= 0) {
        m_scale = 0;
        for (double v : values)
            if (!std::isnan(v)) m_scale = std::max(m_scale, std::abs(v));
        if (m_scale == 0) m_scale = 1;
    }
    if (m_current >= int(m_words.size())) m_current = -1;
    rebuild();
}

void ReviewTextView::setCurrentStep(int step) {
    if (step == m_current) return;
    m_current = step;
    rebuild();
}

void ReviewTextView::rebuild() {
    m_rebuilding = true;
    const int scroll = verticalScrollBar()->value();
    QString html = QStringLiteral("<div style='line-height:150%'>");
    // Words not read yet in the placeholder colour, the current one framed in ink: both from
    // the theme's palette (AA contrast on its base, light or dark).
    const QString notReadYet = palette().color(QPalette::PlaceholderText).name();
    const QString ink = palette().color(QPalette::Text).name();
    m_wordStart.assign(m_words.size(), 0);
    int position = 0;
    for (std::size_t t = 0; t < m_words.size(); ++t) {
        const QString word = QString::fromStdString(m_words[t]).toHtmlEscaped();
        m_wordStart[t] = position;
        QString style;
        if (t < m_values.size()) {
            const QColor c = tintOf(m_values[t]);
            style = QStringLiteral("background-color:rgba(%1,%2,%3,%4);")
                        .arg(c.red())
                        .arg(c.green())
                        .arg(c.blue())
                        .arg(c.alpha());
        } else {
            style = QStringLiteral("color:%1;").arg(notReadYet);
        }
        if (int(t) >= m_range.first && int(t) < m_range.second)
            style += QStringLiteral("text-decoration:underline overline;font-style:italic;");
        if (int(t) == m_current)
            style += QStringLiteral("font-weight:bold;text-decoration:underline;"
                                    "border:1px solid %1;")
                         .arg(ink);
        html += QStringLiteral("<span style='%1'>%2</span> ").arg(style, word);
        position += int(m_words[t].empty() ? 0 : QString::fromStdString(m_words[t]).size()) + 1;
    }
    html += QStringLiteral("</div>");
    setHtml(html);
    if (m_current >= 0 && m_current < int(m_words.size())) {
        QTextCursor cursor(document());
        cursor.setPosition(m_wordStart[std::size_t(m_current)]);
        setTextCursor(cursor);
        ensureCursorVisible();
    } else {
        verticalScrollBar()->setValue(scroll);
    }
    m_rebuilding = false;
}

void ReviewTextView::changeEvent(QEvent* event) {
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_words.empty()) rebuild();
}

int ReviewTextView::wordAt(const QPoint& viewportPoint) const {
    if (m_words.empty()) return -1;
    const int position = cursorForPosition(viewportPoint).position();
    const auto it = std::upper_bound(m_wordStart.begin(), m_wordStart.end(), position);
    if (it == m_wordStart.begin()) return -1;
    const int t = int(it - m_wordStart.begin()) - 1;
    const int length = QString::fromStdString(m_words[std::size_t(t)]).size();
    return position <= m_wordStart[std::size_t(t)] + length ? t : -1;
}

QString ReviewTextView::toolTipOf(int t) const {
    if (t < 0 || std::size_t(t) >= m_words.size()) return {};
    QString text =
        tr("word %1: “%2”").arg(t + 1).arg(QString::fromStdString(m_words[std::size_t(t)]));
    if (std::size_t(t) < m_values.size())
        text += tr("\n%1 = %2").arg(m_valueName).arg(m_values[std::size_t(t)], 0, 'f', 3);
    else
        text += tr("\n(not analysed: beyond the analysed words)");
    return text;
}

bool ReviewTextView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int t = wordAt(help->pos());
        if (t < 0) {
            QToolTip::hideText();
            return true;
        }
        QToolTip::showText(help->globalPos(), toolTipOf(t), this);
        return true;
    }
    return QTextBrowser::viewportEvent(event);
}

} // namespace flicker
