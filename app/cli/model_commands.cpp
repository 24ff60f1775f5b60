// flicker-cli train / evaluate / record: the model side of the headless tool.
#include "cli_commands.h"
#include "cli_data.h"
#include "cli_options.h"

#include "input_file.h"

#include "io/matrix_file.h"
#include "io/output_path.h"
#include "model/model.h"
#include "record/recorder.h"
#include "text/demo_corpus.h"
#include "text/readers.h"
#include "train/dataset.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace flicker::cli {
namespace {

using Clock = std::chrono::steady_clock;

} // namespace

namespace {

// What `train` is asked for: the network, its training and the vocabulary size.
struct TrainRequest {
    ModelSettings model;
    TrainingSettings training;
    std::size_t vocabularyWords = kDefaultVocabularyWords;
};

// The options, checked before any data is read (sizes LibTorch would take or die on included).
TrainRequest trainRequestFrom(const Options& o) {
    TrainRequest r;
    ModelSettings& model = r.model;
    TrainingSettings& t = r.training;
    if (o.values.count("embedding"))
        model.embedding = parseValue<int>("embedding", o.values.at("embedding"));
    if (o.values.count("hidden")) model.hidden = parseValue<int>("hidden", o.values.at("hidden"));
    if (o.values.count("epochs")) t.epochs = parseValue<int>("epochs", o.values.at("epochs"));
    if (o.values.count("seed"))
        t.seed = model.seed = parseValue<std::uint64_t>("seed", o.values.at("seed"));
    if (o.values.count("batch")) t.batchSize = parseValue<int>("batch", o.values.at("batch"));
    if (o.values.count("lr")) t.learningRate = parseValue<double>("lr", o.values.at("lr"));
    if (o.values.count("clip")) t.gradientClip = parseValue<double>("clip", o.values.at("clip"));
    if (o.values.count("max-length"))
        t.maxLength = parseValue<std::size_t>("max-length", o.values.at("max-length"));
    if (o.values.count("threads")) t.threads = parseValue<int>("threads", o.values.at("threads"));
    if (o.values.count("input-noise"))
        t.inputNoise = parseValue<double>("input-noise", o.values.at("input-noise"));
    if (o.values.count("hidden-noise"))
        t.hiddenNoise = parseValue<double>("hidden-noise", o.values.at("hidden-noise"));
    if (o.values.count("lstm")) {
        const std::string& kernel = o.values.at("lstm");
        if (kernel == "fused")
            t.lstmKernel = LstmKernel::Fused;
        else if (kernel == "libtorch")
            t.lstmKernel = LstmKernel::LibTorch;
        else
            throw Error(ErrorCode::InvalidArgument,
                        "--lstm must be fused or libtorch, not '" + kernel + "'", "lstm");
    }
    for (const auto& [name, sd] :
         {std::pair{"input-noise", t.inputNoise}, std::pair{"hidden-noise", t.hiddenNoise}})
        if (!(sd >= 0 && sd <= kMaxTrainingNoise))
            throw Error(ErrorCode::InvalidArgument,
                        std::string("--") + name + " must be an SD of 0 … " +
                            std::to_string(int(kMaxTrainingNoise)) + " (0 = no noise)",
                        name);
    if (o.values.count("vocab-size"))
        r.vocabularyWords = parseValue<std::size_t>("vocab-size", o.values.at("vocab-size"));
    if (model.embedding < 1 || model.hidden < 1)
        throw Error(ErrorCode::InvalidArgument, "--embedding and --hidden must be at least 1");
    if (r.vocabularyWords < 1 || r.vocabularyWords > std::size_t(kMaxVocabulary - 2))
        throw Error(ErrorCode::InvalidArgument,
                    "--vocab-size must be 1 … " + std::to_string(kMaxVocabulary - 2) +
                        " words, not " + std::to_string(r.vocabularyWords),
                    "vocab-size");
    ModelSettings sizes = model;
    sizes.vocabularySize = std::int32_t(r.vocabularyWords + 2);
    checkModelSettings(sizes);
    return r;
}

// Training progress on stderr: a batch line every few seconds, a line per epoch.
TrainCallbacks trainPrinter(std::ostream& err) {
    TrainCallbacks callbacks;
    callbacks.onBatch = [&err, last = Clock::now()](const BatchRecord& p) mutable {
        if (Clock::now() - last < kProgressEvery) return;
        last = Clock::now();
        char line[160];
        std::snprintf(line, sizeof line, "  epoch %d/%d, batch %zu/%zu, loss %.4f, %.0f tokens/s\n",
                      p.epoch, p.epochs, p.batch, p.batches, p.loss, p.tokensPerSecond);
        err << line;
    };
    callbacks.onEpoch = [&err](const EpochRecord& e, const LstmClassifier&) {
        char line[200];
        std::snprintf(line, sizeof line,
                      "epoch %d: train loss %.4f, train accuracy %.3f, test accuracy %.3f "
                      "(%.1f s, %.0f tokens/s)\n",
                      e.epoch, e.trainLoss, e.trainAccuracy, e.testAccuracy, e.seconds,
                      e.tokensPerSecond);
        err << line;
    };
    return callbacks;
}

// `train --json`: the model file, the data set, the last epoch's figures and every epoch.
std::string trainJson(const Outcome<Model>& result, const std::string& outPath,
                      const std::string& dataset, double seconds) {
    const TrainingHistory& h = result.value.history;
    const EpochRecord last = h.epochs.empty() ? EpochRecord{} : h.epochs.back();
    const ModelSettings& s = result.value.network.settings();
    const QJsonObject j{
        {"model", QString::fromStdString(outPath)},
        {"dataset", QString::fromStdString(dataset)},
        {"stop", result.cancelled ? "cancelled" : "completed"},
        {"test_accuracy", last.testAccuracy},
        {"train_accuracy", last.trainAccuracy},
        {"train_loss", last.trainLoss},
        {"seconds", seconds},
        {"embedding", s.embedding},
        {"hidden", s.hidden},
        {"vocabulary_size", s.vocabularySize},
        {"input_noise", h.settings.inputNoise},
        {"hidden_noise", h.settings.hiddenNoise},
        {"epochs", QJsonDocument::fromJson(QByteArray::fromStdString(epochsToJson(h))).array()}};
    return QJsonDocument(j).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace

int runTrain(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o =
            parseOptions(args,
                         {"data", "embedding", "hidden", "epochs", "seed", "out", "batch", "lr",
                          "clip", "max-length", "vocab-size", "threads", "demo-reviews",
                          "demo-seed", "input-noise", "hidden-noise", "lstm"},
                         {"json"});
        const std::string outPath = valueOr(o, "out", "");
        if (outPath.empty())
            throw Error(ErrorCode::InvalidArgument,
                        "--out FILE is required: where to save the model");
        const TrainRequest request = trainRequestFrom(o);
        const TrainingSettings& t = request.training;
        // Before an hour of training, not after it: a place that cannot take the model, or an
        // --out that is the data itself, is refused now.
        checkOutputFile(outPath, {valueOr(o, "data", "")});
        configureThreads(o, err);
        const Corpus corpus = loadData(o, err);

        err << "training E = " << request.model.embedding << ", H = " << request.model.hidden
            << ", " << t.epochs << " epochs, batch " << t.batchSize << ", learning rate "
            << t.learningRate << ", seed " << t.seed;
        if (t.inputNoise > 0) err << ", input noise SD " << t.inputNoise;
        if (t.hiddenNoise > 0) err << ", hidden noise SD " << t.hiddenNoise;
        err << "\n";
        const auto start = Clock::now();
        // A run that fails (a loss that is not finite) throws: nothing is saved over --out.
        const Outcome<Model> result =
            trainOnCorpus(corpus, request.model, t, request.vocabularyWords, trainPrinter(err));
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        saveCheckpoint(result.value, outPath);
        err << "saved " << outPath << " (" << seconds << " s of training)\n";
        if (o.flags.count("json")) out << trainJson(result, outPath, corpus.name, seconds);
        return result.cancelled ? kExitFailure : kExitOk;
    });
}

