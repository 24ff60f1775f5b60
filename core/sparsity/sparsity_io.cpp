#include "sparsity/sparsity_io.h"

#include "error.h"
#include "input_file.h"
#include "save_file.h"

#include <flicker/version.h>

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace flicker {
namespace {

constexpr char kWeightsMagic[8] = {'F', 'L', 'K', 'S', 'P', 'W', '1', '\0'};

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
QJsonValue num(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}
double numOf(const QJsonValue& v) {
    return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();
}
template <class T> QJsonArray array(const std::vector<T>& v) {
    QJsonArray a;
    for (const T& x : v)
        a.append(num(double(x)));
    return a;
}
template <class T> std::vector<T> vectorOf(const QJsonValue& v) {
    std::vector<T> out;
    for (const QJsonValue x : v.toArray())
        out.push_back(T(numOf(x)));
    return out;
}

QJsonObject settingsJson(const SparsitySettings& s) {
    return QJsonObject{{"task", sparsityTaskName(s.task)},
                       {"width", s.width},
                       {"sigma", s.sigma},
                       {"noise", inputNoiseName(s.noise)},
                       {"scaling", inputScalingName(s.scaling)},
                       {"shared_bias", s.sharedBias},
                       {"epochs", s.epochs},
                       {"anneal_hold", s.annealHold},
                       {"anneal_ramp", s.annealRamp},
                       {"batch", s.batchSize},
                       {"learning_rate", s.learningRate},
                       {"gradient_clip", s.gradientClip},
                       {"train_images", qint64(s.trainImages)},
                       {"test_images", qint64(s.testImages)},
                       {"seed", QString::number(s.seed)}};
}

SparsitySettings settingsFromJson(const QJsonObject& o, const std::string& name) {
    SparsitySettings s;
    const auto task = sparsityTaskFromName(o["task"].toString().toStdString());
    const auto noise = inputNoiseFromName(o["noise"].toString().toStdString());
    const auto scaling = inputScalingFromName(o["scaling"].toString().toStdString());
    if (!task || !noise || !scaling)
        throw Error(ErrorCode::ParseError,
                    name + ": its settings name an unknown task, noise "
                           "or scaling",
                    name);
    s.task = *task;
    s.noise = *noise;
    s.scaling = *scaling;
    s.width = o["width"].toInt();
    s.sigma = o["sigma"].toDouble();
    s.sharedBias = o["shared_bias"].toBool();
    s.epochs = o["epochs"].toInt();
    s.annealHold = o["anneal_hold"].toInt();
    s.annealRamp = o["anneal_ramp"].toInt();
    s.batchSize = o["batch"].toInt();
    s.learningRate = o["learning_rate"].toDouble();
    s.gradientClip = o["gradient_clip"].toDouble();
    s.trainImages = std::size_t(o["train_images"].toInteger());
    s.testImages = std::size_t(o["test_images"].toInteger());
    s.seed = o["seed"].toString().toULongLong();
    return s;
}

QJsonObject distributionJson(const Distribution& d) {
    return QJsonObject{{"n", qint64(d.n)},  {"mean", num(d.mean)},     {"sd", num(d.sd)},
                       {"min", num(d.min)}, {"median", num(d.median)}, {"max", num(d.max)}};
}
Distribution distributionFromJson(const QJsonObject& o) {
    Distribution d;
    d.n = std::size_t(o["n"].toInteger());
    d.mean = numOf(o["mean"]);
    d.sd = numOf(o["sd"]);
    d.min = numOf(o["min"]);
    d.median = numOf(o["median"]);
    d.max = numOf(o["max"]);
    return d;
}

QJsonObject provenanceJson(const SparsityProvenance& p) {
    return QJsonObject{{"program", qs(p.program)},
                       {"created", qs(p.created)},
                       {"dataset_name", qs(p.datasetName)},
                       {"dataset_source", qs(p.datasetSource)},
                       {"dataset_sha256", qs(p.datasetSha256)},
                       {"dataset_train_images", qint64(p.trainImages)},
                       {"dataset_test_images", qint64(p.testImages)}};
}
SparsityProvenance provenanceFromJson(const QJsonObject& o) {
    SparsityProvenance p;
    p.program = o["program"].toString().toStdString();
    p.created = o["created"].toString().toStdString();
    p.datasetName = o["dataset_name"].toString().toStdString();
    p.datasetSource = o["dataset_source"].toString().toStdString();
    p.datasetSha256 = o["dataset_sha256"].toString().toStdString();
    p.trainImages = std::size_t(o["dataset_train_images"].toInteger());
    p.testImages = std::size_t(o["dataset_test_images"].toInteger());
    return p;
}

QJsonObject pointSummary(const SparsityRun& r) {
    const SparsityMeasures& m = r.measures;
    return QJsonObject{{"sigma", r.settings.sigma},
                       {"width", r.settings.width},
                       {"seed", QString::number(r.settings.seed)},
                       {"task", sparsityTaskName(r.settings.task)},
                       {"shared_bias", r.settings.sharedBias},
                       {"epochs", r.settings.epochs},
                       {"anneal", QJsonArray{r.settings.annealHold, r.settings.annealRamp}},
                       {"fraction_active", num(m.activity.fractionActive)},
                       {"fraction_active_all_units", num(m.activity.fractionActiveAll)},
                       {"fraction_active_noisy", num(m.fractionActiveNoisy)},
                       {"dead_units", qint64(m.activity.deadUnits)},
                       {"dead_fraction", num(m.activity.deadFraction)},
                       {"active_per_input_mean", num(m.activity.activeMean)},
                       {"active_per_input_sd", num(m.activity.activeSd)},
                       {"bias_mean", num(m.bias.mean)},
                       {"bias_sd", num(m.bias.sd)},
                       {"norm_mean", num(m.norm.mean)},
                       {"norm_cv", num(m.norm.cv())},
                       {"test_loss", num(m.testLoss)},
                       {"test_loss_noisy", num(m.testLossNoisy)},
                       {"test_accuracy", num(m.testAccuracy)},
                       {"seconds", r.seconds}};
}

} // namespace

void writeTextAtomically(const std::string& path, const std::string& text) {
    saveFileWhole(path, text);
}

SparsityProvenance makeSparsityProvenance(const ImageData& data) {
    SparsityProvenance p;
    p.program = std::string("Flicker ") + kVersion;
    p.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    p.datasetName = data.name;
    p.datasetSource = data.source;
    p.datasetSha256 = data.sha256;
    p.trainImages = data.train.size();
    p.testImages = data.test.size();
    return p;
}

std::string sparsityRunToJson(const SparsityRun& run, const SparsityProvenance& provenance) {
    QJsonArray epochs;
    for (const SparsityEpoch& e : run.epochs)
        epochs.append(QJsonObject{{"epoch", e.epoch},
                                  {"sigma", e.sigma},
                                  {"train_loss", num(e.trainLoss)},
                                  {"test_loss", num(e.testLoss)},
                                  {"test_accuracy", num(e.testAccuracy)},
                                  {"fraction_active", num(e.fractionActive)},
                                  {"dead_fraction", num(e.deadFraction)},
                                  {"seconds", e.seconds}});
    const SparsityMeasures& m = run.measures;
    const ActivityStats& a = m.activity;
    QJsonObject measures{{"inputs", qint64(a.inputs)},
                         {"units", qint64(a.units)},
                         {"dead_units", qint64(a.deadUnits)},
                         {"dead_fraction", num(a.deadFraction)},
                         {"fraction_active", num(a.fractionActive)},
                         {"fraction_active_all_units", num(a.fractionActiveAll)},
                         {"active_mean", num(a.activeMean)},
                         {"active_sd", num(a.activeSd)},
                         {"active_per_input", array(a.activePerInput)},
                         {"unit_fraction", array(a.unitFraction)},
                         {"fraction_active_noisy", num(m.fractionActiveNoisy)},
                         {"test_loss", num(m.testLoss)},
                         {"test_loss_noisy", num(m.testLossNoisy)},
                         {"test_accuracy", num(m.testAccuracy)},
                         {"bias", distributionJson(m.bias)},
                         {"norm", distributionJson(m.norm)},
                         {"biases", array(m.biases)},
                         {"norms", array(m.norms)}};
    QJsonArray triplets;
    for (const ImageTriplet& t : run.triplets)
        triplets.append(QJsonObject{{"label", t.label},
                                    {"clean", array(t.clean)},
                                    {"noisy", array(t.noisy)},
                                    {"output", array(t.output)}});
    QJsonObject root{{"format", "flicker-sparsity-point"},
                     {"version", 1},
                     {"provenance", provenanceJson(provenance)},
                     {"settings", settingsJson(run.settings)},
                     {"summary", pointSummary(run)},
                     {"epochs", epochs},
                     {"measures", measures},
                     {"triplets", triplets},
                     {"seconds", run.seconds},
                     {"completed", run.completed},
                     {"note", qs(run.note)}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

SparsityRun sparsityRunFromJson(const std::string& text, const std::string& name,
                                SparsityProvenance* provenance) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (doc.isNull() || !doc.isObject())
        throw Error(ErrorCode::ParseError,
                    name + " is not valid JSON (" + error.errorString().toStdString() +
                        "); remove the point's folder to recompute it",
                    name);
    const QJsonObject root = doc.object();
    if (root["format"].toString() != "flicker-sparsity-point")
        throw Error(ErrorCode::ParseError, name + " is not a Flicker sparsity point", name);
    SparsityRun run;
    run.settings = settingsFromJson(root["settings"].toObject(), name);
    for (const QJsonValue v : root["epochs"].toArray()) {
        const QJsonObject o = v.toObject();
        SparsityEpoch e;
        e.epoch = o["epoch"].toInt();
        e.sigma = numOf(o["sigma"]);
        e.trainLoss = numOf(o["train_loss"]);
        e.testLoss = numOf(o["test_loss"]);
        e.testAccuracy = numOf(o["test_accuracy"]);
        e.fractionActive = numOf(o["fraction_active"]);
        e.deadFraction = numOf(o["dead_fraction"]);
        e.seconds = numOf(o["seconds"]);
        run.epochs.push_back(e);
    }
    const QJsonObject m = root["measures"].toObject();
    ActivityStats& a = run.measures.activity;
    a.inputs = std::size_t(m["inputs"].toInteger());
    a.units = std::size_t(m["units"].toInteger());
    a.deadUnits = std::size_t(m["dead_units"].toInteger());
    a.deadFraction = numOf(m["dead_fraction"]);
    a.fractionActive = numOf(m["fraction_active"]);
    a.fractionActiveAll = numOf(m["fraction_active_all_units"]);
    a.activeMean = numOf(m["active_mean"]);
    a.activeSd = numOf(m["active_sd"]);
    a.activePerInput = vectorOf<std::uint32_t>(m["active_per_input"]);
    a.unitFraction = vectorOf<double>(m["unit_fraction"]);
    run.measures.fractionActiveNoisy = numOf(m["fraction_active_noisy"]);
    run.measures.testLoss = numOf(m["test_loss"]);
    run.measures.testLossNoisy = numOf(m["test_loss_noisy"]);
    run.measures.testAccuracy = numOf(m["test_accuracy"]);
    run.measures.bias = distributionFromJson(m["bias"].toObject());
    run.measures.norm = distributionFromJson(m["norm"].toObject());
    run.measures.biases = vectorOf<double>(m["biases"]);
    run.measures.norms = vectorOf<double>(m["norms"]);
    for (const QJsonValue v : root["triplets"].toArray()) {
        const QJsonObject o = v.toObject();
        ImageTriplet t;
        t.label = o["label"].toInt();
        t.clean = vectorOf<float>(o["clean"]);
        t.noisy = vectorOf<float>(o["noisy"]);
        t.output = vectorOf<float>(o["output"]);
        run.triplets.push_back(std::move(t));
    }
    run.seconds = numOf(root["seconds"]);
    run.completed = root["completed"].toBool();
    run.note = root["note"].toString().toStdString();
    if (provenance) *provenance = provenanceFromJson(root["provenance"].toObject());
    return run;
}

std::vector<std::string> sparsitySettingsDifferences(const SparsitySettings& there,
                                                     const SparsitySettings& here) {
    auto text = [](const QJsonValue& v) -> std::string {
        if (v.isBool()) return v.toBool() ? "yes" : "no";
        if (v.isDouble()) return QString::number(v.toDouble(), 'g', 10).toStdString();
        return v.toString().toStdString();
    };
    const QJsonObject a = settingsJson(there), b = settingsJson(here);
    std::vector<std::string> out;
    for (auto it = a.begin(); it != a.end(); ++it)
        if (it.value() != b[it.key()])
            out.push_back(it.key().toStdString() + ": " + text(it.value()) + " there, " +
                          text(b[it.key()]) + " here");
    return out;
}

void writeSparseWeights(const std::string& path, const SparseWeights& w) {
    if (w.w1.size() != w.units * w.inputs)
        throw Error(ErrorCode::Internal, "writeSparseWeights: the weights are not units × inputs");
    std::string bytes(kWeightsMagic, sizeof kWeightsMagic);
    const std::uint64_t header[5] = {w.units, w.inputs, w.imageRows, w.imageCols, w.bias1.size()};
    bytes.append(reinterpret_cast<const char*>(header), sizeof header);
    bytes.append(reinterpret_cast<const char*>(w.w1.data()), w.w1.size() * sizeof(float));
    bytes.append(reinterpret_cast<const char*>(w.bias1.data()), w.bias1.size() * sizeof(float));
    writeTextAtomically(path, bytes);
}

SparseWeights readSparseWeights(const std::string& path, std::size_t expectedUnits,
                                std::size_t expectedInputs) {
    checkInputFile(path, std::uint64_t(kMaxSparsityWidth) * (1u << 20) * 4 + 4096, "weights file");
    const std::uint64_t size = std::filesystem::file_size(path);
    auto bad = [&](const std::string& why) {
        return Error(ErrorCode::ParseError,
                     path + ": " + why + "; remove the point's folder to recompute it", path);
    };
    std::ifstream in(path, std::ios::binary);
    char magic[8] = {};
    std::uint64_t header[5] = {};
    in.read(magic, 8);
    in.read(reinterpret_cast<char*>(header), sizeof header);
    if (!in || std::memcmp(magic, kWeightsMagic, 8) != 0) throw bad("not a Flicker weights file");
    SparseWeights w;
    w.units = header[0];
    w.inputs = header[1];
    w.imageRows = header[2];
    w.imageCols = header[3];
    const std::uint64_t biases = header[4];
    if (w.units == 0 || w.units > std::uint64_t(kMaxSparsityWidth) || w.inputs == 0 ||
        w.inputs > (1u << 20) || w.imageRows * w.imageCols != w.inputs ||
        (biases != 1 && biases != w.units))
        throw bad("its sizes are out of range");
    if ((expectedUnits && w.units != expectedUnits) ||
        (expectedInputs && w.inputs != expectedInputs))
        throw bad("it holds " + std::to_string(w.units) + " × " + std::to_string(w.inputs) +
                  " weights, not the " + std::to_string(expectedUnits) + " × " +
                  std::to_string(expectedInputs) + " of its point");
    const std::uint64_t expected = 8 + sizeof header + (w.units * w.inputs + biases) * 4;
    if (size != expected) throw bad("its size does not match its header (truncated?)");
    w.w1.resize(w.units * w.inputs);
    w.bias1.resize(biases);
    in.read(reinterpret_cast<char*>(w.w1.data()), std::streamsize(w.w1.size() * 4));
    in.read(reinterpret_cast<char*>(w.bias1.data()), std::streamsize(w.bias1.size() * 4));
    if (!in) throw bad("it could not be read whole");
    return w;
}

std::string sparsitySweepToJson(const SparsitySweepResult& sweep,
                                const SparsityProvenance& provenance) {
    QJsonArray points;
    for (const SparsityPoint& p : sweep.points) {
        QJsonObject o = pointSummary(p.run);
        o["folder"] = qs(p.folder);
        o["resumed"] = p.resumed;
        o["settings"] = settingsJson(p.run.settings);
        QJsonArray curve;
        for (const SparsityEpoch& e : p.run.epochs)
            curve.append(num(e.fractionActive));
        o["fraction_active_per_epoch"] = curve;
        points.append(o);
    }
    QJsonObject root{{"format", "flicker-sparsity-sweep"},
                     {"provenance", provenanceJson(provenance)},
                     {"points", points}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

std::string sparsitySweepToCsv(const SparsitySweepResult& sweep,
                               const SparsityProvenance& provenance) {
    std::string csv = "# " + provenance.program + ", " + provenance.created + ", data " +
                      provenance.datasetName + " (" + provenance.datasetSource + ", sha256 " +
                      provenance.datasetSha256 + ")\n";
    csv += "sigma,width,seed,task,shared_bias,epochs,anneal_hold,anneal_ramp,fraction_active,"
           "fraction_active_noisy,dead_fraction,active_per_input_mean,active_per_input_sd,"
           "bias_mean,bias_sd,norm_mean,norm_cv,test_loss,test_loss_noisy,test_accuracy,"
           "seconds\n";
    auto f = [](double v) {
        if (!std::isfinite(v)) return std::string();
        char b[64];
        std::snprintf(b, sizeof b, "%.8g", v);
        return std::string(b);
    };
    for (const SparsityPoint& p : sweep.points) {
        const SparsitySettings& s = p.run.settings;
        const SparsityMeasures& m = p.run.measures;
        csv += f(s.sigma) + "," + std::to_string(s.width) + "," + std::to_string(s.seed) + "," +
               sparsityTaskName(s.task) + "," + (s.sharedBias ? "1" : "0") + "," +
               std::to_string(s.epochs) + "," + std::to_string(s.annealHold) + "," +
               std::to_string(s.annealRamp) + "," + f(m.activity.fractionActive) + "," +
               f(m.fractionActiveNoisy) + "," + f(m.activity.deadFraction) + "," +
               f(m.activity.activeMean) + "," + f(m.activity.activeSd) + "," + f(m.bias.mean) +
               "," + f(m.bias.sd) + "," + f(m.norm.mean) + "," + f(m.norm.cv()) + "," +
               f(m.testLoss) + "," + f(m.testLossNoisy) + "," + f(m.testAccuracy) + "," +
               f(p.run.seconds) + "\n";
    }
    return csv;
}

void writeSparsitySweep(const std::string& dir, const SparsitySweepResult& sweep,
                        const SparsityProvenance& provenance) {
    // The table, then its JSON: a kill or a full disk never leaves one sweep's JSON beside
    // another's table.
    saveFilesTogether(dir, {{"sparsity.csv", sparsitySweepToCsv(sweep, provenance)},
                            {"sparsity.json", sparsitySweepToJson(sweep, provenance)}});
}

} // namespace flicker
