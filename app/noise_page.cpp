// The "What is 1/f noise?" page (see noise_page.h).
#include "noise_page.h"

#include "fluctuation_plot.h"
#include "plot_style.h"
#include "spectrum_plot.h"
#include "trace_plot.h"

#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QtConcurrent/QtConcurrentRun>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

// The "any β" slider moves in tenths from −1 to 3, the Hurst slider in hundredths from 0.05 to
// 0.95.
constexpr double kBetaStep = 0.1, kBetaMin = -1, kBetaMax = 3;
constexpr double kHurstStep = 0.01, kHurstMin = 0.05, kHurstMax = 0.95;
constexpr int kNewSeedLimit = 1000000; // "New seed" draws from 1 … this − 1
constexpr int kPanelWidth = 330;       // the controls column, in pixels
constexpr int kPresentationPanelWidth = 460;

// The slider position of `value` on a slider that moves in steps of `step`.
int ticks(double value, double step) {
    return int(std::lround(value / step));
}

QColor colorOf(NoiseKind kind) {
    switch (kind) {
    case NoiseKind::White:
        return style::kWhiteNoise;
    case NoiseKind::Pink:
        return style::kPinkNoise;
    case NoiseKind::Brown:
        return style::kBrownNoise;
    default:
        return style::kData;
    }
}

} // namespace

NoisePage::NoisePage(QWidget* parent) : FigurePage(parent) {
    m_trace = new TracePlot;
    m_trace->setFigureName(QStringLiteral("noise-signal"));
    m_trace->setAxisLabels(tr("step"), tr("value (a.u.)"));
    m_trace->setExportSize({900, 320});
    m_fluctuation = new FluctuationPlot;
    m_fluctuation->setFigureName(QStringLiteral("noise-fluctuation"));
    m_fluctuation->setTitle(tr("Fluctuation F(n) (DFA)"));
    m_spectrum = new SpectrumPlot;
    m_spectrum->setFigureName(QStringLiteral("noise-spectrum"));
    m_spectrum->setTitle(tr("Power spectrum (Welch)"));

    auto* lower = new QSplitter(Qt::Horizontal);
    lower->addWidget(m_fluctuation);
    lower->addWidget(m_spectrum);
    lower->setSizes({1000, 1000}); // relative weights: half each
    lower->setChildrenCollapsible(false);
    auto* figures = new QSplitter(Qt::Vertical);
    figures->addWidget(m_trace);
    figures->addWidget(lower);
    figures->setSizes({300, 500});
    figures->setChildrenCollapsible(false);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(buildControls());
    layout->addWidget(figures, 1);

    // Dragging the fit band refits the shown F(n): no new signal, no new DFA.
    connect(m_fluctuation, &FluctuationPlot::fitRangeChanged, this,
            [this](double low, double high) {
                if (!m_hasResults || m_shown.dfa.silent) return;
                NoiseOutcome refitted = m_shown;
                refit(refitted.dfa, low, high);
                showOutcome(refitted);
            });
    updateParameterRows();
    requestUpdate();
}

NoisePage::~NoisePage() {
    delete m_jobs; // stops and waits for the computation, without calling back
}

QWidget* NoisePage::buildControls() {
    QWidget* signalBox = buildSignalBox();
    QWidget* analysisBox = buildAnalysisBox();
    QWidget* resultBox = buildResultBox();
    m_explanation = new QLabel(
        tr("<b>White noise</b> has no memory, <b>pink noise</b> (1/f) fluctuates on every time "
           "scale at once, and <b>brown noise</b> is a random walk. The slope α of F(n) is about "
           "0.5, 1 and 1.5 for them: the spectral exponent β = 2α − 1 ≈ 0, 1 and 2, which is "
           "also the (negative) slope of the power spectrum."));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::RichText);
    auto* reading = new QLabel(
        tr("<b>How to read the plots.</b> Top: the signal itself. Left: DFA measures how far the "
           "signal wanders, F(n), within windows of n steps; on log-log axes this is a straight "
           "line of slope α. The dashed lines show the slopes of white, pink and brown noise for "
           "comparison. Right: the power spectrum, how strong slow and fast fluctuations are; "
           "its slope is −β."));
    reading->setWordWrap(true);
    reading->setTextFormat(Qt::RichText);

    m_panel = new QWidget;
    auto* panelLayout = new QVBoxLayout(m_panel);
    panelLayout->setContentsMargins(0, 0, 0, 0);
    panelLayout->addWidget(signalBox);
    panelLayout->addWidget(analysisBox);
    panelLayout->addWidget(resultBox);
    panelLayout->addWidget(m_explanation);
    panelLayout->addSpacing(6);
    panelLayout->addWidget(reading);
    panelLayout->addStretch(1);
    // In a scroll area: with presentation fonts, or under the classroom bar on a 1280 × 800
    // screen, the panel is taller than the window; it scrolls rather than squeezing the result.
    m_panelScroll = new QScrollArea;
    m_panelScroll->setWidget(m_panel);
    m_panelScroll->setWidgetResizable(true);
    m_panelScroll->setFrameShape(QFrame::NoFrame);
    m_panelScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setPanelWidth(kPanelWidth);

    styleResult();
    connectControls();
    return m_panelScroll;
}

