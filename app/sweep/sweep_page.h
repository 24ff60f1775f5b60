// "Capacity sweep": train the same network at several sizes (and seeds) on the open data set
// and measure beta(h) of each, live: each point's state (queued, training epoch k/n, analysing,
// done), its time, the time remaining, and beta(h) against the number of cells filling in.
// Finished points are on disk; starting again with the same folder resumes. Until a sweep is
// run, the page shows the precomputed example Flicker ships (clearly labelled, with where it
// came from and a "Run it live" button), or any sweep.json opened with "Open results…". With noise
// SDs given, a noise sweep (science.md §4): each size × SD × seed trained with that noise on the
// inputs, h or both, and a second figure of β(h), the PR of h and accuracy against the SD.
#pragma once

#include "figure_page.h"
#include "study/sweep.h"
#include "workspace.h"

#include <QElapsedTimer>
#include <QString>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

class QComboBox;
class QFormLayout;
class QProcess;
class QTimer;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace flicker {

class JobRunner;
class CurvePlot;
class SweepPlot;

class SweepPage : public FigurePage {
    Q_OBJECT

public:
    /// The paper's network sizes, and the quick sweep a class can watch finish.
    static inline const QString kPaperSizes = QStringLiteral("2, 4, 8, 16, 32, 64, 128, 256, 512");
    static inline const QString kQuickSizes = QStringLiteral("4, 16, 64");
    /// Long test reviews each network is studied on unless told otherwise (0 = all).
    static constexpr int kDefaultReviews = 300;

    /// What the user set on the page (sessions save and restore it).
    struct State {
        QString sizes = kPaperSizes; ///< LSTM cells, separated by commas
        QString seeds = QString::number(SweepSettings{}.seeds.front());
        int epochs = SweepSettings{}.training.epochs;
        int reviews = kDefaultReviews;
        QString folder; ///< "" = the open data set's folder under the app's data
        QString noise;  ///< training-noise SDs, separated by commas; "" = capacity sweep only
        QString noiseOn = QStringLiteral("hidden"); ///< "input", "hidden" or "both"
    };

    SweepPage(Workspace* workspace, JobRunner* jobs, QWidget* parent = nullptr);

    QString pageTitle() const override;
    QList<PlotView*> figures() const override;

    State state() const;
    void setState(const State& state);
    /// The network sizes to train, as typed ("4, 16, 64").
    void setSizes(const QString& sizes);

    /// The sweep the controls describe; throws Error(InvalidArgument) naming a bad entry.
    SweepSettings settingsFromControls() const;
    void startSweep();
    void cancelSweep();
    bool isRunning() const { return m_running; }

    /// Shows a finished sweep read from its sweep.json (no training): the table and the figure,
    /// labelled as loaded with its provenance. A sweep started later replaces it. Returns false
    /// (and says why in `error`) when the file cannot be read.
    bool loadSweep(const QString& jsonPath, QString* error = nullptr);
    /// Shows the precomputed example shipped with Flicker (shippedExampleSweepDir()): the
    /// figure at once, labelled "precomputed example" with its command, date and commit, and
    /// "Run it live". Returns false when there is none (e.g. a build without resources).
    bool showExample();
    /// Shows the example when nothing else is on the page (no sweep run or running).
    void showExampleIfEmpty();
    /// True while the page shows a loaded or precomputed sweep rather than one run here.
    bool showsLoadedSweep() const { return !m_loaded.empty(); }
    /// Sets the controls to the example's settings (sizes, seeds, epochs, reviews) and starts
    /// that sweep on the open data set.
    void runExampleLive();

    /// Writes sweep.json and sweep.csv (with provenance) of the finished points into `dir`.
    bool exportTable(const QString& dir, QString* error = nullptr) const;

    const std::vector<SweepPoint>& finishedPoints() const { return m_done; }
    /// The state text of a point's row ("queued", "training epoch 2/3", "done", …); `noise`
    /// is the point's SD in a noise sweep.
    QString stateOf(int hidden, std::uint64_t seed, double noise = NAN) const;

    // Child widgets, for tests.
    QLineEdit* sizesEdit() const { return m_sizes; }
    QComboBox* presetCombo() const { return m_presets; }
    QLineEdit* seedsEdit() const { return m_seeds; }
    QSpinBox* epochsSpin() const { return m_epochs; }
    QSpinBox* reviewsSpin() const { return m_reviews; }
    QLineEdit* folderEdit() const { return m_folder; }
    SweepPlot* sweepPlot() const { return m_plot; }
    QLineEdit* noiseEdit() const { return m_noise; }
    QComboBox* noiseOnCombo() const { return m_noiseOn; }
    /// β(h), PR of h and test accuracy against the noise SD (filled by a noise sweep).
    CurvePlot* noisePlot() const { return m_noisePlot; }
    QTableWidget* pointsTable() const { return m_table; }
    /// The label above the table saying what a loaded or precomputed sweep is and where it came
    /// from (hidden when the page shows its own run).
    QLabel* loadedLabel() const { return m_loadedLabel; }
    QPushButton* runLiveButton() const { return m_runLive; }

