// Keys and constants shared by the main window's files (private to app/).
#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>

namespace flicker::window {

inline const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
inline const QString kStateKey = QStringLiteral("mainWindow/state");
inline const QString kPresentationKey = QStringLiteral("view/presentationMode");
inline const QString kDarkKey = QStringLiteral("view/darkTheme");
inline const QString kLastDataKey = QStringLiteral("data/lastPath");
inline const QString kLastModelKey = QStringLiteral("model/lastPath");
inline const QString kWelcomedKey = QStringLiteral("welcome/shown");
inline const QString kLastSessionKey = QStringLiteral("session/lastPath");
inline const QString kLastStudyKey = QStringLiteral("study/lastPath");

// The demo corpus the shipped model was trained on (resources/models/README.md).
inline constexpr std::uint64_t kDemoSeed = 1;
inline constexpr std::size_t kDemoReviewsPerSplit = 10000;
// Reviews are classified on their first 500 words, as the models are trained.
inline constexpr std::size_t kClassifyWords = 500;

} // namespace flicker::window
