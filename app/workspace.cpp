// The data set and model the user works on (see workspace.h).
#include "workspace.h"

#include "error.h"
#include "flicker/version.h"
#include "text/tokenizer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <cmath>
#include <limits>

namespace flicker {

Workspace::Workspace(QObject* parent) : QObject(parent) {}

QString Workspace::corpusLabel() const {
    return m_corpus ? QString::fromStdString(m_corpus->name) : tr("no data set");
}

QString Workspace::modelLabel() const {
    if (!m_model) return tr("no model");
    const ModelSettings& s = m_model->network.settings();
    QString text = tr("%1 (E = %2, H = %3")
                       .arg(m_modelPath.isEmpty() ? QString::fromStdString(m_model->origin)
                                                  : QFileInfo(m_modelPath).fileName())
                       .arg(s.embedding)
                       .arg(s.hidden);
    const auto& epochs = m_model->history.epochs;
    if (!epochs.empty() && epochs.back().testAccuracy >= 0)
        text += tr(", %1 % test accuracy").arg(100.0 * epochs.back().testAccuracy, 0, 'f', 1);
    return text + QLatin1Char(')');
}

QString Workspace::provenance() const {
    return tr("%1 %2 · model: %3 · data: %4 · %5")
        .arg(QString::fromLatin1(kProgramName), QString::fromLatin1(kVersion), modelLabel(),
             corpusLabel(), QDateTime::currentDateTime().toString(Qt::ISODate));
}

void Workspace::setCorpus(std::shared_ptr<const Corpus> corpus) {
    m_corpus = std::move(corpus);
    m_predictions.reset();
    emit corpusChanged();
}

void Workspace::setModel(std::shared_ptr<const Model> model, const QString& path) {
    m_model = std::move(model);
    m_modelPath = path;
    m_predictions.reset();
    emit modelChanged();
}

void Workspace::setPredictions(std::shared_ptr<const CorpusPredictions> predictions) {
    m_predictions = std::move(predictions);
    emit predictionsChanged();
}

void Workspace::addPredictions(std::size_t first, const std::vector<float>& probability) {
    if (!m_corpus) return;
    auto next = std::make_shared<CorpusPredictions>();
    const std::size_t n = m_corpus->reviews.size();
    if (m_predictions) next->probability = m_predictions->probability;
    next->probability.resize(n, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t k = 0; k < probability.size() && first + k < n; ++k)
        next->probability[first + k] = probability[k];
    m_predictions = std::move(next);
    emit predictionsUpdated();
}

std::vector<std::string> Workspace::wordsOf(std::size_t reviewIndex, std::size_t maxLength) const {
    if (!m_corpus || reviewIndex >= m_corpus->reviews.size()) return {};
    const TokenizerSettings settings = m_model ? m_model->tokenizer : TokenizerSettings{};
    TokenList tokens = Tokenizer(settings).tokenize(m_corpus->reviews[reviewIndex].text);
    std::vector<std::string> words;
    const std::size_t n = maxLength ? std::min(maxLength, tokens.size()) : tokens.size();
    words.reserve(n);
    for (std::size_t k = 0; k < n; ++k)
        words.emplace_back(tokens[k]);
    return words;
}

StudyFit fitStudyToWorkspace(StudyResult& result, const Provenance& made,
                             const std::string& corpusSha, const std::string& modelSha) {
    if (made.datasetSha256 != corpusSha) return StudyFit::OtherDataSet;
    if (!modelSha.empty() && made.modelSha256 == modelSha) return StudyFit::SameModel;
    result.unitBetaMeans.clear();
    return StudyFit::OtherModel;
}

QString resourceDir() {
    // One place, relative to the running program: <bin>/../share/flicker. That is
    // /usr/share/flicker for /usr/bin/flicker (the Debian package), and <build>/share/flicker
    // for <build>/app/flicker and the tests in <build>/tests (resources/resources.cmake copies
    // the shipped data there). No source-tree path is compiled in.
    const QString dir = QDir::cleanPath(QCoreApplication::applicationDirPath() +
                                        QStringLiteral("/../share/flicker"));
    return QFileInfo(dir).isDir() ? dir : QString();
}

QString shippedDemoModelPath() {
    const QString dir = resourceDir();
    if (dir.isEmpty()) return {};
    const QString path = QDir(dir).filePath(QStringLiteral("models/demo.flicker"));
    return QFileInfo::exists(path) ? path : QString();
}

QString shippedExampleSweepDir() {
    const QString dir = resourceDir();
    if (dir.isEmpty()) return {};
    const QString path = QDir(dir).filePath(QStringLiteral("sweeps/demo-capacity"));
    return QFileInfo::exists(QDir(path).filePath(QStringLiteral("sweep.json"))) ? path : QString();
}

} // namespace flicker
