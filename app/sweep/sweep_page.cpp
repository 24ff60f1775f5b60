// The capacity sweep page (see sweep_page.h).
#include "sweep_page.h"

#include "curve_plot.h"
#include "duration_text.h"
#include "error.h"
#include "io/study_io.h"
#include "job_runner.h"
#include "pipeline/sweep_runner.h"
#include "plot_style.h"
#include "study/statistics.h"
#include "sweep_plot.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>
#include <set>

namespace flicker {
namespace {

enum Column { Cells, Noise, Seed, PointState, Accuracy, BetaH, PrH, Seconds, ColumnCount };

constexpr int kProgressSteps = 1000;    // the progress bar's resolution
constexpr double kTrainingShare = 0.8;  // training is taken as 80 % of a point's time
constexpr double kEstimateAfter = 0.02; // the time left is guessed once 2 % of the sweep is done

std::vector<long long> parseList(const QString& text, const QString& what) {
    std::vector<long long> out;
    for (const QString& part :
         text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const long long value = part.toLongLong(&ok);
        if (!ok || value <= 0)
            throw Error(ErrorCode::InvalidArgument,
                        QObject::tr("%1: “%2” is not a positive whole number")
                            .arg(what, part)
                            .toStdString());
        out.push_back(value);
    }
    if (out.empty())
        throw Error(ErrorCode::InvalidArgument,
                    QObject::tr("%1: give at least one number").arg(what).toStdString());
    return out;
}

// "0, 0.05, 0.1": SDs ≥ 0 (0 is the noise-free reference); empty = no noise dimension.
std::vector<double> parseNoise(const QString& text) {
    std::vector<double> out;
    for (const QString& part :
         text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const double value = part.toDouble(&ok);
        if (!ok || !(value >= 0 && value <= kMaxTrainingNoise))
            throw Error(ErrorCode::InvalidArgument,
                        QObject::tr("Noise SD: “%1” is not a number from 0 to %2")
                            .arg(part)
                            .arg(kMaxTrainingNoise)
                            .toStdString());
        out.push_back(value);
    }
    return out;
}

QString noiseText(double sd) {
    return std::isnan(sd) ? QStringLiteral("—") : QString::number(sd, 'g', 6);
}

// Mean and SD of β(h) behind one size: pooled per-review values when the points carry them (a
// sweep run here), else their summaries combined (a sweep read from sweep.json).
} // namespace

SweepPage::SweepPage(Workspace* workspace, JobRunner* jobs, QWidget* parent)
    : FigurePage(parent), m_workspace(workspace), m_jobs(jobs) {
    QWidget* controls = buildControls();
    buildTable();
    m_plot = new SweepPlot;
    m_plot->setTitle(tr("β of h against network size"));
    m_noisePlot = new CurvePlot;
    m_noisePlot->setFigureName(QStringLiteral("noise-sweep"));
    m_noisePlot->setTitle(tr("β(h), PR of h and accuracy against the training noise"));
    m_noisePlot->setReferenceLines({{0.0, QString()}, {1.0, QString()}}); // β: white, pink
    m_noisePlot->setSubtitle(tr("Give noise SDs and start: one network per SD (noise in "
                                "training only; every study runs clean)."));

    // What a loaded or precomputed sweep is, right above its figure, with "Run it live".
    m_loadedLabel = new QLabel;
    m_loadedLabel->setWordWrap(true);
    m_loadedLabel->setTextFormat(Qt::RichText);
    m_runLive = new QPushButton(tr("Run it live"));
    m_runLive->setToolTip(tr("Train these networks here, on the open data set, with the "
                             "example's sizes, epochs and reviews (it replaces the example)"));
    auto* banner = new QWidget;
    banner->setObjectName(QStringLiteral("loadedBanner"));
    auto* bannerLayout = new QHBoxLayout(banner);
    bannerLayout->setContentsMargins(6, 2, 6, 2);
    bannerLayout->addWidget(m_loadedLabel, 1);
    bannerLayout->addWidget(m_runLive, 0, Qt::AlignVCenter);
    banner->hide();
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(2);
    topLayout->addWidget(banner);
    topLayout->addWidget(m_plot, 1);
    connect(m_runLive, &QPushButton::clicked, this, &SweepPage::runExampleLive);

    auto* figures = new QSplitter(Qt::Vertical);
    figures->addWidget(top);
    figures->addWidget(m_noisePlot);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(column(controls, m_table, 420));
    split->addWidget(figures);
    split->setStretchFactor(1, 1);
    split->setSizes({460, 940});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_workspace, &Workspace::corpusChanged, this, [this] {
        if (!m_running) m_folder->setText(defaultFolder());
    });
    m_folder->setText(defaultFolder());
    updateProvenance();
    showExample();
}

