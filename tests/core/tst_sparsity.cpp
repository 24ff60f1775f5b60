// The sparsity lab's core: the measures on constructed activations (known answers), the
// annealing schedule, the network's shape (one shared bias), noise only in the inputs, seeded
// runs that repeat exactly, a tiny training run where σ = 0.8 leaves fewer units active than
// σ = 0, cancel and non-finite errors, the files of a point and the resumable sweep.
#include "core/test_helpers.h"
#include "sparsity/sparse_network.h"
#include "sparsity/sparsity.h"
#include "sparsity/sparsity_io.h"
#include "sparsity/sparsity_sweep.h"
#include "support/image_fixtures.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

SparsitySettings tiny(double sigma, int width = 64, int epochs = 3) {
    SparsitySettings s;
    s.width = width;
    s.sigma = sigma;
    s.epochs = epochs;
    s.batchSize = 64;
    s.learningRate = 1e-3;
    s.seed = 3;
    return s;
}

const ImageData& data2000() {
    static const ImageData data = testing::syntheticData(2000, 500);
    return data;
}

} // namespace

class TestSparsity : public QObject {
    Q_OBJECT

private slots:
    void activityOnConstructedActivations() {
        // 4 inputs × 5 units; unit 4 never fires and is marked dead.
        const std::vector<float> a{1, 0, 2,  0, 0,  //
                                   0, 0, 3,  1, 0,  //
                                   1, 1, 1,  1, 0,  //
                                   0, 0, -1, 0, 0}; // negative = not active
        const std::vector<bool> dead{false, false, false, false, true};
        const ActivityStats s = activityStats(a, 4, 5, dead);
        QCOMPARE(s.deadUnits, std::size_t(1));
        QCOMPARE(s.deadFraction, 0.2);
        // living: 4 units × 4 inputs = 16 cells, 2 + 2 + 4 + 0 = 8 on.
        QCOMPARE(s.fractionActive, 0.5);
        QCOMPARE(s.fractionActiveAll, 8.0 / 20.0);
        QVERIFY((s.activePerInput == std::vector<std::uint32_t>{2, 2, 4, 0}));
        QCOMPARE(s.activeMean, 2.0);
        QCOMPARE(s.activeSd, std::sqrt(8.0 / 3.0));
        QCOMPARE(s.unitFraction[2], 0.75);
        // Batch by batch gives the same.
        ActivityTally t(5, dead);
        t.add(std::span(a).subspan(0, 10), 2);
        t.add(std::span(a).subspan(10, 10), 2);
        QCOMPARE(t.stats().fractionActive, 0.5);
        QVERIFY(t.stats().activePerInput == s.activePerInput);
        // A Top-K code: every input exactly 2 active units, SD 0.
        const std::vector<float> topk{1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1};
        QCOMPARE(activityStats(topk, 3, 4).activeSd, 0.0);
        // All dead: no fraction.
        QVERIFY(std::isnan(activityStats(a, 4, 5, std::vector<bool>(5, true)).fractionActive));
        QVERIFY(throwsError([&] { activityStats(a, 3, 5); }, ErrorCode::InvalidArgument,
                            "20 values for 3 inputs × 5 units"));
    }

    void deadUnitsByEpochSums() {
        const std::vector<double> sums{0.0, 1e-6, 1e-5, 3.0, std::nan("")};
        QVERIFY((deadUnits(sums) == std::vector<bool>{true, true, false, false, true}));
    }

    void distributionsAndNorms() {
        const std::vector<double> v{4, 1, 3, 2};
        const Distribution d = describe(v);
        QCOMPARE(d.mean, 2.5);
        QCOMPARE(d.median, 2.5);
        QCOMPARE(d.min, 1.0);
        QCOMPARE(d.max, 4.0);
        QCOMPARE(d.sd, std::sqrt(5.0 / 3.0));
        QVERIFY(std::isnan(describe({}).mean));
        const std::vector<float> m{3, 4, 0, 0, 1, 0};
        QVERIFY((rowNorms(m, 2, 3) == std::vector<double>{5.0, 1.0}));
    }

    void annealingSchedule() {
        SparsitySettings s = tiny(0.8, 8, 10);
        QCOMPARE(sigmaAt(s, 7, 0.5), 0.8); // no annealing: constant
        s.annealHold = 4;
        s.annealRamp = 4;
        QCOMPARE(sigmaAt(s, 1, 0.0), 0.8);
        QCOMPARE(sigmaAt(s, 4, 0.99), 0.8);
        QCOMPARE(sigmaAt(s, 5, 0.0), 0.8);
        QCOMPARE(sigmaAt(s, 6, 0.0), 0.6); // one of four ramp epochs done
        QCOMPARE(sigmaAt(s, 7, 0.0), 0.4);
        QCOMPARE(sigmaAt(s, 8, 1.0), 0.0);
        QCOMPARE(sigmaAt(s, 10, 0.5), 0.0);
        s.annealRamp = 7;
        QVERIFY(throwsError([&] { checkSparsitySettings(s); }, ErrorCode::InvalidArgument,
                            "annealing"));
    }

