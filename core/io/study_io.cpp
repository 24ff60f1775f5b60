#include "io/study_io.h"

#include "error.h"
#include "io/study_companion.h"
#include "save_file.h"

#include <flicker/version.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace flicker {
namespace {

QJsonValue num(double v) {
    return std::isnan(v) ? QJsonValue() : QJsonValue(v);
}
double numOf(const QJsonValue& v) {
    return v.isDouble() ? v.toDouble() : kNoValue;
}
QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString csvNumber(double v) {
    return std::isnan(v) ? QString() : QString::number(v, 'g', 10);
}

QJsonObject settingsJson(const StudySettings& s) {
    QJsonArray kinds, controls, scales;
    for (ActivationKind k : s.kinds)
        kinds.append(kindName(k));
    for (Condition c : s.controls)
        controls.append(conditionName(c));
    for (int sc : s.dfa.scales)
        scales.append(sc);
    return {{"kinds", kinds},
            {"controls", controls},
            {"dfa_method", dfaMethodName(s.dfa.method)},
            {"dfa_order", s.dfa.order},
            {"dfa_scales", scales},
            {"dfa_min_scale", s.dfa.minScale},
            {"dfa_max_scale", s.dfa.maxScale},
            {"dfa_scale_count", s.dfa.scaleCount},
            {"fit_min_scale", s.dfa.fitMinScale},
            {"fit_max_scale", s.dfa.fitMaxScale},
            {"welch_segment", s.welch.segment},
            {"welch_overlap", s.welch.overlap},
            {"aggregation", aggregationName(s.aggregation)},
            {"split", splitName(s.split)},
            {"min_length", qint64(s.minLength)},
            {"steps", qint64(s.steps)},
            {"max_reviews", qint64(s.maxReviews)},
            {"seed", QString::number(s.seed)},
            {"utilisation_threshold", s.utilisationThreshold}};
}

StudySettings settingsFromJson(const QJsonObject& o) {
    StudySettings s;
    s.kinds.clear();
    for (const QJsonValue v : o["kinds"].toArray())
        if (auto k = kindFromName(v.toString().toStdString())) s.kinds.push_back(*k);
    // What the file leaves out keeps StudySettings' own defaults.
    const StudySettings defaults;
    s.controls.clear();
    for (const QJsonValue v : o["controls"].toArray())
        if (const auto c = conditionFromName(v.toString().toStdString()); c)
            s.controls.push_back(*c);
    s.dfa.method =
        dfaMethodFromName(o["dfa_method"].toString().toStdString()).value_or(defaults.dfa.method);
    s.dfa.order = o["dfa_order"].toInt(defaults.dfa.order);
    for (const QJsonValue v : o["dfa_scales"].toArray())
        s.dfa.scales.push_back(v.toInt());
    s.dfa.minScale = o["dfa_min_scale"].toInt(defaults.dfa.minScale);
    s.dfa.maxScale = o["dfa_max_scale"].toInt(defaults.dfa.maxScale);
    s.dfa.scaleCount = o["dfa_scale_count"].toInt(defaults.dfa.scaleCount);
    s.dfa.fitMinScale = o["fit_min_scale"].toDouble(defaults.dfa.fitMinScale);
    s.dfa.fitMaxScale = o["fit_max_scale"].toDouble(defaults.dfa.fitMaxScale);
    s.welch.segment = o["welch_segment"].toInt(defaults.welch.segment);
    s.welch.overlap = o["welch_overlap"].toDouble(defaults.welch.overlap);
    s.aggregation = aggregationFromName(o["aggregation"].toString().toStdString())
                        .value_or(defaults.aggregation);
    s.split = splitFromName(o["split"].toString().toStdString()).value_or(defaults.split);
    s.minLength = std::size_t(o["min_length"].toInteger(qint64(defaults.minLength)));
    s.steps = std::size_t(o["steps"].toInteger(qint64(defaults.steps)));
    s.maxReviews = std::size_t(o["max_reviews"].toInteger(qint64(defaults.maxReviews)));
    s.seed = o["seed"].toString(QString::number(defaults.seed)).toULongLong();
    s.utilisationThreshold = o["utilisation_threshold"].toDouble(defaults.utilisationThreshold);
    return s;
}

QJsonObject measureJson(const Measure& m) {
    return {{"alpha", num(m.alpha)},
            {"beta", num(m.beta)},
            {"r2", num(m.r2)},
            {"beta_psd", num(m.betaPsd)},
            {"units", m.units},
            {"silent_units", m.silentUnits},
            {"unit_beta_mean", num(m.unitBetaMean)},
            {"unit_beta_sd", num(m.unitBetaSd)}};
}

Measure measureFromJson(const QJsonObject& o) {
    Measure m;
    m.alpha = numOf(o["alpha"]);
    m.beta = numOf(o["beta"]);
    m.r2 = numOf(o["r2"]);
    m.betaPsd = numOf(o["beta_psd"]);
    m.units = o["units"].toInt();
    m.silentUnits = o["silent_units"].toInt();
    m.unitBetaMean = numOf(o["unit_beta_mean"]);
    m.unitBetaSd = numOf(o["unit_beta_sd"]);
    return m;
}

} // namespace

