// The across-review page (see study_page.h).
#include "study_page.h"

#include "box_plot.h"
#include "curve_plot.h"
#include "error.h"
#include "histogram_plot.h"
#include "job_runner.h"
#include "kind_style.h"
#include "plot_style.h"
#include "scatter_plot.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

constexpr double kFmriRest = 0.83; // human fMRI, resting state (the paper's reference)
constexpr double kFmriTask = 0.69; // human fMRI, during a task
constexpr int kRefreshMs = 250;    // the figures redraw at most this often while batches arrive
constexpr std::size_t kEarlierKept = 8; // earlier studies offered for a comparison

std::vector<double> betasOf(const StudyResult& r, const std::string& key) {
    std::vector<double> out;
    out.reserve(r.reviews.size());
    for (const ReviewResult& review : r.reviews) {
        const auto it = review.rows.find(key);
        out.push_back(it == review.rows.end() ? std::nan("") : it->second.beta);
    }
    return out;
}

QString rowTitle(const std::string& key) {
    static const std::map<std::string, QString> names{
        {"internal", QObject::tr("internal (i f g o)")},
        {"external", QObject::tr("external (c h)")},
        {"h_shuffled", QObject::tr("h shuffled")},
        {"h_untrained", QObject::tr("h untrained")},
        {"h_permuted", QObject::tr("h permuted")},
        {"h_phase", QObject::tr("h phase")},
        {"x_shuffled", QObject::tr("x shuffled")},
        {"x_untrained", QObject::tr("x untrained")},
        {"x_permuted", QObject::tr("x permuted")},
        {"x_phase", QObject::tr("x phase")}};
    const auto it = names.find(key);
    return it != names.end() ? it->second : QString::fromStdString(key);
}

} // namespace

StudyPage::StudyPage(Workspace* workspace, JobRunner* jobs, QWidget* parent)
    : FigurePage(parent), m_workspace(workspace), m_jobs(jobs) {
    createFigures();
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(buildSidePanel());
    split->addWidget(buildFiguresPanel());
    split->setStretchFactor(1, 1);
    split->setSizes({380, 1020});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    // Batches arrive every few hundred milliseconds; redraw at most 4 times a second.
    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(kRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, &StudyPage::refresh);
    connectControls();
    identifyFromWorkspace();
    updateProvenance();
}

void StudyPage::createFigures() {
    m_histogram = new HistogramPlot;
    m_histogram->setFigureName(QStringLiteral("study-histogram"));
    m_histogram->setTitle(tr("β per review"));
    m_scatter = new ScatterPlot;
    m_scatter->setFigureName(QStringLiteral("study-scatter"));
    m_scatter->setTitle(tr("Hidden state against input, per review (click a point)"));
    m_scatter->setAxisLabels(tr("β of the input x"), tr("β of the hidden state h"));
    m_groups = new BoxPlot;
    m_groups->setFigureName(QStringLiteral("study-kinds"));
    m_groups->setTitle(tr("Every kind, internal and external"));
    m_groups->setReferenceLines({{0.0, tr("white")},
                                 {1.0, tr("pink (1/f)")},
                                 {kFmriRest, tr("human fMRI, rest (He 2011)")},
                                 {kFmriTask, tr("human fMRI, task (He 2011)")}});
    m_controls = new BoxPlot;
    m_controls->setFigureName(QStringLiteral("study-controls"));
    m_controls->setTitle(tr("Real network beside the controls"));
    m_controls->setReferenceLines({{0.0, tr("white")}, {1.0, tr("pink (1/f)")}});
    m_prSteps = new CurvePlot;
    m_prSteps->setFigureName(QStringLiteral("study-pr-steps"));
    m_prSteps->setTitle(tr("Dimensionality of h over the steps of a review"));
    m_prSteps->setAxisLabels(tr("step t of the review (words read)"),
                             tr("participation ratio of hₜ across reviews (dimensions)"));
    m_comparison = new StudyComparison;
}

