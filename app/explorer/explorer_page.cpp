// The explorer page (see explorer_page.h): layout, wiring, and the per-review worker.
#include "explorer_page.h"

#include "error.h"
#include "fluctuation_plot.h"
#include "heatmap_plot.h"
#include "plot_style.h"
#include "range_match_panel.h"
#include "review_list.h"
#include "review_plot_support.h"
#include "review_text.h"
#include "signal/spectrum.h"
#include "spectrum_plot.h"
#include "traces_plot.h"
#include "unit_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

constexpr int kMinPlayStepsForDfa = 32;
constexpr int kPlaySpeedMax = 60, kPlaySpeedDefault = 12; // words per second

bool symmetricKind(ActivationKind k) {
    // Gates i, f, o are sigmoids in [0, 1]; x, g (tanh), c and h take both signs.
    return k != ActivationKind::I && k != ActivationKind::F && k != ActivationKind::O;
}

QString unitName(ActivationKind k, int unit) {
    return QStringLiteral("%1 unit %2").arg(QString::fromLatin1(kindName(k))).arg(unit);
}

ReviewOutcome analyse(std::size_t review, std::shared_ptr<const Model> model,
                      std::shared_ptr<const Corpus> corpus, ReviewAnalysisSettings settings,
                      std::stop_token stop) {
    ReviewOutcome out;
    out.review = review;
    out.model = model;
    out.corpus = corpus;
    const std::vector<std::int32_t> ids =
        model->encode(corpus->reviews.at(review).text, settings.maxSteps);
    out.analysis =
        std::make_shared<ReviewAnalysis>(analyzeReview(model->network, ids, settings, stop));
    return out;
}

} // namespace

