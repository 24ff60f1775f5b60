// The dimensionality lab's network and experiment: W's scaling and its Jacobian at h = 0, the
// input and readout weights, the Lyapunov exponents of the two γ presets at initialisation,
// seeded runs that repeat exactly, cancelling, and a loss that stops being finite.
#include "dimensionality/dimensionality.h"
#include "dimensionality/dimensionality_io.h"
#include "dimensionality/lyapunov.h"
#include "signal/random.h"
#include "test_helpers.h"

#include <cmath>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

// A run small enough for a test: 24 units, d = 4, 6 clusters, 2 epochs.
DimensionalitySettings tinySettings() {
    DimensionalitySettings s;
    s.units = 24;
    s.inputDim = 4;
    s.clusters = 6;
    s.clusterSd = 0.02;
    s.trainSamples = 60;
    s.validationSamples = 20;
    s.measureSamples = 60;
    s.epochs = 2;
    s.lyapunovExponents = 4;
    s.lyapunovSteps = 50;
    s.lyapunovTransient = 10;
    s.generalisationRepeats = 2;
    s.heldOutFraction = 0.34; // one of the three clusters of each class
    return s;
}

bool sameRun(const DimensionalityResult& a, const DimensionalityResult& b) {
    if (a.epochs.size() != b.epochs.size()) return false;
    for (std::size_t k = 0; k < a.epochs.size(); ++k) {
        const auto &x = a.epochs[k], &y = b.epochs[k];
        if (x.pr != y.pr || x.validationLoss != y.validationLoss ||
            x.validationAccuracy != y.validationAccuracy)
            return false;
        if (k > 0 && (x.trainLoss != y.trainLoss || x.trainAccuracy != y.trainAccuracy))
            return false; // epoch 0 has none (NaN)
    }
    return a.prBefore == b.prBefore && a.prAfter == b.prAfter &&
           a.generalisationAfter == b.generalisationAfter && a.lyapunovBefore == b.lyapunovBefore &&
           a.lyapunovAfter == b.lyapunovAfter && a.testAccuracy == b.testAccuracy &&
           a.pcaAfter->coordinates == b.pcaAfter->coordinates;
}

} // namespace