QWidget* SweepPage::buildControls() {
    const State defaults;
    m_presets = new QComboBox;
    m_presets->addItem(tr("the paper: 2 … 512 cells"), kPaperSizes);
    m_presets->addItem(tr("quick: 4, 16, 64"), kQuickSizes);
    m_presets->addItem(tr("small networks: 2 … 32"), QStringLiteral("2, 4, 8, 16, 32"));
    m_presets->addItem(tr("your own sizes"), QString());
    m_presets->setToolTip(tr("Choose a set of sizes, or type your own below"));
    m_sizes = new QLineEdit(defaults.sizes);
    m_sizes->setToolTip(tr("LSTM cells of each network, separated by commas"));
    m_seeds = new QLineEdit(defaults.seeds);
    m_seeds->setToolTip(tr("One network per size and seed; several seeds give error bars over "
                           "initialisations"));
    m_epochs = new QSpinBox;
    m_epochs->setRange(1, 200);
    m_epochs->setValue(defaults.epochs);
    m_reviews = new QSpinBox;
    m_reviews->setRange(0, 100000);
    m_reviews->setValue(defaults.reviews);
    m_reviews->setSpecialValueText(tr("all long reviews"));
    m_reviews->setToolTip(tr("Long test reviews (≥ 500 words) on which each network is studied"));
    m_folder = new QLineEdit;
    m_folder->setToolTip(tr("Each finished point is saved here (checkpoint and study); starting "
                            "again with the same folder resumes"));
    m_noise = new QLineEdit(defaults.noise);
    m_noise->setPlaceholderText(tr("none (capacity sweep)"));
    m_noise->setToolTip(tr("Noise sweep: SDs of the Gaussian noise added during training, e.g. "
                           "“0, 0.05, 0.1, 0.2, 0.5”; one network per size × SD × seed"));
    m_noiseOn = new QComboBox;
    m_noiseOn->addItem(tr("hidden state h, every step"), QStringLiteral("hidden"));
    m_noiseOn->addItem(tr("word vectors (inputs)"), QStringLiteral("input"));
    m_noiseOn->addItem(tr("both"), QStringLiteral("both"));
    m_noiseOn->setToolTip(tr("Where the training noise goes: on h after every step (Farrell "
                             "et al.), on the embedded words (Bricken et al.), or both"));
    auto* browse = new QPushButton(tr("…"));
    browse->setToolTip(tr("Choose the sweep's folder"));
    m_start = new QPushButton(tr("Start sweep"));
    m_export = new QPushButton(tr("Export table…"));
    m_export->setToolTip(tr("Write sweep.json and sweep.csv with provenance into a folder"));
    m_open = new QPushButton(tr("Open results…"));
    m_open->setToolTip(tr("Show a finished sweep from its sweep.json (written by flicker-cli "
                          "sweep or Export table) without training"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, kProgressSteps);
    m_state = new QLabel(tr("Choose the sizes and press Start. Large networks take long on a "
                            "laptop: every point is kept, so you can stop and resume."));
    m_state->setWordWrap(true);

    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    auto* controls = new QGroupBox(tr("Sweep"));
    auto* form = new QFormLayout(controls);
    form->addRow(tr("Preset"), m_presets);
    form->addRow(tr("Cells H"), m_sizes);
    form->addRow(tr("Seeds"), m_seeds);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Reviews"), m_reviews);
    form->addRow(tr("Noise SD"), m_noise);
    form->addRow(tr("Noise on"), m_noiseOn);
    form->addRow(tr("Folder"), folderRow);
    buildClusterControls(form);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_export);
    buttons->addWidget(m_open);
    form->addRow(buttons);
    form->addRow(m_progress);
    form->addRow(m_state);
    connectControls(browse);
    return controls;
}

