// The main window: layout and wiring only (see main_window.h).
#include "main_window.h"
#include "main_window_keys.h"

#include "app_theme.h"
#include "classroom.h"
#include "data/download_dialog.h"
#include "dimensionality/dimensionality_page.h"
#include "explorer/explorer_page.h"
#include "explorer/study_page.h"
#include "figure_export.h"
#include "flicker/version.h"
#include "job_runner.h"
#include "models_panel.h"
#include "noise_page.h"
#include "plot_view.h"
#include "sparsity/sparsity_page.h"
#include "sweep/sweep_page.h"
#include "train/train_dialog.h"
#include "welcome_dialog.h"
#include "workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace flicker {

using namespace window;

MainWindow::MainWindow(Start start, QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Flicker — 1/f noise in neural networks"));
    m_workspace = new Workspace(this);
    m_jobs = new JobRunner(this);
    buildPages();
    buildMenus();
    buildStatusBar();
    connectPages();
    restoreAndStart(start);
}

void MainWindow::buildPages() {
    m_pages = new QTabWidget;
    m_pages->setDocumentMode(true);
    m_explorer = new ExplorerPage(m_workspace);
    m_study = new StudyPage(m_workspace, m_jobs);
    m_sweep = new SweepPage(m_workspace, m_jobs);
    m_noisePage = new NoisePage;
    m_dimensionality = new DimensionalityPage(m_jobs);
    m_sparsity = new SparsityPage(m_jobs);
    for (FigurePage* page : std::initializer_list<FigurePage*>{
             m_explorer, m_study, m_sweep, m_noisePage, m_dimensionality, m_sparsity})
        m_pages->addTab(page, page->pageTitle());
    m_pages->setTabToolTip(0, tr("One review: its words, neurons, activations and F(n)"));
    m_pages->setTabToolTip(1, tr("β over many reviews, inputs against the hidden state, controls"));
    m_pages->setTabToolTip(2, tr("β of h as the network grows: does 1/f noise survive in "
                                 "oversized networks?"));
    m_pages->setTabToolTip(3, tr("White, pink and brown noise: what the exponents mean"));
    m_pages->setTabToolTip(m_pages->indexOf(m_dimensionality),
                           tr("Chaotic RNNs learn to compress what the task does not need "
                              "(Farrell et al. 2022)"));
    m_pages->setTabToolTip(m_pages->indexOf(m_sparsity),
                           tr("Noise on the inputs makes a ReLU layer a sparse code"));
    // Every figure's right-click export goes through the one export flow.
    m_export = new FigureExporter(this);
    for (int i = 0; i < m_pages->count(); ++i)
        if (auto* page = qobject_cast<FigurePage*>(m_pages->widget(i)))
            for (PlotView* figure : page->figures())
                m_export->connectFigure(figure);
    m_classroom = new ClassroomBar(lesson());
    m_classroom->hide();
    auto* central = new QWidget;
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_classroom);
    centralLayout->addWidget(m_pages, 1);
    setCentralWidget(central);
    m_models = new ModelsPanel;
    m_modelsDock = new QDockWidget(tr("Models"), this);
    m_modelsDock->setObjectName(QStringLiteral("modelsDock"));
    m_modelsDock->setWidget(m_models);
    addDockWidget(Qt::BottomDockWidgetArea, m_modelsDock);
    m_modelsDock->hide();
}

