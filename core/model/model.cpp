#include "model/model.h"

#include "error.h"
#include "input_file.h"
#include "model/torch_import.h"

#include <flicker/version.h>

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace flicker {
namespace {
QJsonArray epochsJson(const TrainingHistory& history);

static_assert(std::endian::native == std::endian::little,
              "checkpoints store little-endian floats; add byte swapping for this platform");

constexpr char kMagic[] = "FLICKER-CHECKPOINT\n";
constexpr std::size_t kMagicSize = sizeof(kMagic) - 1;

std::uint64_t fnv1a(const char* data, std::size_t size) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::size_t i = 0; i < size; ++i) {
        h ^= std::uint8_t(data[i]);
        h *= 0x100000001b3ULL;
    }
    return h;
}

template <class T> void appendRaw(QByteArray& out, const T& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

QJsonObject tokenizerToJson(const TokenizerSettings& t) {
    return {{"lowercase", t.lowercase},
            {"replace_html_breaks", t.replaceHtmlBreaks},
            {"keep_punctuation", t.keepPunctuation},
            {"keep_apostrophes", t.keepApostrophes}};
}

TokenizerSettings tokenizerFromJson(const QJsonObject& o) {
    TokenizerSettings t;
    t.lowercase = o.value("lowercase").toBool(t.lowercase);
    t.replaceHtmlBreaks = o.value("replace_html_breaks").toBool(t.replaceHtmlBreaks);
    t.keepPunctuation = o.value("keep_punctuation").toBool(t.keepPunctuation);
    t.keepApostrophes = o.value("keep_apostrophes").toBool(t.keepApostrophes);
    return t;
}

QJsonObject historyToJson(const TrainingHistory& h) {
    const TrainingSettings& s = h.settings;
    return {{"dataset", QString::fromStdString(h.dataset)},
            {"completed", h.completed},
            {"note", QString::fromStdString(h.note)},
            {"settings", QJsonObject{{"epochs", s.epochs},
                                     {"batch_size", s.batchSize},
                                     {"learning_rate", s.learningRate},
                                     {"gradient_clip", s.gradientClip},
                                     {"max_length", qint64(s.maxLength)},
                                     {"seed", QString::number(s.seed)},
                                     {"threads", s.threads}}},
            {"epochs", epochsJson(h)}};
}

TrainingHistory historyFromJson(const QJsonObject& o) {
    TrainingHistory h;
    h.dataset = o.value("dataset").toString().toStdString();
    h.completed = o.value("completed").toBool();
    h.note = o.value("note").toString().toStdString();
    const QJsonObject s = o.value("settings").toObject();
    h.settings.epochs = s.value("epochs").toInt(h.settings.epochs);
    h.settings.batchSize = s.value("batch_size").toInt(h.settings.batchSize);
    h.settings.learningRate = s.value("learning_rate").toDouble(h.settings.learningRate);
    h.settings.gradientClip = s.value("gradient_clip").toDouble(h.settings.gradientClip);
    h.settings.maxLength =
        std::size_t(s.value("max_length").toInteger(qint64(h.settings.maxLength)));
    h.settings.seed = s.value("seed").toString("1").toULongLong();
    h.settings.threads = s.value("threads").toInt();
    for (const QJsonValue v : o.value("epochs").toArray()) {
        const QJsonObject e = v.toObject();
        h.epochs.push_back({e.value("epoch").toInt(), e.value("train_loss").toDouble(),
                            e.value("train_accuracy").toDouble(),
                            e.value("test_accuracy").toDouble(), e.value("seconds").toDouble(),
                            e.value("tokens_per_second").toDouble()});
    }
    return h;
}

[[noreturn]] void bad(const std::string& path, const std::string& what) {
    throw Error(ErrorCode::ParseError, path + ": " + what, path);
}

} // namespace

namespace {
QJsonArray epochsJson(const TrainingHistory& history) {
    QJsonArray epochs;
    for (const EpochRecord& e : history.epochs)
        epochs.append(QJsonObject{{"epoch", e.epoch},
                                  {"train_loss", e.trainLoss},
                                  {"train_accuracy", e.trainAccuracy},
                                  {"test_accuracy", e.testAccuracy},
                                  {"seconds", e.seconds},
                                  {"tokens_per_second", e.tokensPerSecond}});
    return epochs;
}
} // namespace

