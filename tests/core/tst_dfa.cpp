// DFA and UDFA against science.md's exact test vector, the direct per-window reference,
// synthetic signals of known exponent, and every kind of bad input.
#include "signal/dfa.h"
#include "signal/fit.h"
#include "signal/synthetic.h"
#include "test_helpers.h"

#include <cmath>
#include <numeric>
#include <optional>

using namespace flicker;
using flicker::testing::lcgSeries;
using flicker::testing::relativeDifference;
using flicker::testing::throwsError;

namespace {
const std::vector<int> kVectorScales{4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40, 50, 64, 80, 100, 128};

DfaSettings vectorSettings(DfaMethod method) {
    DfaSettings s;
    s.method = method;
    s.scales = kVectorScales;
    return s;
}

double fAt(const DfaResult& r, int scale) {
    for (std::size_t i = 0; i < r.scales.size(); ++i)
        if (r.scales[i] == scale) return r.fluctuation[i];
    return -1;
}

void compareFluctuations(const DfaResult& fast, const DfaResult& direct, double tolerance) {
    QCOMPARE(fast.scales, direct.scales);
    for (std::size_t i = 0; i < fast.scales.size(); ++i) {
        const double rel = relativeDifference(fast.fluctuation[i], direct.fluctuation[i]);
        if (rel > tolerance)
            QFAIL(qPrintable(QString("scale %1: F %2 vs direct %3 (relative %4)")
                                 .arg(fast.scales[i])
                                 .arg(fast.fluctuation[i], 0, 'g', 17)
                                 .arg(direct.fluctuation[i], 0, 'g', 17)
                                 .arg(rel)));
    }
    QVERIFY(relativeDifference(fast.alpha, direct.alpha) < tolerance);
}
} // namespace

class TestDfa : public QObject {
    Q_OBJECT
private slots:
    void testVectorInputs() {
        const auto x = lcgSeries();
        QCOMPARE(x.size(), std::size_t(512));
        QCOMPARE(x.front(), 0.08230758970603347);
        QCOMPARE(x.back(), -0.4512874884530902);
        const double mean = std::accumulate(x.begin(), x.end(), 0.0) / 512;
        QVERIFY(std::abs(mean - 0.01223007426597178) < 1e-16);
    }

    void udfaTestVector_data() {
        QTest::addColumn<bool>("direct");
        QTest::newRow("prefix sums") << false;
        QTest::newRow("direct") << true;
    }
    void udfaTestVector() {
        QFETCH(bool, direct);
        const auto x = lcgSeries();
        const auto s = vectorSettings(DfaMethod::Unbiased);
        const DfaResult r = direct ? dfaDirect(x, s) : dfa(x, s);
        QVERIFY(relativeDifference(r.alpha, 0.535107010261504) < 1e-12);
        QVERIFY(std::abs(fAt(r, 4) - 0.1481306327) < 5e-11);
        QVERIFY(std::abs(fAt(r, 128) - 0.9763187187) < 5e-11);
        QCOMPARE(r.beta, 2 * r.alpha - 1);
        QVERIFY(!r.silent);
        QCOMPARE(r.fitCount, 16);
        QVERIFY(r.r2 > 0.99 && r.r2 <= 1.0);
        QVERIFY(r.alphaStdError > 0 && r.alphaStdError < 0.05);
    }

    void standardDfaTestVector_data() { udfaTestVector_data(); }
    void standardDfaTestVector() {
        QFETCH(bool, direct);
        const auto x = lcgSeries();
        const auto s = vectorSettings(DfaMethod::Standard);
        const DfaResult r = direct ? dfaDirect(x, s) : dfa(x, s);
        QVERIFY(relativeDifference(r.alpha, 0.5598867116820421) < 1e-12);
        QVERIFY(std::abs(fAt(r, 4) - 0.1393815831) < 5e-11);
        QVERIFY(std::abs(fAt(r, 128) - 0.9484023291) < 5e-11);
    }

    void generatedScales() {
        QCOMPARE(logSpacedScales(4, 125, 16),
                 (std::vector<int>{4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40, 50, 63, 79, 99, 125}));
        // Duplicates are removed: 4 … 8 in 16 steps has only five integers.
        QCOMPARE(logSpacedScales(4, 8, 16), (std::vector<int>{4, 5, 6, 7, 8}));
        const DfaResult r = dfa(whiteNoise(500, 3));
        QCOMPARE(r.scales.front(), 4);
        QCOMPARE(r.scales.back(), 125);
    }

