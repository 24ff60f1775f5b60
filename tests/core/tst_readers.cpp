// Readers on fixtures made here: an aclImdb folder (with unsup/, *.feat and urls files), the
// same packed as .tar.gz/.tar by libarchive in a scrambled order, awkward CSV, a folder of .txt
// files — and damaged input: truncated and corrupt archives, bad UTF-8, empty reviews, empty
// folders, cancellation.
#include "input_file.h"
#include "support/archive_fixture.h"
#include "test_helpers.h"
#include "text/readers.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>
#include <map>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>; // (relative path, bytes)

void writeFile(const QString& path, const std::string& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(bytes.data(), qint64(bytes.size()));
}

void writeFiles(const QString& root, const Files& files) {
    for (const auto& [path, bytes] : files)
        writeFile(root + "/" + QString::fromStdString(path), bytes);
}

// The official layout in miniature. Expected, without unsup: 7 reviews (train/neg/5_3 is
// empty), 9 ignored entries (3 top-level files, 5 in train/ and test/, 1 unsup review).
Files aclFiles() {
    return {
        {"aclImdb/README", "Large Movie Review Dataset v1.0\n"},
        {"aclImdb/imdb.vocab", "the\nand\na\n"},
        {"aclImdb/imdbEr.txt", "0.0490972013402\n"},
        {"aclImdb/train/pos/0_9.txt", "Great<br />film! Loved it."},
        {"aclImdb/train/pos/10_7.txt", "Good, not great."},
        {"aclImdb/train/pos/2_8.txt", "Fine FILM"},
        {"aclImdb/train/neg/1_2.txt", "Bad film."},
        {"aclImdb/train/neg/3_1.txt", "Awful \xFF\xFE movie"},
        {"aclImdb/train/neg/5_3.txt", "  \n"},
        {"aclImdb/train/unsup/0_0.txt", "Unlabelled text"},
        {"aclImdb/train/urls_pos.txt", "http://www.imdb.com/title/tt0453418/usercomments\n"},
        {"aclImdb/train/labeledBow.feat", "9 0:9 1:1\n"},
        {"aclImdb/train/unsupBow.feat", "0 0:8\n"},
        {"aclImdb/test/pos/0_10.txt", "Masterpiece."},
        {"aclImdb/test/neg/0_4.txt", "Dull."},
        {"aclImdb/test/labeledBow.feat", "10 0:7\n"},
        {"aclImdb/test/urls_neg.txt", "http://www.imdb.com/title/tt0064354/usercomments\n"},
    };
}

const std::vector<std::string> kAclIds{"train/neg/1_2", "train/neg/3_1",  "train/pos/0_9",
                                       "train/pos/2_8", "train/pos/10_7", "test/neg/0_4",
                                       "test/pos/0_10"};

std::vector<std::string> ids(const Corpus& c) {
    std::vector<std::string> out;
    for (const Review& r : c.reviews)
        out.push_back(r.id);
    return out;
}

// Packs files in the order given, after the folder entry aclImdb/.
void writeArchive(const QString& path, const Files& files, bool gzip) {
    std::vector<testing::ArchiveEntry> entries{{"aclImdb/", {}, testing::ArchiveEntry::Folder}};
    for (const auto& [name, bytes] : files)
        entries.push_back({name, bytes});
    testing::writeArchive(path, entries, gzip);
}

Files scrambled(Files files) {
    std::reverse(files.begin(), files.end());
    std::rotate(files.begin(), files.begin() + 5, files.end());
    return files;
}

// Enough text that half of the compressed archive cuts a review, not just the end blocks.
Files manyReviews(std::size_t count) {
    Files files;
    QRandomGenerator random(7);
    for (std::size_t k = 0; k < count; ++k) {
        std::string text;
        for (int w = 0; w < 60; ++w)
            text += std::to_string(random.bounded(100000)) + " ";
        files.emplace_back("aclImdb/train/pos/" + std::to_string(k) + "_8.txt", text);
    }
    return files;
}

