// The app's one way to run long work off the GUI thread. A JobRunner has one of two policies:
// Queued (MainWindow's: reading data, classifying, studies, training, sweeps — one at a time,
// the rest wait in order) or LatestWins (a page's own: the explorer's review analysis, the
// noise page — a new job stops the running one and replaces any waiting one). Work runs on a
// worker thread and returns a typed value; `done` gets it on the GUI thread as a JobResult<T>,
// after every result the work posted. Errors become one message for a person (errorMessage).
// Progress and text go to the status bar; cancel through a stop token; never processEvents().
#pragma once

#include "error.h"
#include "task.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <deque>
#include <functional>
#include <optional>
#include <stop_token>
#include <type_traits>
#include <utility>

namespace flicker {

class JobRunner;

/// What a person reads when work failed: the message of a flicker::Error (it names the file,
/// line or setting), or of any other exception. The one place where errors become text.
QString errorMessage(const std::exception& e);

/// What a job's work function gets: the stop token to check between steps, progress reporting
/// and a way to run code on the GUI thread (streamed results). Thread-safe.
class JobContext {
public:
    std::stop_token stop;
    /// fraction in [0, 1] (negative: unknown), text for a person.
    void progress(double fraction, const QString& text) const;
    /// A core function's progress as it reports it (its fraction and its text).
    void progress(const Progress& p) const;
    /// Runs `onGuiThread` on the GUI thread, later, in the order posted (before `done`).
    void post(std::function<void()> onGuiThread) const;

private:
    friend class JobRunner;
    JobRunner* m_runner = nullptr;
};

/// How a job ended. `value` is set when the work returned (also when it returned a partial
/// result after a stop); `error` is empty unless it failed; `cancelled` when it was stopped.
template <class T> struct JobResult {
    std::optional<T> value;
    QString error;
    bool cancelled = false;
    bool ok() const { return value.has_value() && error.isEmpty() && !cancelled; }
};
template <> struct JobResult<void> {
    QString error;
    bool cancelled = false;
    bool ok() const { return error.isEmpty() && !cancelled; }
};

class JobRunner : public QObject {
    Q_OBJECT

public:
    enum class Policy { Queued, LatestWins };

    explicit JobRunner(Policy policy = Policy::Queued, QObject* parent = nullptr);
    explicit JobRunner(QObject* parent) : JobRunner(Policy::Queued, parent) {}
    /// Cancels and waits: no worker outlives the runner.
    ~JobRunner() override;

    /// Starts `work(const JobContext&) -> T` (T may be void) on a worker thread, or queues it
    /// as the policy says; `done(JobResult<T>)` runs on the GUI thread when it ends. The work
    /// may throw flicker::Error (its message is shown) or any std::exception; a stop that was
    /// requested counts as cancelled.
    template <class Work, class Done> void start(const QString& title, Work work, Done done) {
        using T = std::invoke_result_t<Work&, const JobContext&>;
        Job job;
        job.title = title;
        job.launch = [this, work](const JobContext& context) -> QFutureWatcherBase* {
            auto* watcher = new QFutureWatcher<JobResult<T>>(this);
            watcher->setFuture(
                QtConcurrent::run([work, context]() { return runGuarded<T>(work, context); }));
            return watcher;
        };
        job.finish = [done](QFutureWatcherBase* base, QString& error, bool& cancelled) {
            auto* watcher = static_cast<QFutureWatcher<JobResult<T>>*>(base);
            JobResult<T> r = watcher->future().resultCount() ? watcher->result() : JobResult<T>{};
            error = r.error;
            cancelled = r.cancelled;
            done(std::move(r));
        };
        enqueue(std::move(job));
    }

    /// Stops the running job (it ends within one batch) and drops the waiting ones if `all`.
    void cancel(bool all = false);
    /// Blocks until the running job and the waiting ones are finished (shutdown and tests).
    void waitForAll();

    Policy policy() const { return m_policy; }
    bool busy() const { return m_current != nullptr; }
    QString currentTitle() const { return m_title; }
    std::size_t queued() const { return m_queue.size(); }

signals:
    void jobStarted(const QString& title);
    void progressChanged(double fraction, const QString& text);
    void jobFinished(const QString& title, const QString& error, bool cancelled);

private:
    friend class JobContext;
    struct Job {
        QString title;
        std::function<QFutureWatcherBase*(const JobContext&)> launch;
        std::function<void(QFutureWatcherBase*, QString& error, bool& cancelled)> finish;
    };

    template <class T, class Work>
    static JobResult<T> runGuarded(const Work& work, const JobContext& context) {
        JobResult<T> r;
        try {
            if constexpr (std::is_void_v<T>)
                work(context);
            else
                r.value.emplace(work(context));
            r.cancelled = context.stop.stop_requested();
        } catch (const Error& e) {
            r.cancelled = e.code() == ErrorCode::Cancelled || context.stop.stop_requested();
            if (!r.cancelled) r.error = errorMessage(e);
        } catch (const std::exception& e) {
            r.error = errorMessage(e);
        }
        return r;
    }

    void enqueue(Job job);
    void startNext();
    void onFinished();

    Policy m_policy;
    std::deque<Job> m_queue;
    Job m_running;
    QFutureWatcherBase* m_current = nullptr;
    std::stop_source m_stop;
    QString m_title;
};

} // namespace flicker
