// The review as the model reads it, word by word, each word tinted by one neuron's activation
// at that step (blue negative, red positive); hovering a word shows its step and values, and
// the current word of "play" is marked.
#pragma once

#include <QTextBrowser>

#include <string>
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
    /// Background colour used for a value (exposed for tests).
    QColor tintOf(double value) const;
    const std::vector<std::string>& words() const { return m_words; }

protected:
    bool viewportEvent(QEvent* event) override;
    /// Rebuilds the text in the colours of a new theme.
    void changeEvent(QEvent* event) override;

private:
    void rebuild();

    std::vector<std::string> m_words;
    std::vector<double> m_values;
    std::vector<int> m_wordStart; ///< character position of each word in the document
    QString m_valueName;
    double m_scale = 1;
    int m_current = -1;
};

} // namespace flicker
