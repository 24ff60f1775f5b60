// The dimensionality lab's page (see dimensionality_page.h).
#include "dimensionality_page.h"

#include "curve_plot.h"
#include "dimensionality/dimensionality_io.h"
#include "dimensionality_plots.h"
#include "duration_text.h"
#include "error.h"
#include "job_runner.h"
#include "plot_style.h"

#include <flicker/version.h>

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>
#include <map>

namespace flicker {
namespace {

constexpr int kProgressSteps = 1000;

std::vector<double> parseNumbers(const QString& text, const QString& what, bool whole) {
    std::vector<double> out;
    for (const QString& part :
         text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double value = part.toDouble(&ok);
        if (!ok || !(value > 0 || (whole && value == 0)) || !std::isfinite(value) ||
            (whole && value != std::floor(value)))
            throw Error(ErrorCode::InvalidArgument, QObject::tr("%1: “%2” is not a %3")
                                                        .arg(what, part,
                                                             whole ? QObject::tr("whole number ≥ 0")
                                                                   : QObject::tr("positive number"))
                                                        .toStdString());
        out.push_back(value);
    }
    if (out.empty())
        throw Error(ErrorCode::InvalidArgument,
                    QObject::tr("%1: give at least one number").arg(what).toStdString());
    return out;
}

// Mean and SD (n − 1; 0 for one value) of v[k] over the given vectors, per k.
void meanSd(const std::vector<const std::vector<double>*>& rows, std::vector<double>& mean,
            std::vector<double>& sd) {
    std::size_t n = 0;
    for (const auto* r : rows)
        n = std::max(n, r->size());
    mean.assign(n, NAN);
    sd.assign(n, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
        double s = 0, s2 = 0;
        int count = 0;
        for (const auto* r : rows)
            if (k < r->size() && std::isfinite((*r)[k]))
                s += (*r)[k], s2 += (*r)[k] * (*r)[k], ++count;
        if (!count) continue;
        mean[k] = s / count;
        sd[k] = count > 1 ? std::sqrt(std::max(0.0, (s2 - s * s / count) / (count - 1))) : 0.0;
    }
}

QString gammaText(double g) {
    return QString::number(g, 'g', 6);
}

// The last PR measured in a run (the "after" curve while it still trains).
const std::vector<double>* latestPr(const DimensionalityResult& r) {
    if (!r.prAfter.empty()) return &r.prAfter;
    for (auto it = r.epochs.rbegin(); it != r.epochs.rend(); ++it)
        if (it->epoch > 0 && !it->pr.empty()) return &it->pr;
    return nullptr;
}

} // namespace

DimensionalityPage::DimensionalityPage(JobRunner* jobs, QWidget* parent)
    : FigurePage(parent), m_jobs(jobs) {
    QWidget* controls = buildControls();
    QWidget* figures = buildFigures();
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(column(controls, new QWidget, 260));
    split->addWidget(figures);
    split->setStretchFactor(1, 1);
    split->setSizes({340, 1060});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
    replot();
}

QWidget* DimensionalityPage::buildControls() {
    const State defaults;
    m_presets = new QComboBox;
    m_presets->addItem(tr("both: 20 and 250"), QStringLiteral("20, 250"));
    m_presets->addItem(tr("20 — edge of chaos"), QStringLiteral("20"));
    m_presets->addItem(tr("250 — strongly chaotic"), QStringLiteral("250"));
    m_gammas = new QLineEdit(defaults.gammas);
    m_gammas->setToolTip(tr("γ scales the recurrent weights: W = (1 − dt)·I + dt·γ·J/|λmax(J)|. "
                            "One network per γ and seed."));
    m_inputDim = new QSpinBox;
    m_inputDim->setRange(1, 4096);
    m_inputDim->setValue(defaults.inputDim);
    m_inputDim->setToolTip(tr("d: 200 (high-d) or 2 (low-d) in the paper"));
    m_mapping = new QComboBox;
    m_mapping->addItem(tr("orthogonal W_in"));
    m_mapping->addItem(tr("inputs drive the first units"));
    m_mapping->setToolTip(tr("How the input reaches the units; the second is the paper's low-d "
                             "variant (d ≤ units)"));
    m_units = new QSpinBox;
    m_units->setRange(2, 2048);
    m_units->setValue(defaults.units);
    m_units->setToolTip(tr("N, the tanh units of the RNN (the paper: 200)"));
    m_noise = new QDoubleSpinBox;
    m_noise->setRange(0, 5);
    m_noise->setDecimals(3);
    m_noise->setSingleStep(0.05);
    m_noise->setValue(defaults.noise);
    m_noise->setToolTip(tr("SD of Gaussian noise added to every hidden unit after the tanh, at "
                           "every step, while training (the paper: 0.05 … 0.5)"));
    m_dropout = new QDoubleSpinBox;
    m_dropout->setRange(0, 0.95);
    m_dropout->setDecimals(2);
    m_dropout->setSingleStep(0.05);
    m_dropout->setValue(defaults.dropout);
    m_dropout->setToolTip(tr("Dropout probability of the hidden units while training"));
    m_loss = new QComboBox;
    m_loss->addItem(tr("cross-entropy (lr 1e-3)"));
    m_loss->addItem(tr("MSE to 0.7 × one-hot (lr 5e-3)"));
    m_epochs = new QSpinBox;
    m_epochs->setRange(0, 1000);
    m_epochs->setValue(defaults.epochs);
    m_epochs->setSpecialValueText(tr("the paper's (40; 80 for d ≤ 2)"));
    m_seeds = new QLineEdit(defaults.seeds);
    m_seeds->setToolTip(tr("One network per γ and seed; several seeds give error bands"));
    m_start = new QPushButton(tr("Run"));
    m_export = new QPushButton(tr("Export results…"));
    m_export->setToolTip(tr("Write dimensionality.json and CSV tables with provenance"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, kProgressSteps);
    m_state = new QLabel(tr("Two networks, γ = 20 and 250, learn to sort 60 clusters of points "
                            "into two classes. Run takes about a minute."));
    m_state->setWordWrap(true);

    auto* box = new QGroupBox(tr("Dimensionality lab (Farrell et al. 2022)"));
    auto* form = new QFormLayout(box);
    form->addRow(tr("γ preset"), m_presets);
    form->addRow(tr("γ"), m_gammas);
    form->addRow(tr("Input dim d"), m_inputDim);
    form->addRow(tr("Input"), m_mapping);
    form->addRow(tr("Units N"), m_units);
    form->addRow(tr("Hidden noise SD"), m_noise);
    form->addRow(tr("Dropout"), m_dropout);
    form->addRow(tr("Loss"), m_loss);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Seeds"), m_seeds);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_export);
    form->addRow(buttons);
    form->addRow(m_progress);
    form->addRow(m_state);

    connect(m_presets, &QComboBox::activated, this,
            [this](int index) { m_gammas->setText(m_presets->itemData(index).toString()); });
    connect(m_start, &QPushButton::clicked, this, [this] { m_running ? cancelRun() : startRun(); });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Export the lab's results to"));
        if (dir.isEmpty()) return;
        QString error;
        if (!exportResults(dir, &error)) QMessageBox::warning(this, tr("Export failed"), error);
    });
    return box;
}

