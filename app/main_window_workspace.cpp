// The main window's work with data, models, training and sessions: each long step a job,
// results set into the workspace on the GUI thread (see main_window.h).
#include "main_window.h"
#include "main_window_keys.h"

#include "error.h"
#include "explorer/explorer_page.h"
#include "explorer/study_page.h"
#include "figure_export.h"
#include "io/study_io.h"
#include "job_runner.h"
#include "models_panel.h"
#include "noise_page.h"
#include "plot_view.h"
#include "session.h"
#include "sweep/sweep_page.h"
#include "text/demo_corpus.h"
#include "text/readers.h"
#include "train/train_dialog.h"
#include "workspace.h"

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace flicker {

using namespace window;

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
    struct Loaded {
        std::shared_ptr<const Corpus> corpus;
        std::shared_ptr<const Model> model;
    };
    m_jobs->start(
        tr("Preparing the demo corpus"),
        [modelPath](const JobContext& job) {
            Loaded loaded;
            DemoCorpusSettings demo;
            demo.seed = kDemoSeed;
            demo.trainCount = demo.testCount = kDemoReviewsPerSplit;
            loaded.corpus = std::make_shared<const Corpus>(generateDemoCorpus(
                demo,
                [&](const Progress& p) {
                    job.progress(
                        p.fraction(),
                        QObject::tr("Writing the demo reviews: %1 of %2").arg(p.done).arg(p.total));
                },
                job.stop));
            if (!modelPath.isEmpty())
                loaded.model =
                    std::make_shared<const Model>(loadCheckpoint(modelPath.toStdString()));
            return loaded;
        },
        [this, modelPath](const JobResult<Loaded>& r) {
            if (r.cancelled) return;
            if (!r.error.isEmpty()) {
                showError(tr("Could not prepare the demo corpus"), r.error);
                return;
            }
            m_workspace->setCorpus(r.value->corpus);
            if (r.value->model) {
                m_models->addModel(r.value->model, modelPath);
                m_workspace->setModel(r.value->model, modelPath);
                classifyAndStudy();
            } else {
                statusBar()->showMessage(
                    tr("No shipped model found: open one with File › Open model… or train one "
                       "with “flicker-cli train --data demo --out model.flicker”."));
            }
        });
}

void MainWindow::openDataSet(const QString& path) {
    m_jobs->start(
        tr("Reading %1").arg(QFileInfo(path).fileName()),
        [path](const JobContext& job) {
            return std::make_shared<const Corpus>(readCorpus(
                path.toStdString(), {}, [&](const Progress& p) { job.progress(p); }, job.stop));
        },
        [this, path](const JobResult<std::shared_ptr<const Corpus>>& r) {
            if (r.cancelled) return; // the data set shown stays
            if (!r.error.isEmpty()) {
                showError(tr("Could not read the data set"),
                          tr("%1\n\nThe data set shown before is still open.").arg(r.error));
                return;
            }
            m_workspace->setCorpus(*r.value);
            QSettings().setValue(kLastDataKey, path);
            classifyAndStudy();
        });
}

void MainWindow::openModel(const QString& path, const QString& vocabularyPath) {
    m_jobs->start(
        tr("Loading %1").arg(QFileInfo(path).fileName()),
        [path, vocabularyPath](const JobContext&) {
            return std::make_shared<const Model>(
                loadModel(path.toStdString(), vocabularyPath.toStdString()));
        },
        [this, path](const JobResult<std::shared_ptr<const Model>>& r) {
            if (r.cancelled) return;
            if (!r.error.isEmpty()) {
                showError(tr("Could not load the model"),
                          tr("%1\n\nThe model shown before is still in use.").arg(r.error));
                return;
            }
            m_models->addModel(*r.value, path);
            m_workspace->setModel(*r.value, path);
            QSettings().setValue(kLastModelKey, path);
            classifyAndStudy();
        });
}

void MainWindow::showFirstReview() {
    const auto corpus = m_workspace->corpus();
    for (std::size_t k = 0; k < corpus->reviews.size(); ++k) {
        const Review& review = corpus->reviews[k];
        if (review.split == Split::Test && review.tokens.size() >= kClassifyWords) {
            connect(
                m_explorer, &ExplorerPage::reviewShown, this, [this] { emit workspaceReady(); },
                Qt::SingleShotConnection);
            m_explorer->showReview(k);
            return;
        }
    }
}

