// "Dimensionality": the lab of Farrell et al. 2022 — vanilla RNNs at the edge of chaos (γ = 20)
// and strongly chaotic (γ = 250) learn a delayed classification; the participation ratio of
// their hidden states per step before and after training, accuracy over training, held-out
// generalisation, the Lyapunov spectrum and PCA snapshots fill in live while they train.
#pragma once

#include "dimensionality/dimensionality.h"
#include "figure_page.h"

#include <QElapsedTimer>

#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;

namespace flicker {

class CurvePlot;
class JobRunner;
class PcaScatterPlot;

class DimensionalityPage : public FigurePage {
    Q_OBJECT

public:
    /// What the user set on the page and what it shows (sessions save and restore it).
    struct State {
        QString gammas = QStringLiteral("20, 250"); ///< γ values, separated by commas
        int inputDim = 200;
        bool firstUnits = false; ///< the inputs drive the first d units (low-d variant)
        int units = 200;
        double noise = 0;   ///< hidden-unit noise SD during training
        double dropout = 0; ///< dropout probability during training
        bool mse = false;   ///< the MSE variant instead of cross-entropy
        int epochs = 0;     ///< 0 = the paper's (40, or 80 for d ≤ 2)
        QString seeds = QStringLiteral("1");
        int pcaStep = 10;        ///< the PCA snapshot's step
        bool pcaAfter = true;    ///< after training (else before)
        int pcaRun = 0;          ///< which run the PCA shows
        std::string resultsJson; ///< the runs shown (dimensionalityToJson with PCA); "" = none
    };

    explicit DimensionalityPage(JobRunner* jobs, QWidget* parent = nullptr);

    QString pageTitle() const override;
    QList<PlotView*> figures() const override;

    State state() const;
    void setState(const State& state);

    /// The runs the controls describe; throws Error(InvalidArgument) naming a bad entry.
    DimensionalityLabSettings settingsFromControls() const;
    void startRun();
    void cancelRun();
    bool isRunning() const { return m_running; }
    /// The runs shown: finished ones and the one training now.
    const std::vector<DimensionalityResult>& runs() const { return m_runs; }

    /// Writes dimensionality.json and the CSV tables (with provenance) into `dir`.
    bool exportResults(const QString& dir, QString* error = nullptr) const;

    // Child widgets, for tests and the classroom.
    QLineEdit* gammaEdit() const { return m_gammas; }
    QSpinBox* inputDimSpin() const { return m_inputDim; }
    QSpinBox* unitsSpin() const { return m_units; }
    QSpinBox* epochsSpin() const { return m_epochs; }
    QLineEdit* seedsEdit() const { return m_seeds; }
    QDoubleSpinBox* noiseSpin() const { return m_noise; }
    QPushButton* startButton() const { return m_start; }
    QSlider* stepSlider() const { return m_step; }
    CurvePlot* prPlot() const { return m_pr; }
    CurvePlot* accuracyPlot() const { return m_accuracy; }
    CurvePlot* generalisationPlot() const { return m_generalisation; }
    CurvePlot* lyapunovPlot() const { return m_lyapunov; }
    PcaScatterPlot* pcaPlot() const { return m_pca; }

signals:
    void runFinished(const QString& error, bool cancelled);

private:
    QWidget* buildControls();
    QWidget* buildFigures();
    void onProgress(const Progress& p);
    void onRun(std::size_t index, const DimensionalityResult& run);
    void onEnded(const QString& error, bool cancelled);
    void replot();
    void replotPca();
    void updateRunChoices();
    QString provenance() const;

    JobRunner* m_jobs;
    QComboBox* m_presets;
    QLineEdit* m_gammas;
    QSpinBox* m_inputDim;
    QComboBox* m_mapping;
    QSpinBox* m_units;
    QDoubleSpinBox* m_noise;
    QDoubleSpinBox* m_dropout;
    QComboBox* m_loss;
    QSpinBox* m_epochs;
    QLineEdit* m_seeds;
    QPushButton* m_start;
    QPushButton* m_export;
    QProgressBar* m_progress;
    QLabel* m_state;
    CurvePlot* m_pr;
    CurvePlot* m_accuracy;
    CurvePlot* m_generalisation;
    CurvePlot* m_lyapunov;
    PcaScatterPlot* m_pca;
    QComboBox* m_pcaRun;
    QComboBox* m_pcaWhen;
    QSlider* m_step;
    QLabel* m_stepLabel;

    bool m_running = false;
    std::size_t m_generation = 0;
    DimensionalityLabSettings m_settings; ///< of the runs shown
    std::vector<DimensionalityResult> m_runs;
    QElapsedTimer m_clock;
};

} // namespace flicker
