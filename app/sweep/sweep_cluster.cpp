// The capacity sweep page on a SLURM cluster (see sweep_page.h): the sweep is submitted with
// flicker-cli sweep --slurm (the same plan and batch scripts as on the command line), then
// followed from its folder every few seconds — each point's state from the folder and SLURM, the
// finished points read back and plotted as a local sweep plots them. Cancel calls scancel;
// opening a sweep's folder later shows where it stands and offers to resubmit what is missing.
#include "sweep_page.h"

#include "error.h"
#include "io/study_io.h"
#include "model/model.h"
#include "pipeline/slurm.h"
#include "pipeline/sweep_plan.h"
#include "plot_style.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtConcurrent>
#include <QTimer>

#include <filesystem>

namespace flicker {
namespace {

constexpr int kFollowEveryMs = 4000;             // how often a followed cluster sweep is looked at
enum Column { Cells, Noise, Seed, StateColumn }; // the first columns of the points table

QString noiseCell(double sd) {
    return std::isnan(sd) ? QStringLiteral("—") : QString::number(sd, 'g', 6);
}

// What the folder and SLURM say now; reads the points finished since the last look. Runs on a
// worker thread (squeue and reading checkpoints can take seconds).
SweepPage::ClusterPoll pollFolder(const QString& dir, const std::set<std::size_t>& loaded) {
    SweepPage::ClusterPoll poll;
    try {
        const std::optional<SweepPlan> plan = readSweepPlan(dir.toStdString());
        if (!plan) {
            poll.error = QObject::tr("%1 holds no sweep plan (plan.json)").arg(dir);
            return poll;
        }
        poll.jobs = plan->jobs;
        poll.jobs.insert(poll.jobs.end(), plan->collectJobs.begin(), plan->collectJobs.end());
        poll.total = plan->points.size();
        const Provenance data = planData(*plan);
        for (const PointState& st : sweepStatus(dir.toStdString(), *plan)) {
            QString text = QString::fromUtf8(pointStateName(st.state));
            if (st.state == PointState::State::Failed)
                text += QStringLiteral(": ") +
                        QString::fromStdString(st.detail).section(QLatin1Char('\n'), -1);
            poll.states.emplace_back(st.point.index, text);
            switch (st.state) {
            case PointState::State::Done:
                ++poll.done;
                break;
            case PointState::State::Running:
            case PointState::State::Queued:
                ++poll.active;
                break;
            case PointState::State::Failed:
                ++poll.failed;
                break;
            case PointState::State::NotStarted:
                break;
            }
            if (st.state != PointState::State::Done || loaded.count(st.point.index)) continue;
            const std::filesystem::path folder =
                std::filesystem::path(dir.toStdString()) / st.point.folder;
            SweepPoint p;
            p.hidden = st.point.hidden;
            p.seed = st.point.seed;
            p.noise = st.point.noise;
            p.folder = folder.string();
            Provenance stored;
            p.study = readStudy((folder / "study.json").string(), &stored);
            if (!stored.datasetSha256.empty() && stored.datasetSha256 != data.datasetSha256)
                throw Error(ErrorCode::InvalidArgument,
                            p.folder + " was made from another data set than the plan's");
            const Model model = loadCheckpoint((folder / "model.flicker").string());
            p.inputNoise = model.history.settings.inputNoise;
            p.hiddenNoise = model.history.settings.hiddenNoise;
            p.testAccuracy =
                model.history.epochs.empty() ? kNoValue : model.history.epochs.back().testAccuracy;
            p.resumed = true;
            poll.finished.push_back(std::move(p));
        }
    } catch (const std::exception& e) {
        poll.error = QString::fromStdString(e.what());
    }
    return poll;
}

} // namespace

QString SweepPage::cliProgram() {
    const QString here = QCoreApplication::applicationDirPath();
    for (const QString& candidate :
         {here + QStringLiteral("/flicker-cli"), here + QStringLiteral("/cli/flicker-cli"),
          here + QStringLiteral("/../app/cli/flicker-cli")})
        if (QFileInfo(candidate).isExecutable()) return QFileInfo(candidate).canonicalFilePath();
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("flicker-cli"));
    return onPath.isEmpty() ? QStringLiteral("flicker-cli") : onPath;
}

