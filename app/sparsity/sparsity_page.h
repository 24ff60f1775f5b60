// "Sparsity": the sparsity lab (Bricken et al. 2023) — train a one-hidden-layer ReLU network on
// noisy Fashion-MNIST images (or any IDX folder) for each σ × width × seed and watch the hidden
// code go quiet: the fraction of units active against the epoch and against σ (with the
// published MNIST and latent-CIFAR curves as dashed references), the receptive fields, clean /
// noisy / reconstructed images, and the histograms of biases, weight-row norms and active units
// per input. Points are kept in a folder; starting again with the same folder resumes.
#pragma once

#include "figure_page.h"
#include "sparsity/sparsity_sweep.h"

#include <QElapsedTimer>
#include <QJsonObject>

#include <map>
#include <stop_token>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace flicker {

class BarHistogram;
class CurvePlot;
class ImageFigure;
class JobRunner;

class SparsityPage : public FigurePage {
    Q_OBJECT

public:
    /// What the user set on the page (sessions save and restore it). The defaults give a
    /// visible result in a few minutes on a 2-core laptop: a subset of the images, widths 100.
    struct State {
        QString data = QStringLiteral("fashion-mnist"); ///< "fashion-mnist" or an IDX folder
        QString task = QStringLiteral("reconstruct");   ///< or "classify"
        QString sigmas = QStringLiteral("0, 0.1, 0.3, 0.8, 1.5");
        QString widths = QStringLiteral("100");
        QString seeds = QStringLiteral("1");
        int epochs = 10;
        int trainImages = 10000; ///< the first N training images (0 = all 60,000)
        int testImages = 2000;   ///< the first N test images (0 = all)
        bool sharedBias = false;
        QString noise = QStringLiteral("gaussian"); ///< or "laplace"
        int annealHold = 0, annealRamp = 0;         ///< 0, 0 = no annealing
        double learningRate = SparsitySettings{}.learningRate;
        QString folder;     ///< "" = the app's data folder, sparsity/
        int fieldOrder = 0; ///< 0 = most active first, 1 = unit order
        int fieldZoom = 1;  ///< magnification of the receptive-field grid
    };
    static QJsonObject stateToJson(const State& state);
    static State stateFromJson(const QJsonObject& json); ///< missing keys keep the defaults

    SparsityPage(JobRunner* jobs, QWidget* parent = nullptr);
    ~SparsityPage() override;

    QString pageTitle() const override;
    QList<PlotView*> figures() const override;

    State state() const;
    /// Sets every control and shows the points already in the folder (no training).
    void setState(const State& state);

    /// The sweep the controls describe; throws Error(InvalidArgument) naming a bad entry.
    SparsitySweepSettings settingsFromControls() const;
    void startRun();
    void cancelRun();
    bool isRunning() const { return m_running; }
    /// Reads the finished points of the folder off the GUI thread (a job of the runner) and
    /// shows them when they are in (folderResultsShown); a newer call or a run supersedes it.
    void showFolderResults();
    /// The folder's results are being read (the figures are empty until they are in).
    bool isLoading() const { return m_loading; }

    /// Intent-level set-up for the classroom: the σ list and widths to compare.
    void setSigmas(const QString& sigmas);
    void setWidths(const QString& widths);

    const std::vector<SparsityPoint>& finishedPoints() const { return m_done; }
    /// The point the lower figures show (index into finishedPoints(); −1 = none / live).
    int shownPoint() const;
    void showPoint(int index);

    // Child widgets, for tests.
    QLineEdit* dataEdit() const { return m_data; }
    QLineEdit* sigmasEdit() const { return m_sigmas; }
    QLineEdit* widthsEdit() const { return m_widths; }
    QSpinBox* epochsSpin() const { return m_epochs; }
    QSpinBox* trainImagesSpin() const { return m_trainImages; }
    QSpinBox* testImagesSpin() const { return m_testImages; }
    QLineEdit* folderEdit() const { return m_folder; }
    QPushButton* startButton() const { return m_start; }
    QLabel* stateLabel() const { return m_state; }
    QComboBox* pointCombo() const { return m_point; }
    CurvePlot* epochPlot() const { return m_epochPlot; }
    CurvePlot* sigmaPlot() const { return m_sigmaPlot; }
    ImageFigure* fieldsFigure() const { return m_fields; }
    ImageFigure* tripletsFigure() const { return m_triplets; }
    BarHistogram* biasHistogram() const { return m_biasHist; }
    BarHistogram* normHistogram() const { return m_normHist; }
    BarHistogram* activeHistogram() const { return m_activeHist; }

signals:
    void runFinished(const QString& error, bool cancelled);
    /// A network is finished (or found on disk) and shown: finishedPoints()[index].
    void pointFinished(int index);
    /// showFolderResults has shown the folder's `points` finished networks (−1: it failed or
    /// was cancelled; the state label says why).
    void folderResultsShown(int points);

private:
    QWidget* buildControls();
    QWidget* buildFigures();
    void onProgress(const Progress& p);
    void onEpoch(std::size_t point, const SparsityEpoch& epoch, const SparseWeights& weights);
    void onPoint(const SparsityPoint& point);
    void onEnded(const QString& error, bool cancelled);
    void onLoadProgress(const Progress& p);
    void onLoaded(std::vector<SparsityPoint> points, const std::vector<std::string>& problems);
    void onLoadFailed(const QString& error);
    void replotCurves();
    void showFields(const SparseWeights& weights, const std::vector<double>& activity);
    void showDetails();
    void updateProvenance();
    QString defaultFolder() const;
    QString introText() const;
    QString pointLabel(const SparsitySettings& s) const;

    JobRunner* m_jobs;
    QLineEdit* m_data;
    QComboBox* m_task;
    QLineEdit* m_sigmas;
    QLineEdit* m_widths;
    QLineEdit* m_seeds;
    QSpinBox* m_epochs;
    QSpinBox* m_trainImages;
    QSpinBox* m_testImages;
    QCheckBox* m_sharedBias;
    QComboBox* m_noise;
    QSpinBox* m_annealHold;
    QSpinBox* m_annealRamp;
    QDoubleSpinBox* m_learningRate;
    QLineEdit* m_folder;
    QPushButton* m_start;
    QProgressBar* m_progress;
    QLabel* m_state;
    QComboBox* m_point;
    QComboBox* m_fieldOrder;
    QSpinBox* m_fieldZoom;
    CurvePlot* m_epochPlot;
    CurvePlot* m_sigmaPlot;
    ImageFigure* m_fields;
    ImageFigure* m_triplets;
    BarHistogram* m_biasHist;
    BarHistogram* m_normHist;
    BarHistogram* m_activeHist;

    bool m_running = false;
    bool m_loading = false;
    std::stop_source m_loadStop; ///< stops the folder's load in flight (superseded or closed)
    /// The fields follow the network in training until the user picks a network to show.
    bool m_followLive = true;
    std::size_t m_generation = 0;
    std::vector<SparsitySettings> m_planned;                  ///< the running sweep's points
    std::map<std::size_t, std::vector<SparsityEpoch>> m_live; ///< epochs of running points
    std::vector<SparsityPoint> m_done;
    QElapsedTimer m_clock;
};

} // namespace flicker