QWidget* StudyPage::buildSidePanel() {
    const State defaults;
    m_reviews = new QSpinBox;
    m_reviews->setRange(0, 100000);
    m_reviews->setSpecialValueText(tr("all long reviews"));
    m_reviews->setValue(defaults.reviews);
    m_reviews->setToolTip(tr("How many long test reviews (≥ 500 words) to analyse; 0 = all"));
    m_withControls = new QCheckBox(tr("with controls"));
    m_withControls->setChecked(defaults.controls);
    m_withControls->setToolTip(
        tr("Also measure shuffled words, an untrained network of the same size, and permutation "
           "and phase-randomised surrogates of each series (about 3× the time)"));
    m_run = new QPushButton(tr("Run study"));
    m_run->setToolTip(tr("Record every long test review and measure β of every kind (Ctrl+R)"));
    m_run->setShortcut(QKeySequence(tr("Ctrl+R")));
    m_state = new QLabel(tr("No study yet: press “Run study”."));
    m_state->setWordWrap(true);
    buildSummaryTable();
    m_sources = new QLabel;
    m_sources->setWordWrap(true);
    m_sources->setTextFormat(Qt::RichText);

    auto* controls = new QGroupBox(tr("Study"));
    auto* form = new QFormLayout(controls);
    form->addRow(tr("Reviews"), m_reviews);
    form->addRow(m_withControls);
    form->addRow(m_run);
    form->addRow(m_state);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(controls);
    topLayout->addWidget(buildCompareBox());
    auto* rest = new QWidget;
    auto* restLayout = new QVBoxLayout(rest);
    restLayout->setContentsMargins(0, 0, 0, 0);
    restLayout->addWidget(m_table, 1);
    restLayout->addWidget(m_sources);
    return scrollable(column(top, rest), 340);
}

void StudyPage::buildSummaryTable() {
    m_table = new QTableWidget(0, 4);
    m_table->setHorizontalHeaderLabels({tr("β of"), tr("mean ± SD"), tr("95 % CI"), tr("n")});
    m_table->horizontalHeaderItem(0)->setToolTip(
        tr("The kind, group or control (shuffled words, untrained network, permutation and phase "
           "surrogates)"));
    m_table->horizontalHeaderItem(1)->setToolTip(tr("Mean and SD of the per-review β"));
    m_table->horizontalHeaderItem(2)->setToolTip(
        tr("Bootstrap 95 % confidence interval of the mean (2,000 resamples)"));
    m_table->horizontalHeaderItem(3)->setToolTip(tr("Reviews with a value"));
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
}

QLayout* StudyPage::buildKindChecks() {
    auto* kinds = new QHBoxLayout;
    kinds->addWidget(new QLabel(tr("Histogram:")));
    for (ActivationKind k : kAllKinds) {
        auto* check = new QCheckBox(QString::fromLatin1(kindName(k)));
        check->setToolTip(tr(kindTitle(k)));
        check->setChecked(k == ActivationKind::X || k == ActivationKind::H);
        connect(check, &QCheckBox::toggled, this, [this] { refresh(); });
        m_kindChecks.push_back(check);
        kinds->addWidget(check);
    }
    kinds->addStretch(1);
    return kinds;
}

QWidget* StudyPage::buildFiguresPanel() {
    auto* grid = new QGridLayout;
    grid->addWidget(m_histogram, 0, 0);
    grid->addWidget(m_scatter, 0, 1);
    grid->addWidget(m_groups, 1, 0);
    grid->addWidget(m_controls, 1, 1);
    grid->addWidget(m_prSteps, 2, 0, 1, 2);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 3);
    grid->setRowStretch(2, 2);
    // The wide, flat PR curve may be lower than the others: the page then fits 1024 × 700 and a
    // 1366 × 768 laptop in presentation mode, the tabs included.
    m_prSteps->setMinimumHeight(130);
    auto* figuresBox = new QWidget;
    auto* figuresLayout = new QVBoxLayout(figuresBox);
    figuresLayout->setContentsMargins(0, 0, 0, 0);
    figuresLayout->addLayout(buildKindChecks());
    figuresLayout->addLayout(grid, 1);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(figuresBox, tr("This study"));
    m_tabs->addTab(m_comparison, tr("Compared with another study"));
    m_tabs->setTabToolTip(1, tr("β histograms and the summary of this study beside another "
                                "(choose it under “Compare with” at the left)"));
    return m_tabs;
}

