// The sparsity lab's page (see sparsity_page.h).
#include "sparsity_page.h"

#include "curve_plot.h"
#include "duration_text.h"
#include "error.h"
#include "field_grid.h"
#include "job_runner.h"
#include "plot_style.h"
#include "sparsity_plots.h"

#include <flicker/version.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <cmath>
#include <set>

namespace flicker {
namespace {

constexpr int kProgressSteps = 1000;
constexpr std::size_t kMaxFieldTiles = 100; // a 10 × 10 grid stays readable

// Published fraction active against σ (science.md §3, reconstruction): other data sets, shown
// dashed for the trend only.
const std::vector<double> kPublishedSigma{0, 0.05, 0.1, 0.3, 0.8, 1.5, 3, 10};
struct Reference {
    const char* label;
    QColor color;
    std::vector<double> values;
};
const std::vector<Reference>& references() {
    static const std::vector<Reference> refs{
        {"published: MNIST (other data set)",
         QColor(0x55, 0x55, 0x55),
         {.96, .698, .58, .23, .088, .05, .03, .067}},
        {"published: latent CIFAR-10, 1,000 units (other data)",
         QColor(0x9e, 0x6b, 0xb8),
         {.99, .94, .75, .40, .29, .21, .11, .07}},
        {"published: latent CIFAR-10, 10,000 units (other data)",
         QColor(0xb8, 0x86, 0x0b),
         {.77, .46, .34, .13, .04, .03, .022, .028}}};
    return refs;
}

QColor widthColour(int index) {
    static const QColor colours[] = {style::kData,      style::kFit,      style::kSecondary,
                                     style::kPinkNoise, style::kInternal, style::kBrownNoise};
    return colours[index % 6];
}

std::vector<double> parseNumbers(const QString& text, const QString& what, bool whole) {
    std::vector<double> out;
    for (const QString& part :
         text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double v = part.toDouble(&ok);
        if (!ok || v < 0 || (whole && v != std::floor(v)))
            throw Error(ErrorCode::InvalidArgument, QObject::tr("%1: “%2” is not a %3")
                                                        .arg(what, part,
                                                             whole ? QObject::tr("whole number ≥ 0")
                                                                   : QObject::tr("number ≥ 0"))
                                                        .toStdString());
        out.push_back(v);
    }
    if (out.empty())
        throw Error(ErrorCode::InvalidArgument,
                    QObject::tr("%1: give at least one number").arg(what).toStdString());
    return out;
}

QString number(double v, int decimals = 3) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("—");
}

} // namespace

// ---- state -----------------------------------------------------------------------------------

QJsonObject SparsityPage::stateToJson(const State& s) {
    return {{"data", s.data},
            {"task", s.task},
            {"sigmas", s.sigmas},
            {"widths", s.widths},
            {"seeds", s.seeds},
            {"epochs", s.epochs},
            {"train_images", s.trainImages},
            {"test_images", s.testImages},
            {"shared_bias", s.sharedBias},
            {"noise", s.noise},
            {"anneal_hold", s.annealHold},
            {"anneal_ramp", s.annealRamp},
            {"learning_rate", s.learningRate},
            {"folder", s.folder},
            {"field_order", s.fieldOrder},
            {"field_zoom", s.fieldZoom}};
}

SparsityPage::State SparsityPage::stateFromJson(const QJsonObject& j) {
    State s;
    s.data = j["data"].toString(s.data);
    s.task = j["task"].toString(s.task);
    s.sigmas = j["sigmas"].toString(s.sigmas);
    s.widths = j["widths"].toString(s.widths);
    s.seeds = j["seeds"].toString(s.seeds);
    s.epochs = j["epochs"].toInt(s.epochs);
    s.trainImages = j["train_images"].toInt(s.trainImages);
    s.testImages = j["test_images"].toInt(s.testImages);
    s.sharedBias = j["shared_bias"].toBool(s.sharedBias);
    s.noise = j["noise"].toString(s.noise);
    s.annealHold = j["anneal_hold"].toInt(s.annealHold);
    s.annealRamp = j["anneal_ramp"].toInt(s.annealRamp);
    s.learningRate = j["learning_rate"].toDouble(s.learningRate);
    s.folder = j["folder"].toString(s.folder);
    s.fieldOrder = j["field_order"].toInt(s.fieldOrder);
    s.fieldZoom = j["field_zoom"].toInt(s.fieldZoom);
    return s;
}

// ---- construction ----------------------------------------------------------------------------

