// Classroom mode and "About the science" (see classroom.h).
#include "classroom.h"

#include "dimensionality/dimensionality_page.h"
#include "explorer/explorer_page.h"
#include "explorer/study_page.h"
#include "noise_page.h"
#include "plot_style.h"
#include "sparsity/sparsity_page.h"
#include "sweep/sweep_page.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace flicker {

std::vector<LessonStep> lessonSteps(const LessonPages& pages) {
    std::vector<LessonStep> steps;
    steps.push_back(
        {QObject::tr("White, pink and brown noise"),
         QObject::tr(
             "White noise has no memory (β = 0); brown noise is a random walk (β = 2); pink, "
             "or 1/f, noise lies between (β = 1). On log-log axes the fluctuation F(n) of each is "
             "a straight line whose slope α gives β = 2α − 1."),
         [pages] {
             pages.show(pages.noise);
             pages.noise->showKind(NoiseKind::Pink);
         }});
    steps.push_back(
        {QObject::tr("An LSTM reads a review"),
         QObject::tr(
             "The network reads one word per step. The heatmap shows every unit of its hidden "
             "state h, the traces follow the most active ones, and F(n) measures how their "
             "fluctuations grow with the window n as the review goes on."),
         [pages] {
             pages.show(pages.explorer);
             pages.explorer->showKind(ActivationKind::H);
             pages.explorer->startPlaying(); // once a review is on screen
         }});
    steps.push_back(
        {QObject::tr("Inputs are white, the hidden state is pink"),
         QObject::tr(
             "Over many reviews the word vectors x fluctuate like white noise (β ≈ 0), while the "
             "hidden state h is pink-ward. Chong &amp; Feng (2024) report β(h) = 0.83 ± 0.13 for "
             "their LSTM on IMDb, near the human brain at rest; the figures here are this data set "
             "and model (named under each figure), and Flicker's own IMDb run measured 0.66 — "
             "Help › About the science says why. Scrambling the order of a unit's values "
             "(permuted) makes it white again."),
         [pages] {
             pages.explorer->stopPlaying();
             pages.show(pages.study);
             pages.study->setHistogramKinds({ActivationKind::X, ActivationKind::H});
             if (pages.study->result().reviews.empty() && !pages.study->isRunning())
                 pages.study->runStudy();
         }});
    steps.push_back(
        {QObject::tr("Too big a network loses its 1/f noise"),
         QObject::tr(
             "Train the same network with more and more cells: in the paper β of h falls toward "
             "0 once the network is far larger than the task needs. On screen at once: a sweep "
             "Flicker computed in advance on the demo corpus. <i>Run it live</i> trains those "
             "networks here; <i>Start</i> runs the quick sweep (4, 16 and 64 cells, minutes); "
             "the paper's 2 … 512 takes hours on a laptop."),
         [pages] {
             pages.show(pages.sweep);
             pages.sweep->setSizes(SweepPage::kQuickSizes);
             pages.sweep->showExampleIfEmpty();
         }});
    if (pages.dimensionality)
        steps.push_back(
            {QObject::tr("A chaotic network learns to forget what the task does not need"),
             QObject::tr(
                 "A simple recurrent network sees a point once and must tell, ten steps later, "
                 "which of two classes its cluster belongs to. Its participation ratio counts the "
                 "dimensions its activity fills. Press Run: after training, the strongly chaotic "
                 "network (γ = 250, red) keeps many dimensions early and collapses to a few by "
                 "step 10 — the two classes are all the task needs (Farrell et al. 2022)."),
             [pages] {
                 pages.show(pages.dimensionality);
                 pages.dimensionality->gammaEdit()->setText(QStringLiteral("20, 250"));
                 pages.dimensionality->inputDimSpin()->setValue(200);
             }});
    if (pages.sparsity)
        steps.push_back(
            {QObject::tr("Add noise and the neurons go quiet — like the cortex"),
             QObject::tr(
                 "A layer of ReLU neurons learns to redraw clothing images. Train it with noise "
                 "on its inputs and, for any one image, most neurons fall silent: the code "
                 "becomes sparse, as in the cortex, where few neurons fire at a time (Bricken "
                 "et al. 2023). Press Run to compare no noise (σ = 0) with σ = 0.8."),
             [pages] {
                 pages.show(pages.sparsity);
                 pages.sparsity->setSigmas(QStringLiteral("0, 0.8"));
                 pages.sparsity->setWidths(QStringLiteral("100"));
             }});
    return steps;
}