void NoisePage::setPanelWidth(int width) {
    m_panel->setFixedWidth(width);
    m_panelScroll->setFixedWidth(
        width + m_panelScroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2);
}

// Signal: what to generate.
QWidget* NoisePage::buildSignalBox() {
    const State defaults;
    m_kind = new QComboBox;
    m_kind->addItem(tr("white noise (no memory)"), int(NoiseKind::White));
    m_kind->addItem(tr("pink noise (1/f)"), int(NoiseKind::Pink));
    m_kind->addItem(tr("brown noise (random walk)"), int(NoiseKind::Brown));
    m_kind->addItem(tr("any β: 1/f^β noise"), int(NoiseKind::PowerLaw));
    m_kind->addItem(tr("fractional Gaussian noise (Hurst H)"), int(NoiseKind::Fgn));
    m_kind->setCurrentIndex(m_kind->findData(int(defaults.kind)));

    auto sliderRow = [](QSlider*& slider, QLabel*& value, int low, int high, int initial) {
        auto* row = new QWidget;
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        slider = new QSlider(Qt::Horizontal);
        slider->setRange(low, high);
        slider->setValue(initial);
        value = new QLabel;
        value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("−0.00")));
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        rowLayout->addWidget(slider, 1);
        rowLayout->addWidget(value);
        return row;
    };
    m_betaRow = sliderRow(m_betaSlider, m_betaSliderValue, ticks(kBetaMin, kBetaStep),
                          ticks(kBetaMax, kBetaStep), ticks(defaults.beta, kBetaStep));
    m_betaSlider->setToolTip(tr("Spectral exponent β: the power falls as 1/f^β (−1 … 3)"));
    m_hurstRow = sliderRow(m_hurstSlider, m_hurstSliderValue, ticks(kHurstMin, kHurstStep),
                           ticks(kHurstMax, kHurstStep), ticks(defaults.hurst, kHurstStep));
    m_hurstSlider->setToolTip(tr("Hurst exponent H (0.05 … 0.95); DFA gives α ≈ H, β = 2H − 1"));

    m_length = new QSpinBox;
    m_length->setRange(64, 100000);
    m_length->setValue(defaults.length);
    m_length->setSuffix(tr(" steps"));
    m_length->setKeyboardTracking(false); // typing "4096" must not compute 4, 40, 409 first
    m_length->setToolTip(tr("Number of steps of the signal (64 … 100 000)"));

    m_seed = new QSpinBox;
    m_seed->setRange(0, 999999999);
    m_seed->setValue(defaults.seed);
    m_seed->setKeyboardTracking(false);
    m_seed->setToolTip(tr("The same seed always gives the same signal"));
    m_newSeed = new QPushButton(tr("New seed"));
    m_newSeed->setToolTip(tr("Draw another signal of the same kind"));
    auto* seedRow = new QWidget;
    auto* seedLayout = new QHBoxLayout(seedRow);
    seedLayout->setContentsMargins(0, 0, 0, 0);
    seedLayout->addWidget(m_seed, 1);
    seedLayout->addWidget(m_newSeed);

    auto* signalBox = new QGroupBox(tr("Signal"));
    m_signalForm = new QFormLayout(signalBox);
    m_signalForm->addRow(tr("Noise:"), m_kind);
    m_signalForm->addRow(tr("β:"), m_betaRow);
    m_signalForm->addRow(tr("Hurst H:"), m_hurstRow);
    m_signalForm->addRow(tr("Length:"), m_length);
    m_signalForm->addRow(tr("Seed:"), seedRow);
    return signalBox;
}

// Analysis: how DFA measures it.
QWidget* NoisePage::buildAnalysisBox() {
    const State defaults;
    m_method = new QComboBox;
    m_method->addItem(tr("unbiased DFA (UDFA)"), int(DfaMethod::Unbiased));
    m_method->addItem(tr("standard DFA"), int(DfaMethod::Standard));
    m_method->setCurrentIndex(m_method->findData(int(defaults.method)));
    m_method->setToolTip(tr("UDFA (Yuan et al. 2018) uses every window position and corrects "
                            "the bias of short series; it is the method of the paper"));
    m_order = new QSpinBox;
    m_order->setRange(1, 3);
    m_order->setValue(defaults.order);
    m_order->setToolTip(tr("Order of the polynomial trend removed in each window (1 = line)"));
    auto* analysisBox = new QGroupBox(tr("Analysis"));
    auto* analysisForm = new QFormLayout(analysisBox);
    analysisForm->addRow(tr("Method:"), m_method);
    analysisForm->addRow(tr("Detrending order:"), m_order);
    return analysisBox;
}