void MainWindow::connectPages() {
    connect(m_export, &FigureExporter::wrote, this,
            [this](const QString& message) { statusBar()->showMessage(message, 5000); });
    connect(m_study, &StudyPage::reviewRequested, this, [this](std::size_t review) {
        showPage(m_explorer);
        m_explorer->showReview(review);
    });
    connect(m_study, &StudyPage::unitBetasChanged, m_explorer, &ExplorerPage::setAcrossReviewBetas);
    connect(m_models, &ModelsPanel::modelChosen, this,
            [this](std::shared_ptr<const Model> model, const QString& path) {
                m_workspace->setModel(std::move(model), path);
                classifyAndStudy();
            });
    connect(m_models, &ModelsPanel::trainRequested, this, &MainWindow::showTrainDialog);
    connect(m_models, &ModelsPanel::openRequested, this, [this] { chooseModel(false); });
    connect(m_models, &ModelsPanel::saveRequested, this,
            [this](std::shared_ptr<const Model> model) { saveModel(std::move(model), {}); });
    connect(m_workspace, &Workspace::modelChanged, this,
            [this] { m_models->setCurrent(m_workspace->model()); });
    auto showWorkspace = [this] {
        m_workspaceLabel->setText(m_workspace->corpusLabel() + QStringLiteral(" · ") +
                                  m_workspace->modelLabel());
    };
    connect(m_workspace, &Workspace::corpusChanged, this, showWorkspace);
    connect(m_workspace, &Workspace::modelChanged, this, showWorkspace);
}

QSize MainWindow::fittedSize(QSize wanted, QSize available) {
    const QSize frame(16, 48); // window decoration: borders and title bar
    return wanted.boundedTo((available - frame).expandedTo(QSize(1, 1)));
}

void MainWindow::restoreAndStart(Start start) {
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1400, 900);
    if (const QScreen* shown = screen()) { // at most the screen's free area, frame included
        const QRect free = shown->availableGeometry();
        resize(fittedSize(size(), free.size()));
        if (!free.contains(frameGeometry().topLeft())) move(free.topLeft());
    }
    restoreState(settings.value(kStateKey).toByteArray());
    setPresentationMode(settings.value(kPresentationKey, false).toBool());
    setDarkTheme(settings.value(kDarkKey, false).toBool());
    theme::applyToApplication(presentationMode(), darkTheme()); // also when both stay off
    if (start == Start::Demo) {
        QTimer::singleShot(0, this, &MainWindow::loadDemoWorkspace);
    } else if (start == Start::Restore) {
        const QString data = settings.value(kLastDataKey).toString();
        const QString model = settings.value(kLastModelKey).toString();
        if (!data.isEmpty() && QFileInfo::exists(data) && !model.isEmpty() &&
            QFileInfo::exists(model)) {
            QTimer::singleShot(0, this, [this, data, model] {
                openDataSet(data);
                openModel(model);
            });
        } else {
            QTimer::singleShot(0, this, &MainWindow::loadDemoWorkspace);
        }
        if (!settings.value(kWelcomedKey, false).toBool()) {
            settings.setValue(kWelcomedKey, true);
            QTimer::singleShot(0, this, &MainWindow::showWelcome);
        }
    }
}

MainWindow::~MainWindow() {
    m_jobs->cancel(true);
    theme::restoreApplication();
}

void MainWindow::buildStatusBar() {
    m_workspaceLabel = new QLabel(tr("no data set · no model"));
    m_jobLabel = new QLabel;
    m_jobProgress = new QProgressBar;
    m_jobProgress->setMaximumWidth(220);
    m_jobProgress->setTextVisible(true);
    m_jobCancel = new QToolButton;
    m_jobCancel->setText(tr("Cancel"));
    m_jobCancel->setToolTip(tr("Stop the running job (Esc); finished results are kept"));
    m_jobCancel->setShortcut(QKeySequence(Qt::Key_Escape));
    statusBar()->addWidget(m_workspaceLabel, 1);
    statusBar()->addPermanentWidget(m_jobLabel);
    statusBar()->addPermanentWidget(m_jobProgress);
    statusBar()->addPermanentWidget(m_jobCancel);
    auto idle = [this] {
        m_jobLabel->clear();
        m_jobProgress->hide();
        m_jobCancel->hide();
    };
    idle();
    connect(m_jobCancel, &QToolButton::clicked, m_jobs, [this] { m_jobs->cancel(); });
    connect(m_jobs, &JobRunner::jobStarted, this, [this](const QString& title) {
        m_jobLabel->setText(title);
        m_jobProgress->setRange(0, 0);
        m_jobProgress->show();
        m_jobCancel->show();
    });
    connect(m_jobs, &JobRunner::progressChanged, this,
            [this](double fraction, const QString& text) {
                m_jobLabel->setText(text);
                if (fraction < 0) {
                    m_jobProgress->setRange(0, 0);
                } else {
                    m_jobProgress->setRange(0, 1000);
                    m_jobProgress->setValue(int(fraction * 1000));
                }
            });
    connect(m_jobs, &JobRunner::jobFinished, this,
            [this, idle](const QString& title, const QString& error, bool cancelled) {
                if (m_jobs->busy()) return; // the next one has started
                idle();
                if (cancelled)
                    statusBar()->showMessage(tr("%1: cancelled").arg(title), 5000);
                else if (error.isEmpty())
                    statusBar()->showMessage(tr("%1: done").arg(title), 4000);
            });
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    addDataActions(file);
    file->addSeparator();
    addSessionActions(file);
    file->addSeparator();
    addExportActions(file);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    buildViewMenu();
    buildToolBar();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("About the &science…"), this, &MainWindow::showScienceDialog);
    help->addAction(tr("&Welcome…"), this, &MainWindow::showWelcome);
    help->addAction(tr("&About Flicker"), this, &MainWindow::showAbout);
}

