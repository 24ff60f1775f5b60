// The training dialog (see train_dialog.h).
#include "train_dialog.h"

#include "duration_text.h"
#include "explorer/kind_style.h"
#include "job_runner.h"
#include "plot_style.h"
#include "traces_plot.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace flicker {
namespace {

// A setting with its explanation in a smaller grey line under it.
QWidget* explained(QWidget* field, const QString& explanation) {
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 2);
    layout->setSpacing(1);
    layout->addWidget(field);
    auto* note = new QLabel(explanation);
    note->setWordWrap(true);
    QFont font = note->font();
    font.setPointSizeF(font.pointSizeF() * 0.88);
    note->setFont(font);
    // A muted grey, kept at AA contrast on the theme's window (lighter on the dark theme).
    QPalette muted = note->palette();
    muted.setColor(QPalette::WindowText,
                   style::legible(QColor(0x6b, 0x72, 0x80), muted.color(QPalette::Window)));
    note->setPalette(muted);
    layout->addWidget(note);
    field->setToolTip(explanation);
    return box;
}

QSpinBox* spin(int low, int high, int value) {
    auto* box = new QSpinBox;
    box->setRange(low, high);
    box->setValue(value);
    return box;
}

// The longest probe length (words) for which the corpus has at least one long test review.
std::size_t probeLength(const Corpus& corpus) {
    for (std::size_t words : {500, 200, 100, 50}) {
        for (const Review& r : corpus.reviews)
            if (r.split == Split::Test && r.tokens.size() >= words) return words;
    }
    return 0;
}

} // namespace

TrainDialog::TrainDialog(std::shared_ptr<const Corpus> corpus, JobRunner* jobs, QWidget* parent)
    : QDialog(parent), m_corpus(std::move(corpus)), m_jobs(jobs) {
    setWindowTitle(tr("Train a model on %1").arg(QString::fromStdString(m_corpus->name)));
    const ModelSettings model;
    const TrainingSettings training;
    const TrajectorySettings trajectory;
    m_embedding = spin(2, 1024, model.embedding);
    m_hidden = spin(1, 2048, model.hidden);
    m_vocabulary = spin(100, 200000, 10000);
    m_vocabulary->setSingleStep(1000);
    m_epochs = spin(1, 200, training.epochs);
    m_batch = spin(1, 4096, training.batchSize);
    m_learningRate = new QDoubleSpinBox;
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(1e-5, 1.0);
    m_learningRate->setSingleStep(1e-4);
    m_learningRate->setValue(training.learningRate);
    m_maxLength = spin(10, 5000, int(training.maxLength));
    m_seed = spin(0, 999999999, int(training.seed));
    const auto noiseSpin = [](double value) {
        auto* box = new QDoubleSpinBox;
        box->setDecimals(3);
        box->setRange(0, kMaxTrainingNoise);
        box->setSingleStep(0.05);
        box->setValue(value);
        return box;
    };
    m_inputNoise = noiseSpin(training.inputNoise);
    m_hiddenNoise = noiseSpin(training.hiddenNoise);
    m_probeReviews = spin(1, 100000, int(trajectory.probe.maxReviews));
    m_probeEvery = spin(0, 100000, 0);
    m_probeEvery->setSpecialValueText(tr("each epoch only"));

    auto* modelBox = new QGroupBox(tr("Network"));
    auto* modelForm = new QFormLayout(modelBox);
    modelForm->addRow(
        tr("Word vector size E"),
        explained(m_embedding, tr("Numbers per word in the embedding: the input x has E units.")));
    modelForm->addRow(tr("LSTM cells H"),
                      explained(m_hidden, tr("Units of i, f, g, o, c and h. The paper: 64; far "
                                             "larger networks lose their 1/f noise.")));
    modelForm->addRow(
        tr("Vocabulary"),
        explained(m_vocabulary, tr("The most frequent training words; rarer ones become <unk>.")));
    auto* trainBox = new QGroupBox(tr("Training"));
    auto* trainForm = new QFormLayout(trainBox);
    trainForm->addRow(tr("Epochs"), explained(m_epochs, tr("Passes over the training reviews.")));
    trainForm->addRow(tr("Batch size"),
                      explained(m_batch, tr("Reviews per gradient step (grouped by length).")));
    trainForm->addRow(tr("Learning rate"), explained(m_learningRate, tr("Adam's step size.")));
    trainForm->addRow(
        tr("Review length"),
        explained(m_maxLength, tr("Words read per review in training (the first N).")));
    trainForm->addRow(
        tr("Seed"),
        explained(m_seed,
                  tr("Initial weights and shuffling: the same seed gives the same model.")));
    trainForm->addRow(tr("Input noise SD"),
                      explained(m_inputNoise, tr("Gaussian noise added to every word vector at "
                                                 "every step, in training only (0: none).")));
    trainForm->addRow(
        tr("Hidden noise SD"),
        explained(m_hiddenNoise, tr("Gaussian noise added to h after every step, in training "
                                    "only; the LSTM then runs step by step (a little slower).")));
    auto* probeBox = new QGroupBox(tr("Training trajectory"));
    auto* probeForm = new QFormLayout(probeBox);
    probeForm->addRow(
        tr("Probe reviews"),
        explained(
            m_probeReviews,
            tr("Long test reviews on which β of every kind is measured as the network learns.")));
    probeForm->addRow(
        tr("Also every"),
        explained(
            m_probeEvery,
            tr("Probe every k batches too (slower; 0: at initialisation and after each epoch).")));

    m_lossPlot = new TracesPlot;
    m_lossPlot->setFigureName(QStringLiteral("training-loss"));
    m_lossPlot->setTitle(tr("Training loss per batch"));
    m_lossPlot->setAxisLabels(tr("batch"), tr("loss (binary cross-entropy)"));
    m_epochPlot = new TracesPlot;
    m_epochPlot->setFigureName(QStringLiteral("training-trajectory"));
    m_epochPlot->setTitle(tr("After each epoch: test accuracy and β on the probe set"));
    m_epochPlot->setAxisLabels(tr("epoch (0 = before training)"), tr("accuracy, β"));

    m_train = new QPushButton(tr("Train"));
    m_train->setDefault(true);
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_state = new QLabel(tr("Set the network and press Train. The curves fill in as it learns."));
    m_state->setWordWrap(true);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close);

    auto* settings = new QVBoxLayout;
    settings->addWidget(modelBox);
    settings->addWidget(trainBox);
    settings->addWidget(probeBox);
    settings->addStretch(1);
    auto* curves = new QVBoxLayout;
    curves->addWidget(m_lossPlot, 1);
    curves->addWidget(m_epochPlot, 1);
    auto* top = new QHBoxLayout;
    top->addLayout(settings, 0);
    top->addLayout(curves, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_train);
    bottom->addWidget(m_progress, 1);
    bottom->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(m_state);
    layout->addLayout(bottom);
    resize(1200, 780);

    connect(m_train, &QPushButton::clicked, this,
            [this] { m_training ? cancelTraining() : startTraining(); });
    connect(close, &QDialogButtonBox::rejected, this, &TrainDialog::reject);
}