// Result: the one number to take away.
QWidget* NoisePage::buildResultBox() {
    // Placeholders of the final shape, so that the layout does not jump when results arrive.
    m_betaResult = new QLabel(tr("β = …"));
    m_betaResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultDetails = new QLabel(tr("computing …<br> <br> "));
    m_resultDetails->setWordWrap(true);
    m_resultDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* resultBox = new QGroupBox(tr("Result"));
    // Shown while a computation runs (UDFA of order 2 or 3 on a long series takes seconds).
    m_busyLabel = new QLabel(tr("computing …"));
    m_busyLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_busyLabel->setEnabled(false); // greyed
    auto* resultLayout = new QVBoxLayout(resultBox);
    auto* betaLine = new QHBoxLayout;
    betaLine->addWidget(m_betaResult, 1);
    betaLine->addWidget(m_busyLabel);
    resultLayout->addLayout(betaLine);
    resultLayout->addWidget(m_resultDetails);
    return resultBox;
}

void NoisePage::connectControls() {
    auto parameterChanged = [this] {
        updateParameterRows();
        requestUpdate();
    };
    connect(m_kind, &QComboBox::currentIndexChanged, this, parameterChanged);
    connect(m_betaSlider, &QSlider::valueChanged, this, parameterChanged);
    connect(m_hurstSlider, &QSlider::valueChanged, this, parameterChanged);
    connect(m_length, &QSpinBox::valueChanged, this, &NoisePage::requestUpdate);
    connect(m_seed, &QSpinBox::valueChanged, this, &NoisePage::requestUpdate);
    connect(m_method, &QComboBox::currentIndexChanged, this, &NoisePage::requestUpdate);
    connect(m_order, &QSpinBox::valueChanged, this, &NoisePage::requestUpdate);
    connect(m_newSeed, &QPushButton::clicked, this, [this] {
        int seed = m_seed->value();
        while (seed == m_seed->value())
            seed = int(QRandomGenerator::global()->bounded(1, kNewSeedLimit));
        m_seed->setValue(seed);
    });
}

NoisePage::State NoisePage::state() const {
    State s;
    s.kind = NoiseKind(m_kind->currentData().toInt());
    s.beta = m_betaSlider->value() * kBetaStep;
    s.hurst = m_hurstSlider->value() * kHurstStep;
    s.length = m_length->value();
    s.seed = m_seed->value();
    s.method = DfaMethod(m_method->currentData().toInt());
    s.order = m_order->value();
    return s;
}

void NoisePage::setState(const State& state) {
    const std::initializer_list<QObject*> controls{m_kind, m_betaSlider, m_hurstSlider, m_length,
                                                   m_seed, m_method,     m_order};
    for (QObject* control : controls)
        control->blockSignals(true);
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(int(state.kind))));
    m_betaSlider->setValue(ticks(state.beta, kBetaStep));
    m_hurstSlider->setValue(ticks(state.hurst, kHurstStep));
    m_length->setValue(state.length);
    m_seed->setValue(state.seed);
    m_method->setCurrentIndex(std::max(0, m_method->findData(int(state.method))));
    m_order->setValue(state.order);
    for (QObject* control : controls)
        control->blockSignals(false);
    updateParameterRows();
    requestUpdate();
}

void NoisePage::showKind(NoiseKind kind) {
    m_kind->setCurrentIndex(m_kind->findData(int(kind))); // computes through currentIndexChanged
}

void NoisePage::updateParameterRows() {
    const auto kind = NoiseKind(m_kind->currentData().toInt());
    m_signalForm->setRowVisible(m_betaRow, kind == NoiseKind::PowerLaw);
    m_signalForm->setRowVisible(m_hurstRow, kind == NoiseKind::Fgn);
    m_betaSliderValue->setText(style::formatNumber(m_betaSlider->value() * kBetaStep, 1));
    m_hurstSliderValue->setText(style::formatNumber(m_hurstSlider->value() * kHurstStep, 2));
}

QString NoisePage::pageTitle() const {
    return tr("What is 1/f noise?");
}

QList<PlotView*> NoisePage::figures() const {
    return {m_trace, m_fluctuation, m_spectrum};
}

void NoisePage::setPresentationMode(bool on) {
    m_presentation = on;
    FigurePage::setPresentationMode(on);
    // The application font itself grows in presentation mode (the main window scales it); the
    // panel widens with it.
    setPanelWidth(on ? kPresentationPanelWidth : kPanelWidth);
    styleResult();
}