    void prefixEqualsDirect_data() {
        QTest::addColumn<int>("kind"); // 0 white, 1 pink, 2 brown + trend
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("method"); // 0 UDFA, 1 DFA, 2 DFA both ends
        for (int kind : {0, 1, 2})
            for (int method : {0, 1, 2})
                QTest::addRow("N=500 kind %d method %d", kind, method) << kind << 500 << method;
        for (int kind : {0, 2})
            for (int method : {0, 1})
                QTest::addRow("N=100000 kind %d method %d", kind, method)
                    << kind << 100000 << method;
    }
    void prefixEqualsDirect() {
        QFETCH(int, kind);
        QFETCH(int, length);
        QFETCH(int, method);
        std::vector<double> x =
            kind == 0 ? whiteNoise(length, 11) : powerLawNoise(length, kind, 12);
        if (kind == 2) { // a random walk on a steep trend: a hard case for prefix sums
            double sum = 0;
            for (std::size_t i = 0; i < x.size(); ++i) {
                sum += x[i];
                x[i] = sum + 0.01 * double(i);
            }
        }
        DfaSettings s;
        s.method = method == 0 ? DfaMethod::Unbiased : DfaMethod::Standard;
        s.bothEnds = method == 2;
        if (length > 10000) s.scales = {4, 7, 16, 50, 200, 1000}; // direct is O(N·s)
        compareFluctuations(dfa(x, s), dfaDirect(x, s), 1e-9);
    }

    // Orders 2 and 3 run in O(N) per window size from block prefix sums of τ^i·y: equal to the
    // direct per-window fit, on white, pink and a random walk on a steep trend (the hard case:
    // the profile is a smooth curve far from zero, and cubic residuals are tiny beside it), up
    // to N = 100,000.
    void higherOrderEqualsDirect_data() {
        QTest::addColumn<int>("kind"); // 0 white, 1 pink, 2 brown + trend
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("order");
        for (int order : {2, 3}) {
            for (int kind : {0, 1, 2})
                QTest::addRow("N=500 kind %d order %d", kind, order) << kind << 500 << order;
            QTest::addRow("N=100000 kind 2 order %d", order) << 2 << 100000 << order;
        }
    }
    void higherOrderEqualsDirect() {
        QFETCH(int, kind);
        QFETCH(int, length);
        QFETCH(int, order);
        std::vector<double> x =
            kind == 0 ? whiteNoise(length, 31) : powerLawNoise(length, kind, 32);
        if (kind == 2) {
            double sum = 0;
            for (std::size_t i = 0; i < x.size(); ++i) {
                sum += x[i];
                x[i] = sum + 0.01 * double(i);
            }
        }
        DfaSettings s;
        s.order = order;
        if (length > 10000) s.scales = {5, 9, 40, 200, 1000}; // direct is O(N·s)
        const DfaResult fast = dfa(x, s), direct = dfaDirect(x, s);
        compareFluctuations(fast, direct, 1e-9);
        QCOMPARE(fast.linearWindows, direct.linearWindows);
    }

    // A polynomial of the detrending order in the profile leaves nothing: every window is
    // exactly fitted, so every window counts as linear and F(s) = 0, in both implementations.
    void polynomialProfileIsLinearEverywhere() {
        for (int order = 1; order <= 3; ++order) {
            std::vector<double> x(300);
            for (std::size_t t = 0; t < x.size(); ++t) { // increments of a degree-`order` profile
                const double u = double(t) / 50;
                x[t] = order == 1 ? 0.3 : order == 2 ? 0.2 + u : 0.1 - u + u * u;
            }
            x[0] += 1e-3; // not constant when order = 1
            DfaSettings s;
            s.order = order;
            s.scales = {order + 2, 20, 60};
            const DfaResult fast = dfa(x, s), direct = dfaDirect(x, s);
            QCOMPARE(fast.linearWindows, direct.linearWindows);
            QVERIFY(fast.linearWindows >= 200); // all windows but those covering t = 0
        }
    }