    // Running on a SLURM cluster (sweep_cluster.cpp): the same sweep submitted as a job array
    // with flicker-cli, followed from its folder like a local one.
    /// "Run on" shows the cluster only when sbatch is on the PATH (or setClusterAvailable says).
    void setClusterAvailable(bool available);
    bool clusterMode() const;
    void setClusterMode(bool on);
    /// Shows the sweep planned in `dir` (plan.json) and follows it: its points' states from the
    /// folder and SLURM, β(h) filling in as points finish. False (with the reason) without plan.
    bool openSweepFolder(const QString& dir, QString* error = nullptr);
    /// Polls the followed folder now (tests; a timer does it every few seconds).
    void pollClusterNow();
    /// Submits the points of the followed sweep that are neither done, queued nor running.
    void resubmitMissing();
    bool isFollowing() const { return !m_followDir.isEmpty(); }
    QComboBox* runOnCombo() const { return m_runOn; }
    QLineEdit* partitionEdit() const { return m_partition; }
    QSpinBox* cpusSpin() const { return m_cpus; }
    QPushButton* resubmitButton() const { return m_resubmit; }
    QLabel* stateLabel() const { return m_state; }
    /// The flicker-cli the page submits with (beside the app, or on the PATH).
    static QString cliProgram();

    /// What a background poll of a followed folder found.
    struct ClusterPoll {
        QString error;
        std::vector<std::pair<std::size_t, QString>> states; ///< point index → state text
        std::vector<SweepPoint> finished;                    ///< points read for the first time
        std::size_t done = 0, active = 0, failed = 0, total = 0;
        std::vector<std::string> jobs; ///< array and collect jobs of the plan
    };

signals:
    void sweepFinished(const QString& error, bool cancelled);
    /// A poll of a followed cluster sweep arrived (tests wait on it).
    void clusterPolled();

private:
    QWidget* buildControls();
    void buildTable();
    void connectControls(QPushButton* browse);
    void onProgress(const Progress& p);
    void onPoint(const SweepPoint& p);
    void onEnded(const QString& error, bool cancelled);
    void fillTable(const SweepSettings& s);
    void fillRow(int row, const SweepPoint& p, const QString& state, const QString& time);
    void showLoaded(const std::vector<SweepPoint>& points, const QString& label,
                    const QString& subtitle, const QString& provenance);
    void clearLoaded();
    int rowOf(int hidden, std::uint64_t seed, double noise) const;
    void replotNoise();
    void replot();
    void updateProvenance();
    QString defaultFolder() const;
    void buildClusterControls(QFormLayout* form);
    void submitToCluster(const SweepSettings& settings);
    QStringList clusterArguments(const SweepSettings& settings) const;
    void fillTableFromPlan(const QString& dir);
    void onClusterPoll(const ClusterPoll& poll);
    void cancelCluster();
    void runCli(const QStringList& args, const QString& what);

    Workspace* m_workspace;
    JobRunner* m_jobs;
    QLineEdit* m_sizes;
    QComboBox* m_presets;
    QLineEdit* m_seeds;
    QSpinBox* m_epochs;
    QSpinBox* m_reviews;
    QLineEdit* m_folder;
    QPushButton* m_start;
    QPushButton* m_export;
    QProgressBar* m_progress;
    QLabel* m_state;
    QTableWidget* m_table;
    SweepPlot* m_plot;
    QLineEdit* m_noise;
    QComboBox* m_noiseOn;
    CurvePlot* m_noisePlot;
    QLabel* m_loadedLabel;
    QPushButton* m_runLive;
    QPushButton* m_open;

    /// The example's settings (from example.json), for "Run it live".
    struct Example {
        QString sizes, seeds;
        int epochs = 0, reviews = 0;
    };
    Example m_example;
    std::vector<SweepPoint> m_loaded; ///< a loaded or precomputed sweep shown instead of m_done
    bool m_running = false;
    std::size_t m_generation = 0;
    std::vector<SweepPoint> m_done;
    std::map<std::pair<int, std::uint64_t>, double> m_pointSeconds;
    QElapsedTimer m_clock, m_pointClock;
    std::size_t m_pointsTotal = 0;
    std::size_t m_currentPoint = 0;

    QComboBox* m_runOn = nullptr;
    QWidget* m_clusterBox = nullptr;
    QLineEdit* m_partition = nullptr;
    QLineEdit* m_time = nullptr;
    QLineEdit* m_memory = nullptr;
    QSpinBox* m_cpus = nullptr;
    QSpinBox* m_parallel = nullptr;
    QPushButton* m_openFolder = nullptr;
    QPushButton* m_resubmit = nullptr;
    QTimer* m_follow = nullptr;
    QProcess* m_cli = nullptr;
    QString m_followDir;
    bool m_polling = false;
    std::set<std::size_t> m_loadedPoints; ///< points of the followed plan already shown
    std::vector<std::string> m_clusterJobs;
};

} // namespace flicker