SparsityPage::SparsityPage(JobRunner* jobs, QWidget* parent) : FigurePage(parent), m_jobs(jobs) {
    QWidget* controls = buildControls();
    QWidget* figures = buildFigures();
    auto* scroll = new QScrollArea;
    scroll->setWidget(controls);
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(260);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(scroll);
    split->addWidget(figures);
    split->setStretchFactor(1, 1);
    split->setSizes({380, 1020});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
    m_folder->setText(defaultFolder());
    updateProvenance();
}

SparsityPage::~SparsityPage() {
    m_loadStop.request_stop(); // a load in flight ends at its next point; its results are dropped
}

QWidget* SparsityPage::buildControls() {
    const State d;
    m_data = new QLineEdit(d.data);
    m_data->setToolTip(tr("“fashion-mnist” (Debian's dataset-fashion-mnist) or a folder with "
                          "the four IDX files (train-images-idx3-ubyte, …, gzipped or not)"));
    auto* browseData = new QPushButton(tr("…"));
    m_task = new QComboBox;
    m_task->addItem(tr("reconstruct (denoising autoencoder)"), QStringLiteral("reconstruct"));
    m_task->addItem(tr("classify (10 classes)"), QStringLiteral("classify"));
    m_sigmas = new QLineEdit(d.sigmas);
    m_sigmas->setToolTip(tr("Noise SD σ added to the inputs (pixels in [0, 1]); one network per "
                            "σ. The paper: 0, 0.05, 0.1, 0.3, 0.8, 1.5, 3, 10"));
    m_widths = new QLineEdit(d.widths);
    m_widths->setToolTip(tr("Hidden ReLU units; the paper's main width is 10,000 (slow here)"));
    m_seeds = new QLineEdit(d.seeds);
    m_epochs = new QSpinBox;
    m_epochs->setRange(0, 10000);
    m_epochs->setValue(d.epochs);
    m_epochs->setToolTip(tr("The paper trains for hundreds of epochs; a laptop run uses fewer, "
                            "so the code is less sparse than published"));
    m_trainImages = new QSpinBox;
    m_trainImages->setRange(0, 10'000'000);
    m_trainImages->setSingleStep(1000);
    m_trainImages->setSpecialValueText(tr("all"));
    m_trainImages->setValue(d.trainImages);
    m_testImages = new QSpinBox;
    m_testImages->setRange(0, 10'000'000);
    m_testImages->setSingleStep(1000);
    m_testImages->setSpecialValueText(tr("all"));
    m_testImages->setValue(d.testImages);
    m_sharedBias = new QCheckBox(tr("one bias shared by all hidden units"));
    m_noise = new QComboBox;
    m_noise->addItem(tr("Gaussian"), QStringLiteral("gaussian"));
    m_noise->addItem(tr("Laplace (same SD)"), QStringLiteral("laplace"));
    m_annealHold = new QSpinBox;
    m_annealHold->setRange(0, 10000);
    m_annealHold->setToolTip(tr("Annealing: epochs with the full σ before it is lowered"));
    m_annealRamp = new QSpinBox;
    m_annealRamp->setRange(0, 10000);
    m_annealRamp->setToolTip(tr("Annealing: epochs over which σ falls linearly to 0 (0, 0 = no "
                                "annealing); the epochs left train without noise"));
    m_learningRate = new QDoubleSpinBox;
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(0.00001, 0.1);
    m_learningRate->setSingleStep(0.0001);
    m_learningRate->setValue(d.learningRate);
    m_learningRate->setToolTip(tr("Adam's learning rate; the paper's is 0.0001"));
    m_folder = new QLineEdit;
    m_folder->setToolTip(tr("Each finished network is kept here; starting again with the same "
                            "folder resumes"));
    auto* browseFolder = new QPushButton(tr("…"));
    m_start = new QPushButton(tr("Run"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, kProgressSteps);
    m_state = new QLabel(introText());
    m_state->setWordWrap(true);

    auto row = [](QWidget* edit, QWidget* button) {
        auto* h = new QHBoxLayout;
        h->addWidget(edit, 1);
        h->addWidget(button);
        return h;
    };
    auto* anneal = new QHBoxLayout;
    anneal->addWidget(new QLabel(tr("hold")));
    anneal->addWidget(m_annealHold);
    anneal->addWidget(new QLabel(tr("ramp")));
    anneal->addWidget(m_annealRamp);
    auto* box = new QGroupBox(tr("Noise makes the code sparse"));
    auto* form = new QFormLayout(box);
    form->addRow(tr("Data"), row(m_data, browseData));
    form->addRow(tr("Task"), m_task);
    form->addRow(tr("σ"), m_sigmas);
    form->addRow(tr("Widths"), m_widths);
    form->addRow(tr("Seeds"), m_seeds);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Training images"), m_trainImages);
    form->addRow(tr("Test images"), m_testImages);
    form->addRow(tr("Bias"), m_sharedBias);
    form->addRow(tr("Noise"), m_noise);
    form->addRow(tr("Annealing"), anneal);
    form->addRow(tr("Learning rate"), m_learningRate);
    form->addRow(tr("Folder"), row(m_folder, browseFolder));
    form->addRow(m_start);
    form->addRow(m_progress);
    form->addRow(m_state);

    connect(browseData, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of IDX files"));
        if (!dir.isEmpty()) m_data->setText(dir);
    });
    connect(browseFolder, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Folder of the results"), m_folder->text());
        if (!dir.isEmpty()) m_folder->setText(dir);
    });
    connect(m_start, &QPushButton::clicked, this, [this] { m_running ? cancelRun() : startRun(); });
    return box;
}

