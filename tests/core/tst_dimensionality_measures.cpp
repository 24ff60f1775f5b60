// The dimensionality lab's plain measures against known answers: the cluster task, the
// logistic regression (hand-solved cases), the Lyapunov spectrum of maps with known
// eigenvalues, and PCA of a cloud with known axes.
#include "dimensionality/cluster_task.h"
#include "dimensionality/logistic_regression.h"
#include "dimensionality/lyapunov.h"
#include "dimensionality/pca.h"
#include "signal/random.h"
#include "test_helpers.h"

#include <cmath>
#include <numbers>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

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

// Q·A·Qᵀ (all n × n): the same eigenvalues as A.
std::vector<double> conjugate(const std::vector<double>& a, const std::vector<double>& q,
                              std::size_t n) {
    std::vector<double> t(n * n, 0.0), out(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t k = 0; k < n; ++k)
                t[i * n + j] += q[i * n + k] * a[k * n + j];
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t k = 0; k < n; ++k)
                out[i * n + j] += t[i * n + k] * q[j * n + k];
    return out;
}

} // namespace

class TestDimensionalityMeasures : public QObject {
    Q_OBJECT
private slots:
    void clusterSeparationRule() {
        // σ_c·(0.5994·(d − 1)^0.5783 + 4.8916), computed by hand for d = 2 and d = 200.
        QVERIFY(std::abs(minimumSeparation(0.02, 2) - 0.02 * (0.5994 + 4.8916)) < 1e-15);
        QVERIFY(std::abs(minimumSeparation(0.02, 200) -
                         0.02 * (0.5994 * std::pow(199.0, 0.5783) + 4.8916)) < 1e-15);
        for (std::size_t d : {2u, 200u}) {
            ClusterTaskSettings s;
            s.inputDim = d;
            const ClusterTask task = makeClusterTask(s, 7);
            QCOMPARE(task.labels.size(), std::size_t(60));
            QCOMPARE(task.centres.size(), 60 * d);
            for (double v : task.centres)
                QVERIFY(v >= -2 && v <= 2);
            double closest = 1e9;
            for (std::size_t a = 0; a < 60; ++a)
                for (std::size_t b = a + 1; b < 60; ++b) {
                    double dist = 0;
                    for (std::size_t c = 0; c < d; ++c)
                        dist += std::pow(task.centres[a * d + c] - task.centres[b * d + c], 2);
                    closest = std::min(closest, std::sqrt(dist));
                }
            QVERIFY(closest >= task.minSeparation);
            int ones = 0;
            for (std::size_t k = 0; k < 60; ++k) {
                QCOMPARE(task.labels[k], int(k % 2));
                ones += task.labels[k];
            }
            QCOMPARE(ones, 30); // two classes of 30 clusters
            // Deterministic by seed.
            QVERIFY(makeClusterTask(s, 7).centres == task.centres);
            QVERIFY(makeClusterTask(s, 8).centres != task.centres);
        }
        // A rule that cannot be met (huge σ_c in a small box) is refused, naming the cluster.
        ClusterTaskSettings crowded;
        crowded.inputDim = 2;
        crowded.clusterSd = 0.3;
        QVERIFY(throwsError([&] { makeClusterTask(crowded, 1); }, ErrorCode::InvalidArgument,
                            "cannot place cluster"));
    }
    void clusterSamples() {
        ClusterTaskSettings s;
        s.inputDim = 2;
        const ClusterTask task = makeClusterTask(s, 3);
        Rng rng(4);
        const ClusterSamples balanced = drawSamples(task, 600, rng, true);
        std::vector<int> perCluster(60, 0);
        double sum2 = 0;
        for (std::size_t i = 0; i < 600; ++i) {
            const int c = balanced.clusters[i];
            QCOMPARE(c, int(i % 60));
            QCOMPARE(balanced.labels[i], c % 2);
            ++perCluster[std::size_t(c)];
            for (std::size_t j = 0; j < 2; ++j)
                sum2 +=
                    std::pow(balanced.inputs[i * 2 + j] - task.centres[std::size_t(c) * 2 + j], 2);
        }
        for (int n : perCluster)
            QCOMPARE(n, 10);
        // The spread around the centres is σ_c = 0.02 (1,200 draws: ±5 % at 2.5 SE).
        QVERIFY(std::abs(std::sqrt(sum2 / 1200) - 0.02) < 0.001);
        // Random clusters: both classes near half of 8,000 draws (SE 45).
        const ClusterSamples random = drawSamples(task, 8000, rng);
        int ones = 0;
        for (int l : random.labels)
            ones += l;
        QVERIFY(std::abs(ones - 4000) < 200);
    }
    void logisticSeparableHandSolved() {
        // x = +1 (label 1) and −1 (label 0), penalty λ/2·w²: b = 0 by symmetry and
        // λw = 2(1 − σ(w)); with λ = 0.5 / ln 3 the solution is w = ln 3 (σ = 3/4).
        const std::vector<double> x{1, -1};
        const std::vector<int> y{1, 0};
        LogisticSettings s;
        s.l2 = 0.5 / std::log(3.0);
        const LogisticModel m = fitLogistic(x, 2, 1, y, s);
        QVERIFY(m.converged);
        QVERIFY(std::abs(m.weights[0] - std::log(3.0)) < 1e-9); // quadratic convergence
        QVERIFY(std::abs(m.intercept) < 1e-9);
        QCOMPARE(logisticAccuracy(m, x, 2, 1, y), 1.0);
        const std::vector<double> one{1};
        QVERIFY(std::abs(logisticProbability(m, one) - 0.75) < 1e-9);
        // Without a penalty the likelihood has no maximum: the fit stops at its iteration cap,
        // stays finite and still separates.
        s.l2 = 0;
        s.maxIterations = 30;
        const LogisticModel free = fitLogistic(x, 2, 1, y, s);
        QVERIFY(std::isfinite(free.weights[0]) && free.weights[0] > 5);
        QCOMPARE(logisticAccuracy(free, x, 2, 1, y), 1.0);
    }
    void logisticNonSeparableHandSolved() {
        // One binary feature, no penalty: P(1 | x = 0) = 1/4, P(1 | x = 1) = 3/4, so the
        // maximum likelihood is b = logit(1/4) = −ln 3 and w = logit(3/4) − b = 2 ln 3.
        const std::vector<double> x{0, 0, 0, 0, 1, 1, 1, 1};
        const std::vector<int> y{1, 0, 0, 0, 1, 1, 1, 0};
        LogisticSettings s;
        s.l2 = 0;
        const LogisticModel m = fitLogistic(x, 8, 1, y, s);
        QVERIFY(m.converged);
        QVERIFY(std::abs(m.intercept + std::log(3.0)) < 1e-9);
        QVERIFY(std::abs(m.weights[0] - 2 * std::log(3.0)) < 1e-9);
        QCOMPARE(logisticAccuracy(m, x, 8, 1, y), 0.75);
        QVERIFY(throwsError(
            [&] {
                fitLogistic(x, 8, 1, std::vector<int>{0, 1, 2, 0, 1, 1, 1, 0});
            },
            ErrorCode::InvalidArgument, "label 2 is 2"));
    }
    void heldOutGeneralisationKnownCases() {
        // 20 clusters × 5 samples; class = cluster mod 2.
        std::vector<int> labels, clusters;
        std::vector<double> byClass, constant;
        Rng rng(2);
        for (int i = 0; i < 100; ++i) {
            const int c = i % 20;
            clusters.push_back(c);
            labels.push_back(c % 2);
            // Feature 0 says the class, feature 1 is noise: every split generalises perfectly.
            byClass.push_back(c % 2 ? 1.0 : -1.0);
            byClass.push_back(rng.normal());
            constant.push_back(0.5);
        }
        QCOMPARE(heldOutGeneralisation(byClass, 100, 2, labels, clusters), 1.0);
        // A representation that says nothing: P = 0.5 everywhere, predicted class 0, and the
        // stratified split holds out as many clusters (and samples) of each class: exactly 0.5.
        QCOMPARE(heldOutGeneralisation(constant, 100, 1, labels, clusters), 0.5);
    }
    void lyapunovOfLinearMaps() {
        LyapunovSettings s;
        s.exponents = 4;
        s.steps = 4000;
        // A non-normal (upper triangular) map with eigenvalues 2, 1, 0.5, 0.25, in other axes.
        std::vector<double> a{2, 0.7, -1.1, 0.4, 0, 1, 0.9, -0.3, 0, 0, 0.5, 0.8, 0, 0, 0, 0.25};
        const auto m = conjugate(a, randomOrthogonal(4, 5), 4);
        const auto l = linearMapLyapunov(m, 4, s);
        const double expected[] = {std::log(2.0), 0.0, std::log(0.5), std::log(0.25)};
        for (int k = 0; k < 4; ++k)
            QVERIFY2(std::abs(l[std::size_t(k)] - expected[k]) < 2e-3,
                     qPrintable(QString::number(l[std::size_t(k)])));
        // A rotation scaled by 1.5 (a complex pair) and a real eigenvalue 0.3: ln 1.5 twice.
        const double c = 1.5 * std::cos(0.7), sn = 1.5 * std::sin(0.7);
        std::vector<double> r{c, -sn, 0, sn, c, 0, 0, 0, 0.3};
        s.exponents = 3;
        const auto lr = linearMapLyapunov(conjugate(r, randomOrthogonal(3, 6), 3), 3, s);
        QVERIFY(std::abs(lr[0] - std::log(1.5)) < 2e-3);
        QVERIFY(std::abs(lr[1] - std::log(1.5)) < 2e-3);
        QVERIFY(std::abs(lr[2] - std::log(0.3)) < 2e-3);
        s.exponents = 5;
        QVERIFY(throwsError([&] { linearMapLyapunov(r, 3, s); }, ErrorCode::InvalidArgument,
                            "1 … 3 exponents"));
    }
    void lyapunovOfContractingRnn() {
        // h → tanh(0.5·h): the state falls to 0, where the Jacobian is 0.5·I: all exponents
        // ln 0.5.
        const std::size_t n = 6;
        std::vector<double> w(n * n, 0.0), b(n, 0.0), h0{0.9, -0.5, 0.3, 0.1, -0.8, 0.4};
        for (std::size_t i = 0; i < n; ++i)
            w[i * n + i] = 0.5;
        LyapunovSettings s;
        s.exponents = 3;
        s.transient = 200;
        s.steps = 300;
        for (double v : rnnLyapunov(w, b, h0, s))
            QVERIFY(std::abs(v - std::log(0.5)) < 1e-9);
    }
    void pcaKnownAxes() {
        // Samples ±s_i along the rows of a random rotation Q: the axes are Q's rows, the
        // variances 2 s_i² / (2n − 1), and each sample sits at ±s_i on its own axis.
        const std::vector<double> s{3, 2, 1, 0.5};
        const std::size_t n = 4;
        const auto q = randomOrthogonal(n, 8);
        std::vector<double> x;
        for (std::size_t i = 0; i < n; ++i)
            for (double sign : {1.0, -1.0})
                for (std::size_t c = 0; c < n; ++c)
                    x.push_back(sign * s[i] * q[i * n + c]);
        const PcaProjection p = pcaProject(x, 2 * n, n, 2);
        QCOMPARE(p.components, std::size_t(2));
        QVERIFY(std::abs(p.totalVariance - 2 * (9 + 4 + 1 + 0.25) / 7) < 1e-12);
        for (std::size_t k = 0; k < 2; ++k) {
            QVERIFY(std::abs(p.variances[k] - 2 * s[k] * s[k] / 7) < 1e-9);
            double dot = 0;
            for (std::size_t c = 0; c < n; ++c)
                dot += p.axes[k * n + c] * q[k * n + c];
            QVERIFY(std::abs(std::abs(dot) - 1) < 1e-9);
            for (std::size_t r = 0; r < 2 * n; ++r) {
                const double expected = r / 2 == k ? s[k] : 0.0;
                QVERIFY(std::abs(std::abs(p.coordinates[r * 2 + k]) - expected) < 1e-9);
            }
        }
        QVERIFY(throwsError([&] { pcaProject(x, 2 * n, n, 5); }, ErrorCode::InvalidArgument,
                            "1 … 4 components"));
    }
};

QTEST_APPLESS_MAIN(TestDimensionalityMeasures)
#include "tst_dimensionality_measures.moc"
