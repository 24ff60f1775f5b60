// Sessions as JSON (see session.h).
#include "session.h"

#include "error.h"
#include "flicker/version.h"
#include "record/activation_kind.h"
#include "signal/dfa.h"
#include "signal/synthetic.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace flicker {

namespace {

QJsonObject explorerToJson(const ExplorerPage::State& e) {
    QJsonArray units;
    for (int u : e.units)
        units.append(u);
    return {{"review", e.reviewId},
            {"kind", QString::fromLatin1(kindName(e.kind))},
            {"units", units},
            {"dfa_method", dfaMethodName(e.method)},
            {"dfa_order", e.order},
            {"steps", e.steps},
            {"min_scale", e.minScale},
            {"max_scale", e.maxScale},
            {"scale_count", e.scaleCount},
            {"fit_min", e.fitMin},
            {"fit_max", e.fitMax}};
}

ExplorerPage::State explorerFromJson(const QJsonObject& json) {
    ExplorerPage::State e;
    e.reviewId = json["review"].toString();
    e.kind = kindFromName(json["kind"].toString().toStdString()).value_or(e.kind);
    for (const QJsonValue v : json["units"].toArray())
        e.units.push_back(v.toInt());
    e.method = dfaMethodFromName(json["dfa_method"].toString().toStdString()).value_or(e.method);
    e.order = json["dfa_order"].toInt(e.order);
    e.steps = json["steps"].toInt(e.steps);
    e.minScale = json["min_scale"].toInt(e.minScale);
    e.maxScale = json["max_scale"].toInt(e.maxScale);
    e.scaleCount = json["scale_count"].toInt(e.scaleCount);
    e.fitMin = json["fit_min"].toDouble(e.fitMin);
    e.fitMax = json["fit_max"].toDouble(e.fitMax);
    return e;
}

QJsonObject studyPageToJson(const StudyPage::State& study, const std::string& resultJson) {
    return {{"reviews", study.reviews},
            {"controls", study.controls},
            {"result",
             resultJson.empty()
                 ? QJsonValue()
                 : QJsonValue(
                       QJsonDocument::fromJson(QByteArray::fromStdString(resultJson)).object())}};
}

StudyPage::State studyPageFromJson(const QJsonObject& json) {
    StudyPage::State study;
    study.reviews = json["reviews"].toInt(study.reviews);
    study.controls = json["controls"].toBool(study.controls);
    return study;
}

QJsonObject sweepToJson(const SweepPage::State& sweep) {
    return {{"sizes", sweep.sizes},     {"seeds", sweep.seeds},   {"epochs", sweep.epochs},
            {"reviews", sweep.reviews}, {"folder", sweep.folder}, {"noise", sweep.noise},
            {"noise_on", sweep.noiseOn}};
}

SweepPage::State sweepFromJson(const QJsonObject& json) {
    SweepPage::State sweep;
    sweep.sizes = json["sizes"].toString(sweep.sizes);
    sweep.seeds = json["seeds"].toString(sweep.seeds);
    sweep.epochs = json["epochs"].toInt(sweep.epochs);
    sweep.reviews = json["reviews"].toInt(sweep.reviews);
    sweep.folder = json["folder"].toString(sweep.folder);
    sweep.noise = json["noise"].toString(sweep.noise); // sessions before the noise sweep: none
    sweep.noiseOn = json["noise_on"].toString(sweep.noiseOn);
    return sweep;
}

QJsonObject noiseToJson(const NoisePage::State& noise) {
    return {{"kind", noiseKindName(noise.kind)},
            {"beta", noise.beta},
            {"hurst", noise.hurst},
            {"length", noise.length},
            {"seed", noise.seed},
            {"dfa_method", dfaMethodName(noise.method)},
            {"dfa_order", noise.order}};
}

NoisePage::State noiseFromJson(const QJsonObject& json) {
    NoisePage::State noise;
    noise.kind = noiseKindFromName(json["kind"].toString().toStdString()).value_or(noise.kind);
    noise.beta = json["beta"].toDouble(noise.beta);
    noise.hurst = json["hurst"].toDouble(noise.hurst);
    noise.length = json["length"].toInt(noise.length);
    noise.seed = json["seed"].toInt(noise.seed);
    noise.method =
        dfaMethodFromName(json["dfa_method"].toString().toStdString()).value_or(noise.method);
    noise.order = json["dfa_order"].toInt(noise.order);
    return noise;
}

QJsonObject dimensionalityPageToJson(const DimensionalityPage::State& d) {
    QJsonObject o{{"gammas", d.gammas},
                  {"input_dim", d.inputDim},
                  {"first_units", d.firstUnits},
                  {"units", d.units},
                  {"noise", d.noise},
                  {"dropout", d.dropout},
                  {"loss", d.mse ? "mse" : "ce"},
                  {"epochs", d.epochs},
                  {"seeds", d.seeds},
                  {"pca_step", d.pcaStep},
                  {"pca_after", d.pcaAfter},
                  {"pca_run", d.pcaRun}};
    if (!d.resultsJson.empty())
        o["result"] = QJsonDocument::fromJson(QByteArray::fromStdString(d.resultsJson)).object();
    return o;
}

DimensionalityPage::State dimensionalityPageFromJson(const QJsonObject& json) {
    DimensionalityPage::State d;
    d.gammas = json["gammas"].toString(d.gammas);
    d.inputDim = json["input_dim"].toInt(d.inputDim);
    d.firstUnits = json["first_units"].toBool(d.firstUnits);
    d.units = json["units"].toInt(d.units);
    d.noise = json["noise"].toDouble(d.noise);
    d.dropout = json["dropout"].toDouble(d.dropout);
    d.mse = json["loss"].toString() == QLatin1String("mse");
    d.epochs = json["epochs"].toInt(d.epochs);
    d.seeds = json["seeds"].toString(d.seeds);
    d.pcaStep = json["pca_step"].toInt(d.pcaStep);
    d.pcaAfter = json["pca_after"].toBool(d.pcaAfter);
    d.pcaRun = json["pca_run"].toInt(d.pcaRun);
    if (json["result"].isObject())
        d.resultsJson =
            QJsonDocument(json["result"].toObject()).toJson(QJsonDocument::Compact).toStdString();
    return d;
}

} // namespace