    // The order-1 kernel keeps thread-local buffers between calls and sizes its blocks by the
    // window size. A long series first (large buffers), then every length from 8 to 600 with
    // few, the default and many window sizes and two adjacent small windows: each must equal
    // the direct reference, and the kernel's guard values (checked in every build) must
    // survive. This loop found a one-past-the-end write under AddressSanitizer.
    void everyLengthAfterALongOne() {
        QVERIFY(!dfa(whiteNoise(100000, 3)).silent);
        int compared = 0, refused = 0;
        for (int length = 8; length <= 600; ++length) {
            const std::vector<double> x =
                powerLawNoise(std::size_t(length), 0.5 + (length % 3) * 0.5, std::uint64_t(length));
            for (int order = 1; order <= 3; ++order)
                for (DfaMethod method : {DfaMethod::Unbiased, DfaMethod::Standard})
                    for (int variant = 0; variant < 4; ++variant) {
                        DfaSettings s;
                        s.method = method;
                        s.order = order;
                        if (variant == 3)
                            s.scales = {order + 2, order + 3};
                        else
                            s.scaleCount = variant == 0 ? 5 : variant == 1 ? 16 : 40;
                        if (order > 1 && length % 7 != 0) continue; // the direct path: sampled
                        std::optional<DfaResult> fast, direct;
                        std::optional<ErrorCode> fastError, directError;
                        try {
                            fast = dfa(x, s);
                        } catch (const Error& e) {
                            fastError = e.code();
                        }
                        try {
                            direct = dfaDirect(x, s);
                        } catch (const Error& e) {
                            directError = e.code();
                        }
                        QCOMPARE(fastError, directError);
                        if (fastError) {
                            QVERIFY(*fastError == ErrorCode::TooShort ||
                                    *fastError == ErrorCode::InvalidArgument);
                            ++refused;
                            continue;
                        }
                        compareFluctuations(*fast, *direct, 1e-9);
                        if (QTest::currentTestFailed())
                            QFAIL(qPrintable(QString("length %1, order %2, method %3, variant %4")
                                                 .arg(length)
                                                 .arg(order)
                                                 .arg(dfaMethodName(method))
                                                 .arg(variant)));
                        ++compared;
                    }
        }
        qInfo("%d analyses equal to the direct reference, %d refused as too short", compared,
              refused);
        QVERIFY(compared > 5000);
    }

    // The aggregate curve: F averaged per window size over the given curves, then fitted.
    void meanFluctuationAveragesThenFits() {
        const std::vector<int> scales{4, 8, 16, 32};
        // Two power laws, F = s^0.5 and F = 3·s^0.5: their mean 2·s^0.5 has α = 0.5 exactly.
        std::vector<double> a, b;
        for (int s : scales) {
            a.push_back(std::sqrt(double(s)));
            b.push_back(3 * std::sqrt(double(s)));
        }
        const std::vector<const std::vector<double>*> both{&a, &b};
        const DfaResult mean = meanFluctuation(scales, both, 0, 0);
        QVERIFY(!mean.silent);
        for (std::size_t k = 0; k < scales.size(); ++k)
            QVERIFY(std::abs(mean.fluctuation[k] - 2 * std::sqrt(double(scales[k]))) < 1e-12);
        QVERIFY(std::abs(mean.alpha - 0.5) < 1e-12);
        QVERIFY(std::abs(mean.beta - 0.0) < 1e-12);
        // A fit range keeps the curve and fits only inside it.
        const DfaResult ranged = meanFluctuation(scales, both, 8, 16);
        QCOMPARE(ranged.fitCount, 2);
        QCOMPARE(ranged.fluctuation, mean.fluctuation);
        QVERIFY(meanFluctuation(scales, {}, 0, 0).silent);
        const std::vector<double> shortCurve{1, 2};
        const std::vector<const std::vector<double>*> bad{&a, &shortCurve};
        QVERIFY(throwsError([&] { meanFluctuation(scales, bad, 0, 0); }, ErrorCode::InvalidArgument,
                            "window sizes"));
    }