void checkAclCorpus(const Corpus& c) {
    QCOMPARE(ids(c), kAclIds);
    QCOMPARE(c.count(Split::Train), std::size_t(5));
    QCOMPARE(c.count(Split::Test), std::size_t(2));
    const Review& first = c.reviews[std::size_t(c.find("train/pos/0_9"))];
    QCOMPARE(first.label, 1);
    QCOMPARE(first.rating, 9);
    QCOMPARE(first.split, Split::Train);
    QCOMPARE(first.text, std::string("Great<br />film! Loved it."));
    QCOMPARE(first.tokens.toStrings(), (std::vector<std::string>{"great", "film", "loved", "it"}));
    const Review& test = c.reviews.back();
    QCOMPARE(test.label, 1);
    QCOMPARE(test.rating, 10);
    QCOMPARE(test.split, Split::Test);
    QCOMPARE(c.reviews.front().label, 0);
    QCOMPARE(c.reviews.front().rating, 2);
    // Bad bytes replaced and counted, empty review skipped and counted, both warned about.
    const Review& bad = c.reviews[std::size_t(c.find("train/neg/3_1"))];
    QCOMPARE(bad.text, std::string("Awful \xEF\xBF\xBD\xEF\xBF\xBD movie"));
    QCOMPARE(bad.tokens.toStrings(), (std::vector<std::string>{"awful", "movie"}));
    QCOMPARE(c.report.reviewsWithBadUtf8, std::size_t(1));
    QCOMPARE(c.report.bytesReplaced, std::size_t(2));
    QCOMPARE(c.report.reviewsSkippedEmpty, std::size_t(1));
    QCOMPARE(c.report.filesRead, std::size_t(8));
    QCOMPARE(c.report.entriesIgnored, std::size_t(9));
    QCOMPARE(c.report.warnings.size(), std::size_t(2));
    QVERIFY(c.report.warnings[0].find("train/neg/3_1.txt") != std::string::npos);
    QVERIFY(c.report.warnings[0].find("2 bytes") != std::string::npos);
    QVERIFY(c.report.warnings[1].find("train/neg/5_3.txt: empty") != std::string::npos);
    QCOMPARE(c.find("nonexistent"), -1L);
}

void checkUnsup(const Corpus& c) {
    QCOMPARE(c.reviews.size(), std::size_t(8));
    const long k = c.find("train/unsup/0_0");
    QCOMPARE(k, 5L); // after train/pos, before test
    QCOMPARE(c.reviews[std::size_t(k)].split, Split::Unsup);
    QCOMPARE(c.reviews[std::size_t(k)].label, -1);
    QCOMPARE(c.reviews[std::size_t(k)].rating, 0);
    QCOMPARE(c.count(Split::Unsup), std::size_t(1));
    QCOMPARE(c.report.entriesIgnored, std::size_t(8));
}

ReadSettings withUnsup() {
    ReadSettings s;
    s.includeUnsup = true;
    return s;
}

std::string csvPath(const QTemporaryDir& dir, const std::string& name, const std::string& text) {
    const QString path = dir.filePath(QString::fromStdString(name));
    writeFile(path, text);
    return path.toStdString();
}

// Header on line 1; the multi-line review starts on line 4; line 8 is blank; line 9 is empty.
const std::string kAwkwardCsv = "\xEF\xBB\xBF\"review\",\"sentiment\"\r\n"
                                "\"A film, with commas\",positive\r\n"
                                "\"He said \"\"wow\"\" and left\",negative\n"
                                "\"Line one\nline two\nline three\",1\n"
                                "plain text review,0\n"
                                "\n"
                                "\"\",pos\n"
                                "Tr\xE8s bien,neg\n"
                                "last one,POSITIVE";

} // namespace

class TestReaders : public QObject {
    Q_OBJECT
private slots:
    void splitNames() {
        QCOMPARE(std::string(splitName(Split::Train)), std::string("train"));
        QCOMPARE(std::string(splitName(Split::Test)), std::string("test"));
        QCOMPARE(std::string(splitName(Split::Unsup)), std::string("unsup"));
        QCOMPARE(std::string(splitName(Split::None)), std::string("none"));
    }