QWidget* DimensionalityPage::buildFigures() {
    m_pr = new CurvePlot(QStringLiteral("dimensionality-pr"), tr("step (input at 0, loss at 10)"),
                         tr("PR of h"));
    m_pr->setTitle(tr("Dimensionality per step"));
    m_pr->setSubtitle(tr("participation ratio, dashed before training"));
    m_accuracy = new CurvePlot(QStringLiteral("dimensionality-accuracy"), tr("epoch"),
                               tr("validation accuracy"));
    m_accuracy->setTitle(tr("Accuracy"));
    m_accuracy->setYRange(0.4, 1.02);
    m_accuracy->setReferenceLines({{0.5, tr("chance")}});
    m_generalisation = new CurvePlot(QStringLiteral("dimensionality-generalisation"), tr("step"),
                                     tr("held-out accuracy"));
    m_generalisation->setTitle(tr("Held-out clusters"));
    m_generalisation->setSubtitle(tr("logistic regression, 80 / 20 % of clusters"));
    m_generalisation->setYRange(0.3, 1.02);
    m_generalisation->setReferenceLines({{0.5, QString()}});
    m_lyapunov = new CurvePlot(QStringLiteral("dimensionality-lyapunov"), tr("exponent index"),
                               tr("Lyapunov exponent (ln per step)"));
    m_lyapunov->setTitle(tr("Lyapunov spectrum"));
    m_lyapunov->setSubtitle(tr("dashed before training"));
    m_lyapunov->setReferenceLines({{0.0, QString()}});
    m_pca = new PcaScatterPlot;
    m_pca->setTitle(tr("Hidden states, first two principal components"));

    m_pcaRun = new QComboBox;
    m_pcaWhen = new QComboBox;
    m_pcaWhen->addItem(tr("before training"));
    m_pcaWhen->addItem(tr("after training"));
    m_pcaWhen->setCurrentIndex(1);
    m_step = new QSlider(Qt::Horizontal);
    m_step->setRange(0, 15);
    m_step->setValue(State{}.pcaStep);
    m_step->setToolTip(tr("The step whose hidden states are shown (0: the input)"));
    m_stepLabel = new QLabel;
    auto* pcaControls = new QHBoxLayout;
    pcaControls->addWidget(m_pcaRun);
    pcaControls->addWidget(m_pcaWhen);
    pcaControls->addWidget(new QLabel(tr("step")));
    pcaControls->addWidget(m_step, 1);
    pcaControls->addWidget(m_stepLabel);
    auto* pcaBox = new QWidget;
    auto* pcaLayout = new QVBoxLayout(pcaBox);
    pcaLayout->setContentsMargins(0, 0, 0, 0);
    pcaLayout->addLayout(pcaControls);
    pcaLayout->addWidget(m_pca, 1);
    connect(m_step, &QSlider::valueChanged, this, [this] { replotPca(); });
    connect(m_pcaWhen, &QComboBox::currentIndexChanged, this, [this] { replotPca(); });
    connect(m_pcaRun, &QComboBox::currentIndexChanged, this, [this] { replotPca(); });

    auto* grid = new QWidget;
    auto* layout = new QGridLayout(grid);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pr, 0, 0);
    layout->addWidget(m_accuracy, 0, 1);
    layout->addWidget(m_generalisation, 0, 2);
    layout->addWidget(m_lyapunov, 1, 0);
    layout->addWidget(pcaBox, 1, 1, 1, 2);
    layout->setRowStretch(0, 1); // two rows of equal height: the top figures stay readable
    layout->setRowStretch(1, 1);
    return grid;
}

