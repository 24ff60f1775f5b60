// A saved session: one JSON file with references to the data set and the model (never copies
// of them), every page's state, and the study results, so that opening it brings back the same
// views. Written whole or not at all.
#pragma once

#include "dimensionality/dimensionality_page.h"
#include "explorer/explorer_page.h"
#include "explorer/study_page.h"
#include "main_window_keys.h"
#include "noise_page.h"
#include "sparsity/sparsity_page.h"
#include "sweep/sweep_page.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <string>

namespace flicker {

inline constexpr int kSessionVersion = 1;

struct SessionState {
    // The data set: the built-in demo corpus (seed, reviews per split) or a path.
    bool demo = true;
    std::uint64_t demoSeed = window::kDemoSeed;
    std::uint64_t demoReviewsPerSplit = window::kDemoReviewsPerSplit;
    QString dataPath;
    QString modelPath;      ///< a checkpoint or TorchScript file
    QString vocabularyPath; ///< for a TorchScript model

    // The window's own.
    int page = 0; ///< the tab shown
    bool presentation = false, dark = false;

    // Each page's state.
    ExplorerPage::State explorer;
    StudyPage::State study;
    std::string studyJson; ///< the study shown (flicker-study JSON), empty when none
    SweepPage::State sweep;
    NoisePage::State noise;
    DimensionalityPage::State dimensionality;
    SparsityPage::State sparsity;
};

QByteArray sessionToJson(const SessionState& state);
/// Throws flicker::Error(ParseError) naming `fileName` and what is wrong. Keys missing from the
/// file (e.g. the noise page's, added later) take the page's defaults.
SessionState sessionFromJson(const QByteArray& text, const QString& fileName);

/// Writes the session to `path` whole or not at all (a temporary file renamed at the end): a
/// full disk, a read-only folder or a kill leaves any earlier file of that name as it was.
/// False with a message naming `path` in `error` when it could not be written.
bool writeSessionFile(const QString& path, const SessionState& state, QString* error = nullptr);

} // namespace flicker