QWidget* SparsityPage::buildFigures() {
    // Fractions: the y axis stays 0 … 1 (with room for the markers at 1) as the curves grow.
    m_epochPlot =
        new CurvePlot(QStringLiteral("sparsity-epochs"), tr("epoch"), tr("fraction active"));
    m_epochPlot->setTitle(tr("Fraction active while training"));
    m_epochPlot->setSubtitle(tr("units active (> 0) on clean test images"));
    m_epochPlot->setYRange(0, 1.05);
    m_sigmaPlot = new CurvePlot(QStringLiteral("sparsity-sigma"), tr("σ (noise SD on the inputs)"),
                                tr("fraction active"));
    m_sigmaPlot->setTitle(tr("Fraction active against the noise σ"));
    m_sigmaPlot->setSubtitle(tr("solid: this data set · dashed: published, other data sets "
                                "(compare the trend)"));
    m_sigmaPlot->setYRange(0, 1.05);
    m_fields = new ImageFigure;
    m_fields->setTitle(tr("Receptive fields (first-layer weights; red +, blue −)"));
    m_fields->setFigureName(QStringLiteral("sparsity-receptive-fields"));
    m_fields->setExportSize({700, 720});
    m_triplets = new ImageFigure;
    m_triplets->setTitle(tr("Clean · noisy · reconstructed"));
    m_triplets->setFigureName(QStringLiteral("sparsity-images"));
    m_triplets->setExportSize({420, 720});
    m_biasHist = new BarHistogram;
    m_biasHist->setTitle(tr("Hidden biases"));
    m_biasHist->setFigureName(QStringLiteral("sparsity-biases"));
    m_biasHist->setAxisLabel(tr("bias"));
    m_normHist = new BarHistogram;
    m_normHist->setTitle(tr("Weight-row norms"));
    m_normHist->setFigureName(QStringLiteral("sparsity-norms"));
    m_normHist->setAxisLabel(tr("‖w‖ of a unit's receptive field"));
    m_activeHist = new BarHistogram;
    m_activeHist->setTitle(tr("Active units per input"));
    m_activeHist->setFigureName(QStringLiteral("sparsity-active-per-input"));
    m_activeHist->setAxisLabel(tr("living units active (> 0) for one test image"));

    m_point = new QComboBox;
    m_point->setToolTip(tr("The network the lower figures show"));
    m_fieldOrder = new QComboBox;
    m_fieldOrder->addItem(tr("most active first"));
    m_fieldOrder->addItem(tr("unit order"));
    m_fieldZoom = new QSpinBox;
    m_fieldZoom->setRange(1, 10);
    m_fieldZoom->setPrefix(tr("zoom "));
    m_fieldZoom->setSuffix(QStringLiteral("×"));
    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Show")));
    pick->addWidget(m_point, 1);
    pick->addWidget(new QLabel(tr("Fields")));
    pick->addWidget(m_fieldOrder);
    pick->addWidget(m_fieldZoom);

    auto* top = new QSplitter(Qt::Horizontal);
    top->addWidget(m_epochPlot);
    top->addWidget(m_sigmaPlot);
    auto* middle = new QSplitter(Qt::Horizontal);
    middle->addWidget(m_fields);
    middle->addWidget(m_triplets);
    middle->setSizes({640, 360});
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(m_biasHist);
    bottom->addWidget(m_normHist);
    bottom->addWidget(m_activeHist);
    auto* lower = new QWidget;
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(pick);
    lowerLayout->addWidget(middle, 1);
    auto* rows = new QSplitter(Qt::Vertical);
    rows->addWidget(top);
    rows->addWidget(lower);
    rows->addWidget(bottom);
    rows->setSizes({320, 420, 220});

    connect(m_point, &QComboBox::currentIndexChanged, this, [this] { showDetails(); });
    connect(m_point, &QComboBox::activated, this, [this] { m_followLive = false; });
    connect(m_fieldOrder, &QComboBox::currentIndexChanged, this, [this] { showDetails(); });
    connect(m_fieldZoom, &QSpinBox::valueChanged, this,
            [this](int zoom) { m_fields->setZoom(zoom); });
    return rows;
}

