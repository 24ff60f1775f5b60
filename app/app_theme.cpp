// The application-wide look: presentation font scale and dark theme (see app_theme.h).
#include "app_theme.h"

#include "plot_style.h"

#include <QApplication>
#include <QEvent>
#include <QFont>
#include <QHeaderView>
#include <QStyle>
#include <QStyleFactory>
#include <QTableView>
#include <QWidget>

#include <iterator>
#include <optional>

namespace flicker::theme {
namespace {

/// What the application had before the first change.
struct Original {
    QFont font;
    QPalette palette;
    QString styleName;
};
std::optional<Original>& original() {
    static std::optional<Original> saved;
    return saved;
}

constexpr ColourPair kPairs[] = {
    {QPalette::WindowText, QPalette::Window, "window text on window"},
    {QPalette::Text, QPalette::Base, "text on base"},
    {QPalette::Text, QPalette::AlternateBase, "text on alternate base"},
    {QPalette::ButtonText, QPalette::Button, "button text on button"},
    {QPalette::HighlightedText, QPalette::Highlight, "highlighted text on highlight"},
    {QPalette::ToolTipText, QPalette::ToolTipBase, "tooltip text on tooltip"},
    {QPalette::Link, QPalette::Base, "link on base"},
    {QPalette::PlaceholderText, QPalette::Base, "placeholder text on base"},
};

/// Makes every text role of `palette` (active and inactive groups) reach AA on its background;
/// the highlight is darkened (or lightened) rather than its text, which is white or black.
void makeLegible(QPalette& palette) {
    for (auto group : {QPalette::Active, QPalette::Inactive}) {
        const QColor highlighted = palette.color(group, QPalette::HighlightedText);
        palette.setColor(group, QPalette::Highlight,
                         style::legible(palette.color(group, QPalette::Highlight), highlighted,
                                        style::kTextContrast));
        for (const ColourPair& pair : kPairs) {
            if (pair.text == QPalette::HighlightedText) continue;
            palette.setColor(group, pair.text,
                             style::legible(palette.color(group, pair.text),
                                            palette.color(group, pair.background),
                                            style::kTextContrast));
        }
    }
}

/// QApplication tells every widget of a new font or palette only once its event loop has run
/// (not before exec(), nor in tests); then this does it, as Qt would.
void tellWidgets(QEvent::Type type) {
    bool stale = false;
    for (QWidget* window : QApplication::topLevelWidgets()) {
        if (type == QEvent::ApplicationFontChange && !window->testAttribute(Qt::WA_SetFont))
            stale = stale || window->font() != QApplication::font(window);
        if (type == QEvent::ApplicationPaletteChange && !window->testAttribute(Qt::WA_SetPalette))
            stale = stale || window->palette() != QApplication::palette(window);
    }
    if (!stale) return;
    QEvent event(type);
    const QWidgetList widgets = QApplication::allWidgets();
    for (QWidget* widget : widgets)
        QCoreApplication::sendEvent(widget, &event);
}

/// The tables set their rows one line of their font tall (plus 6 pixels) when they are made;
/// after a font change the rows follow it, so that larger text is not cut.
void fitTableRows() {
    const QWidgetList widgets = QApplication::allWidgets();
    for (QWidget* widget : widgets)
        if (auto* table = qobject_cast<QTableView*>(widget))
            table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
}

QString currentStyleName() {
    return QApplication::style() ? QApplication::style()->name() : QString();
}

} // namespace

const ColourPair* textPairs(int* count) {
    *count = int(std::size(kPairs));
    return kPairs;
}

QPalette lightPalette() {
    QPalette palette = original() ? original()->palette : QApplication::palette();
    makeLegible(palette);
    return palette;
}

QPalette darkPalette() {
    const style::Palette& plots = style::palette(true);
    const QColor window(0x2b, 0x2f, 0x36);
    const QColor base = plots.background; // tables and text fields as dark as the plots
    const QColor text = plots.ink;
    const QColor button(0x3a, 0x40, 0x48);
    const QColor disabled(0x8a, 0x90, 0x98);
    QPalette p;
    for (auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        p.setColor(group, QPalette::Window, window);
        p.setColor(group, QPalette::WindowText, text);
        p.setColor(group, QPalette::Base, base);
        p.setColor(group, QPalette::AlternateBase, QColor(0x26, 0x2a, 0x31));
        p.setColor(group, QPalette::Text, text);
        p.setColor(group, QPalette::Button, button);
        p.setColor(group, QPalette::ButtonText, text);
        p.setColor(group, QPalette::BrightText, QColor(0xff, 0x8a, 0x80));
        p.setColor(group, QPalette::Highlight, QColor(0x2f, 0x6d, 0xb5));
        p.setColor(group, QPalette::HighlightedText, Qt::white);
        p.setColor(group, QPalette::ToolTipBase, QColor(0x3a, 0x40, 0x48));
        p.setColor(group, QPalette::ToolTipText, text);
        p.setColor(group, QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
        p.setColor(group, QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
        p.setColor(group, QPalette::PlaceholderText, QColor(0xa0, 0xa6, 0xae));
        // Fusion's bevels and frames.
        p.setColor(group, QPalette::Light, QColor(0x4a, 0x50, 0x59));
        p.setColor(group, QPalette::Midlight, QColor(0x40, 0x46, 0x4f));
        p.setColor(group, QPalette::Mid, QColor(0x30, 0x34, 0x3b));
        p.setColor(group, QPalette::Dark, QColor(0x1a, 0x1d, 0x22));
        p.setColor(group, QPalette::Shadow, QColor(0x0e, 0x10, 0x12));
    }
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3a, 0x40, 0x48));
    makeLegible(p);
    return p;
}

void applyToApplication(bool presentation, bool dark) {
    if (!original())
        original() = Original{QApplication::font(), QApplication::palette(), currentStyleName()};
    const Original& before = *original();

    QFont font = before.font;
    if (presentation) {
        if (font.pointSizeF() > 0)
            font.setPointSizeF(font.pointSizeF() * kPresentationFontScale);
        else
            font.setPixelSize(int(font.pixelSize() * kPresentationFontScale + 0.5));
    }
    if (QApplication::font() != font) QApplication::setFont(font);
    tellWidgets(QEvent::ApplicationFontChange);
    fitTableRows();

    // Fusion draws with the palette's colours everywhere (native styles may not): the dark
    // theme needs it; light goes back to the style the application had.
    const QString wantedStyle = dark ? QStringLiteral("Fusion") : before.styleName;
    if (!wantedStyle.isEmpty() && currentStyleName().compare(wantedStyle, Qt::CaseInsensitive))
        QApplication::setStyle(QStyleFactory::create(wantedStyle));
    const QPalette palette = dark ? darkPalette() : lightPalette();
    QApplication::setPalette(palette);
    tellWidgets(QEvent::ApplicationPaletteChange);
}

void restoreApplication() {
    if (!original()) return;
    const Original before = *original();
    if (!before.styleName.isEmpty() &&
        currentStyleName().compare(before.styleName, Qt::CaseInsensitive))
        QApplication::setStyle(QStyleFactory::create(before.styleName));
    QApplication::setFont(before.font);
    QApplication::setPalette(before.palette);
    tellWidgets(QEvent::ApplicationFontChange);
    tellWidgets(QEvent::ApplicationPaletteChange);
    fitTableRows();
}

} // namespace flicker::theme