    void aclFolder() {
        QTemporaryDir dir;
        writeFiles(dir.path(), aclFiles());
        const std::string root = dir.filePath("aclImdb").toStdString();
        const Corpus c = readAclImdbFolder(root);
        checkAclCorpus(c);
        QCOMPARE(c.name, std::string("aclImdb"));
        QCOMPARE(c.source, root);
        QCOMPARE(c.indices(Split::Test), (std::vector<std::size_t>{5, 6}));
        // The folder above aclImdb/ works too, and readCorpus finds both.
        checkAclCorpus(readAclImdbFolder(dir.path().toStdString()));
        checkAclCorpus(readCorpus(root));
        checkAclCorpus(readCorpus(dir.path().toStdString()));
        QCOMPARE(readCorpus(root + "/").name, std::string("aclImdb"));
    }

    void aclFolderWithUnsup() {
        QTemporaryDir dir;
        writeFiles(dir.path(), aclFiles());
        checkUnsup(readAclImdbFolder(dir.path().toStdString(), withUnsup()));
    }

    void aclArchiveMatchesFolder_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("gzip");
        QTest::newRow("tar.gz") << "aclImdb_v1.tar.gz" << true;
        QTest::newRow("tgz") << "aclImdb.tgz" << true;
        QTest::newRow("tar") << "aclImdb.tar" << false;
        QTest::newRow("gzip, odd name") << "imdb.data" << true;
    }
    void aclArchiveMatchesFolder() {
        QFETCH(QString, name);
        QFETCH(bool, gzip);
        QTemporaryDir dir;
        writeFiles(dir.path(), aclFiles());
        const QString path = dir.filePath(name);
        writeArchive(path, scrambled(aclFiles()), gzip);
        const Corpus folder = readAclImdbFolder(dir.path().toStdString());
        for (const Corpus& c :
             {readAclImdbArchive(path.toStdString()), readCorpus(path.toStdString())}) {
            checkAclCorpus(c); // sorted, whatever the archive's order
            QCOMPARE(c.name, name.toStdString());
            for (std::size_t k = 0; k < c.reviews.size(); ++k) {
                QCOMPARE(c.reviews[k].text, folder.reviews[k].text);
                QCOMPARE(c.reviews[k].tokens.toStrings(), folder.reviews[k].tokens.toStrings());
            }
            QCOMPARE(c.report.warnings, folder.report.warnings);
        }
        checkUnsup(readAclImdbArchive(path.toStdString(), withUnsup()));
    }

    void archiveProgress() {
        QTemporaryDir dir;
        const QString path = dir.filePath("many.tar.gz");
        writeArchive(path, manyReviews(2500), true);
        std::vector<std::size_t> done, total;
        const Corpus c = readAclImdbArchive(path.toStdString(), {}, [&](const Progress& p) {
            done.push_back(p.done);
            total.push_back(p.total);
        });
        QCOMPARE(c.reviews.size(), std::size_t(2500));
        QCOMPARE(c.reviews[10].id, std::string("train/pos/10_8")); // numeric order
        QVERIFY(done.size() >= 3 && done.size() <= 6);             // start, every 1000, end
        QCOMPARE(done.back(), total.back());
        QCOMPARE(total.back(), std::size_t(QFileInfo(path).size()));
        QVERIFY(std::is_sorted(done.begin(), done.end()));
    }

    void truncatedArchive() {
        QTemporaryDir dir;
        const QString whole = dir.filePath("whole.tar.gz");
        writeArchive(whole, manyReviews(300), true);
        QFile in(whole);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        const QString cut = dir.filePath("cut.tar.gz");
        writeFile(cut, bytes.left(bytes.size() / 2).toStdString());
        QVERIFY(throwsError([&] { readAclImdbArchive(cut.toStdString()); }, ErrorCode::ParseError,
                            cut.toStdString()));
        QVERIFY(throwsError([&] { readCorpus(cut.toStdString()); }, ErrorCode::ParseError,
                            "cut.tar.gz"));
    }

    void corruptArchive() {
        QTemporaryDir dir;
        std::string noise(20000, '\0');
        QRandomGenerator random(3);
        for (char& c : noise)
            c = char(random.bounded(256));
        noise[0] = char(0x1F); // looks like gzip from afar, but is not
        noise[1] = char(0x8B);
        const std::string path = csvPath(dir, "corrupt.tar.gz", noise);
        QVERIFY(throwsError([&] { readCorpus(path); }, ErrorCode::ParseError, "corrupt.tar.gz"));
        noise[0] = 'x';
        const std::string plain = csvPath(dir, "random.tar", noise);
        QVERIFY(throwsError([&] { readCorpus(plain); }, ErrorCode::ParseError, "random.tar"));
    }

    void archiveWithoutReviews() {
        QTemporaryDir dir;
        const QString path = dir.filePath("other.tar.gz");
        writeArchive(path, {{"notes/readme.txt", "hello"}}, true);
        QVERIFY(throwsError([&] { readCorpus(path.toStdString()); }, ErrorCode::EmptyInput,
                            "expected aclImdb's layout"));
    }

    // A bomb: a small archive with one review that expands to more than a review may hold
    // stops at the limit (64 MB read), naming the entry, instead of filling memory.
    void archiveBombStopsEarly() {
        QTemporaryDir dir;
        Files files = aclFiles();
        files.push_back(
            {"aclImdb/train/pos/99999_9.txt", std::string(kMaxReviewFileBytes + 1, ' ')});
        const QString path = dir.filePath("bomb.tar.gz");
        writeArchive(path, files, true);
        QVERIFY(QFileInfo(path).size() < 1 << 20);
        QVERIFY(throwsError([&] { readCorpus(path.toStdString()); }, ErrorCode::ParseError,
                            "the review \"aclImdb/train/pos/99999_9.txt\" is larger than the 64 MB "
                            "a review file may hold"));
    }

    void missingArchive() {
        QVERIFY(throwsError([] { readAclImdbArchive("/nonexistent/a.tar.gz"); }, ErrorCode::Io,
                            "/nonexistent/a.tar.gz"));
        QVERIFY(throwsError([] { readCorpus("/nonexistent/a.tar.gz"); }, ErrorCode::Io,
                            "/nonexistent/a.tar.gz"));
    }

    void csvAwkwardQuoting() {
        QTemporaryDir dir;
        const std::string path = csvPath(dir, "reviews.csv", kAwkwardCsv);
        for (const Corpus& c : {readCsvCorpus(path), readCorpus(path)}) {
            QCOMPARE(ids(c), (std::vector<std::string>{"reviews.csv:2", "reviews.csv:3",
                                                       "reviews.csv:4", "reviews.csv:7",
                                                       "reviews.csv:10", "reviews.csv:11"}));
            QCOMPARE(c.reviews[0].text, std::string("A film, with commas"));
            QCOMPARE(c.reviews[1].text, std::string("He said \"wow\" and left"));
            QCOMPARE(c.reviews[2].text, std::string("Line one\nline two\nline three"));
            QCOMPARE(c.reviews[3].text, std::string("plain text review"));
            QCOMPARE(c.reviews[4].text, std::string("Tr\xEF\xBF\xBDs bien"));
            QCOMPARE(c.reviews[5].text, std::string("last one"));
            std::vector<int> labels;
            for (const Review& r : c.reviews)
                labels.push_back(r.label);
            QCOMPARE(labels, (std::vector<int>{1, 0, 1, 0, 0, 1}));
            QCOMPARE(c.reviews[2].tokens.toStrings(),
                     (std::vector<std::string>{"line", "one", "line", "two", "line", "three"}));
            // No split in the file: the last half (csvTestFraction) is test.
            QCOMPARE(c.indices(Split::Test), (std::vector<std::size_t>{3, 4, 5}));
            QCOMPARE(c.report.reviewsSkippedEmpty, std::size_t(1));
            QCOMPARE(c.report.reviewsWithBadUtf8, std::size_t(1));
            QCOMPARE(c.report.filesRead, std::size_t(1));
            QCOMPARE(c.report.warnings.size(), std::size_t(2));
            QVERIFY(c.report.warnings[0].find("reviews.csv:9: empty") != std::string::npos);
            QVERIFY(c.report.warnings[1].find("reviews.csv:10") != std::string::npos);
            QCOMPARE(c.name, std::string("reviews.csv"));
        }
    }

    // One missing closing quote: the field runs into the next row, which is merged into it.
    // That cannot be undone, but it is found, counted and named by line (the multi-line
    // review of kAwkwardCsv, whose breaks look like text, is not).
    void csvMissingQuoteIsReported() {
        QTemporaryDir dir;
        const std::string path = csvPath(dir, "quote.csv",
                                         "review,sentiment\n"
                                         "\"A fine film,1\n"
                                         "\"A dull film\",0\n"
                                         "\"Good\",positive\n");
        const Corpus c = readCsvCorpus(path);
        QCOMPARE(c.reviews.size(), std::size_t(2));
        QCOMPARE(c.report.rowsWithSuspectQuotes, std::size_t(1));
        QCOMPARE(c.report.warnings.size(), std::size_t(1));
        QVERIFY2(c.report.warnings[0].find("quote.csv:2: a quoted field runs over the line "
                                           "break before line 3") != std::string::npos,
                 c.report.warnings[0].c_str());
        const Corpus awkward = readCsvCorpus(csvPath(dir, "awkward.csv", kAwkwardCsv));
        QCOMPARE(awkward.report.rowsWithSuspectQuotes, std::size_t(0));
    }

    void csvTestFraction() {
        QTemporaryDir dir;
        const std::string path = csvPath(dir, "r.csv", kAwkwardCsv);
        ReadSettings s;
        s.csvTestFraction = 0;
        QCOMPARE(readCsvCorpus(path, s).count(Split::Train), std::size_t(6));
        s.csvTestFraction = 1;
        QCOMPARE(readCsvCorpus(path, s).count(Split::Test), std::size_t(6));
        s.csvTestFraction = 1.5;
        QVERIFY(throwsError([&] { readCsvCorpus(path, s); }, ErrorCode::InvalidArgument,
                            "csvTestFraction"));
    }

    void csvChosenColumns() {
        QTemporaryDir dir;
        const std::string path =
            csvPath(dir, "own.csv", "id,Body,score\n1,\"Nice, really\",pos\n2,Meh,neg\n");
        ReadSettings s;
        s.csvTextColumn = "body";
        s.csvLabelColumn = "score";
        const Corpus c = readCsvCorpus(path, s);
        QCOMPARE(c.reviews.size(), std::size_t(2));
        QCOMPARE(c.reviews[0].text, std::string("Nice, really"));
        QCOMPARE(c.reviews[1].label, 0);
        // "text" and "label" are found by default too.
        const std::string other = csvPath(dir, "tl.csv", "label,text\n1,Good\n0,Bad\n");
        QCOMPARE(readCsvCorpus(other).reviews[0].text, std::string("Good"));
    }

    void csvErrors() {
        QTemporaryDir dir;
        const std::string noColumn = csvPath(dir, "cols.csv", "id,body,score\n1,hello,1\n");
        QVERIFY(throwsError([&] { readCsvCorpus(noColumn); }, ErrorCode::ParseError,
                            "the columns are \"id\", \"body\", \"score\""));
        QVERIFY(throwsError([&] { readCsvCorpus(noColumn); }, ErrorCode::ParseError,
                            "\"review\" or \"text\""));
        // A spreadsheet's "Unicode text" export: UTF-16 with its mark, said so.
        const std::string utf16 = csvPath(dir, "u16.csv", std::string("\xFF\xFEr\0e\0v\0", 8));
        QVERIFY(throwsError([&] { readCsvCorpus(utf16); }, ErrorCode::ParseError,
                            "u16.csv: this looks like UTF-16 text (little-endian)"));
        const std::string noLabel = csvPath(dir, "nolabel.csv", "review\nhello\n");
        QVERIFY(
            throwsError([&] { readCsvCorpus(noLabel); }, ErrorCode::ParseError, "no label column"));

        const std::string open =
            csvPath(dir, "open.csv", "review,sentiment\nok,1\n\"never closed,0\nmore\ntext\n");
        QVERIFY(throwsError([&] { readCorpus(open); }, ErrorCode::ParseError, "open.csv:3"));
        QVERIFY(throwsError([&] { readCorpus(open); }, ErrorCode::ParseError, "closing quote"));

        const std::string label = csvPath(dir, "label.csv", "review,sentiment\nok,1\nhm,maybe\n");
        QVERIFY(throwsError([&] { readCsvCorpus(label); }, ErrorCode::ParseError,
                            "label.csv:3: the label \"maybe\""));

        const std::string shortRow = csvPath(dir, "short.csv", "sentiment,review\n1,ok\n0\n");
        QVERIFY(
            throwsError([&] { readCsvCorpus(shortRow); }, ErrorCode::ParseError, "short.csv:3"));

        const std::string empty = csvPath(dir, "empty.csv", "");
        QVERIFY(throwsError([&] { readCsvCorpus(empty); }, ErrorCode::EmptyInput, "empty.csv"));
        const std::string headerOnly = csvPath(dir, "header.csv", "review,sentiment\n\n");
        QVERIFY(
            throwsError([&] { readCsvCorpus(headerOnly); }, ErrorCode::EmptyInput, "header.csv"));
    }

    void textFolder() {
        QTemporaryDir dir;
        writeFiles(dir.path(), {{"10.txt", "Ten"},
                                {"2.txt", "Two"},
                                {"1.txt", "One<br />line"},
                                {"bad.TXT", "caf\xE9"},
                                {"empty.txt", ""},
                                {"notes.md", "not a review"}});
        for (const Corpus& c :
             {readTextFolder(dir.path().toStdString()), readCorpus(dir.path().toStdString())}) {
            QCOMPARE(ids(c), (std::vector<std::string>{"1.txt", "2.txt", "10.txt", "bad.TXT"}));
            QCOMPARE(c.reviews[0].tokens.toStrings(), (std::vector<std::string>{"one", "line"}));
            QCOMPARE(c.count(Split::None), std::size_t(4));
            QCOMPARE(c.reviews[0].label, -1);
            QCOMPARE(c.report.entriesIgnored, std::size_t(1));
            QCOMPARE(c.report.reviewsSkippedEmpty, std::size_t(1));
            QCOMPARE(c.report.bytesReplaced, std::size_t(1));
        }
    }

    void emptyFolders() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        QVERIFY(throwsError([&] { readCorpus(path); }, ErrorCode::EmptyInput, "expected"));
        QVERIFY(throwsError([&] { readCorpus(path); }, ErrorCode::EmptyInput, path));
        QVERIFY(throwsError([&] { readTextFolder(path); }, ErrorCode::EmptyInput, ".txt"));
        QVERIFY(throwsError([&] { readAclImdbFolder(path); }, ErrorCode::EmptyInput, "train/"));

        writeFiles(dir.path(), {{"a.txt", ""}, {"b.txt", " \n"}});
        QVERIFY(throwsError([&] { readCorpus(path); }, ErrorCode::EmptyInput, "empty"));

        QTemporaryDir acl;
        writeFiles(acl.path(), {{"aclImdb/train/pos/0_9.txt", ""}});
        QVERIFY(throwsError([&] { readCorpus(acl.path().toStdString()); }, ErrorCode::EmptyInput,
                            "empty"));
    }

    void unknownInput() {
        QTemporaryDir dir;
        const std::string path = csvPath(dir, "data.bin", "just some text");
        QVERIFY(throwsError([&] { readCorpus(path); }, ErrorCode::ParseError, "data.bin"));
        QVERIFY(throwsError([] { readCorpus("/nonexistent/folder"); }, ErrorCode::Io,
                            "/nonexistent/folder"));
    }

    void cancelled() {
        QTemporaryDir dir;
        writeFiles(dir.path(), aclFiles());
        const QString archivePath = dir.filePath("a.tar.gz");
        writeArchive(archivePath, aclFiles(), true);
        const std::string csv = csvPath(dir, "c.csv", kAwkwardCsv);
        for (const std::string& path : {dir.path().toStdString(), archivePath.toStdString(), csv}) {
            std::stop_source stop;
            // Cancel from the first progress report, as a user pressing Cancel would.
            const auto progress = [&](const Progress&) { stop.request_stop(); };
            QVERIFY(throwsError([&] { readCorpus(path, {}, progress, stop.get_token()); },
                                ErrorCode::Cancelled, "cancelled"));
        }
    }
};

QTEST_GUILESS_MAIN(TestReaders)
#include "tst_readers.moc"
