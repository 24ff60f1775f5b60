// Linear ticks with a typographic minus (see study_plot_support.h).
#include "study_plot_support.h"

#include <qcustomplot.h>

namespace flicker {
namespace {

class SignedTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                         int precision) override {
        QString label = QCPAxisTicker::getTickLabel(tick, locale, formatChar, precision);
        if (label.startsWith(QLatin1Char('-'))) label[0] = QChar(0x2212);
        return label;
    }
};

} // namespace

QSharedPointer<QCPAxisTicker> makeSignedTicker() {
    return QSharedPointer<SignedTicker>::create();
}

} // namespace flicker