std::string fileSha256(const std::string& path) {
    QFile f(qs(path));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Io, path + ": cannot be read to compute its hash", path);
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex().toStdString();
}

Provenance makeProvenance(const Model& model, const std::string& modelPath, const Corpus& corpus) {
    Provenance p = makeProvenance(corpus);
    p.modelPath = modelPath;
    p.modelSha256 = modelPath.empty() ? std::string() : fileSha256(modelPath);
    p.modelOrigin = model.origin;
    p.modelInputNoise = model.history.settings.inputNoise;
    p.modelHiddenNoise = model.history.settings.hiddenNoise;
    const auto& epochs = model.history.epochs;
    if (!epochs.empty() && epochs.back().testAccuracy >= 0)
        p.modelTestAccuracy = epochs.back().testAccuracy;
    p.modelHidden = model.network.settings().hidden;
    return p;
}

Provenance makeProvenance(const Corpus& corpus) {
    Provenance p;
    p.program = std::string("Flicker ") + kVersion;
    p.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    p.datasetName = corpus.name;
    p.datasetSource = corpus.source;
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const Review& r : corpus.reviews) {
        h.addData(QByteArrayView(r.id.data(), qsizetype(r.id.size())));
        h.addData(QByteArrayView("\n", 1));
    }
    p.datasetSha256 = h.result().toHex().toStdString();
    p.datasetReviews = corpus.reviews.size();
    return p;
}

