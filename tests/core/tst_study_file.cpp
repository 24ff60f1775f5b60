// study.json and its compact companion study.bin: the companion gives exactly what the JSON
// gives, the reader prefers it only when it is the companion of that very study.json and whole,
// and every other case (none, damaged, cut short, another version, another study.json) reads
// the JSON as before. Also: the bootstrap's faster draws are Rng::below's numbers.
#include "io/study_companion.h"
#include "io/study_io.h"
#include "signal/random.h"
#include "signal/uniform_index.h"
#include "test_helpers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

StudyResult smallStudy(std::size_t reviews, std::uint64_t seed) {
    StudyResult r;
    Rng rng(seed);
    r.reviewsQualifying = reviews + 3;
    r.utilisation = 0.75;
    r.participationRatio = 3.5;
    r.unitTemporalSd = {0.1, 0.2, 0.3, 0.4};
    r.prSteps = {1, 2, 3};
    r.prByStep = {1.0, 1.5, kNoValue};
    r.prStepMean = 1.25;
    r.unitBetaMeans["h"] = {0.1, kNoValue, 0.3, 0.4};
    for (std::size_t k = 0; k < reviews; ++k) {
        ReviewResult review;
        review.id = "test/pos/" + std::to_string(k) + "_é";
        review.corpusIndex = 1000 + k;
        review.label = k % 3 == 2 ? -1 : int(k % 2);
        review.probability = float(rng.uniform());
        for (const char* key : {"h", "x", "internal", "h_shuffled"}) {
            Measure m;
            m.alpha = 0.5 + rng.uniform();
            m.beta = 2 * m.alpha - 1;
            m.r2 = rng.uniform();
            m.betaPsd = k == 1 ? kNoValue : rng.normal();
            m.units = 4;
            m.silentUnits = int(rng.below(2));
            m.unitBetaMean = m.beta;
            m.unitBetaSd = 0.1 * rng.uniform();
            review.rows[key] = m;
        }
        if (k == 2) review.rows["h"] = Measure{}; // a review whose units were all silent
        r.reviews.push_back(review);
    }
    summarizeStudy(r);
    return r;
}

bool same(double a, double b) {
    return a == b || (std::isnan(a) && std::isnan(b));
}

// Every field a study file carries, compared exactly (NaN equals NaN).
bool sameStudy(const StudyResult& a, const StudyResult& b) {
    if (a.reviews.size() != b.reviews.size() || a.summary.size() != b.summary.size() ||
        a.reviewsQualifying != b.reviewsQualifying || a.prSteps != b.prSteps ||
        !same(a.participationRatio, b.participationRatio) || a.unitTemporalSd != b.unitTemporalSd)
        return false;
    for (std::size_t k = 0; k < a.reviews.size(); ++k) {
        const ReviewResult &x = a.reviews[k], &y = b.reviews[k];
        if (x.id != y.id || x.corpusIndex != y.corpusIndex || x.label != y.label ||
            x.probability != y.probability || x.rows.size() != y.rows.size())
            return false;
        for (const auto& [key, m] : x.rows) {
            const auto it = y.rows.find(key);
            if (it == y.rows.end()) return false;
            const Measure& n = it->second;
            if (!same(m.alpha, n.alpha) || !same(m.beta, n.beta) || !same(m.r2, n.r2) ||
                !same(m.betaPsd, n.betaPsd) || !same(m.unitBetaMean, n.unitBetaMean) ||
                !same(m.unitBetaSd, n.unitBetaSd) || m.units != n.units ||
                m.silentUnits != n.silentUnits)
                return false;
        }
    }
    const auto sameSummary = [](const Summary& x, const Summary& y) {
        return x.count == y.count && same(x.mean, y.mean) && same(x.sd, y.sd) &&
               same(x.median, y.median) && same(x.ciLow, y.ciLow) && same(x.ciHigh, y.ciHigh);
    };
    for (const auto& [key, row] : a.summary) {
        const auto it = b.summary.find(key);
        if (it == b.summary.end()) return false;
        const SummaryRow& other = it->second;
        if (!sameSummary(row.beta, other.beta) || !sameSummary(row.betaPsd, other.betaPsd) ||
            !same(row.meanR2, other.meanR2) || row.silentUnits != other.silentUnits ||
            row.unitSeries != other.unitSeries || !same(row.unitBetaMean, other.unitBetaMean) ||
            !same(row.unitBetaSd, other.unitBetaSd))
            return false;
    }
    return true;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

std::string text(const QByteArray& bytes) {
    return bytes.toStdString();
}

} // namespace

