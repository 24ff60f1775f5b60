// The Downloader and its dialog against a small HTTP server run here on 127.0.0.1 (never the
// internet), serving an aclImdb archive in miniature made here with libarchive: a whole
// download, a dropped connection resumed with a Range request, a server that ignores ranges,
// a .part that is already whole (416), damaged files that must not replace a good copy, a
// wrong count, 404, cancel and resume, unpacking, and the dialog's buttons.
#include "data/download_dialog.h"
#include "data/downloader.h"
#include "support/archive_fixture.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkProxy>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace flicker;

namespace {

std::string reviewText(int seed) {
    return testing::reviewText(seed, 300);
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// aclImdb/{train,test}/{pos,neg} with `perFolder` reviews each, as .tar.gz bytes.
QByteArray aclArchive(int perFolder) {
    using testing::ArchiveEntry;
    std::vector<ArchiveEntry> entries{{"aclImdb/", {}, ArchiveEntry::Folder}};
    int seed = 0;
    for (const char* folder : {"train/pos", "train/neg", "test/pos", "test/neg"}) {
        entries.push_back({std::string("aclImdb/") + folder + "/", {}, ArchiveEntry::Folder});
        for (int k = 0; k < perFolder; ++k)
            entries.push_back(
                {std::string("aclImdb/") + folder + "/" + std::to_string(k) + "_8.txt",
                 reviewText(++seed)});
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.tar.gz"));
    testing::writeArchive(path, entries);
    return readAll(path);
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

/// A tiny HTTP/1.1 server for one file: 200 with Content-Length, 206 for "Range: bytes=N-",
/// 416 past the end — or one of the misbehaviours below. One request per connection.
class HttpServer : public QObject {
public:
    enum class Mode {
        Normal,      ///< as above
        DropHalf,    ///< announces the whole length, sends half of it, closes the connection
        Stall,       ///< sends half of it and then nothing, keeping the connection open
        IgnoreRange, ///< answers every request with 200 and the whole file
        NotFound,    ///< 404
    };

    QByteArray body;
    Mode mode = Mode::Normal;
    QStringList ranges; ///< the Range header of every request ("" when none)

    bool listen() {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const {
        return QUrl(
            QStringLiteral("http://127.0.0.1:%1/aclImdb_v1.tar.gz").arg(m_server.serverPort()));
    }

private:
    void read(QTcpSocket* socket) {
        QByteArray& request = m_requests[socket];
        request += socket->readAll();
        if (!request.contains("\r\n\r\n")) return;
        QByteArray range;
        for (const QByteArray& line : request.split('\n'))
            if (line.toLower().startsWith("range:")) range = line.mid(6).trimmed();
        m_requests.remove(socket);
        ranges << QString::fromLatin1(range);
        respond(socket, range);
    }

    void respond(QTcpSocket* socket, const QByteArray& range) {
        const qint64 size = body.size();
        QByteArray head;
        QByteArray payload;
        if (mode == Mode::NotFound) {
            payload = "not found";
            head = "HTTP/1.1 404 Not Found\r\n";
        } else if (range.startsWith("bytes=") && mode != Mode::IgnoreRange) {
            const qint64 start = range.mid(6, range.indexOf('-') - 6).toLongLong();
            if (start >= size) {
                head = "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" +
                       QByteArray::number(size) + "\r\n";
            } else {
                payload = body.mid(start);
                head = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " +
                       QByteArray::number(start) + "-" + QByteArray::number(size - 1) + "/" +
                       QByteArray::number(size) + "\r\n";
            }
        } else {
            payload = body;
            head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-gzip\r\n";
        }
        head += "Content-Length: " + QByteArray::number(payload.size()) +
                "\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n";
        socket->write(head);
        switch (mode) {
        case Mode::DropHalf:
            socket->write(payload.left(payload.size() / 2));
            socket->disconnectFromHost(); // after the bytes written so far are sent
            break;
        case Mode::Stall:
            socket->write(payload.left(payload.size() / 2));
            break;
        default:
            socket->write(payload);
            socket->disconnectFromHost();
            break;
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_requests;
};

/// The last `progress` report's received bytes.
qint64 lastReceived(const QSignalSpy& spy) {
    return spy.isEmpty() ? -1 : spy.last().at(0).toLongLong();
}

/// A local server holding `body`, a downloader that expects the miniature archive (3 reviews in
/// each labelled folder), and spies on the downloader's signals. Tests bind the parts by name.
struct Rig {
    Rig(const QByteArray& body, HttpServer::Mode mode) {
        server.body = body;
        server.mode = mode;
        downloader.setExpectedPerLabelledFolder(3);
    }
    HttpServer server;
    Downloader downloader;
    QSignalSpy finished{&downloader, &Downloader::finished};
    QSignalSpy failed{&downloader, &Downloader::failed};
    QSignalSpy progress{&downloader, &Downloader::progress};
    QSignalSpy cancelled{&downloader, &Downloader::cancelled};
    QSignalSpy extracted{&downloader, &Downloader::extracted};
};

} // namespace

class TestDownload : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_archive; // 3 reviews in each labelled folder
    QString path(const QString& name) const { return m_dir.filePath(name); }

    /// A downloader that expects the miniature archive.
    static void configure(Downloader& downloader) { downloader.setExpectedPerLabelledFolder(3); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy); // 127.0.0.1, nothing else
        m_archive = aclArchive(3);
        QVERIFY(m_archive.size() > 5000);
    }

    void texts() {
        QCOMPARE(Downloader::sizeText(84125825), QStringLiteral("84.1 MB"));
        QCOMPARE(Downloader::sizeText(12300000), QStringLiteral("12.3 MB"));
        QCOMPARE(Downloader::sizeText(6200), QStringLiteral("6.2 kB"));
        QCOMPARE(Downloader::sizeText(850), QStringLiteral("850 bytes"));
        QCOMPARE(DownloadDialog::timeLeftText(35), QStringLiteral("about 35 s left"));
        QCOMPARE(DownloadDialog::timeLeftText(200), QStringLiteral("about 3 min left"));
        QCOMPARE(DownloadDialog::timeLeftText(3900), QStringLiteral("about 1 h 5 min left"));
        QCOMPARE(Downloader::officialUrl().toString(),
                 QStringLiteral("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"));
        QVERIFY(Downloader::defaultDataFolder().endsWith(QStringLiteral("/datasets")));
    }

    // (a) The whole file at once: checked, renamed, no .part left.
    void downloadsAndChecks() {
        Rig rig(m_archive, HttpServer::Mode::Normal);
        auto& [server, downloader, finished, failed, progress, cancelled, extracted] = rig;
        QVERIFY(server.listen());
        const QString target = path("a/aclImdb_v1.tar.gz");
        downloader.start(server.url(), target);
        QCOMPARE(downloader.state(), Downloader::State::Downloading);
        QTRY_COMPARE(finished.count() + failed.count(), 1);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
        QCOMPARE(finished.first().at(0).toString(), target);
        QCOMPARE(downloader.state(), Downloader::State::Finished);
        QCOMPARE(readAll(target), m_archive);
        QVERIFY(!QFileInfo::exists(Downloader::partFileFor(target)));
        QCOMPARE(server.ranges, QStringList{QString()});
        QCOMPARE(lastReceived(progress), qint64(m_archive.size()));
        QCOMPARE(progress.last().at(1).toLongLong(), qint64(m_archive.size()));
    }

    // (b) A dropped connection: a clear message, the .part kept; the next start resumes it with
    // a Range request and completes to a checked archive.
    void resumesAfterADroppedConnection() {
        Rig rig(m_archive, HttpServer::Mode::DropHalf);
        auto& [server, downloader, finished, failed, progress, cancelled, extracted] = rig;
        QVERIFY(server.listen());
        const QString target = path("b/aclImdb_v1.tar.gz");
        const QString part = Downloader::partFileFor(target);
        const qint64 half = m_archive.size() / 2;

        downloader.start(server.url(), target);
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(finished.isEmpty());
        const QString message = failed.first().at(0).toString();
        QVERIFY2(message.contains(
                     QStringLiteral("The server closed the connection after %1 of %2; "
                                    "press Download again to resume")
                         .arg(Downloader::sizeText(half), Downloader::sizeText(m_archive.size()))),
                 qPrintable(message));
        QCOMPARE(downloader.state(), Downloader::State::Failed);
        QCOMPARE(readAll(part), m_archive.left(half));
        QVERIFY(!QFileInfo::exists(target));

        server.mode = HttpServer::Mode::Normal;
        downloader.start(server.url(), target);
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(server.ranges, (QStringList{QString(), QStringLiteral("bytes=%1-").arg(half)}));
        QCOMPARE(readAll(target), m_archive);
        QVERIFY(!QFileInfo::exists(part));
    }

    // A server that answers a Range request with 200: the .part starts over from zero.
    void restartsWhenTheServerIgnoresTheRange() {
        Rig rig(m_archive, HttpServer::Mode::IgnoreRange);
        auto& [server, downloader, finished, failed, progress, cancelled, extracted] = rig;
        QVERIFY(server.listen());
        const QString target = path("e/aclImdb_v1.tar.gz");
        QDir().mkpath(path("e"));
        writeBytes(Downloader::partFileFor(target), QByteArray(100, 'x'));
        downloader.start(server.url(), target);
        QTRY_COMPARE(finished.count() + failed.count(), 1);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(server.ranges, QStringList{QStringLiteral("bytes=100-")});
        QCOMPARE(readAll(target), m_archive);
    }

    // A .part that is already whole: the server answers 416 and the file is only checked.
    void checksAWholePart() {
        Rig rig(m_archive, HttpServer::Mode::Normal);
        auto& [server, downloader, finished, failed, progress, cancelled, extracted] = rig;
        QVERIFY(server.listen());
        const QString target = path("f/aclImdb_v1.tar.gz");
        QDir().mkpath(path("f"));
        writeBytes(Downloader::partFileFor(target), m_archive);
        downloader.start(server.url(), target);
        QTRY_COMPARE(finished.count() + failed.count(), 1);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(server.ranges, QStringList{QStringLiteral("bytes=%1-").arg(m_archive.size())});
        QCOMPARE(readAll(target), m_archive);
    }

    // (c) Damaged downloads: the message names the problem, the .part is deleted, and the good
    // archive downloaded before is untouched.
    void rejectsDamagedDownloads() {
        Rig rig(m_archive, HttpServer::Mode::Normal);
        auto& [server, downloader, finished, failed, progress, cancelled, extracted] = rig;
        QVERIFY(server.listen());
        const QString target = path("c/aclImdb_v1.tar.gz");
        downloader.start(server.url(), target);
        QTRY_COMPARE(finished.count(), 1);

        QByteArray flipped = m_archive;
        for (qsizetype k = flipped.size() / 2; k < flipped.size() / 2 + 16; ++k)
            flipped[k] = char(flipped[k] ^ 0x5A);
        QByteArray badCrc = m_archive;
        badCrc[badCrc.size() - 8] = char(badCrc[badCrc.size() - 8] ^ 1);
        const QByteArray truncated = m_archive.left(m_archive.size() * 3 / 4);
        struct Case {
            QByteArray body;
            QString fragment;
        };
        const std::vector<Case> cases{
            {flipped, QString()},
            {badCrc, QStringLiteral("checksum (CRC-32)")},
            {truncated, QString()},
            {QByteArray("<html>Sorry, moved</html>"), QString()},
        };
        for (const Case& c : cases) {
            server.body = c.body;
            failed.clear();
            downloader.start(server.url(), target);
            QTRY_COMPARE(failed.count(), 1);
            const QString message = failed.first().at(0).toString();
            QVERIFY2(message.startsWith(
                         QStringLiteral("The downloaded file is not a valid aclImdb archive: ")),
                     qPrintable(message));
            QVERIFY2(message.contains(c.fragment), qPrintable(message));
            QVERIFY2(message.contains(QStringLiteral("The earlier copy")), qPrintable(message));
            QCOMPARE(readAll(target), m_archive);
            QVERIFY(!QFileInfo::exists(Downloader::partFileFor(target)));
        }
        QCOMPARE(finished.count(), 1);

        // Whole, but not the expected data set.
        server.body = m_archive;
        downloader.setExpectedPerLabelledFolder(4);
        failed.clear();
        downloader.start(server.url(), target);
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(
                     QStringLiteral("aclImdb/train/pos has 3 reviews, expected 4")),
                 qPrintable(failed.first().at(0).toString()));
        QCOMPARE(readAll(target), m_archive);
    }

    void reportsAnHttpError() {
        HttpServer server;
        server.mode = HttpServer::Mode::NotFound;
        QVERIFY(server.listen());
        Downloader downloader;
        QSignalSpy failed(&downloader, &Downloader::failed);
        const QString target = path("g/aclImdb_v1.tar.gz");
        downloader.start(server.url(), target);
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("404")),
                 qPrintable(failed.first().at(0).toString()));
        QVERIFY(!QFileInfo::exists(Downloader::partFileFor(target)));
        QVERIFY(!QFileInfo::exists(target));
    }

    // (d) Cancel mid-way keeps the .part with every byte received; a later start resumes it.
    void cancelKeepsThePart() {
        Rig rig(m_archive, HttpServer::Mode::Stall);
        auto& [server, downloader, finished, failed, progress, cancelled, extracted] = rig;
        QVERIFY(server.listen());
        const QString target = path("d/aclImdb_v1.tar.gz");
        const QString part = Downloader::partFileFor(target);
        const qint64 half = m_archive.size() / 2;
        downloader.start(server.url(), target);
        QTRY_COMPARE(lastReceived(progress), half);
        QCOMPARE(downloader.state(), Downloader::State::Downloading);
        downloader.cancel();
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(downloader.state(), Downloader::State::Cancelled);
        QVERIFY(failed.isEmpty());
        QCOMPARE(readAll(part), m_archive.left(half));

        server.mode = HttpServer::Mode::Normal;
        downloader.start(server.url(), target);
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(server.ranges.last(), QStringLiteral("bytes=%1-").arg(half));
        QCOMPARE(readAll(target), m_archive);
        QVERIFY(failed.isEmpty());
    }

    // Unpacking: on request after a download, and on its own; a damaged archive never
    // replaces the unpacked copy.
    void unpacks() {
        Rig rig(m_archive, HttpServer::Mode::Normal);
        auto& [server, downloader, finished, failed, progress, cancelled, extracted] = rig;
        QVERIFY(server.listen());
        downloader.setDataFolder(path("h/datasets"));
        downloader.setExtractAfterDownload(true);
        const QString target = path("h/aclImdb_v1.tar.gz");
        downloader.start(server.url(), target);
        QTRY_COMPARE(extracted.count() + failed.count(), 1);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(extracted.count(), 1);
        const QString folder = extracted.first().at(0).toString();
        QCOMPARE(folder, path("h/datasets/aclImdb_v1"));
        QCOMPARE(QString::fromStdString(reviewText(12)),
                 QString::fromUtf8(readAll(folder + "/aclImdb/test/neg/2_8.txt")));

        // On its own, into a chosen folder; then a damaged archive over it.
        QDir().mkpath(path("h/other"));
        writeBytes(path("h/other/marker.txt"), "keep me");
        const QString damaged = path("h/damaged.tar.gz");
        writeBytes(damaged, m_archive.left(m_archive.size() / 2));
        downloader.extract(damaged, path("h/other"));
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY2(failed.first().at(0).toString().startsWith(QStringLiteral("Unpacking failed: ")),
                 qPrintable(failed.first().at(0).toString()));
        QCOMPARE(readAll(path("h/other/marker.txt")), QByteArray("keep me"));
        downloader.extract(target, path("h/other"));
        QTRY_COMPARE(extracted.count(), 2);
        QVERIFY(QFileInfo::exists(path("h/other/aclImdb/train/pos/0_8.txt")));
        QVERIFY(!QFileInfo::exists(path("h/other/marker.txt")));
    }

    // The dialog: Download, a dropped connection shown as an error with Resume enabled, Resume
    // to the end, datasetReady with the checked archive.
    void dialogDownloadsAndResumes() {
        HttpServer server;
        server.body = m_archive;
        server.mode = HttpServer::Mode::DropHalf;
        QVERIFY(server.listen());
        DownloadDialog dialog;
        configure(dialog.downloader());
        QSignalSpy ready(&dialog, &DownloadDialog::datasetReady);
        const QString target = path("i/aclImdb_v1.tar.gz");
        dialog.setAddress(server.url().toString());
        dialog.setDestination(target);
        dialog.show();
        auto* download = dialog.findChild<QPushButton*>(QStringLiteral("download"));
        auto* resume = dialog.findChild<QPushButton*>(QStringLiteral("resume"));
        auto* cancel = dialog.findChild<QPushButton*>(QStringLiteral("cancel"));
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("error"));
        auto* amount = dialog.findChild<QLabel*>(QStringLiteral("amount"));
        QVERIFY(download && resume && cancel && error && amount);
        QVERIFY(download->isEnabled());
        QVERIFY(!resume->isEnabled());
        QVERIFY(!cancel->isEnabled());
        QVERIFY(error->isHidden());

        QTest::mouseClick(download, Qt::LeftButton);
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("press Download again to resume")),
                 qPrintable(error->text()));
        QVERIFY(resume->isEnabled());
        QVERIFY(!cancel->isEnabled());
        QVERIFY2(amount->text().contains(QStringLiteral(" of ")), qPrintable(amount->text()));
        QVERIFY(ready.isEmpty());

        server.mode = HttpServer::Mode::Normal;
        QTest::mouseClick(resume, Qt::LeftButton);
        QVERIFY(error->isHidden());
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(ready.first().at(0).toString(), target);
        QCOMPARE(readAll(target), m_archive);
        QVERIFY(!resume->isEnabled());
        QVERIFY(download->isEnabled());
        QVERIFY(error->isHidden());
    }

    void dialogCancels() {
        HttpServer server;
        server.body = m_archive;
        server.mode = HttpServer::Mode::Stall;
        QVERIFY(server.listen());
        DownloadDialog dialog;
        configure(dialog.downloader());
        QSignalSpy progress(&dialog.downloader(), &Downloader::progress);
        QSignalSpy ready(&dialog, &DownloadDialog::datasetReady);
        dialog.setAddress(server.url().toString());
        dialog.setDestination(path("j/aclImdb_v1.tar.gz"));
        dialog.show();
        auto* cancel = dialog.findChild<QPushButton*>(QStringLiteral("cancel"));
        auto* resume = dialog.findChild<QPushButton*>(QStringLiteral("resume"));
        auto* state = dialog.findChild<QLabel*>(QStringLiteral("state"));
        QVERIFY(cancel && resume && state);
        dialog.download();
        QVERIFY(cancel->isEnabled());
        QTRY_COMPARE(lastReceived(progress), qint64(m_archive.size() / 2));
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!cancel->isEnabled());
        QVERIFY(resume->isEnabled());
        QVERIFY2(state->text().contains(QStringLiteral("press Resume")), qPrintable(state->text()));
        QVERIFY(QFileInfo::exists(Downloader::partFileFor(path("j/aclImdb_v1.tar.gz"))));
        QVERIFY(ready.isEmpty());
    }
};

QTEST_MAIN(TestDownload)
#include "tst_download.moc"