void SweepPage::buildTable() {
    m_table = new QTableWidget(0, ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("cells"), tr("noise SD"), tr("seed"), tr("state"),
                                        tr("test acc."), tr("β(h)"), tr("PR(h)"), tr("time")});
    m_table->horizontalHeaderItem(PrH)->setToolTip(
        tr("Participation ratio of h at each step across the reviews, mean over the steps"));
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(PointState, QHeaderView::Stretch);
}

void SweepPage::connectControls(QPushButton* browse) {
    connect(m_presets, &QComboBox::activated, this, [this](int index) {
        const QString sizes = m_presets->itemData(index).toString();
        if (!sizes.isEmpty()) m_sizes->setText(sizes); // "your own sizes" keeps what is typed
    });
    // The preset box follows the list: the preset it matches, else "your own sizes".
    connect(m_sizes, &QLineEdit::textChanged, this, [this](const QString& text) {
        const auto normalised = [](const QString& list) {
            QStringList parts = list.split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (QString& part : parts)
                part = part.trimmed();
            return parts.join(QLatin1Char(','));
        };
        int match = m_presets->count() - 1;
        for (int k = 0; k + 1 < m_presets->count(); ++k)
            if (normalised(m_presets->itemData(k).toString()) == normalised(text)) match = k;
        m_presets->setCurrentIndex(match);
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Folder of the sweep"), m_folder->text());
        if (!dir.isEmpty()) m_folder->setText(dir);
    });
    connect(m_start, &QPushButton::clicked, this, [this] {
        m_running || (isFollowing() && !m_clusterJobs.empty()) ? cancelSweep() : startSweep();
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a sweep's results"), m_folder->text(), tr("Sweep (sweep.json)"));
        if (path.isEmpty()) return;
        QString error;
        if (!loadSweep(path, &error))
            QMessageBox::warning(this, tr("Cannot open the sweep"), error);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Export the sweep's table to"));
        if (dir.isEmpty()) return;
        QString error;
        if (!exportTable(dir, &error)) QMessageBox::warning(this, tr("Export failed"), error);
    });
}

QString SweepPage::pageTitle() const {
    return tr("Capacity sweep");
}

QList<PlotView*> SweepPage::figures() const {
    return {m_plot, m_noisePlot};
}

QString SweepPage::defaultFolder() const {
    QString name = m_workspace->corpus() ? QString::fromStdString(m_workspace->corpus()->name)
                                         : QStringLiteral("data");
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("sweeps/") + name);
}

SweepPage::State SweepPage::state() const {
    return {m_sizes->text(),
            m_seeds->text(),
            m_epochs->value(),
            m_reviews->value(),
            m_folder->text(),
            m_noise->text(),
            m_noiseOn->currentData().toString()};
}

void SweepPage::setState(const State& state) {
    m_sizes->setText(state.sizes);
    m_seeds->setText(state.seeds);
    m_epochs->setValue(state.epochs);
    m_reviews->setValue(state.reviews);
    m_folder->setText(state.folder.isEmpty() ? defaultFolder() : state.folder);
    m_noise->setText(state.noise);
    const int target = m_noiseOn->findData(state.noiseOn);
    m_noiseOn->setCurrentIndex(target >= 0 ? target : 0);
}

