// checkAclImdbArchive and extractArchive on archives made here with libarchive's write API:
// the aclImdb layout in miniature, wrong counts, missing folders, damaged and cut-short files,
// a wrong gzip checksum, unsafe entries, cancellation, and an extraction that must not replace a
// good copy when it fails.
#include "io/archive_extract.h"
#include "support/archive_fixture.h"
#include "test_helpers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <map>
#include <stop_token>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

using Entry = testing::ArchiveEntry;
using Entries = std::vector<Entry>;

std::string reviewText(int seed) {
    return testing::reviewText(seed, 400);
}

/// aclImdb/{train,test}/{pos,neg} with `perFolder` reviews each (the counts in `counts`
/// override per folder), two unsup reviews and a README; `prefix` goes before every path.
Entries aclEntries(int perFolder, const std::map<std::string, int>& counts = {},
                   const std::string& prefix = {}) {
    Entries e{{prefix + "aclImdb/", {}, Entry::Folder},
              {prefix + "aclImdb/README", "the large movie review data set, in miniature\n"}};
    int seed = 0;
    for (const char* split : {"train", "test"}) {
        e.push_back({prefix + "aclImdb/" + split + "/", {}, Entry::Folder});
        for (const char* label : {"pos", "neg"}) {
            const std::string folder = std::string(split) + "/" + label;
            const auto it = counts.find(folder);
            const int n = it == counts.end() ? perFolder : it->second;
            if (n < 0) continue; // folder left out
            e.push_back({prefix + "aclImdb/" + folder + "/", {}, Entry::Folder});
            for (int k = 0; k < n; ++k)
                e.push_back({prefix + "aclImdb/" + folder + "/" + std::to_string(k) + "_7.txt",
                             reviewText(++seed)});
            e.push_back({prefix + "aclImdb/" + split + "/urls_" + label + ".txt", "http://x\n"});
        }
    }
    e.push_back({prefix + "aclImdb/train/unsup/0_0.txt", reviewText(1000)});
    e.push_back({prefix + "aclImdb/train/unsup/1_0.txt", reviewText(1001)});
    return e;
}

using testing::writeArchive;

QByteArray readAll(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll();
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

/// The names in a folder, hidden ones included.
QStringList namesIn(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                                  QDir::Name);
}

std::string str(const QString& s) {
    return s.toStdString();
}

} // namespace