QString SparsityPage::pageTitle() const {
    return tr("Sparsity");
}

QList<PlotView*> SparsityPage::figures() const {
    return {m_epochPlot, m_sigmaPlot, m_fields, m_triplets, m_biasHist, m_normHist, m_activeHist};
}

QString SparsityPage::introText() const {
    return tr("Press Run: each σ trains one network (a minute or so each with the defaults); the "
              "figures fill in as it learns.");
}

QString SparsityPage::defaultFolder() const {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("sparsity"));
}

SparsityPage::State SparsityPage::state() const {
    State s;
    s.data = m_data->text();
    s.task = m_task->currentData().toString();
    s.sigmas = m_sigmas->text();
    s.widths = m_widths->text();
    s.seeds = m_seeds->text();
    s.epochs = m_epochs->value();
    s.trainImages = m_trainImages->value();
    s.testImages = m_testImages->value();
    s.sharedBias = m_sharedBias->isChecked();
    s.noise = m_noise->currentData().toString();
    s.annealHold = m_annealHold->value();
    s.annealRamp = m_annealRamp->value();
    s.learningRate = m_learningRate->value();
    s.folder = m_folder->text();
    s.fieldOrder = m_fieldOrder->currentIndex();
    s.fieldZoom = m_fieldZoom->value();
    return s;
}

void SparsityPage::setState(const State& s) {
    m_data->setText(s.data);
    m_task->setCurrentIndex(std::max(0, m_task->findData(s.task)));
    m_sigmas->setText(s.sigmas);
    m_widths->setText(s.widths);
    m_seeds->setText(s.seeds);
    m_epochs->setValue(s.epochs);
    m_trainImages->setValue(s.trainImages);
    m_testImages->setValue(s.testImages);
    m_sharedBias->setChecked(s.sharedBias);
    m_noise->setCurrentIndex(std::max(0, m_noise->findData(s.noise)));
    m_annealHold->setValue(s.annealHold);
    m_annealRamp->setValue(s.annealRamp);
    m_learningRate->setValue(s.learningRate);
    m_folder->setText(s.folder.isEmpty() ? defaultFolder() : s.folder);
    m_fieldOrder->setCurrentIndex(std::clamp(s.fieldOrder, 0, 1));
    m_fieldZoom->setValue(s.fieldZoom);
    if (!m_running) showFolderResults();
}

void SparsityPage::setSigmas(const QString& sigmas) {
    m_sigmas->setText(sigmas);
}

void SparsityPage::setWidths(const QString& widths) {
    m_widths->setText(widths);
}

SparsitySweepSettings SparsityPage::settingsFromControls() const {
    SparsitySweepSettings s;
    s.base.task = m_task->currentData().toString() == QLatin1String("classify")
                      ? SparsityTask::Classify
                      : SparsityTask::Reconstruct;
    s.base.noise = m_noise->currentData().toString() == QLatin1String("laplace")
                       ? InputNoise::Laplace
                       : InputNoise::Gaussian;
    s.base.sharedBias = m_sharedBias->isChecked();
    s.base.epochs = m_epochs->value();
    s.base.trainImages = std::size_t(m_trainImages->value());
    s.base.testImages = std::size_t(m_testImages->value());
    s.base.annealHold = m_annealHold->value();
    s.base.annealRamp = m_annealRamp->value();
    s.base.learningRate = m_learningRate->value();
    s.sigmas = parseNumbers(m_sigmas->text(), tr("σ"), false);
    s.widths.clear();
    for (double w : parseNumbers(m_widths->text(), tr("Widths"), true))
        s.widths.push_back(int(std::min(w, 1e9)));
    s.seeds.clear();
    for (double seed : parseNumbers(m_seeds->text(), tr("Seeds"), true))
        s.seeds.push_back(std::uint64_t(seed));
    s.outDir = m_folder->text().toStdString();
    if (s.outDir.empty())
        throw Error(ErrorCode::InvalidArgument,
                    tr("Choose a folder for the results").toStdString());
    for (const SparsitySettings& p : sweepPoints(s))
        checkSparsitySettings(p);
    return s;
}