    void higherOrders_data() {
        QTest::addColumn<int>("order");
        QTest::newRow("order 2") << 2;
        QTest::newRow("order 3") << 3;
    }
    void higherOrders() {
        QFETCH(int, order);
        DfaSettings s;
        s.order = order;
        const DfaResult r = dfa(whiteNoise(2000, 5), s);
        QCOMPARE(r.scales.front(), std::max(4, order + 2)); // a window needs > order + 1 points
        QVERIFY(std::abs(r.alpha - 0.5) < 0.1);
        // A polynomial trend of the detrending order in the profile is removed completely:
        // adding t^(order−1) to x (a t^order term in the profile) leaves F(s) unchanged.
        std::vector<double> x = whiteNoise(2000, 5), trended = x;
        for (std::size_t t = 0; t < x.size(); ++t)
            trended[t] += 1e-3 * std::pow(double(t) / 100.0, order - 1);
        s.minScale = order + 2;
        const DfaResult a = dfa(x, s), b = dfa(trended, s);
        for (std::size_t i = 0; i < a.scales.size(); ++i)
            QVERIFY(relativeDifference(a.fluctuation[i], b.fluctuation[i]) < 1e-8);
    }

    void linearWindowsCountAsZero() {
        // Repeated values make the profile exactly straight over those windows (science.md,
        // step 8): v⁺ = 0 there. No NaN may escape; both implementations agree.
        std::vector<double> x = whiteNoise(500, 21);
        for (std::size_t i = 100; i < 110; ++i)
            x[i] = 0.37;
        for (std::size_t i = 300; i < 304; ++i)
            x[i] = -1.2;
        const DfaResult fast = dfa(x), direct = dfaDirect(x);
        QVERIFY(std::isfinite(fast.alpha));
        // Windows of 4 inside the two runs: 100…109 gives starts 99…106 (the profile is
        // straight where x is constant: windows of s points need s−1 equal increments).
        QVERIFY(fast.linearWindows >= 8);
        QCOMPARE(fast.linearWindows, direct.linearWindows);
        compareFluctuations(fast, direct, 1e-9);
    }

    void silentSeries() {
        const std::vector<double> constant(500, 0.25);
        const DfaResult r = dfa(constant);
        QVERIFY(r.silent);
        QCOMPARE(r.alpha, 0.0);
        QCOMPARE(r.beta, 0.0);
        for (double f : r.fluctuation)
            QCOMPARE(f, 0.0);
        std::vector<double> tiny = whiteNoise(500, 2);
        for (double& v : tiny)
            v = 0.5 + 1e-7 * v; // variance 1e-14 < 1e-12
        QVERIFY(dfa(tiny).silent);
        QVERIFY(!dfa(whiteNoise(500, 2)).silent);
    }

    // Data in any unit: the same exponent at SD 1e-7 and at 1e200 as at SD 1 (the power-of-two
    // scaling is exact), F(s) in the data's unit, and silent only when constant.
    void anyUnitIsScaleFree() {
        const std::vector<double> x = powerLawNoise(2000, 1.0, 7);
        const DfaResult unit = dfa(x);
        QVERIFY(!unit.silent);
        for (double scale : {1e-7, 3e-160, 1.0, 1e200, 1e300}) {
            std::vector<double> scaled = x;
            for (double& v : scaled)
                v *= scale;
            const DfaResult r = dfaAnyUnit(scaled);
            QVERIFY2(!r.silent, qPrintable(QString::number(scale)));
            QVERIFY(std::abs(r.alpha - unit.alpha) < 1e-9);
            QVERIFY(std::abs(r.r2 - unit.r2) < 1e-9);
            for (std::size_t i = 0; i < r.fluctuation.size(); ++i)
                QVERIFY(std::abs(r.fluctuation[i] / (unit.fluctuation[i] * scale) - 1) < 1e-9);
            QVERIFY(std::abs(r.intercept - (unit.intercept + std::log(scale))) < 1e-6);
        }
        // Around a large offset the fluctuations still count (1e-7 on top of 0.5) ...
        std::vector<double> offset = whiteNoise(500, 2);
        for (double& v : offset)
            v = 0.5 + 1e-7 * v;
        const DfaResult small = dfaAnyUnit(offset);
        QVERIFY(!small.silent);
        QVERIFY(std::abs(small.beta) < 0.3); // white
        // ... while a constant, at any size, and zeros are silent.
        for (double level : {0.0, 0.25, -1e300, 1e-300})
            QVERIFY(dfaAnyUnit(std::vector<double>(500, level)).silent);
    }
    void fgnGroundTruth_data() {
        QTest::addColumn<double>("hurst");
        for (double h : {0.3, 0.5, 0.7, 0.9})
            QTest::addRow("H=%.1f", h) << h;
    }
    void fgnGroundTruth() {
        QFETCH(double, hurst);
        double sum = 0;
        for (int k = 0; k < 100; ++k)
            sum += dfa(fractionalGaussianNoise(500, hurst, 1000 + k)).alpha;
        const double mean = sum / 100;
        qInfo("H = %.1f: mean UDFA alpha over 100 fGn series (N = 500) = %.4f", hurst, mean);
        QVERIFY(std::abs(mean - hurst) <= 0.05);
    }