QString DimensionalityPage::pageTitle() const {
    return tr("Dimensionality");
}

QList<PlotView*> DimensionalityPage::figures() const {
    return {m_pr, m_accuracy, m_generalisation, m_lyapunov, m_pca};
}

DimensionalityPage::State DimensionalityPage::state() const {
    State s;
    s.gammas = m_gammas->text();
    s.inputDim = m_inputDim->value();
    s.firstUnits = m_mapping->currentIndex() == 1;
    s.units = m_units->value();
    s.noise = m_noise->value();
    s.dropout = m_dropout->value();
    s.mse = m_loss->currentIndex() == 1;
    s.epochs = m_epochs->value();
    s.seeds = m_seeds->text();
    s.pcaStep = m_step->value();
    s.pcaAfter = m_pcaWhen->currentIndex() == 1;
    s.pcaRun = std::max(0, m_pcaRun->currentIndex());
    if (!m_runs.empty()) {
        DimensionalityLabResult lab;
        lab.settings = m_settings;
        lab.runs = m_runs;
        s.resultsJson = dimensionalityToJson(lab, makeDimensionalityProvenance(), true);
    }
    return s;
}

void DimensionalityPage::setState(const State& s) {
    m_gammas->setText(s.gammas);
    m_inputDim->setValue(s.inputDim);
    m_mapping->setCurrentIndex(s.firstUnits ? 1 : 0);
    m_units->setValue(s.units);
    m_noise->setValue(s.noise);
    m_dropout->setValue(s.dropout);
    m_loss->setCurrentIndex(s.mse ? 1 : 0);
    m_epochs->setValue(s.epochs);
    m_seeds->setText(s.seeds);
    m_pcaWhen->setCurrentIndex(s.pcaAfter ? 1 : 0);
    if (m_running) return; // the runs on screen belong to the job
    m_runs.clear();
    if (!s.resultsJson.empty()) {
        try {
            const DimensionalityLabResult lab =
                dimensionalityFromJson(s.resultsJson, "the session's dimensionality results");
            m_settings = lab.settings;
            m_runs = lab.runs;
        } catch (const Error& e) {
            m_state->setText(style::errorHtml(QString::fromStdString(e.what()).toHtmlEscaped()));
        }
    }
    updateRunChoices();
    m_pcaRun->setCurrentIndex(std::min(s.pcaRun, m_pcaRun->count() - 1));
    m_step->setValue(s.pcaStep);
    replot();
}

