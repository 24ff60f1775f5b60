// The main window: layout and wiring only (see main_window.h).
#include "main_window.h"

#include "flicker/version.h"
#include "explorer/explorer_page.h"
#include "explorer/study_page.h"
#include "sweep/sweep_page.h"
#include "classroom.h"
#include "error.h"
#include "explorer/review_list.h"
#include "io/study_io.h"
#include "session.h"
#include "data/download_dialog.h"
#include "welcome_dialog.h"
#include "explorer/unit_panel.h"
#include "job_runner.h"
#include "models_panel.h"
#include "train/train_dialog.h"
#include "noise_page.h"
#include "plot_view.h"
#include "text/demo_corpus.h"
#include "text/readers.h"
#include "workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QLineEdit>
#include <QDir>
#include <QDockWidget>
#include <QSaveFile>
#include <QSpinBox>
#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace flicker {
namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kPresentationKey = QStringLiteral("view/presentationMode");
const QString kExportFolderKey = QStringLiteral("export/lastFolder");
const QString kDarkKey = QStringLiteral("view/darkTheme");
const QString kLastDataKey = QStringLiteral("data/lastPath");
const QString kLastModelKey = QStringLiteral("model/lastPath");
const QString kWelcomedKey = QStringLiteral("welcome/shown");
const QString kLastSessionKey = QStringLiteral("session/lastPath");

// The demo corpus the shipped model was trained on (resources/models/README.md).
constexpr std::uint64_t kDemoSeed = 1;
constexpr std::size_t kDemoReviewsPerSplit = 10000;
// Reviews are classified on their first 500 words, as the models are trained.
constexpr std::size_t kClassifyWords = 500;

} // namespace

