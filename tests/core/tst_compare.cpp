// Range → matching units (LSTMVis's gesture) and two studies side by side, against known
// answers: constructed activation matrices and constructed study results.
#include "io/study_io.h"
#include "study/compare.h"
#include "study/range_match.h"
#include "test_helpers.h"

#include <QtTest>

#include <cmath>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

// steps × units, row-major; unit u at step t = `f(t, u)`.
template <class F> std::vector<float> matrix(std::size_t steps, std::size_t units, F f) {
    std::vector<float> v(steps * units);
    for (std::size_t t = 0; t < steps; ++t)
        for (std::size_t u = 0; u < units; ++u)
            v[t * units + u] = float(f(t, u));
    return v;
}

// Deterministic noise in [−0.5, 0.5).
double noise(std::size_t t, std::size_t u) {
    std::uint64_t s = 2862933555777941757ULL * (t * 131 + u * 7919 + 1) + 3037000493ULL;
    s ^= s >> 29;
    return double(s % 100000) / 100000.0 - 0.5;
}

// A study of `n` reviews whose row `key` has β = values[k] in review k (one per key given).
StudyResult study(const std::map<std::string, std::vector<double>>& betas) {
    StudyResult r;
    const std::size_t n = betas.begin()->second.size();
    r.reviews.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        r.reviews[k].id = std::to_string(k);
        for (const auto& [key, values] : betas)
            r.reviews[k].rows[key].beta = values[k];
    }
    summarizeStudy(r);
    return r;
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT

