// The participation ratio against constructed covariances whose spectrum is known exactly.
#include "dimensionality/participation_ratio.h"
#include "signal/random.h"
#include "test_helpers.h"

#include <cmath>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

// Samples ±s_i·e_i (two per axis) in n dimensions, then rotated by the orthogonal matrix q
// (n × n, row-major; empty = no rotation): the mean is 0 and the covariance is
// Qᵀ·diag(2 s_i² / (2n − 1))·Q, so its eigenvalues are proportional to s_i².
std::vector<double> axisSamples(const std::vector<double>& s, const std::vector<double>& q = {}) {
    const std::size_t n = s.size();
    std::vector<double> x(2 * n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        x[(2 * i) * n + i] = s[i];
        x[(2 * i + 1) * n + i] = -s[i];
    }
    if (q.empty()) return x;
    std::vector<double> y(x.size(), 0.0);
    for (std::size_t r = 0; r < 2 * n; ++r)
        for (std::size_t c = 0; c < n; ++c)
            for (std::size_t k = 0; k < n; ++k)
                y[r * n + c] += x[r * n + k] * q[k * n + c];
    return y;
}

// A random orthogonal matrix: Gram–Schmidt on Gaussian rows.
std::vector<double> randomOrthogonal(std::size_t n, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<double> q(n * n);
    for (double& v : q)
        v = rng.normal();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            double dot = 0;
            for (std::size_t k = 0; k < n; ++k)
                dot += q[i * n + k] * q[j * n + k];
            for (std::size_t k = 0; k < n; ++k)
                q[i * n + k] -= dot * q[j * n + k];
        }
        double norm = 0;
        for (std::size_t k = 0; k < n; ++k)
            norm += q[i * n + k] * q[i * n + k];
        for (std::size_t k = 0; k < n; ++k)
            q[i * n + k] /= std::sqrt(norm);
    }
    return q;
}

double formula(const std::vector<double>& s) {
    double a = 0, b = 0;
    for (double v : s) {
        a += v * v;
        b += v * v * v * v;
    }
    return a * a / b;
}

} // namespace

class TestParticipationRatio : public QObject {
    Q_OBJECT
private slots:
    void isotropicIsN() {
        for (std::size_t n : {1u, 2u, 7u, 50u}) {
            const std::vector<double> s(n, 1.5);
            const auto x = axisSamples(s);
            QVERIFY(std::abs(participationRatio(x, 2 * n, n) - double(n)) < 1e-12 * double(n));
            // The same through floats, and rotated: PR does not depend on the axes.
            const std::vector<float> xf(x.begin(), x.end());
            QVERIFY(std::abs(participationRatio(xf, 2 * n, n) - double(n)) < 1e-5 * double(n));
            const auto y = axisSamples(s, randomOrthogonal(n, 3));
            QVERIFY(std::abs(participationRatio(y, 2 * n, n) - double(n)) < 1e-9 * double(n));
        }
    }
    void rankOneIsOne() {
        // Points on one line through (1, −2, 3, 0.5), at 9 places, plus an offset.
        const std::vector<double> v{1, -2, 3, 0.5}, offset{10, 20, -5, 1};
        std::vector<double> x;
        for (int t = 0; t < 9; ++t)
            for (std::size_t c = 0; c < v.size(); ++c)
                x.push_back(offset[c] + (t * t - 3.0 * t) * v[c]);
        QVERIFY(std::abs(participationRatio(x, 9, 4) - 1.0) < 1e-12);
    }
    void knownSpectrum() {
        const std::vector<double> s{3, 2, 1, 0.5, 0.25, 0.1};
        const double expected = formula(s); // (Σ s²)² / Σ s⁴
        const auto x = axisSamples(s, randomOrthogonal(s.size(), 11));
        QVERIFY(std::abs(participationRatio(x, 2 * s.size(), s.size()) - expected) < 1e-10);
        std::vector<double> spectrum;
        for (double v : s)
            spectrum.push_back(v * v);
        QVERIFY(std::abs(participationRatioOfSpectrum(spectrum) - expected) < 1e-12);
        // The covariance itself: its entries are 2 s_i² / (2n − 1) on the axes.
        const auto c = covarianceMatrix(axisSamples(s), 2 * s.size(), s.size());
        for (std::size_t i = 0; i < s.size(); ++i)
            QVERIFY(std::abs(c[i * s.size() + i] - 2 * s[i] * s[i] / (2.0 * 6 - 1)) < 1e-14);
        QVERIFY(std::abs(participationRatioOfCovariance(c, s.size()) - expected) < 1e-12);
        // Exact hand value for the spectrum {4, 1}: 25 / 17.
        const std::vector<double> two{4, 1};
        QCOMPARE(participationRatioOfSpectrum(two), 25.0 / 17.0);
    }
    void fewerSamplesThanUnits() {
        // 3 samples in 10 units: the Gram path. The samples 0, a, b with a ⟂ b, |a| = |b|:
        // centred, the spectrum is {|a|²·(2/3)·…}; compare with the covariance path instead.
        Rng rng(5);
        std::vector<double> x(3 * 10);
        for (double& v : x)
            v = rng.normal();
        const auto c = covarianceMatrix(x, 3, 10);
        QVERIFY(std::abs(participationRatio(x, 3, 10) - participationRatioOfCovariance(c, 10)) <
                1e-12);
        QVERIFY(participationRatio(x, 3, 10) <= 2.0 + 1e-12); // 3 centred points span 2 dims
    }
    void gaussianCloudNearN() {
        // 20,000 isotropic Gaussian samples in 10 dims: PR ≈ 10 (sampling error ~ n/√samples).
        Rng rng(9);
        const std::size_t rows = 20000, cols = 10;
        std::vector<double> x(rows * cols);
        for (double& v : x)
            v = rng.normal();
        QVERIFY(std::abs(participationRatio(x, rows, cols) - 10.0) < 0.1);
    }
    void noVarianceIsZero() {
        const std::vector<double> x(12, 3.0);
        QCOMPARE(participationRatio(x, 4, 3), 0.0);
    }
    void badInput() {
        const std::vector<double> one{1, 2, 3};
        QVERIFY(throwsError([&] { participationRatio(one, 1, 3); }, ErrorCode::InvalidArgument,
                            "at least 2 samples"));
        QVERIFY(throwsError([&] { participationRatio(one, 2, 3); }, ErrorCode::InvalidArgument,
                            "not 2 samples × 3 units"));
        std::vector<double> bad{1, 2, 3, NAN};
        QVERIFY(throwsError([&] { participationRatio(bad, 2, 2); }, ErrorCode::NonFinite,
                            "sample 1, unit 1"));
        const std::vector<double> negative{1, -1};
        QVERIFY(throwsError([&] { participationRatioOfSpectrum(negative); },
                            ErrorCode::InvalidArgument, "negative"));
    }
};

QTEST_APPLESS_MAIN(TestParticipationRatio)
#include "tst_participation_ratio.moc"