namespace {

QJsonObject summaryJson(const std::map<std::string, SummaryRow>& rows) {
    QJsonObject summary;
    for (const auto& [key, row] : rows)
        summary[qs(key)] = QJsonObject{{"beta_mean", num(row.beta.mean)},
                                       {"beta_sd", num(row.beta.sd)},
                                       {"beta_median", num(row.beta.median)},
                                       {"ci_low", num(row.beta.ciLow)},
                                       {"ci_high", num(row.beta.ciHigh)},
                                       {"reviews", qint64(row.beta.count)},
                                       {"beta_psd_mean", num(row.betaPsd.mean)},
                                       {"beta_psd_sd", num(row.betaPsd.sd)},
                                       {"r2_mean", num(row.meanR2)},
                                       {"silent_units", qint64(row.silentUnits)},
                                       {"unit_series", qint64(row.unitSeries)},
                                       {"unit_beta_mean", num(row.unitBetaMean)},
                                       {"unit_beta_sd", num(row.unitBetaSd)}};
    return summary;
}

// A summary as summaryJson wrote it (the fields it leaves out keep their defaults).
std::map<std::string, SummaryRow> summaryFromJson(const QJsonObject& summary) {
    std::map<std::string, SummaryRow> rows;
    for (auto it = summary.begin(); it != summary.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        SummaryRow& row = rows[it.key().toStdString()];
        row.beta.mean = numOf(o["beta_mean"]);
        row.beta.sd = numOf(o["beta_sd"]);
        row.beta.median = numOf(o["beta_median"]);
        row.beta.ciLow = numOf(o["ci_low"]);
        row.beta.ciHigh = numOf(o["ci_high"]);
        row.beta.count = std::size_t(o["reviews"].toInteger());
        row.betaPsd.mean = numOf(o["beta_psd_mean"]);
        row.betaPsd.sd = numOf(o["beta_psd_sd"]);
        row.meanR2 = numOf(o["r2_mean"]);
        row.silentUnits = std::size_t(o["silent_units"].toInteger());
        row.unitSeries = std::size_t(o["unit_series"].toInteger());
        row.unitBetaMean = numOf(o["unit_beta_mean"]);
        row.unitBetaSd = numOf(o["unit_beta_sd"]);
    }
    return rows;
}

QJsonObject provenanceJson(const Provenance& p) {
    return {{"program", qs(p.program)},
            {"created", qs(p.created)},
            {"model_path", qs(p.modelPath)},
            {"model_sha256", qs(p.modelSha256)},
            {"model_origin", qs(p.modelOrigin)},
            {"dataset_name", qs(p.datasetName)},
            {"dataset_source", qs(p.datasetSource)},
            {"dataset_sha256", qs(p.datasetSha256)},
            {"dataset_reviews", qint64(p.datasetReviews)},
            {"model_input_noise", p.modelInputNoise},
            {"model_hidden_noise", p.modelHiddenNoise},
            {"model_test_accuracy", num(p.modelTestAccuracy)},
            {"model_hidden", p.modelHidden}};
}

Provenance provenanceFromJson(const QJsonObject& p) {
    auto str = [&](const char* k) { return p[k].toString().toStdString(); };
    Provenance out;
    out.program = str("program");
    out.created = str("created");
    out.modelPath = str("model_path");
    out.modelSha256 = str("model_sha256");
    out.modelOrigin = str("model_origin");
    out.datasetName = str("dataset_name");
    out.datasetSource = str("dataset_source");
    out.datasetSha256 = str("dataset_sha256");
    out.datasetReviews = std::size_t(p["dataset_reviews"].toInteger());
    // Files from before training noise: their models were trained without it.
    out.modelInputNoise = p["model_input_noise"].toDouble(0);
    out.modelHiddenNoise = p["model_hidden_noise"].toDouble(0);
    // Files from before these were recorded: unknown.
    out.modelTestAccuracy = numOf(p["model_test_accuracy"]);
    out.modelHidden = p["model_hidden"].toInt(0);
    return out;
}

// The root object of a Flicker JSON file of the given format ("flicker-study"); `name` stands
// for the file in errors.
QJsonObject flickerDocument(const std::string& text, const std::string& name, const QString& format,
                            const std::string& what) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (doc.isNull())
        throw Error(ErrorCode::ParseError,
                    name + ": not valid JSON (" + error.errorString().toStdString() + " at byte " +
                        std::to_string(error.offset) + ")",
                    name);
    QJsonObject root = doc.object();
    if (root["format"].toString() != format)
        throw Error(ErrorCode::ParseError, name + ": not a Flicker " + what + " file", name);
    return root;
}

// The whole text of a file; Error(Io) when it cannot be opened.
std::string readText(const std::string& path) {
    QFile f(qs(path));
    if (!f.open(QIODevice::ReadOnly)) throw Error(ErrorCode::Io, path + ": cannot be opened", path);
    return f.readAll().toStdString();
}

QByteArray summaryCsvRows(const QString& prefix, const std::map<std::string, SummaryRow>& rows) {
    QByteArray out;
    for (const auto& [key, s] : rows)
        out += (prefix +
                QStringList{qs(key), QString::number(s.beta.count), csvNumber(s.beta.mean),
                            csvNumber(s.beta.sd), csvNumber(s.beta.ciLow), csvNumber(s.beta.ciHigh),
                            csvNumber(s.betaPsd.mean), csvNumber(s.unitBetaSd)}
                    .join(',') +
                "\n")
                   .toUtf8();
    return out;
}

} // namespace