void StudyPage::connectControls() {
    connect(m_run, &QPushButton::clicked, this, [this] { m_running ? cancelStudy() : runStudy(); });
    connect(m_scatter, &ScatterPlot::pointClicked, this, [this](int index) {
        if (index >= 0 && std::size_t(index) < m_scatterReviews.size()) {
            m_scatter->setHighlighted(index);
            emit reviewRequested(m_scatterReviews[std::size_t(index)]);
        }
    });
    auto reset = [this] {
        cancelStudy();
        ++m_generation;
        m_result = StudyResult{};
        m_state->setText(tr("No study yet: press “Run study”."));
        identifyFromWorkspace();
        if (m_compareTwin) clearComparison(); // the twin of a study that is gone
        refresh();
    };
    connect(m_workspace, &Workspace::corpusChanged, this, reset);
    connect(m_workspace, &Workspace::modelChanged, this, reset);
}

QString StudyPage::pageTitle() const {
    return tr("Across reviews");
}

QList<PlotView*> StudyPage::figures() const {
    return {m_histogram, m_scatter, m_groups, m_controls, m_prSteps, m_comparison->histogram()};
}

StudySettings StudyPage::settingsFromControls() const {
    StudySettings s;
    s.maxReviews = std::size_t(m_reviews->value());
    if (!m_withControls->isChecked()) s.controls.clear();
    return s;
}

StudyPage::State StudyPage::state() const {
    return {m_reviews->value(), m_withControls->isChecked()};
}

void StudyPage::setState(const State& state) {
    m_reviews->setValue(state.reviews);
    m_withControls->setChecked(state.controls);
}

void StudyPage::setHistogramKinds(const std::vector<ActivationKind>& kinds) {
    for (std::size_t k = 0; k < m_kindChecks.size(); ++k) {
        const bool on = std::find(kinds.begin(), kinds.end(), kAllKinds[k]) != kinds.end();
        QSignalBlocker block(m_kindChecks[k]);
        m_kindChecks[k]->setChecked(on);
    }
    refresh();
}

void StudyPage::runStudy() {
    if (!m_workspace->ready() || m_running) return;
    const StudySettings settings = settingsFromControls();
    const std::size_t generation = ++m_generation;
    m_result = StudyResult{};
    m_result.settings = settings;
    identifyFromWorkspace();
    m_running = true;
    m_run->setText(tr("Cancel study"));
    m_state->setText(tr("Waiting for the running job…"));
    refresh();
    auto model = m_workspace->model();
    auto corpus = m_workspace->corpus();
    m_jobs->start(
        tr("Study of %1").arg(m_workspace->corpusLabel()),
        [this, model, corpus, settings, generation](const JobContext& job) {
            job.progress(0, tr("Study: recording the first reviews…"));
            // Each batch is followed by a progress report that says how far the study is.
            std::vector<ReviewResult> batchInHand;
            const StudyResult r =
                flicker::runStudy(
                    *model, *corpus, settings,
                    [&](const std::vector<ReviewResult>& batch) { batchInHand = batch; },
                    [&](const Progress& p) {
                        job.progress(p.fraction(),
                                     tr("Study: %1 of %2 reviews").arg(p.done).arg(p.total));
                        job.post([this, batch = std::move(batchInHand), done = p.done,
                                  total = p.total, generation] {
                            if (generation == m_generation) addBatch(batch, done, total);
                        });
                        batchInHand.clear();
                    },
                    job.stop)
                    .value;
            // The finished result carries utilisation and the participation ratio.
            job.post([this, r, generation] {
                if (generation != m_generation) return;
                const auto reviews = std::move(m_result.reviews);
                m_result = r;
                if (m_result.reviews.size() < reviews.size()) m_result.reviews = reviews;
                summarizeStudy(m_result);
                m_summaryStale = false;
            });
        },
        [this, generation](const JobResult<void>& r) {
            if (generation == m_generation) onStudyEnded(r.error, r.cancelled);
        });
}

