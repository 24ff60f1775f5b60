// The review as the model reads it, word by word, each word tinted by one neuron's activation
// at that step (blue negative, red positive); hovering a word shows its step and values, and
// the current word of "play" is marked. Selecting words with the mouse (or keyboard) picks a
// range of them (LSTMVis's gesture: which units follow these words?); it stays marked.
#pragma once

#include <QTextBrowser>

#include <string>
#include <utility>
#include <vector>

namespace flicker {

class ReviewTextView : public QTextBrowser {
    Q_OBJECT

public:
    explicit ReviewTextView(QWidget* parent = nullptr);

    /// `values[t]` tints word t (may be shorter than words: later words are shown grey, not
    /// analysed); `valueName` names it in tooltips (e.g. "h unit 12"); `scale` is the value
    /// of full colour (0 → max |value|).
    void setReview(const std::vector<std::string>& words, const std::vector<double>& values,
                   const QString& valueName, double scale = 0);
    /// Marks word `step` (−1: none) and scrolls to it.
    void setCurrentStep(int step);
    int currentStep() const { return m_current; }

    /// Word index under a point of the viewport, −1 when none (for tooltips and tests).
    int wordAt(const QPoint& viewportPoint) const;
    /// The tooltip of word index t: "word t + 1: “…”" (the first word is word 1, as on the
    /// figures' word axes) and its value.
    QString toolTipOf(int t) const;
    /// Background colour used for a value (exposed for tests).
    QColor tintOf(double value) const;
    const std::vector<std::string>& words() const { return m_words; }

    /// The range of words picked by selecting text: [begin, end), word indices from 0; {0, 0}
    /// when none. Kept (and marked with lines above and below) until another is picked,
    /// clearRange() or a review with other words.
    std::pair<int, int> range() const { return m_range; }
    /// Picks words [begin, end) as if the user had selected them (emits rangeSelected).
    void selectRange(int begin, int end);
    void clearRange();
    /// Document position of word t's first character (−1 when there is no word t).
    int wordStart(int t) const {
        return t >= 0 && std::size_t(t) < m_wordStart.size() ? m_wordStart[std::size_t(t)] : -1;
    }
    /// The words a text selection between two document positions touches, [begin, end);
    /// {0, 0} when it touches none.
    std::pair<int, int> wordsBetween(int fromPosition, int toPosition) const;

signals:
    /// The user picked words [begin, end) (end > begin) by selecting them.
    void rangeSelected(int begin, int end);

protected:
    bool viewportEvent(QEvent* event) override;
    /// Rebuilds the text in the colours of a new theme.
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void onSelectionChanged();

    std::vector<std::string> m_words;
    std::vector<double> m_values;
    std::vector<int> m_wordStart; ///< character position of each word in the document
    QString m_valueName;
    double m_scale = 1;
    int m_current = -1;
    std::pair<int, int> m_range{0, 0};
    bool m_rebuilding = false; ///< the selection changes of setHtml are not the user's
};

} // namespace flicker