int runEvaluate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o = parseOptions(
            args, {"model", "vocab", "data", "threads", "demo-reviews", "demo-seed", "max-length"},
            {"json"});
        configureThreads(o, err);
        const Model model = loadModelOption(o);
        const Corpus corpus = loadData(o, err);
        const std::size_t maxLength =
            o.values.count("max-length")
                ? parseValue<std::size_t>("max-length", o.values.at("max-length"))
                : model.history.settings.maxLength;
        // Re-tokenise with the model's own tokenizer settings and vocabulary.
        LabelledIds test;
        for (const Review& r : corpus.reviews) {
            if (r.split != Split::Test || r.label < 0) continue;
            auto ids = model.encode(r.text, maxLength);
            if (ids.empty()) continue;
            test.ids.push_back(std::move(ids));
            test.labels.push_back(r.label);
        }
        if (test.ids.empty())
            throw Error(ErrorCode::InvalidArgument,
                        corpus.name + " has no labelled test reviews to evaluate on");
        const double acc = accuracy(model.network, test);
        if (o.flags.count("json")) {
            out << QJsonDocument(QJsonObject{{"test_accuracy", acc},
                                             {"reviews", qint64(test.ids.size())},
                                             {"dataset", QString::fromStdString(corpus.name)}})
                       .toJson(QJsonDocument::Indented)
                       .toStdString();
        } else {
            char line[120];
            std::snprintf(line, sizeof line, "test accuracy %.4f on %zu reviews\n", acc,
                          test.ids.size());
            out << line;
        }
        return kExitOk;
    });
}

