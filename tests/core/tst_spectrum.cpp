// Welch spectrum: a sine's peak, Parseval (total power = variance), the exponents of white and
// pink noise, and bad settings.
#include "signal/spectrum.h"
#include "signal/synthetic.h"
#include "test_helpers.h"

#include <cmath>
#include <numbers>

using namespace flicker;
using flicker::testing::throwsError;

class TestSpectrum : public QObject {
    Q_OBJECT
private slots:
    void sinePeak() {
        std::vector<double> x(1024);
        for (std::size_t t = 0; t < x.size(); ++t)
            x[t] = std::sin(2 * std::numbers::pi * 0.125 * double(t));
        const Spectrum s = welchSpectrum(x);
        QCOMPARE(s.segmentLength, 128);
        QCOMPARE(s.segments, 15); // (1024 − 128) / 64 + 1
        std::size_t peak = 0;
        for (std::size_t k = 0; k < s.power.size(); ++k)
            if (s.power[k] > s.power[peak]) peak = k;
        QCOMPARE(s.frequency[peak], 0.125);
    }
    void parseval() {
        // ∫ PSD df over 0 … 0.5 equals the variance (here 1) up to the estimate's scatter.
        const auto x = whiteNoise(1 << 14, 3);
        const Spectrum s = welchSpectrum(x);
        double total = 0;
        const double df = s.frequency[1];
        for (double p : s.power)
            total += p * df;
        QVERIFY(std::abs(total - 1.0) < 0.05);
    }
    void exponents_data() {
        QTest::addColumn<double>("beta");
        QTest::newRow("white") << 0.0;
        QTest::newRow("pink") << 1.0;
    }
    void exponents() {
        QFETCH(double, beta);
        double sum = 0;
        const int count = 50;
        for (int k = 0; k < count; ++k) {
            const auto x = beta == 0 ? whiteNoise(500, 100 + k) : powerLawNoise(500, beta, 100 + k);
            const SpectralExponent e = spectralExponent(x);
            QVERIFY(!e.silent);
            QCOMPARE(e.bandLow, 1.0 / 128);
            QCOMPARE(e.bandHigh, 0.5);
            sum += e.beta;
        }
        const double mean = sum / count;
        qInfo("N = 500, beta %.0f: mean Welch beta_psd over %d series = %.3f", beta, count, mean);
        QVERIFY(std::abs(mean - beta) <= 0.1);
    }
    void band() {
        WelchSettings s;
        s.fitMinFrequency = 0.05;
        s.fitMaxFrequency = 0.2;
        const SpectralExponent e = spectralExponent(powerLawNoise(2000, 1.0, 9), s);
        QVERIFY(e.bandLow >= 0.05 && e.bandHigh <= 0.2);
        QCOMPARE(e.fit.n, std::size_t(std::round((e.bandHigh - e.bandLow) * 128)) + 1);
    }
    void silentAndBad() {
        QVERIFY(spectralExponent(std::vector<double>(500, 1.0)).silent);
        std::vector<double> x = whiteNoise(500, 1);
        x[3] = std::nan("");
        QVERIFY(throwsError([&] { welchSpectrum(x); }, ErrorCode::NonFinite, "index 3"));
        WelchSettings s;
        s.segment = 2;
        QVERIFY(throwsError([&] { welchSpectrum(whiteNoise(500, 1), s); },
                            ErrorCode::InvalidArgument, "segment"));
        s = {};
        s.overlap = 1.0;
        QVERIFY(throwsError([&] { welchSpectrum(whiteNoise(500, 1), s); },
                            ErrorCode::InvalidArgument, "overlap"));
        s = {};
        s.fitMinFrequency = 0.3;
        s.fitMaxFrequency = 0.301;
        QVERIFY(throwsError([&] { spectralExponent(whiteNoise(500, 1), s); },
                            ErrorCode::InvalidArgument, "band"));
        QVERIFY(throwsError([&] { welchSpectrum(std::vector<double>{}); }, ErrorCode::EmptyInput,
                            "empty"));
    }
};

QTEST_APPLESS_MAIN(TestSpectrum)
#include "tst_spectrum.moc"
