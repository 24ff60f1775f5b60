#include "data/downloader.h"

#include "error.h"
#include "io/archive_extract.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtConcurrent>

#include <filesystem>
#include <system_error>

namespace flicker {
namespace {

constexpr qint64 kRateWindowMs = 5000;    // the rate is measured over the last five seconds
constexpr qint64 kReportIntervalMs = 100; // at most ten progress reports a second

/// "aclImdb_v1.tar.gz.part: problem" → "problem": the person knows which file is meant.
QString withoutFilePrefix(const QString& message, const QString& file) {
    const QString prefix = QFileInfo(file).fileName() + QStringLiteral(": ");
    return message.startsWith(prefix) ? message.mid(prefix.size()) : message;
}

/// Why a transfer that the server accepted stopped early, for Downloader::stoppedMessage.
QString stopReason(QNetworkReply::NetworkError error, const QString& errorText,
                   int stallTimeoutMs) {
    switch (error) {
    case QNetworkReply::RemoteHostClosedError:
        return Downloader::tr("The server closed the connection");
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return Downloader::tr("Nothing arrived for %1 s, so the download was stopped")
            .arg(stallTimeoutMs / 1000);
    default:
        return Downloader::tr("The download stopped (%1)").arg(errorText);
    }
}

} // namespace

Downloader::Downloader(QObject* parent)
    : QObject(parent), m_manager(new QNetworkAccessManager(this)),
      m_dataFolder(defaultDataFolder()), m_expected(kAclImdbReviewsPerLabelledFolder) {
    m_reportTimer.setSingleShot(true);
    connect(&m_reportTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Downloading) reportProgress(true);
    });
}

Downloader::~Downloader() {
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->abort();
    }
    delete m_jobs; // stops and waits for a check or an extraction, without calling back
}

QUrl Downloader::officialUrl() {
    return QUrl(QStringLiteral("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"));
}

QString Downloader::defaultDataFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/datasets");
}

QString Downloader::partFileFor(const QString& targetFile) {
    return targetFile + QStringLiteral(".part");
}

QString Downloader::sizeText(qint64 bytes) {
    if (bytes < 1000) return tr("%1 bytes").arg(bytes);
    if (bytes < 1000 * 1000) return tr("%1 kB").arg(double(bytes) / 1e3, 0, 'f', 1);
    if (bytes < 1000LL * 1000 * 1000) return tr("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 1);
    return tr("%1 GB").arg(double(bytes) / 1e9, 0, 'f', 2);
}

bool Downloader::busy() const {
    return m_state == State::Downloading || m_state == State::Checking ||
           m_state == State::Extracting;
}

void Downloader::setState(State state) {
    if (m_state == state) return;
    m_state = state;
    emit stateChanged(state);
}

void Downloader::fail(const QString& message) {
    setState(State::Failed);
    emit failed(message);
}

// ---- Downloading ----------------------------------------------------------------------------

void Downloader::start(const QUrl& url, const QString& targetFile) {
    if (busy()) return;
    m_url = url;
    m_target = targetFile;
    m_restarted = false;
    if (!url.isValid() || url.isRelative()) {
        fail(tr("“%1” is not a web address; it should look like %2.")
                 .arg(url.toString(), officialUrl().toString()));
        return;
    }
    if (targetFile.isEmpty()) {
        fail(tr("Choose where to save the download."));
        return;
    }
    const QString folder = QFileInfo(targetFile).absolutePath();
    if (!QDir().mkpath(folder)) {
        fail(tr("Cannot create the folder %1 for the download.")
                 .arg(QDir::toNativeSeparators(folder)));
        return;
    }
    sendRequest();
}

void Downloader::sendRequest() {
    const QString part = partFileFor(m_target);
    const QFileInfo partInfo(part);
    m_offset = partInfo.exists() ? partInfo.size() : 0;
    m_received = m_offset;
    m_total = -1;
    m_answer = Answer::Wait;
    m_problem.clear();
    m_part.close();
    m_part.setFileName(part);

    QNetworkRequest request(m_url);
    // The archive as it is on the server: never a transparently unpacked .tar.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setTransferTimeout(m_stallTimeoutMs);
    if (m_offset > 0) request.setRawHeader("Range", "bytes=" + QByteArray::number(m_offset) + "-");

    QNetworkReply* reply = m_manager->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, &Downloader::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &Downloader::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &Downloader::onReplyFinished);

    m_clock.start();
    m_samples.clear();
    m_lastReportMs = -1;
    setState(State::Downloading);
    reportProgress(true);
}