DimensionalityLabSettings DimensionalityPage::settingsFromControls() const {
    DimensionalityLabSettings lab;
    lab.gammas = parseNumbers(m_gammas->text(), tr("γ"), false);
    lab.seeds.clear();
    for (double seed : parseNumbers(m_seeds->text(), tr("Seeds"), true))
        lab.seeds.push_back(std::uint64_t(seed));
    DimensionalitySettings& s = lab.base;
    s.inputDim = std::size_t(m_inputDim->value());
    s.inputMapping =
        m_mapping->currentIndex() == 1 ? InputMapping::FirstUnits : InputMapping::Orthogonal;
    s.units = std::size_t(m_units->value());
    if (s.inputMapping == InputMapping::FirstUnits && s.inputDim > s.units)
        throw Error(ErrorCode::InvalidArgument,
                    tr("The inputs can drive the first units only when d ≤ N (d = %1, N = %2)")
                        .arg(s.inputDim)
                        .arg(s.units)
                        .toStdString());
    s.noiseSd = m_noise->value();
    s.dropout = m_dropout->value();
    s.loss =
        m_loss->currentIndex() == 1 ? DimensionalityLoss::Mse : DimensionalityLoss::CrossEntropy;
    s.epochs = m_epochs->value();
    validate(s);
    return lab;
}

void DimensionalityPage::startRun() {
    if (m_running) return;
    DimensionalityLabSettings settings;
    try {
        settings = settingsFromControls();
    } catch (const Error& e) {
        m_state->setText(style::errorHtml(QString::fromStdString(e.what()).toHtmlEscaped()));
        return;
    }
    m_running = true;
    m_settings = settings;
    m_runs.clear();
    updateRunChoices();
    replot();
    m_start->setText(tr("Cancel"));
    m_progress->setValue(0);
    m_state->setText(tr("Starting…"));
    m_clock.start();
    const std::size_t generation = ++m_generation;
    m_jobs->start(
        tr("Dimensionality lab"),
        [this, settings, generation](const JobContext& job) {
            return runDimensionalityLab(
                       settings,
                       [&](std::size_t index, const DimensionalityResult& run) {
                           job.post([this, index, run, generation] {
                               if (generation == m_generation) onRun(index, run);
                           });
                       },
                       [&](const Progress& p) {
                           job.progress(p);
                           job.post([this, p, generation] {
                               if (generation == m_generation) onProgress(p);
                           });
                       },
                       job.stop)
                .value;
        },
        [this, generation](const JobResult<DimensionalityLabResult>& r) {
            if (generation != m_generation) return;
            if (r.value) m_runs = r.value->runs;
            onEnded(r.error, r.cancelled);
        });
}

void DimensionalityPage::cancelRun() {
    if (m_running) m_jobs->cancel();
}