// ---- running ---------------------------------------------------------------------------------

void SparsityPage::startRun() {
    if (m_running) return;
    SparsitySweepSettings settings;
    try {
        settings = settingsFromControls();
    } catch (const Error& e) {
        m_state->setText(style::errorHtml(QString::fromStdString(e.what()).toHtmlEscaped()));
        return;
    }
    m_loadStop.request_stop(); // a load in flight is superseded: the run reads the folder
    m_loading = false;
    m_progress->setRange(0, kProgressSteps);
    m_running = true;
    m_followLive = true;
    m_planned = sweepPoints(settings);
    m_live.clear();
    m_done.clear();
    m_point->clear();
    replotCurves();
    m_start->setText(tr("Cancel"));
    m_progress->setValue(0);
    m_state->setText(tr("Reading the images…"));
    m_clock.start();
    updateProvenance();
    const std::size_t generation = ++m_generation;
    const std::string data = m_data->text().trimmed().toStdString();
    m_jobs->start(
        tr("Sparsity lab"),
        [this, settings, data, generation](const JobContext& job) {
            const ImageData images = loadImageData(data, {}, job.stop);
            SparsitySweepCallbacks cb;
            cb.onPoint = [&](const SparsityPoint& point) {
                job.post([this, point, generation] {
                    if (generation == m_generation) onPoint(point);
                });
            };
            cb.onEpoch = [&](std::size_t k, const SparsityEpoch& e, const SparseNetwork& n) {
                SparseWeights w = n.weights();
                job.post([this, k, e, w = std::move(w), generation] {
                    if (generation == m_generation) onEpoch(k, e, w);
                });
            };
            runSparsitySweep(
                images, settings, cb,
                [&](const Progress& p) {
                    job.post([this, p, generation] {
                        if (generation == m_generation) onProgress(p);
                    });
                },
                job.stop);
        },
        [this, generation](const JobResult<void>& r) {
            if (generation == m_generation) onEnded(r.error, r.cancelled);
        });
}

void SparsityPage::cancelRun() {
    if (m_running) m_jobs->cancel();
}

void SparsityPage::onProgress(const Progress& p) {
    const double within = p.stage == "training" && p.total ? 0.95 * double(p.done) / double(p.total)
                                                           : (p.stage == "measuring" ? 0.95 : 1.0);
    const double overall = (double(p.part) + within) / double(std::max<std::size_t>(1, p.parts));
    m_progress->setValue(int(overall * kProgressSteps));
    const double elapsed = m_clock.elapsed() / 1000.0;
    m_state->setText(tr("Network %1 of %2 · %3 · %4 elapsed, roughly %5 left")
                         .arg(p.part + 1)
                         .arg(p.parts)
                         .arg(QString::fromStdString(p.text))
                         .arg(durationText(elapsed))
                         .arg(overall > 0.02 ? durationText(elapsed * (1 - overall) / overall)
                                             : QStringLiteral("—")));
}

void SparsityPage::onEpoch(std::size_t point, const SparsityEpoch& epoch,
                           const SparseWeights& weights) {
    m_live[point].push_back(epoch);
    replotCurves();
    // While a network trains, the fields show it live (in unit order: no activity counts yet),
    // unless the user chose a finished network to look at.
    if (m_followLive) {
        showFields(weights, {});
        m_fields->setSubtitle(
            tr("training: %1, epoch %2")
                .arg(point < m_planned.size() ? pointLabel(m_planned[point]) : QString())
                .arg(epoch.epoch));
    }
}

void SparsityPage::onPoint(const SparsityPoint& point) {
    m_done.push_back(point);
    const int index = int(m_done.size()) - 1;
    m_point->blockSignals(true);
    m_point->addItem(pointLabel(point.run.settings), index);
    if (m_followLive) m_point->setCurrentIndex(m_point->count() - 1);
    m_point->blockSignals(false);
    replotCurves();
    if (m_followLive) showDetails();
    emit pointFinished(index);
}

void SparsityPage::onEnded(const QString& error, bool cancelled) {
    m_running = false;
    m_start->setText(tr("Run"));
    if (!error.isEmpty())
        m_state->setText(style::errorHtml(tr("Stopped: %1").arg(error.toHtmlEscaped())) +
                         tr(" Finished networks are kept in the folder."));
    else if (cancelled)
        m_state->setText(tr("Cancelled: %1 of %2 networks are done and kept in the folder; Run "
                            "resumes the rest.")
                             .arg(m_done.size())
                             .arg(m_planned.size()));
    else {
        m_progress->setValue(kProgressSteps);
        m_state->setText(tr("All %1 networks done in %2.")
                             .arg(m_done.size())
                             .arg(durationText(m_clock.elapsed() / 1000.0)));
    }
    emit runFinished(error, cancelled);
}