Downloader::Answer Downloader::classify() {
    const QVariant code = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = code.isValid() ? code.toInt() : 0;   // 0: not HTTP (file:)
    if (status >= 300 && status < 400) return Answer::Wait; // a redirection being followed

    if (status == 206) {
        // "Content-Range: bytes 1000-83999/84000": it must continue where the .part ends.
        static const QRegularExpression range(
            QStringLiteral(R"(^\s*bytes\s+(\d+)-(\d+)/(\d+|\*))"));
        const auto match = range.match(QString::fromLatin1(m_reply->rawHeader("Content-Range")));
        if (!match.hasMatch() || match.captured(1).toLongLong() != m_offset) return Answer::Restart;
        m_total = match.captured(3) == QLatin1String("*") ? -1 : match.captured(3).toLongLong();
        if (!m_part.open(QIODevice::WriteOnly | QIODevice::Append)) {
            m_problem = tr("Cannot write %1: %2.")
                            .arg(QDir::toNativeSeparators(m_part.fileName()), m_part.errorString());
            return Answer::Refuse;
        }
        return Answer::Accept;
    }
    if (status == 200 || status == 0) {
        // The whole file (a server that ignores ranges, or a first request): start from zero.
        m_offset = 0;
        m_received = 0;
        m_samples.clear();
        const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
        m_total = length.isValid() ? length.toLongLong() : -1;
        if (!m_part.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            m_problem = tr("Cannot write %1: %2.")
                            .arg(QDir::toNativeSeparators(m_part.fileName()), m_part.errorString());
            return Answer::Refuse;
        }
        return Answer::Accept;
    }
    if (status == 416 && m_offset > 0) {
        // "Content-Range: bytes */84000": nothing after the .part's end — it may be whole.
        const QByteArray contentRange = m_reply->rawHeader("Content-Range");
        const qsizetype slash = contentRange.lastIndexOf('/');
        bool ok = false;
        const qint64 size = slash >= 0 ? contentRange.mid(slash + 1).trimmed().toLongLong(&ok) : -1;
        if (ok && size == m_offset) {
            m_total = size;
            return Answer::AlreadyWhole;
        }
        return Answer::Restart;
    }
    const QString reason =
        m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().trimmed();
    m_problem = tr("The server answered “%1%2” for %3; check the address.")
                    .arg(status)
                    .arg(reason.isEmpty() ? QString() : QStringLiteral(" ") + reason)
                    .arg(m_url.toString());
    return Answer::Refuse;
}

void Downloader::onMetaData() {
    if (!m_reply || m_answer != Answer::Wait) return;
    m_answer = classify();
    if (m_answer == Answer::Wait || m_answer == Answer::Accept) return;
    abortLater(); // onReplyFinished decides what follows
}

void Downloader::abortLater() {
    // Not at once: aborting inside one of the reply's signals, or a reply that has finished
    // (Qt ends an HTTP error answer by itself), makes QNetworkReply report an error twice.
    QMetaObject::invokeMethod(
        this,
        [reply = QPointer<QNetworkReply>(m_reply)] {
            if (reply && !reply->isFinished()) reply->abort();
        },
        Qt::QueuedConnection);
}

void Downloader::onReadyRead() {
    if (!m_reply) return;
    if (m_answer == Answer::Wait) onMetaData();
    if (m_answer != Answer::Accept || !m_reply) return;
    if (writeAvailable()) reportProgress(false);
}

bool Downloader::writeAvailable() {
    const QByteArray bytes = m_reply->readAll();
    if (bytes.isEmpty()) return true;
    if (m_part.write(bytes) != bytes.size()) {
        m_problem = tr("Cannot write %1: %2 (is the disk full?). Free some space and press "
                       "Download again to resume.")
                        .arg(QDir::toNativeSeparators(m_part.fileName()), m_part.errorString());
        m_answer = Answer::Refuse;
        abortLater();
        return false;
    }
    m_received += bytes.size();
    return true;
}