void StudyPage::showResult(const StudyResult& result, const QString& source,
                           const Provenance* made) {
    cancelStudy();
    ++m_generation;
    m_running = false;
    m_run->setText(tr("Run study"));
    m_result = result;
    // Results read back (readStudy, studyFromJson) come summarised: a second bootstrap of every
    // row would double the time a large study takes to open.
    m_summaryStale = m_result.summary.empty() && !m_result.reviews.empty();
    if (made) {
        const QString model = !made->modelPath.empty()
                                  ? QFileInfo(QString::fromStdString(made->modelPath)).fileName()
                                  : QString::fromStdString(made->modelOrigin);
        m_identity = {model, made->modelHidden, made->modelTestAccuracy,
                      QString::fromStdString(made->datasetName)};
    } else {
        identifyFromWorkspace();
    }
    if (m_summaryStale) summarizeStudy(m_result);
    m_summaryStale = false;
    rememberStudy({std::make_shared<const StudyResult>(m_result), {}, resultLabel()});
    m_state->setText(
        tr("%1 reviews (%2).").arg(m_result.reviews.size()).arg(source.toHtmlEscaped()));
    refresh();
}

void StudyPage::cancelStudy() {
    if (m_running) m_jobs->cancel();
}

void StudyPage::addBatch(const std::vector<ReviewResult>& batch, std::size_t done,
                         std::size_t total) {
    m_result.reviews.insert(m_result.reviews.end(), batch.begin(), batch.end());
    m_summaryStale = true;
    m_state->setText(tr("Analysed %1 of %2 reviews…").arg(done).arg(total));
    if (!m_refresh->isActive()) m_refresh->start();
}

void StudyPage::onStudyEnded(const QString& error, bool cancelled) {
    m_running = false;
    m_run->setText(tr("Run study"));
    if (!error.isEmpty())
        m_state->setText(style::errorHtml(tr("The study failed: %1").arg(error.toHtmlEscaped())));
    else if (cancelled)
        m_state->setText(tr("Cancelled after %1 reviews; their results are shown.")
                             .arg(m_result.reviews.size()));
    else
        m_state->setText(tr("%1 reviews analysed (of %2 long test reviews). Utilisation of h: "
                            "%3 %, participation ratio %4 (over all steps), %5 (mean over the "
                            "steps of a review).")
                             .arg(m_result.reviews.size())
                             .arg(m_result.reviewsQualifying)
                             .arg(100.0 * m_result.utilisation, 0, 'f', 0)
                             .arg(m_result.participationRatio, 0, 'f', 1)
                             .arg(m_result.prStepMean, 0, 'f', 1));
    if (m_summaryStale) summarizeStudy(m_result);
    m_summaryStale = false;
    if (error.isEmpty() && !cancelled)
        rememberStudy({std::make_shared<const StudyResult>(m_result), {}, resultLabel()});
    else
        updateCompareChoices(); // the twin may have come with the reviews finished
    refresh();
    emit studyFinished(error, cancelled);
}

