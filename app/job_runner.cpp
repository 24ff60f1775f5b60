// Long work off the GUI thread, queued or latest-wins (see job_runner.h).
#include "job_runner.h"

#include <QCoreApplication>

namespace flicker {

QString errorMessage(const std::exception& e) {
    return QString::fromStdString(e.what());
}

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

JobRunner::JobRunner(Policy policy, QObject* parent) : QObject(parent), m_policy(policy) {}

JobRunner::~JobRunner() {
    m_queue.clear();
    m_stop.request_stop();
    if (m_current) m_current->waitForFinished();
}

void JobRunner::enqueue(Job job) {
    if (m_policy == Policy::LatestWins) {
        m_queue.clear(); // only the newest waits
        if (m_current) m_stop.request_stop();
    }
    m_queue.push_back(std::move(job));
    if (!m_current) startNext();
}

void JobRunner::cancel(bool all) {
    if (all) m_queue.clear();
    if (m_current) m_stop.request_stop();
}

void JobRunner::waitForAll() {
    // Finishing a job may start the next; keep delivering the GUI-thread parts until all ran.
    while (m_current || !m_queue.empty()) {
        if (!m_current) {
            startNext();
            continue;
        }
        m_current->waitForFinished();
        onFinished();
    }
}

void JobRunner::startNext() {
    if (m_queue.empty()) return;
    m_running = std::move(m_queue.front());
    m_queue.pop_front();
    m_stop = std::stop_source();
    m_title = m_running.title;
    JobContext context;
    context.stop = m_stop.get_token();
    context.m_runner = this;
    emit jobStarted(m_title);
    emit progressChanged(-1, m_title);
    m_current = m_running.launch(context);
    connect(m_current, &QFutureWatcherBase::finished, this, &JobRunner::onFinished);
}

// Called by the current watcher's finished signal, or by waitForAll once the work returned.
void JobRunner::onFinished() {
    if (!m_current) return;
    // Results the work posted are queued before this call was; deliver them first.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    QFutureWatcherBase* watcher = m_current;
    m_current = nullptr;
    Job job = std::move(m_running);
    m_running = {};
    const QString title = m_title;
    QString error;
    bool cancelled = false;
    job.finish(watcher, error, cancelled);
    watcher->disconnect(this);
    watcher->deleteLater();
    emit jobFinished(title, error, cancelled);
    if (!m_current) startNext(); // `finish` may have started a job itself
}

} // namespace flicker
