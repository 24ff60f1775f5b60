// "Across reviews": the study over the data set's long reviews — histograms of per-review beta
// per kind (inputs vs h as in the paper), beta(h) against beta(x) per review (click a point to
// open the review), internal vs external kinds beside the human fMRI values, and the controls.
// Beside β, the network's own dimensionality: the participation ratio of h at each step of a
// review across the reviews. The study runs in the job runner; the figures fill in as its batches
// stream in.
#pragma once

#include "figure_page.h"
#include "study/study.h"
#include "workspace.h"

#include <map>
#include <memory>

class QCheckBox;
class QLabel;
class QLayout;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace flicker {

class BoxPlot;
class CurvePlot;
class HistogramPlot;
class JobRunner;
class ScatterPlot;

class StudyPage : public FigurePage {
    Q_OBJECT

public:
    /// Long test reviews a study analyses unless told otherwise (0 = all).
    static constexpr int kDefaultReviews = 300;

    /// What the user set on the page: how many reviews, with or without the controls (sessions
    /// save and restore it; the results are saved on their own).
    struct State {
        int reviews = kDefaultReviews;
        bool controls = true;
    };

    StudyPage(Workspace* workspace, JobRunner* jobs, QWidget* parent = nullptr);

    QString pageTitle() const override;
    QList<PlotView*> figures() const override;

    State state() const;
    void setState(const State& state);

    /// Queues the study with the settings of the controls (replaces any result shown).
    void runStudy();
    void cancelStudy();
    bool isRunning() const { return m_running; }
    /// The study as far as it got (reviews stream in; the summary is recomputed per batch).
    const StudyResult& result() const { return m_result; }
    StudySettings settingsFromControls() const;
    /// Shows a finished study (read from a session or a file) as if it had just run.
    void showResult(const StudyResult& result, const QString& source);

    /// Kinds overlaid in the histogram (default x and h).
    void setHistogramKinds(const std::vector<ActivationKind>& kinds);

    // Child widgets, for tests.
    HistogramPlot* histogram() const { return m_histogram; }
    ScatterPlot* scatter() const { return m_scatter; }
    BoxPlot* groupsPlot() const { return m_groups; }
    /// The PR of h over the steps of a review (trained, and untrained with the controls).
    CurvePlot* prStepsPlot() const { return m_prSteps; }
    QSpinBox* reviewsSpin() const { return m_reviews; }
    /// Under the summary: where the measured values come from (data set, model, its accuracy and
    /// training, the reviews) and where the published ones do (paper, its setting).
    QLabel* sourcesLabel() const { return m_sources; }
    QCheckBox* controlsCheck() const { return m_withControls; }

signals:
    /// The user clicked a review's point in the scatter: its index in the corpus.
    void reviewRequested(std::size_t review);
    /// Each unit's mean beta over the reviews so far, by kind name.
    void unitBetasChanged(const std::map<std::string, std::vector<double>>& betas);
    /// The study ended (finished, cancelled or failed: error empty unless it failed).
    void studyFinished(const QString& error, bool cancelled);

private:
    void createFigures();
    QWidget* buildSidePanel();
    QWidget* buildFiguresPanel();
    QLayout* buildKindChecks();
    void buildSummaryTable();
    void connectControls();
    void addBatch(const std::vector<ReviewResult>& batch, std::size_t done, std::size_t total);
    void refresh();
    void updateProvenance();
    void updateSources();
    void onStudyEnded(const QString& error, bool cancelled);

    Workspace* m_workspace;
    JobRunner* m_jobs;
    HistogramPlot* m_histogram = nullptr;
    ScatterPlot* m_scatter = nullptr;
    BoxPlot* m_groups = nullptr;
    BoxPlot* m_controls = nullptr;
    CurvePlot* m_prSteps = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_run = nullptr;
    QSpinBox* m_reviews = nullptr;
    QCheckBox* m_withControls = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_sources = nullptr;
    QTimer* m_refresh = nullptr;
    std::vector<QCheckBox*> m_kindChecks;

    StudyResult m_result;
    std::vector<std::size_t> m_scatterReviews; ///< corpus index of each scatter point
    bool m_running = false;
    std::size_t m_generation = 0; ///< batches of an older run are dropped
};

} // namespace flicker