    void settingsAreChecked() {
        SparsitySettings s = tiny(0.1);
        s.width = 0;
        QVERIFY(
            throwsError([&] { checkSparsitySettings(s); }, ErrorCode::InvalidArgument, "width"));
        s = tiny(-1);
        QVERIFY(throwsError([&] { checkSparsitySettings(s); }, ErrorCode::InvalidArgument, "σ"));
        s = tiny(0.1);
        s.learningRate = 0;
        QVERIFY(throwsError([&] { checkSparsitySettings(s); }, ErrorCode::InvalidArgument,
                            "learning rate"));
        s.learningRate = 1e38; // LibTorch's Adam would throw converting it to float
        QVERIFY(throwsError([&] { checkSparsitySettings(s); }, ErrorCode::InvalidArgument,
                            "learning rate"));
    }

    void sharedBiasIsOneParameter() {
        SparsitySettings s = tiny(0.1, 50);
        const SparseNetwork own(28, 28, 10, s);
        QCOMPARE(own.hiddenBiasCount(), std::size_t(50));
        QCOMPARE(own.parameterCount(), std::size_t(784 * 50 + 50 + 784 * 50 + 784));
        s.sharedBias = true;
        const SparseNetwork shared(28, 28, 10, s);
        QCOMPARE(shared.hiddenBiasCount(), std::size_t(1));
        QCOMPARE(shared.parameterCount(), std::size_t(784 * 50 + 1 + 784 * 50 + 784));
        QCOMPARE(shared.weights().bias1.size(), std::size_t(1));
        s.task = SparsityTask::Classify;
        QCOMPARE(SparseNetwork(28, 28, 10, s).outputs(), std::size_t(10));
        // The shared bias stays one value through training.
        s.task = SparsityTask::Reconstruct;
        s.epochs = 1;
        SparseNetwork net(28, 28, 10, s);
        const ImageData small = testing::syntheticData(200, 50);
        const auto run = trainSparseNetwork(net, small);
        QVERIFY(run.value.completed);
        QCOMPARE(net.weights().bias1.size(), std::size_t(1));
        QCOMPARE(run.value.measures.bias.n, std::size_t(1));
        for (double b : run.value.measures.biases)
            QCOMPARE(b, double(net.weights().bias1[0]));
    }

    void noiseOnlyInInputs() {
        const ImageData& data = data2000();
        std::vector<std::size_t> idx(256);
        std::iota(idx.begin(), idx.end(), std::size_t{100});
        SparsitySettings s = tiny(0.5);
        const TrainingBatch b = makeTrainingBatch(data, s, idx, 0.5, 11);
        const std::vector<float> clean = scaledImages(data.train, idx, s.scaling, data.train);
        QVERIFY(b.targets == clean); // exactly the clean images
        double sum = 0, ss = 0;
        for (std::size_t k = 0; k < clean.size(); ++k) {
            const double e = b.inputs[k] - clean[k];
            sum += e;
            ss += e * e;
        }
        const double n = double(clean.size());
        QVERIFY(std::abs(sum / n) < 0.01);
        QVERIFY(std::abs(std::sqrt(ss / n) - 0.5) < 0.01);
        // σ = 0: inputs are the clean images too.
        QVERIFY(makeTrainingBatch(data, s, idx, 0.0, 11).inputs == clean);
        // Laplace noise has the same SD.
        s.noise = InputNoise::Laplace;
        const TrainingBatch l = makeTrainingBatch(data, s, idx, 0.5, 11);
        QVERIFY(l.targets == clean);
        ss = 0;
        for (std::size_t k = 0; k < clean.size(); ++k)
            ss += (l.inputs[k] - clean[k]) * (l.inputs[k] - clean[k]);
        QVERIFY(std::abs(std::sqrt(ss / n) - 0.5) < 0.015);
        // Classification: the targets are the labels.
        s.task = SparsityTask::Classify;
        const TrainingBatch c = makeTrainingBatch(data, s, idx, 0.5, 11);
        QCOMPARE(c.targets.size(), idx.size());
        for (std::size_t k = 0; k < idx.size(); ++k)
            QCOMPARE(c.targets[k], float(data.train.labels[idx[k]]));
        // Standardised inputs: per-pixel mean ≈ 0 over the training set.
        const std::vector<float> z =
            scaledImages(data.train, idx, InputScaling::Standardised, data.train);
        QCOMPARE(z.size(), clean.size());
    }