class TestStudyFile : public QObject {
    Q_OBJECT
private slots:
    void companionWrittenAndReadAsTheJson() {
        QTemporaryDir dir;
        const StudyResult study = smallStudy(12, 1);
        Provenance p;
        p.program = "Flicker test";
        p.datasetSha256 = "abc";
        writeStudy(dir.path().toStdString(), study, p);
        const QString json = dir.filePath("study.json");
        QVERIFY(QFile::exists(dir.filePath(kStudyCompanionName)));
        Provenance fromCompanion, fromJson;
        const StudyResult a = readStudy(json.toStdString(), &fromCompanion);
        const StudyResult b = studyFromJson(text(readAll(json)), "study.json", &fromJson);
        QVERIFY(sameStudy(a, study));
        QVERIFY(sameStudy(a, b));
        QCOMPARE(fromCompanion.program, p.program);
        QCOMPARE(fromCompanion.datasetSha256, fromJson.datasetSha256);
        QCOMPARE(a.unitBetaMeans.at("h").size(), std::size_t(4));
        QVERIFY(std::isnan(a.unitBetaMeans.at("h")[1]));
        QVERIFY(std::isnan(a.prByStep[2]));
    }

    void staleSummaryWrittenAsTheReviews() {
        // Reviews that arrived after the summary (a page exporting between refreshes): the
        // files carry the reviews' own summary, and both ways of reading agree.
        QTemporaryDir dir;
        StudyResult study = smallStudy(6, 1);
        const StudyResult more = smallStudy(3, 9);
        study.reviews.insert(study.reviews.end(), more.reviews.begin(), more.reviews.end());
        QVERIFY(!summaryMatchesReviews(study));
        writeStudy(dir.path().toStdString(), study, Provenance{});
        const QString json = dir.filePath("study.json");
        const StudyResult a = readStudy(json.toStdString());
        QVERIFY(summaryMatchesReviews(a));
        QCOMPARE(a.summary.at("h_shuffled").beta.count, std::size_t(9));
        QVERIFY(sameStudy(a, studyFromJson(text(readAll(json)), "study.json")));
    }

    void readerPrefersAValidCompanion() {
        // A companion of this study.json's exact text whose reviews differ: the reader takes
        // them, so it did not parse the JSON's.
        QTemporaryDir dir;
        writeStudy(dir.path().toStdString(), smallStudy(5, 1), Provenance{});
        const QString json = dir.filePath("study.json");
        const QByteArray jsonText = readAll(json);
        const StudyCompanion original = decodeStudyCompanion(
            text(readAll(dir.filePath(kStudyCompanionName))), text(jsonText), "study.bin");
        const StudyResult other = smallStudy(7, 2);
        writeAll(dir.filePath(kStudyCompanionName),
                 QByteArray::fromStdString(encodeStudyCompanion(text(jsonText), original.head,
                                                                other.reviews, other.summary)));
        QCOMPARE(readStudy(json.toStdString()).reviews.size(), std::size_t(7));
    }