ExplorerPage::ExplorerPage(Workspace* workspace, QWidget* parent)
    : FigurePage(parent), m_workspace(workspace) {
    m_reviews = new ReviewListPanel(workspace);
    m_text = new ReviewTextView;
    m_reviewTitle = new QLabel(tr("No review selected"));
    m_reviewTitle->setWordWrap(true);
    QFont titleFont = m_reviewTitle->font();
    titleFont.setBold(true);
    m_reviewTitle->setFont(titleFont);
    m_units = new UnitPanel;
    m_matches = new RangeMatchPanel;

    m_heatmap = new HeatmapPlot;
    m_heatmap->setFigureName(QStringLiteral("review-heatmap"));
    m_heatmap->setTitle(tr("Activations of every unit"));
    m_traces = new TracesPlot;
    m_traces->setFigureName(QStringLiteral("review-traces"));
    m_traces->setTitle(tr("Selected units"));
    m_fluctuation = new FluctuationPlot;
    m_fluctuation->setWindowUnit(tr("words"));
    m_fluctuation->setFigureName(QStringLiteral("review-fluctuation"));
    m_fluctuation->setTitle(tr("Fluctuation F(n) (DFA)"));
    m_fluctuation->setExponentName(tr("β of the mean F(n)"));
    m_fluctuation->setToolTip(
        tr("Thin lines: the selected units' F(n). Points: F(n) averaged over every unit of the "
           "kind that is not silent, fitted in the shaded range (drag its edges): its β is "
           "“β of the mean F(n)”. The side panel's “mean of the units' β” averages each "
           "unit's own fit instead."));
    m_spectrum = new SpectrumPlot;
    m_spectrum->setStepName(tr("word"));
    m_spectrum->setFigureName(QStringLiteral("review-spectrum"));
    m_spectrum->setTitle(tr("Power spectrum (Welch)"));

    // Left: the reviews and the one being read. Middle: neurons and analysis settings.
    // Right: the figures, heatmap and traces sharing their step axis.
    auto* left = new QSplitter(Qt::Vertical);
    left->addWidget(m_reviews);
    left->addWidget(column(m_reviewTitle, m_text));
    left->setStretchFactor(0, 3);
    left->setStretchFactor(1, 2);

    auto* lower = new QSplitter(Qt::Horizontal);
    lower->addWidget(m_fluctuation);
    lower->addWidget(m_spectrum);
    auto* figures = new QSplitter(Qt::Vertical);
    figures->addWidget(m_heatmap);
    figures->addWidget(m_traces);
    figures->addWidget(lower);
    figures->setStretchFactor(0, 3);
    figures->setStretchFactor(1, 3);
    figures->setStretchFactor(2, 4);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    // The side panel scrolls when the window is lower than it (presentation fonts on a 1366 ×
    // 768 laptop) instead of making the whole page taller than the screen.
    split->addWidget(scrollable(buildSidePanel(), 250));
    split->addWidget(figures);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 6);
    split->setSizes({360, 330, 730});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_reviews, &ReviewListPanel::reviewSelected, this, &ExplorerPage::showReview);
    connect(m_units, &UnitPanel::kindChanged, this, [this] {
        m_fitMin = m_fitMax = 0; // each kind starts from the default fit
        showAnalysis();
        matchRange();
    });
    connect(m_units, &UnitPanel::unitsChanged, this, [this] { showUnits(); });
    connect(m_text, &ReviewTextView::rangeSelected, this, &ExplorerPage::matchRange);
    connect(m_matches, &RangeMatchPanel::unitsChosen, m_units, &UnitPanel::selectUnits);
    connect(m_fluctuation, &FluctuationPlot::fitRangeChanged, this,
            &ExplorerPage::onFitRangeChanged);
    connect(m_heatmap, &HeatmapPlot::stepRangeChanged, m_traces, &TracesPlot::setStepRange);
    connect(m_traces, &TracesPlot::stepRangeChanged, m_heatmap, &HeatmapPlot::setStepRange);
    connect(m_workspace, &Workspace::modelChanged, this, [this] {
        m_across.clear();
        if (m_shownReview >= 0) showReview(std::size_t(m_shownReview));
    });
    connect(m_workspace, &Workspace::corpusChanged, this, [this] {
        stopPlaying();
        // A running analysis belongs to the old data set: stop it, and drop what was queued.
        m_analysisJobs->cancel(true);
        m_shownReview = -1;
        m_analysis.reset();
        m_across.clear();
    });

    m_playTimer = new QTimer(this);
    connect(m_playTimer, &QTimer::timeout, this, &ExplorerPage::onPlayTick);
    updateProvenance();
}

ExplorerPage::~ExplorerPage() {
    delete m_analysisJobs; // stops and waits for the analysis, without calling back
}

QWidget* ExplorerPage::buildSidePanel() {
    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* neurons = new QGroupBox(tr("Neurons"));
    auto* neuronLayout = new QVBoxLayout(neurons);
    neuronLayout->addWidget(m_units);
    auto* matches = new QGroupBox(tr("Units that follow selected words"));
    matches->setToolTip(tr("Select a few words in the review text: the units of the kind shown "
                           "whose activity singles them out best are listed here (LSTMVis's "
                           "gesture). Select rows to show those units."));
    auto* matchLayout = new QVBoxLayout(matches);
    matchLayout->addWidget(m_matches);
    // The neurons and the matches share the height (drag between them); without a list the
    // matches are one line of hint, with one they take about 40 %.
    auto* shared = new QSplitter(Qt::Vertical);
    shared->setChildrenCollapsible(false);
    shared->addWidget(neurons);
    shared->addWidget(matches);
    // On a small screen the matches may be dragged away entirely (the page fits 1024 × 700).
    shared->setCollapsible(1, true);
    shared->setStretchFactor(0, 1);
    shared->setStretchFactor(1, 0);
    layout->addWidget(shared, 1);
    connect(m_matches, &RangeMatchPanel::listChanged, shared, [shared, matches](bool listed) {
        const int total = shared->height();
        const int low = matches->minimumSizeHint().height();
        const int wanted = listed ? std::max(low, total * 2 / 5) : low;
        shared->setSizes({std::max(0, total - wanted), wanted});
    });
    layout->addWidget(buildPlayBox());
    layout->addWidget(buildAnalysisBox());
    panel->setMinimumWidth(240);
    return panel;
}

