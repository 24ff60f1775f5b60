// One long job at a time off the GUI thread (see job_runner.h).
#include "job_runner.h"

#include "error.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>
#include <QThread>

namespace flicker {

void JobContext::progress(double fraction, const QString& text) const {
    QMetaObject::invokeMethod(
        m_runner,
        [runner = m_runner, fraction, text] { emit runner->progressChanged(fraction, text); },
        Qt::QueuedConnection);
}

void JobContext::progress(const Progress& p) const {
    progress(p.fraction(), QString::fromStdString(p.text));
}

void JobContext::post(std::function<void()> onGuiThread) const {
    QMetaObject::invokeMethod(m_runner, std::move(onGuiThread), Qt::QueuedConnection);
}

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &JobRunner::onFinished);
}

JobRunner::~JobRunner() {
    m_queue.clear();
    m_stop.request_stop();
    m_watcher.waitForFinished();
}

void JobRunner::start(const QString& title, Work work, Done done) {
    m_queue.push_back({title, std::move(work), std::move(done)});
    if (!m_running) startNext();
}

void JobRunner::cancel(bool all) {
    if (all) m_queue.clear();
    if (m_running) m_stop.request_stop();
}

void JobRunner::waitForAll() {
    // Finishing a job may queue the next; keep delivering the GUI-thread parts until all ran.
    while (m_running || !m_queue.empty()) {
        m_watcher.waitForFinished();
        QCoreApplication::sendPostedEvents(this);
        if (m_running && m_watcher.isFinished()) onFinished();
    }
}

void JobRunner::startNext() {
    if (m_queue.empty()) return;
    Queued job = std::move(m_queue.front());
    m_queue.pop_front();
    m_stop = std::stop_source();
    m_title = job.title;
    m_done = std::move(job.done);
    m_running = true;
    JobContext context;
    context.stop = m_stop.get_token();
    context.m_runner = this;
    emit jobStarted(m_title);
    emit progressChanged(-1, m_title);
    m_watcher.setFuture(QtConcurrent::run([work = std::move(job.work), context]() -> Outcome {
        Outcome out;
        try {
            work(context);
            out.cancelled = context.stop.stop_requested();
        } catch (const Error& e) {
            out.cancelled = e.code() == ErrorCode::Cancelled || context.stop.stop_requested();
            if (!out.cancelled) out.error = QString::fromStdString(e.what());
        } catch (const std::exception& e) {
            out.error = QString::fromStdString(e.what());
        }
        return out;
    }));
}

void JobRunner::onFinished() {
    if (!m_running) return;
    // Results the work posted are queued before this call was; deliver them first.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    const Outcome out = m_watcher.future().resultCount() ? m_watcher.result() : Outcome{};
    m_running = false;
    const QString title = m_title;
    Done done = std::move(m_done);
    m_done = {};
    if (done) done(out.error, out.cancelled);
    emit jobFinished(title, out.error, out.cancelled);
    startNext();
}

} // namespace flicker