void SweepPage::buildClusterControls(QFormLayout* form) {
    m_runOn = new QComboBox;
    m_runOn->addItem(tr("this computer"), false);
    m_runOn->addItem(tr("SLURM cluster (sbatch)"), true);
    m_runOn->setToolTip(tr("On a cluster each point is one task of a SLURM job array; the page "
                           "follows them from the folder, which must be on a file system the "
                           "nodes share"));
    m_partition = new QLineEdit;
    m_partition->setPlaceholderText(tr("the cluster's default"));
    m_time = new QLineEdit;
    m_time->setPlaceholderText(tr("e.g. 04:00:00"));
    m_time->setToolTip(tr("Time limit of each point (HH:MM:SS); the paper's 512-cell point "
                          "took over 2 hours on 2 cores"));
    m_memory = new QLineEdit;
    m_memory->setPlaceholderText(tr("e.g. 8G"));
    m_cpus = new QSpinBox;
    m_cpus->setRange(1, 256);
    m_cpus->setValue(SlurmOptions{}.cpusPerTask);
    m_cpus->setToolTip(tr("CPUs of each task; its training uses this many threads"));
    m_parallel = new QSpinBox;
    m_parallel->setRange(0, 10000);
    m_parallel->setSpecialValueText(tr("no limit"));
    m_parallel->setToolTip(tr("At most this many points at once (the array's %K throttle)"));
    m_openFolder = new QPushButton(tr("Open sweep folder…"));
    m_openFolder->setToolTip(tr("Show where a sweep planned earlier stands (here or on the "
                                "cluster) and follow it"));
    m_resubmit = new QPushButton(tr("Resubmit missing points"));
    m_resubmit->setToolTip(tr("Submit the points that are neither done, queued nor running"));
    m_resubmit->setEnabled(false);

    m_clusterBox = new QWidget;
    auto* cluster = new QFormLayout(m_clusterBox);
    cluster->setContentsMargins(0, 0, 0, 0);
    cluster->addRow(tr("Partition"), m_partition);
    auto* timeRow = new QHBoxLayout;
    timeRow->addWidget(m_time, 1);
    timeRow->addWidget(new QLabel(tr("Memory")));
    timeRow->addWidget(m_memory, 1);
    cluster->addRow(tr("Time"), timeRow);
    auto* cpuRow = new QHBoxLayout;
    cpuRow->addWidget(m_cpus, 1);
    cpuRow->addWidget(new QLabel(tr("At once")));
    cpuRow->addWidget(m_parallel, 1);
    cluster->addRow(tr("CPUs"), cpuRow);
    auto* folderButtons = new QHBoxLayout;
    folderButtons->addWidget(m_openFolder);
    folderButtons->addWidget(m_resubmit);
    cluster->addRow(folderButtons);
    form->addRow(tr("Run on"), m_runOn);
    form->addRow(m_clusterBox);

    m_follow = new QTimer(this);
    m_follow->setInterval(kFollowEveryMs);
    connect(m_follow, &QTimer::timeout, this, &SweepPage::pollClusterNow);
    connect(m_runOn, &QComboBox::currentIndexChanged, this, [this] {
        m_clusterBox->setVisible(clusterMode());
        m_start->setText(clusterMode() ? tr("Submit to cluster") : tr("Start sweep"));
    });
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Folder of a sweep"), m_folder->text());
        if (dir.isEmpty()) return;
        QString error;
        if (!openSweepFolder(dir, &error))
            m_state->setText(style::errorHtml(error.toHtmlEscaped()));
    });
    connect(m_resubmit, &QPushButton::clicked, this, &SweepPage::resubmitMissing);
    setClusterAvailable(slurm::available());
}

void SweepPage::setClusterAvailable(bool available) {
    m_runOn->setEnabled(available);
    m_runOn->setToolTip(available ? m_runOn->toolTip()
                                  : tr("sbatch is not on the PATH: install slurm-client and "
                                       "point SLURM_CONF at the cluster to run sweeps there"));
    if (!available) m_runOn->setCurrentIndex(0);
    m_clusterBox->setVisible(clusterMode());
}

bool SweepPage::clusterMode() const {
    return m_runOn && m_runOn->currentData().toBool();
}

void SweepPage::setClusterMode(bool on) {
    m_runOn->setCurrentIndex(on && m_runOn->isEnabled() ? 1 : 0);
}