    void seededRunsRepeatExactly() {
        const ImageData small = testing::syntheticData(300, 100);
        auto once = [&](std::uint64_t seed) {
            SparsitySettings s = tiny(0.3, 32, 2);
            s.seed = seed;
            SparseNetwork net(28, 28, 10, s);
            const auto run = trainSparseNetwork(net, small);
            return std::pair{net.weights().w1, run.value.measures.activity.fractionActive};
        };
        const auto a = once(5), b = once(5), c = once(6);
        QVERIFY(a.first == b.first);
        QCOMPARE(a.second, b.second);
        QVERIFY(a.first != c.first);
    }

    void noiseMakesTheCodeSparser() {
        const ImageData& data = data2000();
        auto train = [&](double sigma) {
            const SparsitySettings s = tiny(sigma, 64, 4);
            SparseNetwork net(28, 28, 10, s);
            return trainSparseNetwork(net, data).value;
        };
        const SparsityRun a = train(0.0), b = train(0.8);
        QVERIFY(a.completed && b.completed);
        QCOMPARE(a.epochs.size(), std::size_t(5));
        const double quiet = a.measures.activity.fractionActive;
        const double noisy = b.measures.activity.fractionActive;
        qInfo("fraction active: σ = 0 → %.3f, σ = 0.8 → %.3f", quiet, noisy);
        QVERIFY(noisy < quiet - 0.1);
    }

    void classificationRuns() {
        SparsitySettings s = tiny(0.3, 32, 2);
        s.task = SparsityTask::Classify;
        SparseNetwork net(28, 28, 10, s);
        const auto run = trainSparseNetwork(net, testing::syntheticData(600, 200));
        QVERIFY(run.value.completed);
        QVERIFY(run.value.measures.testAccuracy > 0.5); // ten easy classes
        QVERIFY(run.value.triplets.front().output.empty());
    }

    void cancelKeepsFinishedEpochs() {
        SparsitySettings s = tiny(0.3, 32, 5);
        SparseNetwork net(28, 28, 10, s);
        std::stop_source stop;
        SparsityCallbacks cb;
        cb.onEpoch = [&](const SparsityEpoch& e, const SparseNetwork&) {
            if (e.epoch == 1) stop.request_stop();
        };
        const auto run =
            trainSparseNetwork(net, testing::syntheticData(300, 50), cb, {}, stop.get_token());
        QVERIFY(run.cancelled);
        QVERIFY(!run.value.completed);
        QCOMPARE(run.value.epochs.size(), std::size_t(2));
        QVERIFY(QString::fromStdString(run.value.note).contains("epoch 2"));
    }

    void nonFiniteStopsWithGoodWeights() {
        SparsitySettings s = tiny(0.3, 16, 3);
        s.learningRate = 1e30; // the first step makes the next loss overflow
        SparseNetwork net(28, 28, 10, s);
        QVERIFY(throwsError([&] { trainSparseNetwork(net, testing::syntheticData(200, 50)); },
                            ErrorCode::NonFinite, "last good weights"));
        for (float w : net.weights().w1)
            QVERIFY(std::isfinite(w));
    }

    void pointFilesRoundTrip() {
        QTemporaryDir dir;
        SparsitySettings s = tiny(0.3, 16, 1);
        SparseNetwork net(28, 28, 10, s);
        const ImageData small = testing::syntheticData(200, 50);
        const SparsityRun run = trainSparseNetwork(net, small).value;
        const SparsityProvenance p = makeSparsityProvenance(small);
        SparsityProvenance back;
        const SparsityRun r = sparsityRunFromJson(sparsityRunToJson(run, p), "p", &back);
        QCOMPARE(back.datasetSha256, small.sha256);
        QVERIFY(sparsitySettingsDifferences(r.settings, s).empty());
        QCOMPARE(r.measures.activity.fractionActive, run.measures.activity.fractionActive);
        QVERIFY(r.measures.activity.activePerInput == run.measures.activity.activePerInput);
        QCOMPARE(r.epochs.size(), run.epochs.size());
        QCOMPARE(r.triplets.size(), std::size_t(6));
        SparsitySettings other = s;
        other.width = 17;
        other.sharedBias = true;
        const auto diff = sparsitySettingsDifferences(s, other);
        QCOMPARE(diff.size(), std::size_t(2));
        QVERIFY(QString::fromStdString(diff[0] + diff[1]).contains("width: 16 there, 17 here"));
        // Weights.
        const std::string path = dir.filePath("f.f32").toStdString();
        writeSparseWeights(path, net.weights());
        QVERIFY(readSparseWeights(path, 16, 784).w1 == net.weights().w1);
        QVERIFY(throwsError([&] { readSparseWeights(path, 32, 784); }, ErrorCode::ParseError,
                            "not the 32"));
        std::filesystem::resize_file(path, 1000);
        QVERIFY(
            throwsError([&] { readSparseWeights(path); }, ErrorCode::ParseError, "does not match"));
        QVERIFY(throwsError([&] { sparsityRunFromJson("{]", "bad.json"); }, ErrorCode::ParseError,
                            "bad.json"));
    }