void MainWindow::addDataActions(QMenu* file) {
    file->addAction(tr("Use the &demo corpus"), this, &MainWindow::loadDemoWorkspace);
    m_openDataAction = file->addAction(tr("&Open data set (archive or CSV)…"), this,
                                       [this] { chooseDataSet(false); });
    m_openDataAction->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open data set &folder…"), this, [this] { chooseDataSet(true); });
    file->addAction(tr("&Download the IMDb data set…"), this, &MainWindow::showDownloadDialog);
    m_openModelAction = file->addAction(tr("Open &model…"), this, [this] { chooseModel(false); });
    m_openModelAction->setShortcut(QKeySequence(tr("Ctrl+M")));
    file->addAction(tr("&Import PyTorch model…"), this, [this] { chooseModel(true); });
    m_trainAction = file->addAction(tr("&Train a model…"), this, &MainWindow::showTrainDialog);
    m_trainAction->setShortcut(QKeySequence(tr("Ctrl+T")));
    m_trainAction->setToolTip(
        tr("Train an LSTM on the open data set and watch β organise (Ctrl+T)"));
    QAction* save = file->addAction(tr("&Save model as…"), this,
                                    [this] { saveModel(m_workspace->model(), {}); });
    save->setShortcut(QKeySequence::Save);
}

void MainWindow::addSessionActions(QMenu* file) {
    QAction* openSessionAction = file->addAction(tr("Open se&ssion…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a session"),
            QSettings().value(kLastSessionKey, QDir::homePath()).toString(),
            tr("Flicker sessions (*.flicker-session);;All files (*)"));
        if (!path.isEmpty()) openSession(path);
    });
    openSessionAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    QAction* saveSessionAction = file->addAction(tr("Save sess&ion as…"), this, [this] {
        QString path = QFileDialog::getSaveFileName(
            this, tr("Save the session"),
            QSettings().value(kLastSessionKey, QDir::homePath()).toString(),
            tr("Flicker sessions (*.flicker-session)"));
        if (path.isEmpty()) return;
        if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".flicker-session");
        QString error;
        if (!saveSession(path, &error))
            showError(tr("Could not save the session"), error);
        else
            statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    });
    saveSessionAction->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    QAction* openStudy = file->addAction(tr("Open study &results (study.json)…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open study results"),
            QSettings().value(kLastStudyKey, QDir::homePath()).toString(),
            tr("Flicker study results (study.json *.json);;All files (*)"));
        if (!path.isEmpty()) openStudyResults(path);
    });
    openStudy->setToolTip(
        tr("Show a study run by flicker-cli study or reproduce (its study.json) on "
           "the Across reviews page"));
}