void StudyPage::refresh() {
    QElapsedTimer cost;
    cost.start();
    if (m_summaryStale) summarizeStudy(m_result);
    m_summaryStale = false;
    const StudyResult& r = m_result;

    std::vector<HistogramGroup> groups;
    for (std::size_t k = 0; k < kAllKinds.size(); ++k)
        if (m_kindChecks[k]->isChecked())
            groups.push_back({QString::fromLatin1(kindName(kAllKinds[k])), kindColor(kAllKinds[k]),
                              betasOf(r, kindName(kAllKinds[k]))});
    m_histogram->setGroups(groups);

    QStringList ids;
    m_scatterReviews.clear();
    for (const ReviewResult& review : r.reviews) {
        ids << QString::fromStdString(review.id);
        m_scatterReviews.push_back(review.corpusIndex);
    }
    m_scatter->setPoints(betasOf(r, "x"), betasOf(r, "h"), ids);

    std::vector<BoxGroup> boxes;
    for (ActivationKind k : kAllKinds)
        boxes.push_back({QString::fromLatin1(kindName(k)), kindColor(k), betasOf(r, kindName(k))});
    boxes.push_back({tr("internal"), style::kInternal, betasOf(r, "internal")});
    boxes.push_back({tr("external"), style::kExternal, betasOf(r, "external")});
    m_groups->setBoxes(boxes);

    std::vector<BoxGroup> controls{{tr("x"), kindColor(ActivationKind::X), betasOf(r, "x")},
                                   {tr("h"), kindColor(ActivationKind::H), betasOf(r, "h")}};
    for (const char* key : {"h_shuffled", "h_untrained", "h_permuted", "h_phase"})
        if (r.summary.count(key))
            controls.push_back({rowTitle(key), style::kControl, betasOf(r, key)});
    m_controls->setBoxes(controls);

    // The PR curve comes with the finished study (it needs every review's h at each step).
    std::vector<Curve> curves;
    const std::vector<double> steps(r.prSteps.begin(), r.prSteps.end());
    if (!r.prByStep.empty())
        curves.push_back({.name = tr("trained network"),
                          .colour = kindColor(ActivationKind::H),
                          .x = steps,
                          .y = r.prByStep,
                          .markers = false});
    if (!r.prByStepUntrained.empty())
        curves.push_back({.name = tr("untrained twin (same size and seed)"),
                          .colour = style::kControl,
                          .x = steps,
                          .y = r.prByStepUntrained,
                          .dashed = true,
                          .markers = false});
    m_prSteps->setCurves(curves);
    m_prSteps->setSubtitle(
        r.prByStep.empty()
            ? tr("Shown when the study has finished: the PR of hₜ needs every review at step t.")
            : tr("PR = (Σλ)²/Σλ² of the covariance of hₜ over %1 reviews; mean over steps %2 "
                 "(of at most %3 = min(H, reviews − 1))")
                  .arg(r.reviews.size())
                  .arg(style::formatNumber(r.prStepMean, 3))
                  .arg(std::min(r.unitTemporalSd.size(), r.reviews.size() - 1)));

    // The summary table, in the order a reader expects: kinds, groups, then the controls of the
    // input and the hidden state (the other kinds' controls are in the exported study).
    const std::vector<std::string> keys{
        "x",       "i",          "f",           "g",          "o",           "c",
        "h",       "internal",   "external",    "x_shuffled", "x_untrained", "x_permuted",
        "x_phase", "h_shuffled", "h_untrained", "h_permuted", "h_phase"};
    m_table->setRowCount(0);
    for (const std::string& key : keys) {
        const auto it = r.summary.find(key);
        if (it == r.summary.end()) continue;
        const Summary& b = it->second.beta;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(rowTitle(key)));
        m_table->setItem(row, 1,
                         new QTableWidgetItem(QStringLiteral("%1 ± %2").arg(
                             style::formatNumber(b.mean, 3), style::formatNumber(b.sd, 3))));
        m_table->setItem(row, 2,
                         new QTableWidgetItem(QStringLiteral("%1 … %2").arg(
                             style::formatNumber(b.ciLow, 3), style::formatNumber(b.ciHigh, 3))));
        m_table->setItem(row, 3, new QTableWidgetItem(QString::number(b.count)));
    }

    // Each unit's mean beta across the reviews (kept by summarizeStudy, also when read back).
    if (!r.unitBetaMeans.empty()) emit unitBetasChanged(r.unitBetaMeans);
    refreshComparison();
    updateProvenance();
    // While batches stream in, each refresh re-summarises every review so far: at a fixed
    // interval that is O(reviews²) over a run. Waiting ten times this refresh's cost before the
    // next keeps the GUI thread's share of a run under a tenth, so the total stays linear.
    m_refresh->setInterval(std::max(kRefreshMs, int(10 * cost.elapsed())));
}

void StudyPage::updateSources() {
    // Measured: this data set and model as trained; published: the paper and its setting.
    QString trained;
    if (const auto model = m_workspace->model(); model && !model->history.epochs.empty())
        trained = tr(", trained %1 epochs").arg(model->history.epochs.size());
    const QString measured =
        m_result.reviews.empty()
            ? tr("<b>Measured here</b> (once the study has run): the open data set and model.")
            : tr("<b>Measured here</b>: %1 long test reviews of %2 (≥ %3 words, first %4, %5), "
                 "read by %6%7.")
                  .arg(m_result.reviews.size())
                  .arg(m_workspace->corpusLabel().toHtmlEscaped())
                  .arg(m_result.settings.minLength)
                  .arg(m_result.settings.steps)
                  .arg(QString::fromLatin1(dfaMethodName(m_result.settings.dfa.method)).toUpper())
                  .arg(m_workspace->modelLabel().toHtmlEscaped(), trained);
    m_sources->setText(
        measured +
        tr(" <b>Published</b>: Chong &amp; Feng (Chaos 34, 081101, 2024), their LSTM on IMDb "
           "test reviews of ≥ 500 words: β(x) = 0.002 ± 0.116, β(h) = 0.833 ± 0.132 (training "
           "set-up not fully published; Flicker's 10-epoch IMDb model, 86.3 % accuracy, gave "
           "β(h) = 0.661 ± 0.087 — Help › About the science). The 0.83 and 0.69 lines are human "
           "fMRI at rest and in a task (He, J. Neurosci. 2011), not this network."));
}

