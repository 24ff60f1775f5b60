// The look of the whole application: presentation mode scales the application font (tables,
// side panels, buttons, the status bar, not only the figures), the dark theme puts the Fusion
// style with a dark palette on the QApplication. Both are undone exactly: the font, style and
// palette found before the first change come back.
#pragma once

#include <QPalette>

namespace flicker::theme {

/// How much presentation mode enlarges the application font (the figures have their own sizes,
/// style::basePointSize).
inline constexpr double kPresentationFontScale = 1.2;

/// The light palette: the platform's, with the roles that fall short of WCAG AA for text
/// (4.5:1, e.g. Fusion's white on its light blue highlight) darkened until they reach it.
QPalette lightPalette();
/// The dark palette: the plots' dark background and ink (style::palette(true)) for the whole
/// window, every text role at AA contrast on its background.
QPalette darkPalette();

/// Applies presentation mode and the theme to the application (font, style and palette).
/// Idempotent; the first call remembers what the application had, for restoreApplication().
void applyToApplication(bool presentation, bool dark);
/// Puts back the application's font, style and palette as they were before the first
/// applyToApplication() (a closed window leaves no trace).
void restoreApplication();

/// The text roles and their backgrounds checked for contrast: {foreground, background, name}.
struct ColourPair {
    QPalette::ColorRole text;
    QPalette::ColorRole background;
    const char* name;
};
/// WindowText on Window, Text on Base and AlternateBase, ButtonText on Button, HighlightedText
/// on Highlight, ToolTipText on ToolTipBase, Link on Base, PlaceholderText on Base.
const ColourPair* textPairs(int* count);

} // namespace flicker::theme