MainWindow::MainWindow(Start start, QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Flicker — 1/f noise in neural networks"));
    m_workspace = new Workspace(this);
    m_jobs = new JobRunner(this);

    m_pages = new QTabWidget;
    m_pages->setDocumentMode(true);
    m_explorer = new ExplorerPage(m_workspace);
    m_study = new StudyPage(m_workspace, m_jobs);
    m_sweep = new SweepPage(m_workspace, m_jobs);
    m_noisePage = new NoisePage;
    for (FigurePage* page :
         std::initializer_list<FigurePage*>{m_explorer, m_study, m_sweep, m_noisePage})
        m_pages->addTab(page, page->pageTitle());
    m_pages->setTabToolTip(0, tr("One review: its words, neurons, activations and F(n)"));
    m_pages->setTabToolTip(1, tr("β over many reviews, inputs against the hidden state, controls"));
    m_pages->setTabToolTip(2, tr("β of h as the network grows: does 1/f noise survive in "
                                 "oversized networks?"));
    m_pages->setTabToolTip(3, tr("White, pink and brown noise: what the exponents mean"));
    m_classroom = new ClassroomBar(lessonSteps());
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
    buildMenus();
    buildStatusBar();

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
    connect(m_workspace, &Workspace::corpusChanged, this, [this] {
        m_workspaceLabel->setText(m_workspace->corpusLabel() + QStringLiteral(" · ") +
                                  m_workspace->modelLabel());
    });
    connect(m_workspace, &Workspace::modelChanged, this, [this] {
        m_workspaceLabel->setText(m_workspace->corpusLabel() + QStringLiteral(" · ") +
                                  m_workspace->modelLabel());
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1400, 900);
    restoreState(settings.value(kStateKey).toByteArray());
    setPresentationMode(settings.value(kPresentationKey, false).toBool());
    setDarkTheme(settings.value(kDarkKey, false).toBool());
    if (start == Start::Demo) {
        QTimer::singleShot(0, this, &MainWindow::loadDemoWorkspace);
    } else if (start == Start::Restore) {
        const QString data = settings.value(kLastDataKey).toString();
        const QString model = settings.value(kLastModelKey).toString();
        if (!data.isEmpty() && QFileInfo::exists(data) && !model.isEmpty() && QFileInfo::exists(model)) {
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
    connect(m_jobs, &JobRunner::progressChanged, this, [this](double fraction, const QString& text) {
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
                if (cancelled) statusBar()->showMessage(tr("%1: cancelled").arg(title), 5000);
                else if (error.isEmpty()) statusBar()->showMessage(tr("%1: done").arg(title), 4000);
            });
}

void MainWindow::showError(const QString& title, const QString& message) {
    // Window-modal but not blocking: jobs and replots go on while the message is read.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("errorMessage"));
    box->open();
}

void MainWindow::loadDemoWorkspace() {
    const QString modelPath = shippedDemoModelPath();
    QSettings settings; // the next start restores the demo, not an earlier data set
    settings.remove(kLastDataKey);
    settings.remove(kLastModelKey);
    auto corpus = std::make_shared<std::shared_ptr<const Corpus>>();
    auto model = std::make_shared<std::shared_ptr<const Model>>();
    m_jobs->start(
        tr("Preparing the demo corpus"),
        [corpus, model, modelPath](const JobContext& job) {
            DemoCorpusSettings demo;
            demo.seed = kDemoSeed;
            demo.trainCount = demo.testCount = kDemoReviewsPerSplit;
            *corpus = std::make_shared<const Corpus>(generateDemoCorpus(
                demo,
                [&](std::size_t done, std::size_t total, const std::string&) {
                    job.progress(total ? double(done) / double(total) : -1,
                                 QObject::tr("Writing the demo reviews: %1 of %2").arg(done).arg(total));
                },
                job.stop));
            if (!modelPath.isEmpty())
                *model = std::make_shared<const Model>(loadCheckpoint(modelPath.toStdString()));
        },
        [this, corpus, model, modelPath](const QString& error, bool cancelled) {
            if (cancelled) return;
            if (!error.isEmpty()) {
                showError(tr("Could not prepare the demo corpus"), error);
                return;
            }
            m_workspace->setCorpus(*corpus);
            if (*model) {
                m_models->addModel(*model, modelPath);
                m_workspace->setModel(*model, modelPath);
                classifyAndStudy();
            } else {
                statusBar()->showMessage(
                    tr("No shipped model found: open one with File › Open model… or train one "
                       "with “flicker-cli train --data demo --out model.flicker”."));
            }
        });
}

void MainWindow::openDataSet(const QString& path) {
    auto corpus = std::make_shared<std::shared_ptr<const Corpus>>();
    m_jobs->start(
        tr("Reading %1").arg(QFileInfo(path).fileName()),
        [corpus, path](const JobContext& job) {
            *corpus = std::make_shared<const Corpus>(readCorpus(
                path.toStdString(), {},
                [&](std::size_t done, std::size_t total, const std::string& what) {
                    job.progress(total ? double(done) / double(total) : -1,
                                 QString::fromStdString(what));
                },
                job.stop));
        },
        [this, corpus, path](const QString& error, bool cancelled) {
            if (cancelled) return; // the data set shown stays
            if (!error.isEmpty()) {
                showError(tr("Could not read the data set"),
                          tr("%1\n\nThe data set shown before is still open.").arg(error));
                return;
            }
            m_workspace->setCorpus(*corpus);
            QSettings().setValue(kLastDataKey, path);
            classifyAndStudy();
        });
}

void MainWindow::openModel(const QString& path, const QString& vocabularyPath) {
    auto model = std::make_shared<std::shared_ptr<const Model>>();
    m_jobs->start(
        tr("Loading %1").arg(QFileInfo(path).fileName()),
        [model, path, vocabularyPath](const JobContext&) {
            *model = std::make_shared<const Model>(
                loadModel(path.toStdString(), vocabularyPath.toStdString()));
        },
        [this, model, path](const QString& error, bool cancelled) {
            if (cancelled) return;
            if (!error.isEmpty()) {
                showError(tr("Could not load the model"),
                          tr("%1\n\nThe model shown before is still in use.").arg(error));
                return;
            }
            m_models->addModel(*model, path);
            m_workspace->setModel(*model, path);
            QSettings().setValue(kLastModelKey, path);
            classifyAndStudy();
        });
}

void MainWindow::classifyAndStudy() {
    if (!m_workspace->ready()) return;
    auto model = m_workspace->model();
    auto corpus = m_workspace->corpus();
    auto predictions = std::make_shared<std::shared_ptr<const CorpusPredictions>>();
    m_jobs->start(
        tr("Classifying the reviews"),
        [model, corpus, predictions](const JobContext& job) {
            *predictions = std::make_shared<const CorpusPredictions>(classifyCorpus(
                *model, *corpus, kClassifyWords,
                [&](std::size_t done, std::size_t total) {
                    job.progress(double(done) / double(total),
                                 QObject::tr("Classifying: %1 of %2 reviews").arg(done).arg(total));
                },
                job.stop));
        },
        [this, model, corpus, predictions](const QString& error, bool cancelled) {
            if (cancelled || model != m_workspace->model() || corpus != m_workspace->corpus())
                return;
            if (!error.isEmpty()) {
                showError(tr("Could not classify the reviews"), error);
                return;
            }
            m_workspace->setPredictions(*predictions);
            if (m_pendingSession) {
                const auto session = m_pendingSession;
                m_pendingSession.reset();
                applySession(*session);
                return;
            }
            // Open the first long test review, then measure across reviews in the background.
            for (std::size_t k = 0; k < corpus->reviews.size(); ++k) {
                const Review& r = corpus->reviews[k];
                if (r.split == Split::Test && r.tokens.size() >= kClassifyWords) {
                    connect(m_explorer, &ExplorerPage::reviewShown, this,
                            [this] { emit workspaceReady(); }, Qt::SingleShotConnection);
                    m_explorer->showReview(k);
                    break;
                }
            }
            m_study->runStudy();
        });
}

TrainDialog* MainWindow::showTrainDialog() {
    if (!m_workspace->corpus()) {
        showError(tr("No data set"), tr("Open a data set first (File › Use the demo corpus, or "
                                        "Open data set)."));
        return nullptr;
    }
    if (!m_trainDialog || (!m_trainDialog->isTraining() &&
                           m_trainDialog->property("corpus").value<const void*>() !=
                               static_cast<const void*>(m_workspace->corpus().get()))) {
        delete m_trainDialog;
        m_trainDialog = new TrainDialog(m_workspace->corpus(), m_jobs, this);
        m_trainDialog->setProperty("corpus", QVariant::fromValue(static_cast<const void*>(m_workspace->corpus().get())));
        connect(m_trainDialog, &TrainDialog::modelTrained, this,
                [this](std::shared_ptr<const Model> model) {
                    m_models->addModel(model, {});
                    m_modelsDock->show();
                    m_workspace->setModel(model, {});
                    classifyAndStudy();
                });
    }
    m_trainDialog->show();
    m_trainDialog->raise();
    return m_trainDialog;
}

void MainWindow::saveModel(std::shared_ptr<const Model> model, const QString& chosenPath) {
    if (!model) return;
    QString path = chosenPath;
    if (path.isEmpty()) {
        QSettings settings;
        const QString folder = QFileInfo(settings.value(kLastModelKey, QDir::homePath()).toString()).absolutePath();
        path = QFileDialog::getSaveFileName(this, tr("Save the model"),
                                            QDir(folder).filePath(QStringLiteral("model.flicker")),
                                            tr("Flicker checkpoints (*.flicker)"));
        if (path.isEmpty()) return;
        if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".flicker");
    }
    m_jobs->start(
        tr("Saving %1").arg(QFileInfo(path).fileName()),
        [model, path](const JobContext&) { saveCheckpoint(*model, path.toStdString()); },
        [this, model, path](const QString& error, bool) {
            if (!error.isEmpty()) {
                showError(tr("Could not save the model"),
                          tr("%1\n\nThe model is still open; choose another place.").arg(error));
                return;
            }
            m_models->setPath(model, path);
            if (model == m_workspace->model()) m_workspace->setModel(model, path);
            QSettings().setValue(kLastModelKey, path);
            statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
        });
}

bool MainWindow::saveSession(const QString& path, QString* error) {
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        return false;
    };
    const auto corpus = m_workspace->corpus();
    const auto model = m_workspace->model();
    if (!corpus || !model) return fail(tr("There is no data set and model to save yet."));
    if (m_workspace->modelPath().isEmpty())
        return fail(tr("The model was trained here and is not saved yet: save it first (File › "
                       "Save model as…), so that the session can refer to it."));
    SessionState s;
    s.demo = corpus->source == "demo";
    s.demoSeed = kDemoSeed;
    s.demoReviewsPerSplit = kDemoReviewsPerSplit;
    s.dataPath = s.demo ? QString() : QFileInfo(QString::fromStdString(corpus->source)).absoluteFilePath();
    s.modelPath = QFileInfo(m_workspace->modelPath()).absoluteFilePath();
    s.page = m_pages->currentIndex();
    if (m_explorer->currentReview() >= 0)
        s.reviewId = QString::fromStdString(corpus->reviews[std::size_t(m_explorer->currentReview())].id);
    s.kind = QString::fromLatin1(kindName(m_explorer->unitPanel()->kind()));
    for (int u : m_explorer->unitPanel()->selectedUnits())
        s.units.append(u);
    const ReviewAnalysisSettings a = m_explorer->analysisSettings();
    s.dfaMethod = a.dfa.method == DfaMethod::Unbiased ? 0 : 1;
    s.dfaOrder = a.dfa.order;
    s.steps = int(a.maxSteps);
    s.minScale = a.dfa.minScale;
    s.maxScale = a.dfa.maxScale;
    s.scaleCount = a.dfa.scaleCount;
    s.fitMin = m_explorer->fitMin();
    s.fitMax = m_explorer->fitMax();
    s.presentation = presentationMode();
    s.dark = darkTheme();
    s.studyReviews = m_study->reviewsSpin()->value();
    s.studyControls = m_study->controlsCheck()->isChecked();
    if (!m_study->result().reviews.empty())
        s.studyJson = studyToJson(m_study->result(),
                                  makeProvenance(*model, s.modelPath.toStdString(), *corpus));
    s.sweepSizes = m_sweep->sizesEdit()->text();
    s.sweepSeeds = m_sweep->seedsEdit()->text();
    s.sweepEpochs = m_sweep->epochsSpin()->value();
    s.sweepFolder = m_sweep->folderEdit()->text();

    QSaveFile file(path);
    const QByteArray bytes = sessionToJson(s);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(tr("Could not write “%1”: %2 (is the disk full?). Nothing was changed.")
                        .arg(QDir::toNativeSeparators(path), file.errorString()));
    QSettings().setValue(kLastSessionKey, path);
    return true;
}

void MainWindow::openSession(const QString& path) {
    QFile file(path);
    SessionState session;
    try {
        if (!file.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::Io, QDir::toNativeSeparators(path).toStdString() +
                                           ": cannot be opened (" + file.errorString().toStdString() + ")");
        session = sessionFromJson(file.readAll(), QDir::toNativeSeparators(path));
    } catch (const Error& e) {
        showError(tr("Could not open the session"), QString::fromStdString(e.what()));
        emit sessionRestored(QString::fromStdString(e.what()));
        return;
    }
    auto corpus = std::make_shared<std::shared_ptr<const Corpus>>();
    auto model = std::make_shared<std::shared_ptr<const Model>>();
    m_jobs->cancel(true);
    m_jobs->start(
        tr("Opening the session %1").arg(QFileInfo(path).fileName()),
        [session, corpus, model](const JobContext& job) {
            if (session.demo) {
                DemoCorpusSettings demo;
                demo.seed = session.demoSeed;
                demo.trainCount = demo.testCount = session.demoReviewsPerSplit;
                *corpus = std::make_shared<const Corpus>(generateDemoCorpus(demo, {}, job.stop));
            } else {
                *corpus = std::make_shared<const Corpus>(
                    readCorpus(session.dataPath.toStdString(), {}, {}, job.stop));
            }
            *model = std::make_shared<const Model>(
                loadModel(session.modelPath.toStdString(), session.vocabularyPath.toStdString()));
        },
        [this, session, corpus, model, path](const QString& error, bool cancelled) {
            if (cancelled) return;
            if (!error.isEmpty()) {
                showError(tr("Could not open the session"),
                          tr("%1\n\nWhat was open before is still open.").arg(error));
                emit sessionRestored(error);
                return;
            }
            m_workspace->setCorpus(*corpus);
            m_models->addModel(*model, session.modelPath);
            m_workspace->setModel(*model, session.modelPath);
            m_pendingSession = std::make_shared<SessionState>(session);
            QSettings().setValue(kLastSessionKey, path);
            classifyAndStudy();
        });
}

void MainWindow::applySession(const SessionState& s) {
    setPresentationMode(s.presentation);
    setDarkTheme(s.dark);
    m_pages->setCurrentIndex(std::clamp(s.page, 0, m_pages->count() - 1));
    // The kind first: changing it starts from the default fit range, which the session then sets.
    const auto kind = kindFromName(s.kind.toStdString());
    if (kind) m_explorer->unitPanel()->setKind(*kind);
    m_explorer->setAnalysisControls(s.dfaMethod, s.dfaOrder, s.steps, s.minScale, s.maxScale,
                                    s.scaleCount, s.fitMin, s.fitMax);
    m_study->reviewsSpin()->setValue(s.studyReviews);
    m_study->controlsCheck()->setChecked(s.studyControls);
    m_sweep->sizesEdit()->setText(s.sweepSizes);
    m_sweep->seedsEdit()->setText(s.sweepSeeds);
    m_sweep->epochsSpin()->setValue(s.sweepEpochs);
    m_sweep->folderEdit()->setText(s.sweepFolder);
    if (!s.studyJson.empty()) {
        try {
            m_study->showResult(studyFromJson(s.studyJson, "the session's study"));
        } catch (const Error& e) {
            statusBar()->showMessage(QString::fromStdString(e.what()), 10000);
        }
    }
    const long review = s.reviewId.isEmpty() ? -1 : m_workspace->corpus()->find(s.reviewId.toStdString());
    if (review < 0) {
        emit sessionRestored({});
        return;
    }
    connect(m_explorer, &ExplorerPage::reviewShown, this,
            [this, s] {
                m_explorer->unitPanel()->selectUnits(std::vector<int>(s.units.begin(), s.units.end()));
                emit sessionRestored({});
            },
            Qt::SingleShotConnection);
    m_explorer->showReview(std::size_t(review));
}

void MainWindow::chooseDataSet(bool folder) {
    QSettings settings;
    const QString start = settings.value(kLastDataKey, QDir::homePath()).toString();
    const QString path =
        folder ? QFileDialog::getExistingDirectory(this, tr("Open an aclImdb folder or a folder of .txt reviews"), start)
               : QFileDialog::getOpenFileName(
                     this, tr("Open a data set"), start,
                     tr("Review archives and tables (*.tar.gz *.tgz *.tar *.tar.bz2 *.tar.xz *.zip "
                        "*.csv);;All files (*)"));
    if (!path.isEmpty()) openDataSet(path);
}

void MainWindow::chooseModel(bool torchScript) {
    QSettings settings;
    const QString start = settings.value(kLastModelKey, QDir::homePath()).toString();
    if (!torchScript) {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a Flicker model"), start,
            tr("Flicker checkpoints (*.flicker);;All files (*)"));
        if (!path.isEmpty()) openModel(path);
        return;
    }
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import a PyTorch model (TorchScript)"), start,
        tr("TorchScript files (*.pt *.pth);;All files (*)"));
    if (path.isEmpty()) return;
    const QString vocabulary = QFileDialog::getOpenFileName(
        this, tr("Its vocabulary ({\"word\": id} JSON)"), QFileInfo(path).absolutePath(),
        tr("JSON (*.json);;All files (*)"));
    if (!vocabulary.isEmpty()) openModel(path, vocabulary);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Use the &demo corpus"), this, &MainWindow::loadDemoWorkspace);
    QAction* openData = file->addAction(tr("&Open data set (archive or CSV)…"), this,
                                        [this] { chooseDataSet(false); });
    openData->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open data set &folder…"), this, [this] { chooseDataSet(true); });
    file->addAction(tr("&Download the IMDb data set…"), this, &MainWindow::showDownloadDialog);
    QAction* openModelAction =
        file->addAction(tr("Open &model…"), this, [this] { chooseModel(false); });
    openModelAction->setShortcut(QKeySequence(tr("Ctrl+M")));
    file->addAction(tr("&Import PyTorch model…"), this, [this] { chooseModel(true); });
    QAction* train = file->addAction(tr("&Train a model…"), this, &MainWindow::showTrainDialog);
    train->setShortcut(QKeySequence(tr("Ctrl+T")));
    train->setToolTip(tr("Train an LSTM on the open data set and watch β organise (Ctrl+T)"));
    QAction* save = file->addAction(tr("&Save model as…"), this,
                                    [this] { saveModel(m_workspace->model(), {}); });
    save->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction* openSessionAction = file->addAction(tr("Open se&ssion…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a session"), QSettings().value(kLastSessionKey, QDir::homePath()).toString(),
            tr("Flicker sessions (*.flicker-session);;All files (*)"));
        if (!path.isEmpty()) openSession(path);
    });
    openSessionAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    QAction* saveSessionAction = file->addAction(tr("Save sess&ion as…"), this, [this] {
        QString path = QFileDialog::getSaveFileName(
            this, tr("Save the session"), QSettings().value(kLastSessionKey, QDir::homePath()).toString(),
            tr("Flicker sessions (*.flicker-session)"));
        if (path.isEmpty()) return;
        if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".flicker-session");
        QString error;
        if (!saveSession(path, &error)) showError(tr("Could not save the session"), error);
        else statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    });
    saveSessionAction->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    file->addSeparator();
    QAction* exportOne = file->addAction(tr("&Export figure…"), this, &MainWindow::exportFigure);
    exportOne->setShortcut(QKeySequence(tr("Ctrl+E")));
    QAction* exportAll =
        file->addAction(tr("Export &all figures to folder…"), this, &MainWindow::exportAllFigures);
    exportAll->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    exportOne->setToolTip(tr("Export one figure of this page as PNG, SVG, PDF or the CSV of its "
                             "numbers (Ctrl+E); right-click a figure for the same"));
    exportAll->setToolTip(tr("Write every figure of this page as PNG, SVG, PDF and CSV into a "
                             "folder (Ctrl+Shift+E)"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

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
        QAction* go = view->addAction(m_pages->tabText(i), this, [this, i] { m_pages->setCurrentIndex(i); });
        go->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
    }

    // The common actions one click away.
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(openData);
    bar->addAction(openModelAction);
    bar->addAction(train);
    bar->addAction(m_modelsDock->toggleViewAction());
    bar->addSeparator();
    bar->addAction(exportOne);
    bar->addAction(exportAll);
    bar->addSeparator();
    bar->addAction(m_presentationAction);
    bar->addAction(m_darkAction);

    m_classroomAction = view->addAction(tr("&Classroom mode (guided lesson)"));
    m_classroomAction->setCheckable(true);
    m_classroomAction->setShortcut(QKeySequence(tr("F6")));
    m_classroomAction->setToolTip(tr("Large fonts and four guided steps: noise colours, an LSTM "
                                     "reading, inputs vs hidden state, oversized networks (F6)"));
    connect(m_classroomAction, &QAction::toggled, this, [this](bool on) { setClassroomMode(on); });
    connect(m_classroom, &ClassroomBar::endRequested, this, [this] { setClassroomMode(false); });
    bar->addAction(m_classroomAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("About the &science…"), this, &MainWindow::showScienceDialog);
    help->addAction(tr("&Welcome…"), this, &MainWindow::showWelcome);
    help->addAction(tr("&About Flicker"), this, &MainWindow::showAbout);
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

void MainWindow::showPage(FigurePage* page) {
    m_pages->setCurrentWidget(page);
}

void MainWindow::applyDarkTheme(bool on) {
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

void MainWindow::exportFigure() {
    FigurePage* page = currentPage();
    if (!page || page->figures().isEmpty()) return;
    const QList<PlotView*> figures = page->figures();
    PlotView* figure = figures.front();
    if (figures.size() > 1) {
        QStringList names;
        for (PlotView* f : figures)
            names << (f->title().isEmpty() ? f->figureName() : f->title());
        bool ok = false;
        const QString chosen =
            QInputDialog::getItem(this, tr("Export figure"), tr("Figure:"), names, 0, false, &ok);
        if (!ok) return;
        figure = figures.at(names.indexOf(chosen));
    }

    QSettings settings;
    const QString folder = settings.value(kExportFolderKey, QDir::homePath()).toString();
    const QString png = tr("PNG image (*.png)"), svg = tr("SVG drawing (*.svg)"),
                  pdf = tr("PDF document (*.pdf)"), csv = tr("The figure's numbers as CSV (*.csv)");
    QString filter = png;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export figure"), QDir(folder).filePath(figure->figureName() + ".png"),
        QStringList{png, svg, pdf, csv}.join(";;"), &filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == svg ? ".svg" : filter == pdf ? ".pdf" : filter == csv ? ".csv" : ".png";
    if (QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0 &&
        !figure->askPngOptions(this))
        return;
    QString error;
    if (!figure->exportTo(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    settings.setValue(kExportFolderKey, QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::exportAllFigures() {
    FigurePage* page = currentPage();
    if (!page) return;
    QSettings settings;
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Export all figures to folder"),
        settings.value(kExportFolderKey, QDir::homePath()).toString());
    if (folder.isEmpty()) return;
    QString error;
    QStringList written;
    if (!page->exportAll(folder, &error, &written)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    settings.setValue(kExportFolderKey, folder);
    statusBar()->showMessage(
        tr("Wrote %1 files to %2").arg(written.size()).arg(QDir::toNativeSeparators(folder)), 5000);
}

std::vector<LessonStep> MainWindow::lessonSteps() {
    std::vector<LessonStep> steps;
    steps.push_back(
        {tr("White, pink and brown noise"),
         tr("White noise has no memory (β = 0); brown noise is a random walk (β = 2); pink, "
            "or 1/f, noise lies between (β = 1). On log-log axes the fluctuation F(n) of each is "
            "a straight line whose slope α gives β = 2α − 1."),
         [this] {
             showPage(m_noisePage);
             m_noisePage->kindCombo()->setCurrentIndex(m_noisePage->kindCombo()->findData(int(NoiseKind::Pink)));
         }});
    steps.push_back(
        {tr("An LSTM reads a review"),
         tr("The network reads one word per step. The heatmap shows every unit of its hidden "
            "state h, the traces follow the most active ones, and F(n) measures how their "
            "fluctuations grow with the window n as the review goes on."),
         [this] {
             showPage(m_explorer);
             m_explorer->unitPanel()->setKind(ActivationKind::H);
             if (m_explorer->analysis()) m_explorer->startPlaying();
         }});
    steps.push_back(
        {tr("Inputs are white, the hidden state is pink"),
         tr("Over many reviews the word vectors x fluctuate like white noise (β ≈ 0), while the "
            "hidden state h is close to pink (the paper: β ≈ 0.83, like the human brain at rest). "
            "Scrambling the order of a unit's values (permuted) makes it white again."),
         [this] {
             m_explorer->stopPlaying();
             showPage(m_study);
             m_study->setHistogramKinds({ActivationKind::X, ActivationKind::H});
             if (m_study->result().reviews.empty() && !m_study->isRunning()) m_study->runStudy();
         }});
    steps.push_back(
        {tr("Too big a network loses its 1/f noise"),
         tr("Train the same network with more and more cells: in the paper β of h falls toward "
            "0 once the network is far larger than the task needs. The quick sweep (4, 16 and 64 "
            "cells) takes minutes; the paper's 2 … 512 takes hours on a laptop."),
         [this] {
             showPage(m_sweep);
             m_sweep->sizesEdit()->setText(QStringLiteral("4, 16, 64"));
         }});
    return steps;
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
                                    "Train a model (Ctrl+T)."), 10000);
    });
    dialog->show();
}

void MainWindow::showScienceDialog() {
    ScienceDialog dialog(lessonSteps(), this);
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