class TestArchiveExtract : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

    /// A data folder holding a good earlier copy: data/aclImdb_v1/aclImdb/keep.txt.
    QString goodCopy() {
        const QString dest = path("data/aclImdb_v1");
        QDir().mkpath(dest + "/aclImdb");
        writeBytes(dest + "/aclImdb/keep.txt", "the good copy");
        return dest;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void formatsCounts() {
        QCOMPARE(formatCount(0), std::string("0"));
        QCOMPARE(formatCount(999), std::string("999"));
        QCOMPARE(formatCount(12500), std::string("12,500"));
        QCOMPARE(formatCount(1234567), std::string("1,234,567"));
    }

    void checksAGoodArchive() {
        const QString file = path("good.tar.gz");
        writeArchive(file, aclEntries(3));
        std::vector<std::size_t> done, totals;
        const ArchiveCheck check = checkAclImdbArchive(str(file), 3, [&](const Progress& p) {
            done.push_back(p.done);
            totals.push_back(p.total);
            QCOMPARE(p.stage, std::string("checking"));
            QVERIFY(p.text.find("good.tar.gz") != std::string::npos);
        });
        QCOMPARE(check.trainPos, std::size_t(3));
        QCOMPARE(check.trainNeg, std::size_t(3));
        QCOMPARE(check.testPos, std::size_t(3));
        QCOMPARE(check.testNeg, std::size_t(3));
        QCOMPARE(check.labelledReviews(), std::size_t(12));
        QCOMPARE(check.unsup, std::size_t(2));
        QCOMPARE(check.entries, aclEntries(3).size());
        QVERIFY(check.gzipChecksumVerified);
        QCOMPARE(check.compressedBytes, std::uint64_t(QFileInfo(file).size()));
        QVERIFY(check.uncompressedBytes > check.compressedBytes);
        QVERIFY(!done.empty());
        QCOMPARE(done.front(), std::size_t(0));
        QCOMPARE(done.back(), std::size_t(QFileInfo(file).size()));
        QCOMPARE(totals.back(), std::size_t(QFileInfo(file).size()));
    }

    void acceptsDotPrefixAndPlainTar() {
        const QString dotted = path("dotted.tar.gz");
        writeArchive(dotted, aclEntries(2, {}, "./"));
        QCOMPARE(checkAclImdbArchive(str(dotted), 2).testNeg, std::size_t(2));
        const QString plain = path("plain.tar");
        writeArchive(plain, aclEntries(2), false);
        const ArchiveCheck check = checkAclImdbArchive(str(plain), 2);
        QCOMPARE(check.labelledReviews(), std::size_t(8));
        QVERIFY(!check.gzipChecksumVerified); // a plain .tar has no checksum to compare
    }

    void namesAWrongCount() {
        const QString file = path("short.tar.gz");
        writeArchive(file, aclEntries(3, {{"test/neg", 2}}));
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(file), 3); }, ErrorCode::ParseError,
                            "aclImdb/test/neg has 2 reviews, expected 3"));
        // The official expectation, with thousands separators; every wrong folder is named.
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(file)); }, ErrorCode::ParseError,
                            "aclImdb/train/pos has 3 reviews, expected 12,500"));
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(file)); }, ErrorCode::ParseError,
                            "aclImdb/test/neg has 2 reviews, expected 12,500"));
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(file), 3); }, ErrorCode::ParseError,
                            "short.tar.gz"));
    }

    void namesAMissingFolder() {
        const QString file = path("missing.tar.gz");
        writeArchive(file, aclEntries(3, {{"test/neg", -1}}));
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(file), 3); }, ErrorCode::ParseError,
                            "aclImdb/test/neg is missing"));

        const QString other = path("other.tar.gz");
        writeArchive(other, {{"notes/readme.txt", "hello"}});
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(other), 3); }, ErrorCode::ParseError,
                            "no aclImdb/ folder"));
    }

    void rejectsDamagedFiles() {
        const QString good = path("ref.tar.gz");
        writeArchive(good, aclEntries(3));
        const QByteArray bytes = readAll(good);
        QVERIFY(bytes.size() > 4000);

        // Bytes flipped in the middle of the deflate stream.
        QByteArray flipped = bytes;
        for (qsizetype k = bytes.size() / 2; k < bytes.size() / 2 + 16; ++k)
            flipped[k] = char(flipped[k] ^ 0x5A);
        writeBytes(path("flipped.tar.gz"), flipped);
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(path("flipped.tar.gz")), 3); },
                            ErrorCode::ParseError, "flipped.tar.gz: "));

        // Cut in half, and cut inside the 8-byte gzip trailer.
        writeBytes(path("half.tar.gz"), bytes.left(bytes.size() / 2));
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(path("half.tar.gz")), 3); },
                            ErrorCode::ParseError, "half.tar.gz: "));
        writeBytes(path("trailer.tar.gz"), bytes.left(bytes.size() - 4));
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(path("trailer.tar.gz")), 3); },
                            ErrorCode::ParseError, "trailer.tar.gz: "));

        // A wrong CRC-32 or length in the trailer: only this file's own comparison sees it.
        QByteArray badCrc = bytes;
        badCrc[bytes.size() - 8] = char(badCrc[bytes.size() - 8] ^ 1);
        writeBytes(path("crc.tar.gz"), badCrc);
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(path("crc.tar.gz")), 3); },
                            ErrorCode::ParseError, "checksum (CRC-32)"));
        QByteArray badLength = bytes;
        badLength[bytes.size() - 3] = char(badLength[bytes.size() - 3] ^ 1);
        writeBytes(path("length.tar.gz"), badLength);
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(path("length.tar.gz")), 3); },
                            ErrorCode::ParseError, "gzip length"));

        // Not an archive at all (a server's error page), an empty file, no file.
        writeBytes(path("page.tar.gz"), "<html><body>Not found</body></html>\n");
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(path("page.tar.gz")), 3); },
                            ErrorCode::ParseError, "page.tar.gz: "));
        writeBytes(path("empty.tar.gz"), {});
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(path("empty.tar.gz")), 3); },
                            ErrorCode::ParseError, "empty"));
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(path("absent.tar.gz")), 3); },
                            ErrorCode::Io, "absent.tar.gz"));
    }

    void cancels() {
        const QString file = path("cancel.tar.gz");
        writeArchive(file, aclEntries(3));
        std::stop_source stop;
        stop.request_stop();
        QVERIFY(throwsError([&] { checkAclImdbArchive(str(file), 3, {}, stop.get_token()); },
                            ErrorCode::Cancelled, "cancel"));
    }

    void extracts() {
        const QString file = path("extract.tar.gz");
        Entries entries = aclEntries(3);
        entries.push_back({"aclImdb/link-to-readme", {}, Entry::Symlink, "README"});
        entries.push_back({"aclImdb/README-again", {}, Entry::Hardlink, "aclImdb/README"});
        writeArchive(file, entries);
        const QString dest = path("fresh/aclImdb_v1");
        const ExtractResult result = extractArchive(str(file), str(dest));
        QCOMPARE(QString::fromStdString(result.folder), QDir::cleanPath(dest));
        QCOMPARE(result.files, std::size_t(3 * 4 + 4 + 2 + 1 + 1)); // reviews, urls, unsup,
                                                                    // README, hard link
        QCOMPARE(result.skipped, std::size_t(1));                   // the symbolic link
        QCOMPARE(QString::fromUtf8(readAll(dest + "/aclImdb/test/neg/2_7.txt")),
                 QString::fromStdString(reviewText(12)));
        QCOMPARE(readAll(dest + "/aclImdb/README-again"), readAll(dest + "/aclImdb/README"));
        QVERIFY(!QFileInfo::exists(dest + "/aclImdb/link-to-readme"));
        QCOMPARE(namesIn(path("fresh")), QStringList{"aclImdb_v1"}); // no temporary folder left
        // What was unpacked reads as the data set.
        QCOMPARE(checkAclImdbArchive(str(file), 3).labelledReviews(), std::size_t(12));
    }

    void replacesAGoodCopyOnlyWhenComplete() {
        const QString dest = goodCopy();
        const QString file = path("replace.tar.gz");
        writeArchive(file, aclEntries(2));
        const QByteArray bytes = readAll(file);

        // Cut short: fails, the good copy stays, nothing is left beside it.
        writeBytes(path("cut.tar.gz"), bytes.left(bytes.size() * 2 / 3));
        QVERIFY(throwsError([&] { extractArchive(str(path("cut.tar.gz")), str(dest)); },
                            ErrorCode::ParseError, "cut.tar.gz"));
        QCOMPARE(readAll(dest + "/aclImdb/keep.txt"), QByteArray("the good copy"));
        QCOMPARE(namesIn(path("data")), QStringList{"aclImdb_v1"});

        // A wrong checksum is only known at the very end, after every file was written.
        QByteArray badCrc = bytes;
        badCrc[bytes.size() - 6] = char(badCrc[bytes.size() - 6] ^ 1);
        writeBytes(path("badcrc.tar.gz"), badCrc);
        QVERIFY(throwsError([&] { extractArchive(str(path("badcrc.tar.gz")), str(dest)); },
                            ErrorCode::ParseError, "checksum"));
        QCOMPARE(readAll(dest + "/aclImdb/keep.txt"), QByteArray("the good copy"));
        QCOMPARE(namesIn(path("data")), QStringList{"aclImdb_v1"});

        // Cancelled half-way (from the progress report).
        std::stop_source stop;
        bool reported = false;
        const ProgressFn progress = [&](const Progress& p) {
            if (p.done > 0) {
                reported = true;
                stop.request_stop();
            }
        };
        QVERIFY(
            throwsError([&] { extractArchive(str(file), str(dest), progress, stop.get_token()); },
                        ErrorCode::Cancelled, "cancelled"));
        QVERIFY(reported);
        QCOMPARE(readAll(dest + "/aclImdb/keep.txt"), QByteArray("the good copy"));
        QCOMPARE(namesIn(path("data")), QStringList{"aclImdb_v1"});

        // Complete: the new copy replaces the old one as a whole.
        const ExtractResult result = extractArchive(str(file), str(dest));
        QCOMPARE(result.files, std::size_t(2 * 4 + 4 + 2 + 1));
        QVERIFY(!QFileInfo::exists(dest + "/aclImdb/keep.txt"));
        QVERIFY(QFileInfo::exists(dest + "/aclImdb/train/pos/1_7.txt"));
        QCOMPARE(namesIn(path("data")), QStringList{"aclImdb_v1"});
    }

    void refusesUnsafeEntries() {
        const QString dest = path("unsafe/aclImdb_v1");
        struct Case {
            const char* name;
            Entries entries;
            const char* fragment;
        };
        const std::vector<Case> cases{
            {"dotdot.tar.gz",
             {{"aclImdb/README", "ok"}, {"aclImdb/../../escaped.txt", "evil"}},
             "\"aclImdb/../../escaped.txt\" leads out of the destination folder"},
            {"absolute.tar.gz",
             {{"aclImdb/README", "ok"}, {str(path("absolute.txt")), "evil"}},
             "has an absolute path"},
            {"latin1.tar.gz",
             {{"aclImdb/README", "ok"}, {"aclImdb/caf\xe9.txt", "bytes"}},
             "\"aclImdb/caf\\xe9.txt\" has a name that is not UTF-8 text"},
            {"control.tar.gz",
             {{"aclImdb/README", "ok"}, {"aclImdb/a\x1b[2Jb.txt", "bytes"}},
             "\"aclImdb/a\\x1b[2Jb.txt\" has a control character in its name"},
            {"hardlink.tar.gz",
             {{"aclImdb/README", "ok"}, {"aclImdb/passwd", {}, Entry::Hardlink, "../../passwd"}},
             "the hard link \"aclImdb/passwd\" points to \"../../passwd\""},
        };
        for (const Case& c : cases) {
            const QString file = path(c.name);
            writeArchive(file, c.entries, true,
                         /*ustar=*/std::string_view(c.name) == "latin1.tar.gz");
            QVERIFY2(throwsError([&] { extractArchive(str(file), str(dest)); },
                                 ErrorCode::ParseError, c.fragment),
                     c.name);
            QVERIFY(!QFileInfo::exists(dest));
            QVERIFY(namesIn(path("unsafe")).isEmpty());
        }
        QVERIFY(!QFileInfo::exists(path("escaped.txt")));
        QVERIFY(!QFileInfo::exists(m_dir.path() + "/../escaped.txt"));
        QVERIFY(!QFileInfo::exists(path("absolute.txt")));
    }

    // A bomb: one entry that unpacks to more than kMaxUnpackedEntryBytes (written here as a
    // stream of zeros, a few hundred kB compressed) stops there; nothing is left behind.
    void refusesAnArchiveBomb() {
        const QString file = path("bomb.tar.gz");
        archive* a = archive_write_new();
        archive_write_add_filter_gzip(a);
        archive_write_set_format_pax_restricted(a);
        QCOMPARE(archive_write_open_filename(a, file.toLocal8Bit().constData()), ARCHIVE_OK);
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, "aclImdb/train/pos/0_9.txt");
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        const std::string block(1 << 20, '\0');
        const std::uint64_t blocks = kMaxUnpackedEntryBytes / block.size() + 1;
        archive_entry_set_size(e, la_int64_t(blocks * block.size()));
        QCOMPARE(archive_write_header(a, e), ARCHIVE_OK);
        for (std::uint64_t k = 0; k < blocks; ++k)
            QCOMPARE(archive_write_data(a, block.data(), block.size()), la_ssize_t(block.size()));
        archive_entry_free(e);
        QCOMPARE(archive_write_close(a), ARCHIVE_OK);
        archive_write_free(a);
        QVERIFY(QFileInfo(file).size() < 4 << 20);
        const QString dest = path("bomb/aclImdb_v1");
        QVERIFY(throwsError([&] { extractArchive(str(file), str(dest)); }, ErrorCode::ParseError,
                            "the entry \"aclImdb/train/pos/0_9.txt\" unpacks to more than 256 MB"));
        QVERIFY(!QFileInfo::exists(dest));
        QVERIFY(namesIn(path("bomb")).isEmpty());
    }

    void refusesAnEmptyDestination() {
        QVERIFY(throwsError([&] { extractArchive(str(path("good.tar.gz")), ""); },
                            ErrorCode::InvalidArgument, "destination"));
    }
};

QTEST_GUILESS_MAIN(TestArchiveExtract)
#include "tst_archive_extract.moc"