void SweepPage::setSizes(const QString& sizes) {
    m_sizes->setText(sizes);
}

SweepSettings SweepPage::settingsFromControls() const {
    SweepSettings s;
    s.hidden.clear();
    for (long long h : parseList(m_sizes->text(), tr("Cells")))
        s.hidden.push_back(int(h));
    s.seeds.clear();
    for (long long seed : parseList(m_seeds->text(), tr("Seeds")))
        s.seeds.push_back(std::uint64_t(seed));
    s.noise = parseNoise(m_noise->text());
    s.noiseOn =
        noiseTargetFromName(m_noiseOn->currentData().toString().toStdString()).value_or(s.noiseOn);
    s.training.epochs = m_epochs->value();
    s.study.maxReviews = std::size_t(m_reviews->value());
    s.study.controls.clear(); // the sweep compares sizes; controls are on the study page
    s.outDir = m_folder->text().toStdString();
    if (s.outDir.empty())
        throw Error(ErrorCode::InvalidArgument, tr("Choose a folder for the sweep").toStdString());
    return s;
}

int SweepPage::rowOf(int hidden, std::uint64_t seed, double noise) const {
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (m_table->item(row, Cells)->text().toInt() == hidden &&
            m_table->item(row, Seed)->text().toULongLong() == seed &&
            m_table->item(row, Noise)->text() == noiseText(noise))
            return row;
    return -1;
}

QString SweepPage::stateOf(int hidden, std::uint64_t seed, double noise) const {
    const int row = rowOf(hidden, seed, noise);
    return row < 0 ? QString() : m_table->item(row, PointState)->text();
}

void SweepPage::fillTable(const SweepSettings& s) {
    m_table->setRowCount(0);
    // The runner's order: sizes, then noise SDs, then seeds.
    const std::vector<double> noises = s.noise.empty() ? std::vector<double>{NAN} : s.noise;
    for (int h : s.hidden)
        for (double noise : noises)
            for (std::uint64_t seed : s.seeds) {
                const int row = m_table->rowCount();
                m_table->insertRow(row);
                const QStringList cells{QString::number(h), noiseText(noise), QString::number(seed),
                                        tr("queued"),       QString(),        QString(),
                                        QString(),          QString()};
                for (int c = 0; c < ColumnCount; ++c)
                    m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
            }
}