QWidget* StudyPage::buildCompareBox() {
    auto* box = new QGroupBox(tr("Compare with"));
    auto* layout = new QVBoxLayout(box);
    m_compareWith = new QComboBox;
    m_compareWith->setToolTip(
        tr("Show this study beside another on the “Compared with another study” tab: the β "
           "histograms overlaid and the summary with both sides and their difference. The "
           "untrained twin is this study's own control (same size and seed, random weights, "
           "same reviews); earlier studies are those of this session; a study folder is one "
           "written by Flicker (File › Export, or flicker-cli study --out DIR)."));
    m_compareState = new QLabel;
    m_compareState->setWordWrap(true);
    layout->addWidget(m_compareWith);
    layout->addWidget(m_compareState);
    connect(m_compareWith, &QComboBox::activated, this, &StudyPage::onCompareChosen);
    updateCompareChoices();
    return box;
}

void StudyPage::updateCompareChoices() {
    const QString current = m_compareWith->currentData().toString();
    QSignalBlocker block(m_compareWith);
    m_compareWith->clear();
    m_compareWith->addItem(tr("nothing"), QStringLiteral("none"));
    m_compareWith->addItem(tr("the untrained twin (this study's control)"), QStringLiteral("twin"));
    if (!hasUntrainedTwin(m_result)) {
        // Disabled, not hidden: it tells where the twin comes from.
        auto* model = qobject_cast<QStandardItemModel*>(m_compareWith->model());
        if (model) model->item(1)->setEnabled(false);
        m_compareWith->setItemData(1, tr("Run the study “with controls” to measure the twin"),
                                   Qt::ToolTipRole);
    }
    for (std::size_t k = 0; k < m_earlier.size(); ++k)
        m_compareWith->addItem(
            tr("%1 (%2 reviews)").arg(m_earlier[k].label).arg(m_earlier[k].result->reviews.size()),
            QStringLiteral("earlier:%1").arg(k));
    m_compareWith->addItem(tr("a study folder…"), QStringLiteral("folder"));
    const int index = m_compareWith->findData(current);
    m_compareWith->setCurrentIndex(index >= 0 && m_comparing ? index : 0);
}

void StudyPage::onCompareChosen(int index) {
    const QString choice = m_compareWith->itemData(index).toString();
    if (choice == QStringLiteral("none")) {
        clearComparison();
    } else if (choice == QStringLiteral("twin")) {
        compareWithUntrainedTwin();
    } else if (choice.startsWith(QStringLiteral("earlier:"))) {
        const std::size_t k = choice.mid(8).toULongLong();
        if (k < m_earlier.size()) compareWith(m_earlier[k]);
    } else if (choice == QStringLiteral("folder")) {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Compare with the study in folder"), QString(), QFileDialog::ShowDirsOnly);
        QString error;
        if (folder.isEmpty() || !compareWithFolder(folder, &error)) updateCompareChoices();
    }
}

bool StudyPage::compareWithFolder(const QString& path, QString* error) {
    const QFileInfo info(path);
    const QString json =
        info.isDir() ? QDir(path).filePath(QStringLiteral("study.json")) : info.filePath();
    try {
        Provenance made;
        auto result = std::make_shared<StudyResult>(
            readStudy(QDir::toNativeSeparators(json).toStdString(), &made)); // summarised
        const ComparedStudy other{result, {}, studyLabel(made)};
        rememberStudy(other);
        compareWith(other);
        return true;
    } catch (const Error& e) {
        const QString message = QString::fromStdString(e.what());
        m_compareState->setText(
            style::errorHtml(tr("Not compared: %1").arg(message.toHtmlEscaped())));
        if (error) *error = message;
        return false;
    }
}