void MainWindow::classifyAndStudy() {
    if (!m_workspace->ready()) return;
    auto model = m_workspace->model();
    auto corpus = m_workspace->corpus();
    // The first long test review needs one forward pass: show it now, on the explorer's own
    // runner, while every review is classified (the list fills batch by batch) and the study
    // runs after it. A session being restored chooses its own review once all are classified.
    if (!m_pendingSession) showFirstReview();
    m_jobs->start(
        tr("Classifying the reviews"),
        [this, model, corpus](const JobContext& job) {
            const auto onBatch = [&](std::size_t first, const std::vector<float>& probability) {
                job.post([this, model, corpus, first, probability] {
                    if (model == m_workspace->model() && corpus == m_workspace->corpus())
                        m_workspace->addPredictions(first, probability);
                });
            };
            return std::make_shared<const CorpusPredictions>(classifyCorpusStreaming(
                *model, *corpus, kClassifyWords, onBatch,
                [&](const Progress& p) {
                    job.progress(
                        p.fraction(),
                        QObject::tr("Classifying: %1 of %2 reviews").arg(p.done).arg(p.total));
                },
                job.stop));
        },
        [this, model, corpus](const JobResult<std::shared_ptr<const CorpusPredictions>>& r) {
            if (r.cancelled || model != m_workspace->model() || corpus != m_workspace->corpus())
                return;
            if (!r.error.isEmpty()) {
                showError(tr("Could not classify the reviews"), r.error);
                return;
            }
            m_workspace->setPredictions(*r.value);
            emit reviewsClassified();
            if (m_pendingSession) {
                const auto session = m_pendingSession;
                m_pendingSession.reset();
                applySession(*session);
                return;
            }
            m_study->runStudy(); // measure across reviews in the background
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
        m_trainDialog->setProperty(
            "corpus", QVariant::fromValue(static_cast<const void*>(m_workspace->corpus().get())));
        for (PlotView* figure : m_trainDialog->figures())
            m_export->connectFigure(figure);
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
        const QString folder =
            QFileInfo(settings.value(kLastModelKey, QDir::homePath()).toString()).absolutePath();
        path = QFileDialog::getSaveFileName(this, tr("Save the model"),
                                            QDir(folder).filePath(QStringLiteral("model.flicker")),
                                            tr("Flicker checkpoints (*.flicker)"));
        if (path.isEmpty()) return;
        if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".flicker");
    }
    m_jobs->start(
        tr("Saving %1").arg(QFileInfo(path).fileName()),
        [model, path](const JobContext&) { saveCheckpoint(*model, path.toStdString()); },
        [this, model, path](const JobResult<void>& r) {
            if (!r.error.isEmpty()) {
                showError(tr("Could not save the model"),
                          tr("%1\n\nThe model is still open; choose another place.").arg(r.error));
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
    s.dataPath =
        s.demo ? QString() : QFileInfo(QString::fromStdString(corpus->source)).absoluteFilePath();
    s.modelPath = QFileInfo(m_workspace->modelPath()).absoluteFilePath();
    s.page = m_pages->currentIndex();
    s.presentation = presentationMode();
    s.dark = darkTheme();
    s.explorer = m_explorer->state();
    s.study = m_study->state();
    if (!m_study->result().reviews.empty()) {
        s.studyJson = studyToJson(m_study->result(),
                                  makeProvenance(*model, s.modelPath.toStdString(), *corpus));
    }
    s.sweep = m_sweep->state();
    s.noise = m_noisePage->state();
    s.dimensionality = m_dimensionality->state();
    s.sparsity = m_sparsity->state();

    if (!writeSessionFile(path, s, error)) return false;
    QSettings().setValue(kLastSessionKey, path);
    return true;
}

void MainWindow::openSession(const QString& path) {
    QFile file(path);
    SessionState session;
    try {
        if (!file.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::Io, QDir::toNativeSeparators(path).toStdString() +
                                           ": cannot be opened (" +
                                           file.errorString().toStdString() + ")");
        session = sessionFromJson(file.readAll(), QDir::toNativeSeparators(path));
    } catch (const Error& e) {
        showError(tr("Could not open the session"), QString::fromStdString(e.what()));
        emit sessionRestored(QString::fromStdString(e.what()));
        return;
    }
    struct Loaded {
        std::shared_ptr<const Corpus> corpus;
        std::shared_ptr<const Model> model;
    };
    m_jobs->cancel(true);
    m_jobs->start(
        tr("Opening the session %1").arg(QFileInfo(path).fileName()),
        [session](const JobContext& job) {
            Loaded loaded;
            // A file moved or deleted since the session was saved is left out (the rest is
            // restored); one that is there but cannot be read fails the whole session.
            if (session.demo) {
                DemoCorpusSettings demo;
                demo.seed = session.demoSeed;
                demo.trainCount = demo.testCount = session.demoReviewsPerSplit;
                loaded.corpus =
                    std::make_shared<const Corpus>(generateDemoCorpus(demo, {}, job.stop));
            } else if (QFileInfo::exists(session.dataPath)) {
                loaded.corpus = std::make_shared<const Corpus>(
                    readCorpus(session.dataPath.toStdString(), {}, {}, job.stop));
            }
            if (QFileInfo::exists(session.modelPath) &&
                (session.vocabularyPath.isEmpty() || QFileInfo::exists(session.vocabularyPath)))
                loaded.model = std::make_shared<const Model>(loadModel(
                    session.modelPath.toStdString(), session.vocabularyPath.toStdString()));
            return loaded;
        },
        [this, session, path](const JobResult<Loaded>& r) {
            if (r.cancelled) return;
            if (!r.error.isEmpty()) {
                showError(tr("Could not open the session"),
                          tr("%1\n\nWhat was open before is still open.").arg(r.error));
                emit sessionRestored(r.error);
                return;
            }
            if (!r.value->corpus || !r.value->model) {
                restoreWithoutMissingFiles(session, path, r.value->corpus, r.value->model);
                return;
            }
            m_workspace->setCorpus(r.value->corpus);
            m_models->addModel(r.value->model, session.modelPath);
            m_workspace->setModel(r.value->model, session.modelPath);
            m_pendingSession = std::make_shared<SessionState>(session);
            QSettings().setValue(kLastSessionKey, path);
            classifyAndStudy();
        });
}

void MainWindow::openStudyResults(const QString& path) {
    const auto corpus = m_workspace->corpus();
    if (!corpus) {
        const QString error =
            tr("Open the data set the study was made on first (File › Open data set).");
        showError(tr("Could not open the study results"), error);
        emit studyResultsOpened(error);
        return;
    }
    const QString modelPath = m_workspace->modelPath();
    struct Loaded {
        StudyResult result;
        Provenance provenance;
        std::string corpusSha;
        std::string modelSha;
    };
    m_jobs->start(
        tr("Reading %1").arg(QFileInfo(path).fileName()),
        [path, corpus, modelPath](const JobContext&) {
            Loaded loaded;
            loaded.result =
                readStudy(QDir::toNativeSeparators(path).toStdString(), &loaded.provenance);
            loaded.corpusSha = makeProvenance(*corpus).datasetSha256;
            if (!modelPath.isEmpty()) loaded.modelSha = fileSha256(modelPath.toStdString());
            return loaded;
        },
        [this, path](JobResult<Loaded> r) {
            if (r.cancelled) return;
            auto refuse = [this](const QString& problem) {
                showError(tr("Could not open the study results"),
                          tr("%1\n\nThe results shown before are still shown.").arg(problem));
                emit studyResultsOpened(problem);
            };
            if (!r.error.isEmpty()) {
                refuse(r.error);
                return;
            }
            const Provenance& p = r.value->provenance;
            StudyResult result = std::move(r.value->result);
            const StudyFit fit =
                fitStudyToWorkspace(result, p, r.value->corpusSha, r.value->modelSha);
            if (fit == StudyFit::OtherDataSet) {
                refuse(
                    tr("“%1” was made on the data set “%2” (%3 reviews), not on the open one, "
                       "so its reviews could not be opened here. Open that data set first "
                       "(File › Open data set), then the results again.")
                        .arg(QDir::toNativeSeparators(path), QString::fromStdString(p.datasetName))
                        .arg(p.datasetReviews));
                return;
            }
            m_study->showResult(result, tr("read from %1").arg(QFileInfo(path).fileName()), &p);
            showPage(m_study);
            QSettings().setValue(kLastStudyKey, path);
            if (fit == StudyFit::OtherModel)
                statusBar()->showMessage(
                    tr("The study was made with another model (%1), so the explorer's per-unit "
                       "“β all” column is not taken from it.")
                        .arg(QFileInfo(QString::fromStdString(p.modelPath)).fileName()),
                    10000);
            emit studyResultsOpened({});
        });
}

void MainWindow::restoreWithoutMissingFiles(const SessionState& session, const QString& path,
                                            std::shared_ptr<const Corpus> corpus,
                                            std::shared_ptr<const Model> model) {
    QStringList gone;
    if (!corpus) gone << tr("the data set “%1”").arg(QDir::toNativeSeparators(session.dataPath));
    if (!model) {
        const bool vocabularyGone =
            !session.vocabularyPath.isEmpty() && !QFileInfo::exists(session.vocabularyPath);
        gone << (vocabularyGone && QFileInfo::exists(session.modelPath)
                     ? tr("the model's vocabulary “%1”")
                           .arg(QDir::toNativeSeparators(session.vocabularyPath))
                     : tr("the model “%1”").arg(QDir::toNativeSeparators(session.modelPath)));
    }
    // What is there is opened; what has gone leaves the one open before (if any) in place.
    if (corpus) m_workspace->setCorpus(corpus);
    if (model) {
        m_models->addModel(model, session.modelPath);
        m_workspace->setModel(model, session.modelPath);
    }
    applySessionViews(session);
    QSettings().setValue(kLastSessionKey, path);
    const QString message =
        tr("“%1” refers to %2, which is not there any more (moved or deleted?). Everything else "
           "in the session is restored; the explorer's review and units and the saved study "
           "need that file: open it from its new place (File › Open data set or Open model).")
            .arg(QDir::toNativeSeparators(path), gone.join(tr(" and ")));
    showError(tr("The session was opened without some of its files"), message);
    classifyAndStudy(); // with what is open now
    emit sessionRestored(message);
}

void MainWindow::applySessionViews(const SessionState& s) {
    setPresentationMode(s.presentation);
    setDarkTheme(s.dark);
    m_pages->setCurrentIndex(std::clamp(s.page, 0, m_pages->count() - 1));
    m_study->setState(s.study);
    m_sweep->setState(s.sweep);
    m_noisePage->setState(s.noise);
    m_dimensionality->setState(s.dimensionality);
    m_sparsity->setState(s.sparsity);
}

void MainWindow::applySession(const SessionState& s) {
    applySessionViews(s);
    if (!s.studyJson.empty()) {
        try {
            m_study->showResult(studyFromJson(s.studyJson, "the session's study"),
                                tr("restored from the session"));
        } catch (const Error& e) {
            statusBar()->showMessage(QString::fromStdString(e.what()), 10000);
        }
    }
    // The explorer last: it opens the session's review, with the study's per-unit means.
    if (!m_explorer->setState(s.explorer)) {
        emit sessionRestored({});
        return;
    }
    connect(
        m_explorer, &ExplorerPage::reviewShown, this, [this] { emit sessionRestored({}); },
        Qt::SingleShotConnection);
}

void MainWindow::chooseDataSet(bool folder) {
    QSettings settings;
    const QString start = settings.value(kLastDataKey, QDir::homePath()).toString();
    const QString path =
        folder ? QFileDialog::getExistingDirectory(
                     this, tr("Open an aclImdb folder or a folder of .txt reviews"), start)
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
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open a Flicker model"), start,
                                         tr("Flicker checkpoints (*.flicker);;All files (*)"));
        if (!path.isEmpty()) openModel(path);
        return;
    }
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import a PyTorch model (TorchScript)"), start,
                                     tr("TorchScript files (*.pt *.pth);;All files (*)"));
    if (path.isEmpty()) return;
    const QString vocabulary = QFileDialog::getOpenFileName(
        this, tr("Its vocabulary ({\"word\": id} JSON)"), QFileInfo(path).absolutePath(),
        tr("JSON (*.json);;All files (*)"));
    if (!vocabulary.isEmpty()) openModel(path, vocabulary);
}

} // namespace flicker