QList<PlotView*> TrainDialog::figures() const {
    return {m_lossPlot, m_epochPlot};
}

TrainRequest TrainDialog::requestFromControls() const {
    TrainRequest r;
    r.model.embedding = m_embedding->value();
    r.model.hidden = m_hidden->value();
    r.model.seed = std::uint64_t(m_seed->value());
    r.vocabularyWords = std::size_t(m_vocabulary->value());
    r.training.epochs = m_epochs->value();
    r.training.batchSize = m_batch->value();
    r.training.learningRate = m_learningRate->value();
    r.training.maxLength = std::size_t(m_maxLength->value());
    r.training.seed = std::uint64_t(m_seed->value());
    r.training.inputNoise = m_inputNoise->value();
    r.training.hiddenNoise = m_hiddenNoise->value();
    r.trajectory.probe.maxReviews = std::size_t(m_probeReviews->value());
    r.trajectory.everyBatches = std::size_t(m_probeEvery->value());
    return r;
}

QString TrainDialog::stateText() const {
    return m_state->text();
}

void TrainDialog::startTraining() {
    if (m_training) return;
    TrainRequest request = requestFromControls();
    const std::size_t words = probeLength(*m_corpus);
    if (words == 0) {
        m_state->setText(tr("The test split has no review of 50 words or more, so the training "
                            "trajectory cannot be measured. Open a data set with longer reviews."));
        return;
    }
    request.trajectory.probe.minLength = request.trajectory.probe.steps = words;
    m_training = true;
    m_points.clear();
    m_losses.clear();
    m_epochCount = request.training.epochs;
    m_lossPlot->clear();
    m_epochPlot->clear();
    m_train->setText(tr("Cancel"));
    m_progress->setValue(0);
    m_state->setText(tr("Preparing: vocabulary, encoding, probe at initialisation (β on %1 test "
                        "reviews of ≥ %2 words)…")
                         .arg(request.trajectory.probe.maxReviews)
                         .arg(words));
    m_clock.start();
    const std::size_t generation = ++m_generation;
    auto corpus = m_corpus;
    m_jobs->start(
        tr("Training (H = %1)").arg(request.model.hidden),
        [this, corpus, request, generation](const JobContext& job) {
            TrainCallbacks callbacks;
            callbacks.onBatch = [&](const BatchRecord& p) {
                const double fraction =
                    (p.epoch - 1 + double(p.batch) / double(std::max<std::size_t>(1, p.batches))) /
                    double(p.epochs);
                job.progress(fraction,
                             QObject::tr("Training: epoch %1 of %2").arg(p.epoch).arg(p.epochs));
                job.post([this, p, generation] {
                    if (generation == m_generation) onBatch(p);
                });
            };
            Outcome<TrajectoryResult> r = trainWithTrajectory(
                *corpus, request.model, request.training, request.trajectory,
                request.vocabularyWords, callbacks,
                [&](const TrajectoryPoint& point) {
                    job.post([this, point, generation] {
                        if (generation == m_generation) onPoint(point);
                    });
                },
                {}, job.stop);
            return std::make_shared<const Model>(std::move(r.value.model));
        },
        [this, generation](const JobResult<std::shared_ptr<const Model>>& r) {
            if (generation != m_generation) return;
            m_model = r.value.value_or(nullptr);
            onFinished(r.error, r.cancelled);
        });
}