ClassroomBar::ClassroomBar(std::vector<LessonStep> steps, QWidget* parent)
    : QWidget(parent), m_steps(std::move(steps)) {
    m_title = new QLabel;
    m_text = new QLabel;
    m_text->setWordWrap(true);
    m_back = new QPushButton(tr("◀ Back"));
    m_next = new QPushButton(tr("Next ▶"));
    m_end = new QPushButton(tr("End the lesson"));
    m_back->setShortcut(QKeySequence(Qt::Key_PageUp));
    m_next->setShortcut(QKeySequence(Qt::Key_PageDown));
    m_back->setToolTip(tr("The previous step (Page Up)"));
    m_next->setToolTip(tr("The next step (Page Down; a presenter's clicker sends these keys)"));

    auto* words = new QVBoxLayout;
    words->addWidget(m_title);
    words->addWidget(m_text);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(words, 1);
    layout->addWidget(m_back);
    layout->addWidget(m_next);
    layout->addWidget(m_end);
    setAutoFillBackground(true);
    restyle();

    connect(m_back, &QPushButton::clicked, this, [this] { goTo(m_step - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { goTo(m_step + 1); });
    connect(m_end, &QPushButton::clicked, this, &ClassroomBar::endRequested);
}

void ClassroomBar::restyle() {
    // Larger than the application font (itself enlarged in presentation mode), recomputed when
    // it changes; a pink band, pale in the light theme and deep in the dark one, with text at
    // AA contrast on it.
    const QFont base = QApplication::font();
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * 1.35);
    font.setBold(true);
    m_title->setFont(font);
    QFont textFont = base;
    textFont.setPointSizeF(base.pointSizeF() * 1.1);
    m_text->setFont(textFont);
    for (QPushButton* b : {m_back, m_next, m_end})
        b->setFont(textFont);
    const QPalette app = QApplication::palette();
    const bool dark = style::relativeLuminance(app.color(QPalette::Window)) < 0.18;
    QPalette p = palette();
    const QColor band = dark ? QColor(0x3b, 0x23, 0x31) : QColor(0xfd, 0xf2, 0xf8);
    p.setColor(QPalette::Window, band);
    p.setColor(QPalette::WindowText, style::legible(app.color(QPalette::WindowText), band));
    setPalette(p);
}

void ClassroomBar::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::ApplicationFontChange ||
        event->type() == QEvent::ApplicationPaletteChange)
        restyle();
}

void ClassroomBar::goTo(int index) {
    if (m_steps.empty()) return;
    m_step = std::clamp(index, 0, int(m_steps.size()) - 1);
    const LessonStep& s = m_steps[std::size_t(m_step)];
    m_title->setText(tr("Step %1 of %2: %3").arg(m_step + 1).arg(m_steps.size()).arg(s.title));
    m_text->setText(s.text);
    m_back->setEnabled(m_step > 0);
    m_next->setEnabled(m_step + 1 < int(m_steps.size()));
    if (s.show) s.show();
}

QString ClassroomBar::currentTitle() const {
    return m_step < 0 ? QString() : m_steps[std::size_t(m_step)].title;
}

QString ScienceDialog::measuredOnImdbHtml() {
    // Every number here is the project's own, as written in the README ("The full run") and
    // BENCHMARKS.md ("Real data"); change them together.
    return tr(
        "<h3>What Flicker measured on real IMDb, and why it differs</h3>"
        "<p>The project's full run (<code>flicker-cli reproduce</code> on the labelled IMDb "
        "archive; README, “The full run”, and BENCHMARKS.md): the default network (embedding "
        "64, 64 LSTM cells, 10 epochs, seed 1) reached <b>86.3 % test accuracy</b>. Over all "
        "1,885 test reviews of ≥ 500 words (their first 500 words, UDFA, mean ± SD over "
        "reviews): inputs <b>β(x) = −0.015 ± 0.017</b> (the paper: 0.002 ± 0.116) and hidden "
        "state <b>β(h) = 0.661 ± 0.087</b> (the paper: 0.833 ± 0.132); the gates i, f, g, o "
        "0.183, the states c, h 0.743. β(h) fell as the network grew: 0.96 with 2 cells, "
        "0.66–0.69 from 16 to 64, 0.59 at 128, 0.53 at 256 and 0.38 at 512, while the test "
        "accuracy stopped improving after 128 cells.</p>"
        "<p><b>Why the numbers differ.</b> The paper does not publish its whole training set-up "
        "(optimiser schedule, vocabulary, embedding, how long it trained); Flicker uses "
        "documented defaults and did not tune them towards 0.83. The level of β(h) moves with "
        "the network's size (0.66–0.96 below 64 cells), so a network that is effectively "
        "smaller for the task reads higher. And the paper's ± is best read as a spread over "
        "single unit series (Flicker: 0.086 for x, 0.285 for h), not over reviews (0.017 and "
        "0.087). The demo corpus is generated text, not IMDb, and its model is smaller in "
        "data: its numbers differ again — every figure names the data set and model it "
        "shows.</p>");
}