void SparsityPage::showFolderResults() {
    if (m_running) return; // the run streams the folder's points itself
    // Reading 784 × width floats per point is slow for wide networks: off the GUI thread, as
    // one job of the app's runner. A newer load or a run supersedes this one: it stops between
    // points and its results are dropped (the generation).
    const std::size_t generation = ++m_generation;
    m_loadStop.request_stop();
    m_loadStop = std::stop_source();
    m_loading = true;
    m_done.clear();
    m_planned.clear();
    m_live.clear();
    m_point->clear();
    replotCurves();
    showDetails();
    const QString folder = m_folder->text();
    m_state->setText(tr("Loading the finished networks from %1…")
                         .arg(QDir::toNativeSeparators(folder).toHtmlEscaped()));
    m_progress->setRange(0, 0); // busy until the first count
    struct Loaded {
        std::vector<SparsityPoint> points;
        std::vector<std::string> problems;
    };
    const QPointer<SparsityPage> self(this);
    m_jobs->start(
        tr("Loading sparsity results"),
        [self, generation, dir = folder.toStdString(), own = m_loadStop](const JobContext& job) {
            // Stopped by the runner (the status bar's Cancel, closing) or by a newer load.
            std::stop_source stop = own;
            const std::stop_callback link(job.stop, [stop]() mutable { stop.request_stop(); });
            Loaded loaded;
            loaded.points = readSparsityPoints(
                dir, &loaded.problems,
                [&](const Progress& p) {
                    job.progress(p);
                    job.post([self, generation, p] {
                        if (self && generation == self->m_generation) self->onLoadProgress(p);
                    });
                },
                stop.get_token());
            return loaded;
        },
        [self, generation](JobResult<Loaded> r) {
            if (!self || generation != self->m_generation) return; // closed or superseded
            if (r.ok())
                self->onLoaded(std::move(r.value->points), r.value->problems);
            else
                self->onLoadFailed(r.error);
        });
}

void SparsityPage::onLoadProgress(const Progress& p) {
    if (p.total == 0) return;
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(int(p.fraction() * kProgressSteps));
    m_state->setText(tr("Loading the finished networks: %1…").arg(QString::fromStdString(p.text)));
}

void SparsityPage::onLoaded(std::vector<SparsityPoint> points,
                            const std::vector<std::string>& problems) {
    m_loading = false;
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(points.empty() ? 0 : kProgressSteps);
    m_done = std::move(points);
    m_point->blockSignals(true);
    m_point->clear();
    for (std::size_t k = 0; k < m_done.size(); ++k)
        m_point->addItem(pointLabel(m_done[k].run.settings), int(k));
    m_point->setCurrentIndex(m_point->count() - 1);
    m_point->blockSignals(false);
    replotCurves();
    showDetails();
    QString text = m_done.empty() ? introText()
                                  : tr("%1 finished networks from the folder.").arg(m_done.size());
    if (!problems.empty())
        text +=
            QStringLiteral(" ") +
            style::errorHtml(tr("%1 left out: %2")
                                 .arg(problems.size())
                                 .arg(QString::fromStdString(problems.front()).toHtmlEscaped()));
    m_state->setText(text);
    emit folderResultsShown(int(m_done.size()));
}

void SparsityPage::onLoadFailed(const QString& error) {
    m_loading = false;
    m_progress->setRange(0, kProgressSteps);
    m_progress->setValue(0);
    m_state->setText(
        error.isEmpty()
            ? tr("Loading the folder's results was cancelled; Run resumes them.")
            : style::errorHtml(tr("Could not read the folder: %1").arg(error.toHtmlEscaped())));
    emit folderResultsShown(-1);
}

// ---- figures ---------------------------------------------------------------------------------

QString SparsityPage::pointLabel(const SparsitySettings& s) const {
    QString label = tr("width %1, σ %2").arg(s.width).arg(s.sigma);
    if (s.seed != 1) label += tr(", seed %1").arg(s.seed);
    if (s.sharedBias) label += tr(", shared bias");
    if (s.annealHold + s.annealRamp > 0)
        label += tr(", annealed %1+%2").arg(s.annealHold).arg(s.annealRamp);
    if (s.task == SparsityTask::Classify) label += tr(", classify");
    return label;
}

