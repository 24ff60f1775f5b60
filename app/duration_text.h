// A duration for people: "42 s", "3 min 5 s", "1 h 12 min"; "—" when unknown (NaN or negative).
#pragma once

#include <QObject>
#include <QString>

#include <cmath>

namespace flicker {

inline QString durationText(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("—");
    const int s = int(std::lround(seconds));
    return s >= 3600 ? QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60)
           : s >= 60 ? QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60)
                     : QObject::tr("%1 s").arg(s);
}

} // namespace flicker