std::string epochsToJson(const TrainingHistory& history) {
    return QJsonDocument(epochsJson(history)).toJson(QJsonDocument::Compact).toStdString();
}

std::vector<std::int32_t> Model::encode(std::string_view text, std::size_t maxLength) const {
    std::string repaired(text);
    repairUtf8(repaired);
    return vocabulary.encode(Tokenizer(tokenizer).tokenize(repaired), maxLength);
}

void saveCheckpoint(const Model& model, const std::string& path) {
    const ModelSettings& s = model.network.settings();
    const ModelWeights w = model.network.weights();
    const std::vector<std::pair<const char*, const std::vector<float>*>> arrays{
        {"embedding", &w.embedding}, {"weight_ih", &w.weightIh}, {"weight_hh", &w.weightHh},
        {"bias_ih", &w.biasIh},      {"bias_hh", &w.biasHh},     {"fc.weight", &w.fcWeight},
        {"fc.bias", &w.fcBias}};
    QJsonArray arrayIndex, words;
    for (const auto& [name, values] : arrays)
        arrayIndex.append(QJsonObject{{"name", name}, {"count", qint64(values->size())}});
    for (const std::string& word : model.vocabulary.words())
        words.append(QString::fromStdString(word));
    const QJsonObject header{{"format", "flicker-checkpoint"},
                             {"version", kCheckpointVersion},
                             {"program", QString("Flicker ") + kVersion},
                             {"created", QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                             {"origin", QString::fromStdString(model.origin)},
                             {"model", QJsonObject{{"vocabulary_size", s.vocabularySize},
                                                   {"embedding", s.embedding},
                                                   {"hidden", s.hidden},
                                                   {"seed", QString::number(s.seed)}}},
                             {"tokenizer", tokenizerToJson(model.tokenizer)},
                             {"vocabulary", words},
                             {"history", historyToJson(model.history)},
                             {"arrays", arrayIndex}};
    const QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);

    QByteArray data(kMagic, qsizetype(kMagicSize));
    appendRaw(data, std::uint32_t(kCheckpointVersion));
    appendRaw(data, std::uint64_t(json.size()));
    data.append(json);
    for (const auto& [name, values] : arrays)
        data.append(reinterpret_cast<const char*>(values->data()),
                    qsizetype(values->size() * sizeof(float)));
    appendRaw(data, fnv1a(data.constData(), std::size_t(data.size())));

    QSaveFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly))
        throw Error(ErrorCode::Io,
                    path + ": cannot be written (" + file.errorString().toStdString() + ")", path);
    if (file.write(data) != data.size() || !file.commit())
        throw Error(ErrorCode::Io,
                    path + ": writing the checkpoint failed (" + file.errorString().toStdString() +
                        "; is the disk full?); any earlier file of that name is unchanged",
                    path);
}