QStringList SweepPage::clusterArguments(const SweepSettings& s) const {
    const Corpus& corpus = *m_workspace->corpus();
    QStringList args{QStringLiteral("sweep"), QStringLiteral("--data")};
    if (corpus.source == "demo") {
        // The worker rebuilds the same demo corpus: its size per split and its seed.
        const QRegularExpression seed(QStringLiteral("seed (\\d+)"));
        const auto match = seed.match(QString::fromStdString(corpus.name));
        args << QStringLiteral("demo") << QStringLiteral("--demo-reviews")
             << QString::number(corpus.count(Split::Train));
        if (match.hasMatch()) args << QStringLiteral("--demo-seed") << match.captured(1);
    } else {
        args << QString::fromStdString(corpus.source);
    }
    QStringList sizes, seeds, noise;
    for (int h : s.hidden)
        sizes << QString::number(h);
    for (std::uint64_t seed : s.seeds)
        seeds << QString::number(seed);
    for (double sd : s.noise)
        noise << QString::number(sd, 'g', 10);
    args << QStringLiteral("--hidden") << sizes.join(QLatin1Char(',')) << QStringLiteral("--seeds")
         << seeds.join(QLatin1Char(',')) << QStringLiteral("--epochs")
         << QString::number(s.training.epochs);
    if (s.study.maxReviews > 0)
        args << QStringLiteral("--reviews") << QString::number(s.study.maxReviews);
    if (!s.noise.empty())
        args << QStringLiteral("--noise") << noise.join(QLatin1Char(','))
             << QStringLiteral("--noise-on") << QString::fromUtf8(noiseTargetName(s.noiseOn));
    args << QStringLiteral("--out") << QString::fromStdString(s.outDir) << QStringLiteral("--slurm")
         << QStringLiteral("--cpus-per-task") << QString::number(m_cpus->value());
    if (!m_partition->text().trimmed().isEmpty())
        args << QStringLiteral("--partition") << m_partition->text().trimmed();
    if (!m_time->text().trimmed().isEmpty())
        args << QStringLiteral("--time") << m_time->text().trimmed();
    if (!m_memory->text().trimmed().isEmpty())
        args << QStringLiteral("--mem") << m_memory->text().trimmed();
    if (m_parallel->value() > 0)
        args << QStringLiteral("--max-parallel") << QString::number(m_parallel->value());
    return args;
}

void SweepPage::runCli(const QStringList& args, const QString& what) {
    if (m_cli) return; // one submission at a time
    m_cli = new QProcess(this);
    m_cli->setProgram(cliProgram());
    m_cli->setArguments(args);
    m_start->setEnabled(false);
    m_resubmit->setEnabled(false);
    m_state->setText(tr("%1…").arg(what));
    connect(m_cli, &QProcess::finished, this, [this, what](int code, QProcess::ExitStatus status) {
        const QString out = QString::fromUtf8(m_cli->readAllStandardOutput()).trimmed();
        const QString err = QString::fromUtf8(m_cli->readAllStandardError()).trimmed();
        m_cli->deleteLater();
        m_cli = nullptr;
        m_start->setEnabled(true);
        if (status != QProcess::NormalExit || code != 0) {
            // flicker-cli's message says what was wrong and what to do.
            const QString reason = err.section(QLatin1Char('\n'), -3);
            m_state->setText(style::errorHtml(
                tr("%1 failed: %2").arg(what, (reason.isEmpty() ? out : reason).toHtmlEscaped())));
            m_resubmit->setEnabled(isFollowing());
            return;
        }
        m_state->setText(out.section(QLatin1Char('\n'), 0, 0).toHtmlEscaped());
        pollClusterNow();
    });
    connect(m_cli, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart || !m_cli) return;
        m_state->setText(style::errorHtml(
            tr("flicker-cli could not be started (%1): is it installed beside the app?")
                .arg(cliProgram().toHtmlEscaped())));
        m_cli->deleteLater();
        m_cli = nullptr;
        m_start->setEnabled(true);
    });
    m_cli->start();
}

void SweepPage::submitToCluster(const SweepSettings& settings) {
    if (!QDir().mkpath(m_folder->text())) {
        m_state->setText(style::errorHtml(
            tr("Cannot create the folder %1").arg(m_folder->text().toHtmlEscaped())));
        return;
    }
    const QString dir = QFileInfo(m_folder->text()).absoluteFilePath();
    clearLoaded(); // the precomputed example or a loaded sweep.json gives way
    m_done.clear();
    m_loadedPoints.clear();
    m_followDir = dir;
    fillTable(settings);
    replot();
    m_follow->start();
    runCli(clusterArguments(settings), tr("Submitting to SLURM"));
}

void SweepPage::fillTableFromPlan(const QString& dir) {
    const std::optional<SweepPlan> plan = readSweepPlan(dir.toStdString());
    if (!plan) return;
    m_table->setRowCount(0);
    for (const PlannedPoint& p : plan->points) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{QString::number(p.hidden), noiseCell(p.noise),
                                QString::number(p.seed), tr("…")};
        for (int c = 0; c < m_table->columnCount(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(c < cells.size() ? cells[c] : QString()));
    }
}

