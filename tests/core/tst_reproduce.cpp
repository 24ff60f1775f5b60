// The paper's reproduction pipeline (core/pipeline/reproduce.h) on a tiny set-up: every step
// writes its files, a rerun reuses them, a stop ends it cleanly, the report and reproduce.json
// say what they should; and reading a training trajectory back (core/io/study_io.h).
#include "io/study_io.h"
#include "pipeline/reproduce.h"
#include "support/small_model.h"
#include "test_helpers.h"
#include "text/demo_corpus.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

// A few short reviews, a 4-cell model trained for one epoch, a sweep over 2 and 4 cells.
ReproduceSettings tinySettings(const QString& dir) {
    ReproduceSettings s = reproduceSettings(dir.toStdString(), true);
    s.model.embedding = 4;
    s.model.hidden = 4;
    s.training.epochs = 1;
    s.training.maxLength = 100;
    s.vocabularyWords = 500;
    s.study.minLength = s.study.steps = 100;
    s.study.maxReviews = 4;
    s.trajectory.probe.minLength = s.trajectory.probe.steps = 100;
    s.trajectory.probe.maxReviews = 3;
    s.sweepHidden = {2, 4};
    return s;
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject jsonFile(const QString& path) {
    return QJsonDocument::fromJson(fileBytes(path)).object();
}

} // namespace