void DimensionalityPage::onProgress(const Progress& p) {
    const double within = p.stage == "training" && p.total ? double(p.done) / double(p.total)
                                                           : (p.stage == "measuring" ? 0.0 : 1.0);
    const double overall = (double(p.part) + within) / double(std::max<std::size_t>(1, p.parts));
    m_progress->setValue(int(overall * kProgressSteps));
    const double elapsed = m_clock.elapsed() / 1000.0;
    m_state->setText(tr("Run %1 of %2: %3 · %4 elapsed, roughly %5 left")
                         .arg(p.part + 1)
                         .arg(p.parts)
                         .arg(QString::fromStdString(p.text))
                         .arg(durationText(elapsed))
                         .arg(overall > 0.02 ? durationText(elapsed * (1 - overall) / overall)
                                             : QStringLiteral("—")));
}

void DimensionalityPage::onRun(std::size_t index, const DimensionalityResult& run) {
    if (index >= m_runs.size()) m_runs.resize(index + 1);
    m_runs[index] = run;
    updateRunChoices();
    replot();
}

void DimensionalityPage::onEnded(const QString& error, bool cancelled) {
    m_running = false;
    m_start->setText(tr("Run"));
    updateRunChoices();
    replot();
    if (!error.isEmpty())
        m_state->setText(style::errorHtml(tr("The lab stopped: %1").arg(error.toHtmlEscaped())));
    else if (cancelled)
        m_state->setText(tr("Cancelled; the figures show what was finished."));
    else {
        m_progress->setValue(kProgressSteps);
        m_state->setText(tr("%1 runs done in %2.")
                             .arg(m_runs.size())
                             .arg(durationText(m_clock.elapsed() / 1000.0)));
    }
    emit runFinished(error, cancelled);
}

void DimensionalityPage::updateRunChoices() {
    const int keep = m_pcaRun->currentIndex();
    const QSignalBlocker block(m_pcaRun);
    m_pcaRun->clear();
    for (const DimensionalityResult& r : m_runs)
        m_pcaRun->addItem(
            tr("γ %1, seed %2").arg(gammaText(r.settings.gamma)).arg(r.settings.seed));
    if (m_pcaRun->count()) m_pcaRun->setCurrentIndex(std::clamp(keep, 0, m_pcaRun->count() - 1));
}

void DimensionalityPage::replot() {
    std::map<double, std::vector<const DimensionalityResult*>> byGamma;
    for (const DimensionalityResult& r : m_runs)
        if (!r.prBefore.empty()) byGamma[r.settings.gamma].push_back(&r);
    std::vector<Curve> pr, accuracy, generalisation, lyapunov;
    for (const auto& [gamma, runs] : byGamma) {
        const QColor colour = gammaColour(gamma);
        const QString g = tr("γ = %1").arg(gammaText(gamma));
        const QString seeds =
            runs.size() > 1 ? tr(" (mean ± SD, %1 seeds)").arg(runs.size()) : QString();
        auto steps = [](const std::vector<double>& v) {
            std::vector<double> x(v.size());
            for (std::size_t k = 0; k < x.size(); ++k)
                x[k] = double(k);
            return x;
        };
        // Mean over seeds, the SD as a band; dashed before training.
        auto add = [&](std::vector<Curve>& out, const QString& name, bool dashed,
                       const std::vector<const std::vector<double>*>& rows, double xOffset) {
            if (rows.empty()) return;
            Curve s;
            s.name = name;
            s.colour = colour;
            s.dashed = dashed;
            s.band = true;
            meanSd(rows, s.y, s.error);
            s.x = steps(s.y);
            for (double& x : s.x)
                x += xOffset;
            out.push_back(std::move(s));
        };
        std::vector<const std::vector<double>*> before, after, genBefore, genAfter, lyBefore,
            lyAfter, acc;
        bool trained = true;
        for (const DimensionalityResult* r : runs) {
            before.push_back(&r->prBefore);
            if (const auto* latest = latestPr(*r)) after.push_back(latest);
            trained = trained && r->completed;
            if (!r->generalisationBefore.empty()) genBefore.push_back(&r->generalisationBefore);
            if (!r->generalisationAfter.empty()) genAfter.push_back(&r->generalisationAfter);
            if (!r->lyapunovBefore.empty()) lyBefore.push_back(&r->lyapunovBefore);
            if (!r->lyapunovAfter.empty()) lyAfter.push_back(&r->lyapunovAfter);
        }
        add(pr, g + tr(" before") + seeds, true, before, 0);
        add(pr, g + (trained ? tr(" after") : tr(" training…")) + seeds, false, after, 0);
        add(generalisation, g + tr(" before"), true, genBefore, 0);
        add(generalisation, g + tr(" after"), false, genAfter, 0);
        add(lyapunov, g + tr(" before"), true, lyBefore, 1);
        add(lyapunov, g + tr(" after"), false, lyAfter, 1);
        // Validation accuracy per epoch (epoch 0: before training).
        std::vector<std::vector<double>> curves;
        for (const DimensionalityResult* r : runs) {
            std::vector<double> c;
            for (const DimensionalityEpoch& e : r->epochs)
                c.push_back(e.validationAccuracy);
            curves.push_back(std::move(c));
        }
        for (const auto& c : curves)
            acc.push_back(&c);
        add(accuracy, g + seeds, false, acc, 0);
    }
    m_pr->setCurves(std::move(pr));
    m_accuracy->setCurves(std::move(accuracy));
    m_generalisation->setCurves(std::move(generalisation));
    m_lyapunov->setCurves(std::move(lyapunov));
    const QString text = provenance();
    for (PlotView* figure : figures())
        figure->setProvenance(text);
    replotPca();
}