    void sweepResumesAndRefusesOtherSettings() {
        QTemporaryDir dir;
        const ImageData small = testing::syntheticData(300, 60);
        SparsitySweepSettings s;
        s.base = tiny(0, 16, 1);
        s.sigmas = {0, 0.8};
        s.widths = {8, 16};
        s.outDir = dir.filePath("sweep").toStdString();
        // Cancel after the first point.
        std::stop_source stop;
        SparsitySweepCallbacks cb;
        cb.onPoint = [&](const SparsityPoint&) { stop.request_stop(); };
        const auto first = runSparsitySweep(small, s, cb, {}, stop.get_token());
        QVERIFY(first.cancelled);
        QCOMPARE(first.value.points.size(), std::size_t(1));
        // Resume: the first is read back, the rest computed.
        const auto all = runSparsitySweep(small, s);
        QVERIFY(!all.cancelled);
        QCOMPARE(all.value.points.size(), std::size_t(4));
        QVERIFY(all.value.points[0].resumed);
        QVERIFY(!all.value.points[1].resumed);
        QCOMPARE(all.value.points[0].run.measures.activity.fractionActive,
                 first.value.points[0].run.measures.activity.fractionActive);
        QVERIFY(all.value.points[0].weights.w1 == first.value.points[0].weights.w1);
        QCOMPARE(all.value.points[3].run.settings.width, 16);
        QCOMPARE(all.value.points[3].run.settings.sigma, 0.8);
        // A rerun finds everything on disk.
        const auto again = runSparsitySweep(small, s);
        for (const auto& p : again.value.points)
            QVERIFY(p.resumed);
        // Reading the folder back (as the page does): every point, counted as it goes; a stop
        // ends it between points.
        std::vector<Progress> steps;
        std::vector<std::string> problems;
        const auto read =
            readSparsityPoints(s.outDir, &problems, [&](const Progress& p) { steps.push_back(p); });
        QCOMPARE(read.size(), std::size_t(4));
        QVERIFY(problems.empty());
        for (const SparsityPoint& p : all.value.points) // folder-name order: w16 before w8
            QVERIFY(std::any_of(read.begin(), read.end(), [&](const SparsityPoint& q) {
                return q.folder == p.folder && q.weights.w1 == p.weights.w1;
            }));
        QCOMPARE(steps.size(), std::size_t(5)); // before each of the four, and the end
        QCOMPARE(steps.front().total, std::size_t(4));
        QCOMPARE(steps.back().fraction(), 1.0);
        std::stop_source stopRead;
        QVERIFY(throwsError(
            [&] {
                readSparsityPoints(
                    s.outDir, nullptr,
                    [&](const Progress& p) {
                        if (p.done == 1) stopRead.request_stop();
                    },
                    stopRead.get_token());
            },
            ErrorCode::Cancelled, "cancelled"));
        // Other settings in the same folder: refused, naming the difference.
        SparsitySweepSettings other = s;
        other.base.epochs = 2;
        QVERIFY(throwsError([&] { runSparsitySweep(small, other); }, ErrorCode::InvalidArgument,
                            "epochs: 1 there, 2 here"));
        // Another data set: refused.
        QVERIFY(throwsError([&] { runSparsitySweep(testing::syntheticData(300, 60, 9), s); },
                            ErrorCode::InvalidArgument, "another data set"));
        // Lists: a σ twice is refused.
        other = s;
        other.sigmas = {0.1, 0.1};
        QVERIFY(throwsError([&] { runSparsitySweep(small, other); }, ErrorCode::InvalidArgument,
                            "listed twice"));
        // The summary files.
        writeSparsitySweep(s.outDir, all.value, makeSparsityProvenance(small));
        QVERIFY(QFile::exists(dir.filePath("sweep/sparsity.json")));
        QVERIFY(QFile::exists(dir.filePath("sweep/sparsity.csv")));
    }
};

QTEST_GUILESS_MAIN(TestSparsity)
#include "tst_sparsity.moc"