QByteArray sessionToJson(const SessionState& s) {
    QJsonObject data{{"demo", s.demo},
                     {"demo_seed", QString::number(s.demoSeed)},
                     {"demo_reviews_per_split", QString::number(s.demoReviewsPerSplit)},
                     {"path", s.dataPath}};
    QJsonObject root{
        {"format", "flicker-session"},
        {"version", kSessionVersion},
        {"program", QStringLiteral("%1 %2").arg(kProgramName, kVersion)},
        {"data", data},
        {"model", QJsonObject{{"path", s.modelPath}, {"vocabulary", s.vocabularyPath}}},
        {"view", QJsonObject{{"page", s.page}, {"presentation", s.presentation}, {"dark", s.dark}}},
        {"explorer", explorerToJson(s.explorer)},
        {"study", studyPageToJson(s.study, s.studyJson)},
        {"sweep", sweepToJson(s.sweep)},
        {"noise", noiseToJson(s.noise)},
        {"dimensionality", dimensionalityPageToJson(s.dimensionality)},
        {"sparsity", SparsityPage::stateToJson(s.sparsity)}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

SessionState sessionFromJson(const QByteArray& text, const QString& fileName) {
    const std::string name = fileName.toStdString();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (doc.isNull())
        throw Error(
            ErrorCode::ParseError,
            name + ": not a Flicker session (not valid JSON: " + error.errorString().toStdString() +
                " at byte " + std::to_string(error.offset) + ")",
            name);
    const QJsonObject root = doc.object();
    if (root["format"].toString() != QLatin1String("flicker-session"))
        throw Error(ErrorCode::ParseError, name + ": not a Flicker session file", name);
    if (root["version"].toInt() != kSessionVersion)
        throw Error(ErrorCode::ParseError,
                    name + ": session format version " + std::to_string(root["version"].toInt()) +
                        " is not supported by this Flicker (it reads version " +
                        std::to_string(kSessionVersion) + ")",
                    name);
    SessionState s;
    const QJsonObject data = root["data"].toObject();
    s.demo = data["demo"].toBool(true);
    s.demoSeed = data["demo_seed"].toString(QString::number(s.demoSeed)).toULongLong();
    s.demoReviewsPerSplit = data["demo_reviews_per_split"]
                                .toString(QString::number(s.demoReviewsPerSplit))
                                .toULongLong();
    s.dataPath = data["path"].toString();
    if (!s.demo && s.dataPath.isEmpty())
        throw Error(ErrorCode::ParseError, name + ": the session names no data set", name);
    const QJsonObject model = root["model"].toObject();
    s.modelPath = model["path"].toString();
    s.vocabularyPath = model["vocabulary"].toString();
    const QJsonObject view = root["view"].toObject();
    s.page = view["page"].toInt();
    s.presentation = view["presentation"].toBool();
    s.dark = view["dark"].toBool();
    s.explorer = explorerFromJson(root["explorer"].toObject());
    const QJsonObject study = root["study"].toObject();
    s.study = studyPageFromJson(study);
    if (study["result"].isObject())
        s.studyJson =
            QJsonDocument(study["result"].toObject()).toJson(QJsonDocument::Compact).toStdString();
    s.sweep = sweepFromJson(root["sweep"].toObject());
    s.noise = noiseFromJson(root["noise"].toObject());
    s.dimensionality = dimensionalityPageFromJson(root["dimensionality"].toObject());
    s.sparsity = SparsityPage::stateFromJson(root["sparsity"].toObject());
    return s;
}

bool writeSessionFile(const QString& path, const SessionState& state, QString* error) {
    QSaveFile file(path);
    const QByteArray bytes = sessionToJson(state);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) ||
        file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("MainWindow",
                                                 "Could not write “%1”: %2 (is the disk full?). "
                                                 "Nothing was changed.")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

} // namespace flicker
