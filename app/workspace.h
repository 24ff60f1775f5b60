// What the user works on: a data set (corpus), a model, and what the model says about every
// review (its ids and prediction). Shared read-only with jobs through shared_ptr<const …>; the
// GUI thread replaces them whole and tells the views through signals.
#pragma once

#include "io/study_io.h"
#include "model/classify.h"
#include "model/model.h"
#include "text/review.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <stop_token>
#include <vector>

namespace flicker {

class Workspace : public QObject {
    Q_OBJECT

public:
    explicit Workspace(QObject* parent = nullptr);

    std::shared_ptr<const Corpus> corpus() const { return m_corpus; }
    std::shared_ptr<const Model> model() const { return m_model; }
    std::shared_ptr<const CorpusPredictions> predictions() const { return m_predictions; }
    bool ready() const { return m_corpus && m_model; }

    /// A short name of the data set ("demo corpus (seed 1)", "aclImdb_v1.tar.gz").
    QString corpusLabel() const;
    /// Where the model came from: its file name, size and test accuracy.
    QString modelLabel() const;
    QString modelPath() const { return m_modelPath; }

    /// One line for exported figures: program version, model (file, E, H, accuracy, sha-free),
    /// data set, date.
    QString provenance() const;

    void setCorpus(std::shared_ptr<const Corpus> corpus);
    void setModel(std::shared_ptr<const Model> model, const QString& path);
    void setPredictions(std::shared_ptr<const CorpusPredictions> predictions);
    /// Probabilities of reviews first … first + n − 1 as they are classified (the others stay
    /// unknown, NaN); emits predictionsUpdated.
    void addPredictions(std::size_t first, const std::vector<float>& probability);

    /// The review's words as the model reads them (its tokenizer), first `maxLength` (0 = all).
    std::vector<std::string> wordsOf(std::size_t reviewIndex, std::size_t maxLength = 0) const;

signals:
    void corpusChanged();
    void modelChanged();
    void predictionsChanged();
    /// More reviews have a prediction; the data set and model are the same.
    void predictionsUpdated();

private:
    std::shared_ptr<const Corpus> m_corpus;
    std::shared_ptr<const Model> m_model;
    std::shared_ptr<const CorpusPredictions> m_predictions;
    QString m_modelPath;
};

/// How study results read from a file fit the open data set and model.
enum class StudyFit {
    OtherDataSet, ///< made on another data set: its reviews cannot be opened here
    OtherModel,   ///< this data set, another model (or the open one has no file)
    SameModel,    ///< this data set and the open model's file
};

/// Decides what of study results read from a file (`made`: their provenance) may be shown:
/// nothing when they were made on another data set (OtherDataSet: refused); without the
/// per-unit means, which describe the units of the model they were made with, when made with
/// another model (cleared from `result`); everything with the open model. `corpusSha` is the
/// open data set's (makeProvenance(corpus).datasetSha256), `modelSha` the SHA-256 of the open
/// model's file ("" when it has none).
StudyFit fitStudyToWorkspace(StudyResult& result, const Provenance& made,
                             const std::string& corpusSha, const std::string& modelSha);

/// The folder of the data Flicker ships (the demo model): <directory of the running program>/
/// ../share/flicker, i.e. /usr/share/flicker when installed and <build>/share/flicker in a build
/// tree (programs in <build>/app, tests in <build>/tests); empty when there is no such folder.
QString resourceDir();

/// The model shipped with Flicker for the demo corpus (resources/models/demo.flicker, as copied
/// to resourceDir()/models/demo.flicker); empty when not found.
QString shippedDemoModelPath();

/// The precomputed capacity sweep shipped with Flicker (resources/sweeps/demo-capacity: its
/// sweep.json, sweep.csv and example.json, as copied to resourceDir()/sweeps/demo-capacity);
/// empty when not found.
QString shippedExampleSweepDir();

} // namespace flicker
