// A page of the main window that shows figures: it lists them for "Export figure…", writes them
// all for "Export all figures to folder…" and switches them to presentation mode.
#pragma once

#include <QList>
#include <QStringList>
#include <QWidget>

namespace flicker {

class PlotView;

class FigurePage : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;

    /// The tab's label.
    virtual QString pageTitle() const = 0;
    /// The page's figures in reading order; each has a title and a figureName() (file stem).
    virtual QList<PlotView*> figures() const = 0;
    /// Large fonts for a projector; the base switches every figure.
    virtual void setPresentationMode(bool on);

    /// Writes every figure as <figureName>.png, .svg and .pdf into `folder` (which must exist),
    /// plus <figureName>.csv with the numbers behind it when it shows data.
    /// Stops at the first failure and returns false with a message for a person in `error`;
    /// `written` receives the paths of the files written.
    bool exportAll(const QString& folder, QString* error = nullptr,
                   QStringList* written = nullptr) const;

protected:
    /// A column without margins of its own: `top` above `rest`, which takes the height left;
    /// at least `minimumWidth` pixels wide.
    static QWidget* column(QWidget* top, QWidget* rest, int minimumWidth = 0);
    /// `panel` in a vertical scroll area: when the window is lower than the panel (presentation
    /// fonts on a 1366 × 768 laptop) it scrolls instead of making the page taller than the
    /// screen. `minimumWidth`: the panel's narrowest (the scroll bar's width is added).
    static QWidget* scrollable(QWidget* panel, int minimumWidth);
};

} // namespace flicker