bool StudyPage::compareWithUntrainedTwin() {
    if (!hasUntrainedTwin(m_result)) {
        m_compareState->setText(tr("This study has no untrained twin: run it with controls."));
        return false;
    }
    m_comparing = true;
    m_compareTwin = true;
    m_other = {};
    updateCompareChoices();
    m_compareWith->setCurrentIndex(m_compareWith->findData(QStringLiteral("twin")));
    m_tabs->setCurrentWidget(m_comparison);
    refreshComparison();
    return true;
}

void StudyPage::compareWith(const ComparedStudy& other) {
    m_comparing = true;
    m_compareTwin = false;
    m_other = other;
    updateCompareChoices();
    for (std::size_t k = 0; k < m_earlier.size(); ++k)
        if (m_earlier[k].result == other.result)
            m_compareWith->setCurrentIndex(
                m_compareWith->findData(QStringLiteral("earlier:%1").arg(k)));
    m_tabs->setCurrentWidget(m_comparison);
    refreshComparison();
}

void StudyPage::clearComparison() {
    m_comparing = m_compareTwin = false;
    m_other = {};
    m_compareWith->setCurrentIndex(0);
    m_compareState->clear();
    m_comparison->clear();
    m_tabs->setCurrentIndex(0);
}

void StudyPage::rememberStudy(const ComparedStudy& study) {
    m_earlier.push_back(study);
    if (m_earlier.size() > kEarlierKept) m_earlier.erase(m_earlier.begin());
    updateCompareChoices();
}

void StudyPage::refreshComparison() {
    if (!m_comparing) return;
    // This study as it streams in: a view of m_result (no copy; the comparison is a child).
    const std::shared_ptr<const StudyResult> self(std::shared_ptr<void>{}, &m_result);
    const ComparedStudy a{self, {}, resultLabel()};
    if (m_compareTwin) {
        const ComparedStudy twin{self, std::string("_") + conditionName(Condition::Untrained),
                                 tr("untrained twin of %1")
                                     .arg(studyLabel(m_identity.model, m_identity.hidden, kNoValue,
                                                     m_identity.dataset))};
        m_comparison->setStudies(a, twin);
        m_compareState->setText(tr("The same reviews read by a network of the same size and "
                                   "seed whose weights were never trained."));
    } else {
        m_comparison->setStudies(a, m_other);
        m_compareState->setText(
            m_other.result->reviews.empty() ? tr("The other study has no reviews.") : QString());
    }
}

QString StudyPage::resultLabel() const {
    return studyLabel(m_identity.model, m_identity.hidden, m_identity.accuracy, m_identity.dataset);
}

void StudyPage::identifyFromWorkspace() {
    m_identity = {};
    const auto model = m_workspace->model();
    if (!model) return;
    m_identity.model = m_workspace->modelPath().isEmpty()
                           ? QString::fromStdString(model->origin)
                           : QFileInfo(m_workspace->modelPath()).fileName();
    m_identity.hidden = model->network.settings().hidden;
    const auto& epochs = model->history.epochs;
    if (!epochs.empty() && epochs.back().testAccuracy >= 0)
        m_identity.accuracy = epochs.back().testAccuracy;
    m_identity.dataset = m_workspace->corpusLabel();
}

void StudyPage::updateProvenance() {
    updateSources();
    const StudySettings& s = m_result.settings;
    const QString text =
        m_workspace->provenance() +
        tr(" · study: %1 long %2 reviews (≥ %3 words, first %4), %5 order %6, aggregation %7, "
           "seed %8")
            .arg(m_result.reviews.size())
            .arg(QString::fromLatin1(splitName(s.split)))
            .arg(s.minLength)
            .arg(s.steps)
            .arg(QString::fromLatin1(dfaMethodName(s.dfa.method)).toUpper())
            .arg(s.dfa.order)
            .arg(QString::fromLatin1(aggregationName(s.aggregation)))
            .arg(s.seed);
    QString noise;
    if (const auto model = m_workspace->model()) {
        const TrainingSettings& t = model->history.settings;
        if (t.inputNoise > 0 || t.hiddenNoise > 0)
            noise = tr(" · model trained with noise: input SD %1, hidden SD %2 (studied clean)")
                        .arg(t.inputNoise)
                        .arg(t.hiddenNoise);
    }
    for (PlotView* figure : figures())
        figure->setProvenance(text + noise);
}

} // namespace flicker