void MainWindow::addExportActions(QMenu* file) {
    m_exportAction = file->addAction(tr("&Export figure…"), this, [this] {
        if (FigurePage* page = currentPage()) m_export->exportFromPage(*page);
    });
    m_exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportAllAction = file->addAction(tr("Export &all figures to folder…"), this, [this] {
        if (FigurePage* page = currentPage()) m_export->exportAll(*page);
    });
    m_exportAllAction->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    m_exportAction->setToolTip(
        tr("Export one figure of this page as PNG, SVG, PDF or the CSV of its numbers (Ctrl+E); "
           "right-click a figure for the same"));
    m_exportAllAction->setToolTip(tr("Write every figure of this page as PNG, SVG, PDF and CSV "
                                     "into a folder (Ctrl+Shift+E)"));
}

void MainWindow::buildViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_presentationAction = view->addAction(tr("&Presentation mode (large fonts)"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(tr("F5")));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::applyPresentationMode);
    m_darkAction = view->addAction(tr("&Dark theme"));
    m_darkAction->setCheckable(true);
    m_darkAction->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::applyDarkTheme);
    m_captionAction = view->addAction(tr("&Caption with provenance in exported figures"));
    m_captionAction->setCheckable(true);
    connect(m_captionAction, &QAction::toggled, this, &MainWindow::applyCaptions);
    view->addSeparator();
    QAction* models = m_modelsDock->toggleViewAction();
    models->setText(tr("&Models"));
    models->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    models->setToolTip(tr("The models trained or loaded in this session (Ctrl+Shift+M)"));
    view->addAction(models);
    view->addSeparator();
    for (int i = 0; i < m_pages->count(); ++i) {
        QAction* go =
            view->addAction(m_pages->tabText(i), this, [this, i] { m_pages->setCurrentIndex(i); });
        go->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
    }
    m_classroomAction = view->addAction(tr("&Classroom mode (guided lesson)"));
    m_classroomAction->setCheckable(true);
    m_classroomAction->setShortcut(QKeySequence(tr("F6")));
    m_classroomAction->setToolTip(tr("Large fonts and four guided steps: noise colours, an LSTM "
                                     "reading, inputs vs hidden state, oversized networks (F6)"));
    connect(m_classroomAction, &QAction::toggled, this, [this](bool on) { setClassroomMode(on); });
    connect(m_classroom, &ClassroomBar::endRequested, this, [this] { setClassroomMode(false); });
}

// The common actions one click away.
void MainWindow::buildToolBar() {
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // Short labels, so that the bar fits 1280 pixels in presentation fonts too (the menus keep
    // the long ones).
    m_exportAllAction->setIconText(tr("Export all…"));
    m_presentationAction->setIconText(tr("Presentation"));
    m_darkAction->setIconText(tr("Dark theme"));
    m_classroomAction->setIconText(tr("Classroom"));
    bar->addAction(m_openDataAction);
    bar->addAction(m_openModelAction);
    bar->addAction(m_trainAction);
    bar->addAction(m_modelsDock->toggleViewAction());
    bar->addSeparator();
    bar->addAction(m_exportAction);
    bar->addAction(m_exportAllAction);
    bar->addSeparator();
    bar->addAction(m_presentationAction);
    bar->addAction(m_darkAction);
    bar->addAction(m_classroomAction);
}

FigurePage* MainWindow::currentPage() const {
    return qobject_cast<FigurePage*>(m_pages->currentWidget());
}

bool MainWindow::presentationMode() const {
    return m_presentationAction->isChecked();
}

void MainWindow::setPresentationMode(bool on) {
    m_presentationAction->setChecked(on); // applied through toggled when it changes
}

bool MainWindow::darkTheme() const {
    return m_darkAction->isChecked();
}

void MainWindow::setDarkTheme(bool on) {
    m_darkAction->setChecked(on);
}

int MainWindow::pageCount() const {
    return m_pages->count();
}

FigurePage* MainWindow::page(int index) const {
    return qobject_cast<FigurePage*>(m_pages->widget(index));
}

