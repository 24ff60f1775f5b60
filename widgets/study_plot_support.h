// Shared by the across-review figures (histogram, scatter, box plot): linear axis ticks whose
// labels write negative numbers with a typographic minus, as style::formatNumber does.
#pragma once

#include <QSharedPointer>

class QCPAxisTicker;

namespace flicker {

/// QCustomPlot's default linear ticker, with "−0.25" (U+2212) instead of "-0.25" in its labels.
QSharedPointer<QCPAxisTicker> makeSignedTicker();

} // namespace flicker
