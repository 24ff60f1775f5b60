// Classroom mode and "About the science": a guided sequence of steps, each a page of the
// app set up to show one idea with its own live plots — white, pink and brown noise; an LSTM
// reading a review; inputs white and the hidden state pink; oversized networks losing 1/f;
// noise making a ReLU layer's code sparse.
#pragma once

#include <QDialog>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QPushButton;

namespace flicker {

class DimensionalityPage;
class ExplorerPage;
class FigurePage;
class NoisePage;
class StudyPage;
class SweepPage;
class SparsityPage;

struct LessonStep {
    QString title;              ///< "An LSTM reads a review"
    QString text;               ///< two or three sentences for the class (rich text)
    std::function<void()> show; ///< sets up the app for the step
};

/// The pages the lesson sets up, and how the window brings one to the front.
struct LessonPages {
    NoisePage* noise = nullptr;
    ExplorerPage* explorer = nullptr;
    StudyPage* study = nullptr;
    SweepPage* sweep = nullptr;
    std::function<void(FigurePage*)> show;
    DimensionalityPage* dimensionality = nullptr; ///< adds the fifth step when set
    SparsityPage* sparsity = nullptr;             ///< adds the last step when set
};

/// The steps, in order: noise colours, an LSTM reading, inputs against the hidden state,
/// oversized networks, (with the dimensionality page) a chaotic RNN compressing what the task
/// does not need, and (with the sparsity page) noise making a ReLU layer sparse; each brings
/// its page to the front and sets it up.
std::vector<LessonStep> lessonSteps(const LessonPages& pages);

/// The bar shown above the pages in classroom mode: step n of N, its text, Back / Next / End.
class ClassroomBar : public QWidget {
    Q_OBJECT

public:
    explicit ClassroomBar(std::vector<LessonStep> steps, QWidget* parent = nullptr);

    int step() const { return m_step; }
    int stepCount() const { return int(m_steps.size()); }
    /// Shows step `index` (clamped) and runs its set-up.
    void goTo(int index);
    QString currentTitle() const;

signals:
    void endRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void restyle();

    std::vector<LessonStep> m_steps;
    int m_step = -1;
    QLabel* m_title;
    QLabel* m_text;
    QPushButton* m_back;
    QPushButton* m_next;
    QPushButton* m_end;
};

/// Help › About the science: the paper's findings in words, each in its own box with the
/// "Show me" button that opens the app's own live figure for it; what the project measured on
/// real IMDb and why it differs from the paper; the references.
class ScienceDialog : public QDialog {
    Q_OBJECT

public:
    ScienceDialog(const std::vector<LessonStep>& steps, QWidget* parent = nullptr);

    /// The measured IMDb values (README, "The full run") beside the published ones, and why
    /// they differ (rich text).
    static QString measuredOnImdbHtml();
    /// Authors, title, journal, year and DOI of the papers Flicker uses (rich text).
    static QString referencesHtml();
};

} // namespace flicker
