// Downloading the IMDb archive (aclImdb_v1.tar.gz) with QNetworkAccessManager: into a ".part"
// file that a later start resumes with an HTTP Range request, checked from end to end off the
// GUI thread before it takes the final name — and, optionally, unpacked into a data folder.
#pragma once

#include "job_runner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <cstddef>
#include <deque>
#include <memory>
#include <stop_token>
#include <utility>

class QNetworkAccessManager;
class QNetworkReply;

namespace flicker {

class Downloader : public QObject {
    Q_OBJECT

public:
    enum class State {
        Idle,        ///< nothing started yet
        Downloading, ///< bytes are arriving
        Checking,    ///< the whole file is being read and checked (off the GUI thread)
        Extracting,  ///< the checked archive is being unpacked (off the GUI thread)
        Finished,    ///< the last step succeeded
        Failed,      ///< the last step failed (see failed())
        Cancelled,   ///< cancel() stopped the last step
    };
    Q_ENUM(State)

    explicit Downloader(QObject* parent = nullptr);
    /// Aborts a download and cancels and waits for a check or an extraction.
    ~Downloader() override;

    /// https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz
    static QUrl officialUrl();
    /// QStandardPaths::AppDataLocation + "/datasets".
    static QString defaultDataFolder();
    /// Where start() writes until the file is checked: targetFile + ".part".
    static QString partFileFor(const QString& targetFile);
    /// "850 bytes", "12.4 kB", "84.1 MB", "1.2 GB" (decimal units, as servers and browsers).
    static QString sizeText(qint64 bytes);

    /// Reviews each of aclImdb/{train,test}/{pos,neg} must hold (12,500; tests use fewer).
    void setExpectedPerLabelledFolder(std::size_t count) { m_expected = count; }
    std::size_t expectedPerLabelledFolder() const { return m_expected; }
    /// Where extract() unpacks by default (defaultDataFolder() unless set).
    void setDataFolder(const QString& folder) { m_dataFolder = folder; }
    QString dataFolder() const { return m_dataFolder; }
    /// Whether a checked download is unpacked into dataFolder() at once (default false:
    /// Flicker reads the .tar.gz directly). Then finished() comes first, extracted() after.
    void setExtractAfterDownload(bool extract) { m_extractAfterDownload = extract; }
    bool extractAfterDownload() const { return m_extractAfterDownload; }
    /// A transfer that receives nothing for this long fails (and can be resumed); 0 = never.
    void setStallTimeout(int milliseconds) { m_stallTimeoutMs = milliseconds; }

    /// Downloads `url` into targetFile + ".part": continues an existing .part with a Range
    /// request when the server answers 206, starts from zero when it answers 200. When all bytes
    /// are in, the file is checked (checkAclImdbArchive) and renamed to `targetFile` — replacing
    /// an earlier file only then; a failed check deletes the .part and leaves `targetFile` as it
    /// was. Ends with finished(targetFile), failed(message) or cancelled(). Ignored while busy.
    void start(const QUrl& url, const QString& targetFile);
    /// Unpacks a checked `archive` into `destinationFolder` (default: dataFolder() + "/" + the
    /// archive's name without .tar.gz) with extractArchive: an existing copy is replaced only
    /// by a complete one. Ends with extracted(folder), failed(message) or cancelled().
    void extract(const QString& archive, const QString& destinationFolder = {});
    /// Stops the current step. A download keeps its .part for a later start() to resume.
    void cancel();

    State state() const { return m_state; }
    bool busy() const;
    QUrl url() const { return m_url; }
    QString targetFile() const { return m_target; }

signals:
    /// Bytes of the whole file received so far (a resumed .part included), its size (−1 when
    /// unknown) and the recent rate in bytes per second (0 before it is known).
    void progress(qint64 received, qint64 total, double bytesPerSecond);
    /// Checking or unpacking: fraction in [0, 1] and a line for people.
    void stepProgress(double fraction, const QString& text);
    void stateChanged(flicker::Downloader::State state);
    /// The checked archive is at `path` (the target file).
    void finished(const QString& path);
    /// The archive was unpacked: `folder` holds aclImdb/.
    void extracted(const QString& folder);
    /// A message for a person: what went wrong and what to do.
    void failed(const QString& message);
    void cancelled();

private:
    /// What to do with the server's answer.
    enum class Answer { Wait, Accept, Restart, AlreadyWhole, Refuse };

    void sendRequest();
    Answer classify();
    void onMetaData();
    void abortLater();
    void onReadyRead();
    void onReplyFinished();
    /// The server could not continue the .part: starts over from zero, once.
    void restartFromZero();
    /// The answer ended without an error: the .part is checked if it holds what was announced.
    void finishTransfer();
    bool writeAvailable();
    void startCheck();
    /// A core progress callback that shows bytes read as `format` ("… %1 of %2 read").
    ProgressFn stepReporter(const JobContext& job, const QString& format);
    void onCheckFinished(const JobResult<void>& outcome);
    void onExtractFinished(const JobResult<QString>& outcome);
    void setState(State state);
    void fail(const QString& message);
    QString stoppedMessage(const QString& why) const;
    void reportProgress(bool force);

    QNetworkAccessManager* m_manager;
    QPointer<QNetworkReply> m_reply;
    QFile m_part;
    QUrl m_url;
    QString m_target;
    QString m_dataFolder;
    std::size_t m_expected;
    bool m_extractAfterDownload = false;
    int m_stallTimeoutMs = 60000;
    State m_state = State::Idle;

    qint64 m_offset = 0;   // bytes already in the .part when the request was sent
    qint64 m_received = 0; // bytes of the whole file in the .part now
    qint64 m_total = -1;   // size of the whole file, −1 when unknown
    bool m_cancelling = false;
    bool m_restarted = false; // one automatic restart from zero (a range the server refused)
    Answer m_answer = Answer::Wait;
    QString m_problem; // why the reply was given up, set before abort()
    QElapsedTimer m_clock;
    qint64 m_lastReportMs = -1;
    QTimer m_reportTimer; // a report held back by the pacing comes out a little later
    std::deque<std::pair<qint64, qint64>> m_samples; // (ms, received) of the last seconds

    JobRunner* m_jobs = new JobRunner(JobRunner::Policy::Queued, this);
};

} // namespace flicker
