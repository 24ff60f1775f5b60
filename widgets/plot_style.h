// The shared look of Flicker's figures: light-theme colours, font sizes for normal and
// presentation mode, log-log axis setup and number formatting for on-plot annotations.
#pragma once

#include <QColor>
#include <QFont>
#include <QString>

class QCPAxis;
class QFontMetrics;
class QCustomPlot;

namespace flicker::style {

inline const QColor kInk{0x26, 0x2b, 0x33};        ///< axes, tick labels, text
inline const QColor kGrid{0xdd, 0xe1, 0xe6};       ///< major grid lines
inline const QColor kSubGrid{0xf0, 0xf2, 0xf4};    ///< minor grid lines (log axes)
inline const QColor kData{0x1f, 0x77, 0xb4};       ///< measured points / the series itself
inline const QColor kFit{0xe6, 0x55, 0x0d};        ///< fitted lines
inline const QColor kWhiteNoise{0x8a, 0x8f, 0x98}; ///< reference: white noise
inline const QColor kPinkNoise{0xd6, 0x33, 0x84};  ///< reference: pink (1/f) noise
inline const QColor kBrownNoise{0x8c, 0x56, 0x2b}; ///< reference: brown noise (random walk)
inline const QColor kInternal{0x4c, 0x72, 0xb0};   ///< the internal gates i, f, g, o as a group
inline const QColor kExternal{0xdd, 0x84, 0x52};   ///< c and h (they leave the cell) as a group
inline const QColor kControl{0x99, 0x99, 0x99};   ///< control conditions (shuffled, untrained, …)
inline const QColor kSecondary{0x2c, 0xa0, 0x2c}; ///< a second measure on a right axis
inline const QColor kError{0xc0, 0x39, 0x2b};     ///< error text, a wrong prediction

/// WCAG 2 relative luminance of `colour` (0 = black … 1 = white); a translucent colour counts
/// as drawn over white.
double relativeLuminance(const QColor& colour);
/// WCAG 2 contrast ratio of two colours (1 … 21); `foreground` is composited over `background`
/// when translucent. AA asks ≥ 4.5 for text, ≥ 3 for large text (≥ 18 pt, or 14 pt bold) and
/// for graphics (lines, bars, markers).
double contrastRatio(const QColor& foreground, const QColor& background);
/// AA thresholds.
inline constexpr double kTextContrast = 4.5;
inline constexpr double kGraphicsContrast = 3.0;
/// `colour` itself when it reaches `ratio` against `background`, otherwise the nearest colour of
/// the same hue, lighter on a dark background and darker on a light one, that does: data
/// colours keep their identity but stay legible in both themes.
QColor legible(const QColor& colour, const QColor& background, double ratio = kTextContrast);

/// The error colour legible on `background` (kError on light backgrounds, a light red on dark).
QColor errorColor(const QColor& background);
/// `html` (escaped by the caller where it holds user text) in the error colour for the
/// application's current window colour, for rich-text labels: "<span style='color:…'>…</span>".
QString errorHtml(const QString& html);

/// The colours that change with the theme (data colours stay the same in both).
struct Palette {
    QColor background; ///< figure and axis-rect background
    QColor ink;        ///< axes, tick labels, titles, annotations
    QColor grid;       ///< major grid lines, legend border
    QColor subGrid;    ///< minor grid lines
    QColor legendFill; ///< legend background (slightly transparent)
    /// Reference slopes and their labels: white, pink and brown noise, legible (AA text) on
    /// `background`.
    QColor whiteNoise, pinkNoise, brownNoise;
};
/// The light palette (kInk, kGrid, kSubGrid on white) or the dark one.
const Palette& palette(bool dark);

/// Point size of ordinary figure text (tick labels, legend) in normal or presentation mode.
double basePointSize(bool presentation);

/// The figure font at `scale` times the base size (axis labels 1.1, titles 1.25, …).
QFont figureFont(bool presentation, double scale = 1.0, bool bold = false);

/// Applies the theme (light or dark) and the fonts of the mode to the axes, grid and legend.
void applyTheme(QCustomPlot* plot, bool presentation, bool dark = false);

/// Makes `axis` logarithmic (base 10) with 1-2-5 style minor ticks and grid.
void makeLogAxis(QCPAxis* axis);

/// A graph carrying this property (true) is a guide (a reference line), not data: a legend may
/// cover it.
inline constexpr const char* kGuideProperty = "flickerGuide";

/// Plotted points and line segments of `plot`'s visible graphs (guides left out) that lie under
/// `area` (pixels, as laid out last).
int dataUnder(const QCustomPlot* plot, const QRectF& area);

/// Keeps a legend that sits inside the axes off the data: after a layout step, tries its
/// corner, then the other corners and edges, and moves it to the first that covers no plotted
/// point or line; when every place inside covers data, moves it to a row under the axes (for
/// good: the figure's data fill the axes). Returns the points still covered (0 = none).
/// PlotView calls it after every layout, on screen and in exports.
int placeLegendOffData(QCustomPlot* plot);

/// Spaces the ticks of `plot`'s axes for their length in pixels: where the tick labels of the
/// last layout would crowd (closer than one label and a gap; "0.010.02" on a narrow axis with
/// presentation fonts), asks the axis' ticker for fewer ticks, and for its original count again
/// when there is room. Axes with fixed text labels are left alone. When a count changed, lays
/// the plot out again (call it between a layout and the drawing). Returns whether one changed.
bool fitTickCounts(QCustomPlot* plot);

/// `text` in at most two lines no wider than `width` pixels in `metrics`: as it is when it
/// fits, else broken at the space nearest its middle, each line elided ("…") if still too wide.
QString fitInTwoLines(const QString& text, const QFontMetrics& metrics, int width);

/// Wraps an axis label longer than its axis (a long y label in presentation fonts) at spaces
/// into as many lines as it needs (words are never cut), and puts the one-line label back when
/// there is room again. Does nothing for a hidden figure that is not being exported. When a
/// label changed, lays the plot out again (call it between a layout and the drawing). Returns
/// whether one changed.
bool fitAxisLabels(QCustomPlot* plot);

/// `value` with `decimals` decimals and a typographic minus sign (U+2212).
QString formatNumber(double value, int decimals);

} // namespace flicker::style