QWidget* ExplorerPage::buildPlayBox() {
    auto* play = new QGroupBox(tr("Read along"));
    auto* playLayout = new QHBoxLayout(play);
    m_play = new QPushButton(tr("▶ Play"));
    m_play->setToolTip(tr("Step through the review word by word and watch the traces, heatmap "
                          "and F(n) grow as the network reads (Space)"));
    m_play->setShortcut(QKeySequence(Qt::Key_Space));
    m_speed = new QSlider(Qt::Horizontal);
    m_speed->setRange(1, kPlaySpeedMax);
    m_speed->setValue(kPlaySpeedDefault);
    m_speed->setToolTip(tr("Words per second"));
    auto* speedLabel = new QLabel;
    auto showSpeed = [this, speedLabel] {
        speedLabel->setText(tr("%1 words/s").arg(m_speed->value()));
        m_playTimer->setInterval(1000 / m_speed->value());
    };
    playLayout->addWidget(m_play);
    playLayout->addWidget(m_speed, 1);
    playLayout->addWidget(speedLabel);
    connect(m_speed, &QSlider::valueChanged, this, showSpeed);
    connect(m_play, &QPushButton::clicked, this,
            [this] { isPlaying() ? stopPlaying() : startPlaying(); });
    QTimer::singleShot(0, this, showSpeed);
    return play;
}

QWidget* ExplorerPage::buildAnalysisBox() {
    const State defaults;
    auto* analysis = new QGroupBox(tr("Analysis"));
    auto* form = new QFormLayout(analysis);
    m_method = new QComboBox;
    m_method->addItem(tr("UDFA (unbiased, overlapping)"), int(DfaMethod::Unbiased));
    m_method->addItem(tr("DFA (standard)"), int(DfaMethod::Standard));
    m_method->setCurrentIndex(m_method->findData(int(defaults.method)));
    m_method->setToolTip(tr("Detrended fluctuation analysis: the unbiased variant (Yuan et al. "
                            "2018) is the paper's method"));
    m_order = new QSpinBox;
    m_order->setRange(1, 3);
    m_order->setValue(defaults.order);
    m_order->setToolTip(tr("Order of the polynomial removed from each window"));
    m_steps = new QSpinBox;
    m_steps->setRange(32, 5000);
    m_steps->setValue(defaults.steps);
    m_steps->setSuffix(tr(" words"));
    m_steps->setToolTip(tr("Analyse the first N words of the review (the paper: 500)"));
    m_minScale = new QSpinBox;
    m_minScale->setRange(3, 1000);
    m_minScale->setValue(defaults.minScale);
    m_minScale->setSuffix(tr(" words"));
    m_minScale->setToolTip(tr("Smallest DFA window (raised to order + 2 when smaller)"));
    m_maxScale = new QSpinBox;
    m_maxScale->setRange(0, 5000);
    m_maxScale->setValue(defaults.maxScale);
    m_maxScale->setSpecialValueText(tr("N/4 (default)"));
    m_maxScale->setSuffix(tr(" words"));
    m_maxScale->setToolTip(
        tr("Largest DFA window; the default is a quarter of the analysed length"));
    m_scaleCount = new QSpinBox;
    m_scaleCount->setRange(4, 64);
    m_scaleCount->setValue(defaults.scaleCount);
    m_scaleCount->setToolTip(tr("Number of log-spaced window sizes between the two"));
    form->addRow(tr("Method"), m_method);
    form->addRow(tr("Order"), m_order);
    form->addRow(tr("Analysed"), m_steps);
    form->addRow(tr("Windows from"), m_minScale);
    form->addRow(tr("to"), m_maxScale);
    form->addRow(tr("Window sizes"), m_scaleCount);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    form->addRow(m_status);

    auto restart = [this] {
        m_fitMin = m_fitMax = 0;
        if (m_shownReview >= 0) showReview(std::size_t(m_shownReview));
    };
    connect(m_method, &QComboBox::currentIndexChanged, this, restart);
    connect(m_order, &QSpinBox::valueChanged, this, restart);
    for (QSpinBox* box : {m_steps, m_minScale, m_maxScale, m_scaleCount})
        connect(box, &QSpinBox::editingFinished, this, restart);
    return analysis;
}

