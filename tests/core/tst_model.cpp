// The LSTM classifier, its recorder and its trainer: the recorder against torch::nn::LSTM,
// batching, seeds, training on a small task with a known answer, cancel, NaN, checkpoints.
#include "model/model.h"
#include "record/recorder.h"
#include "signal/random.h"
#include "support/checkpoint_craft.h"
#include "support/torchscript_writer.h"
#include "test_helpers.h"
#include "train/trainer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>
#include <cstring>
#include <functional>
#include <optional>
#include <stop_token>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

std::vector<std::int32_t> randomIds(std::size_t n, std::int32_t vocabulary, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<std::int32_t> ids(n);
    for (auto& id : ids)
        id = std::int32_t(2 + rng.below(std::uint64_t(vocabulary - 2)));
    return ids;
}

// A task that needs counting over the whole sequence: label 1 when word 2 occurs more often
// than word 3. Words 4 … V−1 are distractors.
LabelledIds countingTask(std::size_t reviews, std::uint64_t seed) {
    Rng rng(seed);
    LabelledIds data;
    while (data.ids.size() < reviews) {
        const std::size_t length = 8 + rng.below(24);
        std::vector<std::int32_t> ids(length);
        int twos = 0, threes = 0;
        for (auto& id : ids) {
            const double u = rng.uniform();
            id = u < 0.15 ? 2 : u < 0.30 ? 3 : std::int32_t(4 + rng.below(16));
            twos += id == 2;
            threes += id == 3;
        }
        if (twos == threes) continue;
        data.ids.push_back(ids);
        data.labels.push_back(twos > threes ? 1 : 0);
    }
    return data;
}

ModelSettings tinySettings() {
    ModelSettings s;
    s.vocabularySize = 20;
    s.embedding = 8;
    s.hidden = 16;
    s.seed = 3;
    return s;
}

double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    double m = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        m = std::max(m, double(std::abs(a[k] - b[k])));
    return m;
}

Model tinyModel() {
    std::unordered_map<std::string, std::int32_t> words{{"<pad>", 0}, {"<unk>", 1}};
    for (int k = 2; k < 20; ++k)
        words.emplace(std::string(1, 'w').append(std::to_string(k)), k); // GCC 12 warns on "w" + s
    Model m{LstmClassifier(tinySettings()), Vocabulary::fromMap(words), TokenizerSettings{},
            TrainingHistory{}, "test"};
    m.history.dataset = "counting task";
    m.history.epochs.push_back({1, 0.5, 0.75, 0.7, 1.5, 1234});
    return m;
}

} // namespace

class TestModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { configureTorchThreads(1); }

    void recorderEqualsTorchLstm() {
        ModelSettings s;
        s.vocabularySize = 50;
        s.embedding = 12;
        s.hidden = 24;
        const LstmClassifier model(s);
        const auto ids = randomIds(60, 50, 9);
        const Recording r = Recorder(model).record(ids);
        const Recording ref = recordWithTorchLstm(model, ids);
        QCOMPARE(r.steps, std::size_t(60));
        QCOMPARE(r.x.size(), std::size_t(60 * 12));
        QCOMPARE(r.h.size(), std::size_t(60 * 24));
        QVERIFY2(maxDifference(r.h, ref.h) < 1e-5,
                 qPrintable(QString::number(maxDifference(r.h, ref.h))));
        QVERIFY(maxDifference(r.c, ref.c) < 1e-5);
        QVERIFY(std::abs(r.probability - ref.probability) < 1e-5);
        QVERIFY(std::abs(r.probability - model.predict({ids})[0]) < 1e-5);
        // The recorded gates obey the cell equations of science.md.
        double worst = 0;
        for (std::size_t t = 0; t < r.steps; ++t)
            for (std::size_t u = 0; u < r.hidden; ++u) {
                using K = ActivationKind;
                const double cPrev = t ? r.at(K::C, t - 1, u) : 0.0;
                const double c = r.at(K::F, t, u) * cPrev + r.at(K::I, t, u) * r.at(K::G, t, u);
                worst = std::max(worst, std::abs(c - r.at(K::C, t, u)));
                worst =
                    std::max(worst, std::abs(r.at(K::O, t, u) * std::tanh(c) - r.at(K::H, t, u)));
                QVERIFY(r.at(K::I, t, u) > 0 && r.at(K::I, t, u) < 1);
                QVERIFY(r.at(K::G, t, u) > -1 && r.at(K::G, t, u) < 1);
            }
        QVERIFY(worst < 1e-5);
        // x is the embedding row of each word.
        const ModelWeights w = model.weights();
        for (std::size_t e = 0; e < 12; ++e)
            QCOMPARE(r.at(ActivationKind::X, 5, e), w.embedding[std::size_t(ids[5]) * 12 + e]);
    }

    void recordManyEqualsOneByOne() {
        const LstmClassifier model(tinySettings());
        std::vector<std::vector<std::int32_t>> reviews;
        for (std::size_t k = 0; k < 7; ++k)
            reviews.push_back(randomIds(k % 3 == 0 ? 30 : 10 + k, 20, k));
        std::size_t calls = 0;
        const auto all = Recorder(model).recordMany(reviews, [&](const Progress&) { ++calls; });
        QCOMPARE(all.size(), reviews.size());
        QVERIFY(calls >= 1);
        for (std::size_t k = 0; k < reviews.size(); ++k) {
            const Recording one = Recorder(model).record(reviews[k]);
            QCOMPARE(all[k].ids, reviews[k]);
            QVERIFY(maxDifference(all[k].h, one.h) < 1e-6);
            QVERIFY(maxDifference(all[k].f, one.f) < 1e-6);
        }
        QVERIFY(throwsError([&] { Recorder(model).record(std::vector<std::int32_t>{}); },
                            ErrorCode::InvalidArgument, "no tokens"));
        QVERIFY(throwsError(
            [&] {
                Recorder(model).record(std::vector<std::int32_t>{2, 99});
            },
            ErrorCode::InvalidArgument, "word 2: id 99"));
        std::stop_source stop;
        stop.request_stop();
        QVERIFY(throwsError([&] { Recorder(model).recordMany(reviews, {}, stop.get_token()); },
                            ErrorCode::Cancelled, "cancelled"));
    }

    void paddingNeverChangesAPrediction() {
        // A short review batched with a long one is right-padded; its probability must be the
        // same as when it is alone.
        const LstmClassifier model(tinySettings());
        const auto shortReview = randomIds(5, 20, 1), longReview = randomIds(40, 20, 2);
        const float alone = model.predict({shortReview})[0];
        const auto together = model.predict({longReview, shortReview});
        QVERIFY(std::abs(together[1] - alone) < 1e-6);
        QVERIFY(std::abs(together[0] - model.predict({longReview})[0]) < 1e-6);
    }

    void seedsDecideWeights() {
        const ModelWeights a = LstmClassifier(tinySettings()).weights();
        const ModelWeights b = LstmClassifier(tinySettings()).weights();
        QCOMPARE(a.weightHh, b.weightHh);
        QCOMPARE(a.embedding, b.embedding);
        ModelSettings other = tinySettings();
        other.seed = 4;
        QVERIFY(LstmClassifier(other).weights().weightHh != a.weightHh);
        ModelWeights wrong = a;
        wrong.weightHh.pop_back();
        QVERIFY(throwsError([&] { LstmClassifier(tinySettings(), wrong); },
                            ErrorCode::InvalidArgument, "weight_hh"));
    }

    void trainingLearnsAndIsDeterministic() {
        const LabelledIds trainSet = countingTask(600, 1), testSet = countingTask(300, 2);
        TrainingSettings t;
        t.epochs = 8;
        t.batchSize = 32;
        t.learningRate = 1e-2;
        t.seed = 5;
        LstmClassifier a(tinySettings()), b(tinySettings());
        const double before = accuracy(a, testSet);
        std::size_t batches = 0;
        TrainCallbacks callbacks;
        callbacks.onBatch = [&](const BatchRecord& p) {
            ++batches;
            QVERIFY(std::isfinite(p.loss) && p.tokensPerSecond > 0);
        };
        const Outcome<TrainingHistory> ra = train(a, trainSet, testSet, t, callbacks);
        const Outcome<TrainingHistory> rb = train(b, trainSet, testSet, t);
        QVERIFY(!ra.cancelled);
        QVERIFY(ra.value.completed);
        QCOMPARE(ra.value.epochs.size(), std::size_t(8));
        QCOMPARE(batches, std::size_t(8 * 19)); // ⌈600 / 32⌉ batches per epoch
        const double after = ra.value.epochs.back().testAccuracy;
        qInfo("counting task: test accuracy %.3f before, %.3f after training", before, after);
        QVERIFY(after > 0.8);
        QVERIFY(ra.value.epochs.back().trainLoss < ra.value.epochs.front().trainLoss);
        QCOMPARE(a.weights().weightHh, b.weights().weightHh); // same seed → same numbers
        QCOMPARE(rb.value.epochs.back().testAccuracy, after);
    }

    void cancelWithinOneBatch() {
        const LabelledIds data = countingTask(400, 3);
        LstmClassifier model(tinySettings());
        std::stop_source stop;
        std::size_t batches = 0;
        TrainCallbacks callbacks;
        callbacks.onBatch = [&](const BatchRecord&) {
            if (++batches == 2) stop.request_stop();
        };
        TrainingSettings t;
        t.epochs = 3;
        t.batchSize = 16;
        const Outcome<TrainingHistory> r =
            train(model, data, {}, t, callbacks, {}, stop.get_token());
        QVERIFY(r.cancelled);
        QCOMPARE(batches, std::size_t(2));
        QVERIFY(!r.value.completed);
        QVERIFY(QString::fromStdString(r.value.note).contains("cancelled in epoch 1"));
    }

    void nanStopsAndKeepsLastGoodWeights() {
        const LabelledIds data = countingTask(200, 4);
        LstmClassifier model(tinySettings());
        ModelWeights w = model.weights();
        for (std::size_t e = 0; e < 8; ++e)
            w.embedding[2 * 8 + e] = std::nanf(""); // word 2 occurs in nearly every review
        model.setWeights(w);
        QVERIFY(throwsError([&] { train(model, data, {}, TrainingSettings{}); },
                            ErrorCode::NonFinite, "not a finite number"));
        const ModelWeights after = model.weights();
        QCOMPARE(after.weightHh, w.weightHh); // the bad batch was not applied
    }

    // A finite loss and gradient but a step that overflows the weights (an infinite learning
    // rate): the step is undone, and the model keeps the weights of the step before.
    void aStepThatRuinsTheWeightsIsUndone() {
        const LabelledIds data = countingTask(200, 4);
        LstmClassifier model(tinySettings());
        const ModelWeights w = model.weights();
        TrainingSettings t;
        t.learningRate = double(INFINITY);
        QVERIFY(throwsError([&] { train(model, data, {}, t); }, ErrorCode::NonFinite,
                            "a weight is not a finite number after the update"));
        const ModelWeights after = model.weights();
        QCOMPARE(after.weightHh, w.weightHh); // the first step was the bad one
        QCOMPARE(after.embedding, w.embedding);
        QCOMPARE(after.fcWeight, w.fcWeight);
    }

    void trainingRejectsBadData() {
        LstmClassifier model(tinySettings());
        LabelledIds unlabelled{{{2, 3}}, {-1}};
        QVERIFY(throwsError([&] { train(model, unlabelled, {}, {}); }, ErrorCode::InvalidArgument,
                            "no label"));
        QVERIFY(
            throwsError([&] { train(model, {}, {}, {}); }, ErrorCode::InvalidArgument, "empty"));
    }

    void checkpointRoundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.flicker").toStdString();
        const Model m = tinyModel();
        saveCheckpoint(m, path);
        const Model back = loadCheckpoint(path);
        QCOMPARE(back.network.weights().embedding, m.network.weights().embedding);
        QCOMPARE(back.network.weights().fcBias, m.network.weights().fcBias);
        QCOMPARE(back.network.settings().hidden, 16);
        QCOMPARE(back.vocabulary.words(), m.vocabulary.words());
        QCOMPARE(back.history.dataset, std::string("counting task"));
        QCOMPARE(back.history.epochs.size(), std::size_t(1));
        QCOMPARE(back.history.epochs[0].testAccuracy, 0.7);
        QCOMPARE(back.origin, std::string("test"));
        QCOMPARE(back.tokenizer.keepPunctuation, m.tokenizer.keepPunctuation);
    }

    void checkpointLoadErrors() {
        QTemporaryDir dir;
        const std::string good = dir.filePath("good.flicker").toStdString();
        saveCheckpoint(tinyModel(), good);
        QFile f(QString::fromStdString(good));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        auto write = [&](const char* name, const QByteArray& content) {
            const QString p = dir.filePath(name);
            QFile out(p);
            out.open(QIODevice::WriteOnly);
            out.write(content);
            return p.toStdString();
        };
        QVERIFY(throwsError([&] { loadCheckpoint(dir.filePath("none").toStdString()); },
                            ErrorCode::Io, "cannot be opened"));
        QVERIFY(throwsError([&] { loadCheckpoint(write("empty", {})); }, ErrorCode::ParseError,
                            "empty"));
        QVERIFY(throwsError([&] { loadCheckpoint(write("text", "hello world\n")); },
                            ErrorCode::ParseError, "not a Flicker checkpoint"));
        QVERIFY(throwsError([&] { loadCheckpoint(write("zip", "PK\x03\x04 rest")); },
                            ErrorCode::ParseError, "TorchScript"));
        QVERIFY(throwsError([&] { loadCheckpoint(write("cut", bytes.left(bytes.size() / 2))); },
                            ErrorCode::ParseError, "truncated"));
        QVERIFY(throwsError([&] { loadCheckpoint(write("cut2", bytes.left(30))); },
                            ErrorCode::ParseError, "truncated"));
        QByteArray flipped = bytes;
        flipped[flipped.size() - 20] = char(flipped[flipped.size() - 20] ^ 0x55);
        QVERIFY(throwsError([&] { loadCheckpoint(write("flip", flipped)); }, ErrorCode::ParseError,
                            "checksum"));
        QByteArray newer = bytes;
        newer[19] = 2; // the format version follows the 19-byte signature line
        QVERIFY(throwsError([&] { loadCheckpoint(write("v2", newer)); }, ErrorCode::ParseError,
                            "version 2 is not supported"));
        // A save that cannot happen leaves the existing file as it was.
        QVERIFY(throwsError([&] { saveCheckpoint(tinyModel(), "/nonexistent/dir/m.flicker"); },
                            ErrorCode::Io, "/nonexistent/dir/m.flicker"));
        QCOMPARE(loadCheckpoint(good).vocabulary.size(), std::size_t(20));
    }

    // A checkpoint whose header was altered and whose checksum was then recomputed, so that
    // only the loader's own checks stand between the file and memory: the array counts are
    // summed by the loader, and a sum that wraps must not pass for the right size.
    void checkpointHostileHeaders() {
        using testing::setArrayCounts;
        QTemporaryDir dir;
        const std::string good = dir.filePath("good.flicker").toStdString();
        saveCheckpoint(tinyModel(), good);
        QFile f(QString::fromStdString(good));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const testing::CheckpointParts original = testing::splitCheckpoint(f.readAll());
        int fileNumber = 0;
        auto craft = [&](const std::function<void(testing::CheckpointParts&)>& change,
                         std::optional<qsizetype> checksummed = {}) {
            testing::CheckpointParts parts = original;
            change(parts);
            const QString path = dir.filePath(QString("crafted%1.flicker").arg(++fileNumber));
            QFile file(path);
            file.open(QIODevice::WriteOnly);
            file.write(testing::assembleCheckpoint(parts, checksummed));
            return path.toStdString();
        };
        // The unchanged rebuild loads: the crafting itself is right.
        QCOMPARE(loadCheckpoint(craft([](auto&) {})).network.settings().hidden,
                 tinyModel().network.settings().hidden);
        // Counts whose byte sum wraps to 0 (2^28 + 2^62 − 2^28 floats = 2^64 bytes), with a
        // checksum over an empty payload: this read 1 GiB past the buffer before.
        for (const qint64 first : {qint64(1) << 28, qint64(1) << 24}) {
            const auto wrapped = [first](auto& p) {
                setArrayCounts(p.header, {first, (qint64(1) << 62) - first});
            };
            QVERIFY(throwsError([&] { loadCheckpoint(craft(wrapped, 0)); }, ErrorCode::ParseError,
                                "more than the rest of the file holds"));
        }
        QVERIFY(throwsError(
            [&] {
                loadCheckpoint(craft([](auto& p) { setArrayCounts(p.header, {-4, 4}); }, 0));
            },
            ErrorCode::ParseError, "no valid value count"));
        QVERIFY(throwsError(
            [&] {
                loadCheckpoint(craft([](auto& p) {
                    QJsonArray a = p.header["arrays"].toArray();
                    QJsonObject first = a[0].toObject();
                    first["count"] = "many";
                    a[0] = first;
                    p.header["arrays"] = a;
                }));
            },
            ErrorCode::ParseError, "no valid value count"));
        // The same bytes split differently between the arrays: the sizes decide, before any
        // network of those sizes is built (hidden 8000 would be 1.2 GB).
        std::vector<qint64> shifted;
        for (const QJsonValue v : original.header["arrays"].toArray())
            shifted.push_back(v.toObject()["count"].toInteger());
        shifted[0] -= 4;
        shifted[1] += 4;
        QVERIFY(throwsError(
            [&] { loadCheckpoint(craft([&](auto& p) { setArrayCounts(p.header, shifted); })); },
            ErrorCode::ParseError, "do not fit the model's sizes"));
        QVERIFY(throwsError(
            [&] {
                loadCheckpoint(craft([](auto& p) {
                    QJsonObject m = p.header["model"].toObject();
                    m["hidden"] = 8000;
                    p.header["model"] = m;
                }));
            },
            ErrorCode::ParseError, "H = 8000"));
        // Bytes after the checksum, and a NaN weight under a valid checksum.
        QVERIFY(throwsError([&] { loadCheckpoint(craft([](auto& p) { p.payload += "xx"; })); },
                            ErrorCode::ParseError, "the checksum"));
        QVERIFY(throwsError(
            [&] {
                loadCheckpoint(craft([](auto& p) {
                    const float bad = std::nanf("");
                    std::memcpy(p.payload.data() + 8, &bad, sizeof bad);
                }));
            },
            ErrorCode::ParseError, "non-finite value"));
    }

    // TorchScript files written by LibTorch itself with tensors that reach past their storage:
    // LibTorch's unpickler does not check them, the importer must before reading.
    void torchScriptHostileTensors() {
        QTemporaryDir dir;
        const std::string vocab = std::string(FLICKER_TEST_DATA_DIR) + "/tiny_vocab.json";
        auto write = [&](const char* name, testing::TorchScriptDamage damage) {
            const std::string path = dir.filePath(name).toStdString();
            testing::writeTorchScriptClassifier(path, damage);
            return path;
        };
        const Model ok = loadModel(write("ok.pt", testing::TorchScriptDamage::None), vocab);
        QCOMPARE(ok.network.settings().hidden, 6);
        const std::vector<int> ids{2, 3, 4};
        QCOMPARE(Recorder(ok.network).record(ids).steps, std::size_t(3));
        QVERIFY(throwsError(
            [&] { loadModel(write("offset.pt", testing::TorchScriptDamage::OffsetBeyond), vocab); },
            ErrorCode::ParseError, "tensor 'embedding.weight' is damaged"));
        QVERIFY(throwsError(
            [&] { loadModel(write("stride.pt", testing::TorchScriptDamage::StrideBeyond), vocab); },
            ErrorCode::ParseError, "tensor 'lstm.weight_hh_l0' is damaged"));
        QVERIFY(throwsError(
            [&] { loadModel(write("nan.pt", testing::TorchScriptDamage::NonFinite), vocab); },
            ErrorCode::ParseError, "fc.weight holds a non-finite value"));
        QVERIFY(throwsError(
            [&] { loadModel(write("bias.pt", testing::TorchScriptDamage::ShortBias), vocab); },
            ErrorCode::ParseError, "bias.pt: parameter lstm.bias_ih_l0 has shape 3, expected 24"));
    }

    void torchScriptImport() {
        const std::string dir = FLICKER_TEST_DATA_DIR;
        const Model m = loadModel(dir + "/tiny_lstm.pt", dir + "/tiny_vocab.json");
        QCOMPARE(m.network.settings().vocabularySize, 12);
        QCOMPARE(m.network.settings().embedding, 4);
        QCOMPARE(m.network.settings().hidden, 6);
        QFile f(QString::fromStdString(dir + "/tiny_expected.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject expected = QJsonDocument::fromJson(f.readAll()).object();
        // Flicker's tokenizer and the imported vocabulary give the ids PyTorch was fed.
        const auto ids = m.encode(expected["sentence"].toString().toStdString());
        std::vector<std::int32_t> want;
        for (const QJsonValue v : expected["ids"].toArray())
            want.push_back(v.toInt());
        QCOMPARE(ids, want);
        const Recording r = Recorder(m.network).record(ids);
        double worst = 0;
        for (std::size_t t = 0; t < r.steps; ++t)
            for (std::size_t u = 0; u < r.hidden; ++u) {
                const double h = expected["h"].toArray()[int(t)].toArray()[int(u)].toDouble();
                const double c = expected["c"].toArray()[int(t)].toArray()[int(u)].toDouble();
                worst = std::max({worst, std::abs(h - r.at(ActivationKind::H, t, u)),
                                  std::abs(c - r.at(ActivationKind::C, t, u))});
            }
        qInfo("largest |difference| to PyTorch's h and c: %.2g", worst);
        QVERIFY(worst < 1e-5);
        QVERIFY(std::abs(r.probability - expected["probability"].toDouble()) < 1e-5);
    }

    void torchScriptImportErrors() {
        const std::string dir = FLICKER_TEST_DATA_DIR;
        QVERIFY(
            throwsError([&] { loadModel(dir + "/tiny_lstm_2layers.pt", dir + "/tiny_vocab.json"); },
                        ErrorCode::ParseError, "more than one layer"));
        QVERIFY(throwsError([&] { loadModel(dir + "/tiny_vocab.json", dir + "/tiny_vocab.json"); },
                            ErrorCode::ParseError, "not a readable TorchScript file"));
        QVERIFY(throwsError([&] { loadModel(dir + "/tiny_lstm.pt"); }, ErrorCode::InvalidArgument,
                            "vocabulary JSON"));
        QTemporaryDir tmp;
        const QString small = tmp.filePath("small.json");
        QFile out(small);
        out.open(QIODevice::WriteOnly);
        out.write(R"({"<pad>": 0, "<unk>": 1, "the": 2})");
        out.close();
        QVERIFY(throwsError([&] { loadModel(dir + "/tiny_lstm.pt", small.toStdString()); },
                            ErrorCode::InvalidArgument,
                            "holds 3 words but the model's embedding has 12"));
    }

    // ---- training noise (science.md §4) ----------------------------------------------------

    // The step-by-step LSTM that hidden noise needs is torch::nn::LSTM with the same
    // parameters: without noise it gives the fused path's h to 1e-5, and the recorder's.
    void unrolledLstmEqualsTorchLstm() {
        ModelSettings s;
        s.vocabularySize = 50;
        s.embedding = 12;
        s.hidden = 24;
        const LstmClassifier model(s);
        const auto ids = randomIds(80, 50, 11);
        const std::vector<float> fused = model.trainingHiddenStates(ids, 0, 0, 1, false);
        const std::vector<float> unrolled = model.trainingHiddenStates(ids, 0, 0, 1, true);
        QCOMPARE(fused.size(), std::size_t(80 * 24));
        QVERIFY2(maxDifference(fused, unrolled) < 1e-5,
                 qPrintable(QString::number(maxDifference(fused, unrolled))));
        QVERIFY(maxDifference(fused, Recorder(model).record(ids).h) < 1e-5);
        QVERIFY(maxDifference(fused, recordWithTorchLstm(model, ids).h) < 1e-6);
    }

    // Noise is drawn from a generator seeded by the run: the same seed gives the same h, another
    // seed other h; input noise and hidden noise each change h; none of it reaches the recorder.
    void trainingNoiseIsSeeded() {
        const LstmClassifier model(tinySettings());
        const auto ids = randomIds(40, 20, 5);
        const std::vector<float> clean = model.trainingHiddenStates(ids, 0, 0, 7);
        const std::vector<float> a = model.trainingHiddenStates(ids, 0, 0.3, 7);
        const std::vector<float> b = model.trainingHiddenStates(ids, 0, 0.3, 7);
        const std::vector<float> c = model.trainingHiddenStates(ids, 0, 0.3, 8);
        const std::vector<float> in = model.trainingHiddenStates(ids, 0.3, 0, 7);
        QCOMPARE(a, b);
        QVERIFY(maxDifference(a, c) > 0.05);
        QVERIFY(maxDifference(a, clean) > 0.05);
        QVERIFY(maxDifference(in, clean) > 1e-3);
        // The noise sits on h: h moves by about its SD (plus what it does to later steps).
        double sumSq = 0;
        for (std::size_t k = 0; k < clean.size(); ++k)
            sumSq += double(a[k] - clean[k]) * double(a[k] - clean[k]);
        const double sd = std::sqrt(sumSq / double(clean.size()));
        qInfo("hidden noise 0.3: RMS difference from the clean h %.3f", sd);
        QVERIFY(sd > 0.2);
        QVERIFY(maxDifference(Recorder(model).record(ids).h, clean) < 1e-5);
    }

    // Training with noise: the weights differ from noise-free training after one epoch, a
    // seeded noisy run repeats exactly, and the model it makes is recorded clean.
    void noisyTrainingRepeatsAndDiffers() {
        const LabelledIds trainSet = countingTask(200, 1);
        TrainingSettings t;
        t.epochs = 1;
        t.batchSize = 32;
        t.seed = 5;
        LstmClassifier clean(tinySettings()), explicitZero(tinySettings());
        train(clean, trainSet, {}, t);
        TrainingSettings zero = t;
        zero.inputNoise = zero.hiddenNoise = 0.0;
        train(explicitZero, trainSet, {}, zero);
        QCOMPARE(explicitZero.weights().weightHh, clean.weights().weightHh);

        TrainingSettings hidden = t;
        hidden.hiddenNoise = 0.2;
        LstmClassifier a(tinySettings()), b(tinySettings());
        const Outcome<TrainingHistory> ra = train(a, trainSet, {}, hidden);
        train(b, trainSet, {}, hidden);
        QCOMPARE(ra.value.settings.hiddenNoise, 0.2);
        QCOMPARE(a.weights().weightHh, b.weights().weightHh);
        QCOMPARE(a.weights().embedding, b.weights().embedding);
        QVERIFY(a.weights().weightHh != clean.weights().weightHh);

        TrainingSettings input = t;
        input.inputNoise = 0.2;
        LstmClassifier c(tinySettings());
        train(c, trainSet, {}, input);
        QVERIFY(c.weights().weightHh != clean.weights().weightHh);
        QVERIFY(c.weights().weightHh != a.weights().weightHh);

        // The recorder of the noisy model is the clean cell: equal to torch::nn::LSTM and to
        // itself, and its probability is predict()'s.
        const auto ids = randomIds(30, 20, 3);
        const Recording r1 = Recorder(a).record(ids), r2 = Recorder(a).record(ids);
        QCOMPARE(r1.h, r2.h);
        QVERIFY(maxDifference(r1.h, recordWithTorchLstm(a, ids).h) < 1e-5);
        QVERIFY(std::abs(r1.probability - a.predict({ids})[0]) < 1e-5);
    }

    void badNoiseIsRefused() {
        const LabelledIds data = countingTask(50, 4);
        LstmClassifier model(tinySettings());
        TrainingSettings t;
        t.hiddenNoise = -0.1;
        QVERIFY(throwsError([&] { train(model, data, {}, t); }, ErrorCode::InvalidArgument,
                            "hidden noise SD must be 0"));
        t.hiddenNoise = 0;
        t.inputNoise = std::nan("");
        QVERIFY(throwsError([&] { train(model, data, {}, t); }, ErrorCode::InvalidArgument,
                            "input noise SD"));
    }

    // The noise settings travel in the checkpoint's history; a checkpoint written before they
    // existed (no such fields) loads unchanged, as trained without noise. The LSTM layer
    // trained with is kept too (provenance).
    void checkpointKeepsTrainingNoise() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("noisy.flicker").toStdString();
        Model m = tinyModel();
        m.history.settings.inputNoise = 0.05;
        m.history.settings.hiddenNoise = 0.2;
        saveCheckpoint(m, path);
        const Model back = loadCheckpoint(path);
        QCOMPARE(back.history.settings.inputNoise, 0.05);
        QCOMPARE(back.history.settings.hiddenNoise, 0.2);
        QVERIFY(back.history.settings.lstmKernel == LstmKernel::Fused); // the default
        Model lib = tinyModel();
        lib.history.settings.lstmKernel = LstmKernel::LibTorch;
        const std::string libPath = dir.filePath("libtorch.flicker").toStdString();
        saveCheckpoint(lib, libPath);
        QVERIFY(loadCheckpoint(libPath).history.settings.lstmKernel == LstmKernel::LibTorch);

        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        testing::CheckpointParts parts = testing::splitCheckpoint(f.readAll());
        f.close();
        QJsonObject history = parts.header["history"].toObject();
        QJsonObject settings = history["settings"].toObject();
        QVERIFY(settings.contains("hidden_noise"));
        settings.remove("input_noise");
        settings.remove("hidden_noise");
        QCOMPARE(settings.take("lstm_kernel").toString(), QString("fused"));
        history["settings"] = settings;
        parts.header["history"] = history;
        const std::string old = dir.filePath("old.flicker").toStdString();
        QFile o(QString::fromStdString(old));
        QVERIFY(o.open(QIODevice::WriteOnly));
        o.write(testing::assembleCheckpoint(parts));
        o.close();
        const Model oldModel = loadCheckpoint(old);
        QCOMPARE(oldModel.history.settings.inputNoise, 0.0);
        QCOMPARE(oldModel.history.settings.hiddenNoise, 0.0);
        // Trained before the fused layer existed: torch::nn::LSTM.
        QVERIFY(oldModel.history.settings.lstmKernel == LstmKernel::LibTorch);
        QCOMPARE(oldModel.network.weights().weightHh, m.network.weights().weightHh);
        QCOMPARE(oldModel.history.settings.seed, m.history.settings.seed);
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
