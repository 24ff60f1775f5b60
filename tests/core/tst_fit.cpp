// The least-squares line fit against values computed by hand (two-pass formulas in Python).
#include "signal/fit.h"
#include "test_helpers.h"

using namespace flicker;
using flicker::testing::throwsError;

class TestFit : public QObject {
    Q_OBJECT
private slots:
    void exactLine() {
        const std::vector<double> x{0, 1, 2, 3}, y{1, 3, 5, 7};
        const LineFit f = fitLine(x, y);
        QCOMPARE(f.slope, 2.0);
        QCOMPARE(f.intercept, 1.0);
        QCOMPARE(f.r2, 1.0);
        QCOMPARE(f.slopeStdError, 0.0);
        QCOMPARE(f.n, std::size_t(4));
    }
    void noisyLine() {
        const std::vector<double> x{1, 2, 3, 4, 5}, y{2.1, 3.9, 6.2, 7.8, 10.1};
        const LineFit f = fitLine(x, y);
        QVERIFY(std::abs(f.slope - 1.99) < 1e-14);
        QVERIFY(std::abs(f.intercept - 0.05) < 1e-13);
        QVERIFY(std::abs(f.r2 - 0.9973053289009771) < 1e-14);
        QVERIFY(std::abs(f.slopeStdError - 0.05972157622389644) < 1e-14);
    }
    void badInput() {
        const std::vector<double> one{1}, two{2, 2};
        QVERIFY(throwsError([&] { fitLine(one, one); }, ErrorCode::InvalidArgument, "two points"));
        QVERIFY(throwsError(
            [&] {
                fitLine(two, std::vector<double>{1, 5});
            },
            ErrorCode::InvalidArgument, "distinct"));
        QVERIFY(throwsError([&] { fitLine(two, one); }, ErrorCode::InvalidArgument, "lengths"));
    }
};

QTEST_APPLESS_MAIN(TestFit)
#include "tst_fit.moc"