QString ExplorerPage::pageTitle() const {
    return tr("Explorer");
}

QList<PlotView*> ExplorerPage::figures() const {
    return {m_heatmap, m_traces, m_fluctuation, m_spectrum};
}

ReviewAnalysisSettings ExplorerPage::analysisSettings() const {
    ReviewAnalysisSettings s;
    s.dfa.method = DfaMethod(m_method->currentData().toInt());
    s.dfa.order = m_order->value();
    s.dfa.minScale = m_minScale->value();
    s.dfa.maxScale = m_maxScale->value();
    s.dfa.scaleCount = m_scaleCount->value();
    s.dfa.fitMinScale = m_fitMin;
    s.dfa.fitMaxScale = m_fitMax;
    s.maxSteps = std::size_t(m_steps->value());
    return s;
}

ExplorerPage::State ExplorerPage::state() const {
    State s;
    const auto corpus = m_workspace->corpus();
    if (corpus && m_shownReview >= 0)
        s.reviewId = QString::fromStdString(corpus->reviews[std::size_t(m_shownReview)].id);
    s.kind = m_units->kind();
    s.units = m_units->selectedUnits();
    s.method = DfaMethod(m_method->currentData().toInt());
    s.order = m_order->value();
    s.steps = m_steps->value();
    s.minScale = m_minScale->value();
    s.maxScale = m_maxScale->value();
    s.scaleCount = m_scaleCount->value();
    s.fitMin = m_fitMin;
    s.fitMax = m_fitMax;
    return s;
}

bool ExplorerPage::setState(const State& state) {
    // The kind first: changing it starts from the default fit range, which the state then sets.
    showKind(state.kind);
    const std::initializer_list<QObject*> controls{m_method,   m_order,    m_steps,
                                                   m_minScale, m_maxScale, m_scaleCount};
    for (QObject* control : controls)
        control->blockSignals(true);
    m_method->setCurrentIndex(m_method->findData(int(state.method)));
    m_order->setValue(state.order);
    m_steps->setValue(state.steps);
    m_minScale->setValue(state.minScale);
    m_maxScale->setValue(state.maxScale);
    m_scaleCount->setValue(state.scaleCount);
    for (QObject* control : controls)
        control->blockSignals(false);
    m_fitMin = state.fitMin;
    m_fitMax = state.fitMax;

    const auto corpus = m_workspace->corpus();
    const long review = state.reviewId.isEmpty() || !corpus || !m_workspace->ready()
                            ? -1
                            : corpus->find(state.reviewId.toStdString());
    if (review < 0) return false;
    connect(
        this, &ExplorerPage::reviewShown, this,
        [this, units = state.units] { m_units->selectUnits(units); }, Qt::SingleShotConnection);
    showReview(std::size_t(review));
    return true;
}

void ExplorerPage::showKind(ActivationKind kind) {
    m_units->setKind(kind);
}

void ExplorerPage::showReview(std::size_t review) {
    if (!m_workspace->ready()) return;
    if (m_reviews->selectedReview() != long(review)) {
        m_reviews->selectReview(review); // comes back here through reviewSelected
        if (m_reviews->selectedReview() == long(review)) return;
    }
    stopPlaying();
    startAnalysis(review); // the newest selection wins: a running analysis is stopped
}

