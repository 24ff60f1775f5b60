// One export flow for every figure. A figure's right-click "Export as …" (PlotView asks through
// exportRequested) and File › Export figure… both ask for a file name in the folder used last
// (remembered in the settings), for a PNG its size and resolution, write the file with
// PlotView::exportTo and say what was written or why not; File › Export all figures… asks for a
// folder the same way. Widgets open no dialog themselves.
#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace flicker {

class FigurePage;
class PlotView;

class FigureExporter : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    /// Routes the figure's right-click export here (figures made later, e.g. in a dialog, too).
    void connectFigure(PlotView* figure);
    /// Asks for a file name proposing `format` (png, svg, pdf or csv; any of them may be
    /// chosen), for a PNG then its size and resolution, and writes the figure. False when the
    /// user cancelled or the file could not be written (a message box says why). The dialogs
    /// open over the figure's window.
    bool exportFigure(PlotView* figure, const QString& format = QStringLiteral("png"));
    /// File › Export figure…: one of the page's figures (asked for when there are several).
    bool exportFromPage(const FigurePage& page);
    /// File › Export all figures to folder…: every figure of the page into a folder chosen.
    bool exportAll(const FigurePage& page);

signals:
    /// What was written ("Wrote …"), for the status bar.
    void wrote(const QString& message);
};

} // namespace flicker
