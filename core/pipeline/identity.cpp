// Reuse only what this run would make (see identity.h).
#include "pipeline/identity.h"

#include "error.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace flicker {
namespace {

[[noreturn]] void differs(const std::string& file, const std::vector<std::string>& what) {
    std::string list;
    for (const std::string& w : what)
        list += (list.empty() ? "" : "; ") + w;
    throw Error(ErrorCode::InvalidArgument,
                file + " was made with other settings or data than this run (" + list +
                    "), so it is not reused: choose another --out, or remove its folder to "
                    "compute it again",
                file);
}

template <class T> std::string text(const T& value) {
    std::ostringstream s;
    s << value;
    return s.str();
}

template <class T>
void compare(std::vector<std::string>& out, const char* name, const T& there, const T& here) {
    if (there != here)
        out.push_back(std::string(name) + ": " + text(there) + " there, " + text(here) + " here");
}

} // namespace

std::size_t epochsTrained(const TrainingHistory& history) {
    return std::size_t(std::count_if(history.epochs.begin(), history.epochs.end(),
                                     [](const EpochRecord& e) { return e.epoch > 0; }));
}

void checkSameData(const Provenance& stored, const Corpus& corpus, const std::string& file) {
    checkSameData(stored, makeProvenance(corpus), file);
}

void checkSameData(const Provenance& stored, const Provenance& now, const std::string& file) {
    // Files without a data set identity (none are written so) cannot be checked.
    if (stored.datasetSha256.empty() || stored.datasetSha256 == now.datasetSha256) return;
    differs(file, {"data set: " + stored.datasetName + " (" +
                   std::to_string(stored.datasetReviews) + " reviews) there, " + now.datasetName +
                   " (" + std::to_string(now.datasetReviews) + " reviews) here"});
}

void checkSameStudy(const StudySettings& stored, const StudySettings& wanted,
                    const std::string& file) {
    const std::vector<std::string> what = studySettingsDifferences(stored, wanted);
    if (!what.empty()) differs(file, what);
}

void checkSameTraining(const Model& stored, const ModelSettings& model,
                       const TrainingSettings& training, const std::string& file) {
    const ModelSettings& m = stored.network.settings();
    const TrainingSettings& t = stored.history.settings;
    std::vector<std::string> what;
    compare(what, "embedding", m.embedding, model.embedding);
    compare(what, "hidden", m.hidden, model.hidden);
    compare(what, "initialisation seed", m.seed, model.seed);
    compare(what, "epochs", epochsTrained(stored.history), std::size_t(training.epochs));
    compare(what, "batch", t.batchSize, training.batchSize);
    compare(what, "learning rate", t.learningRate, training.learningRate);
    compare(what, "gradient clip", t.gradientClip, training.gradientClip);
    compare(what, "training length", t.maxLength, training.maxLength);
    compare(what, "training seed", t.seed, training.seed);
    compare(what, "input noise", t.inputNoise, training.inputNoise);
    compare(what, "hidden noise", t.hiddenNoise, training.hiddenNoise);
    if (!what.empty()) differs(file, what);
}

} // namespace flicker