void ExplorerPage::startAnalysis(std::size_t review) {
    m_status->setText(tr("Reading the review…"));
    m_analysisJobs->start(
        tr("Reading the review"),
        [review, model = m_workspace->model(), corpus = m_workspace->corpus(),
         settings = analysisSettings()](const JobContext& job) {
            return analyse(review, model, corpus, settings, job.stop);
        },
        [this](const JobResult<ReviewOutcome>& r) { onAnalysisFinished(r); });
}

void ExplorerPage::onAnalysisFinished(const JobResult<ReviewOutcome>& result) {
    if (result.cancelled) return; // a newer selection or another data set replaced it
    if (!result.error.isEmpty()) {
        m_status->setText(style::errorHtml(result.error.toHtmlEscaped()));
        emit analysisFailed(result.error);
        return;
    }
    const ReviewOutcome& out = *result.value;
    // The data set changed while this review was analysed: its index means nothing now.
    if (out.corpus != m_workspace->corpus()) {
        m_status->setText(tr("Choose a review of the new data set"));
        return;
    }
    m_shownReview = long(out.review);
    m_shownModel = out.model;
    m_analysis = out.analysis;
    m_words = m_workspace->wordsOf(out.review, m_analysis->steps);
    const Review& r = m_workspace->corpus()->reviews[out.review];
    const float p = m_analysis->recording.probability;
    m_reviewTitle->setText(tr("%1 · %2 · %3 words analysed · model says %4 (P = %5)")
                               .arg(QString::fromStdString(r.id), r.label == 1   ? tr("positive")
                                                                  : r.label == 0 ? tr("negative")
                                                                                 : tr("unlabelled"))
                               .arg(m_analysis->steps)
                               .arg(p > 0.5f ? tr("positive") : tr("negative"))
                               .arg(double(p), 0, 'f', 2));
    m_status->setText(tr("%1 window sizes from %2 to %3 words")
                          .arg(m_analysis->scales.size())
                          .arg(m_analysis->scales.front())
                          .arg(m_analysis->scales.back()));
    showAnalysis();
    matchRange(); // the range belongs to the words: kept for the same review, else cleared
    emit reviewShown(out.review);
}

void ExplorerPage::setAcrossReviewBetas(const std::map<std::string, std::vector<double>>& betas) {
    m_across = betas;
    const auto it = m_across.find(kindName(m_units->kind()));
    m_units->setAcross(it == m_across.end() ? std::vector<double>{} : it->second);
}

void ExplorerPage::showAnalysis() {
    if (!m_analysis) return;
    const ActivationKind kind = m_units->kind();
    const Recording& rec = m_analysis->recording;
    const auto values = rec.values(kind);
    const std::size_t U = rec.units(kind);
    const QString label = QStringLiteral("%1 (a.u.)").arg(QString::fromLatin1(kindName(kind)));
    m_heatmap->setData(
        std::vector<float>(values.begin(), values.begin() + long(m_analysis->steps * U)),
        m_analysis->steps, U, label, symmetricKind(kind));
    m_heatmap->setTitle(tr("%1: every unit over the review").arg(tr(kindTitle(kind))));
    QStringList words;
    for (const std::string& w : m_words)
        words << QString::fromStdString(w);
    m_traces->setWords(words);
    const auto it = m_across.find(kindName(kind));
    m_units->setAnalysis(m_analysis->of(kind),
                         it == m_across.end() ? std::vector<double>{} : it->second);
    updateProvenance();
}