void SparsityPage::replotCurves() {
    // Against the epoch: one line per network, finished (from its run) or running (live).
    std::vector<Curve> epochLines;
    std::set<std::string> shown;
    auto add = [&](const SparsitySettings& s, const std::vector<SparsityEpoch>& epochs) {
        Curve line;
        line.name = pointLabel(s);
        const int k = int(epochLines.size());
        line.colour = QColor::fromHsv((k * 47) % 360, 170, 200);
        for (const SparsityEpoch& e : epochs) {
            line.x.push_back(e.epoch);
            line.y.push_back(e.fractionActive);
        }
        epochLines.push_back(std::move(line));
        shown.insert(sparsityPointFolder(s));
    };
    for (const SparsityPoint& p : m_done)
        add(p.run.settings, p.run.epochs);
    for (const auto& [k, epochs] : m_live)
        if (k < m_planned.size() && !shown.count(sparsityPointFolder(m_planned[k])))
            add(m_planned[k], epochs);
    m_epochPlot->setCurves(std::move(epochLines));

    // Against σ: one line per width (mean over seeds), then the published references.
    std::map<int, std::map<double, std::pair<double, int>>> byWidth;
    double maxSigma = 1.5;
    for (const SparsityPoint& p : m_done) {
        const double f = p.run.measures.activity.fractionActive;
        if (!std::isfinite(f)) continue;
        auto& cell = byWidth[p.run.settings.width][p.run.settings.sigma];
        cell.first += f;
        ++cell.second;
        maxSigma = std::max(maxSigma, p.run.settings.sigma);
    }
    std::vector<Curve> sigmaLines;
    int colour = 0;
    for (const auto& [width, cells] : byWidth) {
        Curve line;
        line.name = tr("this data set, width %1").arg(width);
        line.colour = widthColour(colour++);
        for (const auto& [sigma, sum] : cells) {
            line.x.push_back(sigma);
            line.y.push_back(sum.first / sum.second);
        }
        sigmaLines.push_back(std::move(line));
    }
    for (const Reference& r : references()) {
        Curve line;
        line.name = tr(r.label);
        line.colour = r.color;
        line.reference = true; // other data: thin, dashed, no markers
        for (std::size_t k = 0; k < kPublishedSigma.size(); ++k)
            if (kPublishedSigma[k] <= maxSigma) {
                line.x.push_back(kPublishedSigma[k]);
                line.y.push_back(r.values[k]);
            }
        sigmaLines.push_back(std::move(line));
    }
    m_sigmaPlot->setCurves(std::move(sigmaLines));
    updateProvenance();
}

void SparsityPage::showFields(const SparseWeights& weights, const std::vector<double>& activity) {
    std::vector<std::size_t> order;
    if (m_fieldOrder->currentIndex() == 0 && activity.size() == weights.units)
        order = unitsOrderedBy(activity);
    else
        for (std::size_t k = 0; k < weights.units; ++k)
            order.push_back(k);
    if (order.size() > kMaxFieldTiles) order.resize(kMaxFieldTiles);
    QString csv = QStringLiteral("position,unit,fraction_active\n");
    for (std::size_t k = 0; k < order.size(); ++k)
        csv += QStringLiteral("%1,%2,%3\n")
                   .arg(k)
                   .arg(order[k])
                   .arg(order[k] < activity.size() ? QString::number(activity[order[k]], 'g', 8)
                                                   : QString());
    m_fields->setImage(fieldGridImage(weights, order, {0, 3, 1, false}), csv);
    m_fields->setZoom(m_fieldZoom->value());
}