void NoisePage::changeEvent(QEvent* event) {
    FigurePage::changeEvent(event);
    // The result line's size and colour follow the application font and theme.
    if (event->type() == QEvent::ApplicationFontChange ||
        event->type() == QEvent::ApplicationPaletteChange)
        styleResult();
}

void NoisePage::styleResult() {
    QFont font = m_betaResult->font();
    font.setPointSizeF(QApplication::font().pointSizeF() * 2.2);
    font.setBold(true);
    m_betaResult->setFont(font);
    const QColor window = QApplication::palette().color(QPalette::Window);
    const QColor ink = QApplication::palette().color(QPalette::WindowText);
    const QColor color = m_hasResults ? colorOf(m_shown.request.noise.kind) : ink;
    // The grey of white noise and the blue of the other kinds would read as "disabled" or as a
    // link on the large result line; those use ink. Pink and brown are kept legible (AA) on the
    // window of the theme.
    const bool ownColor = color == style::kPinkNoise || color == style::kBrownNoise;
    QPalette palette = m_betaResult->palette();
    palette.setColor(QPalette::WindowText, ownColor ? style::legible(color, window) : ink);
    m_betaResult->setPalette(palette);
}

NoiseRequest NoisePage::requestFromControls() const {
    NoiseRequest request;
    request.noise.kind = NoiseKind(m_kind->currentData().toInt());
    request.noise.beta = m_betaSlider->value() * kBetaStep;
    request.noise.hurst = m_hurstSlider->value() * kHurstStep;
    request.noise.length = std::size_t(m_length->value());
    request.noise.seed = std::uint64_t(m_seed->value());
    request.dfa.method = DfaMethod(m_method->currentData().toInt());
    request.dfa.order = m_order->value();
    return request;
}

bool NoisePage::isComputing() const {
    return m_jobs->busy();
}

void NoisePage::requestUpdate() {
    // The newest settings win: a computation still running is stopped, its result dropped.
    m_busyLabel->setText(tr("computing …"));
    m_jobs->start(
        tr("Noise"),
        [request = requestFromControls()](const JobContext& job) {
            return computeNoise(request, job.stop);
        },
        [this](const JobResult<NoiseOutcome>& r) {
            if (r.cancelled || !r.value) return; // computeNoise reports its errors itself
            m_busyLabel->setText(QString());
            showOutcome(*r.value);
        });
}

void NoisePage::showOutcome(const NoiseOutcome& outcome) {
    m_shown = outcome;
    m_hasResults = outcome.error.isEmpty();
    const NoiseSettings& noise = outcome.request.noise;

    if (!outcome.error.isEmpty()) {
        m_trace->clear();
        m_fluctuation->clear();
        m_spectrum->clear();
        m_betaResult->setText(tr("β = ?"));
        m_resultDetails->setText(style::errorHtml(outcome.error.toHtmlEscaped()));
        styleResult();
        emit computationFailed(outcome.error);
        return;
    }

    const QString method =
        outcome.request.dfa.method == DfaMethod::Unbiased ? tr("UDFA") : tr("DFA");
    const QString provenance = describeRequest(outcome.request, &outcome.dfa);
    m_trace->setTitle(tr("The signal: %1, %2 steps").arg(describeNoise(noise)).arg(noise.length));
    m_trace->setColor(colorOf(noise.kind));
    m_trace->setData(outcome.signal);
    m_fluctuation->setResult(outcome.dfa,
                             tr("%1, order %2").arg(method).arg(outcome.request.dfa.order));
    m_spectrum->setResult(outcome.spectrum);
    for (PlotView* figure : figures())
        figure->setProvenance(provenance);

    const DfaResult& d = outcome.dfa;
    // "1", "0.4", "−0.82": as many decimals as the setting has, no more.
    const double rounded = std::round(expectedBeta(noise) * 100) / 100;
    const QString expected =
        QString::number(rounded, 'g', 3).replace(QLatin1Char('-'), QChar(0x2212));
    if (d.silent) {
        m_betaResult->setText(tr("β = ?"));
        m_resultDetails->setText(tr("The signal is constant: it has no exponent."));
    } else {
        m_betaResult->setText(tr("β = %1").arg(style::formatNumber(d.beta, 2)));
        m_resultDetails->setText(
            tr("measured by DFA: α = %1, β = 2α − 1<br>power spectrum: β<sub>PSD</sub> = %2<br>"
               "this kind of noise should give β ≈ %3")
                .arg(style::formatNumber(d.alpha, 2),
                     outcome.spectrum.silent ? tr("?")
                                             : style::formatNumber(outcome.spectrum.beta, 2),
                     expected));
    }
    styleResult();
    emit resultsUpdated();
}

QString NoisePage::displayedBetaText() const {
    return m_betaResult->text();
}

} // namespace flicker
