// A saved session: one JSON file with references to the data set and the model (never copies
// of them), every setting of the pages, and the study results, so that opening it brings back
// the same views. Written whole or not at all.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <string>

namespace flicker {

inline constexpr int kSessionVersion = 1;

struct SessionState {
    // The data set: the built-in demo corpus (seed, reviews per split) or a path.
    bool demo = true;
    std::uint64_t demoSeed = 1;
    std::uint64_t demoReviewsPerSplit = 10000;
    QString dataPath;
    QString modelPath;      ///< a checkpoint or TorchScript file
    QString vocabularyPath; ///< for a TorchScript model

    int page = 0;     ///< the tab shown
    QString reviewId; ///< the review open in the explorer ("" = none)
    QString kind = QStringLiteral("h");
    QList<int> units;
    int dfaMethod = 0; ///< 0 UDFA, 1 DFA
    int dfaOrder = 1;
    int steps = 500;
    int minScale = 4, maxScale = 0, scaleCount = 16;
    double fitMin = 0, fitMax = 0;
    bool presentation = false, dark = false;

    int studyReviews = 300;
    bool studyControls = true;
    std::string studyJson; ///< the study shown (flicker-study JSON), empty when none

    QString sweepSizes, sweepSeeds, sweepFolder;
    int sweepEpochs = 10;
};

QByteArray sessionToJson(const SessionState& state);
/// Throws flicker::Error(ParseError) naming `fileName` and what is wrong.
SessionState sessionFromJson(const QByteArray& text, const QString& fileName);

} // namespace flicker
