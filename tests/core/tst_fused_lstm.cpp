// The fused LSTM layer (core/model/fused_lstm.h) against torch::nn::LSTM: outputs, final
// states and every gradient on random inputs of many sizes, padding that cannot reach what is
// read, and training with either layer from one seed giving the same losses.
#include "model/lstm_classifier.h"
#include "signal/random.h"
#include "support/fused_lstm_check.h"
#include "train/trainer.h"

#include <QtTest>

#include <cmath>

using namespace flicker;
using flicker::testing::compareFusedLstm;
using flicker::testing::FusedLstmCase;

Q_DECLARE_METATYPE(flicker::testing::FusedLstmCase)

namespace {

// Label 1 when word 2 occurs more often than word 3 (as tst_model's counting task), lengths
// 3 … 40 so that batches are padded.
LabelledIds countingTask(std::size_t reviews, std::uint64_t seed) {
    Rng rng(seed);
    LabelledIds data;
    while (data.ids.size() < reviews) {
        std::vector<std::int32_t> ids(3 + rng.below(38));
        int balance = 0;
        for (auto& id : ids) {
            const double u = rng.uniform();
            id = u < 0.15 ? 2 : u < 0.30 ? 3 : std::int32_t(4 + rng.below(16));
            balance += (id == 2) - (id == 3);
        }
        if (balance == 0) continue;
        data.ids.push_back(ids);
        data.labels.push_back(balance > 0 ? 1 : 0);
    }
    return data;
}

std::vector<double> batchLosses(LstmKernel kernel, double inputNoise) {
    ModelSettings s;
    s.vocabularySize = 20;
    s.embedding = 8;
    s.hidden = 16;
    s.seed = 5;
    LstmClassifier model(s);
    TrainingSettings t;
    t.epochs = 2;
    t.batchSize = 16;
    t.learningRate = 1e-2;
    t.seed = 7;
    t.inputNoise = inputNoise;
    t.lstmKernel = kernel;
    std::vector<double> losses;
    TrainCallbacks callbacks;
    callbacks.onBatch = [&](const BatchRecord& r) { losses.push_back(r.loss); };
    const auto outcome = train(model, countingTask(96, 11), {}, t, callbacks);
    if (!outcome.value.completed) return {};
    return losses;
}

} // namespace

class TestFusedLstm : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { configureTorchThreads(2); }

    void equalsTorchLstm_data() {
        QTest::addColumn<FusedLstmCase>("c");
        QTest::addColumn<double>("tolerance");
        // B, T, E, H, padded, initial state, float64, seed. Relative to the largest value of
        // each result: float32 rounding alone, or float64 to separate the algorithm from it.
        const auto add = [](const char* name, FusedLstmCase c) {
            QTest::newRow(name) << c << (c.float64 ? 1e-12 : 1e-5);
        };
        add("1 cell, 1 step", {1, 1, 1, 1, false, false, false, 1});
        add("1 cell, 1 step, f64", {1, 1, 1, 1, false, true, true, 2});
        add("small, initial state", {3, 7, 5, 4, false, true, false, 3});
        add("small, padded, f64", {5, 9, 3, 2, true, true, true, 4});
        add("default size, padded", {64, 60, 64, 64, true, false, false, 5});
        add("default size, f64", {64, 40, 64, 64, false, true, true, 6});
        add("500 steps, padded", {16, 500, 16, 8, true, false, false, 7});
        add("500 steps, 1 cell", {2, 500, 4, 1, false, true, false, 8});
        add("500 steps, f64", {4, 500, 8, 16, true, true, true, 9});
        add("H 512", {8, 30, 64, 512, true, false, false, 10});
        add("E 512, H 512, f64", {3, 12, 512, 512, false, true, true, 11});
        add("E 512, H 1", {64, 20, 512, 1, false, true, false, 12});
        add("H 256, batch 64", {64, 25, 32, 256, false, true, false, 13});
        add("odd sizes, padded", {17, 33, 7, 13, true, true, false, 14});
    }
    void equalsTorchLstm() {
        QFETCH(FusedLstmCase, c);
        QFETCH(double, tolerance);
        const auto r = compareFusedLstm(c);
        qInfo("%s", r.describe().c_str());
        QVERIFY2(r.worst() <= tolerance, r.describe().c_str());
        // Padding steps (other random inputs there) change nothing that is read, not a bit.
        QCOMPARE(r.paddingEffect, 0.0);
    }

    void refusesMisuse() {
        const std::string missed = flicker::testing::fusedLstmUnrefusedMisuse();
        QVERIFY2(missed.empty(), missed.c_str());
    }

    // Predictions (and so every epoch's test accuracy) on either layer: the same probability
    // for every review, alone or in padded batches of 256 ordered by length; 300 reviews
    // make two batches, the longer one padded up to 40 words.
    void predictionsAgree() {
        ModelSettings s;
        s.vocabularySize = 20;
        s.embedding = 8;
        s.hidden = 16;
        s.seed = 9;
        const LstmClassifier model(s);
        LabelledIds data = countingTask(300, 21);
        data.ids.push_back({}); // an empty review: 0.5 on both
        const auto fused = model.predict(data.ids, LstmKernel::Fused);
        const auto libTorch = model.predict(data.ids, LstmKernel::LibTorch);
        QCOMPARE(fused.size(), data.ids.size());
        QCOMPARE(libTorch.size(), fused.size());
        double worst = 0, spread = 0;
        for (std::size_t k = 0; k < fused.size(); ++k) {
            worst = std::max(worst, double(std::abs(fused[k] - libTorch[k])));
            spread = std::max(spread, double(std::abs(fused[k] - fused[0])));
        }
        QVERIFY2(worst <= 1e-6, qPrintable(QString::number(worst)));
        QVERIFY(spread > 1e-3); // the reviews do get different probabilities
        QCOMPARE(fused.back(), 0.5f);
        // Alone (no padding) the same as in its batch.
        for (std::size_t k : {std::size_t(0), std::size_t(150), std::size_t(299)})
            QVERIFY(std::abs(model.predict({data.ids[k]}, LstmKernel::Fused)[0] - fused[k]) <=
                    1e-6);
    }

    // Training from one seed with either layer: the same losses batch after batch (the two
    // differ in float32 rounding only), with and without input noise (drawn identically).
    void trainingPathsAgree() {
        for (double inputNoise : {0.0, 0.3}) {
            const auto fused = batchLosses(LstmKernel::Fused, inputNoise);
            const auto libTorch = batchLosses(LstmKernel::LibTorch, inputNoise);
            QCOMPARE(fused.size(), std::size_t(12)); // 96 reviews / 16, 2 epochs
            QCOMPARE(libTorch.size(), fused.size());
            double worst = 0;
            for (std::size_t k = 0; k < fused.size(); ++k)
                worst = std::max(worst, std::abs(fused[k] - libTorch[k]));
            qInfo("input noise %.1f: largest loss difference %.2e over %zu batches", inputNoise,
                  worst, fused.size());
            QVERIFY2(worst <= 1e-4, qPrintable(QString::number(worst)));
            QVERIFY(fused.front() != fused.back()); // it did learn something
        }
    }
};

QTEST_GUILESS_MAIN(TestFusedLstm)
#include "tst_fused_lstm.moc"