void DimensionalityPage::replotPca() {
    const int index = m_pcaRun->currentIndex();
    const int step = m_step->value();
    m_stepLabel->setText(QString::number(step));
    if (index < 0 || std::size_t(index) >= m_runs.size()) {
        m_pca->setPoints({}, {});
        m_pca->setSubtitle({});
        return;
    }
    const DimensionalityResult& r = m_runs[std::size_t(index)];
    const bool after = m_pcaWhen->currentIndex() == 1;
    const auto& snap = after && r.pcaAfter ? r.pcaAfter : r.pcaBefore;
    if (!snap || std::size_t(step) >= snap->coordinates.size()) {
        m_pca->setPoints({}, {});
        return;
    }
    m_pca->setPoints(snap->coordinates[std::size_t(step)], r.measureLabels);
    const auto& explained = snap->explained[std::size_t(step)];
    m_pca->setSubtitle(
        tr("γ %1, seed %2, %3, step %4: PC 1 and 2 hold %5 % of the variance")
            .arg(gammaText(r.settings.gamma))
            .arg(r.settings.seed)
            .arg(snap->epoch == 0 ? tr("before training") : tr("after epoch %1").arg(snap->epoch))
            .arg(step)
            .arg(100 * (explained.empty()
                            ? 0.0
                            : explained[0] + (explained.size() > 1 ? explained[1] : 0.0)),
                 0, 'f', 1));
}

QString DimensionalityPage::provenance() const {
    const DimensionalitySettings& s = m_settings.base;
    QStringList gammas, seeds;
    for (double g : m_settings.gammas)
        gammas << gammaText(g);
    for (std::uint64_t seed : m_settings.seeds)
        seeds << QString::number(seed);
    return tr("Flicker %1 · dimensionality lab (Farrell et al. 2022): γ %2; d %3 (%4); N %5; "
              "noise SD %6; dropout %7; loss %8, lr %9; epochs %10; seeds %11")
        .arg(QString::fromLatin1(kVersion), gammas.join(QStringLiteral(", ")))
        .arg(s.inputDim)
        .arg(QString::fromLatin1(inputMappingName(s.inputMapping)))
        .arg(s.units)
        .arg(s.noiseSd)
        .arg(s.dropout)
        .arg(QString::fromLatin1(dimensionalityLossName(s.loss)))
        .arg(effectiveLearningRate(s))
        .arg(effectiveEpochs(s))
        .arg(seeds.join(QStringLiteral(", ")));
}

bool DimensionalityPage::exportResults(const QString& dir, QString* error) const {
    if (m_runs.empty()) {
        if (error) *error = tr("No run to export yet.");
        return false;
    }
    try {
        DimensionalityLabResult lab;
        lab.settings = m_settings;
        lab.runs = m_runs;
        writeDimensionality(dir.toStdString(), lab, makeDimensionalityProvenance());
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

} // namespace flicker