void ExplorerPage::showUnits() {
    if (!m_analysis) return;
    const ActivationKind kind = m_units->kind();
    const KindAnalysis& ka = m_analysis->of(kind);
    const std::vector<int> units = m_units->selectedUnits();

    std::vector<TraceSeries> series;
    std::vector<FluctuationCurve> curves;
    std::vector<QColor> colors;
    for (int u : units) {
        const QColor color = TracesPlot::unitColor(u);
        colors.push_back(color);
        series.push_back({unitName(kind, u), color, m_analysis->unitSeries(kind, std::size_t(u))});
        if (!ka.units[std::size_t(u)].silent)
            curves.push_back({unitName(kind, u), color, ka.units[std::size_t(u)]});
    }
    m_traces->setSeries(series);
    m_traces->setAxisLabels(wordAxisLabel(),
                            tr("%1 activation (a.u.)").arg(QString::fromLatin1(kindName(kind))));
    m_heatmap->setHighlightedUnits(units, colors);
    m_fluctuation->setCurves(
        curves, ka.meanFluctuation,
        tr("mean F(n) of %1 units").arg(ka.units.size() - std::size_t(ka.silentUnits)),
        m_method->currentIndex() == 0 ? tr("UDFA, order %1").arg(m_order->value())
                                      : tr("DFA, order %1").arg(m_order->value()));

    // The first selected unit is the focus: its spectrum and its tint on the words.
    if (units.empty()) {
        m_spectrum->clear();
        m_text->setReview(m_words, {}, {});
        return;
    }
    const int focus = units.front();
    const std::vector<double> x = m_analysis->unitSeries(kind, std::size_t(focus));
    try {
        m_spectrum->setResult(spectralExponent(x));
        m_spectrum->setTitle(tr("Power spectrum of %1 (Welch)").arg(unitName(kind, focus)));
    } catch (const Error& e) {
        m_spectrum->clear();
        m_status->setText(QString::fromStdString(e.what()));
    }
    m_text->setReview(m_words, x, unitName(kind, focus));
    updateProvenance();
}

void ExplorerPage::matchRange() {
    const auto [begin, end] = m_text->range();
    if (!m_analysis || end <= begin) {
        m_matches->clear(tr("Select words in the review text."));
        return;
    }
    const ActivationKind kind = m_units->kind();
    const std::size_t T = m_analysis->steps, U = m_analysis->recording.units(kind);
    if (std::size_t(begin) >= T) {
        m_matches->clear(tr("Those words are beyond the %1 analysed: select earlier ones.").arg(T));
        return;
    }
    const std::size_t last = std::min(std::size_t(end), T);
    if (begin == 0 && last == T) {
        m_matches->clear(
            tr("Every analysed word is selected: select part of the review, to compare it with "
               "the rest."));
        return;
    }
    const auto values = m_analysis->recording.values(kind).first(T * U);
    QString words;
    for (std::size_t t = std::size_t(begin);
         t < last && t < std::size_t(begin) + 4 && t < m_words.size(); ++t)
        words += (words.isEmpty() ? QString() : QStringLiteral(" ")) +
                 QString::fromStdString(m_words[t]);
    if (last - std::size_t(begin) > 4) words += QStringLiteral(" …");
    const QString where = last == std::size_t(begin) + 1
                              ? tr("word %1").arg(begin + 1)
                              : tr("words %1–%2").arg(begin + 1).arg(last);
    m_matches->setMatches(matchUnitsToRange(values, T, U, std::size_t(begin), last),
                          tr("“%1” (%2)").arg(words, where));
}

void ExplorerPage::onFitRangeChanged(double minScale, double maxScale) {
    if (!m_analysis) return;
    try {
        refitReview(*m_analysis, minScale, maxScale);
    } catch (const Error& e) {
        m_status->setText(QString::fromStdString(e.what()));
        return;
    }
    m_fitMin = minScale;
    m_fitMax = maxScale;
    const auto it = m_across.find(kindName(m_units->kind()));
    m_units->setAnalysis(m_analysis->of(m_units->kind()),
                         it == m_across.end() ? std::vector<double>{} : it->second);
    m_status->setText(tr("Fit over window sizes %1–%2 words").arg(minScale).arg(maxScale));
    emit reviewShown(std::size_t(m_shownReview));
}