void TrainDialog::cancelTraining() {
    if (m_training) m_jobs->cancel();
}

void TrainDialog::onBatch(const BatchRecord& p) {
    m_losses.push_back(p.loss);
    const double done =
        (p.epoch - 1 + double(p.batch) / double(std::max<std::size_t>(1, p.batches))) /
        double(p.epochs);
    m_progress->setValue(int(done * 1000));
    const double elapsed = m_clock.elapsed() / 1000.0;
    const double remaining = done > 0.01 ? elapsed * (1 - done) / done : NAN;
    m_state->setText(tr("Epoch %1 of %2, batch %3 of %4, loss %5 · %6 words/s · %7 elapsed, "
                        "about %8 left")
                         .arg(p.epoch)
                         .arg(p.epochs)
                         .arg(p.batch)
                         .arg(p.batches)
                         .arg(p.loss, 0, 'f', 3)
                         .arg(p.tokensPerSecond, 0, 'f', 0)
                         .arg(durationText(elapsed), durationText(remaining)));
    // Redrawing every batch would cost more than the batch: every 8th, and at an epoch's end.
    if (m_losses.size() % 8 == 0 || p.batch == p.batches)
        m_lossPlot->setSeries({{tr("loss"), style::kData, m_losses}});
}

void TrainDialog::onPoint(const TrajectoryPoint& p) {
    if (!p.atEpochEnd) return; // mid-epoch probes are kept but the plot is per epoch
    m_points.push_back(p);
    replotEpochs();
}

void TrainDialog::replotEpochs() {
    std::vector<TraceSeries> series;
    std::vector<double> accuracy;
    for (const TrajectoryPoint& p : m_points)
        accuracy.push_back(p.testAccuracy >= 0 ? p.testAccuracy : NAN);
    series.push_back({tr("test accuracy"), Qt::black, accuracy});
    for (ActivationKind k : {ActivationKind::X, ActivationKind::C, ActivationKind::H}) {
        std::vector<double> beta;
        for (const TrajectoryPoint& p : m_points) {
            const auto it = p.summary.find(kindName(k));
            beta.push_back(it == p.summary.end() ? NAN : it->second.beta.mean);
        }
        series.push_back({tr("β(%1)").arg(QString::fromLatin1(kindName(k))), kindColor(k), beta});
    }
    std::vector<double> internal;
    for (const TrajectoryPoint& p : m_points) {
        const auto it = p.summary.find("internal");
        internal.push_back(it == p.summary.end() ? NAN : it->second.beta.mean);
    }
    series.push_back({tr("β(internal)"), style::kInternal, internal});
    m_epochPlot->setSeries(series);
}

void TrainDialog::onFinished(const QString& error, bool cancelled) {
    m_training = false;
    m_train->setText(tr("Train again"));
    if (!m_losses.empty()) m_lossPlot->setSeries({{tr("loss"), style::kData, m_losses}});
    if (!error.isEmpty()) {
        m_state->setText(style::errorHtml(tr("Training failed: %1").arg(error.toHtmlEscaped())));
    } else {
        const auto& epochs = m_model ? m_model->history.epochs : std::vector<EpochRecord>{};
        const double accuracy = epochs.empty() ? NAN : epochs.back().testAccuracy;
        const QString note = m_model ? QString::fromStdString(m_model->history.note) : QString();
        if (cancelled && !m_model)
            m_state->setText(tr("Cancelled before the first batch: no model was made."));
        else if (cancelled)
            m_state->setText(tr("Cancelled after %1 of %2 epochs; the last good model (test "
                                "accuracy %3 %) is in the model list.")
                                 .arg(std::max(0, int(epochs.size()) - 1))
                                 .arg(m_epochCount)
                                 .arg(100 * accuracy, 0, 'f', 1));
        else
            m_state->setText(tr("Done in %1: test accuracy %2 %. %3 The model is in the model list "
                                "and open in the explorer.")
                                 .arg(durationText(m_clock.elapsed() / 1000.0))
                                 .arg(100 * accuracy, 0, 'f', 1)
                                 .arg(note));
        m_progress->setValue(cancelled ? m_progress->value() : 1000);
        if (m_model) emit modelTrained(m_model);
    }
    emit trainingFinished(error, cancelled);
}

void TrainDialog::reject() {
    if (m_training) {
        const auto answer = QMessageBox::question(
            this, tr("Training is running"),
            tr("Stop the training? The model as it is after the last finished batch is kept."));
        if (answer != QMessageBox::Yes) return;
        cancelTraining();
    }
    QDialog::reject();
}

} // namespace flicker