bool SweepPage::openSweepFolder(const QString& dir, QString* error) {
    try {
        if (!readSweepPlan(dir.toStdString())) {
            if (error)
                *error = tr("%1 holds no sweep plan (plan.json): sweeps started from Flicker "
                            "0.1 with flicker-cli or on a cluster have one")
                             .arg(dir);
            return false;
        }
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    m_folder->setText(dir);
    m_followDir = QFileInfo(dir).absoluteFilePath();
    clearLoaded();
    m_done.clear();
    m_loadedPoints.clear();
    fillTableFromPlan(dir);
    replot();
    m_state->setText(tr("Reading the sweep's state…"));
    m_follow->start();
    pollClusterNow();
    return true;
}

void SweepPage::pollClusterNow() {
    if (m_followDir.isEmpty() || m_polling) return;
    m_polling = true;
    const QString dir = m_followDir;
    const std::set<std::size_t> loaded = m_loadedPoints;
    auto* watcher = new QFutureWatcher<ClusterPoll>(this);
    connect(watcher, &QFutureWatcher<ClusterPoll>::finished, this, [this, watcher, dir] {
        m_polling = false;
        const ClusterPoll poll = watcher->result();
        watcher->deleteLater();
        if (dir == m_followDir) onClusterPoll(poll);
        emit clusterPolled();
    });
    watcher->setFuture(QtConcurrent::run([dir, loaded] { return pollFolder(dir, loaded); }));
}

void SweepPage::onClusterPoll(const ClusterPoll& poll) {
    if (!poll.error.isEmpty()) {
        m_state->setText(style::errorHtml(poll.error.toHtmlEscaped()));
        return;
    }
    m_clusterJobs = poll.jobs;
    if (m_table->rowCount() != int(poll.total)) fillTableFromPlan(m_followDir);
    for (const auto& [index, text] : poll.states)
        if (int(index) < m_table->rowCount() && !m_loadedPoints.count(index))
            m_table->item(int(index), StateColumn)->setText(text);
    for (const SweepPoint& p : poll.finished) {
        // The plan's order is the table's: find the row by its point.
        for (const auto& [index, text] : poll.states)
            if (int(index) < m_table->rowCount() &&
                m_table->item(int(index), Cells)->text().toInt() == p.hidden &&
                m_table->item(int(index), Seed)->text().toULongLong() == p.seed &&
                m_table->item(int(index), Noise)->text() == noiseCell(p.noise))
                m_loadedPoints.insert(index);
        onPoint(p);
    }
    const std::size_t missing = poll.total - poll.done - poll.active;
    m_progress->setValue(poll.total ? int(1000.0 * double(poll.done) / double(poll.total)) : 0);
    QString text = tr("%1 of %2 points done, %3 queued or running")
                       .arg(poll.done)
                       .arg(poll.total)
                       .arg(poll.active);
    if (poll.failed)
        text += tr(", %1 failed (see the table and the logs in slurm/)").arg(poll.failed);
    if (!m_clusterJobs.empty())
        text += tr(" · SLURM job %1").arg(QString::fromStdString(m_clusterJobs.front()));
    const bool active = poll.active > 0 || m_cli;
    if (!active && missing > 0)
        text += tr(". %1 point(s) missing: Resubmit runs them.").arg(missing);
    else if (!active)
        text += tr(". The sweep is complete.");
    m_state->setText(text);
    m_resubmit->setEnabled(!active && missing > 0 && slurm::available());
    m_start->setText(active && !m_clusterJobs.empty()
                         ? tr("Cancel cluster jobs")
                         : (clusterMode() ? tr("Submit to cluster") : tr("Start sweep")));
    if (!active) m_follow->stop();
}

void SweepPage::cancelCluster() {
    if (m_clusterJobs.empty()) return;
    QString jobs;
    for (const std::string& j : m_clusterJobs)
        jobs += (jobs.isEmpty() ? QString() : QStringLiteral(" ")) + QString::fromStdString(j);
    if (QMessageBox::question(this, tr("Cancel the cluster jobs?"),
                              tr("Cancel SLURM jobs %1? Points already done stay in the folder; "
                                 "the others can be resubmitted later.")
                                  .arg(jobs)) != QMessageBox::Yes)
        return;
    try {
        slurm::cancel(m_clusterJobs);
        m_state->setText(tr("Cancelled jobs %1.").arg(jobs));
    } catch (const std::exception& e) {
        m_state->setText(style::errorHtml(QString::fromStdString(e.what()).toHtmlEscaped()));
    }
    m_follow->start();
    pollClusterNow();
}

void SweepPage::resubmitMissing() {
    if (m_followDir.isEmpty()) return;
    m_follow->start();
    runCli({QStringLiteral("sweep-status"), m_followDir, QStringLiteral("--resubmit")},
           tr("Resubmitting the missing points"));
}

} // namespace flicker
