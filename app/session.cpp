// Sessions as JSON (see session.h).
#include "session.h"

#include "error.h"
#include "flicker/version.h"
#include "signal/dfa.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace flicker {

QByteArray sessionToJson(const SessionState& s) {
    QJsonArray units;
    for (int u : s.units)
        units.append(u);
    QJsonObject data{{"demo", s.demo},
                     {"demo_seed", QString::number(s.demoSeed)},
                     {"demo_reviews_per_split", QString::number(s.demoReviewsPerSplit)},
                     {"path", s.dataPath}};
    QJsonObject explorer{
        {"review", s.reviewId},
        {"kind", s.kind},
        {"units", units},
        {"dfa_method", dfaMethodName(s.dfaMethod == 0 ? DfaMethod::Unbiased : DfaMethod::Standard)},
        {"dfa_order", s.dfaOrder},
        {"steps", s.steps},
        {"min_scale", s.minScale},
        {"max_scale", s.maxScale},
        {"scale_count", s.scaleCount},
        {"fit_min", s.fitMin},
        {"fit_max", s.fitMax}};
    QJsonObject root{
        {"format", "flicker-session"},
        {"version", kSessionVersion},
        {"program", QStringLiteral("%1 %2").arg(kProgramName, kVersion)},
        {"data", data},
        {"model", QJsonObject{{"path", s.modelPath}, {"vocabulary", s.vocabularyPath}}},
        {"view", QJsonObject{{"page", s.page}, {"presentation", s.presentation}, {"dark", s.dark}}},
        {"explorer", explorer},
        {"study",
         QJsonObject{{"reviews", s.studyReviews},
                     {"controls", s.studyControls},
                     {"result", s.studyJson.empty()
                                    ? QJsonValue()
                                    : QJsonValue(QJsonDocument::fromJson(
                                                     QByteArray::fromStdString(s.studyJson))
                                                     .object())}}},
        {"sweep", QJsonObject{{"sizes", s.sweepSizes},
                              {"seeds", s.sweepSeeds},
                              {"epochs", s.sweepEpochs},
                              {"folder", s.sweepFolder}}}};
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
    s.demoSeed = data["demo_seed"].toString(QStringLiteral("1")).toULongLong();
    s.demoReviewsPerSplit =
        data["demo_reviews_per_split"].toString(QStringLiteral("10000")).toULongLong();
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
    const QJsonObject explorer = root["explorer"].toObject();
    s.reviewId = explorer["review"].toString();
    s.kind = explorer["kind"].toString(QStringLiteral("h"));
    for (const QJsonValue v : explorer["units"].toArray())
        s.units.append(v.toInt());
    s.dfaMethod =
        dfaMethodFromName(explorer["dfa_method"].toString().toStdString()) == DfaMethod::Standard
            ? 1
            : 0;
    s.dfaOrder = explorer["dfa_order"].toInt(1);
    s.steps = explorer["steps"].toInt(500);
    s.minScale = explorer["min_scale"].toInt(4);
    s.maxScale = explorer["max_scale"].toInt(0);
    s.scaleCount = explorer["scale_count"].toInt(16);
    s.fitMin = explorer["fit_min"].toDouble();
    s.fitMax = explorer["fit_max"].toDouble();
    const QJsonObject study = root["study"].toObject();
    s.studyReviews = study["reviews"].toInt(300);
    s.studyControls = study["controls"].toBool(true);
    if (study["result"].isObject())
        s.studyJson =
            QJsonDocument(study["result"].toObject()).toJson(QJsonDocument::Compact).toStdString();
    const QJsonObject sweep = root["sweep"].toObject();
    s.sweepSizes = sweep["sizes"].toString();
    s.sweepSeeds = sweep["seeds"].toString();
    s.sweepEpochs = sweep["epochs"].toInt(10);
    s.sweepFolder = sweep["folder"].toString();
    return s;
}

} // namespace flicker