QString ScienceDialog::referencesHtml() {
    // DOIs as the publishers give them (checked); where a paper has none, its proceedings.
    return tr(
        "<h3>References</h3><ol>"
        "<li>N. J. L. Chong, L. Feng, “Self-organization toward 1/f noise in deep neural "
        "networks”, <i>Chaos</i> 34 (8), 081101 (2024). doi:10.1063/5.0224138; "
        "arXiv:2301.08530.</li>"
        "<li>B. J. He, “Scale-free properties of the functional magnetic resonance imaging "
        "signal during rest and task”, <i>Journal of Neuroscience</i> 31 (39), 13786–13795 "
        "(2011). doi:10.1523/JNEUROSCI.2111-11.2011 (the fMRI exponents 0.83 at rest and 0.69 "
        "during tasks).</li>"
        "<li>Q. Yuan, C. Gu, T. Weng, H. Yang et al., unbiased detrended fluctuation analysis "
        "(UDFA), <i>Physica A</i> 505 (2018) (Flicker's default DFA).</li>"
        "<li>M. Farrell, S. Recanatesi, T. Moore, G. Lajoie, E. Shea-Brown, “Gradient-based "
        "learning drives robust representations in recurrent neural networks by balancing "
        "compression and expansion”, <i>Nature Machine Intelligence</i> 4 (2022). "
        "doi:10.1038/s42256-022-00498-0.</li>"
        "<li>T. Bricken, R. Schaeffer, B. Olshausen, G. Kreiman, “Emergence of sparse "
        "representations from noise”, <i>Proceedings of the 40th International Conference on "
        "Machine Learning</i>, PMLR 202, 3148–3191 (2023).</li></ol>");
}

ScienceDialog::ScienceDialog(const std::vector<LessonStep>& steps, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("About the science"));
    auto* outer = new QVBoxLayout(this);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);
    auto* intro = new QLabel(tr(
        "<p>Many signals in nature fluctuate as <b>1/f noise</b>: their power falls as "
        "1/f<sup>β</sup> "
        "with β near 1 — between <i>white</i> noise (β = 0, no memory) and <i>brown</i> noise "
        "(β = 2, a random walk). The human brain at rest shows β ≈ 0.8 in fMRI.</p>"
        "<p>Chong &amp; Feng (Chaos 34, 2024) measured β inside an LSTM that reads movie reviews, "
        "with detrended fluctuation analysis (DFA: the fluctuation F(n) grows as n<sup>α</sup>, "
        "β = 2α − 1). Flicker repeats their experiment live. Their findings, each with the figure "
        "that shows it in this app:</p>"));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    // Each finding in its own box, its "Show me" button inside, beside its paragraph.
    for (const LessonStep& step : steps) {
        auto* box = new QFrame;
        box->setObjectName(QStringLiteral("finding"));
        box->setFrameShape(QFrame::StyledPanel);
        auto* row = new QHBoxLayout(box);
        auto* text = new QLabel(QStringLiteral("<b>%1.</b> %2").arg(step.title, step.text));
        text->setWordWrap(true);
        auto* show = new QPushButton(tr("Show me"));
        show->setToolTip(tr("Open the app's live figure for “%1”").arg(step.title));
        connect(show, &QPushButton::clicked, this, [this, step] {
            accept();
            if (step.show) step.show();
        });
        row->addWidget(text, 1);
        row->addWidget(show, 0, Qt::AlignVCenter);
        layout->addWidget(box);
    }
    auto* measured = new QLabel(measuredOnImdbHtml());
    measured->setObjectName(QStringLiteral("measuredOnImdb"));
    measured->setWordWrap(true);
    layout->addWidget(measured);
    auto* references = new QLabel(referencesHtml());
    references->setObjectName(QStringLiteral("references"));
    references->setWordWrap(true);
    references->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(references);
    layout->addStretch(1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    outer->addWidget(buttons);
    resize(760, 640);
}

} // namespace flicker
