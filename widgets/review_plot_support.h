// Shared by the explorer's figures (heatmap, traces): a step axis kept inside the review and told
// apart from programmatic changes, integer tick steps, and CSV number/field formatting.
#pragma once

#include <QObject>
#include <QSharedPointer>
#include <QString>

#include <cstddef>

class QCPAxis;
class QCPAxisTicker;

namespace flicker {

/// Keeps the x axis of a figure over steps (word index) inside [−0.5, T − 0.5], at least a few
/// steps wide, and reports changes the user made with the mouse apart from programmatic ones.
class StepAxis : public QObject {
    Q_OBJECT

public:
    /// The narrowest visible range, in steps (zooming further shows nothing new).
    static constexpr double kMinWidth = 3.0;

    StepAxis(QCPAxis* axis, QObject* parent);

    /// Number of steps T of the data; when it changes the axis shows all steps again.
    void setStepCount(std::size_t steps);
    std::size_t stepCount() const { return m_steps; }

    /// Sets the visible range (clamped) without emitting userRangeChanged.
    void setRange(double lower, double upper);
    /// Shows all steps [−0.5, T − 0.5] without emitting userRangeChanged.
    void showAll();
    double lower() const;
    double upper() const;

signals:
    /// The user zoomed or panned (mouse); the range is already clamped.
    void userRangeChanged(double lower, double upper);
    /// Any change of the visible range (user or program), after clamping.
    void rangeChanged(double lower, double upper);

private:
    void onAxisRangeChanged();

    QCPAxis* m_axis = nullptr;
    std::size_t m_steps = 0;
    bool m_programmatic = false; ///< inside setRange/showAll: do not report to the user side
    bool m_clamping = false;     ///< inside our own correction of the axis range
    double m_lastLower = 0, m_lastUpper = 0;
};

/// A ticker whose tick step is never below 1 (steps and unit indices are integers).
QSharedPointer<QCPAxisTicker> makeIntegerTicker();
/// The integer tick step makeIntegerTicker uses for QCustomPlot's "nice" `step`: 1 below 1,
/// else 1, 2 or 5 × a power of ten at or above it (so 2.5 → 5, 0.5 → 1, 20 → 20).
double integerTickStep(double step);
/// The explorer's word axis: the data's x is the step index t (0 = the first word), its ticks
/// read t + 1 (the first word is word 1, as in the review text's tooltips) and sit where
/// t + 1 is a round number (1, 10, 20 …), with makeIntegerTicker's tick steps.
QSharedPointer<QCPAxisTicker> makeWordTicker();
/// The x axis label of figures on that axis.
QString wordAxisLabel();

namespace csv {
/// Shortest text that reads back to the same value, '.' decimals ("nan", "inf" for those).
QString number(double value);
QString number(float value);
/// A CSV field: quoted (with doubled quotes) when it contains a comma, quote or line break.
QString field(const QString& text);
/// Always quoted (for free text such as words).
QString quoted(const QString& text);
} // namespace csv

} // namespace flicker
