// Step axis control, integer ticks and CSV formatting for the explorer's figures (see
// review_plot_support.h).
#include "review_plot_support.h"

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace flicker {
namespace {

/// QCustomPlot's "nice" ticks, but only on integers (steps 1, 2, 5, 10, 20, 50 … — never the
/// 2.5 QCustomPlot also likes, which would put ticks at 2.5, 7.5) and without sub-ticks between
/// integers.
class IntegerTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange& range) override {
        return integerTickStep(QCPAxisTicker::getTickStep(range));
    }
    int getSubTickCount(double tickStep) override {
        return tickStep <= 1.0 ? 0 : QCPAxisTicker::getSubTickCount(tickStep);
    }
};

/// IntegerTicker on the word number t + 1 of step t: the ticks of the shifted range, shifted
/// back, each labelled with its word number.
class WordTicker : public IntegerTicker {
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
        QVector<double> ticks =
            IntegerTicker::createTickVector(tickStep, QCPRange(range.lower + 1, range.upper + 1));
        for (double& tick : ticks)
            tick -= 1;
        return ticks;
    }
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                         int precision) override {
        return IntegerTicker::getTickLabel(tick + 1, locale, formatChar, precision);
    }
};

QCPRange fullRange(std::size_t steps) {
    return QCPRange(-0.5, double(std::max<std::size_t>(steps, 1)) - 0.5);
}

/// `range` moved and resized as little as possible to lie inside the steps.
QCPRange clampRange(QCPRange range, std::size_t steps) {
    const QCPRange full = fullRange(steps);
    const double fullWidth = full.size();
    range.normalize();
    double width = range.size();
    if (!std::isfinite(width) || width >= fullWidth) return full;
    const double minWidth = std::min(StepAxis::kMinWidth, fullWidth);
    double lower = range.lower;
    if (width < minWidth) {
        lower = range.center() - minWidth / 2;
        width = minWidth;
    }
    lower = std::clamp(lower, full.lower, full.upper - width);
    return QCPRange(lower, lower + width);
}

template <class T> QString shortest(T value) {
    if (std::isnan(value)) return QStringLiteral("nan");
    if (std::isinf(value)) return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    std::array<char, 64> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    if (error != std::errc{}) return QString::number(double(value), 'g', 17);
    return QString::fromLatin1(buffer.data(), int(end - buffer.data()));
}

} // namespace

StepAxis::StepAxis(QCPAxis* axis, QObject* parent) : QObject(parent), m_axis(axis) {
    connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
            [this] { onAxisRangeChanged(); });
    showAll();
}

void StepAxis::setStepCount(std::size_t steps) {
    if (steps == m_steps) return;
    m_steps = steps;
    showAll();
}

void StepAxis::setRange(double lower, double upper) {
    m_programmatic = true;
    m_axis->setRange(clampRange(QCPRange(lower, upper), m_steps));
    m_programmatic = false;
}

void StepAxis::showAll() {
    setRange(fullRange(m_steps).lower, fullRange(m_steps).upper);
}

double StepAxis::lower() const {
    return m_axis->range().lower;
}

double StepAxis::upper() const {
    return m_axis->range().upper;
}

void StepAxis::onAxisRangeChanged() {
    if (m_clamping) return;
    const QCPRange wanted = m_axis->range();
    const QCPRange allowed = clampRange(wanted, m_steps);
    if (allowed != wanted) {
        m_clamping = true;
        m_axis->setRange(allowed);
        m_clamping = false;
    }
    if (allowed.lower == m_lastLower && allowed.upper == m_lastUpper) return;
    m_lastLower = allowed.lower;
    m_lastUpper = allowed.upper;
    emit rangeChanged(allowed.lower, allowed.upper);
    if (!m_programmatic) emit userRangeChanged(allowed.lower, allowed.upper);
}

double integerTickStep(double step) {
    if (!(step > 1.0)) return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(step)));
    const double mantissa = step / magnitude;
    return magnitude * (mantissa <= 1.0   ? 1.0
                        : mantissa <= 2.0 ? 2.0
                        : mantissa <= 5.0 ? 5.0
                                          : 10.0);
}

QSharedPointer<QCPAxisTicker> makeIntegerTicker() {
    return QSharedPointer<IntegerTicker>::create();
}

QSharedPointer<QCPAxisTicker> makeWordTicker() {
    return QSharedPointer<WordTicker>::create();
}

QString wordAxisLabel() {
    return QObject::tr("word of the review (the first is word 1)");
}

namespace csv {

QString number(double value) {
    return shortest(value);
}

QString number(float value) {
    return shortest(value);
}

QString field(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    return quoted(text);
}

QString quoted(const QString& text) {
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

} // namespace csv
} // namespace flicker