void ExplorerPage::updateProvenance() {
    QString text = m_workspace->provenance();
    if (m_analysis && m_shownReview >= 0) {
        const ActivationKind kind = m_units->kind();
        QStringList units;
        for (int u : m_units->selectedUnits())
            units << QString::number(u);
        text +=
            tr(" · review %1 · %2, units %3 · %4 order %5, first %6 words")
                .arg(QString::fromStdString(
                         m_workspace->corpus()->reviews[std::size_t(m_shownReview)].id),
                     QString::fromLatin1(kindName(kind)), units.join(QLatin1Char(',')),
                     m_method->currentIndex() == 0 ? QStringLiteral("UDFA") : QStringLiteral("DFA"))
                .arg(m_order->value())
                .arg(m_analysis->steps);
        if (m_fitMin > 0 || m_fitMax > 0) text += tr(", fit %1–%2").arg(m_fitMin).arg(m_fitMax);
    }
    for (PlotView* figure : figures())
        figure->setProvenance(text);
}

bool ExplorerPage::isPlaying() const {
    return m_playTimer->isActive();
}

void ExplorerPage::startPlaying() {
    if (!m_analysis) return;
    m_playStep = -1;
    m_play->setText(tr("■ Stop"));
    m_playTimer->start();
    onPlayTick();
}

void ExplorerPage::stopPlaying() {
    if (!m_playTimer || !m_playTimer->isActive()) return;
    m_playTimer->stop();
    m_play->setText(tr("▶ Play"));
    m_playStep = -1;
    m_text->setCurrentStep(-1);
    m_heatmap->setCursorStep(-1);
    m_traces->setCursorStep(-1);
    showAnalysis(); // the whole review again
}

void ExplorerPage::onPlayTick() {
    if (!m_analysis) return;
    if (m_playStep + 1 >= int(m_analysis->steps)) {
        stopPlaying();
        return;
    }
    playTo(m_playStep + 1);
}

void ExplorerPage::playTo(int step) {
    if (!m_analysis || step < 0 || step >= int(m_analysis->steps)) return;
    m_playStep = step;
    const std::size_t n = std::size_t(step) + 1;
    const ActivationKind kind = m_units->kind();
    const std::size_t U = m_analysis->recording.units(kind);
    const auto values = m_analysis->recording.values(kind);
    const double T = double(m_analysis->steps);

    m_heatmap->setData(std::vector<float>(values.begin(), values.begin() + long(n * U)), n, U,
                       QStringLiteral("%1 (a.u.)").arg(QString::fromLatin1(kindName(kind))),
                       symmetricKind(kind));
    m_heatmap->setStepRange(-0.5, T - 0.5);
    m_heatmap->setCursorStep(step);
    m_text->setCurrentStep(step);

    std::vector<TraceSeries> series;
    std::vector<FluctuationCurve> curves;
    DfaSettings dfaSettings = analysisSettings().dfa;
    dfaSettings.fitMinScale = dfaSettings.fitMaxScale = 0;
    for (int u : m_units->selectedUnits()) {
        std::vector<double> x = m_analysis->unitSeries(kind, std::size_t(u));
        x.resize(n);
        if (n >= std::size_t(kMinPlayStepsForDfa)) {
            try {
                const DfaResult d = dfa(x, dfaSettings);
                if (!d.silent) curves.push_back({unitName(kind, u), TracesPlot::unitColor(u), d});
            } catch (const Error&) {
                // too short for the windows yet: the curve appears a few words later
            }
        }
        series.push_back({unitName(kind, u), TracesPlot::unitColor(u), std::move(x)});
    }
    m_traces->setSeries(series);
    m_traces->setStepRange(-0.5, T - 0.5);
    m_traces->setCursorStep(step);
    if (!curves.empty()) {
        // The aggregate while reading: F(n) averaged over the selected units seen so far.
        std::vector<const std::vector<double>*> fluctuations;
        for (const FluctuationCurve& c : curves)
            fluctuations.push_back(&c.result.fluctuation);
        const DfaResult mean = meanFluctuation(curves.front().result.scales, fluctuations, 0, 0);
        m_fluctuation->setCurves(curves, mean, tr("mean F(n) after %1 words").arg(n));
    } else {
        m_fluctuation->clear();
    }
    emit playStepShown(step);
}

} // namespace flicker