namespace {

QJsonArray reviewsJson(const std::vector<ReviewResult>& reviews) {
    QJsonArray out;
    for (const ReviewResult& r : reviews) {
        QJsonObject rows;
        for (const auto& [key, m] : r.rows)
            rows[qs(key)] = measureJson(m);
        out.append(QJsonObject{{"id", qs(r.id)},
                               {"corpus_index", qint64(r.corpusIndex)},
                               {"label", r.label},
                               {"probability", double(r.probability)},
                               {"rows", rows}});
    }
    return out;
}

// Everything study.json holds but its "reviews" (the companion's head).
QJsonObject studyRoot(const StudyResult& result, const Provenance& p) {
    const QJsonObject summary = summaryJson(result.summary);
    QJsonArray unitSd;
    for (double v : result.unitTemporalSd)
        unitSd.append(v);
    QJsonObject unitMeans;
    for (const auto& [kind, means] : result.unitBetaMeans) {
        QJsonArray values;
        for (double v : means)
            values.append(num(v));
        unitMeans[qs(kind)] = values;
    }
    QJsonArray prSteps, prTrained, prUntrained;
    for (int t : result.prSteps)
        prSteps.append(t);
    for (double v : result.prByStep)
        prTrained.append(num(v));
    for (double v : result.prByStepUntrained)
        prUntrained.append(num(v));
    const QJsonObject prByStep{{"steps", prSteps},
                               {"pr", prTrained},
                               {"pr_untrained", prUntrained},
                               {"mean", num(result.prStepMean)}};
    const QJsonObject provenance = provenanceJson(p);
    const QJsonObject root{{"format", "flicker-study"},
                           {"version", 1},
                           {"provenance", provenance},
                           {"settings", settingsJson(result.settings)},
                           {"reviews_qualifying", qint64(result.reviewsQualifying)},
                           {"reviews_analysed", qint64(result.reviews.size())},
                           {"utilisation", num(result.utilisation)},
                           {"participation_ratio", num(result.participationRatio)},
                           {"pr_by_step", prByStep},
                           {"unit_temporal_sd", unitSd},
                           {"unit_beta_means", unitMeans},
                           {"summary", summary}};
    return root;
}

} // namespace

