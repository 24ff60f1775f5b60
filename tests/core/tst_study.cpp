// The study engine: aggregation modes on hand-made units of known exponent, the controls'
// direction, a whole study on a small demo corpus (summary = recomputation from the rows),
// and the JSON/CSV round trip.
#include "dimensionality/participation_ratio.h"
#include "io/study_io.h"
#include "io/sweep_figure.h"
#include "pipeline/sweep_runner.h"
#include "record/recorder.h"
#include "signal/surrogates.h"
#include "signal/synthetic.h"
#include "study/dimension.h"
#include "study/statistics.h"
#include "study/study.h"
#include "study/sweep.h"
#include "study/trajectory.h"
#include "support/small_model.h"
#include "test_helpers.h"
#include "text/demo_corpus.h"
#include "train/dataset.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>

using namespace flicker;
using flicker::testing::throwsError;

namespace {
std::vector<std::vector<double>> fgnUnits(std::size_t count, double hurst, std::uint64_t seed) {
    std::vector<std::vector<double>> units;
    for (std::size_t k = 0; k < count; ++k)
        units.push_back(fractionalGaussianNoise(500, hurst, seed + k));
    return units;
}
// Eigenvalues of a symmetric matrix (row-major n × n) by cyclic Jacobi rotations: the test's
// own way to the participation ratio, independent of the trace formula the study uses.
std::vector<double> symmetricEigenvalues(std::vector<double> a, std::size_t n) {
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q)
                off += a[p * n + q] * a[p * n + q];
        if (off < 1e-30) break;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (std::abs(apq) < 1e-300) continue;
                const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                const double t =
                    (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (std::size_t k = 0; k < n; ++k) { // columns p, q
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) { // rows p, q
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
            }
    }
    std::vector<double> out(n);
    for (std::size_t k = 0; k < n; ++k)
        out[k] = a[k * n + k];
    return out;
}

// PR = (Σλ)² / Σλ² from the eigenvalues of the explicit covariance (centred, n − 1) of the
// rows of `x` (samples × dims).
double eigenParticipationRatio(const std::vector<std::vector<double>>& x) {
    const std::size_t n = x.size(), d = x.front().size();
    std::vector<double> mean(d, 0.0), cov(d * d, 0.0);
    for (const auto& row : x)
        for (std::size_t i = 0; i < d; ++i)
            mean[i] += row[i] / double(n);
    for (const auto& row : x)
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t j = 0; j < d; ++j)
                cov[i * d + j] += (row[i] - mean[i]) * (row[j] - mean[j]) / double(n - 1);
    double sum = 0, sum2 = 0;
    for (double l : symmetricEigenvalues(cov, d))
        sum += l, sum2 += l * l;
    return sum * sum / sum2;
}
} // namespace