namespace {

// --kind: one activation kind, or "all".
std::vector<ActivationKind> recordKinds(const Options& o) {
    const std::string text = valueOr(o, "kind", "all");
    if (text == "all") return {kAllKinds.begin(), kAllKinds.end()};
    const auto k = kindFromName(text);
    if (!k)
        throw Error(ErrorCode::InvalidArgument,
                    "--kind must be x, i, f, g, o, c, h or all, not " + quoteInput(text));
    return {*k};
}

// The text to record and what to call it: a file (--text) or a review of a data set.
std::pair<std::string, std::string> recordSource(const Options& o, std::ostream& err) {
    if (o.values.count("text"))
        return {readInputFile(o.values.at("text"), kMaxReviewFileBytes, "review file"),
                o.values.at("text")};
    const Corpus corpus = loadData(o, err);
    const std::string id = o.values.at("review");
    const long index = corpus.find(id);
    if (index < 0)
        throw Error(ErrorCode::InvalidArgument,
                    "no review with id " + quoteInput(id) + " in " + corpus.name +
                        (corpus.reviews.empty()
                             ? ""
                             : " (ids look like '" + corpus.reviews.front().id + "')"));
    return {corpus.reviews[std::size_t(index)].text, id};
}

// <dir>/tokens.csv: step, token (quoted when it holds a comma or a quote), id.
std::string writeTokens(const std::string& dir, const TokenList& tokens,
                        const std::vector<std::int32_t>& ids) {
    const std::string path = dir + "/tokens.csv";
    std::ofstream t(path);
    t << "step,token,id\n";
    for (std::size_t s = 0; s < ids.size(); ++s) {
        std::string word(tokens[s]);
        if (word.find_first_of(",\"") != std::string::npos) {
            std::string quoted = "\"";
            for (char ch : word)
                quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            word = quoted + "\"";
        }
        t << s + 1 << "," << word << "," << ids[s] << "\n";
    }
    if (!t) throw Error(ErrorCode::Io, path + ": writing failed (is the disk full?)", path);
    return path;
}

} // namespace

int runRecord(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        const Options o =
            parseOptions(args,
                         {"model", "vocab", "data", "review", "text", "kind", "out", "format",
                          "max-length", "threads", "demo-reviews", "demo-seed"},
                         {"json"});
        configureThreads(o, err);
        const std::string outDir = valueOr(o, "out", ""), format = valueOr(o, "format", "csv");
        if (outDir.empty()) throw Error(ErrorCode::InvalidArgument, "--out DIR is required");
        if (format != "csv" && format != "npy")
            throw Error(ErrorCode::InvalidArgument,
                        "--format must be csv or npy, not " + quoteInput(format));
        const std::vector<ActivationKind> kinds = recordKinds(o);
        if (o.values.count("text") == o.values.count("review"))
            throw Error(ErrorCode::InvalidArgument,
                        "give either --text FILE, or --data and --review ID");
        prepareOutputFolder(outDir, {valueOr(o, "model", ""), valueOr(o, "vocab", ""),
                                     valueOr(o, "data", ""), valueOr(o, "text", "")});
        const Model model = loadModelOption(o);
        const std::size_t maxLength =
            o.values.count("max-length")
                ? parseValue<std::size_t>("max-length", o.values.at("max-length"))
                : 0;
        auto [text, source] = recordSource(o, err);
        repairUtf8(text);
        const TokenList tokens = Tokenizer(model.tokenizer).tokenize(text);
        const std::vector<std::int32_t> ids = model.vocabulary.encode(tokens, maxLength);
        if (ids.empty())
            throw Error(ErrorCode::EmptyInput, source + ": the text holds no words to record");
        const Recording r = Recorder(model.network).record(ids);

        std::vector<std::string> written;
        for (ActivationKind k : kinds) {
            const std::string path = outDir + "/" + kindName(k) + "." + format;
            if (format == "npy")
                writeMatrixNpy(path, r.values(k), r.steps, r.units(k));
            else
                writeMatrixCsv(path, r.values(k), r.steps, r.units(k));
            written.push_back(path);
        }
        written.push_back(writeTokens(outDir, tokens, ids));
        if (o.flags.count("json")) {
            QJsonArray files;
            for (const auto& f : written)
                files.append(QString::fromStdString(f));
            out << QJsonDocument(QJsonObject{{"source", QString::fromStdString(source)},
                                             {"steps", qint64(r.steps)},
                                             {"probability_positive", r.probability},
                                             {"files", files}})
                       .toJson(QJsonDocument::Indented)
                       .toStdString();
        } else {
            out << "recorded " << r.steps << " steps of " << source
                << " (P(positive) = " << r.probability << ") into " << outDir << "\n";
        }
        return kExitOk;
    });
}

} // namespace flicker::cli