void SparsityPage::showDetails() {
    const int index = shownPoint();
    if (index < 0 || index >= int(m_done.size())) {
        if (m_done.empty() && !m_running) {
            m_fields->setImage({});
            m_triplets->setImage({});
            m_biasHist->setValues({});
            m_normHist->setValues({});
            m_activeHist->setValues({});
        }
        return;
    }
    const SparsityPoint& p = m_done[std::size_t(index)];
    const SparsityMeasures& m = p.run.measures;
    showFields(p.weights, m.activity.unitFraction);
    m_fields->setSubtitle(tr("%1 · %2 of %3 units shown, %4")
                              .arg(pointLabel(p.run.settings))
                              .arg(std::min<std::size_t>(kMaxFieldTiles, p.weights.units))
                              .arg(p.weights.units)
                              .arg(m_fieldOrder->currentText()));

    // Triplets: rows of clean | noisy | output (output empty for classification).
    const std::size_t rows = p.weights.imageRows, cols = p.weights.imageCols;
    double low = 0, high = 1;
    if (p.run.settings.scaling == InputScaling::Standardised) {
        low = -2;
        high = 2;
    }
    const int scale = 4, gap = 4;
    const int cell = int(cols) * scale, height = int(rows) * scale;
    const int n = int(p.run.triplets.size());
    QImage image(3 * cell + 4 * gap, n * (height + gap) + gap, QImage::Format_RGB32);
    image.fill(QColor(160, 160, 160));
    QString csv = QStringLiteral("image,label,kind,mean,min,max\n");
    {
        QPainter painter(&image);
        for (int k = 0; k < n; ++k) {
            const ImageTriplet& t = p.run.triplets[std::size_t(k)];
            const std::vector<float>* parts[3] = {&t.clean, &t.noisy, &t.output};
            const char* names[3] = {"clean", "noisy", "output"};
            for (int c = 0; c < 3; ++c) {
                if (parts[c]->size() != rows * cols) continue;
                painter.drawImage(gap + c * (cell + gap), gap + k * (height + gap),
                                  greyImage(*parts[c], rows, cols, low, high, scale));
                const auto [mn, mx] = std::minmax_element(parts[c]->begin(), parts[c]->end());
                double sum = 0;
                for (float v : *parts[c])
                    sum += v;
                csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                           .arg(k)
                           .arg(t.label)
                           .arg(QLatin1String(names[c]))
                           .arg(sum / double(parts[c]->size()))
                           .arg(*mn)
                           .arg(*mx);
            }
        }
    }
    m_triplets->setImage(image, csv);
    m_triplets->setSubtitle(p.run.settings.task == SparsityTask::Classify
                                ? tr("classification: no reconstruction")
                                : tr("test images; noise σ = %1").arg(p.run.settings.sigma));

    m_biasHist->setValues(m.biases);
    m_biasHist->setSubtitle(
        tr("living units: mean %1, SD %2").arg(number(m.bias.mean), number(m.bias.sd)));
    m_normHist->setValues(m.norms);
    m_normHist->setSubtitle(
        tr("living units: mean %1, CV %2").arg(number(m.norm.mean), number(m.norm.cv())));
    std::vector<double> active(m.activity.activePerInput.begin(), m.activity.activePerInput.end());
    m_activeHist->setValues(active);
    m_activeHist->setSubtitle(
        tr("mean %1 ± %2 of %3 living units; %4 dead")
            .arg(number(m.activity.activeMean, 1), number(m.activity.activeSd, 1))
            .arg(m.activity.units - m.activity.deadUnits)
            .arg(m.activity.deadUnits));
    updateProvenance();
}

int SparsityPage::shownPoint() const {
    return m_point->currentIndex() < 0 ? -1 : m_point->currentData().toInt();
}

void SparsityPage::showPoint(int index) {
    const int row = m_point->findData(index);
    if (row >= 0) m_point->setCurrentIndex(row);
}

void SparsityPage::updateProvenance() {
    QString text =
        tr("Flicker %1 · sparsity lab (Bricken et al. 2023) · data %2 · task %3, "
           "σ %4, widths %5, seeds %6, %7 epochs, %8 training / %9 test images")
            .arg(QLatin1String(kVersion), m_data->text(), m_task->currentData().toString(),
                 m_sigmas->text(), m_widths->text(), m_seeds->text())
            .arg(m_epochs->value())
            .arg(m_trainImages->value() ? QString::number(m_trainImages->value()) : tr("all"))
            .arg(m_testImages->value() ? QString::number(m_testImages->value()) : tr("all"));
    text +=
        tr(", Adam lr %1, batch %2, clip %3, %4 noise%5%6")
            .arg(m_learningRate->value())
            .arg(SparsitySettings{}.batchSize)
            .arg(SparsitySettings{}.gradientClip)
            .arg(m_noise->currentData().toString())
            .arg(m_sharedBias->isChecked() ? tr(", shared bias") : QString())
            .arg(m_annealHold->value() + m_annealRamp->value() > 0 ? tr(", annealed %1+%2 epochs")
                                                                         .arg(m_annealHold->value())
                                                                         .arg(m_annealRamp->value())
                                                                   : QString());
    const int shown = shownPoint();
    if (shown >= 0 && shown < int(m_done.size()))
        text += tr(" · shown: %1").arg(pointLabel(m_done[std::size_t(shown)].run.settings));
    for (PlotView* figure : figures())
        figure->setProvenance(text);
}

} // namespace flicker