Model loadCheckpoint(const std::string& path) {
    checkInputFile(path, kMaxModelFileBytes, "checkpoint");
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Io,
                    path + ": cannot be opened (" + file.errorString().toStdString() + ")", path);
    const QByteArray data = file.readAll();
    if (data.isEmpty()) bad(path, "the file is empty, not a Flicker checkpoint");
    if (data.size() < qsizetype(kMagicSize) ||
        std::memcmp(data.constData(), kMagic, kMagicSize) != 0) {
        if (data.startsWith("PK"))
            bad(path, "this is a zip file (a TorchScript or PyTorch model?), not a Flicker "
                      "checkpoint: import it with its vocabulary JSON");
        bad(path, "not a Flicker checkpoint (it does not start with the checkpoint signature)");
    }
    std::size_t at = kMagicSize;
    auto readRaw = [&](auto& value, const char* what) {
        if (std::size_t(data.size()) < at + sizeof value)
            bad(path, std::string("the file is truncated (it ends inside the ") + what + ")");
        std::memcpy(&value, data.constData() + at, sizeof value);
        at += sizeof value;
    };
    std::uint32_t version = 0;
    readRaw(version, "format version");
    if (version != std::uint32_t(kCheckpointVersion))
        bad(path, "checkpoint format version " + std::to_string(version) +
                      " is not supported (this Flicker reads version " +
                      std::to_string(kCheckpointVersion) +
                      (version > std::uint32_t(kCheckpointVersion)
                           ? "; it was written by a newer Flicker)"
                           : ")"));
    std::uint64_t jsonSize = 0;
    readRaw(jsonSize, "header size");
    if (jsonSize > std::uint64_t(data.size()) - at)
        bad(path, "the file is truncated (it ends inside the header)");
    QJsonParseError jsonError;
    const QJsonDocument doc =
        QJsonDocument::fromJson(data.mid(qsizetype(at), qsizetype(jsonSize)), &jsonError);
    if (doc.isNull()) bad(path, "the header is damaged: " + jsonError.errorString().toStdString());
    at += jsonSize;
    const QJsonObject header = doc.object();

    // The array counts come from the file: each is checked to be a whole number that fits in
    // what is left of the file before it is added, so the sum can neither wrap nor point past
    // the end, and nothing is allocated for a count the file cannot hold.
    const QJsonArray arrays = header.value("arrays").toArray();
    constexpr int kArrays = 7;
    if (arrays.size() != kArrays)
        bad(path, "the checkpoint does not hold the 7 weight arrays of an LSTM classifier");
    const std::size_t available = std::size_t(data.size()) - at; // bytes after the header
    std::size_t counts[kArrays] = {};
    std::size_t payload = 0;
    for (int k = 0; k < kArrays; ++k) {
        const QJsonObject a = arrays[k].toObject();
        const std::string name = a.value("name").toString().toStdString();
        const QJsonValue countValue = a.value("count");
        const double asDouble = countValue.toDouble(-1);
        if (!countValue.isDouble() || asDouble < 0 || asDouble != std::floor(asDouble))
            bad(path, "the header is damaged: weight array " + std::to_string(k + 1) + " ('" +
                          name.substr(0, 40) + "') has no valid value count");
        const std::size_t count = std::size_t(countValue.toInteger(-1));
        if (countValue.toInteger(-1) < 0 || count > (available - payload) / sizeof(float))
            bad(path, "the file is truncated or damaged: weight array '" + name.substr(0, 40) +
                          "' announces " + std::to_string(countValue.toInteger(-1)) +
                          " values, more than the rest of the file holds");
        counts[k] = count;
        payload += count * sizeof(float);
    }
    if (available - payload < sizeof(std::uint64_t))
        bad(path, "the file is truncated: " + std::to_string(data.size()) +
                      " bytes, the header "
                      "announces " +
                      std::to_string(at + payload + sizeof(std::uint64_t)));
    if (available - payload > sizeof(std::uint64_t))
        bad(path,
            "the file is damaged: " + std::to_string(available - payload - sizeof(std::uint64_t)) +
                " bytes follow the checksum");
    // Byte by byte in the machine's order (how it was written): GCC's bounds analysis cannot
    // follow the size checks above through a memcpy and warns under the sanitizers.
    std::uint64_t stored = 0;
    for (std::size_t i = 0; i < sizeof stored; ++i) {
        const std::size_t shift =
            std::endian::native == std::endian::little ? i : sizeof stored - 1 - i;
        stored |= std::uint64_t(std::uint8_t(data.at(qsizetype(at + payload + i)))) << (8 * shift);
    }
    if (stored != fnv1a(data.constData(), at + payload))
        bad(path, "the file is damaged (its checksum does not match)");

    const QJsonObject m = header.value("model").toObject();
    ModelSettings s;
    s.vocabularySize = m.value("vocabulary_size").toInt();
    s.embedding = m.value("embedding").toInt();
    s.hidden = m.value("hidden").toInt();
    s.seed = m.value("seed").toString("1").toULongLong();
    ModelWeights w;
    std::vector<float>* targets[kArrays] = {&w.embedding, &w.weightIh, &w.weightHh, &w.biasIh,
                                            &w.biasHh,    &w.fcWeight, &w.fcBias};
    // The sizes are checked against the arrays before anything of the model's size is built.
    const std::size_t expected[kArrays] = {
        std::size_t(std::max(0, s.vocabularySize)) * std::size_t(std::max(0, s.embedding)),
        4 * std::size_t(std::max(0, s.hidden)) * std::size_t(std::max(0, s.embedding)),
        4 * std::size_t(std::max(0, s.hidden)) * std::size_t(std::max(0, s.hidden)),
        4 * std::size_t(std::max(0, s.hidden)),
        4 * std::size_t(std::max(0, s.hidden)),
        std::size_t(std::max(0, s.hidden)),
        1};
    for (int k = 0; k < kArrays; ++k)
        if (counts[k] != expected[k])
            bad(path, "the weights do not fit the model's sizes (V = " +
                          std::to_string(s.vocabularySize) +
                          ", E = " + std::to_string(s.embedding) +
                          ", H = " + std::to_string(s.hidden) + "): array " +
                          std::to_string(k + 1) + " has " + std::to_string(counts[k]) +
                          " values, " + std::to_string(expected[k]) + " expected");
    for (int k = 0; k < kArrays; ++k) {
        targets[k]->resize(counts[k]);
        std::memcpy(targets[k]->data(), data.constData() + at, counts[k] * sizeof(float));
        at += counts[k] * sizeof(float);
        const auto bad_value = std::find_if(targets[k]->begin(), targets[k]->end(),
                                            [](float v) { return !std::isfinite(v); });
        if (bad_value != targets[k]->end())
            bad(path,
                "weight array " + std::to_string(k + 1) + " ('" +
                    arrays[k].toObject().value("name").toString().toStdString().substr(0, 40) +
                    "') holds a non-finite value (NaN or infinity) at index " +
                    std::to_string(bad_value - targets[k]->begin()) +
                    ": the model was saved from a failed training run");
    }
    std::unordered_map<std::string, std::int32_t> map;
    std::int32_t id = 0;
    for (const QJsonValue v : header.value("vocabulary").toArray())
        map.emplace(v.toString().toStdString(), id++);
    Model model{LstmClassifier(), Vocabulary::fromMap(map),
                tokenizerFromJson(header.value("tokenizer").toObject()),
                historyFromJson(header.value("history").toObject()),
                header.value("origin").toString().toStdString()};
    if (std::size_t(s.vocabularySize) != model.vocabulary.size())
        bad(path, "the vocabulary holds " + std::to_string(model.vocabulary.size()) +
                      " words but the embedding has " + std::to_string(s.vocabularySize) + " rows");
    try {
        model.network = LstmClassifier(s, w);
    } catch (const Error& e) {
        bad(path, std::string("the weights do not fit the model's sizes: ") + e.what());
    }
    return model;
}