private slots:
    void unitHighExactlyOnTheRangeRanksFirst() {
        // 40 steps, 6 units of noise; unit 4 is 1 on steps 10 … 14 and 0 elsewhere (plus a
        // little noise), unit 1 rises on a range that overlaps half of it.
        const std::size_t T = 40, U = 6;
        const auto v = matrix(T, U, [](std::size_t t, std::size_t u) {
            if (u == 4) return (t >= 10 && t < 15 ? 1.0 : 0.0) + 0.01 * noise(t, u);
            if (u == 1) return (t >= 12 && t < 20 ? 1.0 : 0.0) + 0.01 * noise(t, u);
            return noise(t, u);
        });
        const auto m = matchUnitsToRange(v, T, U, 10, 15);
        QCOMPARE(m.size(), U);
        QCOMPARE(m[0].unit, 4);
        QCOMPARE(m[1].unit, 1);
        // A step of height 1 on 5 of 40 steps: SD = sqrt(p(1 − p)), p = 1/8, so the score is
        // 1 / sqrt(7/64) = 3.024 (the noise moves it in the third decimal).
        QVERIFY(std::abs(m[0].score - 1.0 / std::sqrt(7.0 / 64.0)) < 0.02);
        QVERIFY(std::abs(m[0].meanInside - 1.0) < 0.01);
        QVERIFY(std::abs(m[0].meanOutside) < 0.01);
        for (std::size_t k = 1; k < m.size(); ++k)
            QVERIFY(std::abs(m[k - 1].score) >= std::abs(m[k].score));
    }

    void aUnitThatFallsMatchesAsWellAsOneThatRises() {
        // Unit 0 rises on the range, unit 2 falls by the same amount: equal |score|, opposite
        // signs; the tie keeps unit order. Unit 1 never moves: it has no score.
        const std::size_t T = 20, U = 3;
        const auto v = matrix(T, U, [](std::size_t t, std::size_t u) {
            const bool in = t >= 5 && t < 10;
            return u == 0 ? (in ? 0.8 : 0.1) : u == 2 ? (in ? -0.8 : -0.1) : 0.3;
        });
        const auto m = matchUnitsToRange(v, T, U, 5, 10);
        QCOMPARE(m.size(), std::size_t(2));
        QCOMPARE(m[0].unit, 0);
        QCOMPARE(m[1].unit, 2);
        QCOMPARE(m[0].score, -m[1].score);
        QVERIFY(m[0].score > 0);
        // Two values a (5 steps) and b (15): SD = |a − b|·sqrt(p(1 − p)), p = 1/4.
        QVERIFY(std::abs(m[0].score - 1.0 / std::sqrt(3.0 / 16.0)) < 1e-6);
    }

    void identicalUnitsTieInUnitOrder() {
        const std::size_t T = 30, U = 5;
        const auto v = matrix(T, U, [](std::size_t t, std::size_t) { return noise(t, 0); });
        const auto m = matchUnitsToRange(v, T, U, 3, 9);
        QCOMPARE(m.size(), U);
        for (std::size_t k = 0; k < U; ++k) {
            QCOMPARE(m[k].unit, int(k));
            QCOMPARE(m[k].score, m[0].score);
        }
    }

    void emptyAndWholeRangesGiveNothing() {
        const std::size_t T = 12, U = 2;
        const auto v = matrix(T, U, noise);
        QVERIFY(matchUnitsToRange(v, T, U, 4, 4).empty()); // empty
        QVERIFY(matchUnitsToRange(v, T, U, 6, 3).empty()); // reversed
        QVERIFY(matchUnitsToRange(v, T, U, 0, T).empty()); // nothing outside
        QCOMPARE(matchUnitsToRange(v, T, U, 0, T - 1).size(), U);
        QCOMPARE(matchUnitsToRange(v, T, U, T - 1, T).size(), U); // one word at the end
        QVERIFY(matchUnitsToRange({}, 0, 0, 0, 0).empty());
    }

    void badShapesAreErrors() {
        const auto v = matrix(10, 3, noise);
        QVERIFY(throwsError([&] { matchUnitsToRange(v, 10, 4, 0, 2); }, ErrorCode::InvalidArgument,
                            "30 values for 10 steps × 4 units"));
        QVERIFY(throwsError([&] { matchUnitsToRange(v, 10, 3, 2, 11); }, ErrorCode::InvalidArgument,
                            "ends at step 11, after the 10 steps"));
    }

    void comparesTwoStudiesRowByRow() {
        const StudyResult a = study({{"x", {0.0, 0.1, -0.1}}, {"h", {0.6, 0.8, 0.7}}});
        const StudyResult b =
            study({{"x", {0.2, 0.2}}, {"h", {0.3, 0.5}}, {"internal", {0.4, 0.4}}});
        const auto rows = compareStudies(a, b);
        QCOMPARE(rows.size(), std::size_t(3)); // x, h, internal (in kComparedRows' order)
        QCOMPARE(rows[0].key, std::string("x"));
        QCOMPARE(rows[1].key, std::string("h"));
        QCOMPARE(rows[2].key, std::string("internal"));
        QVERIFY(std::abs(rows[1].a.mean - 0.7) < 1e-12);
        QVERIFY(std::abs(rows[1].a.sd - 0.1) < 1e-12);
        QCOMPARE(rows[1].a.count, std::size_t(3));
        QVERIFY(std::abs(rows[1].b.mean - 0.4) < 1e-12);
        QVERIFY(std::abs(rows[1].difference - 0.3) < 1e-12);
        QVERIFY(std::abs(rows[0].difference - (0.0 - 0.2)) < 1e-12);
        // h: SDs 0.1 (n = 3) and √0.02 (n = 2): 1.96·√(0.01 / 3 + 0.02 / 2); x: SD 0 on side b.
        QVERIFY(std::abs(rows[1].differenceCi -
                         1.959963984540054 * std::sqrt(0.01 / 3 + 0.02 / 2)) < 1e-12);
        QVERIFY(std::abs(rows[0].differenceCi - 1.959963984540054 * std::sqrt(0.01 / 3)) < 1e-12);
        // Only side b has "internal": no difference.
        QCOMPARE(rows[2].a.count, std::size_t(0));
        QVERIFY(std::isnan(rows[2].difference));
        QVERIFY(std::isnan(rows[2].differenceCi));
    }

    void comparesAStudyWithItsUntrainedTwin() {
        const StudyResult r = study({{"h", {0.8, 0.6}}, {"h_untrained", {0.1, 0.3}}});
        QVERIFY(hasUntrainedTwin(r));
        QVERIFY(!hasUntrainedTwin(study({{"h", {0.8, 0.6}}})));
        const auto rows = compareStudies(r, r, "", "_untrained");
        QCOMPARE(rows.size(), std::size_t(1));
        QVERIFY(std::abs(rows[0].a.mean - 0.7) < 1e-12);
        QVERIFY(std::abs(rows[0].b.mean - 0.2) < 1e-12);
        QVERIFY(std::abs(rows[0].difference - 0.5) < 1e-12);
        const auto betas = reviewBetas(r, "h_untrained");
        QCOMPARE(betas, (std::vector<double>{0.1, 0.3}));
        QVERIFY(std::isnan(reviewBetas(r, "c")[0]));
    }

    void provenanceNamesTheModelsAccuracy() {
        StudyResult r = study({{"h", {0.5, 0.7}}});
        Provenance p;
        p.modelTestAccuracy = 0.875;
        p.modelHidden = 32;
        Provenance back;
        studyFromJson(studyToJson(r, p), "a.json", &back);
        QCOMPARE(back.modelTestAccuracy, 0.875);
        QCOMPARE(back.modelHidden, 32);
        Provenance unknown;
        studyFromJson(studyToJson(r, Provenance{}), "b.json", &unknown);
        QVERIFY(std::isnan(unknown.modelTestAccuracy));
        QCOMPARE(unknown.modelHidden, 0);
    }
};

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
