// The main window: menus (File: data, models, export; View: presentation mode, dark theme;
// Help), the pages (Explorer, Across reviews, What is 1/f noise?) and the status bar's job
// progress with its Cancel button. It lays out and wires; pages and jobs do the work.
#pragma once

#include <QImage>
#include <QMainWindow>

#include <memory>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTabWidget;
class QToolButton;

namespace flicker {

struct Corpus;
struct LessonStep;
struct Model;
class DimensionalityPage;
class ExplorerPage;
class ClassroomBar;
class ModelsPanel;
class TrainDialog;
class FigureExporter;
class FigurePage;
class JobRunner;
class NoisePage;
class StudyPage;
class SweepPage;
class SparsityPage;
class Workspace;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    /// How the window starts: with nothing (tests load what they need), on the built-in demo
    /// corpus with the shipped model, or on the data set and model of the last session (the
    /// demo when they are gone); the first start also shows the welcome dialog.
    enum class Start { Empty, Demo, Restore };
    explicit MainWindow(Start start = Start::Demo, QWidget* parent = nullptr);
    /// Same as Start::Demo (true) or Start::Empty (false).
    explicit MainWindow(bool loadDemo, QWidget* parent = nullptr)
        : MainWindow(loadDemo ? Start::Demo : Start::Empty, parent) {}
    ~MainWindow() override;

    /// The size the window opens at: `wanted` (the last one, or 1400 × 900), but no larger than
    /// the screen's free area less the window frame (the status bar with Cancel stays on screen).
    static QSize fittedSize(QSize wanted, QSize available);

    Workspace* workspace() const { return m_workspace; }
    JobRunner* jobs() const { return m_jobs; }
    NoisePage* noisePage() const { return m_noisePage; }
    ExplorerPage* explorerPage() const { return m_explorer; }
    StudyPage* studyPage() const { return m_study; }
    SweepPage* sweepPage() const { return m_sweep; }
    DimensionalityPage* dimensionalityPage() const { return m_dimensionality; }
    SparsityPage* sparsityPage() const { return m_sparsity; }
    FigurePage* currentPage() const;
    /// The pages in tab order (for tests and the classroom).
    int pageCount() const;
    FigurePage* page(int index) const;
    void showPage(FigurePage* page);

    bool presentationMode() const;
    void setPresentationMode(bool on);
    bool darkTheme() const;
    void setDarkTheme(bool on);

    /// Loads the demo corpus and the shipped model, classifies, opens the first long review
    /// and runs the study, each as a job.
    void loadDemoWorkspace();
    /// Reads a data set (aclImdb folder or archive, CSV, folder of .txt) as a job.
    void openDataSet(const QString& path);
    /// Loads a checkpoint, or imports a TorchScript model with its vocabulary JSON, as a job.
    void openModel(const QString& path, const QString& vocabularyPath = {});

    /// Opens the training dialog for the open data set (one per data set, kept while it trains).
    TrainDialog* showTrainDialog();
    ModelsPanel* modelsPanel() const { return m_models; }
    /// Saves the model as a checkpoint, as a job; false when it could not be started.
    void saveModel(std::shared_ptr<const Model> model, const QString& path);

    /// Classroom mode: presentation fonts and the guided sequence of steps above the pages.
    void setClassroomMode(bool on);
    bool classroomMode() const;
    ClassroomBar* classroomBar() const { return m_classroom; }
    void showScienceDialog();
    void showWelcome();
    /// File › Download the IMDb data set: the download dialog; a checked archive is opened.
    void showDownloadDialog();

    /// File › Save session: references to the data set and model, every page's settings and the
    /// study results in one JSON file. False with a message when it cannot (an unsaved model).
    bool saveSession(const QString& path, QString* error = nullptr);
    /// File › Open session: loads its data set and model as a job, then restores the views;
    /// sessionRestored() tells when. A data set or model the session refers to that has been
    /// moved or deleted does not stop it: the rest is restored and the message names the file.
    void openSession(const QString& path);
    /// File › Open study results: a study.json written by `flicker-cli study`/`reproduce` (or
    /// an earlier export) shown on the "Across reviews" page, read as a job. Refused when it was
    /// made on another data set (its reviews could not be opened); the explorer's per-unit
    /// "β all" column is filled only when it was made with the open model. studyResultsOpened()
    /// tells when.
    void openStudyResults(const QString& path);

    /// The whole window as shown now, with every figure's pending replot done first.
    QImage grabScreenshot();

signals:
    /// The workspace has a corpus and a model, and the explorer shows its first review (the
    /// reviews' predictions may still be arriving: see reviewsClassified).
    void workspaceReady();
    /// Every review of the workspace's data set has its prediction.
    void reviewsClassified();
    /// A session's data set, model and views are back (error empty), or it failed (error
    /// non-empty), or its views are back without a data set or model that has gone (error
    /// names it).
    void sessionRestored(const QString& error);
    /// openStudyResults() finished: error empty when the results are shown.
    void studyResultsOpened(const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildPages();
    void buildMenus();
    void addDataActions(QMenu* file);
    void addSessionActions(QMenu* file);
    void addExportActions(QMenu* file);
    void buildViewMenu();
    void buildToolBar();
    void buildStatusBar();
    void connectPages();
    void restoreAndStart(Start start);
    void applyPresentationMode(bool on);
    void applyDarkTheme(bool on);
    void applyCaptions(bool on);
    void classifyAndStudy();
    void showFirstReview();
    void chooseDataSet(bool folder);
    void chooseModel(bool torchScript);
    void showAbout();
    std::vector<LessonStep> lesson();
    void showError(const QString& title, const QString& message);

    Workspace* m_workspace = nullptr;
    JobRunner* m_jobs = nullptr;
    FigureExporter* m_export = nullptr;
    QTabWidget* m_pages = nullptr;
    ExplorerPage* m_explorer = nullptr;
    StudyPage* m_study = nullptr;
    SweepPage* m_sweep = nullptr;
    NoisePage* m_noisePage = nullptr;
    DimensionalityPage* m_dimensionality = nullptr;
    SparsityPage* m_sparsity = nullptr;
    QAction* m_openDataAction = nullptr;
    QAction* m_openModelAction = nullptr;
    QAction* m_trainAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_exportAllAction = nullptr;
    QAction* m_presentationAction = nullptr;
    QAction* m_darkAction = nullptr;
    QAction* m_captionAction = nullptr;
    QLabel* m_jobLabel = nullptr;
    QProgressBar* m_jobProgress = nullptr;
    QToolButton* m_jobCancel = nullptr;
    QLabel* m_workspaceLabel = nullptr;
    ModelsPanel* m_models = nullptr;
    QDockWidget* m_modelsDock = nullptr;
    TrainDialog* m_trainDialog = nullptr;
    ClassroomBar* m_classroom = nullptr;
    std::shared_ptr<struct SessionState> m_pendingSession; ///< applied after classification
    void applySession(const SessionState& session);
    /// The session's window and page settings: all but the explorer's review and the study
    /// result, which need its data set and model.
    void applySessionViews(const SessionState& session);
    /// A session whose data set or model has been moved or deleted: what is there is opened,
    /// the views are restored, and the message says what is missing.
    void restoreWithoutMissingFiles(const SessionState& session, const QString& path,
                                    std::shared_ptr<const Corpus> corpus,
                                    std::shared_ptr<const Model> model);
    QAction* m_classroomAction = nullptr;
};

} // namespace flicker