void SweepPage::startSweep() {
    if (m_running || !m_workspace->corpus()) return;
    SweepSettings settings;
    try {
        settings = settingsFromControls();
    } catch (const Error& e) {
        m_state->setText(style::errorHtml(QString::fromStdString(e.what()).toHtmlEscaped()));
        return;
    }
    if (clusterMode()) {
        submitToCluster(settings);
        return;
    }
    if (!QDir().mkpath(m_folder->text())) {
        m_state->setText(style::errorHtml(
            tr("Cannot create the folder %1").arg(m_folder->text().toHtmlEscaped())));
        return;
    }
    clearLoaded();
    m_running = true;
    m_done.clear();
    m_pointSeconds.clear();
    m_pointsTotal = settings.hidden.size() * std::max<std::size_t>(1, settings.noise.size()) *
                    settings.seeds.size();
    fillTable(settings);
    replot();
    m_start->setText(tr("Cancel sweep"));
    m_progress->setValue(0);
    m_state->setText(tr("Starting…"));
    m_clock.start();
    m_pointClock.start();
    m_currentPoint = 0;
    const std::size_t generation = ++m_generation;
    auto corpus = m_workspace->corpus();
    m_jobs->start(
        tr("Capacity sweep"),
        [this, corpus, settings, generation](const JobContext& job) {
            runSweep(
                *corpus, settings,
                [&](const SweepPoint& point) {
                    job.post([this, point, generation] {
                        if (generation == m_generation) onPoint(point);
                    });
                },
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

void SweepPage::cancelSweep() {
    if (isFollowing() && !m_running) {
        cancelCluster();
        return;
    }
    if (m_running) m_jobs->cancel();
}

void SweepPage::onProgress(const Progress& p) {
    if (p.part != m_currentPoint) {
        m_currentPoint = p.part;
        m_pointClock.restart();
    }
    const int row = int(p.part) < m_table->rowCount() ? int(p.part) : -1;
    const double fraction = p.total ? double(p.done) / double(p.total) : 0.0;
    QString state;
    double within = 0; // of this point: training, then analysing
    if (p.stage == kSweepTraining) {
        state = tr("training %1 %").arg(int(100 * fraction));
        within = kTrainingShare * fraction;
    } else if (p.stage == kSweepAnalysing) {
        state = tr("analysing %1/%2 reviews").arg(p.done).arg(p.total);
        within = kTrainingShare + (1 - kTrainingShare) * fraction;
    } else {
        state = p.stage == kSweepResumed ? tr("done (from disk)") : tr("done");
        within = 1;
    }
    if (row >= 0) m_table->item(row, PointState)->setText(state);
    const double overall = (double(p.part) + within) / double(std::max<std::size_t>(1, p.parts));
    m_progress->setValue(int(overall * kProgressSteps));
    const double elapsed = m_clock.elapsed() / 1000.0;
    // Larger networks take longer; the estimate is rough and says so.
    m_state->setText(tr("Point %1 of %2 (%3) · %4 elapsed, roughly %5 left")
                         .arg(p.part + 1)
                         .arg(p.parts)
                         .arg(QString::fromStdString(p.text))
                         .arg(durationText(elapsed))
                         .arg(overall > kEstimateAfter
                                  ? durationText(elapsed * (1 - overall) / overall)
                                  : QStringLiteral("—")));
}

void SweepPage::onPoint(const SweepPoint& p) {
    m_done.push_back(p);
    const int row = rowOf(p.hidden, p.seed, p.noise);
    const double took = m_pointClock.elapsed() / 1000.0;
    m_pointClock.restart();
    if (row >= 0)
        fillRow(row, p, p.resumed ? tr("done (from disk)") : tr("done"),
                p.resumed ? tr("earlier") : durationText(took));
    replot();
}

void SweepPage::fillRow(int row, const SweepPoint& p, const QString& state, const QString& time) {
    {
        m_table->item(row, PointState)->setText(state);
        m_table->item(row, Accuracy)
            ->setText(std::isfinite(p.testAccuracy)
                          ? QStringLiteral("%1 %").arg(100 * p.testAccuracy, 0, 'f', 1)
                          : QStringLiteral("—"));
        const auto it = p.study.summary.find("h");
        m_table->item(row, BetaH)
            ->setText(it == p.study.summary.end() ? QStringLiteral("—")
                                                  : QStringLiteral("%1 ± %2")
                                                        .arg(it->second.beta.mean, 0, 'f', 2)
                                                        .arg(it->second.beta.sd, 0, 'f', 2));
        m_table->item(row, PrH)->setText(style::formatNumber(p.study.prStepMean, 2));
        m_table->item(row, Seconds)->setText(time);
    }
}

void SweepPage::replot() {
    // Per size: the per-review β(h) of every seed pooled (mean ± SD over reviews and seeds; from
    // the points' summaries for a loaded sweep.json), the SD over seeds, and the means over seeds
    // of accuracy and utilisation (core summarizeBySize). In a noise sweep only the noise-free
    // points: the noisy ones are in the noise figure.
    std::vector<SweepPlotPoint> points;
    for (const SizeSummary& s : summarizeBySize(m_loaded.empty() ? m_done : m_loaded)) {
        SweepPlotPoint out;
        out.hidden = s.hidden;
        out.betaMean = s.betaMean;
        out.betaSd = s.betaSd;
        out.accuracy = s.accuracy;
        out.utilisation = s.utilisation;
        out.seeds = s.seeds;
        out.reviews = s.reviews;
        out.seedSd = s.seedSd;
        points.push_back(out);
    }
    m_plot->setPoints(points);
    replotNoise();
    if (m_loaded.empty()) updateProvenance();
}

void SweepPage::replotNoise() {
    // Per noise SD: β(h) pooled over reviews and seeds (mean ± SD), and the means over seeds of
    // the PR of h (mean over the steps of a review) and of the test accuracy.
    struct Pool {
        std::vector<double> betas;
        double pr = 0, accuracy = 0;
        int prs = 0, accuracies = 0;
    };
    std::map<double, Pool> byNoise;
    for (const SweepPoint& p : m_done) {
        if (std::isnan(p.noise)) continue;
        Pool& pool = byNoise[p.noise];
        for (const ReviewResult& r : p.study.reviews) {
            const auto it = r.rows.find("h");
            if (it != r.rows.end() && std::isfinite(it->second.beta))
                pool.betas.push_back(it->second.beta);
        }
        if (std::isfinite(p.study.prStepMean)) pool.pr += p.study.prStepMean, ++pool.prs;
        if (std::isfinite(p.testAccuracy)) pool.accuracy += p.testAccuracy, ++pool.accuracies;
    }
    Curve beta, pr, accuracy;
    beta.name = tr("β(h), mean ± SD over reviews and seeds");
    beta.colour = style::kPinkNoise;
    pr.name = tr("PR of h, mean over the steps of a review (right axis)");
    pr.colour = QColor(0x1f, 0x77, 0xb4);
    accuracy.name = tr("test accuracy");
    accuracy.colour = style::kSecondary;
    pr.rightAxis = true;
    accuracy.dashed = true;
    std::set<int> sizes;
    for (const SweepPoint& p : m_done)
        if (!std::isnan(p.noise)) sizes.insert(p.hidden);
    for (const auto& [noise, pool] : byNoise) {
        const Summary s = summarize(pool.betas, 1, 0);
        beta.x.push_back(noise);
        beta.y.push_back(pool.betas.empty() ? NAN : s.mean);
        beta.error.push_back(s.sd);
        pr.x.push_back(noise);
        pr.y.push_back(pool.prs ? pool.pr / pool.prs : NAN);
        accuracy.x.push_back(noise);
        accuracy.y.push_back(pool.accuracies ? pool.accuracy / pool.accuracies : NAN);
    }
    const QString target = m_noiseOn->currentText();
    m_noisePlot->setAxisLabels(tr("SD σ of the training noise on the %1").arg(target),
                               tr("β of h (spectral exponent) · test accuracy (fraction)"),
                               tr("participation ratio of h (dimensions)"));
    if (byNoise.empty()) {
        m_noisePlot->setCurves({});
        return;
    }
    m_noisePlot->setCurves({beta, pr, accuracy});
    QStringList cells;
    for (int h : sizes)
        cells << QString::number(h);
    m_noisePlot->setSubtitle(tr("H = %1 cells (pooled when several); noise in training only, "
                                "every study runs clean")
                                 .arg(cells.join(QStringLiteral(", "))));
}

void SweepPage::onEnded(const QString& error, bool cancelled) {
    m_running = false;
    m_start->setText(tr("Start sweep"));
    if (!error.isEmpty())
        m_state->setText(style::errorHtml(tr("The sweep stopped: %1").arg(error.toHtmlEscaped())) +
                         tr(" Finished points are kept in the folder."));
    else if (cancelled)
        m_state->setText(tr("Cancelled: %1 of %2 points are done and kept in the folder; Start "
                            "resumes the rest.")
                             .arg(m_done.size())
                             .arg(m_pointsTotal));
    else {
        m_progress->setValue(kProgressSteps);
        m_state->setText(tr("All %1 points done in %2.")
                             .arg(m_done.size())
                             .arg(durationText(m_clock.elapsed() / 1000.0)));
    }
    emit sweepFinished(error, cancelled);
}

bool SweepPage::exportTable(const QString& dir, QString* error) const {
    if (m_done.empty() || !m_workspace->corpus()) {
        if (error) *error = tr("No finished point to export yet.");
        return false;
    }
    try {
        SweepResult result;
        result.points = m_done;
        writeSweep(dir.toStdString(), result, makeProvenance(*m_workspace->corpus()));
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

void SweepPage::updateProvenance() {
    m_plot->setProvenance(m_workspace->provenance() +
                          tr(" · capacity sweep: cells %1, seeds %2, %3 epochs, folder %4")
                              .arg(m_sizes->text(), m_seeds->text())
                              .arg(m_epochs->value())
                              .arg(m_folder->text()));
    m_noisePlot->setProvenance(m_plot->provenance() +
                               tr(" · training noise SD %1 on %2")
                                   .arg(m_noise->text().isEmpty() ? tr("none") : m_noise->text(),
                                        m_noiseOn->currentData().toString()));
}

void SweepPage::showLoaded(const std::vector<SweepPoint>& points, const QString& label,
                           const QString& subtitle, const QString& provenance) {
    m_loaded = points;
    m_table->setRowCount(0);
    for (const SweepPoint& p : m_loaded) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{QString::number(p.hidden), noiseText(p.noise),
                                QString::number(p.seed)};
        for (int c = 0; c < ColumnCount; ++c)
            m_table->setItem(row, c, new QTableWidgetItem(c < cells.size() ? cells[c] : QString()));
        fillRow(row, p, m_runLive->isHidden() ? tr("loaded") : tr("precomputed"),
                QStringLiteral("—"));
    }
    m_loadedLabel->setText(label);
    m_loadedLabel->parentWidget()->show();
    m_plot->setSubtitle(subtitle);
    replot();
    m_plot->setProvenance(provenance);
    m_noisePlot->setProvenance(provenance);
    m_progress->setValue(0);
}

void SweepPage::clearLoaded() {
    if (m_loaded.empty()) return;
    m_loaded.clear();
    m_table->setRowCount(0);
    m_loadedLabel->clear();
    m_loadedLabel->parentWidget()->hide();
    m_plot->setSubtitle(QString());
    replot();
}

bool SweepPage::loadSweep(const QString& jsonPath, QString* error) {
    if (m_running) {
        if (error) *error = tr("A sweep is running; cancel it first.");
        return false;
    }
    SweepResult sweep;
    Provenance made;
    try {
        sweep = readSweep(jsonPath.toStdString(), &made);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    if (sweep.points.empty()) {
        if (error) *error = tr("%1 holds no finished point.").arg(jsonPath);
        return false;
    }
    m_runLive->hide();
    const QString dataset = QString::fromStdString(made.datasetName);
    showLoaded(sweep.points,
               tr("<b>Loaded results, not run here:</b> %1 (%2 points; data set %3, made by %4 "
                  "on %5). Start runs a sweep of its own.")
                   .arg(jsonPath.toHtmlEscaped())
                   .arg(sweep.points.size())
                   .arg(dataset.toHtmlEscaped(),
                        QString::fromStdString(made.program).toHtmlEscaped(),
                        QString::fromStdString(made.created).left(10)),
               tr("loaded from %1 — not run here").arg(jsonPath),
               tr("capacity sweep loaded from %1 · data set %2 · made by %3 on %4")
                   .arg(jsonPath, dataset, QString::fromStdString(made.program),
                        QString::fromStdString(made.created)));
    m_state->setText(tr("Showing a loaded sweep. Press Start to run the sweep set above."));
    return true;
}

bool SweepPage::showExample() {
    const QString dir = shippedExampleSweepDir();
    if (dir.isEmpty() || m_running) return false;
    SweepResult sweep;
    Provenance made;
    QJsonObject about;
    try {
        sweep = readSweep(QDir(dir).filePath(QStringLiteral("sweep.json")).toStdString(), &made);
        QFile file(QDir(dir).filePath(QStringLiteral("example.json")));
        if (file.open(QIODevice::ReadOnly))
            about = QJsonDocument::fromJson(file.readAll()).object();
    } catch (const std::exception&) {
        return false; // a damaged installation: the page stays empty, as before
    }
    if (sweep.points.empty()) return false;
    m_example.sizes = about["sizes"].toString();
    m_example.seeds = about["seeds"].toString(QStringLiteral("1"));
    m_example.epochs = about["epochs"].toInt(State{}.epochs);
    m_example.reviews = about["reviews"].toInt(kDefaultReviews);
    if (m_example.sizes.isEmpty()) {
        QStringList sizes;
        for (const SweepPoint& p : sweep.points)
            sizes << QString::number(p.hidden);
        m_example.sizes = sizes.join(QStringLiteral(", "));
    }
    const QString data = about["data"].toString(QString::fromStdString(made.datasetName));
    const QString minutes = about.contains("wall_seconds")
                                ? durationText(about["wall_seconds"].toDouble())
                                : tr("an unknown time");
    const QString made_ = tr("commit %1, %2")
                              .arg(about["commit"].toString(tr("unknown")),
                                   about["date"].toString(QString::fromStdString(made.created)));
    double lowest = INFINITY, highest = -INFINITY;
    for (const SweepPoint& p : sweep.points)
        if (std::isfinite(p.testAccuracy)) {
            lowest = std::min(lowest, p.testAccuracy);
            highest = std::max(highest, p.testAccuracy);
        }
    const QString accuracy =
        std::isfinite(lowest)
            ? tr("test accuracy %1–%2 %").arg(100 * lowest, 0, 'f', 0).arg(100 * highest, 0, 'f', 0)
            : tr("test accuracy unknown");
    const QString readme = QDir(dir).filePath(QStringLiteral("README.md"));
    m_runLive->show();
    showLoaded(
        sweep.points,
        tr("<b>Precomputed example</b>, not run on this computer: %1; cells %2, %3 epochs each "
           "(%4), β(h) over %5 long test reviews. Made by Flicker's own code (%6; %7 on a "
           "2-core machine); the command and what it shows: %8. <b>Run it live</b> trains these "
           "networks here, on the open data set.")
            .arg(data.toHtmlEscaped(), m_example.sizes)
            .arg(m_example.epochs)
            .arg(accuracy)
            .arg(m_example.reviews)
            .arg(made_.toHtmlEscaped(), minutes, readme.toHtmlEscaped()),
        tr("precomputed example: %1, %2 epochs (%3) — not run here; Run it live to train it")
            .arg(data)
            .arg(m_example.epochs)
            .arg(accuracy),
        tr("precomputed example (%1): %2 · cells %3, seeds %4, %5 epochs, %6 reviews · %7")
            .arg(QDir(dir).filePath(QStringLiteral("sweep.json")), data, m_example.sizes,
                 m_example.seeds)
            .arg(m_example.epochs)
            .arg(m_example.reviews)
            .arg(about["command"].toString()));
    m_state->setText(tr("Showing the precomputed example. Press Run it live to train it here, "
                        "or choose sizes and press Start."));
    return true;
}

void SweepPage::showExampleIfEmpty() {
    if (!m_running && !isFollowing() && m_done.empty() && m_loaded.empty()) showExample();
}

void SweepPage::runExampleLive() {
    if (m_running || m_example.sizes.isEmpty()) return;
    setSizes(m_example.sizes);
    m_seeds->setText(m_example.seeds);
    m_epochs->setValue(m_example.epochs);
    m_reviews->setValue(m_example.reviews);
    m_noise->clear();
    startSweep();
}

} // namespace flicker