void MainWindow::showPage(FigurePage* page) {
    m_pages->setCurrentWidget(page);
}

void MainWindow::applyDarkTheme(bool on) {
    theme::applyToApplication(presentationMode(), on); // the whole window, then the figures
    for (int i = 0; i < m_pages->count(); ++i)
        if (auto* page = qobject_cast<FigurePage*>(m_pages->widget(i)))
            for (PlotView* figure : page->figures())
                figure->setDarkTheme(on);
}

void MainWindow::applyCaptions(bool on) {
    for (int i = 0; i < m_pages->count(); ++i)
        if (auto* page = qobject_cast<FigurePage*>(m_pages->widget(i)))
            for (PlotView* figure : page->figures())
                figure->setCaptionInExports(on);
}

void MainWindow::applyPresentationMode(bool on) {
    theme::applyToApplication(on, darkTheme()); // the application font, then the figures
    for (int i = 0; i < m_pages->count(); ++i) {
        if (auto* page = qobject_cast<FigurePage*>(m_pages->widget(i)))
            page->setPresentationMode(on);
    }
}

QImage MainWindow::grabScreenshot() {
    for (int i = 0; i < m_pages->count(); ++i) {
        if (auto* page = qobject_cast<FigurePage*>(m_pages->widget(i))) {
            for (PlotView* figure : page->figures())
                figure->replotNow();
        }
    }
    return grab().toImage();
}

std::vector<LessonStep> MainWindow::lesson() {
    LessonPages pages{m_noisePage, m_explorer, m_study, m_sweep,
                      [this](FigurePage* page) { showPage(page); }};
    pages.dimensionality = m_dimensionality;
    pages.sparsity = m_sparsity;
    return lessonSteps(pages);
}

bool MainWindow::classroomMode() const {
    return m_classroomAction->isChecked();
}

void MainWindow::setClassroomMode(bool on) {
    if (m_classroomAction->isChecked() != on) {
        m_classroomAction->setChecked(on); // comes back here through toggled
        return;
    }
    m_classroom->setVisible(on);
    setPresentationMode(on);
    if (on) m_classroom->goTo(0);
}

void MainWindow::showWelcome() {
    auto* welcome = new WelcomeDialog(this);
    welcome->setAttribute(Qt::WA_DeleteOnClose);
    connect(welcome, &WelcomeDialog::demoChosen, this, [this] {
        if (!m_workspace->ready() && !m_jobs->busy()) loadDemoWorkspace();
    });
    connect(welcome, &WelcomeDialog::openChosen, this, [this] { chooseDataSet(false); });
    connect(welcome, &WelcomeDialog::downloadChosen, this, &MainWindow::showDownloadDialog);
    welcome->open();
}

void MainWindow::showDownloadDialog() {
    auto* dialog = new DownloadDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DownloadDialog::datasetReady, this, [this](const QString& path) {
        openDataSet(path);
        statusBar()->showMessage(tr("Downloaded and checked: train a model on it with File › "
                                    "Train a model (Ctrl+T)."),
                                 10000);
    });
    dialog->show();
}

void MainWindow::showScienceDialog() {
    ScienceDialog dialog(lesson(), this);
    dialog.exec();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Flicker"),
        tr("<h3>%1 %2</h3><p>Finds 1/f (pink) noise inside neural networks.</p>"
           "<p>Reproduces Chong &amp; Feng, “Self-Organization Towards 1/f Noise in Deep Neural "
           "Networks” (Chaos 34, 081101, 2024): detrended fluctuation analysis (unbiased DFA, "
           "Yuan et al. 2018) of LSTM activations, cross-checked with the power spectrum.</p>"
           "<p>Built with Qt %3 and QCustomPlot.</p>")
            .arg(kProgramName, kVersion, QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kPresentationKey, presentationMode());
    settings.setValue(kDarkKey, darkTheme());
    m_jobs->cancel(true);
    m_jobs->waitForAll();
    QMainWindow::closeEvent(event);
}

} // namespace flicker
