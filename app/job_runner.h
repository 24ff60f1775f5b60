// The app's runner for long work (reading a data set, classifying reviews, a study): one job at
// a time on a worker thread, later ones queued; progress and text for the status bar; cancel
// through a stop token; results handed back to the GUI thread as values (never processEvents).
#pragma once

#include "task.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <deque>
#include <functional>
#include <stop_token>

namespace flicker {

class JobRunner;

/// What a job's work function gets: the stop token to check between steps, progress reporting
/// and a way to run code on the GUI thread (streamed results). Thread-safe.
class JobContext {
public:
    std::stop_token stop;
    /// fraction in [0, 1] (negative: unknown), text for a person.
    void progress(double fraction, const QString& text) const;
    /// A core function's progress as it reports it (its fraction and its text).
    void progress(const Progress& p) const;
    /// This context's progress as core's callback type, to hand to a core function.
    ProgressFn reporter() const {
        return [this](const Progress& p) { progress(p); };
    }
    /// Runs `onGuiThread` on the GUI thread, later, in the order posted.
    void post(std::function<void()> onGuiThread) const;

private:
    friend class JobRunner;
    JobRunner* m_runner = nullptr;
};

class JobRunner : public QObject {
    Q_OBJECT

public:
    /// `work` runs on a worker thread and may throw flicker::Error (its message is shown) or any
    /// std::exception; a requested stop counts as cancelled. `done(error, cancelled)` runs on the
    /// GUI thread after every result the work posted; error is empty on success.
    using Work = std::function<void(const JobContext&)>;
    using Done = std::function<void(const QString& error, bool cancelled)>;

    explicit JobRunner(QObject* parent = nullptr);
    /// Cancels and waits: no worker outlives the runner.
    ~JobRunner() override;

    /// Queues a job; it starts at once when nothing runs.
    void start(const QString& title, Work work, Done done = {});
    /// Stops the running job (it ends within one batch) and drops the queued ones if `all`.
    void cancel(bool all = false);
    /// Blocks until the running job and the queue are finished (for shutdown and tests).
    void waitForAll();

    bool busy() const { return m_running; }
    QString currentTitle() const { return m_title; }
    std::size_t queued() const { return m_queue.size(); }

signals:
    void jobStarted(const QString& title);
    void progressChanged(double fraction, const QString& text);
    void jobFinished(const QString& title, const QString& error, bool cancelled);

private:
    friend class JobContext;
    struct Queued {
        QString title;
        Work work;
        Done done;
    };
    struct Outcome {
        QString error;
        bool cancelled = false;
    };
    void startNext();
    void onFinished();

    std::deque<Queued> m_queue;
    QFutureWatcher<Outcome> m_watcher;
    std::stop_source m_stop;
    Done m_done;
    QString m_title;
    bool m_running = false;
};

} // namespace flicker