void Downloader::reportProgress(bool force) {
    const qint64 now = m_clock.elapsed();
    if (!force && m_lastReportMs >= 0 && now - m_lastReportMs < kReportIntervalMs) {
        if (!m_reportTimer.isActive())
            m_reportTimer.start(int(kReportIntervalMs - (now - m_lastReportMs)));
        return;
    }
    m_reportTimer.stop();
    m_lastReportMs = now;
    m_samples.emplace_back(now, m_received);
    while (m_samples.size() > 2 && now - m_samples[1].first >= kRateWindowMs)
        m_samples.pop_front();
    double rate = 0;
    const auto& [then, before] = m_samples.front();
    if (now - then >= 200 && m_received >= before)
        rate = double(m_received - before) * 1000.0 / double(now - then);
    emit progress(m_received, m_total, rate);
}

QString Downloader::stoppedMessage(const QString& why) const {
    if (m_received <= 0)
        return tr("%1 before any data arrived; press Download to try again.").arg(why);
    const QString of = m_total > 0 ? tr(" of %1").arg(sizeText(m_total)) : QString();
    return tr("%1 after %2%3; press Download again to resume.").arg(why, sizeText(m_received), of);
}

void Downloader::onReplyFinished() {
    QNetworkReply* reply = m_reply;
    if (!reply || sender() != reply) return;
    if (m_answer == Answer::Wait && reply->error() == QNetworkReply::NoError) {
        m_answer = classify(); // an answer with no body at all
        if (m_answer == Answer::Wait) {
            m_answer = Answer::Refuse;
            m_problem = tr("The server sent no file for %1.").arg(m_url.toString());
        }
    }
    if (m_answer == Answer::Accept) writeAvailable();
    const QNetworkReply::NetworkError error = reply->error();
    const QString errorText = reply->errorString();
    m_part.close();
    disconnect(reply, nullptr, this, nullptr);
    reply->deleteLater();
    m_reply = nullptr;
    reportProgress(true);

    switch (m_answer) {
    case Answer::Restart:
        restartFromZero();
        return;
    case Answer::AlreadyWhole:
        startCheck();
        return;
    case Answer::Refuse:
        fail(m_problem);
        return;
    case Answer::Wait:
    case Answer::Accept:
        break;
    }
    if (error != QNetworkReply::NoError) {
        if (m_received == 0) QFile::remove(partFileFor(m_target)); // nothing worth keeping
        fail(stoppedMessage(stopReason(error, errorText, m_stallTimeoutMs)));
        return;
    }
    finishTransfer();
}

void Downloader::restartFromZero() {
    QFile::remove(partFileFor(m_target));
    if (m_restarted) {
        fail(tr("The server could not continue the partial download of %1; press Download "
                "to start again.")
                 .arg(m_url.toString()));
        return;
    }
    m_restarted = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_state == State::Downloading && !m_reply) sendRequest();
        },
        Qt::QueuedConnection);
}

void Downloader::finishTransfer() {
    if (m_total >= 0 && m_received < m_total) {
        fail(stoppedMessage(tr("The server closed the connection")));
        return;
    }
    if (m_total >= 0 && m_received > m_total) {
        QFile::remove(partFileFor(m_target));
        fail(tr("The server sent %1 but announced %2; the partial file was deleted, press "
                "Download to start again.")
                 .arg(sizeText(m_received), sizeText(m_total)));
        return;
    }
    startCheck();
}

void Downloader::cancel() {
    switch (m_state) {
    case State::Downloading:
        if (m_reply) {
            QNetworkReply* reply = m_reply;
            disconnect(reply, nullptr, this, nullptr);
            if (m_answer == Answer::Accept) writeAvailable(); // what arrived is kept
            reply->abort();
            reply->deleteLater();
            m_reply = nullptr;
        }
        m_part.close();
        reportProgress(true);
        setState(State::Cancelled);
        emit cancelled();
        break;
    case State::Checking:
    case State::Extracting:
        m_jobs->cancel(true);
        break; // the step ends as cancelled
    default:
        break;
    }
}

