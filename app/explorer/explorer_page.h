// The explorer: pick a review and neurons and see their activations (heatmap, traces), F(n)
// with a draggable fit range and the spectrum, live; "play" reads the review word by word.
// Recording and analysing a review runs off the GUI thread (newest selection wins).
#pragma once

#include "figure_page.h"
#include "job_runner.h"
#include "study/review_analysis.h"
#include "workspace.h"

#include <map>
#include <memory>
#include <optional>
#include <stop_token>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace flicker {

class FluctuationPlot;
class HeatmapPlot;
class RangeMatchPanel;
class ReviewListPanel;
class ReviewTextView;
class SpectrumPlot;
class TracesPlot;
class UnitPanel;

/// What the worker returns for one selected review.
struct ReviewOutcome {
    std::size_t review = 0;
    std::shared_ptr<const Model> model;   ///< the model it was computed with
    std::shared_ptr<const Corpus> corpus; ///< the data set `review` indexes
    std::shared_ptr<ReviewAnalysis> analysis;
};

class ExplorerPage : public FigurePage {
    Q_OBJECT

public:
    /// What the user set on the page: the review, the neurons, the analysis and the fit range
    /// (sessions save and restore it).
    struct State {
        QString reviewId; ///< the review shown ("" = none)
        ActivationKind kind = ActivationKind::H;
        std::vector<int> units; ///< selected, ascending
        DfaMethod method = DfaSettings{}.method;
        int order = DfaSettings{}.order;
        int steps = int(ReviewAnalysisSettings{}.maxSteps); ///< words analysed (the paper's T)
        int minScale = DfaSettings{}.minScale;
        int maxScale = DfaSettings{}.maxScale; ///< 0 = a quarter of the analysed length
        int scaleCount = DfaSettings{}.scaleCount;
        double fitMin = 0, fitMax = 0; ///< the fit range (0 = the default)
    };

    explicit ExplorerPage(Workspace* workspace, QWidget* parent = nullptr);
    ~ExplorerPage() override;

    QString pageTitle() const override;
    QList<PlotView*> figures() const override;

    State state() const;
    /// Sets the kind, the analysis controls and the fit range without re-analysing, then opens
    /// the state's review when the data set has it and selects its units once it is shown.
    /// True when a review is being opened (reviewShown tells when it is on screen).
    bool setState(const State& state);

    /// Selects a review by corpus index (also from the across-review scatter).
    void showReview(std::size_t review);
    /// Shows the units of another activation kind (starting from the default fit range).
    void showKind(ActivationKind kind);
    /// Corpus index of the review shown, −1 when none.
    long currentReview() const { return m_shownReview; }
    /// The analysis on screen (null before the first).
    const ReviewAnalysis* analysis() const { return m_analysis.get(); }
    bool isComputing() const { return m_analysisJobs->busy(); }

    /// Each unit's mean beta over the study's reviews, by kind name; shown in the unit table.
    void setAcrossReviewBetas(const std::map<std::string, std::vector<double>>& betas);

    double fitMin() const { return m_fitMin; }
    double fitMax() const { return m_fitMax; }

    /// The settings the side panel describes.
    ReviewAnalysisSettings analysisSettings() const;

    void startPlaying();
    void stopPlaying();
    bool isPlaying() const;
    /// Steps "play" to word `step` (what the timer does on each tick).
    void playTo(int step);

    // Child widgets, for tests.
    ReviewListPanel* reviewList() const { return m_reviews; }
    ReviewTextView* reviewText() const { return m_text; }
    UnitPanel* unitPanel() const { return m_units; }
    /// The units that follow the words selected in the review text.
    RangeMatchPanel* rangeMatchPanel() const { return m_matches; }
    HeatmapPlot* heatmap() const { return m_heatmap; }
    TracesPlot* traces() const { return m_traces; }
    FluctuationPlot* fluctuationPlot() const { return m_fluctuation; }
    SpectrumPlot* spectrumPlot() const { return m_spectrum; }
    QSpinBox* orderSpin() const { return m_order; }
    QSpinBox* maxScaleSpin() const { return m_maxScale; }
    QSpinBox* scaleCountSpin() const { return m_scaleCount; }
    QPushButton* playButton() const { return m_play; }
    QSlider* speedSlider() const { return m_speed; } ///< words per second while playing

signals:
    /// A review's analysis is on screen (after a selection, a settings change or a refit).
    void reviewShown(std::size_t review);
    void analysisFailed(const QString& message);
    /// Play has drawn the review up to word `step` (0-based) with the selected units.
    void playStepShown(int step);

private:
    QWidget* buildSidePanel();
    QWidget* buildPlayBox();
    QWidget* buildAnalysisBox();
    void requestAnalysis();
    void startAnalysis(std::size_t review);
    void onAnalysisFinished(const JobResult<ReviewOutcome>& result);
    void showAnalysis();
    void showUnits();
    void onFitRangeChanged(double minScale, double maxScale);
    void updateProvenance();
    void onPlayTick();
    void matchRange();

    Workspace* m_workspace;
    ReviewListPanel* m_reviews = nullptr;
    ReviewTextView* m_text = nullptr;
    UnitPanel* m_units = nullptr;
    RangeMatchPanel* m_matches = nullptr;
    HeatmapPlot* m_heatmap = nullptr;
    TracesPlot* m_traces = nullptr;
    FluctuationPlot* m_fluctuation = nullptr;
    SpectrumPlot* m_spectrum = nullptr;
    QComboBox* m_method = nullptr;
    QSpinBox* m_order = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_minScale = nullptr;
    QSpinBox* m_maxScale = nullptr;
    QSpinBox* m_scaleCount = nullptr;
    QPushButton* m_play = nullptr;
    QSlider* m_speed = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_reviewTitle = nullptr;
    QTimer* m_playTimer = nullptr;
    int m_playStep = -1;

    JobRunner* m_analysisJobs = new JobRunner(JobRunner::Policy::LatestWins, this);

    long m_shownReview = -1;
    std::shared_ptr<const Model> m_shownModel;
    std::shared_ptr<ReviewAnalysis> m_analysis;
    std::vector<std::string> m_words;
    double m_fitMin = 0, m_fitMax = 0; ///< the user's fit range (0 = the default)
    std::map<std::string, std::vector<double>> m_across;
};

} // namespace flicker