Model importTorchScript(const std::string& modelPath, const std::string& vocabularyPath) {
    checkInputFile(vocabularyPath, kMaxVocabularyBytes, "vocabulary JSON"); // the quick check first
    auto [settings, weights] = detail::readTorchScriptWeights(modelPath);
    const std::string json = readInputFile(vocabularyPath, kMaxVocabularyBytes, "vocabulary JSON");
    Vocabulary vocabulary = Vocabulary::fromJson(json, vocabularyPath);
    if (vocabulary.size() != std::size_t(settings.vocabularySize))
        throw Error(ErrorCode::InvalidArgument,
                    vocabularyPath + " holds " + std::to_string(vocabulary.size()) +
                        " words but the model's embedding has " +
                        std::to_string(settings.vocabularySize) +
                        " rows: is it the vocabulary this model was trained with?",
                    vocabularyPath);
    Model model{LstmClassifier(settings, weights), std::move(vocabulary), TokenizerSettings{},
                TrainingHistory{}, "imported from " + modelPath};
    model.history.dataset = "unknown (imported PyTorch model)";
    return model;
}

Model loadModel(const std::string& path, const std::string& vocabularyPath) {
    if (!vocabularyPath.empty()) return importTorchScript(path, vocabularyPath);
    checkInputFile(path, kMaxModelFileBytes, "model");
    QFile file(QString::fromStdString(path));
    if (file.open(QIODevice::ReadOnly) && file.peek(2) == "PK")
        throw Error(ErrorCode::InvalidArgument,
                    path + " looks like a TorchScript/PyTorch file: give its vocabulary JSON too "
                           "(--vocab FILE.json)",
                    path);
    return loadCheckpoint(path);
}

} // namespace flicker