class TestReproduce : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        configureTorchThreads(1);
        m_corpus = test::smallDemoCorpus(200);
        QVERIFY(m_dir.isValid());
        m_settings = tinySettings(m_dir.path());
        const Outcome<ReproduceResult> first = runReproduce(
            m_corpus, m_settings, [&](const std::string& line) { m_log.push_back(line); },
            [&](const Progress& p) { m_progress.push_back(p); });
        QVERIFY(!first.cancelled);
        m_first = first.value;
    }

    void quickSettingsAreThePapersQuickRun() {
        const ReproduceSettings quick = reproduceSettings("out", true);
        QCOMPARE(quick.training.epochs, kQuickEpochs);
        QCOMPARE(quick.study.maxReviews, kQuickReviews);
        QCOMPARE(quick.sweepHidden,
                 std::vector<int>(kQuickSweepHidden.begin(), kQuickSweepHidden.end()));
        const ReproduceSettings full = reproduceSettings("out", false);
        QCOMPARE(full.training.epochs, kReproduceEpochs);
        QCOMPARE(full.study.maxReviews, std::size_t(0));
        QCOMPARE(full.sweepHidden, SweepSettings{}.hidden);
        QCOMPARE(full.study.minLength, kLongReviewWords);
    }

    void everyStepIsWritten() {
        for (const char* file :
             {"model.flicker", "trajectory/trajectory.json", "study/study.json", "sweep/sweep.json",
              "sweep/h0002_seed1/study.json", "sweep/h0004_seed1/study.json", "reproduce.json"})
            QVERIFY2(QFile::exists(m_dir.filePath(file)), file);
        QVERIFY(!m_first.modelReused);
        QVERIFY(!m_first.studyReused);
        QCOMPARE(m_first.trajectory.size(), std::size_t(2)); // initialisation and epoch 1
        QCOMPARE(m_first.study.reviews.size(), std::size_t(4));
        QCOMPARE(m_first.sweep.points.size(), std::size_t(2));
        // The main model is the sweep's 4-cell point, not trained again.
        QCOMPARE(m_first.sweep.points[1].testAccuracy,
                 m_first.model.history.epochs.back().testAccuracy);
        QVERIFY(!std::isnan(m_first.correlation));
        QVERIFY(m_first.seconds >= m_first.trainingSeconds + m_first.studySeconds);
        // Progress: the main model's steps, then the sweep's points (parts = 2).
        auto saw = [&](const char* stage, std::size_t parts) {
            return std::any_of(m_progress.begin(), m_progress.end(), [&](const Progress& p) {
                return p.stage == stage && p.parts == parts;
            });
        };
        QVERIFY(saw(kReproduceTraining, 0));
        QVERIFY(saw(kReproduceStudying, 0));
        QVERIFY(saw(kSweepTraining, 2));
        QVERIFY(saw(kSweepDone, 2));
        QCOMPARE(m_log.front(), std::string("[reproduce] training the default model (1 epochs) "
                                            "with the training trajectory"));
    }

    // A rerun reads every step back: no training, no study, the same numbers.
    void rerunReusesEveryStep() {
        const QByteArray model = fileBytes(m_dir.filePath("model.flicker"));
        const QJsonObject before = jsonFile(m_dir.filePath("reproduce.json"));
        std::vector<std::string> log;
        bool trained = false;
        const Outcome<ReproduceResult> second = runReproduce(
            m_corpus, m_settings, [&](const std::string& line) { log.push_back(line); },
            [&](const Progress& p) { trained = trained || p.stage == kSweepTraining; });
        QVERIFY(!second.cancelled);
        const ReproduceResult& r = second.value;
        QVERIFY(r.modelReused);
        QVERIFY(r.studyReused);
        QVERIFY(!trained);
        QCOMPARE(fileBytes(m_dir.filePath("model.flicker")), model);
        for (const SweepPoint& p : r.sweep.points)
            QVERIFY(p.resumed);
        QCOMPARE(log.front(), "[reproduce] main model and trajectory found in " +
                                  m_settings.outDir + ": reused");
        QCOMPARE(r.study.summary.at("h").beta.mean, m_first.study.summary.at("h").beta.mean);
        QCOMPARE(r.correlation, m_first.correlation);
        // The trajectory read back gives reproduce.json the same points.
        const QJsonObject after = jsonFile(m_dir.filePath("reproduce.json"));
        QCOMPARE(after["trajectory"], before["trajectory"]);
        QCOMPARE(after["summary"], before["summary"]);
    }

    // Only a model this command trained, for the epochs it trains, is reused.
    void refusesAModelOfOtherEpochs() {
        ReproduceSettings s = m_settings;
        s.training.epochs = 2;
        QVERIFY(throwsError([&] { runReproduce(m_corpus, s); }, ErrorCode::InvalidArgument,
                            "was trained for 1 epoch(s), this run trains 2"));
    }

    // A stop ends the run at the step in hand; nothing unfinished is written.
    void stopEndsTheRun() {
        QTemporaryDir dir;
        const ReproduceSettings s = tinySettings(dir.path());
        std::stop_source before;
        before.request_stop();
        const Outcome<ReproduceResult> none = runReproduce(m_corpus, s, {}, {}, before.get_token());
        QVERIFY(none.cancelled);
        QVERIFY(!QFile::exists(dir.filePath("model.flicker")));

        std::stop_source atStudy; // asked for as the study starts: the model is kept
        const Outcome<ReproduceResult> trained = runReproduce(
            m_corpus, s,
            [&](const std::string& line) {
                if (line.starts_with("[reproduce] studying")) atStudy.request_stop();
            },
            {}, atStudy.get_token());
        QVERIFY(trained.cancelled);
        QVERIFY(QFile::exists(dir.filePath("model.flicker")));
        QVERIFY(QFile::exists(dir.filePath("trajectory/trajectory.json")));
        QVERIFY(!QFile::exists(dir.filePath("study/study.json")));
        QVERIFY(!QFile::exists(dir.filePath("reproduce.json")));
        QCOMPARE(trained.value.trajectory.size(), std::size_t(2));

        std::stop_source inSweep; // within the sweep's first point
        const Outcome<ReproduceResult> studied = runReproduce(
            m_corpus, s, {},
            [&](const Progress& p) {
                if (p.parts > 0) inSweep.request_stop();
            },
            inSweep.get_token());
        QVERIFY(studied.cancelled);
        QVERIFY(studied.value.modelReused);
        QVERIFY(QFile::exists(dir.filePath("study/study.json")));
        QVERIFY(studied.value.sweep.points.empty());
        QVERIFY(!QFile::exists(dir.filePath("reproduce.json")));
    }

    void reportShowsTheModelAndThePublishedValues() {
        const std::string report = reproduceReport(m_first, m_settings, m_corpus.name);
        for (const std::string& part :
             {std::string("Chong & Feng (2024) vs Flicker — ") + m_corpus.name + " (--quick)\n",
              std::string("measured: ") + m_corpus.name + "; model: E = 4, H = 4, 1 epochs, " +
                  "test accuracy ",
              std::string("published: Chong & Feng, Self-organization toward 1/f noise"),
              std::string("doi:10.1063/5.0224138"),
              std::string("; 4 test reviews of ≥ 100 words, first 100 words, UDFA\n"),
              std::string("0.002 ± 0.116"), std::string("0.833 ± 0.132"), std::string("< external"),
              std::string("≈ 0 (theory)"), std::string("corr(beta(x), beta(h))       none"),
              std::string("results in ") + m_settings.outDir + "\n"})
            QVERIFY2(report.find(part) != std::string::npos, part.c_str());
        for (const PublishedValue& p : kPublished)
            QVERIFY2(report.find(p.label) != std::string::npos, p.label);
        QCOMPARE(publishedText(kPublished[0]), std::string("0.002 ± 0.116"));
        QCOMPARE(publishedText(kPublishedCorrelation), std::string("none"));
    }

    void jsonHasTheExpectedKeys() {
        const std::string text = reproduceToJson(m_first, m_settings);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject o = doc.object();
        QStringList keys = o.keys();
        keys.sort();
        QCOMPARE(keys, QStringList({"correlation_beta_x_beta_h", "points", "published", "quick",
                                    "seconds", "summary", "trajectory"}));
        QCOMPARE(o["published"]["x"]["beta_mean"].toDouble(), 0.002);
        QCOMPARE(o["published"]["h"]["beta_sd"].toDouble(), 0.132);
        QCOMPARE(o["published"].toObject().size(), qsizetype(2));
        QCOMPARE(o["points"].toArray().size(), qsizetype(2));
        QCOMPARE(o["trajectory"].toArray().size(), qsizetype(2));
        QVERIFY(o["summary"]["h_permuted"].isObject());
        QCOMPARE(o["quick"].toBool(), true);
        QCOMPARE(o["correlation_beta_x_beta_h"].toDouble(), m_first.correlation);
    }

    // trajectory.json read back gives the points that wrote it.
    void trajectoryRoundTrip() {
        const Provenance p = makeProvenance(m_corpus);
        const std::string written = trajectoryToJson(m_first.trajectory, p);
        Provenance back;
        const std::vector<TrajectoryPoint> points = trajectoryFromJson(written, "t.json", &back);
        QCOMPARE(points.size(), m_first.trajectory.size());
        QCOMPARE(points[1].epoch, 1);
        QCOMPARE(points[1].summary.at("h").beta.mean,
                 m_first.trajectory[1].summary.at("h").beta.mean);
        QCOMPARE(trajectoryToJson(points, back), written);
        QVERIFY(throwsError([] { trajectoryFromJson(R"({"points": []})", "t.json"); },
                            ErrorCode::ParseError, "t.json: not a Flicker trajectory file"));
        QVERIFY(throwsError([] { trajectoryFromJson("{", "t.json"); }, ErrorCode::ParseError,
                            "t.json: not valid JSON"));
        QVERIFY(throwsError([] { readTrajectory("/nonexistent/trajectory.json"); }, ErrorCode::Io,
                            "cannot be opened"));
    }

private:
    QTemporaryDir m_dir;
    Corpus m_corpus;
    ReproduceSettings m_settings;
    ReproduceResult m_first;
    std::vector<std::string> m_log;
    std::vector<Progress> m_progress;
};

QTEST_GUILESS_MAIN(TestReproduce)
#include "tst_reproduce.moc"