    void damagedCompanionReadsTheJson_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("a byte changed") << "flip"
                                        << "checksum differs";
        QTest::newRow("cut short") << "truncate"
                                   << "checksum differs";
        QTest::newRow("empty") << "empty"
                               << "no study companion header";
        QTest::newRow("not a companion") << "other"
                                         << "no study companion header";
        QTest::newRow("another version") << "version"
                                         << "format version 99";
    }
    void damagedCompanionReadsTheJson() {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const StudyResult study = smallStudy(9, 3);
        writeStudy(dir.path().toStdString(), study, Provenance{});
        const QString json = dir.filePath("study.json"),
                      companion = dir.filePath(kStudyCompanionName);
        QByteArray bytes = readAll(companion);
        if (damage == "flip") bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x10);
        if (damage == "truncate") bytes.chop(100);
        if (damage == "empty") bytes.clear();
        if (damage == "other") bytes = "{\"format\": \"flicker-study\"}";
        if (damage == "version") {
            bytes[8] = 99; // the version, then a checksum that matches again
            bytes.chop(8);
            const std::uint64_t sum = contentChecksum(text(bytes));
            for (int k = 0; k < 8; ++k)
                bytes.append(char((sum >> (8 * k)) & 0xff));
        }
        writeAll(companion, bytes);
        QVERIFY(throwsError(
            [&] { decodeStudyCompanion(text(bytes), text(readAll(json)), "x/study.bin"); },
            ErrorCode::ParseError, message.toStdString()));
        QVERIFY(throwsError(
            [&] { decodeStudyCompanion(text(bytes), text(readAll(json)), "x/study.bin"); },
            ErrorCode::ParseError, "x/study.bin: not a usable study companion"));
        QVERIFY(sameStudy(readStudy(json.toStdString()), study)); // from the JSON
    }

    void hostileCountsRefusedBeforeAllocating() {
        // A review count of 2⁴⁰ behind a checksum that matches: refused as larger than the file
        // (nothing allocated for it), and the JSON read instead.
        QTemporaryDir dir;
        const StudyResult study = smallStudy(3, 7);
        writeStudy(dir.path().toStdString(), study, Provenance{});
        const QString json = dir.filePath("study.json");
        QByteArray bytes = readAll(dir.filePath(kStudyCompanionName));
        const auto u32At = [&](qsizetype at) {
            std::uint32_t v = 0;
            for (int k = 3; k >= 0; --k)
                v = (v << 8) | std::uint8_t(bytes[at + k]);
            return v;
        };
        qsizetype at = 32 + 8 + qsizetype(u32At(32)); // past the head (its length < 4 GB)
        const std::uint32_t keys = u32At(at);
        at += 4;
        for (std::uint32_t k = 0; k < keys; ++k)
            at += 4 + qsizetype(u32At(at));
        QCOMPARE(u32At(at), std::uint32_t(3)); // the review count
        bytes[at + 5] = 1;                     // 2⁴⁰ + 3
        bytes.chop(8);
        const std::uint64_t sum = contentChecksum(text(bytes));
        for (int k = 0; k < 8; ++k)
            bytes.append(char((sum >> (8 * k)) & 0xff));
        QVERIFY(throwsError(
            [&] { decodeStudyCompanion(text(bytes), text(readAll(json)), "study.bin"); },
            ErrorCode::ParseError, "a count larger than the file"));
        writeAll(dir.filePath(kStudyCompanionName), bytes);
        QVERIFY(sameStudy(readStudy(json.toStdString()), study));
    }

    void companionOfAnotherJsonIsIgnored() {
        // study.json rewritten without its companion (by an older Flicker, or by hand): the
        // companion beside it is another text's, and the new JSON is what is read.
        QTemporaryDir dir;
        writeStudy(dir.path().toStdString(), smallStudy(4, 1), Provenance{});
        const StudyResult newer = smallStudy(6, 5);
        const std::string newerJson = studyToJson(newer, Provenance{});
        writeAll(dir.filePath("study.json"), QByteArray::fromStdString(newerJson));
        QVERIFY(sameStudy(readStudy(dir.filePath("study.json").toStdString()), newer));
        QVERIFY(throwsError(
            [&] {
                decodeStudyCompanion(text(readAll(dir.filePath(kStudyCompanionName))), newerJson,
                                     "study.bin");
            },
            ErrorCode::ParseError, "written with another study.json"));
    }

    void studyWithoutCompanionStillOpens() {
        // Folders written before the companion existed hold study.json alone.
        QTemporaryDir dir;
        const StudyResult study = smallStudy(8, 4);
        writeStudy(dir.path().toStdString(), study, Provenance{});
        QVERIFY(QFile::remove(dir.filePath(kStudyCompanionName)));
        QVERIFY(sameStudy(readStudy(dir.filePath("study.json").toStdString()), study));
        // And a damaged study.json is still an error that names it, companion or not.
        writeAll(dir.filePath("study.json"), "{ not json");
        QVERIFY(throwsError([&] { readStudy(dir.filePath("study.json").toStdString()); },
                            ErrorCode::ParseError, "study.json: not valid JSON"));
    }

    void uniformIndexDrawsRngBelowsNumbers() {
        for (std::uint64_t n :
             {std::uint64_t(1), std::uint64_t(2), std::uint64_t(3), std::uint64_t(7),
              std::uint64_t(1885), std::uint64_t(65536), std::uint64_t(25000),
              (std::uint64_t(1) << 32) + 1, (std::uint64_t(1) << 63) + 5, ~std::uint64_t(0)}) {
            Rng a(n), b(n);
            const UniformIndex draw(n);
            for (int k = 0; k < 20000; ++k)
                QCOMPARE(draw(a), b.below(n));
        }
    }
};

QTEST_GUILESS_MAIN(TestStudyFile)
#include "tst_study_file.moc"
