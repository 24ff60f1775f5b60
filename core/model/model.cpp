#include "model/model.h"

#include "error.h"
#include "input_file.h"
#include "model/torch_import.h"
#include "save_file.h"

#include <flicker/version.h>

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>
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
                                     {"threads", s.threads},
                                     {"input_noise", s.inputNoise},
                                     {"hidden_noise", s.hiddenNoise},
                                     // Provenance only: both layers compute the same function.
                                     {"lstm_kernel",
                                      s.lstmKernel == LstmKernel::Fused ? "fused" : "libtorch"}}},
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
    // Checkpoints written before training noise existed were trained without it.
    h.settings.inputNoise = s.value("input_noise").toDouble(0);
    h.settings.hiddenNoise = s.value("hidden_noise").toDouble(0);
    // Checkpoints written before the fused layer were trained with torch::nn::LSTM.
    h.settings.lstmKernel = s.value("lstm_kernel").toString() == QLatin1String("fused")
                                ? LstmKernel::Fused
                                : LstmKernel::LibTorch;
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

    // Through saveFileWhole: via QSaveFile's own write a full disk read "Unknown error".
    saveFileWhole(path, std::string_view(data.constData(), std::size_t(data.size())));
}

namespace {

constexpr int kArrays = 7; // the weight arrays of an LSTM classifier, in file order

/// The whole file, once it is known to start with the checkpoint signature.
QByteArray readCheckpointFile(const std::string& path) {
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
    return data;
}

/// A read position in a checkpoint's bytes that never passes their end: a file that ends
/// early is refused, naming the part it ends in.
struct CheckpointCursor {
    const std::string& path;
    const QByteArray& data;
    std::size_t at = kMagicSize; // after the signature

    std::size_t left() const { return std::size_t(data.size()) - at; }

