// Training a model in the app: every model and training setting with its default and a one-line
// explanation; live curves of the loss per batch, the test accuracy per epoch and beta per kind
// on the probe set (the training trajectory: the network organising itself towards 1/f); a
// progress bar with the time remaining; Cancel keeps the last good model.
#pragma once

#include "model/model.h"
#include "study/trajectory.h"
#include "text/review.h"

#include <QDialog>
#include <QElapsedTimer>

#include <memory>

class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace flicker {

class JobRunner;
class PlotView;
class TracesPlot;

struct TrainRequest {
    ModelSettings model;
    TrainingSettings training;
    TrajectorySettings trajectory;
    std::size_t vocabularyWords = 10000;
};

class TrainDialog : public QDialog {
    Q_OBJECT

public:
    TrainDialog(std::shared_ptr<const Corpus> corpus, JobRunner* jobs, QWidget* parent = nullptr);

    TrainRequest requestFromControls() const;
    /// Starts training with the controls' settings (as the Train button does).
    void startTraining();
    void cancelTraining();
    bool isTraining() const { return m_training; }

    /// The newest model: after training, or the last good one after a cancel / a NaN stop.
    std::shared_ptr<const Model> trainedModel() const { return m_model; }
    const std::vector<TrajectoryPoint>& points() const { return m_points; }
    const std::vector<double>& batchLosses() const { return m_losses; }
    /// The dialog's figures (the loss and the trajectory), for the app's export flow.
    QList<PlotView*> figures() const;

    QSpinBox* epochsSpin() const { return m_epochs; }
    QSpinBox* hiddenSpin() const { return m_hidden; }
    QSpinBox* embeddingSpin() const { return m_embedding; }
    QSpinBox* probeReviewsSpin() const { return m_probeReviews; }
    QSpinBox* maxLengthSpin() const { return m_maxLength; }
    QSpinBox* vocabularySpin() const { return m_vocabulary; }
    QDoubleSpinBox* inputNoiseSpin() const { return m_inputNoise; }
    QDoubleSpinBox* hiddenNoiseSpin() const { return m_hiddenNoise; }
    QPushButton* trainButton() const { return m_train; }
    TracesPlot* lossPlot() const { return m_lossPlot; }
    TracesPlot* epochPlot() const { return m_epochPlot; }
    QProgressBar* progressBar() const { return m_progress; }
    QString stateText() const;

signals:
    /// A model came out of training (completed, or the last good weights of a stopped run).
    void modelTrained(std::shared_ptr<const Model> model);
    void trainingFinished(const QString& error, bool cancelled);

protected:
    void reject() override; ///< closing while training asks to cancel first

private:
    void onBatch(const BatchRecord& p);
    void onPoint(const TrajectoryPoint& p);
    void onFinished(const QString& error, bool cancelled);
    void replotEpochs();

    std::shared_ptr<const Corpus> m_corpus;
    JobRunner* m_jobs;
    QSpinBox* m_embedding;
    QSpinBox* m_hidden;
    QSpinBox* m_vocabulary;
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_learningRate;
    QSpinBox* m_maxLength;
    QSpinBox* m_seed;
    QDoubleSpinBox* m_inputNoise;
    QDoubleSpinBox* m_hiddenNoise;
    QSpinBox* m_probeReviews;
    QSpinBox* m_probeEvery;
    QPushButton* m_train;
    QProgressBar* m_progress;
    QLabel* m_state;
    TracesPlot* m_lossPlot;
    TracesPlot* m_epochPlot;

    bool m_training = false;
    std::shared_ptr<const Model> m_model;
    std::vector<TrajectoryPoint> m_points;
    std::vector<double> m_losses;
    QElapsedTimer m_clock;
    int m_epochCount = 0;
    std::size_t m_generation = 0;
};

} // namespace flicker