std::string studyToJson(const StudyResult& result, const Provenance& p) {
    QJsonObject root = studyRoot(result, p);
    root["reviews"] = reviewsJson(result.reviews);
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

void writeStudy(const std::string& dir, const StudyResult& result, const Provenance& p) {
    if (!QDir().mkpath(qs(dir)))
        throw Error(ErrorCode::Io, dir + ": the folder cannot be created", dir);
    QByteArray rows = "review,label,probability,row,alpha,beta,r2,beta_psd,units,silent_units,"
                      "unit_beta_mean,unit_beta_sd\n";
    for (const ReviewResult& r : result.reviews)
        for (const auto& [key, m] : r.rows)
            rows += (QStringList{qs(r.id), QString::number(r.label),
                                 QString::number(double(r.probability), 'g', 6), qs(key),
                                 csvNumber(m.alpha), csvNumber(m.beta), csvNumber(m.r2),
                                 csvNumber(m.betaPsd), QString::number(m.units),
                                 QString::number(m.silentUnits), csvNumber(m.unitBetaMean),
                                 csvNumber(m.unitBetaSd)}
                         .join(',') +
                     "\n")
                        .toUtf8();
    QByteArray summary = "row,reviews,beta_mean,beta_sd,beta_median,ci_low,ci_high,beta_psd_mean,"
                         "r2_mean,silent_units,unit_series,unit_beta_mean,unit_beta_sd\n";
    for (const auto& [key, s] : result.summary)
        summary +=
            (QStringList{qs(key), QString::number(s.beta.count), csvNumber(s.beta.mean),
                         csvNumber(s.beta.sd), csvNumber(s.beta.median), csvNumber(s.beta.ciLow),
                         csvNumber(s.beta.ciHigh), csvNumber(s.betaPsd.mean), csvNumber(s.meanR2),
                         QString::number(s.silentUnits), QString::number(s.unitSeries),
                         csvNumber(s.unitBetaMean), csvNumber(s.unitBetaSd)}
                 .join(',') +
             "\n")
                .toUtf8();
    QByteArray prSteps = "step,pr,pr_untrained\n";
    for (std::size_t k = 0; k < result.prSteps.size(); ++k)
        prSteps +=
            (QStringList{QString::number(result.prSteps[k]),
                         csvNumber(k < result.prByStep.size() ? result.prByStep[k] : kNoValue),
                         csvNumber(k < result.prByStepUntrained.size() ? result.prByStepUntrained[k]
                                                                       : kNoValue)}
                 .join(',') +
             "\n")
                .toUtf8();
    // The companion carries the summary so that reading needs no bootstrap: it must be the
    // reviews' own (a study page exports while batches arrive, before its next refresh).
    StudyResult summarised;
    const bool current = summaryMatchesReviews(result);
    if (!current) {
        summarised = result;
        summarizeStudy(summarised);
    }
    const StudyResult& study = current ? result : summarised;
    const std::string json = studyToJson(study, p);
    const std::string head =
        QJsonDocument(studyRoot(study, p)).toJson(QJsonDocument::Compact).toStdString();
    // study.json last: it marks the study complete (a sweep resumes a point that has it). The
    // companion before it: a study.json is never in place beside a companion of other text
    // that passes for its own (the companion names the exact text it goes with).
    saveFilesTogether(
        dir, {{"study_pr_steps.csv", prSteps.toStdString()},
              {"study_reviews.csv", rows.toStdString()},
              {"study_summary.csv", summary.toStdString()},
              {kStudyCompanionName, encodeStudyCompanion(json, head, study.reviews, study.summary)},
              {"study.json", json}});
}

namespace {

// The study of a study.json root object; its reviews and summary from `companion` when given,
// else the reviews from the root's "reviews" and the summary recomputed from them.
StudyResult studyFromRoot(const QJsonObject& root, const std::string& jsonPath,
                          Provenance* provenance, StudyCompanion* companion) {
    StudyResult r;
    r.settings = settingsFromJson(root["settings"].toObject());
    r.reviewsQualifying = std::size_t(root["reviews_qualifying"].toInteger());
    r.utilisation = numOf(root["utilisation"]);
    r.participationRatio = numOf(root["participation_ratio"]);
    for (const QJsonValue v : root["unit_temporal_sd"].toArray())
        r.unitTemporalSd.push_back(v.toDouble());
    // Studies written before the per-step PR have no "pr_by_step": the curve stays empty.
    const QJsonObject prByStep = root["pr_by_step"].toObject();
    for (const QJsonValue v : prByStep["steps"].toArray())
        r.prSteps.push_back(v.toInt());
    for (const QJsonValue v : prByStep["pr"].toArray())
        r.prByStep.push_back(numOf(v));
    for (const QJsonValue v : prByStep["pr_untrained"].toArray())
        r.prByStepUntrained.push_back(numOf(v));
    r.prStepMean = numOf(prByStep["mean"]);
    if (r.prByStep.size() != r.prSteps.size() ||
        (!r.prByStepUntrained.empty() && r.prByStepUntrained.size() != r.prSteps.size()))
        throw Error(ErrorCode::ParseError,
                    jsonPath + ": \"pr_by_step\" has " + std::to_string(r.prSteps.size()) +
                        " steps but " + std::to_string(r.prByStep.size()) +
                        " values: the file is damaged (write the study again)",
                    jsonPath);
    const QJsonObject unitMeans = root["unit_beta_means"].toObject();
    for (auto it = unitMeans.begin(); it != unitMeans.end(); ++it) {
        std::vector<double>& means = r.unitBetaMeans[it.key().toStdString()];
        for (const QJsonValue v : it.value().toArray())
            means.push_back(numOf(v));
    }
    if (companion) r.reviews = std::move(companion->reviews);
    for (const QJsonValue v : root["reviews"].toArray()) {
        const QJsonObject o = v.toObject();
        ReviewResult rr;
        rr.id = o["id"].toString().toStdString();
        rr.corpusIndex = std::size_t(o["corpus_index"].toInteger());
        rr.label = o["label"].toInt(-1);
        rr.probability = float(o["probability"].toDouble());
        const QJsonObject rows = o["rows"].toObject();
        for (auto it = rows.begin(); it != rows.end(); ++it)
            rr.rows[it.key().toStdString()] = measureFromJson(it.value().toObject());
        r.reviews.push_back(std::move(rr));
    }
    if (companion)
        r.summary = std::move(companion->summary);
    else
        summarizeStudy(r);
    if (provenance) *provenance = provenanceFromJson(root["provenance"].toObject());
    return r;
}

} // namespace

StudyResult readStudy(const std::string& jsonPath, Provenance* provenance) {
    const std::string text = readText(jsonPath);
    // The companion beside it, when it is this text's and whole: no 37 MB of JSON to parse.
    // Anything else about it (none, another study's, damaged, another version) reads the JSON.
    const QString companionPath =
        QFileInfo(qs(jsonPath)).dir().filePath(QString::fromLatin1(kStudyCompanionName));
    if (QFile companion(companionPath); companion.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = companion.readAll();
        try {
            StudyCompanion c =
                decodeStudyCompanion(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                                     text, companionPath.toStdString());
            const QJsonObject head =
                flickerDocument(c.head, companionPath.toStdString(), "flicker-study", "study");
            return studyFromRoot(head, jsonPath, provenance, &c);
        } catch (const Error&) {
        }
    }
    return studyFromJson(text, jsonPath, provenance);
}

StudyResult studyFromJson(const std::string& text, const std::string& jsonPath,
                          Provenance* provenance) {
    const QJsonObject root = flickerDocument(text, jsonPath, "flicker-study", "study");
    return studyFromRoot(root, jsonPath, provenance, nullptr);
}

std::string sweepToJson(const SweepResult& sweep, const Provenance& p) {
    QJsonArray points;
    for (const SweepPoint& pt : sweep.points)
        points.append(QJsonObject{{"hidden", pt.hidden},
                                  {"seed", QString::number(pt.seed)},
                                  {"noise", num(pt.noise)},
                                  {"input_noise", pt.inputNoise},
                                  {"hidden_noise", pt.hiddenNoise},
                                  {"test_accuracy", num(pt.testAccuracy)},
                                  {"utilisation", num(pt.study.utilisation)},
                                  {"participation_ratio", num(pt.study.participationRatio)},
                                  {"pr_step_mean", num(pt.study.prStepMean)},
                                  {"reviews", qint64(pt.study.reviews.size())},
                                  {"folder", qs(pt.folder)},
                                  {"summary", summaryJson(pt.study.summary)}});
    return QJsonDocument(QJsonObject{{"format", "flicker-sweep"},
                                     {"version", 1},
                                     {"provenance", provenanceJson(p)},
                                     {"points", points}})
        .toJson(QJsonDocument::Indented)
        .toStdString();
}

SweepResult readSweep(const std::string& jsonPath, Provenance* provenance) {
    return sweepFromJson(readText(jsonPath), jsonPath, provenance);
}

SweepResult sweepFromJson(const std::string& text, const std::string& name,
                          Provenance* provenance) {
    const QJsonObject root = flickerDocument(text, name, "flicker-sweep", "sweep");
    SweepResult sweep;
    for (const QJsonValue v : root["points"].toArray()) {
        const QJsonObject o = v.toObject();
        SweepPoint pt;
        pt.hidden = o["hidden"].toInt();
        bool seedOk = false;
        pt.seed = o["seed"].toString().toULongLong(&seedOk);
        if (pt.hidden <= 0 || !seedOk)
            throw Error(ErrorCode::ParseError,
                        name + ": a point without a valid \"hidden\" size or \"seed\"", name);
        pt.noise = numOf(o["noise"]);
        pt.inputNoise = o["input_noise"].toDouble(0);
        pt.hiddenNoise = o["hidden_noise"].toDouble(0);
        pt.testAccuracy = numOf(o["test_accuracy"]);
        pt.study.utilisation = numOf(o["utilisation"]);
        pt.study.participationRatio = numOf(o["participation_ratio"]);
        pt.study.prStepMean = numOf(o["pr_step_mean"]);
        pt.folder = o["folder"].toString().toStdString();
        pt.resumed = true; // read from disk, not computed in this run
        pt.study.summary = summaryFromJson(o["summary"].toObject());
        sweep.points.push_back(std::move(pt));
    }
    if (provenance) *provenance = provenanceFromJson(root["provenance"].toObject());
    return sweep;
}

void writeSweep(const std::string& dir, const SweepResult& sweep, const Provenance& p) {
    if (!QDir().mkpath(qs(dir)))
        throw Error(ErrorCode::Io, dir + ": the folder cannot be created", dir);
    QByteArray csv = "hidden,seed,input_noise,hidden_noise,test_accuracy,utilisation,"
                     "participation_ratio,pr_step_mean,row,reviews,beta_mean,beta_sd,ci_low,"
                     "ci_high,beta_psd_mean,unit_beta_sd\n";
    for (const SweepPoint& pt : sweep.points)
        csv +=
            summaryCsvRows(QStringList{QString::number(pt.hidden), QString::number(pt.seed),
                                       csvNumber(pt.inputNoise), csvNumber(pt.hiddenNoise),
                                       csvNumber(pt.testAccuracy), csvNumber(pt.study.utilisation),
                                       csvNumber(pt.study.participationRatio),
                                       csvNumber(pt.study.prStepMean), QString()}
                               .join(','),
                           pt.study.summary);
    saveFilesTogether(dir,
                      {{"sweep.csv", csv.toStdString()}, {"sweep.json", sweepToJson(sweep, p)}});
}

std::string trajectoryToJson(const std::vector<TrajectoryPoint>& points, const Provenance& p) {
    QJsonArray list;
    for (const TrajectoryPoint& t : points)
        list.append(QJsonObject{{"epoch", t.epoch},
                                {"batch", qint64(t.batch)},
                                {"epoch_end", t.atEpochEnd},
                                {"train_loss", num(t.trainLoss)},
                                {"test_accuracy", num(t.testAccuracy)},
                                {"probe_reviews", qint64(t.probeReviews)},
                                {"summary", summaryJson(t.summary)}});
    return QJsonDocument(QJsonObject{{"format", "flicker-trajectory"},
                                     {"version", 1},
                                     {"provenance", provenanceJson(p)},
                                     {"points", list}})
        .toJson(QJsonDocument::Indented)
        .toStdString();
}

namespace {
std::string jsonText(const QJsonValue& v) {
    if (v.isArray() || v.isObject())
        return QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
            .toJson(QJsonDocument::Compact)
            .toStdString();
    return v.toVariant().toString().toStdString();
}
} // namespace

std::vector<std::string> studySettingsDifferences(const StudySettings& a, const StudySettings& b) {
    const QJsonObject there = settingsJson(a), here = settingsJson(b);
    std::vector<std::string> differences;
    for (auto it = there.begin(); it != there.end(); ++it)
        if (it.value() != here.value(it.key()))
            differences.push_back(it.key().toStdString() + ": " + jsonText(it.value()) +
                                  " there, " + jsonText(here.value(it.key())) + " here");
    return differences;
}

std::vector<std::pair<std::string, std::string>> studySettingsList(const StudySettings& s) {
    const QJsonObject o = settingsJson(s);
    std::vector<std::pair<std::string, std::string>> list;
    for (auto it = o.begin(); it != o.end(); ++it)
        list.emplace_back(it.key().toStdString(), jsonText(it.value()));
    return list;
}

std::vector<TrajectoryPoint> readTrajectory(const std::string& jsonPath, Provenance* provenance) {
    return trajectoryFromJson(readText(jsonPath), jsonPath, provenance);
}

std::vector<TrajectoryPoint> trajectoryFromJson(const std::string& text, const std::string& name,
                                                Provenance* provenance) {
    const QJsonObject root = flickerDocument(text, name, "flicker-trajectory", "trajectory");
    std::vector<TrajectoryPoint> points;
    for (const QJsonValue v : root["points"].toArray()) {
        const QJsonObject o = v.toObject();
        TrajectoryPoint t;
        t.epoch = o["epoch"].toInt();
        t.batch = std::size_t(o["batch"].toInteger());
        t.atEpochEnd = o["epoch_end"].toBool(true);
        t.trainLoss = numOf(o["train_loss"]);
        t.testAccuracy = numOf(o["test_accuracy"]);
        t.probeReviews = std::size_t(o["probe_reviews"].toInteger());
        t.summary = summaryFromJson(o["summary"].toObject());
        points.push_back(std::move(t));
    }
    if (provenance) *provenance = provenanceFromJson(root["provenance"].toObject());
    return points;
}

void writeTrajectory(const std::string& dir, const std::vector<TrajectoryPoint>& points,
                     const Provenance& p) {
    if (!QDir().mkpath(qs(dir)))
        throw Error(ErrorCode::Io, dir + ": the folder cannot be created", dir);
    QByteArray csv = "epoch,batch,epoch_end,train_loss,test_accuracy,row,reviews,beta_mean,beta_sd,"
                     "ci_low,ci_high,beta_psd_mean,unit_beta_sd\n";
    for (const TrajectoryPoint& t : points)
        csv += summaryCsvRows(QStringList{QString::number(t.epoch), QString::number(t.batch),
                                          t.atEpochEnd ? "1" : "0", csvNumber(t.trainLoss),
                                          csvNumber(t.testAccuracy), QString()}
                                  .join(','),
                              t.summary);
    saveFilesTogether(dir, {{"trajectory.csv", csv.toStdString()},
                            {"trajectory.json", trajectoryToJson(points, p)}});
}

} // namespace flicker