    template <class T> T read(const char* what) {
        T value{};
        if (std::size_t(data.size()) < at + sizeof value) truncated(what);
        std::memcpy(&value, data.constData() + at, sizeof value);
        at += sizeof value;
        return value;
    }
    /// `count` floats in the machine's order (how they were written).
    void readFloats(std::vector<float>& out, std::size_t count, const char* what) {
        if (count > left() / sizeof(float)) truncated(what);
        out.resize(count);
        std::memcpy(out.data(), data.constData() + at, count * sizeof(float));
        at += count * sizeof(float);
    }
    [[noreturn]] void truncated(const char* what) const {
        bad(path, std::string("the file is truncated (it ends inside the ") + what + ")");
    }
};

/// The format version and the JSON header that follow the signature.
QJsonObject readHeader(CheckpointCursor& in) {
    const auto version = in.read<std::uint32_t>("format version");
    if (version != std::uint32_t(kCheckpointVersion))
        bad(in.path, "checkpoint format version " + std::to_string(version) +
                         " is not supported (this Flicker reads version " +
                         std::to_string(kCheckpointVersion) +
                         (version > std::uint32_t(kCheckpointVersion)
                              ? "; it was written by a newer Flicker)"
                              : ")"));
    const auto jsonSize = in.read<std::uint64_t>("header size");
    if (jsonSize > in.left()) in.truncated("header");
    QJsonParseError jsonError;
    const QJsonDocument doc =
        QJsonDocument::fromJson(in.data.mid(qsizetype(in.at), qsizetype(jsonSize)), &jsonError);
    if (doc.isNull())
        bad(in.path, "the header is damaged: " + jsonError.errorString().toStdString());
    in.at += jsonSize;
    return doc.object();
}

/// The weight arrays as the header lists them.
struct ArrayIndex {
    std::array<std::size_t, kArrays> counts{}; // values in each array
    std::array<std::string, kArrays> names;    // at most 40 bytes each, for messages
    std::size_t bytes = 0;                     // of all the arrays together
};

// The array counts come from the file: each is checked to be a whole number that fits in what
// is left of the file (`available` bytes after the header) before it is added, so the sum can
// neither wrap nor point past the end, and nothing is allocated for a count the file cannot hold.
ArrayIndex readArrayIndex(const std::string& path, const QJsonObject& header,
                          std::size_t available) {
    const QJsonArray arrays = header.value("arrays").toArray();
    if (arrays.size() != kArrays)
        bad(path, "the checkpoint does not hold the 7 weight arrays of an LSTM classifier");
    ArrayIndex index;
    for (int k = 0; k < kArrays; ++k) {
        const QJsonObject a = arrays[k].toObject();
        const std::string name = a.value("name").toString().toStdString().substr(0, 40);
        const QJsonValue countValue = a.value("count");
        const double asDouble = countValue.toDouble(-1);
        if (!countValue.isDouble() || asDouble < 0 || asDouble != std::floor(asDouble))
            bad(path, "the header is damaged: weight array " + std::to_string(k + 1) + " ('" +
                          name + "') has no valid value count");
        const std::size_t count = std::size_t(countValue.toInteger(-1));
        if (countValue.toInteger(-1) < 0 || count > (available - index.bytes) / sizeof(float))
            bad(path, "the file is truncated or damaged: weight array '" + name + "' announces " +
                          std::to_string(countValue.toInteger(-1)) +
                          " values, more than the rest of the file holds");
        index.counts[std::size_t(k)] = count;
        index.names[std::size_t(k)] = name;
        index.bytes += count * sizeof(float);
    }
    return index;
}

/// Checks that the checksum, and nothing else, follows the `payload` bytes of the arrays, and
/// that it matches everything before it.
void checkChecksum(const CheckpointCursor& in, std::size_t payload) {
    const std::size_t available = in.left();
    if (available - payload < sizeof(std::uint64_t))
        bad(in.path, "the file is truncated: " + std::to_string(in.data.size()) +
                         " bytes, the header announces " +
                         std::to_string(in.at + payload + sizeof(std::uint64_t)));
    if (available - payload > sizeof(std::uint64_t))
        bad(in.path,
            "the file is damaged: " + std::to_string(available - payload - sizeof(std::uint64_t)) +
                " bytes follow the checksum");
    // Byte by byte in the machine's order (how it was written): GCC's bounds analysis cannot
    // follow the size checks above through a memcpy and warns under the sanitizers.
    std::uint64_t stored = 0;
    for (std::size_t i = 0; i < sizeof stored; ++i) {
        const std::size_t shift =
            std::endian::native == std::endian::little ? i : sizeof stored - 1 - i;
        stored |= std::uint64_t(std::uint8_t(in.data.at(qsizetype(in.at + payload + i))))
                  << (8 * shift);
    }
    if (stored != fnv1a(in.data.constData(), in.at + payload))
        bad(in.path, "the file is damaged (its checksum does not match)");
}

ModelSettings modelSettingsFromJson(const QJsonObject& m) {
    ModelSettings s;
    s.vocabularySize = m.value("vocabulary_size").toInt();
    s.embedding = m.value("embedding").toInt();
    s.hidden = m.value("hidden").toInt();
    s.seed = m.value("seed").toString("1").toULongLong();
    return s;
}

// The sizes are checked against the arrays before anything of the model's size is built.
void checkArrayCounts(const std::string& path, const ModelSettings& s,
                      const std::array<std::size_t, kArrays>& counts) {
    const std::size_t V = std::size_t(std::max(0, s.vocabularySize));
    const std::size_t E = std::size_t(std::max(0, s.embedding));
    const std::size_t H = std::size_t(std::max(0, s.hidden));
    const std::size_t expected[kArrays] = {V * E, 4 * H * E, 4 * H * H, 4 * H, 4 * H, H, 1};
    for (std::size_t k = 0; k < kArrays; ++k)
        if (counts[k] != expected[k])
            bad(path, "the weights do not fit the model's sizes (V = " +
                          std::to_string(s.vocabularySize) +
                          ", E = " + std::to_string(s.embedding) +
                          ", H = " + std::to_string(s.hidden) + "): array " +
                          std::to_string(k + 1) + " has " + std::to_string(counts[k]) +
                          " values, " + std::to_string(expected[k]) + " expected");
}

/// The arrays after the header; a non-finite value is refused.
ModelWeights readWeights(CheckpointCursor& in, const ArrayIndex& index) {
    ModelWeights w;
    std::vector<float>* targets[kArrays] = {&w.embedding, &w.weightIh, &w.weightHh, &w.biasIh,
                                            &w.biasHh,    &w.fcWeight, &w.fcBias};
    for (std::size_t k = 0; k < kArrays; ++k) {
        in.readFloats(*targets[k], index.counts[k], "weight arrays");
        const auto nonFinite = std::find_if(targets[k]->begin(), targets[k]->end(),
                                            [](float v) { return !std::isfinite(v); });
        if (nonFinite != targets[k]->end())
            bad(in.path, "weight array " + std::to_string(k + 1) + " ('" + index.names[k] +
                             "') holds a non-finite value (NaN or infinity) at index " +
                             std::to_string(nonFinite - targets[k]->begin()) +
                             ": the model was saved from a failed training run");
    }
    return w;
}

/// Ids in the order of the words.
Vocabulary vocabularyFromJson(const QJsonArray& words) {
    std::unordered_map<std::string, std::int32_t> map;
    std::int32_t id = 0;
    for (const QJsonValue v : words)
        map.emplace(v.toString().toStdString(), id++);
    return Vocabulary::fromMap(map);
}

} // namespace

Model loadCheckpoint(const std::string& path) {
    const QByteArray data = readCheckpointFile(path);
    CheckpointCursor in{path, data};
    const QJsonObject header = readHeader(in);
    const ArrayIndex arrays = readArrayIndex(path, header, in.left());
    checkChecksum(in, arrays.bytes);
    const ModelSettings s = modelSettingsFromJson(header.value("model").toObject());
    checkArrayCounts(path, s, arrays.counts);
    const ModelWeights w = readWeights(in, arrays);
    Model model{LstmClassifier(), vocabularyFromJson(header.value("vocabulary").toArray()),
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