    void whiteNoiseNull_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("DFA") << 1;
        QTest::newRow("UDFA") << 0;
    }
    void whiteNoiseNull() {
        QFETCH(int, method);
        DfaSettings s;
        s.method = method ? DfaMethod::Standard : DfaMethod::Unbiased;
        double sum = 0, sum2 = 0;
        const int count = 200;
        for (int k = 0; k < count; ++k) {
            const double b = dfa(whiteNoise(500, 5000 + k), s).beta;
            sum += b;
            sum2 += b * b;
        }
        const double mean = sum / count, sd = std::sqrt(sum2 / count - mean * mean);
        qInfo("white noise, N = 500, %s: beta = %.3f ± %.3f", dfaMethodName(s.method), mean, sd);
        QVERIFY(std::abs(mean) <= 0.05);
        QVERIFY(sd > 0.04 && sd < 0.15); // science.md: about 0.08–0.09 for a single series
    }

    void refitChangesRange() {
        DfaResult r = dfa(powerLawNoise(2000, 1.0, 4));
        const double fullAlpha = r.alpha;
        refit(r, 10, 100);
        QVERIFY(r.fitCount > 2 && r.fitCount < int(r.scales.size()));
        QVERIFY(r.scales[r.fitFirst] >= 10);
        QVERIFY(r.scales[r.fitFirst + r.fitCount - 1] <= 100);
        std::vector<double> lx, ly;
        for (int i = r.fitFirst; i < r.fitFirst + r.fitCount; ++i) {
            lx.push_back(std::log(r.scales[i]));
            ly.push_back(std::log(r.fluctuation[i]));
        }
        QCOMPARE(r.alpha, fitLine(lx, ly).slope);
        refit(r, 0, 0);
        QCOMPARE(r.alpha, fullAlpha);
        QVERIFY(throwsError([&] { refit(r, 30, 31); }, ErrorCode::InvalidArgument, "fit range"));
    }

    void badInput() {
        std::vector<double> x = whiteNoise(500, 1);
        x[17] = std::nan("");
        QVERIFY(throwsError([&] { dfa(x); }, ErrorCode::NonFinite, "index 17"));
        x[17] = 0;
        x[42] = INFINITY;
        QVERIFY(throwsError([&] { dfa(x); }, ErrorCode::NonFinite, "index 42"));
        QVERIFY(throwsError([&] { dfa(std::vector<double>{}); }, ErrorCode::EmptyInput, "empty"));
        QVERIFY(throwsError([&] { dfa(whiteNoise(4, 1)); }, ErrorCode::TooShort, "4 points"));
        QVERIFY(throwsError([&] { dfa(whiteNoise(12, 1)); }, ErrorCode::TooShort, "too short"));
        DfaSettings s;
        s.scales = {4, 8, 600};
        QVERIFY(
            throwsError([&] { dfa(whiteNoise(500, 1), s); }, ErrorCode::InvalidArgument, "600"));
        s.scales = {2, 8};
        QVERIFY(throwsError([&] { dfa(whiteNoise(500, 1), s); }, ErrorCode::InvalidArgument,
                            "window size 2"));
        s.scales = {8};
        QVERIFY(throwsError([&] { dfa(whiteNoise(500, 1), s); }, ErrorCode::InvalidArgument,
                            "two distinct"));
        s = {};
        s.order = 4;
        QVERIFY(
            throwsError([&] { dfa(whiteNoise(500, 1), s); }, ErrorCode::InvalidArgument, "order"));
        s.order = 3;
        s.scales = {4, 8}; // order 3 needs windows of at least 5 points
        QVERIFY(throwsError([&] { dfa(whiteNoise(500, 1), s); }, ErrorCode::InvalidArgument,
                            "at least 5"));
        s = {};
        s.scales = {10, 20};
        QVERIFY(throwsError([&] { dfa(whiteNoise(10, 1), s); }, ErrorCode::TooShort,
                            "smallest window"));
    }

    void stopTokenCancels() {
        std::stop_source stop;
        stop.request_stop();
        DfaSettings s;
        QVERIFY(throwsError([&] { dfa(whiteNoise(500, 1), s, stop.get_token()); },
                            ErrorCode::Cancelled, "cancelled"));
        s.order = 3;
        QVERIFY(throwsError([&] { dfa(whiteNoise(20000, 1), s, stop.get_token()); },
                            ErrorCode::Cancelled, "cancelled"));
        QVERIFY(!dfa(whiteNoise(500, 1), s, std::stop_source().get_token()).silent);
    }

    void batchMatchesSingle() {
        const std::size_t T = 500, K = 9;
        std::vector<float> matrix(T * K); // row-major: step t of unit k at t*K + k
        std::vector<std::vector<double>> columns(K);
        for (std::size_t k = 0; k < K; ++k) {
            const auto x = k == 4 ? std::vector<double>(T, 0.5)
                                  : fractionalGaussianNoise(T, 0.2 + 0.07 * double(k), 70 + k);
            for (std::size_t t = 0; t < T; ++t) {
                matrix[t * K + k] = float(x[t]);
                columns[k].push_back(double(float(x[t])));
            }
        }
        const auto view = SeriesMatrix::rowMajor(matrix, T, K);
        const auto one = dfaBatch(view, {}, 1), two = dfaBatch(view, {}, 2);
        QCOMPARE(one.size(), K);
        for (std::size_t k = 0; k < K; ++k) {
            const DfaResult single = dfa(columns[k]);
            QCOMPARE(one[k].fluctuation, single.fluctuation);
            QCOMPARE(two[k].fluctuation, single.fluctuation);
            QCOMPARE(one[k].alpha, single.alpha);
            QCOMPARE(one[k].silent, k == 4);
        }
        matrix[10 * K + 2] = std::nanf("");
        QVERIFY(throwsError([&] { dfaBatch(view); }, ErrorCode::NonFinite, "series 3"));
    }

    // The batch analyses eight series at a time in the vector lanes; the group of the last
    // series is partly empty. Every result must equal dfa() of that series alone, bit for bit,
    // for both layouts, with silent series, exactly linear windows and a fit range.
    void batchLanesEqualSingle_data() {
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("rowMajor");
        for (int count : {1, 8, 19})
            for (bool rowMajor : {true, false})
                QTest::addRow("K=%d %s", count, rowMajor ? "row-major" : "columns")
                    << count << rowMajor;
    }
    void batchLanesEqualSingle() {
        QFETCH(int, count);
        QFETCH(bool, rowMajor);
        const std::size_t T = 700, K = std::size_t(count);
        std::vector<double> data(T * K);
        std::vector<std::vector<double>> series(K);
        for (std::size_t k = 0; k < K; ++k) {
            auto x = powerLawNoise(T, 0.3 * double(k % 5), 200 + k);
            if (k % 7 == 3) x.assign(T, -0.75); // silent
            if (k % 6 == 1)
                for (std::size_t t = 50; t < 80; ++t) // exactly linear windows
                    x[t] = 0.5;
            for (std::size_t t = 0; t < T; ++t)
                data[rowMajor ? t * K + k : k * T + t] = x[t];
            series[k] = std::move(x);
        }
        const auto view =
            rowMajor ? SeriesMatrix::rowMajor(data, T, K) : SeriesMatrix::columns(data, T, K);
        DfaSettings s;
        s.fitMinScale = 6;
        const auto batch = dfaBatch(view, s, 2);
        QCOMPARE(batch.size(), K);
        for (std::size_t k = 0; k < K; ++k) {
            const DfaResult single = dfa(series[k], s);
            QCOMPARE(batch[k].scales, single.scales);
            QCOMPARE(batch[k].fluctuation, single.fluctuation);
            QCOMPARE(batch[k].alpha, single.alpha);
            QCOMPARE(batch[k].fitFirst, single.fitFirst);
            QCOMPARE(batch[k].silent, single.silent);
            QCOMPARE(batch[k].linearWindows, single.linearWindows);
            QCOMPARE(single.silent, k % 7 == 3);
            if (k % 6 == 1 && !single.silent) QVERIFY(single.linearWindows > 0);
            if (!single.silent) compareFluctuations(single, dfaDirect(series[k], s), 1e-9);
        }
    }
};

QTEST_APPLESS_MAIN(TestDfa)
#include "tst_dfa.moc"