class TestDimensionality : public QObject {
    Q_OBJECT
private slots:
    void eigenSolverKnownMatrix() {
        // Block diagonal: a rotation scaled by 3 (eigenvalues 3e^{±0.4i}), then 1 and −2.
        const double c = 3 * std::cos(0.4), s = 3 * std::sin(0.4);
        const std::vector<double> a{c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, -2};
        QVERIFY(std::abs(spectralRadius(a, 4) - 3) < 1e-12);
    }
    void recurrentWeightsAsSpecified() {
        for (double gamma : {20.0, 250.0}) {
            RnnSettings s;
            s.gamma = gamma;
            const RnnWeights net = initialRnn(s, 1);
            const std::size_t n = 200;
            // γ·J/|λ_max(J)| has largest eigenvalue modulus γ (to 1e-6 relative), computed
            // again from W itself: (W − (1 − dt)·I) / dt.
            QVERIFY(std::abs(net.connectivityRadius - gamma) < 1e-6 * gamma);
            std::vector<double> scaled(n * n);
            for (std::size_t r = 0; r < n; ++r)
                for (std::size_t k = 0; k < n; ++k)
                    scaled[r * n + k] = (net.w[r * n + k] - (r == k ? 1 - s.dt : 0.0)) / s.dt;
            QVERIFY(std::abs(spectralRadius(scaled, n) - gamma) < 1e-6 * gamma);
            // J ~ N(0, 1/N): the entries of W off the diagonal have SD dt·γ/(|λ_max(J)|·√N),
            // and |λ_max(J)| ≈ 1 for this J (circular law): SD within 10 % of dt·γ/√N.
            double sum2 = 0;
            for (std::size_t r = 0; r < n; ++r)
                for (std::size_t k = 0; k < n; ++k)
                    if (r != k) sum2 += net.w[r * n + k] * net.w[r * n + k];
            const double sd = std::sqrt(sum2 / double(n * (n - 1)));
            QVERIFY(std::abs(sd / (s.dt * gamma / std::sqrt(200.0)) - 1) < 0.1);
            // The Jacobian of one step at h = 0 (no input, b = 0) is W: tanh'(0) = 1.
            const std::vector<double> zero(n, 0.0);
            const double eps = 1e-6;
            double worst = 0;
            for (std::size_t k = 0; k < n; k += 17) {
                std::vector<double> plus = zero, minus = zero;
                plus[k] = eps;
                minus[k] = -eps;
                const auto fp = rnnStep(net, plus, {}), fm = rnnStep(net, minus, {});
                for (std::size_t r = 0; r < n; ++r)
                    worst =
                        std::max(worst, std::abs((fp[r] - fm[r]) / (2 * eps) - net.w[r * n + k]));
            }
            QVERIFY2(worst < 1e-8, qPrintable(QString::number(worst)));
        }
    }
    void inputAndReadoutWeights() {
        RnnSettings s;
        s.units = 50;
        s.inputDim = 3;
        const RnnWeights net = initialRnn(s, 2);
        // Truncated orthogonal, divided by its mean |entry| and by √d: orthogonal columns of
        // equal norm, mean |entry| = 1/√d.
        double meanAbs = 0;
        for (double v : net.wIn)
            meanAbs += std::abs(v) / double(net.wIn.size());
        QVERIFY(std::abs(meanAbs - 1 / std::sqrt(3.0)) < 1e-12);
        double g[3][3] = {};
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 3; ++j)
                for (std::size_t r = 0; r < 50; ++r)
                    g[i][j] += net.wIn[r * 3 + i] * net.wIn[r * 3 + j];
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 3; ++j)
                QVERIFY(std::abs(g[i][j] - (i == j ? g[0][0] : 0.0)) < 1e-10 * g[0][0]);
        for (double v : net.b)
            QCOMPARE(v, 0.0);
        // First-units variant: x drives units 0 and 1 one to one.
        s.inputDim = 2;
        s.inputMapping = InputMapping::FirstUnits;
        const RnnWeights first = initialRnn(s, 2);
        for (std::size_t r = 0; r < 50; ++r)
            for (std::size_t c = 0; c < 2; ++c)
                QCOMPARE(first.wIn[r * 2 + c], r == c ? 1.0 : 0.0);
        // W_out ~ N(0, (0.3/√N)²) over 200 × 2 entries: SD within 15 %.
        RnnSettings big;
        const RnnWeights b = initialRnn(big, 3);
        double sum2 = 0;
        for (double v : b.wOut)
            sum2 += v * v;
        QVERIFY(std::abs(std::sqrt(sum2 / 400) / (0.3 / std::sqrt(200.0)) - 1) < 0.15);
        RnnSettings bad;
        bad.gamma = -1;
        QVERIFY(throwsError([&] { initialRnn(bad, 1); }, ErrorCode::InvalidArgument, "γ > 0"));
    }
    void lyapunovOfThePresets() {
        // At initialisation γ = 250 is strongly chaotic (top exponent clearly positive) and
        // γ = 20 is near the edge (its top exponent well below γ = 250's). Seeded.
        LyapunovSettings l;
        l.exponents = 5;
        l.steps = 300;
        double top[2];
        int k = 0;
        for (double gamma : {20.0, 250.0}) {
            RnnSettings s;
            s.gamma = gamma;
            const RnnWeights net = initialRnn(s, 1);
            std::vector<double> h0(200);
            Rng rng(4);
            for (double& v : h0)
                v = 0.5 * rng.normal();
            const auto ex = rnnLyapunov(net.w, net.b, h0, l);
            QVERIFY(ex[0] >= ex[4]);
            top[k++] = ex[0];
        }
        QVERIFY2(top[1] > 0.1, qPrintable(QString::number(top[1])));
        QVERIFY2(top[0] < top[1] - 0.1, qPrintable(QString::number(top[0])));
    }
    void seededRunsRepeatExactly() {
        DimensionalitySettings s = tinySettings();
        s.noiseSd = 0.1;
        const auto a = runDimensionality(s);
        const auto b = runDimensionality(s);
        QVERIFY(a.value.completed && !a.cancelled);
        QCOMPARE(a.value.epochs.size(), std::size_t(3)); // epoch 0, 1, 2
        QCOMPARE(a.value.steps.size(), std::size_t(16));
        QCOMPARE(a.value.prAfter.size(), std::size_t(16));
        QCOMPARE(a.value.generalisationAfter.size(), std::size_t(16));
        QCOMPARE(a.value.lyapunovBefore.size(), std::size_t(4));
        QCOMPARE(a.value.pcaAfter->coordinates.size(), std::size_t(16));
        QCOMPARE(a.value.pcaAfter->coordinates[5].size(), std::size_t(120));
        QVERIFY(sameRun(a.value, b.value));
        // Another seed is another run; noise changes training but not the untrained network.
        s.seed = 2;
        QVERIFY(!sameRun(a.value, runDimensionality(s).value));
        DimensionalitySettings quiet = tinySettings();
        const auto c = runDimensionality(quiet).value;
        QVERIFY(c.prBefore == a.value.prBefore);
        QVERIFY(c.epochs[1].trainLoss != a.value.epochs[1].trainLoss);
        // Step 0 is the input: its PR is the inputs' PR, the same before and after.
        QCOMPARE(c.prBefore[0], c.prAfter[0]);
        QVERIFY(std::abs(c.connectivityRadius - 20) < 1e-6 * 20);
    }
    void trainingLearnsTheTask() {
        // 40 units, d = 10, 10 clusters, γ = 20, 15 epochs: the network goes from chance to
        // classifying the measuring set (a seeded, deterministic run).
        DimensionalitySettings s = tinySettings();
        s.units = 40;
        s.inputDim = 10;
        s.clusters = 10;
        s.trainSamples = 200;
        s.measureSamples = 100;
        s.heldOutFraction = 0.2;
        s.epochs = 15;
        s.learningRate = 5e-3;
        const auto r = runDimensionality(s).value;
        QVERIFY2(r.testAccuracy >= 0.9, qPrintable(QString::number(r.testAccuracy)));
        QVERIFY(r.testAccuracy > r.testAccuracyBefore);
        QVERIFY(r.epochs.back().trainLoss < r.epochs[1].trainLoss);
    }
    void cancelWithinABatch() {
        DimensionalitySettings s = tinySettings();
        s.epochs = 5;
        std::stop_source source;
        int batches = 0;
        const auto out = runDimensionality(
            s, {},
            [&](const Progress& p) {
                if (p.stage == "training" && ++batches == 8) source.request_stop();
            },
            source.get_token());
        QVERIFY(out.cancelled);
        QVERIFY(!out.value.completed);
        QCOMPARE(batches, 8); // 6 batches per epoch: stopped in epoch 2, before batch 3
        QCOMPARE(out.value.epochs.size(), std::size_t(2));
        QCOMPARE(out.value.prBefore.size(), std::size_t(16));
        // The lab keeps the runs finished before the stop.
        DimensionalityLabSettings lab;
        lab.base = tinySettings();
        lab.gammas = {20, 250};
        lab.seeds = {1, 2};
        std::stop_source labStop;
        std::size_t seen = 0;
        const auto partial = runDimensionalityLab(
            lab,
            [&](std::size_t index, const DimensionalityResult&) {
                seen = std::max(seen, index + 1);
                if (index == 1) labStop.request_stop();
            },
            {}, labStop.get_token());
        QVERIFY(partial.cancelled);
        QCOMPARE(partial.value.runs.size(), std::size_t(2));
        QVERIFY(partial.value.runs[0].completed);
        QCOMPARE(partial.value.runs[1].settings.seed, std::uint64_t(2));
    }
    void labOrder() {
        DimensionalityLabSettings lab;
        lab.base = tinySettings();
        lab.base.epochs = 1;
        lab.gammas = {20, 250};
        lab.seeds = {3, 4};
        const auto out = runDimensionalityLab(lab);
        QCOMPARE(out.value.runs.size(), std::size_t(4));
        const double gammas[] = {20, 20, 250, 250};
        const std::uint64_t seeds[] = {3, 4, 3, 4};
        for (std::size_t k = 0; k < 4; ++k) {
            QCOMPARE(out.value.runs[k].settings.gamma, gammas[k]);
            QCOMPARE(out.value.runs[k].settings.seed, seeds[k]);
            QVERIFY(out.value.runs[k].completed);
        }
        // One seed, two γ: the same task and inputs, so the same PR at step 0.
        QCOMPARE(out.value.runs[0].prBefore[0], out.value.runs[2].prBefore[0]);
    }
    void jsonRoundTrip() {
        DimensionalityLabSettings lab;
        lab.base = tinySettings();
        lab.base.epochs = 1;
        lab.gammas = {250};
        lab.seeds = {5};
        const auto out = runDimensionalityLab(lab).value;
        const DimensionalityProvenance p = makeDimensionalityProvenance();
        for (bool withPca : {false, true}) {
            const std::string text = dimensionalityToJson(out, p, withPca);
            DimensionalityProvenance back;
            const DimensionalityLabResult read = dimensionalityFromJson(text, "lab.json", &back);
            QCOMPARE(back.program, p.program);
            QCOMPARE(read.runs.size(), std::size_t(1));
            QCOMPARE(read.runs[0].settings.seed, std::uint64_t(5));
            QCOMPARE(read.runs[0].pcaAfter.has_value(), withPca);
            QCOMPARE(dimensionalityToJson(read, p, withPca), text); // written again: the same
        }
        QVERIFY(throwsError([&] { dimensionalityFromJson("{\"runs\": []}", "x.json"); },
                            ErrorCode::ParseError, "x.json: not a dimensionality result"));
    }
    void nonFiniteLossStops() {
        DimensionalitySettings s = tinySettings();
        s.learningRate = 1e38; // one RMSprop step overflows the float weights
        QVERIFY(throwsError([&] { runDimensionality(s); }, ErrorCode::NonFinite,
                            "not a finite number"));
    }
    void badSettings() {
        DimensionalitySettings s = tinySettings();
        s.dropout = 1;
        QVERIFY(throwsError([&] { runDimensionality(s); }, ErrorCode::InvalidArgument, "dropout"));
        s = tinySettings();
        s.clusters = 3;
        QVERIFY(throwsError([&] { runDimensionality(s); }, ErrorCode::InvalidArgument,
                            "4 … 10,000 clusters"));
        s = tinySettings();
        s.noiseSd = -0.1;
        QVERIFY(throwsError([&] { runDimensionality(s); }, ErrorCode::InvalidArgument, "noise"));
        DimensionalityLabSettings lab;
        lab.gammas = {};
        QVERIFY(throwsError([&] { runDimensionalityLab(lab); }, ErrorCode::InvalidArgument,
                            "at least one γ"));
        // The paper's epochs: 40 for high-d, 80 for low-d; the loss' learning rate.
        DimensionalitySettings paper;
        QCOMPARE(effectiveEpochs(paper), 40);
        paper.inputDim = 2;
        QCOMPARE(effectiveEpochs(paper), 80);
        QCOMPARE(effectiveLearningRate(paper), 1e-3);
        paper.loss = DimensionalityLoss::Mse;
        QCOMPARE(effectiveLearningRate(paper), 5e-3);
    }
};

QTEST_APPLESS_MAIN(TestDimensionality)
#include "tst_dimensionality.moc"
