#include "dimensionality/dimensionality_io.h"

#include "error.h"
#include "save_file.h"

#include <flicker/version.h>

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

namespace flicker {
namespace {

QJsonValue num(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}
double numOf(const QJsonValue& v) {
    return v.isDouble() ? v.toDouble() : std::numeric_limits<double>::quiet_NaN();
}
QString qs(const std::string& s) {
    return QString::fromStdString(s);
}
QString csvNumber(double v) {
    return std::isfinite(v) ? QString::number(v, 'g', 10) : QString();
}

QJsonArray numbers(const std::vector<double>& v) {
    QJsonArray a;
    for (double x : v)
        a.append(num(x));
    return a;
}
std::vector<double> numbersOf(const QJsonValue& v) {
    std::vector<double> out;
    for (const QJsonValue& x : v.toArray())
        out.push_back(numOf(x));
    return out;
}

QJsonObject settingsJson(const DimensionalitySettings& s) {
    return {{"input_dim", qint64(s.inputDim)},
            {"clusters", qint64(s.clusters)},
            {"cluster_sd", s.clusterSd},
            {"steps", qint64(s.steps)},
            {"extra_steps", qint64(s.extraSteps)},
            {"train_samples", qint64(s.trainSamples)},
            {"validation_samples", qint64(s.validationSamples)},
            {"measure_samples", qint64(s.measureSamples)},
            {"units", qint64(s.units)},
            {"gamma", s.gamma},
            {"dt", s.dt},
            {"input_mapping", inputMappingName(s.inputMapping)},
            {"epochs", s.epochs},
            {"loss", dimensionalityLossName(s.loss)},
            {"learning_rate", s.learningRate},
            {"batch_size", qint64(s.batchSize)},
            {"rmsprop_alpha", s.rmspropAlpha},
            {"plateau_patience", s.plateauPatience},
            {"plateau_factor", s.plateauFactor},
            {"mse_target_scale", s.mseTargetScale},
            {"noise", s.noiseSd},
            {"dropout", s.dropout},
            {"pr_every", s.prEvery},
            {"lyapunov_exponents", qint64(s.lyapunovExponents)},
            {"lyapunov_steps", qint64(s.lyapunovSteps)},
            {"lyapunov_transient", qint64(s.lyapunovTransient)},
            {"generalisation_repeats", s.generalisationRepeats},
            {"held_out_fraction", s.heldOutFraction},
            {"seed", qint64(s.seed)}};
}

DimensionalitySettings settingsFromJson(const QJsonObject& o) {
    DimensionalitySettings s;
    auto size = [&](const char* k, std::size_t& v) {
        if (o.contains(k)) v = std::size_t(std::max<qint64>(0, o[k].toInteger()));
    };
    auto real = [&](const char* k, double& v) {
        if (o.contains(k)) v = o[k].toDouble();
    };
    auto integer = [&](const char* k, int& v) {
        if (o.contains(k)) v = o[k].toInt();
    };
    size("input_dim", s.inputDim);
    size("clusters", s.clusters);
    real("cluster_sd", s.clusterSd);
    size("steps", s.steps);
    size("extra_steps", s.extraSteps);
    size("train_samples", s.trainSamples);
    size("validation_samples", s.validationSamples);
    size("measure_samples", s.measureSamples);
    size("units", s.units);
    real("gamma", s.gamma);
    real("dt", s.dt);
    s.inputMapping = o["input_mapping"].toString() == "first-units" ? InputMapping::FirstUnits
                                                                    : InputMapping::Orthogonal;
    integer("epochs", s.epochs);
    s.loss = dimensionalityLossFromName(o["loss"].toString("ce").toStdString())
                 .value_or(DimensionalityLoss::CrossEntropy);
    real("learning_rate", s.learningRate);
    size("batch_size", s.batchSize);
    real("rmsprop_alpha", s.rmspropAlpha);
    integer("plateau_patience", s.plateauPatience);
    real("plateau_factor", s.plateauFactor);
    real("mse_target_scale", s.mseTargetScale);
    real("noise", s.noiseSd);
    real("dropout", s.dropout);
    integer("pr_every", s.prEvery);
    size("lyapunov_exponents", s.lyapunovExponents);
    size("lyapunov_steps", s.lyapunovSteps);
    size("lyapunov_transient", s.lyapunovTransient);
    integer("generalisation_repeats", s.generalisationRepeats);
    real("held_out_fraction", s.heldOutFraction);
    if (o.contains("seed")) s.seed = std::uint64_t(o["seed"].toInteger());
    return s;
}

QJsonObject pcaJson(const PcaSnapshot& p) {
    QJsonArray coords, explained;
    for (const auto& c : p.coordinates) {
        QJsonArray a;
        for (float v : c)
            a.append(double(v));
        coords.append(a);
    }
    for (const auto& e : p.explained)
        explained.append(numbers(e));
    return {{"epoch", p.epoch}, {"coordinates", coords}, {"explained", explained}};
}

PcaSnapshot pcaFromJson(const QJsonObject& o) {
    PcaSnapshot p;
    p.epoch = o["epoch"].toInt();
    for (const QJsonValue& step : o["coordinates"].toArray()) {
        std::vector<float> c;
        for (const QJsonValue& v : step.toArray())
            c.push_back(float(v.toDouble()));
        p.coordinates.push_back(std::move(c));
    }
    for (const QJsonValue& e : o["explained"].toArray())
        p.explained.push_back(numbersOf(e));
    return p;
}

QJsonObject runJson(const DimensionalityResult& r, bool withPca) {
    QJsonArray steps, training;
    for (int t : r.steps)
        steps.append(t);
    for (const DimensionalityEpoch& e : r.epochs)
        training.append(QJsonObject{{"epoch", e.epoch},
                                    {"train_loss", num(e.trainLoss)},
                                    {"train_accuracy", num(e.trainAccuracy)},
                                    {"validation_loss", num(e.validationLoss)},
                                    {"validation_accuracy", num(e.validationAccuracy)},
                                    {"learning_rate", e.learningRate},
                                    {"pr", numbers(e.pr)},
                                    {"seconds", e.seconds}});
    QJsonObject o{{"gamma", r.settings.gamma},
                  {"input_dim", qint64(r.settings.inputDim)},
                  {"input_mapping", inputMappingName(r.settings.inputMapping)},
                  {"seed", qint64(r.settings.seed)},
                  {"noise", r.settings.noiseSd},
                  {"dropout", r.settings.dropout},
                  {"loss", dimensionalityLossName(r.settings.loss)},
                  {"epochs", r.settings.epochs},
                  {"learning_rate", r.settings.learningRate},
                  {"steps", steps},
                  {"pr_before", numbers(r.prBefore)},
                  {"pr_after", numbers(r.prAfter)},
                  {"generalisation_before", numbers(r.generalisationBefore)},
                  {"generalisation_after", numbers(r.generalisationAfter)},
                  {"lyapunov_before", numbers(r.lyapunovBefore)},
                  {"lyapunov_after", numbers(r.lyapunovAfter)},
                  {"lyapunov_units", "natural log per step of the map"},
                  {"test_accuracy_before", num(r.testAccuracyBefore)},
                  {"test_accuracy", num(r.testAccuracy)},
                  {"connectivity_radius", num(r.connectivityRadius)},
                  {"seconds", r.seconds},
                  {"completed", r.completed},
                  {"settings", settingsJson(r.settings)},
                  {"training", training}};
    if (withPca) {
        QJsonArray labels;
        for (int l : r.measureLabels)
            labels.append(l);
        o["pca_labels"] = labels;
        if (r.pcaBefore) o["pca_before"] = pcaJson(*r.pcaBefore);
        if (r.pcaAfter) o["pca_after"] = pcaJson(*r.pcaAfter);
    }
    return o;
}

DimensionalityResult runFromJson(const QJsonObject& o) {
    DimensionalityResult r;
    r.settings = settingsFromJson(o["settings"].toObject());
    for (const QJsonValue& t : o["steps"].toArray())
        r.steps.push_back(t.toInt());
    r.prBefore = numbersOf(o["pr_before"]);
    r.prAfter = numbersOf(o["pr_after"]);
    r.generalisationBefore = numbersOf(o["generalisation_before"]);
    r.generalisationAfter = numbersOf(o["generalisation_after"]);
    r.lyapunovBefore = numbersOf(o["lyapunov_before"]);
    r.lyapunovAfter = numbersOf(o["lyapunov_after"]);
    r.testAccuracyBefore = numOf(o["test_accuracy_before"]);
    r.testAccuracy = numOf(o["test_accuracy"]);
    r.connectivityRadius = numOf(o["connectivity_radius"]);
    r.seconds = o["seconds"].toDouble();
    r.completed = o["completed"].toBool();
    for (const QJsonValue& v : o["training"].toArray()) {
        const QJsonObject e = v.toObject();
        DimensionalityEpoch x;
        x.epoch = e["epoch"].toInt();
        x.trainLoss = numOf(e["train_loss"]);
        x.trainAccuracy = numOf(e["train_accuracy"]);
        x.validationLoss = numOf(e["validation_loss"]);
        x.validationAccuracy = numOf(e["validation_accuracy"]);
        x.learningRate = e["learning_rate"].toDouble();
        x.pr = numbersOf(e["pr"]);
        x.seconds = e["seconds"].toDouble();
        r.epochs.push_back(std::move(x));
    }
    for (const QJsonValue& l : o["pca_labels"].toArray())
        r.measureLabels.push_back(l.toInt());
    if (o.contains("pca_before")) r.pcaBefore = pcaFromJson(o["pca_before"].toObject());
    if (o.contains("pca_after")) r.pcaAfter = pcaFromJson(o["pca_after"].toObject());
    return r;
}

} // namespace

DimensionalityProvenance makeDimensionalityProvenance() {
    DimensionalityProvenance p;
    p.program = std::string("Flicker ") + kVersion;
    p.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    return p;
}

std::string dimensionalityToJson(const DimensionalityLabResult& lab,
                                 const DimensionalityProvenance& p, bool withPca) {
    QJsonArray runs, gammas, seeds;
    for (const DimensionalityResult& r : lab.runs)
        runs.append(runJson(r, withPca));
    for (double g : lab.settings.gammas)
        gammas.append(g);
    for (std::uint64_t s : lab.settings.seeds)
        seeds.append(qint64(s));
    QJsonObject settings = settingsJson(lab.settings.base);
    settings["gammas"] = gammas;
    settings["seeds"] = seeds;
    const QJsonObject root{{"experiment", "dimensionality"},
                           {"provenance", QJsonObject{{"program", qs(p.program)},
                                                      {"created", qs(p.created)},
                                                      {"experiment", qs(p.experiment)}}},
                           {"settings", settings},
                           {"seconds", lab.seconds},
                           {"runs", runs}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

DimensionalityLabResult dimensionalityFromJson(const std::string& text, const std::string& name,
                                               DimensionalityProvenance* provenance) {
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &err);
    if (doc.isNull() || !doc.isObject() ||
        doc.object()["experiment"].toString() != "dimensionality")
        throw Error(ErrorCode::ParseError,
                    name + ": not a dimensionality result (" +
                        (doc.isNull() ? err.errorString().toStdString()
                                      : std::string("no \"experiment\": \"dimensionality\"")) +
                        ")",
                    name);
    const QJsonObject root = doc.object();
    DimensionalityLabResult lab;
    const QJsonObject settings = root["settings"].toObject();
    lab.settings.base = settingsFromJson(settings);
    lab.settings.gammas = numbersOf(settings["gammas"]);
    lab.settings.seeds.clear();
    for (const QJsonValue& s : settings["seeds"].toArray())
        lab.settings.seeds.push_back(std::uint64_t(s.toInteger()));
    lab.seconds = root["seconds"].toDouble();
    for (const QJsonValue& r : root["runs"].toArray())
        lab.runs.push_back(runFromJson(r.toObject()));
    if (provenance) {
        const QJsonObject p = root["provenance"].toObject();
        provenance->program = p["program"].toString().toStdString();
        provenance->created = p["created"].toString().toStdString();
        provenance->experiment = p["experiment"].toString().toStdString();
    }
    return lab;
}

void writeDimensionality(const std::string& dir, const DimensionalityLabResult& lab,
                         const DimensionalityProvenance& p) {
    QByteArray steps = "run,gamma,input_dim,seed,noise,dropout,step,pr_before,pr_after,"
                       "generalisation_before,generalisation_after\n";
    QByteArray epochs = "run,gamma,input_dim,seed,epoch,train_loss,train_accuracy,validation_loss,"
                        "validation_accuracy,learning_rate,pr_last_step\n";
    QByteArray pca = "run,gamma,seed,snapshot,epoch,step,sample,class,pc1,pc2\n";
    auto at = [](const std::vector<double>& v, std::size_t k) {
        return k < v.size() ? v[k] : std::numeric_limits<double>::quiet_NaN();
    };
    for (std::size_t k = 0; k < lab.runs.size(); ++k) {
        const DimensionalityResult& r = lab.runs[k];
        const QString head = QString::number(k) + "," + QString::number(r.settings.gamma) + "," +
                             QString::number(r.settings.inputDim) + "," +
                             QString::number(r.settings.seed);
        for (std::size_t t = 0; t < r.steps.size(); ++t)
            steps +=
                (QStringList{head, csvNumber(r.settings.noiseSd), csvNumber(r.settings.dropout),
                             QString::number(r.steps[t]), csvNumber(at(r.prBefore, t)),
                             csvNumber(at(r.prAfter, t)), csvNumber(at(r.generalisationBefore, t)),
                             csvNumber(at(r.generalisationAfter, t))}
                     .join(',') +
                 "\n")
                    .toUtf8();
        for (const DimensionalityEpoch& e : r.epochs)
            epochs +=
                (QStringList{head, QString::number(e.epoch), csvNumber(e.trainLoss),
                             csvNumber(e.trainAccuracy), csvNumber(e.validationLoss),
                             csvNumber(e.validationAccuracy), csvNumber(e.learningRate),
                             csvNumber(e.pr.empty()
                                           ? std::numeric_limits<double>::quiet_NaN()
                                           : e.pr[std::min(e.pr.size() - 1, r.settings.steps)])}
                     .join(',') +
                 "\n")
                    .toUtf8();
        const std::pair<const char*, const std::optional<PcaSnapshot>*> snaps[] = {
            {"before", &r.pcaBefore}, {"after", &r.pcaAfter}};
        for (const auto& [label, snap] : snaps) {
            if (!*snap) continue;
            const PcaSnapshot& s = **snap;
            for (std::size_t t = 0; t < s.coordinates.size(); ++t)
                for (std::size_t i = 0; 2 * i + 1 < s.coordinates[t].size(); ++i)
                    pca +=
                        (QStringList{
                             QString::number(k), QString::number(r.settings.gamma),
                             QString::number(r.settings.seed), label, QString::number(s.epoch),
                             QString::number(t), QString::number(i),
                             QString::number(i < r.measureLabels.size() ? r.measureLabels[i] : -1),
                             QString::number(s.coordinates[t][2 * i], 'g', 7),
                             QString::number(s.coordinates[t][2 * i + 1], 'g', 7)}
                             .join(',') +
                         "\n")
                            .toUtf8();
        }
    }
    // The tables with their JSON last: a kill or a full disk never leaves the JSON of one run
    // beside the tables of another.
    saveFilesTogether(dir, {{"dimensionality_steps.csv", steps.toStdString()},
                            {"dimensionality_epochs.csv", epochs.toStdString()},
                            {"dimensionality_pca.csv", pca.toStdString()},
                            {"dimensionality.json", dimensionalityToJson(lab, p)}});
}

} // namespace flicker
