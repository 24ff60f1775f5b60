// Synthetic noise and surrogates: determinism by seed, unit variance, the autocorrelation of
// fGn, and the controls' expected direction (permutation → white, phase → same exponent).
#include "signal/dfa.h"
#include "signal/fft.h"
#include "signal/surrogates.h"
#include "signal/synthetic.h"
#include "test_helpers.h"

#include <algorithm>
#include <cmath>

using namespace flicker;
using flicker::testing::throwsError;

namespace {
double meanOf(const std::vector<double>& x) {
    double s = 0;
    for (double v : x)
        s += v;
    return s / double(x.size());
}
double varianceOf(const std::vector<double>& x) {
    const double m = meanOf(x);
    double s = 0;
    for (double v : x)
        s += (v - m) * (v - m);
    return s / double(x.size());
}
} // namespace

class TestSynthetic : public QObject {
    Q_OBJECT
private slots:
    void deterministicBySeed_data() {
        QTest::addColumn<int>("kind");
        for (int k = 0; k <= int(NoiseKind::Fgn); ++k)
            QTest::addRow("%s", noiseKindName(NoiseKind(k))) << k;
    }
    void deterministicBySeed() {
        QFETCH(int, kind);
        NoiseSettings s;
        s.kind = NoiseKind(kind);
        s.beta = 0.6;
        s.length = 777;
        s.seed = 5;
        const auto a = generateNoise(s), b = generateNoise(s);
        QCOMPARE(a, b);
        QCOMPARE(a.size(), std::size_t(777));
        s.seed = 6;
        QVERIFY(generateNoise(s) != a);
        for (double v : a)
            QVERIFY(std::isfinite(v));
    }
    void knownFirstValues() {
        // Pins the generator across platforms and versions: a changed stream changes results.
        const auto w = whiteNoise(3, 1);
        QCOMPARE(w, (std::vector<double>{-1.5452228371402943, -0.19951530557849143,
                                         -1.0136476397283942}));
        QVERIFY(std::abs(meanOf(whiteNoise(100000, 1))) < 0.01);
        QVERIFY(std::abs(varianceOf(whiteNoise(100000, 1)) - 1) < 0.02);
    }
    void unitVariance() {
        QVERIFY(std::abs(varianceOf(powerLawNoise(1000, 1.0, 3)) - 1) < 1e-12);
        QVERIFY(std::abs(meanOf(powerLawNoise(1000, 2.0, 3))) < 1e-12);
        // fGn is exact, not rescaled: its variance is 1 in expectation.
        double v = 0;
        for (int k = 0; k < 50; ++k)
            v += varianceOf(fractionalGaussianNoise(2000, 0.7, k));
        QVERIFY(std::abs(v / 50 - 1) < 0.1);
    }
    void fgnAutocorrelation() {
        // Lag-1 autocorrelation of fGn is 2^(2H−1) − 1 (0.3195 for H = 0.7, −0.2421 for 0.3).
        for (double h : {0.3, 0.7}) {
            double sum = 0;
            const int count = 40;
            for (int k = 0; k < count; ++k) {
                const auto x = fractionalGaussianNoise(4000, h, 300 + k);
                const double m = meanOf(x);
                double c0 = 0, c1 = 0;
                for (std::size_t t = 0; t + 1 < x.size(); ++t) {
                    c0 += (x[t] - m) * (x[t] - m);
                    c1 += (x[t] - m) * (x[t + 1] - m);
                }
                sum += c1 / c0;
            }
            const double expected = std::pow(2.0, 2 * h - 1) - 1;
            QVERIFY2(std::abs(sum / count - expected) < 0.02,
                     qPrintable(QString("H %1: %2 vs %3").arg(h).arg(sum / count).arg(expected)));
        }
    }
    void powerLawExponent() {
        for (double beta : {0.5, 1.0, 1.5}) {
            double sum = 0;
            for (int k = 0; k < 40; ++k)
                sum += dfa(powerLawNoise(2000, beta, 40 + k)).beta;
            QVERIFY2(std::abs(sum / 40 - beta) < 0.12,
                     qPrintable(QString("beta %1 measured %2").arg(beta).arg(sum / 40)));
        }
    }
    void permutationSurrogateWhitens() {
        const auto x = powerLawNoise(500, 1.0, 8);
        double pink = 0, permuted = 0;
        for (int k = 0; k < 40; ++k) {
            const auto xk = powerLawNoise(500, 1.0, 500 + k);
            const auto p = permutationSurrogate(xk, k);
            auto a = xk, b = p;
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            QCOMPARE(a, b); // the same values, in another order
            pink += dfa(xk).beta;
            permuted += dfa(p).beta;
        }
        QVERIFY(pink / 40 > 0.8);
        QVERIFY(std::abs(permuted / 40) < 0.06);
        QCOMPARE(permutationSurrogate(x, 3), permutationSurrogate(x, 3));
    }
    void phaseSurrogateKeepsSpectrum() {
        const auto x = powerLawNoise(500, 1.0, 8);
        const auto y = phaseSurrogate(x, 4);
        const auto X = fft::forward(x), Y = fft::forward(y);
        for (std::size_t k = 0; k < X.size(); ++k)
            QVERIFY(std::abs(std::abs(X[k]) - std::abs(Y[k])) < 1e-9 * (1 + std::abs(X[k])));
        QVERIFY(std::abs(meanOf(x) - meanOf(y)) < 1e-12);
        double diff = 0;
        for (int k = 0; k < 40; ++k) {
            const auto xk = powerLawNoise(500, 1.0, 700 + k);
            diff += dfa(phaseSurrogate(xk, k)).beta - dfa(xk).beta;
        }
        QVERIFY(std::abs(diff / 40) < 0.1);
    }
    void badSettings() {
        QVERIFY(throwsError([] { fractionalGaussianNoise(100, 1.0, 1); },
                            ErrorCode::InvalidArgument, "Hurst"));
        QVERIFY(throwsError([] { powerLawNoise(100, 7, 1); }, ErrorCode::InvalidArgument, "beta"));
        QVERIFY(throwsError([] { whiteNoise(1, 1); }, ErrorCode::InvalidArgument, "at least 2"));
        QCOMPARE(noiseKindFromName("pink"), std::optional<NoiseKind>(NoiseKind::Pink));
        QVERIFY(!noiseKindFromName("purple"));
    }
};

QTEST_APPLESS_MAIN(TestSynthetic)
#include "tst_synthetic.moc"