// ---- Checking and unpacking off the GUI thread --------------------------------------------

ProgressFn Downloader::stepReporter(const JobContext& job, const QString& format) {
    return [this, &job, format](const Progress& p) {
        const QString text = format.arg(sizeText(qint64(p.done)), sizeText(qint64(p.total)));
        job.post([this, fraction = p.fraction(), text] { emit stepProgress(fraction, text); });
    };
}

void Downloader::startCheck() {
    setState(State::Checking);
    const std::string path = QFile::encodeName(partFileFor(m_target)).toStdString();
    const std::size_t expected = m_expected;
    emit stepProgress(0, tr("Checking the archive…"));
    m_jobs->start(
        tr("Checking the archive"),
        [this, path, expected](const JobContext& job) {
            checkAclImdbArchive(path, expected,
                                stepReporter(job, tr("Checking the archive: %1 of %2 read")),
                                job.stop);
        },
        [this](const JobResult<void>& r) { onCheckFinished(r); });
}

void Downloader::onCheckFinished(const JobResult<void>& outcome) {
    const QString part = partFileFor(m_target);
    if (outcome.cancelled) {
        setState(State::Cancelled); // the .part is whole: a later start only checks it again
        emit cancelled();
        return;
    }
    if (!outcome.error.isEmpty()) {
        QFile::remove(part);
        QString message = tr("The downloaded file is not a valid aclImdb archive: %1. It was "
                             "deleted; press Download to fetch it again.")
                              .arg(withoutFilePrefix(outcome.error, part));
        if (QFileInfo::exists(m_target))
            message += tr(" The earlier copy %1 was kept.").arg(QDir::toNativeSeparators(m_target));
        fail(message);
        return;
    }
    // rename(2) replaces an earlier file in one step; QFile::rename would refuse.
    std::error_code ec;
    std::filesystem::rename(QFile::encodeName(part).toStdString(),
                            QFile::encodeName(m_target).toStdString(), ec);
    if (ec) {
        fail(tr("The archive is good but could not be renamed to %1: %2. It is at %3.")
                 .arg(QDir::toNativeSeparators(m_target), QString::fromStdString(ec.message()),
                      QDir::toNativeSeparators(part)));
        return;
    }
    emit stepProgress(1, tr("The archive is complete and checked."));
    setState(State::Finished);
    emit finished(m_target);
    if (m_extractAfterDownload && m_state == State::Finished) extract(m_target);
}

void Downloader::extract(const QString& archive, const QString& destinationFolder) {
    if (busy()) return;
    QString destination = destinationFolder;
    if (destination.isEmpty())
        destination = m_dataFolder + QLatin1Char('/') + QFileInfo(archive).baseName();
    setState(State::Extracting);
    const std::string from = QFile::encodeName(archive).toStdString();
    const std::string to = QFile::encodeName(destination).toStdString();
    emit stepProgress(0, tr("Unpacking into %1…").arg(QDir::toNativeSeparators(destination)));
    m_jobs->start(
        tr("Unpacking the archive"),
        [this, from, to](const JobContext& job) {
            const ExtractResult result = extractArchive(
                from, to, stepReporter(job, tr("Unpacking: %1 of %2 read")), job.stop);
            return QFile::decodeName(QByteArray::fromStdString(result.folder));
        },
        [this](const JobResult<QString>& r) { onExtractFinished(r); });
}

void Downloader::onExtractFinished(const JobResult<QString>& outcome) {
    if (outcome.cancelled) {
        setState(State::Cancelled);
        emit cancelled();
        return;
    }
    if (!outcome.error.isEmpty()) {
        fail(tr("Unpacking failed: %1.").arg(outcome.error));
        return;
    }
    const QString folder = *outcome.value;
    emit stepProgress(1, tr("Unpacked into %1.").arg(QDir::toNativeSeparators(folder)));
    setState(State::Finished);
    emit extracted(folder);
}

} // namespace flicker
