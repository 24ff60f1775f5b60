// "Across reviews": the study over the data set's long reviews — histograms of per-review beta
// per kind (inputs vs h as in the paper), beta(h) against beta(x) per review (click a point to
// open the review), internal vs external kinds beside the human fMRI values, and the controls.
// Beside β, the network's own dimensionality: the participation ratio of h at each step of a
// review across the reviews. The study runs in the job runner; the figures fill in as its batches
// stream in.
#pragma once

#include "figure_page.h"
#include "study/study.h"
#include "study_compare.h"
#include "workspace.h"

#include <map>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLayout;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;
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
    /// Shows a finished study (read from a session or a file) as if it had just run; `made`
    /// (its file's provenance, when known) names its model in a comparison.
    void showResult(const StudyResult& result, const QString& source,
                    const Provenance* made = nullptr);

    /// "Compare with…": shows this study beside another on the Comparison tab. A study folder
    /// written by Flicker (or its study.json): false with a message for a person in `error`
    /// when it cannot be read (the comparison shown stays).
    bool compareWithFolder(const QString& path, QString* error = nullptr);
    /// This study beside its own untrained twin (the "untrained" control); false without it.
    bool compareWithUntrainedTwin();
    /// This study beside `other` (an earlier study of the session, a loaded folder).
    void compareWith(const ComparedStudy& other);
    void clearComparison();
    bool isComparing() const { return m_comparing; }
    /// Names this study in a comparison: model (H), data set, accuracy.
    QString resultLabel() const;

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
    StudyComparison* comparison() const { return m_comparison; }
    /// "Compare with": nothing, the untrained twin, earlier studies, a study folder…
    QComboBox* compareCombo() const { return m_compareWith; }
    QTabWidget* tabs() const { return m_tabs; }

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
    QWidget* buildCompareBox();
    void onCompareChosen(int index);
    void rememberStudy(const ComparedStudy& study);
    void updateCompareChoices();
    void refreshComparison();
    /// The identity of the model and data set open now (for a study run here).
    void identifyFromWorkspace();

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
    StudyComparison* m_comparison = nullptr;
    QComboBox* m_compareWith = nullptr;
    QLabel* m_compareState = nullptr;
    QTabWidget* m_tabs = nullptr;

    StudyResult m_result;
    /// Reviews arrived since m_result.summary was computed (its bootstrap costs O(reviews)).
    bool m_summaryStale = false;
    std::vector<std::size_t> m_scatterReviews; ///< corpus index of each scatter point
    bool m_running = false;
    std::size_t m_generation = 0; ///< batches of an older run are dropped

    /// What names the study shown: its model, cell count, accuracy and data set.
    struct Identity {
        QString model;
        int hidden = 0;
        double accuracy = kNoValue;
        QString dataset;
    } m_identity;
    bool m_comparing = false;
    bool m_compareTwin = false;           ///< the other side is this study's untrained twin
    ComparedStudy m_other;                ///< the other side (unless the twin)
    std::vector<ComparedStudy> m_earlier; ///< finished or loaded studies of this session
};

} // namespace flicker