class TestStudy : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { configureTorchThreads(1); }

    // Freedman–Diaconis on 1 … 9: quartiles 3 and 7 (interpolated), IQR 4, n = 9, so the width
    // is 2·4/9^(1/3); non-finite values are left out; no spread or too few values give 0.
    void freedmanDiaconisKnownAnswer() {
        std::vector<double> v{9, 1, 8, 2, 7, 3, 6, 4, 5, std::nan(""), INFINITY};
        QVERIFY(std::abs(freedmanDiaconisWidth(v) - 8.0 / std::cbrt(9.0)) < 1e-12);
        QCOMPARE(freedmanDiaconisWidth(std::vector<double>{2, 2, 2, 2}), 0.0);
        QCOMPARE(freedmanDiaconisWidth(std::vector<double>{1}), 0.0);
    }

    // Pearson's r: a known answer, NaN pairs left out, too few pairs give NaN.
    void pearsonKnownAnswer() {
        const std::vector<double> x{1, 2, 3, 4, std::nan("")}, y{2, 1, 4, 3, 100};
        QVERIFY(std::abs(pearson(x, y) - 0.6) < 1e-12);
        QVERIFY(std::abs(pearson(x, x) - 1.0) < 1e-12);
        QVERIFY(std::isnan(pearson(std::vector<double>{1, 2}, std::vector<double>{2, 1})));
    }

    void aggregationModes_data() {
        QTest::addColumn<int>("mode");
        QTest::newRow("(a) mean alpha") << int(Aggregation::MeanAlpha);
        QTest::newRow("(b) mean F") << int(Aggregation::MeanFluctuation);
        QTest::newRow("(c) averaged signal") << int(Aggregation::AveragedSignal);
    }
    void aggregationModes() {
        QFETCH(int, mode);
        StudySettings s;
        s.aggregation = Aggregation(mode);
        for (double h : {0.5, 0.8}) {
            auto units = fgnUnits(40, h, 100);
            units.push_back(std::vector<double>(500, 0.3)); // one silent unit
            const Measure m = measureUnits(units, s);
            QCOMPARE(m.units, 41);
            QCOMPARE(m.silentUnits, 1);
            // Independent fGn units of the same H: every mode recovers 2H − 1 (the average of
            // independent fGn is fGn of the same H).
            QVERIFY2(std::abs(m.beta - (2 * h - 1)) < 0.12,
                     qPrintable(QString("H %1: beta %2").arg(h).arg(m.beta)));
            QVERIFY(std::abs(m.unitBetaMean - (2 * h - 1)) < 0.12);
            QVERIFY(m.unitBetaSd > 0.03 && m.unitBetaSd < 0.3);
            QVERIFY(m.r2 > 0.9);
            QVERIFY(std::abs(m.betaPsd - (2 * h - 1)) < 0.3);
        }
    }

    void modesDifferAsTheSpecSays() {
        // (a) weights units equally; (b) weights them by amplitude. A loud white unit and a
        // quiet brown-ish unit: (b) follows the loud one.
        std::vector<std::vector<double>> units{whiteNoise(500, 1), powerLawNoise(500, 1.8, 2)};
        for (double& v : units[0])
            v *= 100;
        StudySettings a, b;
        b.aggregation = Aggregation::MeanFluctuation;
        const double ba = measureUnits(units, a).beta, bb = measureUnits(units, b).beta;
        QVERIFY2(ba > 0.6 && bb < 0.2, qPrintable(QString("%1 %2").arg(ba).arg(bb)));
    }

    void controlsDirection() {
        StudySettings s;
        const auto units = fgnUnits(30, 0.9, 300); // beta ≈ 0.8, like h in the paper
        std::vector<std::vector<double>> permuted, phase;
        for (std::size_t k = 0; k < units.size(); ++k) {
            permuted.push_back(permutationSurrogate(units[k], k));
            phase.push_back(phaseSurrogate(units[k], k));
        }
        const double real = measureUnits(units, s).beta;
        QVERIFY(std::abs(measureUnits(permuted, s).beta) < 0.1);
        QVERIFY(std::abs(measureUnits(phase, s).beta - real) < 0.1);
    }

    void studyOnDemoCorpus() {
        const Corpus corpus = test::smallDemoCorpus(400);
        const Model model = test::trainSmallModel(corpus, 8, 12, 200);
        StudySettings s;
        s.minLength = 300;
        s.steps = 300;
        s.maxReviews = 6;
        s.batchReviews = 4;
        std::size_t batches = 0, reports = 0;
        const StudyResult r = runStudy(
                                  model, corpus, s,
                                  [&](const auto& batch) {
                                      ++batches;
                                      QVERIFY(!batch.empty());
                                  },
                                  [&](const Progress& p) {
                                      ++reports;
                                      QCOMPARE(p.stage, std::string("analysing"));
                                      QVERIFY(p.done <= p.total);
                                      QCOMPARE(p.total, std::size_t(6));
                                  })
                                  .value;
        QCOMPARE(batches, std::size_t(2));
        QCOMPARE(reports, std::size_t(2));
        QCOMPARE(r.reviews.size(), std::size_t(6));
        QVERIFY(r.reviewsQualifying >= 6);
        for (const char* key : {"x", "i", "f", "g", "o", "c", "h", "internal", "external",
                                "h_shuffled", "h_untrained", "h_permuted", "h_phase", "x_shuffled"})
            QVERIFY2(r.summary.count(key), key);
        // The summary equals a recomputation from the per-review rows.
        std::vector<double> hb;
        for (const auto& review : r.reviews) {
            QCOMPARE(review.rows.at("h").units, 12);
            QCOMPARE(review.rows.at("x").units, 8);
            QCOMPARE(review.rows.at("internal").units, 48);
            hb.push_back(review.rows.at("h").beta);
        }
        double mean = 0;
        for (double b : hb)
            mean += b / double(hb.size());
        double ss = 0;
        for (double b : hb)
            ss += (b - mean) * (b - mean);
        QVERIFY(std::abs(r.summary.at("h").beta.mean - mean) < 1e-12);
        QVERIFY(std::abs(r.summary.at("h").beta.sd - std::sqrt(ss / double(hb.size() - 1))) <
                1e-12);
        QVERIFY(r.summary.at("h").beta.ciLow <= mean && mean <= r.summary.at("h").beta.ciHigh);
        // Permutation surrogates are white whatever the network does.
        QVERIFY(std::abs(r.summary.at("h_permuted").beta.mean) < 0.15);
        QVERIFY(r.participationRatio >= 1 && r.participationRatio <= 12);
        QVERIFY(r.utilisation >= 0 && r.utilisation <= 1);
        QCOMPARE(r.unitTemporalSd.size(), std::size_t(12));
        // Each unit's mean beta across reviews, from the per-review unit betas.
        QCOMPARE(r.unitBetaMeans.size(), std::size_t(7));
        QCOMPARE(r.unitBetaMeans.at("h").size(), std::size_t(12));
        QCOMPARE(r.unitBetaMeans.at("x").size(), std::size_t(8));
        for (std::size_t u = 0; u < 12; ++u) {
            double sum = 0;
            int n = 0;
            for (const auto& review : r.reviews)
                if (const float b = review.unitBetas.at("h")[u]; !std::isnan(b)) sum += b, ++n;
            QVERIFY(n > 0);
            QVERIFY(std::abs(r.unitBetaMeans.at("h")[u] - sum / n) < 1e-12);
        }

        // Round trip through the files.
        QTemporaryDir dir;
        const Provenance p = makeProvenance(model, "", corpus);
        writeStudy(dir.path().toStdString(), r, p);
        Provenance back;
        const StudyResult again = readStudy(dir.filePath("study.json").toStdString(), &back);
        QCOMPARE(again.reviews.size(), r.reviews.size());
        QCOMPARE(again.summary.size(), r.summary.size());
        for (const auto& [key, row] : r.summary) {
            QCOMPARE(again.summary.at(key).beta.mean, row.beta.mean);
            QCOMPARE(again.summary.at(key).beta.ciHigh, row.beta.ciHigh);
            QCOMPARE(again.summary.at(key).silentUnits, row.silentUnits);
        }
        QCOMPARE(again.settings.steps, std::size_t(300));
        QCOMPARE(again.participationRatio, r.participationRatio);
        // The file has no per-review unit betas, but keeps their means.
        QVERIFY(again.reviews.front().unitBetas.empty());
        QCOMPARE(again.unitBetaMeans.size(), r.unitBetaMeans.size());
        for (const auto& [kind, means] : r.unitBetaMeans) {
            QCOMPARE(again.unitBetaMeans.at(kind).size(), means.size());
            for (std::size_t u = 0; u < means.size(); ++u)
                QVERIFY(again.unitBetaMeans.at(kind)[u] == means[u] ||
                        (std::isnan(means[u]) && std::isnan(again.unitBetaMeans.at(kind)[u])));
        }
        QCOMPARE(back.datasetSha256, p.datasetSha256);
        QCOMPARE(back.program, p.program);
        QFile csv(dir.filePath("study_reviews.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), qsizetype(1 + 6 * r.reviews.front().rows.size()));

        StudySettings none = s;
        none.minLength = 100000;
        none.steps = 300;
        QVERIFY(throwsError([&] { runStudy(model, corpus, none); }, ErrorCode::EmptyInput,
                            "nothing to study"));
        // Too few steps for the windows: refused before any review, with the length that fits.
        StudySettings tooShort = s;
        tooShort.steps = 16;
        QVERIFY(throwsError([&] { runStudy(model, corpus, tooShort); }, ErrorCode::TooShort,
                            "16 analysed steps are too few for the DFA windows (from 4 steps up "
                            "to a quarter of the length): analyse at least 20 steps"));
    }

    // ---- the LSTM's own dimensionality: PR of h over the steps of a review ------------------

    // Constructed data of known PR: ±e_i in d dimensions (isotropic) → d; multiples of one
    // vector (rank one) → 1; variances 2 and 6 on two axes → (2 + 6)² / (4 + 36) = 1.6. The
    // trace formula from sums equals the one from centred samples and the eigenvalues'.
    void participationRatioKnownAnswers() {
        const auto check = [](const std::vector<std::vector<double>>& rows, double want) {
            const std::size_t n = rows.size(), d = rows.front().size();
            std::vector<double> flat, gram(d * d, 0.0), sum(d, 0.0);
            for (const auto& r : rows) {
                flat.insert(flat.end(), r.begin(), r.end());
                for (std::size_t i = 0; i < d; ++i) {
                    sum[i] += r[i];
                    for (std::size_t j = 0; j < d; ++j)
                        gram[i * d + j] += r[i] * r[j];
                }
            }
            const double direct = participationRatio(flat, n, d);
            const double sums = participationRatioFromSums(gram, sum, n, d);
            QVERIFY2(std::abs(direct - want) < 1e-9, qPrintable(QString::number(direct)));
            QVERIFY2(std::abs(sums - want) < 1e-9, qPrintable(QString::number(sums)));
            QVERIFY(std::abs(eigenParticipationRatio(rows) - want) < 1e-9);
        };
        std::vector<std::vector<double>> isotropic;
        for (std::size_t i = 0; i < 7; ++i)
            for (double sign : {1.0, -1.0}) {
                std::vector<double> r(7, 0.25); // an offset: the covariance is centred
                r[i] += sign;
                isotropic.push_back(r);
            }
        check(isotropic, 7.0);
        std::vector<std::vector<double>> rankOne;
        for (double a : {-2.0, 0.5, 1.0, 3.0, 7.5})
            rankOne.push_back({a * 1.0, a * -2.0, a * 0.5, a * 4.0});
        check(rankOne, 1.0);
        check({{1, 0}, {-1, 0}, {0, std::sqrt(3.0)}, {0, -std::sqrt(3.0)}}, 1.6);
        // From sums: NaN for one sample and for samples that are all equal (no covariance).
        QVERIFY(std::isnan(participationRatioFromSums(std::vector<double>{1, 2, 2, 4},
                                                      std::vector<double>{1, 2}, 1, 2)));
        QVERIFY(std::isnan(participationRatioFromSums(std::vector<double>{2, 4, 4, 8},
                                                      std::vector<double>{2, 4}, 2, 2)));
    }

    // Every step is kept while T · H² fits kStepGramBudget, else every k-th from the first.
    void participationStepsThinLargeNetworks() {
        QCOMPARE(participationSteps(500, 64).size(), std::size_t(500));
        QCOMPARE(participationSteps(500, 128).size(), std::size_t(500));
        const auto h256 = participationSteps(500, 256);
        QCOMPARE(h256.size(), std::size_t(125));
        QCOMPARE(h256[1], std::size_t(4));
        const auto h512 = participationSteps(500, 512);
        QCOMPARE(h512.size(), std::size_t(32));
        QCOMPARE(h512.back(), std::size_t(496));
    }

    // The study's PR curve equals a direct computation on the recorded h: at each step, the
    // explicit covariance of h_t over the analysed reviews and its eigenvalues; the untrained
    // twin's curve likewise; both survive the JSON round trip, and a study file written before
    // the curve existed still loads (with no curve).
    void prOverStepsEqualsDirectComputation() {
        const Corpus corpus = test::smallDemoCorpus(200);
        const Model model = test::trainSmallModel(corpus, 8, 6, 100);
        StudySettings s;
        s.minLength = s.steps = 60;
        s.maxReviews = 10;
        s.batchReviews = 4; // the sums run over several batches
        s.controls = {Condition::Untrained};
        s.kinds = {ActivationKind::X, ActivationKind::H};
        const StudyResult r = runStudy(model, corpus, s).value;
        QCOMPARE(r.reviews.size(), std::size_t(10));
        QCOMPARE(r.prSteps.size(), std::size_t(60));
        QCOMPARE(r.prSteps.front(), 1);
        QCOMPARE(r.prSteps.back(), 60);
        QCOMPARE(r.prByStepUntrained.size(), std::size_t(60));
        const LstmClassifier untrained(model.network.settings());
        std::vector<Recording> real, twin;
        for (std::size_t index : analysisSet(corpus, s)) {
            const auto ids = model.vocabulary.encode(corpus.reviews[index].tokens, s.steps);
            real.push_back(Recorder(model.network).record(ids));
            twin.push_back(Recorder(untrained).record(ids));
        }
        QCOMPARE(real.size(), std::size_t(10));
        double worst = 0, mean = 0;
        for (std::size_t t = 0; t < 60; ++t) {
            std::vector<std::vector<double>> rows, twinRows;
            for (std::size_t k = 0; k < real.size(); ++k) {
                rows.emplace_back(real[k].h.begin() + long(t * 6),
                                  real[k].h.begin() + long(t * 6 + 6));
                twinRows.emplace_back(twin[k].h.begin() + long(t * 6),
                                      twin[k].h.begin() + long(t * 6 + 6));
            }
            const double want = eigenParticipationRatio(rows);
            worst = std::max(worst, std::abs(r.prByStep[t] - want) / want);
            worst = std::max(worst,
                             std::abs(r.prByStepUntrained[t] - eigenParticipationRatio(twinRows)) /
                                 eigenParticipationRatio(twinRows));
            QVERIFY(r.prByStep[t] >= 1 && r.prByStep[t] <= 6 + 1e-9);
            mean += want / 60;
        }
        qInfo("PR over the steps: mean %.3f (untrained %.3f), worst relative difference %.2g",
              r.prStepMean, r.prByStepUntrained[30], worst);
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
        QVERIFY(std::abs(r.prStepMean - mean) < 1e-6 * mean);

        QTemporaryDir dir;
        writeStudy(dir.path().toStdString(), r, makeProvenance(model, "", corpus));
        const StudyResult again = readStudy(dir.filePath("study.json").toStdString());
        QCOMPARE(again.prSteps, r.prSteps);
        QCOMPARE(again.prByStep, r.prByStep);
        QCOMPARE(again.prByStepUntrained, r.prByStepUntrained);
        QCOMPARE(again.prStepMean, r.prStepMean);
        QFile csv(dir.filePath("study_pr_steps.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.front(), QByteArray("step,pr,pr_untrained"));
        QVERIFY(lines[1].startsWith("1,"));
        QCOMPARE(lines.size(), qsizetype(1 + 60 + 1)); // header, rows, final newline

        QFile json(dir.filePath("study.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        QJsonObject root = QJsonDocument::fromJson(json.readAll()).object();
        QVERIFY(root.contains("pr_by_step"));
        root.remove("pr_by_step");
        QJsonObject provenance = root["provenance"].toObject();
        QVERIFY(provenance.contains("model_hidden_noise"));
        provenance.remove("model_input_noise");
        provenance.remove("model_hidden_noise");
        root["provenance"] = provenance;
        Provenance oldProvenance;
        const StudyResult old =
            studyFromJson(QJsonDocument(root).toJson().toStdString(), "old.json", &oldProvenance);
        QCOMPARE(oldProvenance.modelHiddenNoise, 0.0);
        QCOMPARE(oldProvenance.modelInputNoise, 0.0);
        QVERIFY(old.prSteps.empty() && old.prByStep.empty() && std::isnan(old.prStepMean));
        QCOMPARE(old.reviews.size(), r.reviews.size());
        QJsonObject damaged = QJsonDocument::fromJson(QJsonDocument(root).toJson()).object();
        damaged["pr_by_step"] = QJsonObject{{"steps", QJsonArray{1, 2}}, {"pr", QJsonArray{3.0}}};
        QVERIFY(throwsError(
            [&] { studyFromJson(QJsonDocument(damaged).toJson().toStdString(), "bad.json"); },
            ErrorCode::ParseError, "bad.json: \"pr_by_step\" has 2 steps but 1 values"));
    }

    void sweepStopsAndResumes() {
        const Corpus corpus = test::smallDemoCorpus(200);
        QTemporaryDir dir;
        SweepSettings s;
        s.hidden = {2, 4};
        s.model.embedding = 4;
        s.training.epochs = 1;
        s.training.maxLength = 100;
        s.vocabularyWords = 500;
        s.study.minLength = s.study.steps = 100;
        s.study.maxReviews = 3;
        s.study.controls = {Condition::Permuted};
        s.outDir = dir.path().toStdString();
        std::stop_source stop;
        std::vector<int> finished;
        const Outcome<SweepResult> firstOutcome = runSweep(
            corpus, s,
            [&](const SweepPoint& p) {
                finished.push_back(p.hidden);
                stop.request_stop(); // "killed" right after the first point is on disk
            },
            {}, stop.get_token());
        QVERIFY(firstOutcome.cancelled);
        const SweepResult& first = firstOutcome.value;
        QCOMPARE(first.points.size(), std::size_t(1));
        QVERIFY(QFile::exists(dir.filePath("h0002_seed1/study.json")));
        QVERIFY(QFile::exists(dir.filePath("h0002_seed1/model.flicker")));
        QVERIFY(!QFile::exists(dir.filePath("h0004_seed1/study.json")));

        std::vector<std::string> states;
        std::vector<std::size_t> parts;
        const Outcome<SweepResult> secondOutcome = runSweep(corpus, s, {}, [&](const Progress& p) {
            states.push_back(p.stage);
            parts.push_back(p.part);
            QCOMPARE(p.parts, std::size_t(2));
        });
        QVERIFY(!secondOutcome.cancelled);
        const SweepResult& second = secondOutcome.value;
        QCOMPARE(states.front(), std::string(kSweepResumed)); // the first point, from disk
        QCOMPARE(parts.front(), std::size_t(0));
        QCOMPARE(states.back(), std::string(kSweepDone));
        QCOMPARE(parts.back(), std::size_t(1));
        QCOMPARE(second.points.size(), std::size_t(2));
        QVERIFY(second.points[0].resumed); // read back, not retrained
        QVERIFY(!second.points[1].resumed);
        QCOMPARE(second.points[0].study.summary.at("h").beta.mean,
                 first.points[0].study.summary.at("h").beta.mean);
        QVERIFY(std::find(states.begin(), states.end(), kSweepTraining) != states.end());
        QVERIFY(std::find(states.begin(), states.end(), kSweepAnalysing) != states.end());
        QVERIFY(second.points[1].testAccuracy >= 0 && second.points[1].testAccuracy <= 1);
        QCOMPARE(second.points[1].study.unitTemporalSd.size(), std::size_t(4));
    }

    // The noise sweep (science.md §4): one point per SD, each trained with that noise on h and
    // kept in a folder of its own; a rerun reuses them, and a folder made with another noise
    // is refused, not reused.
    void noiseSweepResumesAndRefusesOtherNoise() {
        const Corpus corpus = test::smallDemoCorpus(200);
        QTemporaryDir dir;
        SweepSettings s;
        s.hidden = {3};
        s.noise = {0.0, 0.3};
        s.noiseOn = NoiseTarget::Hidden;
        s.model.embedding = 4;
        s.training.epochs = 1;
        s.training.maxLength = 60;
        s.vocabularyWords = 500;
        s.study.minLength = s.study.steps = 60;
        s.study.maxReviews = 4;
        s.study.controls.clear();
        s.outDir = dir.path().toStdString();
        const SweepResult first = runSweep(corpus, s).value;
        QCOMPARE(first.points.size(), std::size_t(2));
        QCOMPARE(first.points[0].noise, 0.0);
        QCOMPARE(first.points[1].noise, 0.3);
        QCOMPARE(first.points[1].hiddenNoise, 0.3);
        QCOMPARE(first.points[1].inputNoise, 0.0);
        QVERIFY(QFile::exists(dir.filePath("h0003_hidden0_seed1/study.json")));
        QVERIFY(QFile::exists(dir.filePath("h0003_hidden0.3_seed1/model.flicker")));
        const Model noisy =
            loadCheckpoint(dir.filePath("h0003_hidden0.3_seed1/model.flicker").toStdString());
        QCOMPARE(noisy.history.settings.hiddenNoise, 0.3);
        const Model clean =
            loadCheckpoint(dir.filePath("h0003_hidden0_seed1/model.flicker").toStdString());
        Provenance provenance;
        readStudy(dir.filePath("h0003_hidden0.3_seed1/study.json").toStdString(), &provenance);
        QCOMPARE(provenance.modelHiddenNoise, 0.3); // the study names the model's training noise
        QCOMPARE(provenance.modelInputNoise, 0.0);
        QVERIFY(noisy.network.weights().weightHh != clean.network.weights().weightHh);
        for (const SweepPoint& p : first.points) {
            QVERIFY(std::isfinite(p.study.summary.at("h").beta.mean));
            QVERIFY(p.study.prStepMean >= 1 && p.study.prStepMean <= 3);
            QVERIFY(p.testAccuracy >= 0 && p.testAccuracy <= 1);
        }
        writeSweep(s.outDir, first, makeProvenance(corpus));
        QFile csv(dir.filePath("sweep.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readLine().startsWith("hidden,seed,input_noise,hidden_noise,test_accuracy,"));
        QVERIFY(csv.readLine().startsWith("3,1,0,0,"));
        // sweep.json reads back as written: sizes, noise, accuracy, PR and summaries.
        Provenance sweepProvenance;
        const SweepResult read =
            readSweep(dir.filePath("sweep.json").toStdString(), &sweepProvenance);
        QCOMPARE(read.points.size(), first.points.size());
        QCOMPARE(sweepProvenance.datasetSha256, makeProvenance(corpus).datasetSha256);
        for (std::size_t k = 0; k < read.points.size(); ++k) {
            const SweepPoint &a = read.points[k], &b = first.points[k];
            QCOMPARE(a.hidden, b.hidden);
            QCOMPARE(a.seed, b.seed);
            QCOMPARE(a.noise, b.noise);
            QCOMPARE(a.hiddenNoise, b.hiddenNoise);
            QCOMPARE(a.testAccuracy, b.testAccuracy);
            QCOMPARE(a.study.prStepMean, b.study.prStepMean);
            QCOMPARE(a.study.summary.at("h").beta.mean, b.study.summary.at("h").beta.mean);
            QCOMPARE(a.study.summary.at("h").beta.sd, b.study.summary.at("h").beta.sd);
            QVERIFY(a.resumed && a.study.reviews.empty());
        }
        QVERIFY(throwsError([&] { sweepFromJson("{\"format\": \"flicker-study\"}", "x.json"); },
                            ErrorCode::ParseError, "x.json: not a Flicker sweep file"));
        QVERIFY(throwsError([&] { sweepFromJson("{", "y.json"); }, ErrorCode::ParseError,
                            "y.json: not valid JSON"));

        const SweepResult again = runSweep(corpus, s).value;
        QVERIFY(again.points[0].resumed && again.points[1].resumed);
        QCOMPARE(again.points[1].study.prStepMean, first.points[1].study.prStepMean);
        QCOMPARE(again.points[1].hiddenNoise, 0.3);

        // The 0.3 point's folder under the 0 point's name: made with other noise, refused.
        QVERIFY(QDir(dir.filePath("h0003_hidden0_seed1")).removeRecursively());
        QVERIFY(QDir().rename(dir.filePath("h0003_hidden0.3_seed1"),
                              dir.filePath("h0003_hidden0_seed1")));
        QVERIFY(throwsError([&] { runSweep(corpus, s); }, ErrorCode::InvalidArgument,
                            "hidden noise: 0.3 there, 0 here"));

        SweepSettings twice = s;
        twice.noise = {0.1, 0.1};
        QVERIFY(throwsError([&] { runSweep(corpus, twice); }, ErrorCode::InvalidArgument,
                            "listed twice"));
        SweepSettings negative = s;
        negative.noise = {-0.1};
        QVERIFY(throwsError([&] { runSweep(corpus, negative); }, ErrorCode::InvalidArgument,
                            "noise SDs must be 0"));
        QCOMPARE(noiseTargetFromName("both"), std::optional(NoiseTarget::Both));
        QVERIFY(!noiseTargetFromName("gates"));
    }

    void sizesPooledOverSeedsAndTheFigure() {
        // Two seeds at 4 cells (β of their reviews 0.2, 0.4 and 0.6, 0.8), one at 16 (0.9, 1.1),
        // and a noisy point that belongs to the noise figure, not to this one.
        const auto point = [](int hidden, std::uint64_t seed, double noise, double accuracy,
                              std::vector<double> betas) {
            SweepPoint p;
            p.hidden = hidden;
            p.seed = seed;
            p.noise = noise;
            p.testAccuracy = accuracy;
            p.study.utilisation = 1.0;
            for (double b : betas) {
                ReviewResult r;
                r.rows["h"].beta = b;
                p.study.reviews.push_back(r);
            }
            return p;
        };
        const std::vector<SweepPoint> points{
            point(16, 1, kNoValue, 0.9, {0.9, 1.1}), point(4, 1, kNoValue, 0.7, {0.2, 0.4}),
            point(4, 2, kNoValue, 0.8, {0.6, 0.8}), point(4, 3, 0.5, 0.5, {5.0})};
        const std::vector<SizeSummary> sizes = summarizeBySize(points);
        QCOMPARE(sizes.size(), std::size_t(2));
        QCOMPARE(sizes[0].hidden, 4);
        QCOMPARE(sizes[0].seeds, 2);
        QCOMPARE(sizes[0].reviews, 4);
        QVERIFY(std::abs(sizes[0].betaMean - 0.5) < 1e-12);
        // SD over the four reviews (n − 1): sqrt(0.2 / 3); over the seeds' means 0.3 and 0.7.
        QVERIFY(std::abs(sizes[0].betaSd - std::sqrt(0.2 / 3)) < 1e-12);
        QVERIFY(std::abs(sizes[0].seedSd - std::sqrt(0.08)) < 1e-12);
        QVERIFY(std::abs(sizes[0].accuracy - 0.75) < 1e-12);
        QCOMPARE(sizes[1].hidden, 16);
        QVERIFY(std::isnan(sizes[1].seedSd)); // one seed: no spread between networks

        // The figure: valid XML, one marker per size, ticks at the sizes, text kept as text.
        const QString svg = QString::fromStdString(sweepFigureSvg(sizes, "demo <corpus> & co"));
        QXmlStreamReader xml(svg);
        int circles = 0;
        QStringList texts;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QStringLiteral("circle")) ++circles;
            if (xml.isStartElement() && xml.name() == QStringLiteral("text"))
                texts << xml.readElementText(QXmlStreamReader::IncludeChildElements);
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(circles, 2);
        QVERIFY(texts.contains(QStringLiteral("4")) && texts.contains(QStringLiteral("16")));
        QVERIFY(texts.contains(QStringLiteral("LSTM cells (log scale)")));
        QVERIFY(texts.contains(QStringLiteral("± SD over seeds")));
        QVERIFY(texts.contains(QStringLiteral("demo <corpus> & co")));
        // The point at 4 cells lies above the one at 16 on the page iff its β is lower.
        QVERIFY(svg.indexOf(QStringLiteral("4 cells: β(h) 0.5")) > 0);
        // No sizes: still a figure (empty axes), no markers.
        QVERIFY(QString::fromStdString(sweepFigureSvg({}, "")).contains(QStringLiteral("</svg>")));
    }

    void trajectoryProbesAtEveryEpoch() {
        const Corpus corpus = test::smallDemoCorpus(200);
        ModelSettings ms;
        ms.embedding = 4;
        ms.hidden = 6;
        TrainingSettings t;
        t.epochs = 2;
        t.batchSize = 50;
        t.maxLength = 100;
        TrajectorySettings traj;
        traj.probe.minLength = traj.probe.steps = 100;
        traj.probe.maxReviews = 4;
        traj.everyBatches = 2;
        std::size_t live = 0;
        const Outcome<TrajectoryResult> outcome = trainWithTrajectory(
            corpus, ms, t, traj, 500, {}, [&](const TrajectoryPoint&) { ++live; });
        QVERIFY(!outcome.cancelled);
        const TrajectoryResult& r = outcome.value;
        // Epoch 0, then per epoch: a mid-epoch probe after batch 2 (4 batches per epoch) and
        // the epoch's end.
        QCOMPARE(r.points.size(), std::size_t(5));
        QCOMPARE(live, r.points.size());
        QCOMPARE(r.points.front().epoch, 0);
        QVERIFY(r.points.front().atEpochEnd);
        QVERIFY(!r.points[1].atEpochEnd);
        QCOMPARE(r.points[1].batch, std::size_t(2));
        QCOMPARE(r.points.back().epoch, 2);
        for (const TrajectoryPoint& p : r.points) {
            QCOMPARE(p.probeReviews, std::size_t(4));
            QVERIFY(p.summary.count("h") && p.summary.count("x"));
            QVERIFY(!p.summary.count("h_shuffled")); // no controls on the probe
        }
        QCOMPARE(r.points.back().testAccuracy, r.model.history.epochs.back().testAccuracy);
    }
};

QTEST_GUILESS_MAIN(TestStudy)
#include "tst_study.moc"
